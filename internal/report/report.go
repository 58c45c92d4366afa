// Package report counts occurrences of codes over many inputs and renders
// the counts. A Report is mergeable: Merge of the reports of two sets of
// inputs equals the report of both, which is how inputs are read
// concurrently and how reports from many machines are added up.
package report

import (
	"cmp"
	"container/heap"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/codewatch/codewatch/internal/catalog"
	"github.com/codewatch/codewatch/internal/scan"
	"github.com/codewatch/codewatch/internal/timestamp"
)

// The JSON schemas of reports. FormatVersion is that of a report of the
// one Web 2.x catalog (--sdk web-2.x), as codewatch wrote before it knew
// every SDK; FormatVersion2 that of a Named report, whose codes are
// (catalog, name) and which lists ambiguous values. ReadJSON reads both.
const (
	FormatVersion  = "codewatch-report/1"
	FormatVersion2 = "codewatch-report/2"
)

// Report is the counts over a set of inputs.
type Report struct {
	Catalog string // the catalog's name(s)
	// Named says that the report is over several catalogs (SPEC §6):
	// every form names each code's SDK, and lists the ambiguous values
	// (Ambiguous) apart; its JSON is FormatVersion2. A report of the one
	// Web 2.x catalog is not Named, and its forms are as they were before.
	// Merging a Named report makes the sum Named.
	Named     bool
	Totals    Totals  // over every input
	Codes     []*Code // codes seen, in Sort order
	Unknown   []*Unknown
	Ambiguous []*Ambiguous // in Sort order
	Inputs    []*Input     // in the order read
	Timeline  Timeline

	// Shown by the renderers, not merged: the timeline's bucket width in
	// minutes (0: chosen from the span), and the comparison with an
	// earlier report (Compare).
	Bucket   int64
	Baseline *Baseline
	// By is the breakdown the renderers show: ByInput, ByLabel, or ""
	// for none (Breakdown).
	By string

	codes      map[codeKey]*Code
	ambiguous  map[string]*Ambiguous // by ambiguousKey
	unknown    map[unknownKey]*Unknown
	kept       unknownHeap // the unknowns kept, largest key on top
	maxUnknown int
}

// Totals are the sums over all inputs.
type Totals struct {
	Inputs       int
	InputsFailed int
	Lines        int64
	Bytes        int64
	Occurrences  int64
	Unknown      int64
	Ambiguous    int64 // occurrences of ambiguous values: not in Occurrences
	BySeverity   Counts
}

// Counts holds a count per severity, indexed by catalog.Severity.
type Counts [5]int64

// Total returns the sum over all severities.
func (c *Counts) Total() int64 {
	var n int64
	for _, v := range c {
		n += v
	}
	return n
}

func (c *Counts) add(o *Counts) {
	for i := range c {
		c[i] += o[i]
	}
}

// Code is the count of one code: a name in a catalog.
type Code struct {
	Catalog     string // the catalog's id
	Name        string
	Value       int
	HasValue    bool
	Kind        catalog.Kind
	Severity    catalog.Severity
	Description string
	Hint        string
	Count       int64
	First, Last Place
}

// Place is where an occurrence was seen.
type Place struct {
	File string
	Line int64
	Time timestamp.Time
}

// Unknown is the count of one code-like thing that the catalog does not
// know: an ERR_/WARN_/K_ identifier, or a number in code context.
type Unknown struct {
	Text  string // the identifier, or the number in decimal
	By    scan.By
	Count int64
	First Place
}

// codeKey is a code's identity: two catalogs may have a name each, with
// meanings of their own (Web 4.x's and native's INVALID_OPERATION).
type codeKey struct{ catalog, name string }

// Ambiguous is the count of one value read with no SDK known, whose
// catalogs give it different meanings (SPEC §6.2): "error 116" is Web's
// ERR_NO_ACTIVE_STATUS and native's ERR_TOO_MANY_DATA_STREAMS. It is
// counted apart from the codes, in no severity: nothing picks one meaning.
type Ambiguous struct {
	Value      int
	Candidates []Candidate // in the catalogs' order of precedence
	Count      int64
	First      Place
}

// Candidate is one meaning of an ambiguous value.
type Candidate struct {
	Catalog     string
	Name        string
	Severity    catalog.Severity
	Description string
}

// Severity is the lowest severity among the candidates: whichever SDK
// wrote the line, the value is at least that severe. --fail-on holds
// ambiguous values to it.
func (a *Ambiguous) Severity() catalog.Severity {
	s := catalog.Critical
	for _, c := range a.Candidates {
		s = min(s, c.Severity)
	}
	return s
}

// CandidatesString says the candidates for people: "web-2.x
// ERR_NO_ACTIVE_STATUS or native-4.x ERR_TOO_MANY_DATA_STREAMS".
func (a *Ambiguous) CandidatesString() string {
	parts := make([]string, len(a.Candidates))
	for i, c := range a.Candidates {
		parts[i] = catalog.ShortID(c.Catalog) + " " + c.Name
	}
	return strings.Join(parts, " or ")
}

// key identifies an ambiguous value by its value and its candidates.
func (a *Ambiguous) key() string {
	var b strings.Builder
	b.WriteString(strconv.Itoa(a.Value))
	for _, c := range a.Candidates {
		b.WriteString("\x00" + c.Catalog + "\x00" + c.Name)
	}
	return b.String()
}

type unknownKey struct {
	by   scan.By
	text string
}

func (k unknownKey) compare(o unknownKey) int {
	if c := cmp.Compare(k.by, o.by); c != 0 {
		return c
	}
	return strings.Compare(k.text, o.text)
}

// Input is what was read from one input.
type Input struct {
	Name        string
	Label       string // report --label: the text put before the name, if any
	Lines       int64
	Bytes       int64
	Occurrences int64
	Unknown     int64
	Ambiguous   int64
	BySeverity  Counts
	Error       string // why the input could not be read whole, if it could not
}

// MaxUnknown bounds the distinct unknown codes a report lists. When more
// are seen, the report lists the MaxUnknown first in the order of
// unknownKey (by name before by value, then by text) with their exact
// counts; all are counted in Totals.Unknown. Keeping the least keys, rather
// than the first seen, is what keeps Merge exact: the least keys of a union
// are among the least keys of its parts.
const MaxUnknown = 10000

// New returns an empty report.
func New(catalogName string) *Report {
	return &Report{Catalog: catalogName, codes: map[codeKey]*Code{}, ambiguous: map[string]*Ambiguous{},
		unknown: map[unknownKey]*Unknown{}, maxUnknown: MaxUnknown}
}

// Counter counts one input into a report. It is a scan.Sink: the codes of
// the lines it is given name their catalog entries, so it needs no
// catalog of its own (and a catalog reloaded while an input is read needs
// no new counter).
type Counter struct {
	r     *Report
	in    *Input
	amb   map[*scan.Ambiguity]*Ambiguous // the matcher's ambiguities, once made
	codes map[*catalog.Code]*Code        // the report's entries of the codes seen, by catalog entry
}

// Count starts counting the input named name. The caller sets the input's
// line and byte counts (Done) when it has been read.
func (r *Report) Count(name string) *Counter {
	in := &Input{Name: name}
	r.Inputs = append(r.Inputs, in)
	r.Totals.Inputs++
	return &Counter{r: r, in: in}
}

// Rename names the counter's input name, before anything is counted in
// it: the first member of an archive takes the archive's place.
func (c *Counter) Rename(name string) { c.in.Name = name }

// Another starts counting another input, named name, into the same
// report, listed after the inputs there: the next member of an archive.
func (c *Counter) Another(name string) *Counter { return c.r.Count(name) }

// Skip takes the counter's input, in which nothing was counted, out of
// the report: a binary file passed over, or an archive whose members
// took its place.
func (c *Counter) Skip() {
	if i := slices.Index(c.r.Inputs, c.in); i >= 0 {
		c.r.Inputs = slices.Delete(c.r.Inputs, i, i+1)
		c.r.Totals.Inputs--
	}
}

// Done records the input's size, and err when it could not be read whole.
func (c *Counter) Done(st scan.Stats, err error) {
	c.in.Lines, c.in.Bytes = st.Lines, st.Bytes
	c.r.Totals.Lines += st.Lines
	c.r.Totals.Bytes += st.Bytes
	if err != nil {
		c.in.Error = err.Error()
		c.r.Totals.InputsFailed++
	}
}

// Line implements scan.Sink.
func (c *Counter) Line(l *scan.Line) error {
	if len(l.Codes) == 0 && len(l.Unknown) == 0 && len(l.Ambiguous) == 0 {
		return nil
	}
	p := Place{File: c.in.Name, Line: l.Num, Time: timestamp.Parse(l.Text)}
	for _, m := range l.Codes {
		cc := m.Code
		code := c.codes[cc] // a pointer's hash: cheaper than the name's and catalog's
		if code == nil {
			code = c.r.code(cc)
			if c.codes == nil {
				c.codes = map[*catalog.Code]*Code{}
			}
			c.codes[cc] = code
		}
		code.Count++
		code.First = first(code.First, p, code.Count == 1)
		code.Last = last(code.Last, p, code.Count == 1)
		c.in.Occurrences++
		c.in.BySeverity[cc.Severity]++
		c.r.Totals.Occurrences++
		c.r.Totals.BySeverity[cc.Severity]++
		c.r.Timeline.add(p.Time, cc.Severity, 1)
	}
	for i, m := range l.Unknown {
		c.in.Unknown++
		c.r.Totals.Unknown++
		text := string(l.UnknownText(i))
		if m.By == scan.ByValue {
			text = strconv.Itoa(m.Value)
		}
		c.r.addUnknown(&Unknown{Text: text, By: m.By, Count: 1, First: p})
	}
	for _, m := range l.Ambiguous {
		c.in.Ambiguous++
		c.r.Totals.Ambiguous++
		a := c.amb[m.Ambiguous]
		if a == nil {
			a = c.r.addAmbiguous(newAmbiguous(m.Ambiguous, p))
			if c.amb == nil {
				c.amb = map[*scan.Ambiguity]*Ambiguous{}
			}
			c.amb[m.Ambiguous] = a
		}
		a.Count++
		a.First = first(a.First, p, a.Count == 1)
	}
	return nil
}

// newAmbiguous is the entry of an ambiguity, not yet counted.
func newAmbiguous(am *scan.Ambiguity, p Place) *Ambiguous {
	a := &Ambiguous{Value: am.Value, First: p}
	for _, cc := range am.Candidates {
		a.Candidates = append(a.Candidates, Candidate{Catalog: catalogID(cc), Name: cc.Name,
			Severity: cc.Severity, Description: cc.Description})
	}
	return a
}

// addAmbiguous returns r's entry of a's key, adding a (with its count)
// when r has none.
func (r *Report) addAmbiguous(a *Ambiguous) *Ambiguous {
	k := a.key()
	if have, ok := r.ambiguous[k]; ok {
		return have
	}
	r.ambiguous[k] = a
	r.Ambiguous = append(r.Ambiguous, a)
	return a
}

func catalogID(cc *catalog.Code) string {
	if cat := cc.Catalog(); cat != nil {
		return cat.ID
	}
	return ""
}

func (r *Report) code(cc *catalog.Code) *Code {
	k := codeKey{catalogID(cc), cc.Name}
	if code, ok := r.codes[k]; ok {
		return code
	}
	code := &Code{Catalog: k.catalog, Name: cc.Name, Value: cc.Value, HasValue: cc.HasValue, Kind: cc.Kind,
		Severity: cc.Severity, Description: cc.Description, Hint: cc.Hint}
	r.codes[k] = code
	r.Codes = append(r.Codes, code)
	return code
}

func (r *Report) addUnknown(u *Unknown) {
	k := unknownKey{u.By, u.Text}
	if have, ok := r.unknown[k]; ok {
		have.Count += u.Count
		have.First = first(have.First, u.First, false)
		return
	}
	if len(r.unknown) >= r.maxUnknown {
		if len(r.kept) == 0 || k.compare(r.kept.key(0)) > 0 {
			return
		}
		drop := heap.Pop(&r.kept).(*Unknown)
		delete(r.unknown, unknownKey{drop.By, drop.Text})
	}
	cp := *u
	r.unknown[k] = &cp
	heap.Push(&r.kept, &cp)
}

// unknownHeap is a max-heap of unknowns by key.
type unknownHeap []*Unknown

func (h unknownHeap) key(i int) unknownKey { return unknownKey{h[i].By, h[i].Text} }
func (h unknownHeap) Len() int             { return len(h) }
func (h unknownHeap) Less(i, j int) bool   { return h.key(i).compare(h.key(j)) > 0 }
func (h unknownHeap) Swap(i, j int)        { h[i], h[j] = h[j], h[i] }
func (h *unknownHeap) Push(x any)          { *h = append(*h, x.(*Unknown)) }
func (h *unknownHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// comparePlaces is the total order of places that first and last use:
// places with a date compare by instant (a date without a zone read as
// UTC), and come after places without one, which compare by file name and
// line (times of day wrap at midnight, so they do not order lines).
func comparePlaces(a, b Place) int {
	ad, bd := a.Time.Kind >= timestamp.Local, b.Time.Kind >= timestamp.Local
	if ad != bd {
		if ad {
			return 1
		}
		return -1
	}
	if ad {
		if c := a.Time.T.Compare(b.Time.T); c != 0 {
			return c
		}
	}
	if c := strings.Compare(a.File, b.File); c != 0 {
		return c
	}
	return cmp.Compare(a.Line, b.Line)
}

// first returns the earlier of two places: the earliest dated one if any
// has a date, else the first by file and line.
func first(have, p Place, empty bool) Place {
	if empty {
		return p
	}
	hd, pd := have.Time.Kind >= timestamp.Local, p.Time.Kind >= timestamp.Local
	switch {
	case hd && !pd:
		return have
	case pd && !hd:
		return p
	}
	if comparePlaces(p, have) < 0 {
		return p
	}
	return have
}

// last returns the later of two places.
func last(have, p Place, empty bool) Place {
	if empty || comparePlaces(p, have) > 0 {
		return p
	}
	return have
}

// Merge adds o into r, as if o's inputs had been read after r's. Its sums
// wrap on overflow: MergeChecked refuses them.
func (r *Report) Merge(o *Report) {
	if r.Catalog == "" {
		r.Catalog = o.Catalog
	}
	r.Named = r.Named || o.Named
	t, u := &r.Totals, &o.Totals
	t.Inputs += u.Inputs
	t.InputsFailed += u.InputsFailed
	t.Lines += u.Lines
	t.Bytes += u.Bytes
	t.Occurrences += u.Occurrences
	t.Unknown += u.Unknown
	t.Ambiguous += u.Ambiguous
	t.BySeverity.add(&u.BySeverity)
	for _, oc := range o.Codes {
		k := codeKey{oc.Catalog, oc.Name}
		code, ok := r.codes[k]
		if !ok {
			cp := *oc
			r.codes[k] = &cp
			r.Codes = append(r.Codes, &cp)
			continue
		}
		code.First = first(code.First, oc.First, code.Count == 0)
		code.Last = last(code.Last, oc.Last, code.Count == 0)
		code.Count += oc.Count
	}
	for _, oa := range o.Ambiguous {
		a := r.addAmbiguous(&Ambiguous{Value: oa.Value, Candidates: oa.Candidates, First: oa.First})
		a.First = first(a.First, oa.First, a.Count == 0)
		a.Count += oa.Count
	}
	for _, ou := range o.unknown {
		r.addUnknown(ou)
	}
	for _, in := range o.Inputs {
		cp := *in
		r.Inputs = append(r.Inputs, &cp)
	}
	r.Timeline.merge(&o.Timeline)
}

// Sort puts codes and unknowns in the report's total order: count
// descending, then name. It fills r.Unknown from the unknowns kept.
func (r *Report) Sort() {
	r.Unknown = append(r.Unknown[:0], r.kept...)
	slices.SortFunc(r.Codes, func(a, b *Code) int {
		if c := cmp.Compare(b.Count, a.Count); c != 0 {
			return c
		}
		if c := strings.Compare(a.Name, b.Name); c != 0 {
			return c
		}
		return strings.Compare(a.Catalog, b.Catalog)
	})
	slices.SortFunc(r.Ambiguous, func(a, b *Ambiguous) int {
		if c := cmp.Compare(b.Count, a.Count); c != 0 {
			return c
		}
		if c := cmp.Compare(a.Value, b.Value); c != 0 {
			return c
		}
		return strings.Compare(a.key(), b.key())
	})
	slices.SortFunc(r.Unknown, func(a, b *Unknown) int {
		if c := cmp.Compare(b.Count, a.Count); c != 0 {
			return c
		}
		if c := cmp.Compare(a.By, b.By); c != 0 {
			return c
		}
		return strings.Compare(a.Text, b.Text)
	})
}

// MaxSeverity returns the highest severity seen, or 0: of the codes, and
// of each ambiguous value its lowest candidate's (Ambiguous.Severity).
func (r *Report) MaxSeverity() catalog.Severity {
	var top catalog.Severity
	for s := catalog.Critical; s >= catalog.Info; s-- {
		if r.Totals.BySeverity[s] > 0 {
			top = s
			break
		}
	}
	for _, a := range r.Ambiguous {
		top = max(top, a.Severity())
	}
	return top
}

// Failed adds an input that could not be read at all, such as a report
// file that merge could not read.
func (r *Report) Failed(name string, err error) {
	r.Inputs = append(r.Inputs, &Input{Name: name, Error: err.Error()})
	r.Totals.Inputs++
	r.Totals.InputsFailed++
}

// MergeChecked is Merge that first checks that every sum fits an int64:
// totals, counts per severity, per code, per unknown code and per minute
// of the timeline. When one does not, r is left as it was and the error
// names the sum ("merge: lines: 9223372036854775807 + 1 does not fit an
// int64"). Two valid reports can overflow only if forged or huge; Merge
// would wrap them to negative counts that ReadJSON then refuses.
func (r *Report) MergeChecked(o *Report) error {
	if err := r.mergeFits(o); err != nil {
		return fmt.Errorf("merge: %w", err)
	}
	r.Merge(o)
	return nil
}

// mergeFits says which sum of Merge(o) would overflow, if one would.
func (r *Report) mergeFits(o *Report) error {
	t, u := &r.Totals, &o.Totals
	for _, s := range []struct {
		what string
		a, b int64
	}{
		{"inputs", int64(t.Inputs), int64(u.Inputs)},
		{"inputs failed", int64(t.InputsFailed), int64(u.InputsFailed)},
		{"lines", t.Lines, u.Lines},
		{"bytes", t.Bytes, u.Bytes},
		{"occurrences", t.Occurrences, u.Occurrences},
		{"unknown codes", t.Unknown, u.Unknown},
		{"ambiguous values", t.Ambiguous, u.Ambiguous},
	} {
		if err := fits(s.what, s.a, s.b); err != nil {
			return err
		}
	}
	if err := countsFit("occurrences of severity", &t.BySeverity, &u.BySeverity); err != nil {
		return err
	}
	for _, oc := range o.Codes {
		if code, ok := r.codes[codeKey{oc.Catalog, oc.Name}]; ok {
			if err := fits(oc.Name, code.Count, oc.Count); err != nil {
				return err
			}
		}
	}
	for _, oa := range o.Ambiguous {
		if have, ok := r.ambiguous[oa.key()]; ok {
			if err := fits("ambiguous "+strconv.Itoa(oa.Value), have.Count, oa.Count); err != nil {
				return err
			}
		}
	}
	for k, ou := range o.unknown {
		if have, ok := r.unknown[k]; ok {
			if err := fits("unknown "+ou.Text, have.Count, ou.Count); err != nil {
				return err
			}
		}
	}
	for _, p := range []struct{ dst, src map[int64]*Counts }{{r.Timeline.Dated, o.Timeline.Dated}, {r.Timeline.Clock, o.Timeline.Clock}} {
		for k, c := range p.src {
			if d := p.dst[k]; d != nil {
				if err := countsFit("timeline", d, c); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func countsFit(what string, a, b *Counts) error {
	for i := range a {
		if err := fits(fmt.Sprintf("%s %s", what, catalog.Severity(i)), a[i], b[i]); err != nil {
			return err
		}
	}
	return nil
}

// fits says when a + b does not fit an int64.
func fits(what string, a, b int64) error {
	if b > 0 && a > math.MaxInt64-b || b < 0 && a < math.MinInt64-b {
		return fmt.Errorf("%s: %d + %d does not fit an int64", what, a, b)
	}
	return nil
}
