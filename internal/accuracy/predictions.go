package accuracy

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"sort"
	"strconv"
	"strings"

	"github.com/codewatch/codewatch/internal/catalog"
	"github.com/codewatch/codewatch/internal/scan"
)

// Predictions are the occurrences a run reported, each with the catalogs
// that named it (empty when the prediction named none). Duplicates of a
// Key count once, as score_multi.py counts them.
type Predictions map[Key]map[string]bool

// Add records a prediction; cat may be "" (no catalog named).
func (p Predictions) Add(file string, line int64, name, cat string) {
	k := Key{baseName(file), line, name}
	s := p[k]
	if s == nil {
		s = map[string]bool{}
		p[k] = s
	}
	if c := normCatalog(cat); c != "" {
		s[c] = true
	}
}

// ScanAll reads the files of fsys that match pattern with the matcher of
// set, each line's SDK from its cues (--sdk auto, as codewatch annotate
// reads them), and returns the known codes of every line, each with its
// catalog: what `codewatch annotate --format json` writes in "codes".
// Each file is a new input: nothing is known of its SDK at its start.
func ScanAll(fsys fs.FS, set *catalog.Set, pattern string) (Predictions, error) {
	files, err := fs.Glob(fsys, pattern)
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	rd := scan.NewReader(scan.NewSetMatcher(set, scan.MatcherOptions{Auto: true}), scan.Options{})
	p := Predictions{}
	for _, name := range files {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		if _, err := rd.Scan(bytes.NewReader(data), predSink{name, p}); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
	}
	return p, nil
}

type predSink struct {
	file string
	p    Predictions
}

func (s predSink) Line(l *scan.Line) error {
	for _, m := range l.Codes {
		s.p.Add(s.file, l.Num, m.Code.Name, m.Code.Catalog().ID)
	}
	return nil
}

// ReadPredictions reads predictions as score_multi.py does: JSON Lines,
// {"file": …, "line": N, "codes": [{"name": …, "catalog": …}, …]} (a code
// may be a plain string, "sdk" may stand for "catalog"), or TSV rows
// file<TAB>line<TAB>name[<TAB>catalog]. Blank and '#' lines are skipped;
// it returns how many lines it could not read.
func ReadPredictions(r io.Reader) (Predictions, int, error) {
	p := Predictions{}
	bad := 0
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 64<<20)
	for sc.Scan() {
		raw := sc.Text()
		line := strings.TrimSpace(raw)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		var ok bool
		if strings.HasPrefix(line, "{") {
			ok = p.addJSON([]byte(line))
		} else {
			ok = p.addTSV(strings.Split(strings.TrimRight(raw, "\r\n"), "\t"))
		}
		if !ok {
			bad++
		}
	}
	return p, bad, sc.Err()
}

// addJSON adds the codes of one annotated line.
func (p Predictions) addJSON(b []byte) bool {
	var o struct {
		File  *string           `json:"file"`
		Line  json.Number       `json:"line"`
		Codes []json.RawMessage `json:"codes"`
	}
	if json.Unmarshal(b, &o) != nil || o.File == nil {
		return false
	}
	n, err := strconv.ParseInt(o.Line.String(), 10, 64)
	if err != nil {
		return false
	}
	for _, raw := range o.Codes {
		var name string
		if json.Unmarshal(raw, &name) == nil {
			p.Add(*o.File, n, name, "")
			continue
		}
		var c struct{ Name, Catalog, SDK string }
		if json.Unmarshal(raw, &c) != nil {
			return false
		}
		if c.Catalog == "" {
			c.Catalog = c.SDK
		}
		if c.Name != "" {
			p.Add(*o.File, n, c.Name, c.Catalog)
		}
	}
	return true
}

// addTSV adds a row file<TAB>line<TAB>name[<TAB>catalog].
func (p Predictions) addTSV(cols []string) bool {
	if len(cols) < 3 {
		return false
	}
	n, err := strconv.ParseInt(cols[1], 10, 64)
	if err != nil {
		return false
	}
	cat := ""
	if len(cols) > 3 {
		cat = cols[3]
	}
	p.Add(cols[0], n, strings.TrimSpace(cols[2]), cat)
	return true
}
