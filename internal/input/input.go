// Package input turns command-line arguments into readable inputs: files,
// directories walked recursively, glob patterns (with ** for any depth) and
// "-" for standard input; compressed files (gzip, zstd, bzip2, xz) are read
// as their contents, recognised by their first bytes, not their names.
package input

import (
	"bufio"
	"bytes"
	"compress/bzip2"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync/atomic"

	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"
	"github.com/ulikunitz/xz"
)

// Input is one thing to read.
type Input struct {
	Name  string // as shown to the user: the path as given or walked, "-" for standard input
	Path  string // the file to open; empty for standard input
	Found bool   // found by walking a directory or matching a pattern, not named
	Err   error  // List: why the argument, or this part of a walk, gives no input (an *Error)
}

// Stdin is the input "-".
var Stdin = Input{Name: "-"}

// IsStdin reports whether in is standard input.
func (in Input) IsStdin() bool { return in.Path == "" }

// Error is a failure to find, open or read one input.
type Error struct {
	Input string
	Err   error
}

func (e *Error) Error() string { return e.Input + ": " + Reason(e.Err) }
func (e *Error) Unwrap() error { return e.Err }

// Reason is err said briefly, without the path that the caller names
// anyway: "no such file or directory", "permission denied", "truncated gzip
// data".
func Reason(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	var ce *compressError
	if errors.As(err, &ce) {
		return ce.Error()
	}
	return err.Error()
}

// Expand turns arguments into inputs, in order. A directory gives the
// regular files under it, sorted, walked without following symbolic links to
// directories; an argument that does not exist but holds * ? or [ is a glob
// pattern, where ** matches any number of directories. Each argument that
// gives nothing or cannot be walked adds an *Error, and the rest go on.
func Expand(args []string) ([]Input, []error) {
	var ins []Input
	var errs []error
	for _, in := range List(args) {
		if in.Err != nil {
			errs = append(errs, in.Err)
			continue
		}
		ins = append(ins, in)
	}
	return ins, errs
}

// List is Expand that keeps the failures where they stood among the
// inputs: an argument that gives nothing, or a part of a walk that cannot
// be read, is an Input whose Err (an *Error) says why, named as the
// argument or the path walked (and with that Path, never standard input).
func List(args []string) []Input {
	var ins []Input
	failed := func(name string, err error) {
		ins = append(ins, Input{Name: name, Path: name, Err: &Error{Input: name, Err: err}})
	}
	for _, a := range args {
		if a == "-" {
			ins = append(ins, Stdin)
			continue
		}
		fi, err := os.Stat(a)
		switch {
		case err == nil && fi.IsDir():
			ins = walk(a, ins)
		case err == nil:
			ins = append(ins, Input{Name: a, Path: a})
		case isPattern(a) && errors.Is(err, fs.ErrNotExist):
			matches, gerr := Glob(a)
			if gerr != nil {
				failed(a, gerr)
				continue
			}
			if len(matches) == 0 {
				failed(a, errors.New("no files match the pattern"))
				continue
			}
			for _, m := range matches {
				if fi, err := os.Stat(m); err == nil && fi.IsDir() {
					ins = walk(m, ins)
				} else {
					ins = append(ins, Input{Name: m, Path: m, Found: true})
				}
			}
		default:
			failed(a, err)
		}
	}
	return ins
}

func isPattern(s string) bool { return strings.ContainsAny(s, "*?[") }

// walk adds the regular files under dir, and the parts that cannot be
// read as failed inputs. Symbolic links to files are followed; links to
// directories are not (no loops); other special files (FIFOs, sockets,
// devices) are skipped, as reading them could block.
func walk(dir string, ins []Input) []Input {
	failed := func(p string, err error) {
		ins = append(ins, Input{Name: p, Path: p, Found: true, Err: &Error{Input: p, Err: err}})
	}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			failed(p, err)
			if d != nil && d.IsDir() && p != dir {
				return fs.SkipDir
			}
			return nil
		}
		switch t := d.Type(); {
		case t.IsDir():
		case t.IsRegular():
			ins = append(ins, Input{Name: p, Path: p, Found: true})
		case t&fs.ModeSymlink != 0:
			fi, err := os.Stat(p)
			switch {
			case err != nil:
				failed(p, err)
			case fi.Mode().IsRegular():
				ins = append(ins, Input{Name: p, Path: p, Found: true})
			}
		}
		return nil
	})
	if err != nil {
		failed(dir, err)
	}
	return ins
}

// Glob returns the files matching pattern, sorted. Besides the syntax of
// path.Match, a path element "**" matches any number of directories.
func Glob(pattern string) ([]string, error) {
	pattern = filepath.ToSlash(pattern)
	if _, err := path.Match(strings.ReplaceAll(pattern, "**", "*"), ""); err != nil {
		return nil, fmt.Errorf("bad pattern: %w", err)
	}
	if !strings.Contains(pattern, "**") {
		m, err := filepath.Glob(filepath.FromSlash(pattern))
		sort.Strings(m)
		return m, err
	}
	// Walk from the longest directory prefix without meta characters.
	parts := strings.Split(pattern, "/")
	root := []string{}
	for len(parts) > 1 && !isPattern(parts[0]) {
		root = append(root, parts[0])
		parts = parts[1:]
	}
	base := strings.Join(root, "/")
	if base == "" {
		base = "."
		if strings.HasPrefix(pattern, "/") {
			base = "/"
		}
	}
	var out []string
	err := filepath.WalkDir(filepath.FromSlash(base), func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil // unreadable parts are reported when read, if matched
		}
		rel, rerr := filepath.Rel(filepath.FromSlash(base), p)
		if rerr != nil || rel == "." {
			return nil
		}
		if matchParts(parts, strings.Split(filepath.ToSlash(rel), "/")) && !d.IsDir() {
			out = append(out, p)
		}
		return nil
	})
	sort.Strings(out)
	return out, err
}

// matchParts matches path elements against pattern elements, "**" taking
// any number of them.
func matchParts(pat, name []string) bool {
	for len(pat) > 0 {
		if pat[0] == "**" {
			for i := 0; i <= len(name); i++ {
				if matchParts(pat[1:], name[i:]) {
					return true
				}
			}
			return false
		}
		if len(name) == 0 {
			return false
		}
		if ok, _ := path.Match(pat[0], name[0]); !ok {
			return false
		}
		pat, name = pat[1:], name[1:]
	}
	return len(name) == 0
}

// Open opens an input for reading, decompressed when its first bytes say
// it is gzip, zstd, bzip2 or xz. stdin is read for Stdin.
func Open(in Input, stdin io.Reader) (io.ReadCloser, error) {
	return OpenCounted(in, stdin, nil)
}

// OpenCounted is Open that also adds to n, as they are read, the bytes read
// from the file itself, before any decompression (for progress bars). n may
// be nil.
func OpenCounted(in Input, stdin io.Reader, n *atomic.Int64) (io.ReadCloser, error) {
	rc, _, err := openCounted(in, stdin, n)
	return rc, err
}

// openCounted is OpenCounted that also says the compression format.
func openCounted(in Input, stdin io.Reader, n *atomic.Int64) (io.ReadCloser, Format, error) {
	var f io.ReadCloser
	var file *os.File
	if in.IsStdin() {
		f = io.NopCloser(stdin)
	} else {
		var err error
		if file, err = os.Open(in.Path); err != nil {
			return nil, Plain, err
		}
		if fi, err := file.Stat(); err == nil && fi.IsDir() {
			file.Close()
			return nil, Plain, errors.New("is a directory")
		}
		f = file
	}
	if n != nil {
		f = readCloser{&countReader{f, n}, f.Close}
	}
	r, format, err := decompress(f)
	if err != nil {
		f.Close()
		return nil, format, err
	}
	if format == Plain && file != nil {
		// Only a plain regular file is checked against its size and can
		// be read again at an offset: a decompressed stream is neither
		// (ReadAt would read the archive's bytes). When counting, r
		// reads through the counter; ReadAt and the size check still go
		// to the file itself.
		if fi, err := file.Stat(); err == nil && fi.Mode().IsRegular() {
			return &plainFile{ReadCloser: r, f: file, size: fi.Size()}, Plain, nil
		}
	}
	return r, format, nil
}

// plainFile is an uncompressed regular file. It can be read again at an
// offset (the scanner then needs no spool file for long lines). It is read
// up to the size it had when opened, so that a file written faster than it
// is read still has an end, and it says when it ends before that size and
// is found shorter than it was: a file truncated while being read. A size
// of 0 is not a size (/proc), and a file that ends before its size but is
// no shorter (sysfs says 4096 for a line) is not truncated.
type plainFile struct {
	io.ReadCloser
	f    *os.File
	size int64 // at open
	n    int64 // read so far
}

func (p *plainFile) Read(b []byte) (int, error) {
	if p.size > 0 {
		if p.n >= p.size {
			return 0, io.EOF
		}
		if int64(len(b)) > p.size-p.n {
			b = b[:p.size-p.n]
		}
	}
	k, err := p.ReadCloser.Read(b)
	p.n += int64(k)
	if errors.Is(err, io.EOF) && p.n < p.size {
		if fi, serr := p.f.Stat(); serr != nil || fi.Size() < p.size {
			err = &ShrunkError{Read: p.n, Size: p.size}
		}
	}
	return k, err
}

// peek returns the file's first k bytes (fewer if it is shorter) from its
// buffer, before anything was read: no read of its own but the buffer's.
func (p *plainFile) peek(k int) ([]byte, error) {
	rc, _ := p.ReadCloser.(readCloser)
	br, ok := rc.Reader.(*bufio.Reader)
	if !ok { // not as decompress leaves a plain file: read at the start
		head := make([]byte, k)
		n, err := p.ReadAt(head, 0)
		if errors.Is(err, io.EOF) {
			err = nil
		}
		return head[:n], err
	}
	head, err := br.Peek(min(k, br.Size()))
	if errors.Is(err, io.EOF) || errors.Is(err, bufio.ErrBufferFull) {
		err = nil
	}
	if p.size > 0 && int64(len(head)) > p.size {
		head = head[:p.size]
	}
	return head, err
}

func (p *plainFile) ReadAt(b []byte, off int64) (int, error) {
	if p.size > 0 && off+int64(len(b)) > p.size {
		if off >= p.size {
			return 0, io.EOF
		}
		k, err := p.f.ReadAt(b[:p.size-off], off)
		if err == nil {
			err = io.EOF
		}
		return k, err
	}
	return p.f.ReadAt(b, off)
}

// ShrunkError is a file that ended before the size it had when it was
// opened: it was truncated (or replaced in place) while being read.
type ShrunkError struct{ Read, Size int64 }

func (e *ShrunkError) Error() string {
	return fmt.Sprintf("truncated while being read (%d of %d bytes)", e.Read, e.Size)
}

// Format names a compression format.
type Format string

// The formats recognised.
const (
	Plain Format = ""
	Gzip  Format = "gzip"
	Zstd  Format = "zstd"
	Bzip2 Format = "bzip2"
	XZ    Format = "xz"
)

var magics = []struct {
	magic  []byte
	format Format
}{
	{[]byte{0x1f, 0x8b}, Gzip},
	{[]byte{0x28, 0xb5, 0x2f, 0xfd}, Zstd},
	{[]byte("BZh"), Bzip2},
	{[]byte{0xfd, '7', 'z', 'X', 'Z', 0x00}, XZ},
}

// Detect names the compression format that b (the first bytes of a file)
// starts with.
func Detect(b []byte) Format {
	for _, m := range magics {
		if bytes.HasPrefix(b, m.magic) {
			if m.format == Bzip2 && (len(b) < 4 || b[3] < '1' || b[3] > '9') {
				continue // "BZh" then a block size digit
			}
			return m.format
		}
	}
	return Plain
}

// Decompress wraps rc in the decompressor its first bytes call for. Closing
// the result closes rc.
func Decompress(rc io.ReadCloser) (io.ReadCloser, error) {
	r, _, err := decompress(rc)
	return r, err
}

func decompress(rc io.ReadCloser) (io.ReadCloser, Format, error) {
	br := bufio.NewReaderSize(rc, 64<<10)
	head, err := br.Peek(6)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, Plain, err
	}
	format := Detect(head)
	var r io.Reader
	var window uint64 // zstd: the first frame's window, when it says
	closeDec := func() {}
	switch format {
	case Plain:
		return readCloser{br, rc.Close}, Plain, nil
	case Gzip:
		z, err := gzip.NewReader(br)
		if err != nil {
			return nil, Gzip, wrapCompress(Gzip, err)
		}
		r = z
	case Zstd:
		if head, _ := br.Peek(6); len(head) == 6 {
			window = zstdWindow(head[4], head[5])
		}
		z, release, err := getZstd(br, window)
		if err != nil {
			return nil, Zstd, wrapCompress(Zstd, err)
		}
		r, closeDec = z, release
	case Bzip2:
		r = bzip2.NewReader(br)
	case XZ:
		// The xz decoder can report a clean end when its input was cut
		// between blocks: check that the stream ended with its footer.
		tail := &tailReader{r: br}
		z, err := xz.NewReader(tail)
		if err != nil {
			return nil, XZ, wrapCompress(XZ, err)
		}
		r = &xzEnd{r: z, tail: tail}
	}
	dec := &decoder{r: r, format: format, window: window}
	return readCloser{dec, func() error { closeDec(); return rc.Close() }}, format, nil
}

// countReader adds the bytes read through it to n.
type countReader struct {
	r io.Reader
	n *atomic.Int64
}

func (c *countReader) Read(p []byte) (int, error) {
	k, err := c.r.Read(p)
	c.n.Add(int64(k))
	return k, err
}

type readCloser struct {
	io.Reader
	close func() error
}

func (r readCloser) Close() error { return r.close() }

// decoder turns a decompressor's errors into ones that say what happened.
type decoder struct {
	r      io.Reader
	format Format
	window uint64
}

func (d *decoder) Read(p []byte) (int, error) {
	n, err := d.r.Read(p)
	if err != nil && !errors.Is(err, io.EOF) {
		err = wrapCompress(d.format, err)
		if ce, ok := err.(*compressError); ok && ce.window == 0 {
			ce.window = d.window
		}
	}
	return n, err
}

// compressError is a failure inside compressed data.
type compressError struct {
	format Format
	err    error
	window uint64 // zstd: the window the data asked for, when known
}

func (e *compressError) Error() string {
	if errors.Is(e.err, io.ErrUnexpectedEOF) {
		return fmt.Sprintf("truncated %s data (unexpected end of file)", e.format)
	}
	if errors.Is(e.err, zstd.ErrWindowSizeExceeded) {
		if e.window > MaxZstdWindow {
			return fmt.Sprintf("zstd data needs a %s window, more than codewatch's %s limit", sizeString(e.window), sizeString(MaxZstdWindow))
		}
		return fmt.Sprintf("zstd data needs a window larger than codewatch's %s limit", sizeString(MaxZstdWindow))
	}
	msg := e.err.Error()
	for _, p := range []string{"gzip: ", "zstd: ", "bzip2 data invalid: ", "xz: "} {
		msg = strings.TrimPrefix(msg, p)
	}
	return fmt.Sprintf("corrupt %s data: %s", e.format, msg)
}

func (e *compressError) Unwrap() error { return e.err }

func wrapCompress(f Format, err error) error {
	var ce *compressError
	if errors.As(err, &ce) {
		return err
	}
	return &compressError{format: f, err: err}
}

// tailReader remembers the last bytes read through it.
type tailReader struct {
	r    io.Reader
	last [16]byte
	n    int // bytes in last
}

func (t *tailReader) Read(p []byte) (int, error) {
	k, err := t.r.Read(p)
	if k >= len(t.last) {
		copy(t.last[:], p[k-len(t.last):k])
		t.n = len(t.last)
	} else if k > 0 {
		keep := min(t.n, len(t.last)-k)
		copy(t.last[:keep], t.last[t.n-keep:t.n])
		copy(t.last[keep:], p[:k])
		t.n = keep + k
	}
	return k, err
}

// xzEnd turns a clean end of an xz stream whose input did not end with a
// stream footer ("YZ", then zero padding) into a truncation error.
type xzEnd struct {
	r    io.Reader
	tail *tailReader
}

func (x *xzEnd) Read(p []byte) (int, error) {
	k, err := x.r.Read(p)
	if errors.Is(err, io.EOF) {
		end := bytes.TrimRight(x.tail.last[:x.tail.n], "\x00")
		if !bytes.HasSuffix(end, []byte("YZ")) {
			err = io.ErrUnexpectedEOF
		}
	}
	return k, err
}

// MaxZstdWindow is the largest zstd window codewatch decodes (zstd's
// --long=27; a window is memory the decoder must hold).
const MaxZstdWindow = 128 << 20

// bigWindow is the window from which a zstd decoder is counted against
// zstdBig: the levels zstd uses by default have windows of 8 MiB or less.
const bigWindow = 8 << 20

// zstdBig holds the decoders for large windows, and bounds how many there
// are at once: however many inputs are read in parallel (-j), at most
// len(zstdBig) large windows are in memory, and they are reused rather
// than made again for each archive. A slot holds nil until its decoder is
// made.
var zstdBig = func() chan *zstd.Decoder {
	c := make(chan *zstd.Decoder, 2)
	c <- nil
	c <- nil
	return c
}()

func newZstd(r io.Reader) (*zstd.Decoder, error) {
	return zstd.NewReader(r, zstd.WithDecoderConcurrency(1), zstd.WithDecoderLowmem(true), zstd.WithDecoderMaxWindow(MaxZstdWindow))
}

// getZstd returns a decoder of r and the function that releases it. A
// first frame with a large window (window, from its header) waits for one
// of the zstdBig slots: Open may wait until another input with a large
// window is closed.
func getZstd(r io.Reader, window uint64) (*zstd.Decoder, func(), error) {
	if window <= bigWindow || window > MaxZstdWindow {
		z, err := newZstd(r)
		if err != nil {
			return nil, nil, err
		}
		return z, z.Close, nil
	}
	z := <-zstdBig
	var err error
	if z == nil {
		z, err = newZstd(r)
	} else {
		err = z.Reset(r)
	}
	if err != nil {
		if z != nil {
			z.Close()
		}
		zstdBig <- nil
		return nil, nil, err
	}
	return z, func() {
		if z.Reset(nil) != nil {
			z.Close()
			z = nil
		}
		zstdBig <- z
	}, nil
}

// zstdWindow is the window a zstd frame header asks for, from its
// descriptor byte fhd and the byte after it (RFC 8878, 3.1.1.1): 0 for a
// single-segment frame, whose window is its content.
func zstdWindow(fhd, wd byte) uint64 {
	if fhd&(1<<5) != 0 {
		return 0
	}
	base := uint64(1) << (10 + wd>>3)
	return base + base/8*uint64(wd&7)
}

// sizeString says a size in GiB, MiB, KiB or bytes, whichever is exact.
func sizeString(n uint64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%d GiB", n>>30)
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
