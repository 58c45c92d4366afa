// Package accuracy scores codewatch's detection against logs labelled by
// hand: labels.tsv (file, line, code, matched text: the codes a careful
// human sees) and traps.tsv (look-alikes that are not codes). Occurrences
// are compared as unique (file, line, code) triples, as SPEC §2 counts them.
//
// The every-SDK view (SPEC §6; RunAll, ScoreAll) follows
// shared/tools/score_multi.py, which is its scoring rule, and
// TestScoreMatchesScript holds the two to each other. labels_all.tsv gives
// (file, line, catalog, canonical name); files are compared by base name,
// and each (file, line, name) counts once, labels and predictions alike. A
// prediction of the label's name is a TP; for a label whose cue starts
// "same meaning", so is the same code's name in another SDK's table (the
// script's EQUIVALENT: ERR_INVALID_TOKEN for ERR_NO_AUTHORIZED, …). The
// labels left are FNs; a prediction left is neutral where an ambiguous.tsv
// or neutral.tsv row of its line names it as a candidate, else an FP,
// tagged when its line is a trap's (traps_all.tsv), an RTM 1.x row's, or
// the label's condition under another name. Right SDK: a TP whose one
// predicted catalog is the label's, or, for "same meaning", any catalog
// whose canonical names hold the predicted name, read from the built-in
// catalogs where the script reads the vendor TSVs. Two rules differ from
// the script's, on purpose (DefaultRules; ScriptRules undoes them): rows of
// rtm1x.tsv are labels of agora-rtm-1.x (its name column is the vendor's
// C++ name, the catalog's canonical name; an alias stands for its code, an
// unknown name is found by the row's table and value), and names are
// known by all six built-in catalogs, rtm-1.x included, whose codes leave
// out the states and success values the TSVs also list.
package accuracy

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"sort"
	"strconv"
	"strings"

	"github.com/codewatch/codewatch/internal/catalog"
	"github.com/codewatch/codewatch/internal/scan"
)

// Triple is one occurrence: a code on a line of a file.
type Triple struct {
	File string
	Line int64
	Code string
}

func (t Triple) String() string { return fmt.Sprintf("%s:%d %s", t.File, t.Line, t.Code) }

// Found is a triple the scanner reported, with how.
type Found struct {
	Triple
	By    scan.By
	Match string
	Text  string // the whole line
}

// Score is the outcome of one run.
type Score struct {
	Files     int
	Labelled  int // unique labelled triples
	Found     int // unique triples found (phrase matches excluded, see Phrase)
	TP        int
	FP        []Found  // found, not labelled
	FN        []Triple // labelled, not found
	Phrase    []Found  // found by a phrase alias: Web SDK 4.x sentences the labels leave to product policy
	TrapsHit  []string // traps whose text was reported as a code
	TrapCount int
}

// Precision is TP / found.
func (s *Score) Precision() float64 {
	if s.Found == 0 {
		return 1
	}
	return float64(s.TP) / float64(s.Found)
}

// Recall is TP / labelled.
func (s *Score) Recall() float64 {
	if s.Labelled == 0 {
		return 1
	}
	return float64(s.TP) / float64(s.Labelled)
}

// Run scores the catalog's detection over the .log files of fsys against
// its labels.tsv and traps.tsv.
func Run(fsys fs.FS, cat *catalog.Catalog) (*Score, error) {
	labels, err := readTSV(fsys, "labels.tsv", 4)
	if err != nil {
		return nil, err
	}
	want := map[Triple]bool{}
	for _, r := range labels {
		n, err := strconv.ParseInt(r[1], 10, 64)
		if err != nil {
			return nil, fmt.Errorf("labels.tsv: bad line number %q", r[1])
		}
		want[Triple{r[0], n, r[2]}] = true
	}
	traps, err := readTSV(fsys, "traps.tsv", 4)
	if err != nil {
		return nil, err
	}
	s := &Score{Labelled: len(want), TrapCount: len(traps)}
	all, err := Scan(fsys, cat, "*.log")
	if err != nil {
		return nil, err
	}
	found := map[Triple]Found{}
	files := map[string]bool{}
	for t, f := range all {
		files[t.File] = true
		if f.By == scan.ByPhrase {
			s.Phrase = append(s.Phrase, f)
			continue
		}
		found[t] = f
	}
	sort.Slice(s.Phrase, func(i, j int) bool { return s.Phrase[i].String() < s.Phrase[j].String() })
	matches, _ := fs.Glob(fsys, "*.log")
	s.Files = len(matches)
	s.Found = len(found)
	var keys []Triple
	for t := range found {
		keys = append(keys, t)
	}
	sortTriples(keys)
	for _, t := range keys {
		if want[t] {
			s.TP++
		} else {
			s.FP = append(s.FP, found[t])
		}
	}
	keys = keys[:0]
	for t := range want {
		if _, ok := found[t]; !ok {
			keys = append(keys, t)
		}
	}
	sortTriples(keys)
	s.FN = keys
	// A trap is hit when a reported match of its line (phrase matches
	// included) contains its text.
	for _, r := range traps {
		n, _ := strconv.ParseInt(r[1], 10, 64)
		for t, f := range all {
			if t.File == r[0] && t.Line == n && strings.Contains(f.Match, r[2]) {
				s.TrapsHit = append(s.TrapsHit, fmt.Sprintf("%s:%d %q (%s) reported as %s", r[0], n, r[2], r[3], t.Code))
			}
		}
	}
	sort.Strings(s.TrapsHit)
	return s, nil
}

// Scan finds the occurrences in the files of fsys that match pattern,
// each file named by its path in fsys.
func Scan(fsys fs.FS, cat *catalog.Catalog, pattern string) (map[Triple]Found, error) {
	files, err := fs.Glob(fsys, pattern)
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	rd := scan.NewReader(scan.NewMatcher(cat, false), scan.Options{})
	found := map[Triple]Found{}
	for _, name := range files {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		if _, err := rd.Scan(bytes.NewReader(data), &collect{file: name, found: found}); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
	}
	return found, nil
}

func sortTriples(ts []Triple) {
	sort.Slice(ts, func(i, j int) bool {
		a, b := ts[i], ts[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Code < b.Code
	})
}

func readTSV(fsys fs.FS, name string, cols int) ([][]string, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var rows [][]string
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		r := strings.Split(sc.Text(), "\t")
		if len(r) < cols {
			return nil, fmt.Errorf("%s:%d: want %d columns, got %d", name, n, cols, len(r))
		}
		rows = append(rows, r)
	}
	return rows, sc.Err()
}

// collect is a scan.Sink that gathers the triples of one file.
type collect struct {
	file  string
	found map[Triple]Found
}

func (c *collect) Line(l *scan.Line) error {
	for i, m := range l.Codes {
		f := Found{Triple: Triple{c.file, l.Num, m.Code.Name}, By: m.By, Match: string(l.CodeText(i)), Text: string(l.Text)}
		c.found[f.Triple] = f
	}
	return nil
}

// Write prints the score for people: figures, then every false positive,
// every miss and every trap hit with its line.
func (s *Score) Write(w io.Writer) {
	fmt.Fprintf(w, "files %d, labelled triples %d, found %d\n", s.Files, s.Labelled, s.Found)
	fmt.Fprintf(w, "true positives %d, false positives %d, misses %d\n", s.TP, len(s.FP), len(s.FN))
	fmt.Fprintf(w, "precision %.3f, recall %.3f\n", s.Precision(), s.Recall())
	fmt.Fprintf(w, "traps %d, hit %d\n", s.TrapCount, len(s.TrapsHit))
	for _, f := range s.FP {
		fmt.Fprintf(w, "FP %s by %s %q in: %s\n", f.Triple, f.By, f.Match, f.Text)
	}
	for _, t := range s.FN {
		fmt.Fprintf(w, "FN %s\n", t)
	}
	for _, h := range s.TrapsHit {
		fmt.Fprintf(w, "TRAP %s\n", h)
	}
	if len(s.Phrase) > 0 {
		fmt.Fprintf(w, "found by phrase (Web SDK 4.x sentences; not in labels.tsv, which leaves them to product policy): %d\n", len(s.Phrase))
		for _, f := range s.Phrase {
			fmt.Fprintf(w, "PHRASE %s %q\n", f.Triple, f.Match)
		}
	}
}
