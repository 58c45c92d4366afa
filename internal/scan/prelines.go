package scan

import (
	"bytes"

	"github.com/codewatch/codewatch/internal/catalog"
)

// preLines are the lines with codes of a block, read in their SDK and
// resolved, ready to be handed to a sink in order (replay): by the
// reader's own state for the block it emits, or by the parallel reader's
// ahead stage, which reads the blocks in order, from the context the
// block before left (start). The consumer checks that start is its own
// context before it replays them (it always is: Reader.redone counts the
// blocks it had to read again).
type preLines struct {
	start, end catalog.SDKs // the context the block was read in, and the one it leaves
	lines      []preLine
	ms         []Match // the lines' matches, each line's in a run
	tail       int     // the plain lines after the last with codes
}

// preLine is a line with codes, b[ls:le] (le its '\n', or the end of b),
// after gap plain lines; its codes, unknowns and ambiguous values are
// ms[m0:c], ms[c:u] and ms[u:a].
type preLine struct {
	ls, le, gap int
	m0, c, u, a int32
	sdks        catalog.SDKs
}

// pre reads the lines of b, whose matches are ms, in their SDK, from the
// context s.ctx, into p; s.ctx is left as they leave it.
func (s *lineState) pre(b []byte, ms []Match, p *preLines) {
	p.start = s.ctx
	p.lines, p.ms = p.lines[:0], p.ms[:0]
	cursor := 0
	s.ctxAt = 0
	for i := 0; i < len(ms); {
		at := ms[i].Start
		ls := cursor + bytes.LastIndexByte(b[cursor:at], '\n') + 1
		le := len(b)
		if k := bytes.IndexByte(b[at:], '\n'); k >= 0 {
			le = at + k
		}
		j := i + 1
		for j < len(ms) && ms[j].Start < le {
			j++
		}
		s.foldTo(b, ls)
		l := s.fill(b, ls, le, ms[i:j])
		i = j
		if !l.HasCodes() {
			continue // codes below --min-severity: a plain line
		}
		pl := preLine{ls: ls, le: le, m0: int32(len(p.ms)), sdks: l.SDKs}
		if ls > cursor {
			pl.gap = bytes.Count(b[cursor:ls], []byte{'\n'})
		}
		p.ms = append(p.ms, l.Codes...)
		pl.c = int32(len(p.ms))
		p.ms = append(p.ms, l.Unknown...)
		pl.u = int32(len(p.ms))
		p.ms = append(p.ms, l.Ambiguous...)
		pl.a = int32(len(p.ms))
		p.lines = append(p.lines, pl)
		cursor = min(le+1, len(b))
	}
	s.foldTo(b, len(b)) // the context the next block is read in
	p.end = s.ctx
	p.tail = 0
	if cursor < len(b) {
		p.tail = bytes.Count(b[cursor:], []byte{'\n'})
		if b[len(b)-1] != '\n' {
			p.tail++ // the last line of the input, without an ending
		}
	}
}

// replay hands the lines of b that p holds to the sink, and the plain
// runs between them to a sink that takes them.
func (rd *Reader) replay(b []byte, p *preLines, st *Stats) error {
	cursor := 0
	for i := range p.lines {
		pl := &p.lines[i]
		if pl.ls > cursor {
			if err := rd.plain(b[cursor:pl.ls], pl.gap); err != nil {
				return err
			}
			st.Lines += int64(pl.gap)
		}
		l := &rd.line
		setText(l, b, pl.ls, pl.le)
		l.Codes = p.ms[pl.m0:pl.c:pl.c]
		l.Unknown = p.ms[pl.c:pl.u:pl.u]
		l.Ambiguous = p.ms[pl.u:pl.a:pl.a]
		l.SDKs = pl.sdks
		l.Num = rd.base + st.Lines + 1
		if err := rd.out.Line(l); err != nil {
			return err
		}
		st.Lines++
		cursor = min(pl.le+1, len(b))
	}
	if cursor < len(b) {
		if err := rd.plain(b[cursor:], p.tail); err != nil {
			return err
		}
		st.Lines += int64(p.tail)
	}
	return nil
}

// setText sets l's text and ending to those of the line b[ls:le] (le is
// the '\n' or the end of b).
func setText(l *Line, b []byte, ls, le int) {
	l.Long = false
	l.Text = b[ls:le]
	l.EOL = b[le:min(le+1, len(b))]
	if le > ls && b[le-1] == '\r' && len(l.EOL) == 1 {
		l.Text = b[ls : le-1]
		l.EOL = b[le-1 : le+1]
	}
	l.Len = int64(len(l.Text))
}
