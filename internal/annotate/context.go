package annotate

import (
	"bytes"

	"github.com/codewatch/codewatch/internal/scan"
)

// context is what the text writer keeps for Options.Before and After:
// the lines before the next line with codes, and how many lines after the
// last one are still to be written.
type context struct {
	ring  []ctxLine // the last lines without codes, oldest at head
	head  int
	n     int
	after int   // lines of context still to write after a line with codes
	last  int64 // the last line written of this input; -1 for none yet
	any   bool  // a line was written, of any input: a new group is separated
}

// ctxLine is a line held for context: its number, text and ending.
type ctxLine struct {
	num       int64
	text, eol []byte
}

// restart begins a new input: nothing of the one before is context.
func (c *context) restart() {
	c.head, c.n, c.after, c.last = 0, 0, 0, -1
}

// push holds a line, dropping the oldest when size are held.
func (c *context) push(size int, num int64, text, eol []byte) {
	if size <= 0 {
		return
	}
	if len(c.ring) < size {
		c.ring = append(c.ring, ctxLine{})
	}
	i := (c.head + c.n) % len(c.ring)
	if c.n == len(c.ring) {
		i = c.head
		c.head = (c.head + 1) % len(c.ring)
	} else {
		c.n++
	}
	e := &c.ring[i]
	e.num = num
	e.text = append(e.text[:0], text...)
	e.eol = append(e.eol[:0], eol...)
}

// Skip implements scan.SkipSink: n lines were left out (outside --since
// and --until), so the lines after them are numbered right, and nothing
// before them is context of what comes after.
func (t *Text) Skip(n int) error {
	t.num += int64(n)
	if t.ctx != nil {
		t.ctx.head, t.ctx.n, t.ctx.after = 0, 0, 0
	}
	return nil
}

// contextTo readies the writer for line num: lines were skipped before it
// (long lines without codes that -o never sees) when it is not the next
// one, and nothing before them is context. Before a line with codes it
// writes the lines held before it, and the group's separator.
func (t *Text) contextTo(num int64, match bool) error {
	c := t.ctx
	if num != t.num {
		c.head, c.n, c.after = 0, 0, 0
		t.num = num
	}
	if !match {
		return nil
	}
	b := t.buf[:0]
	for ; c.n > 0; c.n-- {
		e := &c.ring[c.head]
		c.head = (c.head + 1) % len(c.ring)
		b = t.contextText(b, e.num, e.text, e.eol)
	}
	c.head = 0
	b = t.separator(b, num)
	c.last, c.any, c.after = num, true, t.opt.After
	t.num = num
	return t.flush(b)
}

// separator appends "--" when line num does not follow the last line
// written (of this input), as grep separates groups of context.
func (t *Text) separator(b []byte, num int64) []byte {
	c := t.ctx
	if !c.any || num == c.last+1 {
		return b
	}
	if t.open {
		b = append(b, '\n')
		t.open = false
	}
	b = t.sgr(b, "--", "36")
	return append(b, '\n')
}

// contextText appends line num as a line of context: its prefix's parts
// followed by '-', its text as it is (escaped on a terminal), no
// annotation.
func (t *Text) contextText(b []byte, num int64, text, eol []byte) []byte {
	b = t.separator(b, num)
	t.num = num
	b = t.prefixSep(b, "-")
	b = t.text(b, text)
	b = append(b, eol...)
	t.open = len(eol) == 0
	t.ctx.last, t.ctx.any = num, true
	t.num = num + 1
	return b
}

// contextLine takes a line without codes that came to Line (its codes
// were below --min-severity, say): context after the last line with
// codes, or held as context before the next.
func (t *Text) contextLine(text, eol []byte) error {
	c := t.ctx
	if c.after > 0 {
		c.after--
		return t.flush(t.contextText(t.buf[:0], t.num, text, eol))
	}
	c.push(t.opt.Before, t.num, text, eol)
	t.num++
	return nil
}

// contextRun takes a run of n lines without codes: the first ones are
// context after the last line with codes, the last ones are held as
// context before the next. Only these are looked at line by line.
func (t *Text) contextRun(raw []byte, n int) error {
	c := t.ctx
	b := t.buf[:0]
	for n > 0 && c.after > 0 {
		text, eol, rest := cutLine(raw)
		b = t.contextText(b, t.num, text, eol)
		raw, n = rest, n-1
		c.after--
	}
	if err := t.flush(b); err != nil || n == 0 {
		return err
	}
	if k := min(t.opt.Before, n); k > 0 {
		num := t.num + int64(n-k)
		for rest := raw[lastLines(raw, k):]; len(rest) > 0; num++ {
			var text, eol []byte
			text, eol, rest = cutLine(rest)
			c.push(t.opt.Before, num, text, eol)
		}
	}
	t.num += int64(n)
	return nil
}

// cutLine splits the first line off raw: its text, its ending ("\n",
// "\r\n" or none) and the rest.
func cutLine(raw []byte) (text, eol, rest []byte) {
	k := bytes.IndexByte(raw, '\n')
	if k < 0 {
		return raw, nil, nil
	}
	end := k
	if k > 0 && raw[k-1] == '\r' {
		end = k - 1
	}
	return raw[:end], raw[end : k+1], raw[k+1:]
}

// lastLines returns where the last k lines of raw begin (the last may
// lack its ending).
func lastLines(raw []byte, k int) int {
	end := len(raw)
	if end > 0 && raw[end-1] == '\n' {
		end--
	}
	for ; k > 0; k-- {
		j := bytes.LastIndexByte(raw[:end], '\n')
		if j < 0 {
			return 0
		}
		end = j
	}
	return end + 1
}

// span is a matched text of a line, to highlight in its colour.
type span struct {
	start, end int
	color      string
}

// highlighted appends the line's text with its matched texts highlighted
// when colour is on (bold, in the colour of their severity); without
// colour, the text as it is (escaped on a terminal).
func (t *Text) highlighted(b []byte, l *scan.Line) []byte {
	if !t.opt.Color {
		return t.text(b, l.Text)
	}
	sp := t.spans[:0]
	for _, m := range l.Codes {
		sp = append(sp, span{m.Start, m.End, severityColor[m.Code.Severity]})
	}
	for _, m := range l.Ambiguous {
		sp = append(sp, span{m.Start, m.End, severityColor[m.Ambiguous.Severity()]})
	}
	if t.opt.Unknown {
		for _, m := range l.Unknown {
			sp = append(sp, span{m.Start, m.End, "34"})
		}
	}
	for i := 1; i < len(sp); i++ {
		for j := i; j > 0 && sp[j].start < sp[j-1].start; j-- {
			sp[j], sp[j-1] = sp[j-1], sp[j]
		}
	}
	at := 0
	for _, s := range sp {
		if s.start < at || s.end > len(l.Text) {
			continue // within one highlighted already
		}
		b = t.text(b, l.Text[at:s.start])
		b = append(b, "\x1b[1;"...)
		b = append(b, s.color...)
		b = append(b, 'm')
		b = t.text(b, l.Text[s.start:s.end])
		b = append(b, "\x1b[0m"...)
		at = s.end
	}
	t.spans = sp[:0]
	return t.text(b, l.Text[at:])
}
