package input

import (
	"archive/tar"
	"archive/zip"
	"bufio"
	"bytes"
	"compress/bzip2"
	"errors"
	"fmt"
	"io"
	"os"
	"sync/atomic"
)

// BinaryPeek is how much of an input's content (decompressed) is looked at
// to tell a binary file: one with a NUL byte in it, as ripgrep tells them.
const BinaryPeek = 8 << 10

// MaxMembers is the most members of one archive that are read; past it,
// the archive ends with an error saying so. Each member read is an entry
// of the report, which holds them all.
const MaxMembers = 100_000

// maxMembers is MaxMembers, lowered by tests.
var maxMembers = MaxMembers

// Binary returns the offset of the first NUL byte in head, the first
// bytes of a file's content, or -1 when it has none: a file with one is
// binary.
func Binary(head []byte) int { return bytes.IndexByte(head, 0) }

// Sniff looks at the first BinaryPeek bytes of r's content and returns
// where the first NUL byte is among them (-1: none), and a reader that
// still reads every byte of r. An uncompressed file is looked at where it
// is (the reader returned is r itself, which can still be read at an
// offset); a stream is buffered.
func Sniff(r io.ReadCloser) (io.ReadCloser, int, error) {
	if p, ok := r.(*plainFile); ok {
		head, err := p.peek(BinaryPeek)
		return r, Binary(head), err
	}
	br := bufio.NewReaderSize(r, BinaryPeek)
	head, err := br.Peek(BinaryPeek)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return readCloser{br, r.Close}, -1, err
	}
	return readCloser{br, r.Close}, Binary(head), nil
}

// Opened is an input opened for reading: either its content (R), or, for
// a zip or tar archive, its members (Archive).
type Opened struct {
	R       io.ReadCloser
	Archive *Archive
}

// Close closes what was opened.
func (o *Opened) Close() error {
	if o.Archive != nil {
		return o.Archive.Close()
	}
	return o.R.Close()
}

// OpenAny is OpenCounted that also opens archives: a file that starts as
// a zip archive does, or whose content (decompressed: .tar.gz, .tgz,
// .tar.zst, .tar.bz2, .tar.xz) is a tar archive, is opened as an Archive,
// recognised by its bytes, not its name. A zip archive is read from its
// end (its directory), so it must be a file: on standard input it is
// refused.
func OpenAny(in Input, stdin io.Reader, n *atomic.Int64) (*Opened, error) {
	rc, format, err := openCounted(in, stdin, n)
	if err != nil {
		return nil, err
	}
	if p, ok := rc.(*plainFile); ok {
		// A plain file: its first bytes are in its buffer already.
		head, err := p.peek(512)
		switch {
		case err != nil:
			rc.Close()
			return nil, err
		case isZip(head):
			// Read from its end, through a file of its own.
			rc.Close()
			f, err := os.Open(in.Path)
			if err != nil {
				return nil, err
			}
			a, err := openZip(f, n)
			if err != nil {
				f.Close()
				return nil, err
			}
			return &Opened{Archive: a}, nil
		case isTar(head):
			return &Opened{Archive: &Archive{tr: tar.NewReader(rc), closer: rc}}, nil
		}
		return &Opened{R: rc}, nil
	}
	// A stream: look for a zip's or a tar's signature in its first
	// block, read on its own, then read on from there. Uncompressed (a
	// pipe, a terminal), only what it holds already is looked at: a live
	// stream's first lines are not held back for more to come (a tar
	// writer writes whole blocks).
	head := make([]byte, 512)
	k := 0
	for k < len(head) && err == nil {
		var m int
		m, err = rc.Read(head[k:])
		k += m
		if format == Plain {
			break
		}
	}
	// The first failure, if reading the block met one, is kept for the
	// reader, where it is said (a decompressor may say another if asked
	// again).
	rest := io.Reader(rc)
	if err != nil {
		rest = errReader{err}
	}
	r := readCloser{io.MultiReader(bytes.NewReader(head[:k]), rest), rc.Close}
	switch {
	case isZip(head[:k]):
		rc.Close()
		return nil, errors.New("a zip archive in a stream (standard input, or compressed) cannot be read: a zip is read from its end; give it as a file")
	case isTar(head[:k]):
		return &Opened{Archive: &Archive{tr: tar.NewReader(r), closer: rc}}, nil
	}
	return &Opened{R: r}, nil
}

// errReader fails with err.
type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

// isZip says whether b starts as a zip archive does: a local file header,
// or the end of the directory of an empty archive.
func isZip(b []byte) bool {
	return bytes.HasPrefix(b, []byte("PK\x03\x04")) || bytes.HasPrefix(b, []byte("PK\x05\x06"))
}

// isTar says whether b, the first block of a file, is a tar header: the
// POSIX (ustar) or GNU magic at offset 257.
func isTar(b []byte) bool {
	return len(b) >= 263 && (bytes.Equal(b[257:263], []byte("ustar\x00")) || bytes.Equal(b[257:263], []byte("ustar ")))
}

// Archive reads the members of a zip or tar archive, in order.
type Archive struct {
	zr     *zip.Reader
	zi     int // the next zip member
	tr     *tar.Reader
	closer io.Closer
	n      int // members returned
	cur    io.Closer
}

// Format names the archive's format: "zip" or "tar".
func (a *Archive) Format() string {
	if a.zr != nil {
		return "zip"
	}
	return "tar"
}

// countReaderAt adds the bytes read through it to n.
type countReaderAt struct {
	r io.ReaderAt
	n *atomic.Int64
}

func (c countReaderAt) ReadAt(p []byte, off int64) (int, error) {
	k, err := c.r.ReadAt(p, off)
	c.n.Add(int64(k))
	return k, err
}

func openZip(f *os.File, n *atomic.Int64) (*Archive, error) {
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	var r io.ReaderAt = f
	if n != nil {
		r = countReaderAt{f, n}
	}
	zr, err := zip.NewReader(r, fi.Size())
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) { // names are never written to: ../ is only a name
		return nil, &archiveError{"zip", err}
	}
	// Besides store and deflate, what zip -Z bzip2 writes.
	zr.RegisterDecompressor(zipBzip2, func(r io.Reader) io.ReadCloser { return io.NopCloser(bzip2.NewReader(r)) })
	return &Archive{zr: zr, closer: f}, nil
}

// zipBzip2 is zip's compression method for bzip2.
const zipBzip2 = 12

// ErrNested is a member that is itself an archive: it is not read.
var ErrNested = errors.New("an archive inside an archive: not read")

// Next returns the next member that is a regular file: its name as the
// archive gives it, and its content, decompressed when it is compressed
// (gzip, zstd, bzip2, xz). It returns io.EOF after the last. An error with
// a name is the member's own (it cannot be read: another member may
// still be); without one, the archive cannot be read on. Directories,
// links and other special members are passed over.
func (a *Archive) Next() (name string, r io.Reader, err error) {
	if a.cur != nil {
		a.cur.Close()
		a.cur = nil
	}
	var raw io.ReadCloser
	if a.zr != nil {
		name, raw, err = a.nextZip()
	} else {
		name, raw, err = a.nextTar()
	}
	if err != nil || raw == nil {
		return name, nil, err
	}
	if a.n++; a.n > maxMembers {
		raw.Close()
		return "", nil, fmt.Errorf("more than %d files: the rest are not read", maxMembers)
	}
	rc, _, err := decompress(raw)
	if err != nil {
		raw.Close()
		return name, nil, err
	}
	a.cur = rc
	// A member that is itself an archive is refused, not read as text.
	br := bufio.NewReaderSize(rc, 64<<10)
	head, _ := br.Peek(512)
	if isZip(head) || isTar(head) {
		return name, nil, ErrNested
	}
	return name, br, nil
}

func (a *Archive) nextZip() (string, io.ReadCloser, error) {
	for a.zi < len(a.zr.File) {
		f := a.zr.File[a.zi]
		a.zi++
		if f.FileInfo().IsDir() || !f.Mode().IsRegular() {
			continue
		}
		if f.Flags&0x1 != 0 {
			return f.Name, nil, errors.New("an encrypted zip member: not read")
		}
		rc, err := f.Open()
		if err != nil {
			if errors.Is(err, zip.ErrAlgorithm) {
				return f.Name, nil, fmt.Errorf("zip compression method %d is not supported: not read", f.Method)
			}
			return f.Name, nil, &archiveError{"zip", err}
		}
		return f.Name, zipMember{rc}, nil
	}
	return "", nil, io.EOF
}

// zipMember says a zip member's failures as the archive's.
type zipMember struct{ io.ReadCloser }

func (z zipMember) Read(p []byte) (int, error) {
	k, err := z.ReadCloser.Read(p)
	if err != nil && !errors.Is(err, io.EOF) {
		err = &archiveError{"zip", err}
	}
	return k, err
}

func (a *Archive) nextTar() (string, io.ReadCloser, error) {
	for {
		h, err := a.tr.Next()
		if errors.Is(err, io.EOF) {
			return "", nil, io.EOF
		}
		var ce *compressError
		if errors.As(err, &ce) {
			return "", nil, err
		}
		if err != nil && !errors.Is(err, tar.ErrInsecurePath) {
			if errors.Is(err, io.ErrUnexpectedEOF) {
				return "", nil, errors.New("truncated tar archive (unexpected end of file)")
			}
			return "", nil, &archiveError{"tar", err}
		}
		switch h.Typeflag {
		case tar.TypeReg, tar.TypeGNUSparse, '\x00':
			return h.Name, io.NopCloser(tarMember{a.tr}), nil
		}
	}
}

// tarMember says a tar member's failures as the archive's.
type tarMember struct{ r io.Reader }

func (t tarMember) Read(p []byte) (int, error) {
	k, err := t.r.Read(p)
	var ce *compressError
	if err != nil && !errors.Is(err, io.EOF) && !errors.As(err, &ce) {
		if errors.Is(err, io.ErrUnexpectedEOF) {
			return k, errors.New("truncated tar archive (unexpected end of file)")
		}
		err = &archiveError{"tar", err}
	}
	return k, err
}

// Close closes the archive.
func (a *Archive) Close() error {
	if a.cur != nil {
		a.cur.Close()
	}
	return a.closer.Close()
}

// archiveError is a failure inside a zip or tar archive.
type archiveError struct {
	format string
	err    error
}

func (e *archiveError) Error() string {
	msg := e.err.Error()
	for _, p := range []string{"zip: ", "archive/tar: "} {
		if len(msg) > len(p) && msg[:len(p)] == p {
			msg = msg[len(p):]
		}
	}
	return fmt.Sprintf("corrupt %s archive: %s", e.format, msg)
}

func (e *archiveError) Unwrap() error { return e.err }
