// Package prefilter finds, in one pass over a buffer, where a set of
// short literals may start and where a lower-case letter meets an
// upper-case one: the candidates the every-SDK matcher checks (package
// scan). It is the Teddy algorithm of Hyperscan and ripgrep's
// aho-corasick crate, slim variant: each literal is searched for by one
// window of 3 of its bytes; the windows fall into 8 buckets, and for each
// of the 3 places a bucket's windows are summed up by the low and the high
// nibbles of their bytes there, so that a table lookup per nibble (PSHUFB,
// 32 bytes at a time with AVX2) says which buckets a position may start a
// window of. A candidate is a position where some bucket passes at all 3
// places: every true window start is one, and most other positions are
// not. The caller checks each candidate against its literals.
//
// The same pass marks camel-case joints (a-z then A-Z), by which the
// wrappers' spellings (ErrInvalidToken, AgoraRtmErrorNotLogin) are found.
//
// Scan uses AVX2 where the CPU has it, and portable Go elsewhere; both
// give the same bits (FuzzScan, TestScanAgrees).
package prefilter

// Window is 3 bytes of a literal; with Fold, letters match in either
// case.
type Window struct {
	B    [3]byte
	Fold bool
}

// Filter holds the nibble tables of a set of windows.
type Filter struct {
	m   masks
	tab [3][256]uint8 // the buckets each byte passes at each place: for the portable Scan and the tail
}

// masks is what the AVX2 kernel reads: 10 vectors of 32 bytes.
type masks struct {
	nib   [6][32]byte // lo0, hi0, lo1, hi1, lo2, hi2: each 16 bytes, twice
	low   [32]byte    // 0x0f
	a, A  [32]byte    // 'a', 'A'
	max25 [32]byte    // 25
	zero  [32]byte    // '0'
	max9  [32]byte    // 9
	under [32]byte    // '_'
}

// Buckets is the number of buckets windows are spread over.
const Buckets = 8

// New returns the filter of windows. The windows are put in buckets by
// their byte order, so that windows alike share a bucket and its tables
// stay selective.
func New(windows []Window) *Filter {
	ws := append([]Window(nil), windows...)
	sortWindows(ws)
	bucket := make([]int, len(ws))
	for i := range ws {
		bucket[i] = i * Buckets / max(len(ws), 1)
	}
	return build(ws, bucket)
}

// build makes the filter of windows ws, window i in bucket[i].
func build(ws []Window, bucket []int) *Filter {
	f := &Filter{}
	var nib [6][16]uint8
	for i, w := range ws {
		bit := uint8(1) << bucket[i]
		for k, c := range w.B {
			for _, b := range variants(c, w.Fold) {
				nib[2*k][b&15] |= bit
				nib[2*k+1][b>>4] |= bit
			}
		}
	}
	for k := range nib {
		copy(f.m.nib[k][:16], nib[k][:])
		copy(f.m.nib[k][16:], nib[k][:])
	}
	for i := range 32 {
		f.m.low[i], f.m.a[i], f.m.A[i], f.m.max25[i] = 0x0f, 'a', 'A', 25
		f.m.zero[i], f.m.max9[i], f.m.under[i] = '0', 9, '_'
	}
	for k := range 3 {
		for c := range 256 {
			f.tab[k][c] = nib[2*k][c&15] & nib[2*k+1][c>>4]
		}
	}
	return f
}

// variants are the bytes c stands for: itself, and with fold a letter's
// other case.
func variants(c byte, fold bool) []byte {
	switch {
	case fold && 'a' <= c && c <= 'z':
		return []byte{c, c - 'a' + 'A'}
	case fold && 'A' <= c && c <= 'Z':
		return []byte{c, c - 'A' + 'a'}
	}
	return []byte{c}
}

func sortWindows(ws []Window) {
	less := func(a, b Window) bool {
		for k := range 3 {
			if a.B[k] != b.B[k] {
				return a.B[k] < b.B[k]
			}
		}
		return !a.Fold && b.Fold
	}
	for i := 1; i < len(ws); i++ { // few windows: insertion sort
		for j := i; j > 0 && less(ws[j], ws[j-1]); j-- {
			ws[j], ws[j-1] = ws[j-1], ws[j]
		}
	}
}

// Bits are what Scan marks, one bit per position, a word per 32
// positions.
type Bits struct {
	Camel  []uint32 // buf[i] in a-z, buf[i+1] in A-Z
	Ted    []uint32 // a window of the filter may start at i
	Digits []uint32 // buf[i:i+3] are digits
	Under  []uint32 // buf[i] is '_'
}

// Scan marks the candidates of buf[:n], n being the largest multiple of
// 32 with n+2 <= len(buf): bit i%32 of word i/32 of each of b's sets (see
// Bits), which must hold n/32 words. The positions from n on are the
// caller's (At, Camel).
func (f *Filter) Scan(buf []byte, b *Bits) int {
	n := 0
	if len(buf) >= 34 {
		n = (len(buf) - 2) &^ 31
	}
	if n == 0 {
		return 0
	}
	_, _, _, _ = b.Camel[n/32-1], b.Ted[n/32-1], b.Digits[n/32-1], b.Under[n/32-1]
	if useAVX2 {
		scanAVX2(&f.m, &buf[0], n, &b.Camel[0], &b.Ted[0], &b.Digits[0], &b.Under[0])
		return n
	}
	f.scanGeneric(buf, n, b)
	return n
}

// scanGeneric is Scan in portable Go.
func (f *Filter) scanGeneric(buf []byte, n int, b *Bits) {
	for w := 0; w < n/32; w++ {
		var c, t, d, u uint32
		base := w * 32
		for j := range 32 {
			i := base + j
			if f.At(buf[i], buf[i+1], buf[i+2]) {
				t |= 1 << j
			}
			if Camel(buf[i], buf[i+1]) {
				c |= 1 << j
			}
			if Digits(buf[i], buf[i+1], buf[i+2]) {
				d |= 1 << j
			}
			if buf[i] == '_' {
				u |= 1 << j
			}
		}
		b.Camel[w], b.Ted[w], b.Digits[w], b.Under[w] = c, t, d, u
	}
}

// Digits reports whether the three bytes are ASCII digits.
func Digits(b0, b1, b2 byte) bool { return b0-'0' < 10 && b1-'0' < 10 && b2-'0' < 10 }

// At reports whether a window of the filter may start with the bytes
// b0, b1, b2.
func (f *Filter) At(b0, b1, b2 byte) bool {
	return f.tab[0][b0]&f.tab[1][b1]&f.tab[2][b2] != 0
}

// Camel reports whether b0 is a lower-case and b1 an upper-case ASCII
// letter.
func Camel(b0, b1 byte) bool { return b0-'a' < 26 && b1-'A' < 26 }
