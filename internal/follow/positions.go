package follow

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"time"
	"unicode/utf8"

	"github.com/codewatch/codewatch/internal/input"
)

// PositionsFormat names the positions file's schema.
const PositionsFormat = "codewatch-positions/1"

// Positions are where following stopped: for each followed name, the file
// it pointed to and the rotated-away files still being read, each with its
// device, inode, a fingerprint of its first bytes, and the offset and line
// reached. Saved when the output has been written up to them, they let a
// later run go on where this one stopped.
type Positions struct {
	Format string         `json:"format"`
	Saved  time.Time      `json:"saved"`
	Files  []FilePosition `json:"files"`
}

// FilePosition is the state of one followed name.
type FilePosition struct {
	Name string `json:"name"`
	// NameBytes holds, in the file, a name that is not UTF-8 (which a JSON
	// string cannot carry: Name shows it with U+FFFD); ReadPositions puts
	// it back in Name.
	NameBytes []byte `json:"name_bytes,omitempty"`
	// Files: the file the name points to first (when it points to one it
	// has read), then rotated-away files still being read.
	Files []Position `json:"files"`
}

// Position is how far one file was read.
type Position struct {
	Dev    uint64 `json:"dev"`
	Ino    uint64 `json:"ino"`
	Offset int64  `json:"offset"`
	Line   int64  `json:"line"`
	// Fingerprint is the SHA-256 (hex) of the file's first FingerprintLen
	// bytes.
	Fingerprint    string `json:"fingerprint"`
	FingerprintLen int    `json:"fingerprint_len"`
	// TailFingerprint is the SHA-256 (hex) of the TailLen bytes just
	// before Offset: with the first bytes, what tells this file (or a copy
	// of it) from another that begins the same way (a header row, a
	// banner).
	TailFingerprint string `json:"tail_fingerprint,omitempty"`
	TailLen         int    `json:"tail_len,omitempty"`
}

// Positions returns where every file is now. Take them only when all that
// was handed out has been written: they say so.
func (w *Follower) Positions() *Positions {
	p := &Positions{Format: PositionsFormat, Saved: w.opt.Now().UTC()}
	for _, f := range w.files {
		fp := FilePosition{Name: f.Name}
		for _, g := range append([]*handle{f.cur}, f.old...) {
			if g != nil {
				fp.Files = append(fp.Files, g.generation().position())
			}
		}
		if len(fp.Files) == 0 && f.initial && w.resuming {
			// Not opened yet since the restart: keep what was saved.
			if saved := w.opt.Positions.find(f.Name); saved != nil {
				fp.Files = saved.Files
			}
		}
		if len(fp.Files) > 0 {
			p.Files = append(p.Files, fp)
		}
	}
	return p
}

// WriteTo writes p as JSON.
func (p *Positions) WriteTo(w io.Writer) (int64, error) {
	out := *p
	out.Files = slices.Clone(p.Files)
	for i := range out.Files {
		if f := &out.Files[i]; !utf8.ValidString(f.Name) {
			f.NameBytes = []byte(f.Name)
		}
	}
	b, err := json.MarshalIndent(&out, "", "  ")
	if err != nil {
		return 0, err
	}
	b = append(b, '\n')
	n, err := w.Write(b)
	return int64(n), err
}

// MaxPositionsSize bounds a positions file read (some 200,000 files'
// positions), so that a wrong --positions argument is refused rather than
// read into memory.
const MaxPositionsSize = 64 << 20

// ReadPositions reads positions written by WriteTo. It takes a file whole
// or not at all: anything it does not understand is an error.
func ReadPositions(r io.Reader) (*Positions, error) {
	var p Positions
	lr := &io.LimitedReader{R: r, N: MaxPositionsSize + 1}
	dec := json.NewDecoder(lr)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		if lr.N <= 0 {
			return nil, fmt.Errorf("larger than %d MiB, not a positions file", MaxPositionsSize>>20)
		}
		return nil, fmt.Errorf("not a positions file: %w", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, errors.New("not a positions file: data after its end")
	}
	if p.Format != PositionsFormat {
		return nil, fmt.Errorf("format %q, want %q", p.Format, PositionsFormat)
	}
	seen := make(map[string]bool, len(p.Files))
	for i := range p.Files {
		f := &p.Files[i]
		if f.NameBytes != nil {
			f.Name, f.NameBytes = string(f.NameBytes), nil
		}
		if f.Name == "" {
			return nil, errors.New("not a positions file: a file without a name")
		}
		if seen[f.Name] {
			return nil, fmt.Errorf("not a positions file: %q listed twice", f.Name)
		}
		seen[f.Name] = true
		for _, g := range f.Files {
			// (A line count above the offset cannot be: each line
			// ends in a byte. A forged one would overflow.)
			if g.Offset < 0 || g.Line < 0 || g.Line > g.Offset || g.FingerprintLen < 0 || g.FingerprintLen > FingerprintSize ||
				g.TailLen < 0 || g.TailLen > FingerprintSize || int64(g.TailLen) > g.Offset {
				return nil, fmt.Errorf("%s: bad position", f.Name)
			}
			if _, err := hex.DecodeString(g.Fingerprint); err != nil || g.FingerprintLen > 0 && len(g.Fingerprint) != 2*sha256.Size {
				return nil, fmt.Errorf("%s: bad fingerprint", f.Name)
			}
			if _, err := hex.DecodeString(g.TailFingerprint); err != nil || g.TailLen > 0 && len(g.TailFingerprint) != 2*sha256.Size ||
				g.TailLen == 0 && g.TailFingerprint != "" {
				return nil, fmt.Errorf("%s: bad fingerprint", f.Name)
			}
		}
	}
	return &p, nil
}

func (p *Positions) find(name string) *FilePosition {
	for i := range p.Files {
		if p.Files[i].Name == name {
			return &p.Files[i]
		}
	}
	return nil
}

func (gen generation) position() Position {
	p := Position{Dev: gen.dev, Ino: gen.ino, Offset: gen.off, Line: gen.line, FingerprintLen: gen.fpLen()}
	sum := gen.sum()
	p.Fingerprint = hex.EncodeToString(sum[:])
	if n := gen.tailLen(); n > 0 {
		p.TailLen = n
		sum := gen.tailSum()
		p.TailFingerprint = hex.EncodeToString(sum[:])
	}
	return p
}

func (p Position) generation() generation {
	gen := generation{dev: p.Dev, ino: p.Ino, off: p.Offset, line: p.Line, hashLen: p.FingerprintLen, tailHashLen: p.TailLen}
	if b, err := hex.DecodeString(p.Fingerprint); err == nil && len(b) == sha256.Size {
		copy(gen.hash[:], b)
	}
	if b, err := hex.DecodeString(p.TailFingerprint); err == nil && len(b) == sha256.Size {
		copy(gen.tailHash[:], b)
	}
	return gen
}

func (gen generation) tailLen() int {
	if gen.tail != nil || gen.tailHashLen == 0 {
		return len(gen.tail)
	}
	return gen.tailHashLen
}

func (gen generation) tailSum() [sha256.Size]byte {
	if gen.tail == nil && gen.tailHashLen > 0 {
		return gen.tailHash
	}
	return sha256.Sum256(gen.tail)
}

// tailMatches reports whether file holds, just before gen's offset, the
// bytes gen had there.
func (gen generation) tailMatches(file *os.File) bool {
	n := gen.tailLen()
	if n == 0 {
		return true
	}
	buf := make([]byte, n)
	if k, _ := file.ReadAt(buf, gen.off-int64(n)); k < n {
		return false
	}
	if gen.tail != nil {
		return bytes.Equal(buf, gen.tail)
	}
	return sha256.Sum256(buf) == gen.tailHash
}

// prefixOf reports whether file (of size size, beginning with head) is a
// copy of gen cut short of where its reading stopped — a copytruncate's
// copy made before the last lines read were written: the same first bytes,
// and the same bytes before one of the places where a chunk read ended.
func (gen generation) prefixOf(file *os.File, size int64, head []byte) bool {
	if size >= gen.off || gen.fp == nil {
		return false
	}
	n := min(len(gen.fp), len(head))
	if n == 0 || !bytes.Equal(head[:n], gen.fp[:n]) {
		return false
	}
	var buf [64]byte
	for i := len(gen.marks) - 1; i >= 0; i-- {
		m := gen.marks[i]
		if m.off > size || m.n == 0 {
			continue
		}
		if k, _ := file.ReadAt(buf[:m.n], m.off-int64(m.n)); k == m.n && fnv(buf[:k]) == m.sum {
			return true
		}
	}
	return false
}

// heldBy reports whether file (of size size, beginning with head) is gen or
// a copy of it: the same first bytes, at least as long as what was read,
// and the same bytes just before where reading stopped. Files that begin
// alike (a header row) are told apart by the last.
func (gen generation) heldBy(file *os.File, size int64, head []byte) bool {
	return size >= gen.off && gen.matches(head) && gen.tailMatches(file)
}

func (gen generation) fpLen() int {
	if gen.fp != nil || gen.hashLen == 0 {
		return len(gen.fp)
	}
	return gen.hashLen
}

func (gen generation) sum() [sha256.Size]byte {
	if gen.fp == nil && gen.hashLen > 0 {
		return gen.hash
	}
	return sha256.Sum256(gen.fp)
}

// matches reports whether head, a file's first bytes, starts with gen's
// fingerprint.
func (gen generation) matches(head []byte) bool {
	n := gen.fpLen()
	if n == 0 || n > len(head) {
		return false
	}
	if gen.fp != nil {
		return bytes.Equal(head[:n], gen.fp)
	}
	return sha256.Sum256(head[:n]) == gen.hash
}

// restore places a file present at a restart where the positions say: the
// file the name points to is resumed where it was left when it is the same
// file (device, inode and first bytes); otherwise it is new since, and is
// read from its start. The files the name pointed to before are looked for
// beside it, renamed or copied, and read from where they were left; so are
// rotated files written since the positions were saved.
func (w *Follower) restore(f *File, h Handler) {
	if f.restored {
		return
	}
	f.restored = true
	saved := w.opt.Positions.find(f.Name)
	if saved == nil {
		return
	}
	var cur *handle
	if file, err := os.Open(f.Name); err == nil {
		if fi, err := file.Stat(); err == nil && fi.Mode().IsRegular() {
			cur = &handle{f: file, fi: fi}
		} else {
			file.Close()
		}
	}
	var olds []*handle
	matched := false
	for _, p := range saved.Files {
		gen := p.generation()
		if cur != nil && !matched {
			dev, ino := fileID(cur.fi)
			var head [FingerprintSize]byte
			k, _ := cur.f.ReadAt(head[:], 0)
			if dev == gen.dev && ino == gen.ino && cur.fi.Size() >= gen.off && (gen.fpLen() == 0 || gen.matches(head[:k])) && gen.tailMatches(cur.f) {
				cur.off, cur.line = gen.off, gen.line
				cur.loadTail()
				matched = true
				continue
			}
		}
		if c := w.findCopy(f.Name, gen, true); c != nil && !holds(olds, c) {
			olds = append(olds, c)
		} else if c != nil {
			c.f.Close()
		}
	}
	if !matched {
		// Replaced while stopped: rotated files written since the save
		// are read whole too.
		olds = append(olds, w.writtenSince(f.Name, olds, cur)...)
	}
	slices.SortStableFunc(olds, func(a, b *handle) int { return a.fi.ModTime().Compare(b.fi.ModTime()) })
	now := w.now()
	for _, g := range olds {
		g.grown = now
		h.Event(Event{Kind: Recovered, Name: f.Name, Path: g.f.Name(), Offset: g.off})
	}
	f.old = append(f.old, olds...)
	if cur != nil {
		w.sameStart(cur)
		f.cur = cur
		f.initial = false
		kind := Resumed
		if !matched {
			kind = Opened
		}
		h.Event(Event{Kind: kind, Name: f.Name, Offset: cur.off})
	}
}

func holds(gs []*handle, g *handle) bool {
	return slices.ContainsFunc(gs, func(o *handle) bool { return os.SameFile(o.fi, g.fi) })
}

// writtenSince opens the rotated files beside name (same name prefix, not
// compressed, not followed themselves) modified since the positions were
// saved (less a second, for coarse file times: less than Grace, so no
// file read to its end before the save is read again), but those in have
// and the file cur.
func (w *Follower) writtenSince(name string, have []*handle, cur *handle) []*handle {
	var out []*handle
	for _, p := range w.beside(name) {
		file, err := os.Open(p)
		if err != nil {
			continue
		}
		fi, err := file.Stat()
		var head [8]byte
		k, _ := file.ReadAt(head[:], 0)
		g := &handle{f: file, fi: fi}
		if err != nil || !fi.ModTime().After(w.opt.Positions.Saved.Add(-time.Second)) || k == 0 || input.Detect(head[:k]) != input.Plain ||
			holds(have, g) || holds(out, g) || cur != nil && os.SameFile(cur.fi, fi) {
			file.Close()
			continue
		}
		out = append(out, g)
	}
	return out
}
