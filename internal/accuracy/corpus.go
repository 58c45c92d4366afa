package accuracy

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strconv"
	"strings"

	"github.com/codewatch/codewatch/internal/catalog"
)

// Key is one scored occurrence of the every-SDK view: a code's canonical
// name on a line of a file, the file named by its base name (as
// score_multi.py compares them).
type Key struct {
	File string
	Line int64
	Name string
}

func (k Key) String() string { return fmt.Sprintf("%s:%d %s", k.File, k.Line, k.Name) }

// LineKey is a line of a file.
type LineKey struct {
	File string
	Line int64
}

// Label is one row of labels_all.tsv (or of rtm1x.tsv, RTM1x set): a code
// a careful reader sees on the line, in the catalog the cues name.
type Label struct {
	Key
	Catalog string // a full catalog id, agora-web-4.x
	Matched string // the first mention on the line, exact
	Cue     string
	RTM1x   bool // from rtm1x.tsv
}

// SameMeaning reports whether the label's cue says the code means the same
// in every SDK the line could come from: then another SDK's name for that
// meaning matches it too, and any catalog that has the predicted name is
// the right SDK.
func (l *Label) SameMeaning() bool {
	return strings.HasPrefix(strings.ToLower(strings.TrimSpace(l.Cue)), "same meaning")
}

// Candidates are the names a neutral row allows on its line.
type Candidates struct {
	Names map[string]bool
	Any   bool     // "*": any name
	Texts []string // the rows' matched texts
}

func (c *Candidates) allows(name string) bool { return c != nil && (c.Any || c.Names[name]) }

// Corpus is a labelled folder of the every-SDK view (shared/logs/README.md):
// labels_all.tsv, and beside it, where they exist, ambiguous.tsv,
// neutral.tsv, traps_all.tsv (else traps.tsv) and rtm1x.tsv.
type Corpus struct {
	Labels    []Label // each Key once (the first row), in the files' order
	Ambiguous map[LineKey]*Candidates
	Neutral   map[LineKey]*Candidates
	Traps     map[LineKey]string // the first trap text of the line
	RTM1x     map[LineKey]string // the lines of rtm1x.tsv rows
}

// LoadCorpus reads a labelled folder by the rules r (RTM1xLabels: whether
// rtm1x.tsv rows are labels of agora-rtm-1.x).
func LoadCorpus(fsys fs.FS, labels string, r Rules) (*Corpus, error) {
	c := &Corpus{}
	rows, err := tsvRows(fsys, labels, 4)
	if err != nil {
		return nil, err
	}
	seen := map[Key]bool{}
	add := func(l Label) {
		if !seen[l.Key] {
			seen[l.Key] = true
			c.Labels = append(c.Labels, l)
		}
	}
	for _, row := range rows {
		p := pad(row.cols, 6)
		add(Label{Key: Key{baseName(p[0]), row.line, strings.TrimSpace(p[3])}, Catalog: normCatalog(p[2]), Matched: p[4], Cue: p[5]})
	}
	dir := path.Dir(labels)
	beside := func(names ...string) string {
		for _, n := range names {
			if _, err := fs.Stat(fsys, path.Join(dir, n)); err == nil {
				return path.Join(dir, n)
			}
		}
		return ""
	}
	if c.Ambiguous, err = loadCandidates(fsys, beside("ambiguous.tsv")); err != nil {
		return nil, err
	}
	if c.Neutral, err = loadCandidates(fsys, beside("neutral.tsv")); err != nil {
		return nil, err
	}
	if c.Traps, _, err = loadLines(fsys, beside("traps_all.tsv", "traps.tsv"), 3); err != nil {
		return nil, err
	}
	var rtm [][]string
	if c.RTM1x, rtm, err = loadLines(fsys, beside("rtm1x.tsv"), 3); err != nil {
		return nil, err
	}
	if r.RTM1xLabels {
		if err := c.addRTM1x(rtm, r.catalogs(), add); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// addRTM1x turns the rows of rtm1x.tsv (file, line, matched_text,
// rtm1x_table, name, value, meaning, cue) into labels of agora-rtm-1.x.
// The name column is the vendor's C++ enum name, which is the built-in
// catalog's canonical name; a name that is one of its aliases (a Java,
// iOS or Web spelling) stands for its code; a name the catalog does not
// spell at all is found by the row's table and value. A row that names no
// code of the catalog is an error: the labels and the catalog disagree.
func (c *Corpus) addRTM1x(rows [][]string, cats []*catalog.Catalog, add func(Label)) error {
	var rtm *catalog.Catalog
	for _, cat := range cats {
		if cat.ID == "agora-rtm-1.x" {
			rtm = cat
		}
	}
	for _, p := range rows {
		p = pad(p, 8)
		if rtm == nil {
			return errors.New("rtm1x.tsv: no agora-rtm-1.x catalog to read its rows in")
		}
		code := rtm1xCode(rtm, strings.TrimSpace(p[4]), p[3], p[5])
		if code == nil {
			return fmt.Errorf("rtm1x.tsv: %s:%s %s (%s %s) is no code of agora-rtm-1.x", p[0], p[1], p[4], p[3], p[5])
		}
		n, _ := strconv.ParseInt(p[1], 10, 64)
		add(Label{Key: Key{baseName(p[0]), n, code.Name}, Catalog: rtm.ID, Matched: p[2], Cue: p[7], RTM1x: true})
	}
	return nil
}

// rtm1xCode is the code an rtm1x.tsv row names: by its name or alias,
// else by its table and value.
func rtm1xCode(rtm *catalog.Catalog, name, table, value string) *catalog.Code {
	if code, _, ok := rtm.Lookup(name); ok {
		return code
	}
	v, err := strconv.Atoi(strings.TrimSpace(value))
	if err != nil {
		return nil
	}
	for _, k := range catalog.Kinds {
		if code := rtm.ValueIn(k, strings.TrimSpace(table), v); code != nil {
			return code
		}
	}
	return nil
}

// tsvRow is a data row of a file<TAB>line<TAB>... table.
type tsvRow struct {
	cols []string
	line int64
}

// tsvRows reads the data rows of a TSV as score_multi.py does: blank
// lines, '#' lines, rows with fewer than min columns and rows whose second
// column is no number (the header) are skipped.
func tsvRows(fsys fs.FS, name string, min int) ([]tsvRow, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var rows []tsvRow
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		raw := strings.TrimRight(sc.Text(), "\r\n")
		if raw == "" || strings.HasPrefix(raw, "#") {
			continue
		}
		cols := strings.Split(raw, "\t")
		if len(cols) < min {
			continue
		}
		n, err := strconv.ParseInt(cols[1], 10, 64)
		if err != nil {
			continue
		}
		rows = append(rows, tsvRow{cols, n})
	}
	return rows, sc.Err()
}

// loadCandidates reads ambiguous.tsv or neutral.tsv (file, line,
// matched_text, candidates, why): the candidates are "catalog:NAME"
// words, "*" for any name, "-" for none. An empty name means no file.
func loadCandidates(fsys fs.FS, name string) (map[LineKey]*Candidates, error) {
	out := map[LineKey]*Candidates{}
	if name == "" {
		return out, nil
	}
	rows, err := tsvRows(fsys, name, 4)
	if err != nil {
		return nil, err
	}
	for _, r := range rows {
		k := LineKey{baseName(r.cols[0]), r.line}
		c := out[k]
		if c == nil {
			c = &Candidates{Names: map[string]bool{}}
			out[k] = c
		}
		for _, w := range strings.Fields(r.cols[3]) {
			switch {
			case w == "-":
			case w == "*":
				c.Any = true
			default:
				c.Names[w[strings.LastIndexByte(w, ':')+1:]] = true
			}
		}
		c.Texts = append(c.Texts, r.cols[2])
	}
	return out, nil
}

// loadLines reads the lines a TSV names (its first matched text each) and
// its rows.
func loadLines(fsys fs.FS, name string, min int) (map[LineKey]string, [][]string, error) {
	out := map[LineKey]string{}
	if name == "" {
		return out, nil, nil
	}
	rows, err := tsvRows(fsys, name, min)
	if err != nil {
		return nil, nil, err
	}
	var all [][]string
	for _, r := range rows {
		k := LineKey{baseName(r.cols[0]), r.line}
		if _, ok := out[k]; !ok {
			out[k] = r.cols[2]
		}
		all = append(all, r.cols)
	}
	return out, all, nil
}

func pad(cols []string, n int) []string {
	for len(cols) < n {
		cols = append(cols, "")
	}
	return cols
}

// baseName is a file's base name without .gz, as predictions and labels
// are compared.
func baseName(p string) string {
	return strings.TrimSuffix(p[strings.LastIndexByte(p, '/')+1:], ".gz")
}

// normCatalog is a catalog id in lower case with its "agora-" prefix;
// "" for none.
func normCatalog(c string) string {
	c = strings.ToLower(strings.TrimSpace(c))
	if c == "" {
		return ""
	}
	if !strings.HasPrefix(c, "agora-") {
		c = "agora-" + c
	}
	return c
}
