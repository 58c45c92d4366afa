// Package annotate writes annotated lines: the text form, where each line
// comes out byte for byte with its codes appended on the same line, and
// JSON Lines. Its writers are scan.Sinks; they write to an io.Writer and
// know nothing of files or flags.
package annotate

import (
	"bytes"
	"io"
	"strconv"

	"github.com/codewatch/codewatch/internal/catalog"
	"github.com/codewatch/codewatch/internal/scan"
	"github.com/codewatch/codewatch/internal/timestamp"
)

// Options configure the writers.
type Options struct {
	// JSON writes JSON Lines (New); the text form otherwise.
	JSON bool
	// OnlyMatching writes only the lines that carry codes.
	OnlyMatching bool
	// Color colours annotations with ANSI escapes (text only).
	Color bool
	// Escape makes control characters in log lines visible, so that what
	// a log line holds can never act on a terminal (text only).
	Escape bool
	// WithFile and WithLine prefix each line with its input's name and its
	// line number, grep-style ("file:12:line") (text only).
	WithFile bool
	WithLine bool
	// Unknown annotates the unknown codes too (the matcher must report
	// them): "unknown ERR_SOMETHING: not in the catalog" (text), an
	// "unknown" member (JSON). Without it they are not shown.
	Unknown bool
	// Before and After, with OnlyMatching, are how many lines before and
	// after each line with codes are written too, as grep -B and -A:
	// unannotated, their prefixes separated by '-' where a line with codes
	// has ':', and groups that do not touch separated by "--" (text only).
	Before, After int
	// Set, when not nil, is the set of catalogs the codes come from: each
	// code is said with its SDK (text) or its catalog (JSON), and values
	// whose SDK no cue told are said for what they are (SPEC §6.3). Nil
	// for the one default catalog: the output of SPEC §3, as it was.
	Set *catalog.Set
}

// Writer is what both forms are: a scan.Sink told when each input
// begins, so that it can name the input in prefixes and in JSON.
type Writer interface {
	scan.Sink
	// Start begins a new input named name ("-" for standard input).
	Start(name string)
}

// New returns the writer of the form opt asks for: JSON Lines or text.
func New(w io.Writer, opt Options) Writer {
	if opt.JSON {
		return NewJSON(w, opt)
	}
	return NewText(w, opt)
}

// Separator stands between a line and its annotation.
const Separator = "\t[codewatch] "

// Text writes the text form. Call Start before each input.
type Text struct {
	w     io.Writer
	opt   Options
	file  []byte // the input's name for prefixes, escaped as needed
	num   int64  // number of the next line, for prefixes
	open  bool   // the output ends in a line without a line ending
	buf   []byte
	vis   escaper
	spans []span // the matched texts of the line being written, to highlight
	ctx   *context
}

// NewText returns a text writer.
func NewText(w io.Writer, opt Options) *Text {
	t := &Text{w: w, opt: opt, buf: make([]byte, 0, 4096)}
	if opt.OnlyMatching && (opt.Before > 0 || opt.After > 0) {
		t.ctx = &context{}
	}
	return t
}

// Start begins a new input named name.
func (t *Text) Start(name string) {
	t.num = 1
	t.file = t.file[:0]
	if t.opt.WithFile {
		t.file = t.text(t.file, []byte(name))
	}
	if t.ctx != nil {
		t.ctx.restart()
	}
}

// Plain implements scan.PlainSink.
func (t *Text) Plain(raw []byte, n int) error {
	if t.ctx != nil {
		return t.contextRun(raw, n)
	}
	if t.opt.OnlyMatching {
		t.num += int64(n)
		return nil
	}
	if !t.opt.Escape && !t.opt.WithFile && !t.opt.WithLine {
		if err := t.close(); err != nil {
			return err
		}
		t.num += int64(n)
		t.open = len(raw) > 0 && raw[len(raw)-1] != '\n'
		_, err := t.w.Write(raw)
		return err
	}
	// Lines get a prefix, or escaping: build them up in t.buf and write
	// in large pieces.
	b := t.buf[:0]
	for len(raw) > 0 {
		end := len(raw)
		next := end
		if k := bytes.IndexByte(raw, '\n'); k >= 0 {
			end, next = k, k+1
			if k > 0 && raw[k-1] == '\r' {
				end = k - 1
			}
		}
		b = t.prefix(b)
		b = t.text(b, raw[:end])
		b = append(b, raw[end:next]...)
		t.open = next == end
		t.num++
		raw = raw[next:]
		if len(b) >= 64<<10 {
			if err := t.flush(b); err != nil {
				return err
			}
			b = t.buf[:0]
		}
	}
	return t.flush(b)
}

func (t *Text) plainLine(text, eol []byte) error {
	b := t.prefix(t.buf[:0])
	b = t.text(b, text)
	b = append(b, eol...)
	t.open = len(eol) == 0
	t.num++
	return t.flush(b)
}

// close ends a line left open by an input that ended without a line
// ending, before anything else is written.
// TakeOpen reports whether the last line written lacked its newline (the
// input's last line had none), and forgets it: the next line this writer
// writes does not end it first. A caller joining the output of several
// writers ends it itself, before whatever any of them writes next.
func (t *Text) TakeOpen() bool {
	open := t.open
	t.open = false
	return open
}

func (t *Text) close() error {
	if !t.open {
		return nil
	}
	t.open = false
	_, err := t.w.Write([]byte{'\n'})
	return err
}

func (t *Text) flush(b []byte) error {
	t.buf = b[:0]
	_, err := t.w.Write(b)
	return err
}

func (t *Text) prefix(b []byte) []byte { return t.prefixSep(b, ":") }

// prefixSep appends the prefix of the line t.num, its parts followed by
// sep: ":" for a line with codes, "-" for a line of context, as grep.
func (t *Text) prefixSep(b []byte, sep string) []byte {
	if t.open {
		b = append(b, '\n')
		t.open = false
	}
	if t.opt.WithFile {
		b = append(b, t.file...)
		b = t.sgr(b, sep, "36")
	}
	if t.opt.WithLine {
		b = strconv.AppendInt(b, t.num, 10)
		b = t.sgr(b, sep, "36")
	}
	return b
}

func (t *Text) text(b, p []byte) []byte {
	if !t.opt.Escape {
		return append(b, p...)
	}
	b = t.vis.append(b, p)
	return t.vis.flush(b)
}

// sgr appends s, coloured with the SGR parameters when colour is on.
func (t *Text) sgr(b []byte, s, params string) []byte {
	if !t.opt.Color {
		return append(b, s...)
	}
	b = append(b, "\x1b["...)
	b = append(b, params...)
	b = append(b, 'm')
	b = append(b, s...)
	return append(b, "\x1b[0m"...)
}

// Line implements scan.Sink.
func (t *Text) Line(l *scan.Line) error {
	if t.ctx != nil {
		if err := t.contextTo(l.Num, t.opt.annotated(l)); err != nil {
			return err
		}
		if !t.opt.annotated(l) {
			return t.contextLine(l.Text, l.EOL)
		}
	}
	t.num = l.Num
	if !t.opt.annotated(l) {
		if t.opt.OnlyMatching {
			t.num++
			return nil
		}
		return t.plainLine(l.Text, l.EOL)
	}
	b := t.prefix(t.buf[:0])
	b = t.highlighted(b, l)
	b = t.annotation(b, l)
	b = append(b, l.EOL...)
	t.open = len(l.EOL) == 0
	t.num++
	return t.flush(b)
}

// LongBegin implements scan.LongSink.
func (t *Text) LongBegin(l *scan.Line) error {
	if t.ctx != nil {
		if err := t.contextTo(l.Num, true); err != nil {
			return err
		}
	}
	t.num = l.Num
	return t.flush(t.prefix(t.buf[:0]))
}

// LongPart implements scan.LongSink.
func (t *Text) LongPart(p []byte) error {
	if !t.opt.Escape {
		_, err := t.w.Write(p)
		return err
	}
	return t.flush(t.vis.append(t.buf[:0], p))
}

// LongEnd implements scan.LongSink.
func (t *Text) LongEnd(l *scan.Line) error {
	b := t.vis.flush(t.buf[:0])
	if t.opt.annotated(l) {
		b = t.annotation(b, l)
	}
	b = append(b, l.EOL...)
	t.open = len(l.EOL) == 0
	t.num++
	return t.flush(b)
}

// annotated reports whether a line gets an annotation: it carries codes,
// or values of more than one meaning, or, with Unknown, unknown codes.
func (o *Options) annotated(l *scan.Line) bool {
	return len(l.Codes) > 0 || len(l.Ambiguous) > 0 || o.Unknown && len(l.Unknown) > 0
}

// annotation appends the separator and, for each code, "severity NAME
// (value): description", joined by " | ". With a set of catalogs, the
// code's SDK stands before its name ("error web-4.x
// CAN_NOT_GET_GATEWAY_SERVER: …"), a code chosen with no SDK known says so,
// and a value whose catalogs disagree lists its meanings.
func (t *Text) annotation(b []byte, l *scan.Line) []byte {
	b = t.sgr(b, Separator, "2")
	for i, m := range l.Codes {
		if i > 0 {
			b = t.sgr(b, " | ", "2")
		}
		b = t.code(b, &m)
	}
	for i, m := range l.Ambiguous {
		if i > 0 || len(l.Codes) > 0 {
			b = t.sgr(b, " | ", "2")
		}
		a := m.Ambiguous
		b = t.sgr(b, a.Severity().String(), severityColor[a.Severity()])
		b = append(b, " ambiguous ("...)
		b = strconv.AppendInt(b, int64(a.Value), 10)
		b = append(b, ", no SDK known): "...)
		for k, c := range a.Candidates {
			if k > 0 {
				b = append(b, "; or "...)
			}
			b = append(b, catalog.ShortID(c.Catalog().ID)...)
			b = append(b, ' ')
			b = t.sgr(b, c.Name, "1")
			b = append(b, ": "...)
			b = append(b, c.Description...)
		}
	}
	if t.opt.Unknown {
		b = t.unknown(b, l, len(l.Codes)+len(l.Ambiguous) > 0)
	}
	return b
}

// unknown appends the annotations of the line's unknown codes, after a
// " | " when more stands before them: "unknown ERR_SOMETHING: not in the
// catalog", "unknown 4242: not in the catalog" for a number.
func (t *Text) unknown(b []byte, l *scan.Line, more bool) []byte {
	for i, m := range l.Unknown {
		if i > 0 || more {
			b = t.sgr(b, " | ", "2")
		}
		b = t.sgr(b, "unknown", "34")
		b = append(b, ' ')
		if t.opt.Color {
			b = append(b, "\x1b[1m"...)
		}
		if m.By == scan.ByValue {
			b = strconv.AppendInt(b, int64(m.Value), 10)
		} else {
			b = append(b, l.UnknownText(i)...) // [A-Z0-9_]: nothing to escape
		}
		if t.opt.Color {
			b = append(b, "\x1b[0m"...)
		}
		if t.opt.Set != nil {
			b = append(b, ": in none of the catalogs"...)
		} else {
			b = append(b, ": not in the catalog"...)
		}
	}
	return b
}

// code appends one code's annotation.
func (t *Text) code(b []byte, m *scan.Match) []byte {
	c := m.Code
	b = t.sgr(b, c.Severity.String(), severityColor[c.Severity])
	b = append(b, ' ')
	if t.opt.Set != nil {
		b = append(b, catalog.ShortID(c.Catalog().ID)...)
		b = append(b, ' ')
	}
	b = t.sgr(b, c.Name, "1")
	note := t.opt.Set != nil && (m.Chosen == scan.ByAgreement || m.Chosen == scan.ByFirst)
	if c.HasValue || note {
		b = append(b, " ("...)
		if c.HasValue {
			b = strconv.AppendInt(b, int64(c.Value), 10)
			if note {
				b = append(b, "; "...)
			}
		}
		switch {
		case note && m.Chosen == scan.ByAgreement:
			b = append(b, "no SDK known, the same in "...)
			b = t.sdkList(b, m.Agree)
		case note:
			b = append(b, "no SDK known: the first catalog's"...)
		}
		b = append(b, ')')
	}
	b = append(b, ": "...)
	return append(b, c.Description...)
}

// sdkList appends the short ids of the catalogs of sdks, joined by ", ".
func (t *Text) sdkList(b []byte, sdks catalog.SDKs) []byte {
	n := 0
	for i, c := range t.opt.Set.Catalogs() {
		if sdks.Has(i) {
			if n > 0 {
				b = append(b, ", "...)
			}
			b = append(b, catalog.ShortID(c.ID)...)
			n++
		}
	}
	return b
}

var severityColor = map[catalog.Severity]string{
	catalog.Info:     "36",
	catalog.Warn:     "33",
	catalog.Err:      "31",
	catalog.Critical: "1;35",
}

// JSON writes JSON Lines in the schema of SPEC §3: one object per line
// written. Call Start before each input. Without OnlyMatching it expects
// every line (scan.Options.EveryLine): it takes no plain runs.
type JSON struct {
	w    io.Writer
	opt  Options
	file []byte // the input's name, quoted
	buf  []byte
	str  jsonString
	head timestamp.Time // the time of the long line being written
}

// NewJSON returns a JSON Lines writer.
func NewJSON(w io.Writer, opt Options) *JSON {
	return &JSON{w: jsonOut(w, opt), opt: opt, buf: make([]byte, 0, 4096)}
}

// Start begins a new input named name.
func (j *JSON) Start(name string) {
	j.file = appendQuoted(j.file[:0], []byte(name))
}

func (j *JSON) open(b []byte, l *scan.Line) []byte {
	b = append(b, `{"file":`...)
	b = append(b, j.file...)
	b = append(b, `,"line":`...)
	b = strconv.AppendInt(b, l.Num, 10)
	return append(b, `,"text":"`...)
}

// Line implements scan.Sink.
func (j *JSON) Line(l *scan.Line) error {
	if j.opt.OnlyMatching && !j.opt.annotated(l) {
		return nil
	}
	b := j.open(j.buf[:0], l)
	b = appendJSON(b, l.Text)
	b = append(b, '"')
	if !validUTF8(l.Text) {
		b = append(b, `,"bytes":"`...)
		b = appendBase64(b, l.Text)
		b = append(b, '"')
	}
	b = j.close(b, l, timestamp.Parse(l.Text))
	j.buf = b[:0]
	_, err := j.w.Write(b)
	return err
}

// close writes the time and the codes and ends the object.
func (j *JSON) close(b []byte, l *scan.Line, tm timestamp.Time) []byte {
	if tm.Kind != timestamp.None {
		b = append(b, `,"time":"`...)
		b = tm.AppendFormat(b)
		b = append(b, '"')
	}
	set := j.opt.Set
	if set != nil {
		b = append(b, `,"sdk":[`...)
		b = j.catalogList(b, l.SDKs)
		b = append(b, ']')
	}
	b = append(b, `,"codes":[`...)
	for i, m := range l.Codes {
		if i > 0 {
			b = append(b, ',')
		}
		b = j.code(b, m.Code)
		if set != nil {
			b = append(b, `,"chosen":"`...)
			b = append(b, m.Chosen.String()...)
			b = append(b, '"')
			if m.Chosen == scan.ByAgreement {
				b = append(b, `,"same_in":[`...)
				b = j.catalogList(b, m.Agree)
				b = append(b, ']')
			}
		}
		b = j.place(b, &m, l.CodeText(i))
	}
	b = append(b, ']')
	if set != nil {
		b = append(b, `,"ambiguous":[`...)
		for i, m := range l.Ambiguous {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"value":`...)
			b = strconv.AppendInt(b, int64(m.Value), 10)
			b = append(b, `,"candidates":[`...)
			for k, c := range m.Ambiguous.Candidates {
				if k > 0 {
					b = append(b, ',')
				}
				b = j.code(b, c)
				b = append(b, '}')
			}
			b = append(b, ']')
			b = j.place(b, &m, l.AmbiguousText(i))
		}
		b = append(b, ']')
	}
	if j.opt.Unknown {
		b = j.unknown(b, l)
	}
	return append(b, "}\n"...)
}

// unknown appends the "unknown" member: the line's unknown codes, each
// with its name (null for a number), value (null for a name) and place.
func (j *JSON) unknown(b []byte, l *scan.Line) []byte {
	b = append(b, `,"unknown":[`...)
	for i, m := range l.Unknown {
		if i > 0 {
			b = append(b, ',')
		}
		text := l.UnknownText(i)
		if m.By == scan.ByValue {
			b = append(b, `{"name":null,"value":`...)
			b = strconv.AppendInt(b, int64(m.Value), 10)
		} else {
			b = append(b, `{"name":`...)
			b = appendQuoted(b, text)
			b = append(b, `,"value":null`...)
		}
		b = j.place(b, &m, text)
	}
	return append(b, ']')
}

// code appends a code's members, from its opening brace: name, value,
// kind, severity, description and, with a set, its catalog.
func (j *JSON) code(b []byte, c *catalog.Code) []byte {
	b = append(b, `{"name":`...)
	b = appendQuoted(b, []byte(c.Name))
	if j.opt.Set != nil {
		b = append(b, `,"catalog":`...)
		b = appendQuoted(b, []byte(c.Catalog().ID))
	}
	b = append(b, `,"value":`...)
	if c.HasValue {
		b = strconv.AppendInt(b, int64(c.Value), 10)
	} else {
		b = append(b, "null"...)
	}
	b = append(b, `,"kind":"`...)
	b = append(b, c.Kind.String()...)
	b = append(b, `","severity":"`...)
	b = append(b, c.Severity.String()...)
	b = append(b, `","description":`...)
	return appendQuoted(b, []byte(c.Description))
}

// place appends how a match was found and where, and closes its object.
func (j *JSON) place(b []byte, m *scan.Match, text []byte) []byte {
	b = append(b, `,"by":"`...)
	b = append(b, m.By.String()...)
	b = append(b, `","match":`...)
	b = appendQuoted(b, text)
	b = append(b, `,"start":`...)
	b = strconv.AppendInt(b, int64(m.Start), 10)
	b = append(b, `,"end":`...)
	b = strconv.AppendInt(b, int64(m.End), 10)
	return append(b, '}')
}

// catalogList appends the quoted ids of the catalogs of sdks, joined by
// commas.
func (j *JSON) catalogList(b []byte, sdks catalog.SDKs) []byte {
	n := 0
	for i, c := range j.opt.Set.Catalogs() {
		if sdks.Has(i) {
			if n > 0 {
				b = append(b, ',')
			}
			b = appendQuoted(b, []byte(c.ID))
			n++
		}
	}
	return b
}

// LongBegin implements scan.LongSink.
func (j *JSON) LongBegin(l *scan.Line) error {
	j.head = timestamp.Parse(l.Text)
	b := j.open(j.buf[:0], l)
	j.buf = b[:0]
	_, err := j.w.Write(b)
	return err
}

// LongPart implements scan.LongSink.
func (j *JSON) LongPart(p []byte) error {
	b := j.str.append(j.buf[:0], p)
	j.buf = b[:0]
	_, err := j.w.Write(b)
	return err
}

// LongEnd implements scan.LongSink. The bytes of a long line are not repeated
// in base64: it is not held.
func (j *JSON) LongEnd(l *scan.Line) error {
	b := j.str.flush(j.buf[:0])
	b = append(b, '"')
	b = j.close(b, l, j.head)
	j.buf = b[:0]
	_, err := j.w.Write(b)
	return err
}
