package prefilter

import (
	"bytes"
	"math/rand/v2"
	"testing"
)

// check holds Scan to its promises on buf with the windows ws: the AVX2
// kernel (where the CPU has one) and the portable loop give the same bits;
// every place a window starts (exactly, or in either case with Fold) is a
// candidate, and so is every camel-case joint, and no other joint is
// marked; At agrees with the bits.
func check(t *testing.T, ws []Window, buf []byte) {
	t.Helper()
	f := New(ws)
	b := newBits(len(buf))
	n := f.Scan(buf, b)
	if n%32 != 0 || n > len(buf) || n > 0 && n+2 > len(buf) || len(buf) >= 34+n {
		t.Fatalf("Scan covered %d of %d bytes", n, len(buf))
	}
	if n > 0 {
		g := newBits(len(buf))
		f.scanGeneric(buf, n, g)
		for w := range n / 32 {
			if g.Camel[w] != b.Camel[w] || g.Ted[w] != b.Ted[w] || g.Digits[w] != b.Digits[w] || g.Under[w] != b.Under[w] {
				t.Fatalf("word %d: Scan %032b %032b %032b %032b, portable %032b %032b %032b %032b", w,
					b.Camel[w], b.Ted[w], b.Digits[w], b.Under[w], g.Camel[w], g.Ted[w], g.Digits[w], g.Under[w])
			}
		}
	}
	for i := 0; i < n; i++ {
		bit := func(m []uint32) bool { return m[i/32]&(1<<(i%32)) != 0 }
		if bit(b.Camel) != ('a' <= buf[i] && buf[i] <= 'z' && 'A' <= buf[i+1] && buf[i+1] <= 'Z') {
			t.Fatalf("camel at %d (%q): %v", i, buf[i:i+2], bit(b.Camel))
		}
		digit := func(c byte) bool { return '0' <= c && c <= '9' }
		if bit(b.Digits) != (digit(buf[i]) && digit(buf[i+1]) && digit(buf[i+2])) {
			t.Fatalf("digits at %d (%q): %v", i, buf[i:i+3], bit(b.Digits))
		}
		if bit(b.Under) != (buf[i] == '_') {
			t.Fatalf("underscore at %d (%q): %v", i, buf[i], bit(b.Under))
		}
		if bit(b.Ted) != f.At(buf[i], buf[i+1], buf[i+2]) {
			t.Fatalf("ted at %d: %v, At says otherwise", i, bit(b.Ted))
		}
		for _, w := range ws {
			if matches(w, buf[i:i+3]) && !bit(b.Ted) {
				t.Fatalf("window %q at %d is no candidate", w.B, i)
			}
		}
	}
}

func newBits(n int) *Bits {
	w := n/32 + 1
	return &Bits{Camel: make([]uint32, w), Ted: make([]uint32, w), Digits: make([]uint32, w), Under: make([]uint32, w)}
}

// matches is a plain ASCII case fold: bytes.EqualFold would fold runes,
// and equate two bytes that are not UTF-8.
func matches(w Window, b []byte) bool {
	for k := range 3 {
		x, y := w.B[k], b[k]
		if w.Fold {
			x, y = lower(x), lower(y)
		}
		if x != y {
			return false
		}
	}
	return true
}

func lower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

func TestScanAgrees(t *testing.T) {
	if !useAVX2 {
		t.Log("no AVX2 on this CPU: the portable loop only")
	}
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []byte("abcxyzABCXYZ_.:-[] 0123456789/\n\xff\x80Ee")
	for round := range 300 {
		var ws []Window
		for range rng.IntN(40) {
			var w Window
			for k := range 3 {
				w.B[k] = alphabet[rng.IntN(len(alphabet))]
			}
			w.Fold = rng.IntN(3) == 0
			ws = append(ws, w)
		}
		buf := make([]byte, rng.IntN(300))
		for i := range buf {
			if rng.IntN(4) == 0 {
				buf[i] = byte(rng.IntN(256))
			} else {
				buf[i] = alphabet[rng.IntN(len(alphabet))]
			}
		}
		// Plant some windows.
		for range rng.IntN(5) {
			if len(ws) > 0 && len(buf) > 3 {
				w := ws[rng.IntN(len(ws))]
				copy(buf[rng.IntN(len(buf)-2):], w.B[:])
			}
		}
		_ = round
		check(t, ws, buf)
	}
}

func FuzzScan(f *testing.F) {
	f.Add([]byte("AgoraRTCError INVALID_OPERATION: errorCode 17 reason\nErrInvalidToken ok"), []byte("CErreaonE"))
	f.Add(bytes.Repeat([]byte{0xff, 'a', 'B'}, 40), []byte("aBc"))
	f.Fuzz(func(t *testing.T, buf, spec []byte) {
		var ws []Window
		for i := 0; i+3 <= len(spec) && len(ws) < 64; i += 3 {
			ws = append(ws, Window{B: [3]byte{spec[i], spec[i+1], spec[i+2]}, Fold: spec[i]&1 == 1})
		}
		check(t, ws, buf)
	})
}

// BenchmarkScan is the pass alone over 1 MiB of log-like text: the AVX2
// kernel (Scan, where the CPU has it), the portable loop beside it, and
// the naive baseline, every window compared at every byte.
func BenchmarkScan(b *testing.B) {
	ws := []Window{{B: [3]byte{'C', 'E', 'r'}}, {B: [3]byte{'s', 'o', 'n'}, Fold: true}, {B: [3]byte{'y', ',', ' '}, Fold: true}}
	line := []byte("2026-03-01T10:00:00.123Z Agora-SDK [INFO]: [client-f541a] publish stream uid 12345 to channel test\n")
	buf := bytes.Repeat(line, (1<<20)/len(line))
	bits := newBits(len(buf))
	f := New(ws)
	n := len(buf) - 34
	n -= n % 32
	b.Run("scan", func(b *testing.B) {
		b.SetBytes(int64(len(buf)))
		for b.Loop() {
			f.Scan(buf, bits)
		}
	})
	b.Run("portable", func(b *testing.B) {
		b.SetBytes(int64(n))
		for b.Loop() {
			f.scanGeneric(buf, n, bits)
		}
	})
	b.Run("naive", func(b *testing.B) {
		b.SetBytes(int64(n))
		for b.Loop() {
			naiveScan(ws, buf[:n+2], bits)
		}
	})
}

// naiveScan marks what Scan marks, one byte and one window at a time.
func naiveScan(ws []Window, buf []byte, b *Bits) {
	for i := 0; i+2 < len(buf); i++ {
		word, bit := i/32, uint32(1)<<(i%32)
		set := func(m []uint32, on bool) {
			if on {
				m[word] |= bit
			} else {
				m[word] &^= bit
			}
		}
		set(b.Camel, Camel(buf[i], buf[i+1]))
		set(b.Digits, Digits(buf[i], buf[i+1], buf[i+2]))
		set(b.Under, buf[i] == '_')
		ted := false
		for _, w := range ws {
			ted = ted || matches(w, buf[i:i+3])
		}
		set(b.Ted, ted)
	}
}

// TestPlan: each literal of 3 bytes or more gets a window of its own
// bytes, and wherever the literal stands (in any case, with Fold) the
// filter marks its window's place; shorter ones get none.
func TestPlan(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	var freq [256]float64
	for i := range freq {
		freq[i] = float64(1 + rng.IntN(100))
	}
	for range 100 {
		var lits []Literal
		for range 1 + rng.IntN(60) {
			text := make([]byte, 1+rng.IntN(12))
			for i := range text {
				text[i] = "abcdeKLMN (:_.09"[rng.IntN(16)]
			}
			lits = append(lits, Literal{Text: text, Fold: rng.IntN(2) == 0})
		}
		f, offs := Plan(lits, &freq, func(w Window) float64 { return float64(w.B[0]) / 1e6 })
		for i, l := range lits {
			if len(l.Text) < 3 {
				if offs[i] != -1 {
					t.Fatalf("%q (%d bytes) got window %d", l.Text, len(l.Text), offs[i])
				}
				continue
			}
			if offs[i] < 0 || offs[i]+3 > len(l.Text) {
				t.Fatalf("%q: window at %d", l.Text, offs[i])
			}
			text := bytes.Clone(l.Text)
			if l.Fold {
				text = bytes.ToUpper(text)
			}
			buf := append(append(bytes.Repeat([]byte{'z'}, 40), text...), bytes.Repeat([]byte{'z'}, 40)...)
			b := newBits(len(buf))
			n := f.Scan(buf, b)
			p := 40 + offs[i]
			if got := p < n && b.Ted[p/32]&(1<<(p%32)) != 0 || p >= n && f.At(buf[p], buf[p+1], buf[p+2]); !got {
				t.Fatalf("%q (fold %v) in %q: its window at %d is no candidate", l.Text, l.Fold, buf, p)
			}
		}
	}
}
