package report

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/codewatch/codewatch/internal/catalog"
	"github.com/codewatch/codewatch/internal/scan"
	"github.com/codewatch/codewatch/internal/timestamp"
)

// The JSON form of a report (schema FormatVersion). It is documented in
// the README; fields are only ever added, and a reader ignores fields it
// does not know.
type jsonReport struct {
	Format    string          `json:"format"`
	Catalog   string          `json:"catalog"`
	Totals    jsonTotals      `json:"totals"`
	Codes     []jsonCode      `json:"codes"`
	Ambiguous []jsonAmbiguous `json:"ambiguous"` // FormatVersion2
	Unknown   []jsonUnknown   `json:"unknown"`
	Inputs    []jsonInput     `json:"inputs"`
	Timeline  jsonTimeline    `json:"timeline"`
	Breakdown *jsonBreakdown  `json:"breakdown,omitempty"`
	Baseline  *jsonBaseline   `json:"baseline,omitempty"`
}

// jsonBreakdown is the counts per input or per label (report --by). Like
// the baseline, it is not part of the partial result: it is made from the
// inputs, and ReadJSON ignores it.
type jsonBreakdown struct {
	By     string      `json:"by"`
	Groups []jsonGroup `json:"groups"`
}

type jsonGroup struct {
	Name         string     `json:"name"`
	Inputs       int        `json:"inputs"`
	InputsFailed int        `json:"inputs_failed"`
	Lines        int64      `json:"lines"`
	Bytes        int64      `json:"bytes"`
	Occurrences  int64      `json:"occurrences"`
	Unknown      int64      `json:"unknown"`
	Ambiguous    *int64     `json:"ambiguous,omitempty"` // FormatVersion2
	BySeverity   jsonCounts `json:"by_severity"`
}

// jsonBaseline is the comparison with an earlier report. It is not part of
// the partial result: ReadJSON (and so merge) ignores it.
type jsonBaseline struct {
	File        string       `json:"file"`
	Occurrences int64        `json:"occurrences"`
	Changes     []jsonChange `json:"changes"`
}

type jsonChange struct {
	Catalog  string `json:"catalog,omitempty"` // FormatVersion2
	Name     string `json:"name"`
	Kind     string `json:"kind"`
	Severity string `json:"severity"`
	Count    int64  `json:"count"`
	Baseline int64  `json:"baseline"`
	Delta    int64  `json:"delta"`
	Status   string `json:"status"`
}

type jsonTotals struct {
	Inputs       int        `json:"inputs"`
	InputsFailed int        `json:"inputs_failed"`
	Lines        int64      `json:"lines"`
	Bytes        int64      `json:"bytes"`
	Occurrences  int64      `json:"occurrences"`
	Unknown      int64      `json:"unknown"`
	Ambiguous    *int64     `json:"ambiguous,omitempty"` // FormatVersion2
	BySeverity   jsonCounts `json:"by_severity"`
}

// jsonCounts is Counts by severity name.
type jsonCounts map[string]int64

type jsonCode struct {
	Catalog     string    `json:"catalog,omitempty"` // FormatVersion2
	Name        string    `json:"name"`
	Value       *int      `json:"value"`
	Kind        string    `json:"kind"`
	Severity    string    `json:"severity"`
	Description string    `json:"description"`
	Hint        string    `json:"hint,omitempty"`
	Count       int64     `json:"count"`
	First       jsonPlace `json:"first"`
	Last        jsonPlace `json:"last"`
}

type jsonPlace struct {
	File string `json:"file"`
	Line int64  `json:"line"`
	Time string `json:"time,omitempty"`
}

// jsonAmbiguous is an ambiguous value (FormatVersion2).
type jsonAmbiguous struct {
	Value      int             `json:"value"`
	Candidates []jsonCandidate `json:"candidates"`
	Count      int64           `json:"count"`
	First      jsonPlace       `json:"first"`
}

type jsonCandidate struct {
	Catalog     string `json:"catalog"`
	Name        string `json:"name"`
	Severity    string `json:"severity"`
	Description string `json:"description"`
}

type jsonUnknown struct {
	Text  string    `json:"text"`
	By    string    `json:"by"`
	Count int64     `json:"count"`
	First jsonPlace `json:"first"`
}

type jsonInput struct {
	Name        string     `json:"name"`
	Label       string     `json:"label,omitempty"` // report --label: the text put before the name`
	Lines       int64      `json:"lines"`
	Bytes       int64      `json:"bytes"`
	Occurrences int64      `json:"occurrences"`
	Unknown     int64      `json:"unknown"`
	Ambiguous   *int64     `json:"ambiguous,omitempty"` // FormatVersion2
	BySeverity  jsonCounts `json:"by_severity"`
	Error       string     `json:"error,omitempty"`
}

type jsonTimeline struct {
	Dated []jsonMinute `json:"dated"`
	Clock []jsonMinute `json:"clock"`
}

type jsonMinute struct {
	Minute string     `json:"minute"` // "2026-03-01T10:04Z", or "10:04" for clock minutes
	Counts jsonCounts `json:"counts"`
}

func toJSONCounts(c *Counts) jsonCounts {
	m := jsonCounts{}
	for _, s := range catalog.Severities {
		m[s.String()] = c[s]
	}
	return m
}

func (j jsonCounts) counts(what string) (Counts, error) {
	var c Counts
	for name, n := range j {
		s, err := catalog.ParseSeverity(name)
		if err != nil {
			return c, fmt.Errorf("%s: %w", what, err)
		}
		if n < 0 {
			return c, fmt.Errorf("%s: negative count %d", what, n)
		}
		if c[s] > math.MaxInt64-n { // "warn" and "warning" both given
			return c, fmt.Errorf("%s: counts too large", what)
		}
		c[s] += n
	}
	return c, nil
}

func toJSONPlace(p Place) jsonPlace {
	jp := jsonPlace{File: p.File, Line: p.Line}
	if p.Time.Kind != timestamp.None {
		jp.Time = p.Time.String()
	}
	return jp
}

func (j jsonPlace) place() (Place, error) {
	p := Place{File: j.File, Line: j.Line}
	if j.Line < 1 {
		return p, fmt.Errorf("line %d: lines count from 1", j.Line)
	}
	if j.Time != "" {
		p.Time = timestamp.Parse([]byte(j.Time))
		if p.Time.Kind == timestamp.None || p.Time.String() != j.Time {
			return p, fmt.Errorf("bad time %q", j.Time)
		}
	}
	return p, nil
}

// WriteJSON writes the report in its JSON form. It is written a member and
// an element at a time, not built whole, so that a report with many
// minutes or unknown codes costs little memory to write; the bytes are
// those of encoding jsonReport with a two-space indent.
func (r *Report) WriteJSON(w io.Writer) error {
	r.Sort()
	jw := &jsonWriter{w: bufio.NewWriterSize(w, 64<<10)}
	jw.raw("{\n")
	jw.member("format", r.format(), false)
	jw.member("catalog", r.Catalog, false)
	jw.member("totals", jsonTotals{
		Inputs: r.Totals.Inputs, InputsFailed: r.Totals.InputsFailed, Lines: r.Totals.Lines,
		Bytes: r.Totals.Bytes, Occurrences: r.Totals.Occurrences, Unknown: r.Totals.Unknown,
		Ambiguous: r.named(r.Totals.Ambiguous), BySeverity: toJSONCounts(&r.Totals.BySeverity),
	}, false)
	jw.array("codes", "  ", len(r.Codes), func(i int) any {
		c := r.Codes[i]
		jc := jsonCode{Name: c.Name, Kind: c.Kind.String(), Severity: c.Severity.String(), Description: c.Description,
			Hint: c.Hint, Count: c.Count, First: toJSONPlace(c.First), Last: toJSONPlace(c.Last)}
		if r.Named {
			jc.Catalog = c.Catalog
		}
		if c.HasValue {
			v := c.Value
			jc.Value = &v
		}
		return jc
	}, false)
	if r.Named {
		jw.array("ambiguous", "  ", len(r.Ambiguous), func(i int) any { return toJSONAmbiguous(r.Ambiguous[i]) }, false)
	}
	jw.array("unknown", "  ", len(r.Unknown), func(i int) any {
		u := r.Unknown[i]
		return jsonUnknown{Text: u.Text, By: u.By.String(), Count: u.Count, First: toJSONPlace(u.First)}
	}, false)
	jw.array("inputs", "  ", len(r.Inputs), func(i int) any {
		in := r.Inputs[i]
		return jsonInput{Name: in.Name, Label: in.Label, Lines: in.Lines, Bytes: in.Bytes, Occurrences: in.Occurrences,
			Unknown: in.Unknown, Ambiguous: r.named(in.Ambiguous), BySeverity: toJSONCounts(&in.BySeverity), Error: in.Error}
	}, false)
	jw.raw("  \"timeline\": {\n")
	dated := slices.Sorted(maps.Keys(r.Timeline.Dated))
	jw.array("dated", "    ", len(dated), func(i int) any {
		k := dated[i]
		return jsonMinute{Minute: time.Unix(k*60, 0).UTC().Format("2006-01-02T15:04Z"), Counts: toJSONCounts(r.Timeline.Dated[k])}
	}, false)
	clock := slices.Sorted(maps.Keys(r.Timeline.Clock))
	jw.array("clock", "    ", len(clock), func(i int) any {
		k := clock[i]
		return jsonMinute{Minute: fmt.Sprintf("%02d:%02d", k/60, k%60), Counts: toJSONCounts(r.Timeline.Clock[k])}
	}, true)
	jw.raw("  }")
	if groups := r.Breakdown(); r.By != "" {
		jw.raw(",\n")
		jb := &jsonBreakdown{By: r.By, Groups: []jsonGroup{}}
		for _, g := range groups {
			jb.Groups = append(jb.Groups, jsonGroup{Name: g.Name, Inputs: g.Inputs, InputsFailed: g.Failed, Lines: g.Lines,
				Bytes: g.Bytes, Occurrences: g.Occurrences, Unknown: g.Unknown, Ambiguous: r.named(g.Ambiguous),
				BySeverity: toJSONCounts(&g.BySeverity)})
		}
		jw.member("breakdown", jb, r.Baseline == nil)
	} else {
		jw.end(r.Baseline == nil)
	}
	if r.Baseline != nil {
		jw.member("baseline", r.jsonBaseline(), true)
	}
	jw.raw("}\n")
	if jw.err != nil {
		return jw.err
	}
	return jw.w.Flush()
}

func (r *Report) jsonBaseline() *jsonBaseline {
	b := r.Baseline
	jb := &jsonBaseline{File: b.Name, Occurrences: b.Occurrences, Changes: []jsonChange{}}
	for _, c := range b.Changes {
		jb.Changes = append(jb.Changes, jsonChange{Catalog: r.catalogOf(c.Catalog), Name: c.Name, Kind: c.Kind.String(),
			Severity: c.Severity.String(), Count: c.Count, Baseline: c.Baseline, Delta: c.Delta(), Status: c.Status()})
	}
	return jb
}

// format is the report's schema.
func (r *Report) format() string {
	if r.Named {
		return FormatVersion2
	}
	return FormatVersion
}

// named is n where a Named report writes it, else nil: a member only
// FormatVersion2 has.
func (r *Report) named(n int64) *int64 {
	if !r.Named {
		return nil
	}
	return &n
}

// catalogOf is a code's catalog id where a Named report writes it.
func (r *Report) catalogOf(id string) string {
	if !r.Named {
		return ""
	}
	return id
}

func toJSONAmbiguous(a *Ambiguous) jsonAmbiguous {
	ja := jsonAmbiguous{Value: a.Value, Count: a.Count, First: toJSONPlace(a.First)}
	for _, c := range a.Candidates {
		ja.Candidates = append(ja.Candidates, jsonCandidate{Catalog: c.Catalog, Name: c.Name,
			Severity: c.Severity.String(), Description: c.Description})
	}
	return ja
}

// jsonWriter writes indented JSON a piece at a time.
type jsonWriter struct {
	w   *bufio.Writer
	buf bytes.Buffer
	err error
}

func (jw *jsonWriter) raw(s string) {
	if jw.err == nil {
		_, jw.err = jw.w.WriteString(s)
	}
}

// value writes v indented as if it stood at the depth of prefix.
func (jw *jsonWriter) value(prefix string, v any) {
	if jw.err != nil {
		return
	}
	jw.buf.Reset()
	enc := json.NewEncoder(&jw.buf)
	enc.SetIndent(prefix, "  ")
	enc.SetEscapeHTML(false)
	if jw.err = enc.Encode(v); jw.err == nil {
		_, jw.err = jw.w.Write(bytes.TrimSuffix(jw.buf.Bytes(), []byte("\n")))
	}
}

// member writes a top-level member.
func (jw *jsonWriter) member(key string, v any, last bool) {
	jw.raw("  \"" + key + "\": ")
	jw.value("  ", v)
	jw.end(last)
}

func (jw *jsonWriter) end(last bool) {
	if last {
		jw.raw("\n")
	} else {
		jw.raw(",\n")
	}
}

// array writes the member key, an array of n elements, at the depth of
// indent.
func (jw *jsonWriter) array(key, indent string, n int, elem func(i int) any, last bool) {
	jw.raw(indent + "\"" + key + "\": [")
	for i := range n {
		if i > 0 {
			jw.raw(",")
		}
		jw.raw("\n" + indent + "  ")
		jw.value(indent+"  ", elem(i))
	}
	if n > 0 {
		jw.raw("\n" + indent)
	}
	jw.raw("]")
	jw.end(last)
}

// MaxJSONSize bounds a report file read back.
const MaxJSONSize = 1 << 30

// ReadJSON reads a report written by WriteJSON, of either schema: a
// FormatVersion report is of the one Web 2.x catalog, and its codes are
// read as that catalog's (catalog.DefaultName). It checks the format
// version and that the report adds up; an error says what is wrong.
func ReadJSON(r io.Reader) (*Report, error) {
	j, err := decodeJSON(r)
	if err != nil {
		return nil, err
	}
	if j.Format != FormatVersion && j.Format != FormatVersion2 {
		return nil, fmt.Errorf("unsupported report format %q (this codewatch reads %q and %q)", j.Format, FormatVersion, FormatVersion2)
	}
	rep := New(j.Catalog)
	rep.Named = j.Format == FormatVersion2
	t := &rep.Totals
	t.Inputs, t.InputsFailed, t.Lines, t.Bytes = j.Totals.Inputs, j.Totals.InputsFailed, j.Totals.Lines, j.Totals.Bytes
	t.Occurrences, t.Unknown = j.Totals.Occurrences, j.Totals.Unknown
	if j.Totals.Ambiguous != nil {
		t.Ambiguous = *j.Totals.Ambiguous
	}
	if t.BySeverity, err = j.Totals.BySeverity.counts("totals"); err != nil {
		return nil, err
	}
	for _, read := range []func(*jsonReport) error{rep.readCodes, rep.readAmbiguous, rep.readUnknown, rep.readInputs, rep.readTimeline} {
		if err := read(j); err != nil {
			return nil, err
		}
	}
	if err := rep.check(); err != nil {
		return nil, err
	}
	return rep, nil
}

// decodeJSON decodes one JSON object, saying plainly when the file is
// empty or no object.
func decodeJSON(r io.Reader) (*jsonReport, error) {
	br := bufio.NewReader(io.LimitReader(r, MaxJSONSize))
	for {
		c, err := br.ReadByte()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return nil, errors.New("empty file, not a report")
			}
			return nil, err
		}
		if c == ' ' || c == '\t' || c == '\r' || c == '\n' {
			continue
		}
		br.UnreadByte()
		if c != '{' {
			return nil, errors.New("not a report: not a JSON object")
		}
		break
	}
	var j jsonReport
	dec := json.NewDecoder(br)
	dec.UseNumber()                        // a token of the wrong type, 1e400, is still a token (see wrongType)
	if _, err := dec.Token(); err != nil { // '{', as the first byte said
		return nil, fmt.Errorf("not a report: %w", err)
	}
	if err := decodeReport(dec, &j); err != nil {
		if errors.Is(err, io.EOF) { // the object begun is cut
			err = io.ErrUnexpectedEOF
		}
		return nil, fmt.Errorf("not a report: %w", err)
	}
	return &j, nil
}

// decodeReport decodes the object that dec holds next into j a member at
// a time, and the arrays that grow with a report (codes, ambiguous values,
// unknown codes, inputs, the timeline's minutes) an element at a time, so
// that the decoder never holds more than one element: decoding the whole
// object at once held the whole document in the decoder's buffer, and
// reading a report allocated 7 times its size (issue 14, Low 13). Members
// are matched to fields as encoding/json matches them (without regard to
// case, the last of a name winning, unknown ones ignored): each one not
// streamed is decoded into j as a one-member object, so j ends as
// decoding the whole object leaves it, and a member of the wrong type is
// the error decoding the whole object gives.
func decodeReport(dec *json.Decoder, j *jsonReport) error {
	return decodeMembers(dec, nil, j, func(path []string) (func() error, bool) {
		switch key := path[0]; {
		case strings.EqualFold(key, "codes"):
			return func() error { return decodeArray(dec, path, &j.Codes) }, true
		case strings.EqualFold(key, "ambiguous"):
			return func() error { return decodeArray(dec, path, &j.Ambiguous) }, true
		case strings.EqualFold(key, "unknown"):
			return func() error { return decodeArray(dec, path, &j.Unknown) }, true
		case strings.EqualFold(key, "inputs"):
			return func() error { return decodeArray(dec, path, &j.Inputs) }, true
		case strings.EqualFold(key, "timeline"):
			return func() error { return decodeTimeline(dec, path, j) }, true
		}
		return nil, false
	})
}

// decodeMembers reads the members of the object at path (nil: the report)
// that dec holds next, its '{' read: a member that streamed names is
// decoded by the function it gives, any other into v as a one-member
// object.
func decodeMembers(dec *json.Decoder, path []string, v any, streamed func(path []string) (func() error, bool)) error {
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return err
		}
		key, _ := t.(string) // an object's keys are strings
		if decode, ok := streamed(append(slices.Clip(path), key)); ok {
			if err := decode(); err != nil {
				return err
			}
			continue
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return err
		}
		if err := json.Unmarshal(nest([]string{key}, raw), v); err != nil {
			return err
		}
	}
	_, err := dec.Token() // '}'
	return err
}

// decodeTimeline decodes the report's member at path, the timeline: an
// object, its minutes streamed; null leaves it as it is.
func decodeTimeline(dec *json.Decoder, path []string, j *jsonReport) error {
	t, err := dec.Token()
	if err != nil {
		return err
	}
	switch t {
	case json.Delim('{'):
		return decodeMembers(dec, path, &j.Timeline, func(sub []string) (func() error, bool) {
			switch key := sub[1]; {
			case strings.EqualFold(key, "dated"):
				return func() error { return decodeArray(dec, sub, &j.Timeline.Dated) }, true
			case strings.EqualFold(key, "clock"):
				return func() error { return decodeArray(dec, sub, &j.Timeline.Clock) }, true
			}
			return nil, false
		})
	case nil:
		return nil
	}
	return wrongType(path, t)
}

// decodeArray decodes the report's member at path, an array, into dst an
// element at a time, replacing what dst held (as encoding/json does); null
// makes it nil.
func decodeArray[T any](dec *json.Decoder, path []string, dst *[]T) error {
	t, err := dec.Token()
	if err != nil {
		return err
	}
	switch t {
	case json.Delim('['):
	case nil:
		*dst = nil
		return nil
	default:
		return wrongType(path, t)
	}
	if *dst == nil {
		*dst = []T{} // empty, not nil: as encoding/json leaves it
	}
	*dst = (*dst)[:0]
	for dec.More() {
		var e T
		if err := dec.Decode(&e); err != nil {
			var te *json.UnmarshalTypeError
			if errors.As(err, &te) {
				// The field's path from the report's root, and the struct
				// that holds it, as decoding the report whole names them.
				te.Field = strings.TrimSuffix(strings.Join(append(slices.Clip(path), te.Field), "."), ".")
				if te.Struct == "" { // the element itself
					te.Struct = map[bool]string{true: "jsonReport", false: "jsonTimeline"}[len(path) == 1]
				}
			}
			return err
		}
		*dst = append(*dst, e)
	}
	_, err = dec.Token() // ']'
	return err
}

// wrongType is the error decoding the whole report gives for the member
// at path when it begins with t, a token of the wrong type.
func wrongType(path []string, t json.Token) error {
	var raw []byte
	switch t {
	case json.Delim('['):
		raw = []byte("[]")
	case json.Delim('{'):
		raw = []byte("{}")
	default:
		raw, _ = json.Marshal(t)
	}
	var j jsonReport
	if err := json.Unmarshal(nest(path, raw), &j); err != nil {
		return err
	}
	return fmt.Errorf("json: unexpected %s in report member %s", raw, strings.Join(path, "."))
}

// nest is raw as the value at path in objects nested one a key.
func nest(path []string, raw []byte) []byte {
	var b []byte
	for _, k := range path {
		q, _ := json.Marshal(k)
		b = append(append(append(b, '{'), q...), ':')
	}
	b = append(b, raw...)
	for range path {
		b = append(b, '}')
	}
	return b
}

// readCodes reads the codes, each held to the catalog's rules for a
// code's fields.
func (rep *Report) readCodes(j *jsonReport) error {
	for i, jc := range j.Codes {
		c := &Code{Catalog: catalog.DefaultName, Name: jc.Name, Description: jc.Description, Hint: jc.Hint, Count: jc.Count}
		what := fmt.Sprintf("codes[%d] %s", i, jc.Name)
		if rep.Named {
			if err := catalog.CheckID(jc.Catalog); err != nil {
				return fmt.Errorf("%s: catalog: %w", what, err)
			}
			c.Catalog = jc.Catalog
		}
		k := codeKey{c.Catalog, c.Name}
		if _, dup := rep.codes[k]; dup {
			return fmt.Errorf("%s: listed twice", what)
		}
		if jc.Value != nil {
			c.Value, c.HasValue = *jc.Value, true
		}
		var err error
		if c.Kind, err = catalog.ParseKind(jc.Kind); err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		if c.Severity, err = catalog.ParseSeverity(jc.Severity); err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		cc := catalog.Code{Name: c.Name, Value: c.Value, HasValue: c.HasValue, Kind: c.Kind, Description: c.Description, Hint: c.Hint}
		if err := cc.Validate(); err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		if c.Count <= 0 {
			return fmt.Errorf("%s: count must be positive", what)
		}
		if c.First, err = jc.First.place(); err != nil {
			return fmt.Errorf("%s: first: %w", what, err)
		}
		if c.Last, err = jc.Last.place(); err != nil {
			return fmt.Errorf("%s: last: %w", what, err)
		}
		rep.codes[k] = c
		rep.Codes = append(rep.Codes, c)
	}
	return nil
}

// readAmbiguous reads the ambiguous values of a FormatVersion2 report.
func (rep *Report) readAmbiguous(j *jsonReport) error {
	if !rep.Named && (len(j.Ambiguous) > 0 || j.Totals.Ambiguous != nil) {
		return fmt.Errorf("ambiguous values in a %s report, which has none", FormatVersion)
	}
	if len(j.Ambiguous) > MaxUnknown {
		return fmt.Errorf("%d ambiguous values listed, more than a report keeps (%d)", len(j.Ambiguous), MaxUnknown)
	}
	for i, ja := range j.Ambiguous {
		what := fmt.Sprintf("ambiguous[%d] %d", i, ja.Value)
		a := &Ambiguous{Value: ja.Value, Count: ja.Count}
		if err := catalog.CheckValue(ja.Value); err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		if len(ja.Candidates) < 2 {
			return fmt.Errorf("%s: an ambiguous value has two candidates or more", what)
		}
		for k, jc := range ja.Candidates {
			c, err := jc.candidate()
			if err != nil {
				return fmt.Errorf("%s: candidates[%d]: %w", what, k, err)
			}
			if slices.ContainsFunc(a.Candidates, func(o Candidate) bool { return o.Catalog == c.Catalog }) {
				return fmt.Errorf("%s: candidates[%d]: a second candidate of %s", what, k, c.Catalog)
			}
			a.Candidates = append(a.Candidates, c)
		}
		if a.Count <= 0 {
			return fmt.Errorf("%s: count must be positive", what)
		}
		var err error
		if a.First, err = ja.First.place(); err != nil {
			return fmt.Errorf("%s: first: %w", what, err)
		}
		if _, dup := rep.ambiguous[a.key()]; dup {
			return fmt.Errorf("%s: listed twice", what)
		}
		rep.addAmbiguous(a)
	}
	return nil
}

func (jc jsonCandidate) candidate() (Candidate, error) {
	c := Candidate{Catalog: jc.Catalog, Name: jc.Name, Description: jc.Description}
	var err error
	if err = catalog.CheckID(jc.Catalog); err != nil {
		return c, fmt.Errorf("catalog: %w", err)
	}
	if err = catalog.CheckName(jc.Name); err != nil {
		return c, err
	}
	if err = catalog.CheckDescription(jc.Description); err != nil {
		return c, err
	}
	c.Severity, err = catalog.ParseSeverity(jc.Severity)
	return c, err
}

func (rep *Report) readUnknown(j *jsonReport) error {
	if len(j.Unknown) > MaxUnknown {
		return fmt.Errorf("%d unknown codes listed, more than a report keeps (%d)", len(j.Unknown), MaxUnknown)
	}
	for i, ju := range j.Unknown {
		u := &Unknown{Text: ju.Text, Count: ju.Count}
		what := fmt.Sprintf("unknown[%d]", i)
		switch ju.By {
		case "name":
			u.By = scan.ByName
			if catalog.CheckName(u.Text) != nil {
				return fmt.Errorf("%s: %q is not a code name", what, u.Text)
			}
		case "value":
			u.By = scan.ByValue
			if !isValue(u.Text) {
				return fmt.Errorf("%s: %q is not a code value", what, u.Text)
			}
		default:
			return fmt.Errorf("%s: by must be name or value", what)
		}
		if u.Count <= 0 {
			return fmt.Errorf("%s: count must be positive", what)
		}
		var err error
		if u.First, err = ju.First.place(); err != nil {
			return fmt.Errorf("%s: first: %w", what, err)
		}
		if _, dup := rep.unknown[unknownKey{u.By, u.Text}]; dup {
			return fmt.Errorf("%s: %s listed twice", what, u.Text)
		}
		rep.addUnknown(u)
	}
	return nil
}

func (rep *Report) readInputs(j *jsonReport) error {
	for i, ji := range j.Inputs {
		in := &Input{Name: ji.Name, Label: ji.Label, Lines: ji.Lines, Bytes: ji.Bytes, Occurrences: ji.Occurrences, Unknown: ji.Unknown, Error: ji.Error}
		what := fmt.Sprintf("inputs[%d]", i)
		if ji.Ambiguous != nil {
			if !rep.Named {
				return fmt.Errorf("%s: ambiguous values in a %s report, which has none", what, FormatVersion)
			}
			in.Ambiguous = *ji.Ambiguous
		}
		var err error
		if in.BySeverity, err = ji.BySeverity.counts(what); err != nil {
			return err
		}
		if in.Lines < 0 || in.Bytes < 0 || in.Occurrences < 0 || in.Unknown < 0 || in.Ambiguous < 0 {
			return fmt.Errorf("%s: negative count", what)
		}
		rep.Inputs = append(rep.Inputs, in)
	}
	return nil
}

func (rep *Report) readTimeline(j *jsonReport) error {
	var err error
	if rep.Timeline.Dated, err = readMinutes(j.Timeline.Dated, func(s string) (int64, error) {
		tm, err := time.Parse("2006-01-02T15:04Z", s)
		return floorDiv(tm.Unix(), 60), err
	}); err != nil {
		return fmt.Errorf("timeline: %w", err)
	}
	if rep.Timeline.Clock, err = readMinutes(j.Timeline.Clock, func(s string) (int64, error) {
		var h, m int64
		if _, err := fmt.Sscanf(s, "%02d:%02d", &h, &m); err != nil || h > 23 || m > 59 || len(s) != 5 {
			return 0, fmt.Errorf("bad clock minute %q", s)
		}
		return h*60 + m, nil
	}); err != nil {
		return fmt.Errorf("timeline: %w", err)
	}
	return nil
}

func readMinutes(list []jsonMinute, parse func(string) (int64, error)) (map[int64]*Counts, error) {
	if len(list) == 0 {
		return nil, nil
	}
	m := map[int64]*Counts{}
	for _, jm := range list {
		k, err := parse(jm.Minute)
		if err != nil {
			return nil, err
		}
		c, err := jm.Counts.counts(jm.Minute)
		if err != nil {
			return nil, err
		}
		if m[k] != nil {
			return nil, fmt.Errorf("minute %s listed twice", jm.Minute)
		}
		m[k] = &c
	}
	return m, nil
}

// isValue reports whether s is a code value as a report writes it: 1 to 9
// decimal digits, without leading zeros.
func isValue(s string) bool {
	if len(s) > 1 && s[0] == '-' && s[1] != '0' { // a native SDK's -code
		s = s[1:]
	}
	if len(s) == 0 || len(s) > 9 || s[0] == '0' && len(s) > 1 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// sum adds counts, failing when the sum would not fit an int64 (only a
// forged report gets there: 2^63 bytes is 9 exabytes).
type sum struct {
	n        int64
	overflow bool
}

func (s *sum) add(v int64) {
	if v > 0 && s.n > math.MaxInt64-v || v < 0 && s.n < math.MinInt64-v {
		s.overflow = true
	}
	s.n += v
}

// check verifies that a report read back adds up: no count is negative,
// the codes and the severities add up to the occurrences, and the inputs to
// every total.
func (r *Report) check() error {
	t := &r.Totals
	if t.Lines < 0 || t.Bytes < 0 || t.Occurrences < 0 || t.Unknown < 0 || t.Ambiguous < 0 || t.InputsFailed < 0 {
		return errors.New("totals: negative count")
	}
	var amb sum
	for _, a := range r.Ambiguous {
		amb.add(a.Count)
	}
	if amb.overflow || amb.n != t.Ambiguous {
		return fmt.Errorf("ambiguous values add up to %d occurrences, totals say %d", amb.n, t.Ambiguous)
	}
	var occ, sev sum
	for _, c := range r.Codes {
		occ.add(c.Count)
	}
	for _, n := range t.BySeverity {
		sev.add(n)
	}
	if occ.overflow || sev.overflow {
		return errors.New("counts too large")
	}
	if occ.n != t.Occurrences {
		return fmt.Errorf("codes add up to %d occurrences, totals say %d", occ.n, t.Occurrences)
	}
	if sev.n != occ.n {
		return fmt.Errorf("severities add up to %d occurrences, totals say %d", sev.n, occ.n)
	}
	if len(r.Inputs) != t.Inputs {
		return fmt.Errorf("%d inputs listed, totals say %d", len(r.Inputs), t.Inputs)
	}
	if t.InputsFailed > t.Inputs {
		return fmt.Errorf("%d inputs failed of %d", t.InputsFailed, t.Inputs)
	}
	var lines, bytes, inOcc, unknown, inAmb sum
	for _, in := range r.Inputs {
		lines.add(in.Lines)
		bytes.add(in.Bytes)
		inOcc.add(in.Occurrences)
		unknown.add(in.Unknown)
		inAmb.add(in.Ambiguous)
	}
	for _, c := range []struct {
		what string
		sum  sum
		want int64
	}{{"lines", lines, t.Lines}, {"bytes", bytes, t.Bytes}, {"occurrences", inOcc, t.Occurrences}, {"unknown", unknown, t.Unknown}, {"ambiguous", inAmb, t.Ambiguous}} {
		if c.sum.overflow {
			return errors.New("counts too large")
		}
		if c.sum.n != c.want {
			return fmt.Errorf("inputs add up to %d %s, totals say %d", c.sum.n, c.what, c.want)
		}
	}
	return nil
}
