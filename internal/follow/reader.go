package follow

import (
	"bytes"
	"errors"
	"io"
	"os"
)

// handle is one open generation of a followed file: the file a name
// pointed to at some time.
type handle struct {
	f    *os.File
	fi   os.FileInfo // as opened, for os.SameFile
	off  int64       // the offset of the first byte not yet handed out
	line int64       // the lines handed out, for line numbers
	fp   []byte      // the file's first bytes (up to FingerprintSize), its fingerprint

	longEnd int64 // the offset of the end of a long line known to be complete
	open    bool  // the last byte handed out was not a line end
	grown   int64 // when it last grew (Options.Now in nanoseconds), for old handles
	err     error // the read error that stopped the last chunk

	noEnd    int64  // a long line has no line end before this offset (searched up to there)
	tail     []byte // the bytes just before off (up to FingerprintSize of them, in a buffer of twice that)
	searched int64  // bytes searched for line ends past a long line's start, for tests

	// marks are where the last chunks handed out ended, with a hash of the
	// bytes before each: what tells a copy of the file cut short of off (a
	// copytruncate's copy, made before the lines read last were written)
	// from another file that begins the same way.
	marks  [64]mark
	nmarks int
}

// pread reads g's file into p at off, in one system call.
func (h *handle) pread(p []byte, off int64) (int, error) {
	return pread(h.f, p, off)
}

// mark is the end of a chunk handed out: its offset, and the FNV-1a hash
// of the n bytes before it.
type mark struct {
	off int64
	n   int
	sum uint64
}

func fnv(b []byte) uint64 {
	h := uint64(14695981039346656037)
	for _, c := range b {
		h ^= uint64(c)
		h *= 1099511628211
	}
	return h
}

// mark notes that a chunk handed out ends at off.
func (h *handle) mark() {
	t := h.tailBytes()
	t = t[max(0, len(t)-64):]
	h.marks[h.nmarks%len(h.marks)] = mark{off: h.off, n: len(t), sum: fnv(t)}
	h.nmarks++
}

// lastMarks returns the marks kept, oldest first.
func (h *handle) lastMarks() []mark {
	n := min(h.nmarks, len(h.marks))
	out := make([]mark, 0, n)
	for i := h.nmarks - n; i < h.nmarks; i++ {
		out = append(out, h.marks[i%len(h.marks)])
	}
	return out
}

// noteTail adds b, just handed out, to the bytes kept before off.
func (h *handle) noteTail(b []byte) {
	if len(b) >= FingerprintSize {
		h.tail = append(h.tail[:0], b[len(b)-FingerprintSize:]...)
		return
	}
	if len(h.tail)+len(b) > 2*FingerprintSize {
		keep := FingerprintSize - len(b)
		h.tail = append(h.tail[:0], h.tail[len(h.tail)-keep:]...)
	}
	h.tail = append(h.tail, b...)
}

// tailBytes returns the bytes just before off (up to FingerprintSize).
func (h *handle) tailBytes() []byte {
	return h.tail[max(0, len(h.tail)-FingerprintSize):]
}

// loadTail reads the bytes before off from the file: for a handle placed
// at an offset rather than read up to it.
func (h *handle) loadTail() {
	n := min(h.off, FingerprintSize)
	buf := make([]byte, n, 2*FingerprintSize)
	k, _ := h.f.ReadAt(buf, h.off-n)
	h.tail = buf[:k]
}

// FingerprintSize is how many of a file's first bytes identify its content:
// a file replaced by another (copytruncate, re-creation) has other first
// bytes, and a copy has the same.
const FingerprintSize = 256

// lookahead is the scratch buffer used to find the end of a line longer
// than the caller's buffer before handing its start out.
const lookahead = 64 << 10

// chunkReader reads the new complete lines of a handle. It hands out bytes
// only up to a line end, so that a line being written is never split: the
// rest stays in the file and is read again once its end is there. A line
// longer than the caller's buffer is handed out in pieces once its end is
// in the file. With final set, everything to the end of the file is handed
// out, a last line without an ending included: the file is done.
type chunkReader struct {
	h       *handle
	final   bool
	stop    func() bool
	scratch []byte
	end     int64  // the size seen, where reading may end without a read; -1: unknown
	read    bool   // a read returned data
	ahead   []byte // the bytes at the offset, read already by the look before
	budget  int    // after this many bytes, the chunk ends at the next line end (cut)
	given   int    // bytes handed out
	cut     bool   // the chunk ended for its budget, not at the end of what there is
}

// errRead wraps a read error, to tell it from the caller's own errors.
type errRead struct{ err error }

func (e *errRead) Error() string { return e.err.Error() }
func (e *errRead) Unwrap() error { return e.err }

func (r *chunkReader) Read(p []byte) (int, error) {
	h := r.h
	if len(p) == 0 {
		return 0, nil
	}
	if h.longEnd <= h.off && r.stop != nil && r.stop() {
		return 0, io.EOF // stopping, and not inside a long line
	}
	if r.read && r.end >= 0 && h.off >= r.end && !r.final {
		return 0, io.EOF // at the size seen
	}
	if r.budget > 0 && r.given >= r.budget && h.longEnd <= h.off && !h.open {
		r.cut = true
		return 0, io.EOF // enough for a chunk, at a line end
	}
	if len(r.ahead) > 0 {
		// The look before read what is new: the whole lines in it are
		// handed out from there.
		a := r.ahead[:min(len(r.ahead), len(p))]
		if i := bytes.LastIndexByte(a, '\n'); i >= 0 {
			k := copy(p, a[:i+1])
			r.ahead = r.ahead[k:]
			return r.handOut(p, k), nil
		}
		r.ahead = nil // no line end in it: read the file
	}
	k, err := h.pread(p, h.off)
	if err != nil && !errors.Is(err, io.EOF) {
		h.err = &errRead{err}
		if k == 0 {
			return 0, h.err
		}
	}
	if k == 0 {
		if r.final && h.open {
			h.line++ // the last line, without an ending
			h.open = false
		}
		return 0, io.EOF
	}
	data := p[:k]
	if h.off == 0 {
		h.fingerprint(data)
	}
	if !r.final {
		switch i := bytes.LastIndexByte(data, '\n'); {
		case i >= 0:
			k = i + 1
		case h.off+int64(k) <= h.longEnd:
			// inside a long line whose end is in the file
		case k == len(p):
			// A line longer than the buffer: hand it out only once its
			// end is in the file.
			end, err := r.findEnd(max(h.off+int64(k), h.noEnd))
			if err != nil || end < 0 {
				return 0, io.EOF
			}
			h.longEnd = end
		default:
			return 0, io.EOF // a line being written
		}
	}
	return r.handOut(p, k), nil
}

// fingerprint makes h's fingerprint agree with head, the first bytes of
// the file as a read from its start found them. The fingerprint taken
// when the file was opened or found truncated may be of another content:
// truncated and written again between that look and this read (a
// copytruncate five times a second), the file now holds the lines of the
// next generation, and a fingerprint of the one before would make its
// copy unknown at the next truncation, and those lines read twice.
func (h *handle) fingerprint(head []byte) {
	head = head[:min(len(head), FingerprintSize)]
	if len(h.fp) >= len(head) && bytes.Equal(h.fp[:len(head)], head) {
		return // the same content, known as far as this or further
	}
	h.fp = append(h.fp[:0], head...)
}

// handOut hands out p[:k], read at the offset.
func (r *chunkReader) handOut(p []byte, k int) int {
	h := r.h
	h.line += int64(bytes.Count(p[:k], nl))
	h.open = p[k-1] != '\n'
	h.off += int64(k)
	h.noteTail(p[:k])
	h.mark()
	r.read = true
	r.given += k
	return k
}

var nl = []byte{'\n'}

// findEnd returns the offset of the first '\n' at or after off, or -1.
// Where it found none is remembered (noEnd): a long line written slowly
// is searched once, not again from its start at every look.
func (r *chunkReader) findEnd(off int64) (int64, error) {
	if r.scratch == nil {
		r.scratch = make([]byte, lookahead)
	}
	for {
		k, err := r.h.f.ReadAt(r.scratch, off)
		r.h.searched += int64(k)
		if i := bytes.IndexByte(r.scratch[:k], '\n'); i >= 0 {
			return off + int64(i), nil
		}
		off += int64(k)
		r.h.noEnd = off
		if err != nil || k == 0 {
			if errors.Is(err, io.EOF) {
				err = nil
			}
			return -1, err
		}
	}
}
