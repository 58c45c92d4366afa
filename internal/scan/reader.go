package scan

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"

	"github.com/codewatch/codewatch/internal/catalog"
)

// Line is a line of input handed to a Sink. It and everything it points to
// are valid only during the call: the reader reuses them.
type Line struct {
	Num  int64  // 1-based line number
	Text []byte // the line without its ending; for a long line, its first HeadSize bytes
	EOL  []byte // "\n", "\r\n", or empty for a last line without one
	Len  int64  // the length of the whole line without its ending

	// Long is set for a line longer than the reader's buffer: its content
	// comes through LongSink.LongPart (or not at all), Text is only its head.
	Long bool

	Codes   []Match // known codes, once each, in the order of the line
	Unknown []Match // unknown codes, once each, in the order of the line
	// Ambiguous holds the values whose meaning differs between the
	// catalogs that have them, with no SDK known: once each, in order.
	Ambiguous []Match
	// SDKs are the line's SDKs, by their place in the matcher's set: what
	// its cues and those of the lines before say (0: none known); every
	// catalog of the set without --sdk auto.
	SDKs catalog.SDKs

	// for long lines, whose text is not held: the matched texts
	codeText, unknownText, ambigText [][]byte
}

// AmbiguousText returns the text that matched l.Ambiguous[i].
func (l *Line) AmbiguousText(i int) []byte {
	if l.Long {
		return l.ambigText[i]
	}
	return l.Text[l.Ambiguous[i].Start:l.Ambiguous[i].End]
}

// HasCodes reports whether the line carries codes: known, unknown or
// ambiguous.
func (l *Line) HasCodes() bool { return len(l.Codes) > 0 || len(l.Unknown) > 0 || len(l.Ambiguous) > 0 }

// CodeText returns the text that matched l.Codes[i] ("code: 101").
func (l *Line) CodeText(i int) []byte {
	if l.Long {
		return l.codeText[i]
	}
	return l.Text[l.Codes[i].Start:l.Codes[i].End]
}

// UnknownText returns the text that matched l.Unknown[i]: the identifier,
// or the keyword and number.
func (l *Line) UnknownText(i int) []byte {
	if l.Long {
		return l.unknownText[i]
	}
	return l.Text[l.Unknown[i].Start:l.Unknown[i].End]
}

// HeadSize is how much of a long line Line.Text holds: enough for its
// timestamp and a preview.
const HeadSize = 4096

// BodyMode says what a sink wants of the content of long lines. It applies
// to a LongSink; any other sink is given long lines as BodyNone says.
type BodyMode uint8

// The body modes.
const (
	// BodyStream passes every long line through LongBegin, LongPart and
	// LongEnd as it is read.
	BodyStream BodyMode = iota
	// BodyMatching passes a long line only when it carries a code: its
	// content is held in a spool file until the first code is seen.
	BodyMatching
	// BodyNone never passes the content of long lines: they come to
	// Line, with Long set, when they carry codes.
	BodyNone
)

// Options configure a Reader.
type Options struct {
	// BufSize is the size of the read buffer and of the longest line held
	// whole (default DefaultBufSize; at least MinBufSize).
	BufSize int
	// EveryLine sends every line to Sink.Line, not only lines with codes.
	EveryLine bool
	// Body says what to do with the content of long lines.
	Body BodyMode
	// MinSeverity drops known codes below it.
	MinSeverity catalog.Severity
	// Only, when set, keeps only the known codes it returns true for, and
	// the ambiguous values with a candidate it keeps (annotate --code): a
	// line whose codes it drops all is a plain line, as one whose codes
	// are below MinSeverity. It is asked only of lines with matches, from
	// the goroutines of every reader that has it (the parallel reader's
	// ahead stage among them): it must be safe for concurrent use.
	Only func(*catalog.Code) bool
	// NewSpool makes the file that holds a long line until its first code
	// (BodyMatching). The default is an unlinked temporary file. An input
	// that is an io.ReaderAt (a plain file) needs no spool: the line is
	// read again from it.
	NewSpool func() (*os.File, error)
	// SpoolLimit bounds the bytes of one line held in the spool (default
	// DefaultSpoolLimit); a longer line with codes is counted in
	// Stats.Dropped instead of shown.
	SpoolLimit int64
	// Workers is how many buffers are searched for codes at once (default
	// 1). With more than one, a goroutine reads ahead and workers search
	// blocks of lines concurrently; the sink still receives every line in
	// order, from the goroutine that called Scan.
	Workers int
	// Idle, when set, is called before the reader may wait for input, so
	// that a filter can flush its output; an error from it stops the scan
	// and is returned as is.
	Idle func() error
}

// DefaultSpoolLimit is the default Options.SpoolLimit.
const DefaultSpoolLimit = 256 << 20

// Buffer sizes.
const (
	DefaultBufSize = 1 << 20
	MinBufSize     = 4 * (Lookback + Lookahead)
)

// Stats counts what a Reader read.
type Stats struct {
	Lines int64
	Bytes int64
	// Dropped counts lines with codes that BodyMatching could not show:
	// longer than SpoolLimit (or the spool failed) on an input that cannot
	// be read again at an offset. FirstDropped is the first one's number.
	Dropped      int64
	FirstDropped int64
}

// ReadError is an error reading the input, as opposed to one returned by the
// sink.
type ReadError struct{ Err error }

func (e *ReadError) Error() string { return e.Err.Error() }
func (e *ReadError) Unwrap() error { return e.Err }

// Reader reads inputs line by line and finds their codes. It reuses its
// buffers across inputs; use one Reader per goroutine.
type Reader struct {
	lineState // the lines of the block being emitted
	buf       []byte

	out  outlet   // the sink of the scan under way
	base int64    // lines before the input's first (ScanAt)
	ms   []Match  // matches of the block being processed
	own  preLines // the lines of the block being processed, serially
	raw  []Match  // a long line's matches, unresolved until its end
	acc  cueAcc   // a long line's cues

	// long lines
	head    []byte
	rawText [][]byte
	spool   *os.File
	copyBuf []byte

	blocks []*block   // the parallel reader's buffers, kept across inputs
	carry  []byte     // the parallel reader's carry buffer, kept across inputs
	ahead  *lineState // the parallel reader's, reading blocks ahead of the consumer
	// redone counts the blocks the consumer read again, the ahead stage's
	// context not its own: never so far (tests hold it to 0).
	redone int
}

// lineState is what reading the lines of a block in their SDK takes: the
// reader's own, and the parallel reader's ahead stage's, which reads the
// blocks' lines in order ahead of the goroutine that hands them on (pre).
type lineState struct {
	m     *Matcher
	opt   Options
	line  Line
	codes []Match
	unk   []Match
	amb   []Match
	// ctx is what the lines read so far say of the input's SDK (SPEC
	// §6.2): the context a line without cues is read in.
	ctx catalog.SDKs
	// ctxAt is where, in the block being emitted, ctx stands: the lines
	// before it are folded into it (lazy.go).
	ctxAt   int
	cues    []Match  // the cues being folded
	scratch *scratch // for the lookups of cues

	// the matched texts of a long line, whose text is not held
	codeText [][]byte
	unkText  [][]byte
	ambText  [][]byte
}

// NewReader returns a reader that finds codes with m.
func NewReader(m *Matcher, opt Options) *Reader {
	if opt.BufSize == 0 {
		opt.BufSize = DefaultBufSize
	}
	opt.BufSize = max(opt.BufSize, MinBufSize)
	if opt.NewSpool == nil {
		opt.NewSpool = func() (*os.File, error) { return TempFile("codewatch-line-") }
	}
	if opt.SpoolLimit == 0 {
		opt.SpoolLimit = DefaultSpoolLimit
	}
	return &Reader{lineState: lineState{m: m, opt: opt, scratch: new(scratch)}, buf: make([]byte, opt.BufSize)}
}

// TempFile makes an unlinked temporary file in $TMPDIR, its name
// starting with prefix, gone when it is closed, even after a crash: the
// spool of a long line, or the output held by an input read ahead of its
// turn.
func TempFile(prefix string) (*os.File, error) {
	f, err := os.CreateTemp("", prefix)
	if err != nil {
		return nil, err
	}
	os.Remove(f.Name()) // unlinked: gone when closed, even after a crash
	return f, nil
}

// Close releases the spool file, if one was made.
// Context returns what the lines read so far say of the input's SDK, for
// an input read in several scans (ScanAt): tail's chunks of a file.
func (rd *Reader) Context() catalog.SDKs { return rd.ctx }

// SetContext sets what the lines before the next ScanAt said of the
// input's SDK.
func (rd *Reader) SetContext(ctx catalog.SDKs) { rd.ctx = ctx }

func (rd *Reader) Close() error {
	if rd.spool == nil {
		return nil
	}
	err := rd.spool.Close()
	rd.spool = nil
	return err
}

// Scan reads r to its end and sends its lines to sink. Lines read before an
// error are all sent, the last partial one included. A read error is
// returned as a *ReadError; an error from the sink stops the scan and is
// returned as is.
func (rd *Reader) Scan(r io.Reader, sink Sink) (Stats, error) {
	rd.ctx = 0
	return rd.ScanAt(r, 0, sink)
}

// ScanAt is Scan for an input that continues one whose first lines were
// read before: the lines are numbered from lines+1, and read in the SDK
// context the reader was left in (SetContext). Stats count what this call
// read.
func (rd *Reader) ScanAt(r io.Reader, lines int64, sink Sink) (Stats, error) {
	rd.out, rd.base = newOutlet(sink), lines
	defer func() { rd.out = outlet{} }()
	return rd.scan(r)
}

func (rd *Reader) scan(r io.Reader) (Stats, error) {
	var st Stats
	buf := rd.buf
	n := 0
	empty := 0 // reads in a row that returned nothing
	if rd.opt.Workers > 1 {
		return rd.scanParallel(r)
	}
	for {
		if rd.opt.Idle != nil {
			if err := rd.opt.Idle(); err != nil {
				return st, err
			}
		}
		k, err := readSome(r, buf[n:], &empty)
		st.Bytes += int64(k)
		// Only the new bytes can hold a line end: the kept tail has none.
		if nl := bytes.LastIndexByte(buf[n:n+k], '\n'); nl >= 0 {
			end := n + nl + 1
			n += k
			if serr := rd.block(buf[:end], &st); serr != nil {
				return st, serr
			}
			n = copy(buf, buf[end:n])
		} else {
			n += k
		}
		if n == len(buf) && err == nil {
			// A line longer than the buffer.
			var serr error
			n, err, serr = rd.long(r, &st)
			if serr != nil {
				return st, serr
			}
			// What was read after it may hold complete lines.
			if nl := bytes.LastIndexByte(buf[:n], '\n'); nl >= 0 {
				if serr := rd.block(buf[:nl+1], &st); serr != nil {
					return st, serr
				}
				n = copy(buf, buf[nl+1:n])
			}
		}
		if err != nil {
			if n > 0 {
				if serr := rd.block(buf[:n], &st); serr != nil {
					return st, serr
				}
			}
			if errors.Is(err, io.EOF) {
				return st, nil
			}
			return st, &ReadError{err}
		}
	}
}

// readSome is one r.Read into p, guarded against readers that break the
// io.Reader contract: a count out of range is an error, and so are 100
// reads in a row that return nothing (empty counts them).
func readSome(r io.Reader, p []byte, empty *int) (int, error) {
	k, err := r.Read(p)
	if k < 0 || k > len(p) {
		return 0, fmt.Errorf("reader returned invalid count %d", k)
	}
	if k == 0 && err == nil {
		if *empty++; *empty > 100 {
			return 0, io.ErrNoProgress
		}
	} else {
		*empty = 0
	}
	return k, err
}

// block handles complete lines (the last may lack its ending at the end of
// input).
func (rd *Reader) block(b []byte, st *Stats) error {
	rd.ms = rd.find(b, rd.ms[:0])
	return rd.emit(b, rd.ms, st)
}

// find returns the matches of the complete lines in b, in order. The cues
// are among them only when every line is sent (EveryLine): else emit looks
// for them in the lines it sends, and the lines before (lazySDKs).
func (rd *Reader) find(b []byte, ms []Match) []Match {
	ms = rd.m.Find(b, 0, len(b), ms)
	if rd.opt.EveryLine {
		ms = rd.m.FindCues(b, 0, len(b), ms)
	}
	sortMatches(ms)
	return ms
}

// sortMatches sorts a block's matches by cmpMatch. The matcher finds them
// nearly in order (a name found from an underscore or joint in its middle
// comes after a number before it: a few hundred out of place in tens of
// thousands), so an insertion sort does it in about one pass; when it has
// moved more than a few times as many as there are, the rest is left to
// slices.SortFunc.
func sortMatches(ms []Match) {
	moves := 0
	for i := 1; i < len(ms); i++ {
		if !less(&ms[i], &ms[i-1]) {
			continue
		}
		x, j := ms[i], i
		for ; j > 0 && less(&x, &ms[j-1]); j-- {
			ms[j] = ms[j-1]
		}
		ms[j] = x
		if moves += i - j; moves > 4*len(ms) {
			slices.SortFunc(ms, cmpMatch)
			return
		}
	}
}

// emit hands the lines of b, whose matches are ms, to the sink.
func (rd *Reader) emit(b []byte, ms []Match, st *Stats) error {
	if rd.opt.EveryLine {
		return rd.everyLine(b, ms, st)
	}
	rd.pre(b, ms, &rd.own)
	return rd.replay(b, &rd.own, st)
}

// plain hands a run of code-free lines to a sink that takes them.
func (rd *Reader) plain(raw []byte, lines int) error {
	if rd.out.plain == nil {
		return nil
	}
	return rd.out.plain.Plain(raw, lines)
}

// everyLine sends each line of b to the sink's Line.
func (rd *Reader) everyLine(b []byte, ms []Match, st *Stats) error {
	i := 0
	for ls := 0; ls < len(b); {
		le := len(b)
		if k := bytes.IndexByte(b[ls:], '\n'); k >= 0 {
			le = ls + k
		}
		j := i
		for j < len(ms) && ms[j].Start < le {
			j++
		}
		l := rd.fill(b, ls, le, ms[i:j])
		i = j
		l.Num = rd.base + st.Lines + 1
		if err := rd.out.Line(l); err != nil {
			return err
		}
		st.Lines++
		ls = le + 1
	}
	return nil
}

// fill sets up rd.line for the line b[ls:le] (le is the '\n' or the end)
// with the line's matches ms, made relative to the line and resolved in
// the line's SDK, once per code.
func (rd *lineState) fill(b []byte, ls, le int, ms []Match) *Line {
	l := &rd.line
	setText(l, b, ls, le)
	rd.codes, rd.unk, rd.amb = rd.codes[:0], rd.unk[:0], rd.amb[:0]
	if rd.opt.EveryLine {
		l.SDKs = rd.lineSDKs(ms)
	} else {
		l.SDKs = rd.lazySDKs(b, ls, le)
	}
	for _, m := range ms {
		if m.By == byCue {
			continue
		}
		m.Start -= ls
		m.End -= ls
		if rd.m.resolve(&m, l.SDKs, l.Text) {
			rd.add(m, l.Text[m.Start:m.End], false)
		}
	}
	l.Codes, l.Unknown, l.Ambiguous = rd.codes, rd.unk, rd.amb
	return l
}

// lineSDKs says the SDKs of a line whose matches are ms, and updates the
// context: from the cues among ms with --sdk auto, else every catalog of
// the set.
func (rd *lineState) lineSDKs(ms []Match) catalog.SDKs {
	if !rd.m.auto {
		return rd.m.set.All()
	}
	var acc cueAcc
	for i := range ms {
		if ms[i].By == byCue {
			acc.add(&ms[i])
		}
	}
	return acc.apply(&rd.ctx)
}

// maxUnknownPerLine bounds the unknown codes kept for one line, so that a
// line of any length takes bounded memory.
const maxUnknownPerLine = 64

// add keeps m if it is the first occurrence in the line of its code (or,
// for unknowns, of its spelling or number); text is the matched text.
// Matches arrive in order within a window, so the first kept is the first
// in the line; across the windows of a long line a later window can still
// hold an earlier start for a value match, so a kept match is replaced by an
// earlier one. In a long line the matched text is copied, as the line is
// not held.
func (rd *lineState) add(m Match, text []byte, long bool) {
	if m.Code != nil {
		if !rd.keepCode(m.Code) {
			return
		}
		for i := range rd.codes {
			if rd.codes[i].Code == m.Code {
				if less(&m, &rd.codes[i]) {
					rd.codes[i] = m
					if long {
						rd.codeText[i] = append(rd.codeText[i][:0], text...)
					}
				}
				return
			}
		}
		rd.codes = append(rd.codes, m)
		if long {
			rd.codeText = append(rd.codeText, append([]byte(nil), text...))
		}
		return
	}
	if m.Ambiguous != nil {
		if !rd.keepAmbiguous(m.Ambiguous) {
			return
		}
		for i := range rd.amb {
			if rd.amb[i].Ambiguous == m.Ambiguous {
				if less(&m, &rd.amb[i]) {
					rd.amb[i] = m
					if long {
						rd.ambText[i] = append(rd.ambText[i][:0], text...)
					}
				}
				return
			}
		}
		rd.amb = append(rd.amb, m)
		if long {
			rd.ambText = append(rd.ambText, append([]byte(nil), text...))
		}
		return
	}
	for i := range rd.unk {
		u := &rd.unk[i]
		if u.By != m.By {
			continue
		}
		same := m.By == ByValue && u.Value == m.Value
		if m.By == ByName {
			if long {
				same = bytes.Equal(rd.unkText[i], text)
			} else {
				same = bytes.Equal(rd.line.Text[u.Start:u.End], text)
			}
		}
		if same {
			if less(&m, u) {
				*u = m
			}
			return
		}
	}
	if len(rd.unk) < maxUnknownPerLine {
		rd.unk = append(rd.unk, m)
		if long {
			rd.unkText = append(rd.unkText, append([]byte(nil), text...))
		}
	}
}

// keepCode reports whether a known code is kept: at or above
// --min-severity, and one Only keeps.
func (rd *lineState) keepCode(c *catalog.Code) bool {
	if rd.opt.MinSeverity != 0 && c.Severity < rd.opt.MinSeverity {
		return false
	}
	return rd.opt.Only == nil || rd.opt.Only(c)
}

// keepAmbiguous reports whether an ambiguous value is kept: at or above
// --min-severity, and with a candidate Only keeps.
func (rd *lineState) keepAmbiguous(a *Ambiguity) bool {
	if rd.opt.MinSeverity != 0 && a.Severity() < rd.opt.MinSeverity {
		return false
	}
	if rd.opt.Only == nil {
		return true
	}
	for _, c := range a.Candidates {
		if rd.opt.Only(c) {
			return true
		}
	}
	return false
}

// long reads a line longer than the buffer in windows: each window keeps
// Lookback bytes before and Lookahead bytes after the part whose matches it
// reports, so that every match sees its whole context (see Matcher.Find).
// buf is full and holds the line's start. It returns the bytes left in buf
// after the line, the read error that ended it (if any) and a sink error.
func (rd *Reader) long(r io.Reader, st *Stats) (n int, rerr, serr error) {
	buf := rd.buf
	n = len(buf)
	l := &rd.line
	*l = Line{Num: rd.base + st.Lines + 1, Long: true}
	rd.head = append(rd.head[:0], buf[:min(n, HeadSize)]...)
	l.Text = rd.head
	rd.codes, rd.unk, rd.codeText, rd.unkText = rd.codes[:0], rd.unk[:0], rd.codeText[:0], rd.unkText[:0]
	rd.amb, rd.ambText, rd.raw, rd.rawText, rd.acc = rd.amb[:0], rd.ambText[:0], rd.raw[:0], rd.rawText[:0], cueAcc{}

	mode, sink := rd.opt.Body, rd.out.long
	if sink == nil {
		mode = BodyNone // the sink does not take the content of long lines
	}
	begun := false
	held := int64(0) // bytes held back until the first code (BodyMatching)
	dropped := false // too long to hold: it cannot be shown
	ra, seekable := r.(io.ReaderAt)
	lineOff := st.Bytes - int64(n) // where the line starts in the input
	if mode == BodyStream {
		if serr = sink.LongBegin(l); serr != nil {
			return 0, nil, serr
		}
		begun = true
	}
	// part hands content on: to the sink, or, until the first code, to
	// nowhere (an input that can be read again at an offset) or to the
	// spool, up to SpoolLimit.
	part := func(p []byte) {
		switch {
		case len(p) == 0 || mode == BodyNone || dropped:
			return
		case seekable:
			held += int64(len(p))
			return
		}
		if held+int64(len(p)) > rd.opt.SpoolLimit {
			dropped = true
		}
		if !dropped && rd.spool == nil {
			f, err := rd.opt.NewSpool()
			dropped = err != nil
			rd.spool = f
		}
		if !dropped {
			_, err := rd.spool.WriteAt(p, held)
			dropped = err != nil
		}
		if dropped {
			held = 0
			if rd.spool != nil {
				rd.spool.Truncate(0) // give the disk back
			}
			return
		}
		held += int64(len(p))
	}
	// begin starts a held line once it has a code: what was held first.
	begin := func() error {
		begun = true
		if err := sink.LongBegin(l); err != nil {
			return err
		}
		if rd.copyBuf == nil {
			rd.copyBuf = make([]byte, 64<<10)
		}
		for off := int64(0); off < held; {
			var k int
			var err error
			if seekable {
				k, err = ra.ReadAt(rd.copyBuf[:min(int64(len(rd.copyBuf)), held-off)], lineOff+off)
			} else {
				k, err = rd.spool.ReadAt(rd.copyBuf[:min(int64(len(rd.copyBuf)), held-off)], off)
			}
			if k > 0 {
				if err := sink.LongPart(rd.copyBuf[:k]); err != nil {
					return err
				}
				off += int64(k)
			} else if seekable {
				return &ReadError{fmt.Errorf("reading line %d again: the input changed while it was read (%w)", l.Num, err)}
			} else {
				return &ReadError{fmt.Errorf("reading back line %d from its spool file: %w", l.Num, err)}
			}
		}
		held = 0
		return nil
	}

	base := int64(0) // offset in the line of buf[0]
	lo := 0          // start of the anchors of this window
	for {
		// Is the line's end in the buffer? Only bytes past lo+Lookahead
		// can hold it: the rest was searched before.
		end := bytes.IndexByte(buf[:n], '\n')
		final := end >= 0 || rerr != nil
		hi := n - Lookahead
		if end >= 0 {
			hi = end
		} else if rerr != nil {
			hi = n
		}
		ms := rd.m.Find(buf[:n], lo, hi, rd.ms[:0])
		ms = rd.m.FindCues(buf[:n], lo, hi, ms)
		rd.ms = ms
		for _, m := range ms {
			if m.By == byCue {
				rd.acc.add(&m)
				continue
			}
			text := buf[m.Start:m.End]
			m.Start += int(base)
			m.End += int(base)
			rd.addRaw(m, text)
		}
		if mode == BodyMatching && !begun && !dropped && rd.codeSoFar() {
			if serr = begin(); serr != nil {
				return 0, nil, serr
			}
		}
		contentEnd := hi
		if end >= 0 && end > 0 && buf[end-1] == '\r' {
			contentEnd = end - 1
		}
		if begun {
			if serr = sink.LongPart(buf[lo:contentEnd]); serr != nil {
				return 0, nil, serr
			}
		} else {
			part(buf[lo:contentEnd])
		}
		if final {
			rd.resolveLong()
			rd.sortLong()
			l.Len = base + int64(contentEnd)
			l.Codes, l.Unknown, l.codeText, l.unknownText = rd.codes, rd.unk, rd.codeText, rd.unkText
			l.Ambiguous, l.ambigText = rd.amb, rd.ambText
			l.EOL = nil
			rest := n
			if end >= 0 {
				l.EOL = buf[contentEnd : end+1]
				rest = end + 1
			}
			switch {
			case begun:
				serr = sink.LongEnd(l)
			case mode == BodyNone && (l.HasCodes() || rd.opt.EveryLine):
				serr = rd.out.Line(l)
			case dropped && (len(l.Codes) > 0 || len(l.Ambiguous) > 0):
				st.Dropped++
				if st.FirstDropped == 0 {
					st.FirstDropped = l.Num
				}
			}
			if serr != nil {
				return 0, nil, serr
			}
			st.Lines++
			return copy(buf, buf[rest:n]), rerr, nil
		}
		// Slide: keep Lookback bytes of context before hi and the
		// Lookahead bytes not yet searched.
		keep := hi - Lookback
		n = copy(buf, buf[keep:n])
		base += int64(keep)
		lo = Lookback
		// Fill the buffer (or reach a line end or the input's end), so that
		// windows stay large.
		for empty := 0; n < len(buf) && rerr == nil; {
			if rd.opt.Idle != nil {
				if err := rd.opt.Idle(); err != nil {
					return 0, nil, err
				}
			}
			k, err := readSome(r, buf[n:], &empty)
			st.Bytes += int64(k)
			rerr = err
			found := bytes.IndexByte(buf[n:n+k], '\n') >= 0
			n += k
			if found {
				break
			}
		}
	}
}

// sortLong puts the codes of a long line in line order, with their texts:
// windows can find them out of order.
func (rd *Reader) sortLong() {
	sortWith(rd.codes, rd.codeText)
	sortWith(rd.unk, rd.unkText)
	sortWith(rd.amb, rd.ambText)
}

// maxRawValues bounds the distinct values a long line keeps unresolved,
// so that a line of any length takes bounded memory.
const maxRawValues = 1024

// addRaw keeps a match of a long line until the line's end, when its SDK
// is known: the first of each spelling, phrase and value (kind, how read)
// in the line, with its text; unknown names go to add at once.
func (rd *Reader) addRaw(m Match, text []byte) {
	if m.By == ByName && m.ref < 0 {
		rd.add(m, text, true)
		return
	}
	values := 0
	for i := range rd.raw {
		r := &rd.raw[i]
		if r.By != m.By {
			continue
		}
		same := r.ref == m.ref
		if m.By == ByValue {
			values++
			same = r.Value == m.Value && r.kind == m.kind && r.flags == m.flags
		}
		if same {
			if less(&m, r) {
				*r = m
				rd.rawText[i] = append(rd.rawText[i][:0], text...)
			}
			return
		}
	}
	if m.By == ByValue && values >= maxRawValues {
		return
	}
	rd.raw = append(rd.raw, m)
	rd.rawText = append(rd.rawText, append([]byte(nil), text...))
}

// codeSoFar reports whether the long line read so far carries a code, in
// the SDKs its cues so far and the context say: when -o begins to show it.
// (A cue further on may yet change what the line's matches are; its codes
// are those its end decides.)
func (rd *Reader) codeSoFar() bool {
	if len(rd.codes) > 0 {
		return true
	}
	ctx, acc := rd.ctx, rd.acc
	sdks := rd.m.set.All()
	if rd.m.auto {
		sdks = acc.apply(&ctx)
	}
	for _, m := range rd.raw {
		if rd.m.resolve(&m, sdks, rd.line.Text) && (m.Code != nil && rd.keepCode(m.Code) || m.Ambiguous != nil && rd.keepAmbiguous(m.Ambiguous)) {
			return true
		}
	}
	return false
}

// resolveLong resolves a long line's matches at its end, in the SDKs its
// cues and the context say, and updates the context.
func (rd *Reader) resolveLong() {
	sdks := rd.m.set.All()
	if rd.m.auto {
		sdks = rd.acc.apply(&rd.ctx)
	}
	rd.line.SDKs = sdks
	for i, m := range rd.raw {
		if rd.m.resolve(&m, sdks, rd.line.Text) {
			rd.add(m, rd.rawText[i], true)
		}
	}
}

// sortWith sorts ms and the parallel texts by cmpMatch. Lines hold a handful
// of codes: insertion sort.
func sortWith(ms []Match, texts [][]byte) {
	for i := 1; i < len(ms); i++ {
		for j := i; j > 0 && less(&ms[j], &ms[j-1]); j-- {
			ms[j], ms[j-1] = ms[j-1], ms[j]
			texts[j], texts[j-1] = texts[j-1], texts[j]
		}
	}
}

func cmpMatch(a, b Match) int {
	if less(&a, &b) {
		return -1
	}
	if less(&b, &a) {
		return 1
	}
	return 0
}
