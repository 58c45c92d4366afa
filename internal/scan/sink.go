package scan

// Sink receives the lines a Reader reads that carry codes, or every line
// with Options.EveryLine. It is the one method a sink must have: a counter
// needs nothing else. The line and all it points to are valid only during
// the call.
//
// A sink that wants more says so by having the methods of PlainSink (the
// lines without codes, raw) or LongSink (the content of lines longer than
// the buffer, as it is read); the Reader looks once per Scan. Without
// LongSink, a long line that carries codes comes to Line with Long set
// and only its head in Text.
type Sink interface {
	Line(l *Line) error
}

// PlainSink is a Sink that also receives the runs of complete lines that
// carry no codes, raw, with their line endings (the last line of the input
// may lack one): a filter that writes every line. It is not called when the
// reader reports every line (Options.EveryLine).
type PlainSink interface {
	Sink
	Plain(raw []byte, lines int) error
}

// LongSink is a Sink that receives a line longer than the buffer in
// pieces, as it is read, when Options.Body asks for its content: its start
// (Text is the head, no codes yet), its content in order, and its end
// (codes and line ending).
type LongSink interface {
	Sink
	LongBegin(l *Line) error
	LongPart(p []byte) error
	LongEnd(l *Line) error
}

// SkipSink is a Sink told of the lines that a filter between the Reader
// and it left out (search's time window), so that it can number the lines
// after them and know they do not follow the lines before.
type SkipSink interface {
	Sink
	Skip(lines int) error
}

// outlet is a sink with its optional methods looked up once.
type outlet struct {
	Sink
	plain PlainSink // nil: plain lines are only counted
	long  LongSink  // nil: long lines come to Line, without their content
}

func newOutlet(s Sink) outlet {
	o := outlet{Sink: s}
	o.plain, _ = s.(PlainSink)
	o.long, _ = s.(LongSink)
	return o
}

// Tee returns a sink that hands every line to each of sinks in turn, and
// stops at the first error. Plain runs go to those sinks that take them;
// the pieces of a long line go to those that take pieces, and the others
// are given the finished line through Line.
func Tee(sinks ...Sink) Sink {
	t := &tee{all: sinks}
	for _, s := range sinks {
		o := newOutlet(s)
		if o.plain != nil {
			t.plain = append(t.plain, o.plain)
		}
		if o.long != nil {
			t.long = append(t.long, o.long)
		} else {
			t.lineOnly = append(t.lineOnly, s)
		}
	}
	switch {
	case len(t.plain) > 0 && len(t.long) > 0:
		return t
	case len(t.plain) > 0:
		return plainTee{t}
	case len(t.long) > 0:
		return longTee{t}
	}
	return lineTee{t}
}

// tee is Tee's sink. The wrappers below give it only the methods some of
// its sinks have, so that the reader does no work for methods nobody needs
// (plain runs for counters alone, the content of long lines for sinks that
// only count them).
type tee struct {
	all      []Sink
	plain    []PlainSink
	long     []LongSink
	lineOnly []Sink // the sinks that are not LongSinks
}

type (
	lineTee  struct{ t *tee }
	plainTee struct{ t *tee }
	longTee  struct{ t *tee }
)

func (s lineTee) Line(l *Line) error             { return s.t.Line(l) }
func (s plainTee) Line(l *Line) error            { return s.t.Line(l) }
func (s plainTee) Plain(raw []byte, n int) error { return s.t.Plain(raw, n) }
func (s longTee) Line(l *Line) error             { return s.t.Line(l) }
func (s longTee) LongBegin(l *Line) error        { return s.t.LongBegin(l) }
func (s longTee) LongPart(p []byte) error        { return s.t.LongPart(p) }
func (s longTee) LongEnd(l *Line) error          { return s.t.LongEnd(l) }

func (t *tee) Line(l *Line) error {
	for _, s := range t.all {
		if err := s.Line(l); err != nil {
			return err
		}
	}
	return nil
}

func (t *tee) Plain(raw []byte, lines int) error {
	for _, s := range t.plain {
		if err := s.Plain(raw, lines); err != nil {
			return err
		}
	}
	return nil
}

func (t *tee) LongBegin(l *Line) error {
	for _, s := range t.long {
		if err := s.LongBegin(l); err != nil {
			return err
		}
	}
	return nil
}

func (t *tee) LongPart(p []byte) error {
	for _, s := range t.long {
		if err := s.LongPart(p); err != nil {
			return err
		}
	}
	return nil
}

func (t *tee) LongEnd(l *Line) error {
	for _, s := range t.long {
		if err := s.LongEnd(l); err != nil {
			return err
		}
	}
	for _, s := range t.lineOnly {
		if err := s.Line(l); err != nil {
			return err
		}
	}
	return nil
}

var (
	_ PlainSink = (*tee)(nil)
	_ LongSink  = (*tee)(nil)
	_ PlainSink = plainTee{}
	_ LongSink  = longTee{}
)
