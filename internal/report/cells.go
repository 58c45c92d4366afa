package report

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// runeCells is how many terminal cells r takes: 0 for combining marks,
// enclosing marks and format characters (zero-width space, joiners), 2 for
// the East Asian wide and fullwidth runes (CJK, Hangul, kana, fullwidth
// forms, most emoji), 1 for the rest. Ambiguous-width runes (the box and
// block drawings the table uses, "…") count 1, as terminals outside East
// Asian locales show them.
func runeCells(r rune) int {
	switch {
	case r < 0x300:
		return 1
	case unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf), r >= 0x1160 && r <= 0x11ff: // Hangul medial and final jamo
		return 0
	}
	for _, w := range wideRunes {
		if r < w[0] {
			return 1
		}
		if r <= w[1] {
			return 2
		}
	}
	return 1
}

// wideRunes are the ranges of East Asian wide (W) and fullwidth (F) runes,
// in order: Unicode's EastAsianWidth.txt, the ranges that matter in text.
var wideRunes = [][2]rune{
	{0x1100, 0x115f}, {0x231a, 0x231b}, {0x2329, 0x232a}, {0x23e9, 0x23ec}, {0x23f0, 0x23f0}, {0x23f3, 0x23f3},
	{0x25fd, 0x25fe}, {0x2614, 0x2615}, {0x2648, 0x2653}, {0x267f, 0x267f}, {0x2693, 0x2693}, {0x26a1, 0x26a1},
	{0x26aa, 0x26ab}, {0x26bd, 0x26be}, {0x26c4, 0x26c5}, {0x26ce, 0x26ce}, {0x26d4, 0x26d4}, {0x26ea, 0x26ea},
	{0x26f2, 0x26f3}, {0x26f5, 0x26f5}, {0x26fa, 0x26fa}, {0x26fd, 0x26fd}, {0x2705, 0x2705}, {0x270a, 0x270b},
	{0x2728, 0x2728}, {0x274c, 0x274c}, {0x274e, 0x274e}, {0x2753, 0x2755}, {0x2757, 0x2757}, {0x2795, 0x2797},
	{0x27b0, 0x27b0}, {0x27bf, 0x27bf}, {0x2b1b, 0x2b1c}, {0x2b50, 0x2b50}, {0x2b55, 0x2b55},
	{0x2e80, 0x303e}, {0x3041, 0x33ff}, {0x3400, 0x4dbf}, {0x4e00, 0x9fff}, {0xa000, 0xa4cf}, {0xa960, 0xa97f},
	{0xac00, 0xd7a3}, {0xf900, 0xfaff}, {0xfe10, 0xfe19}, {0xfe30, 0xfe6f}, {0xff00, 0xff60}, {0xffe0, 0xffe6},
	{0x16fe0, 0x16fe4}, {0x17000, 0x18cff}, {0x1b000, 0x1b2ff}, {0x1f004, 0x1f004}, {0x1f0cf, 0x1f0cf},
	{0x1f18e, 0x1f18e}, {0x1f191, 0x1f19a}, {0x1f200, 0x1f251}, {0x1f300, 0x1f64f}, {0x1f680, 0x1f6ff},
	{0x1f7e0, 0x1f7eb}, {0x1f90c, 0x1f9ff}, {0x1fa70, 0x1faff}, {0x20000, 0x2fffd}, {0x30000, 0x3fffd},
}

// displayWidth is the width of s on a terminal, in cells: runes, but 2
// for East Asian wide ones and 0 for combining marks. s holds no control
// characters (see package visible).
func displayWidth(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			for _, r := range s[i:] {
				n += runeCells(r)
			}
			return n
		}
		n++
	}
	return n
}

// cut cuts s to at most n cells (displayWidth), ending it with "…" when cut.
func cut(s string, n int) string {
	if displayWidth(s) <= n {
		return s
	}
	if n <= 0 {
		return ""
	}
	return strings.TrimRight(prefixCells(s, n-1), " ") + "…"
}

// cutLeft cuts s to at most n cells from the left, starting it with "…"
// when cut: for file names, whose end says the most.
func cutLeft(s string, n int) string {
	if displayWidth(s) <= n {
		return s
	}
	if n <= 0 {
		return ""
	}
	w, i := 0, len(s)
	for i > 0 {
		r, size := utf8.DecodeLastRuneInString(s[:i])
		if w+runeCells(r) > n-1 {
			break
		}
		w += runeCells(r)
		i -= size
	}
	// A combining mark left at the start would combine with "…".
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if runeCells(r) > 0 {
			break
		}
		i += size
	}
	return "…" + s[i:]
}

// prefixCells is the longest prefix of s at most n cells wide, with the
// combining marks of its last rune.
func prefixCells(s string, n int) string {
	w := 0
	for i, r := range s {
		if w+runeCells(r) > n {
			return s[:i]
		}
		w += runeCells(r)
	}
	return s
}
