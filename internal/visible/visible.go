// Package visible makes text safe to show on a terminal: everything that
// could act on one is written as a visible escape instead. C0 controls
// are ^X (ESC is ^[, a newline ^J), DEL is ^?, C1 controls (the 8-bit
// CSI, OSC, ...) and the bidirectional overrides are <U+XXXX>, and bytes
// that are not UTF-8 are \xNN. What a log line or a file name holds can
// then neither drive the terminal (colours, cursor, window title, OSC 8
// hyperlinks, clearing the screen) nor reorder what is shown, nor split a
// one-line message.
package visible

import "unicode/utf8"

// String returns s with every control character made visible, tab and
// newline included: for names and one-line messages.
func String(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f {
			return string(Append(make([]byte, 0, len(s)+8), []byte(s), false))
		}
	}
	return s // plain printable ASCII: the common case, as is
}

// Append appends p to dst made visible; with keepTab, tabs stay tabs (in a
// log line, where they separate fields). A rune cut by the end of p is
// written as the bytes it has (\xNN): callers that write a line in parts
// hold such a rune over themselves.
func Append(dst, p []byte, keepTab bool) []byte {
	i := 0
	for i < len(p) {
		// Runs of plain printable ASCII go through untouched.
		j := i
		for j < len(p) && p[j] >= 0x20 && p[j] < 0x7f {
			j++
		}
		dst = append(dst, p[i:j]...)
		i = j
		if i == len(p) {
			break
		}
		c := p[i]
		if c < utf8.RuneSelf {
			if c == '\t' && keepTab {
				dst = append(dst, c)
			} else {
				dst = AppendControl(dst, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(p[i:])
		dst = AppendRune(dst, r, p[i:i+size])
		i += size
	}
	return dst
}

// AppendControl appends the ASCII control c (below 0x20, or DEL) as ^X.
func AppendControl(dst []byte, c byte) []byte {
	if c == 0x7f {
		return append(dst, '^', '?')
	}
	return append(dst, '^', c+'@')
}

// AppendRune appends the rune r, read from the bytes raw: as it is, or as
// <U+XXXX> for a C1 control or a bidirectional override, or \xNN for a
// byte that is not UTF-8 (r is utf8.RuneError and raw one byte).
func AppendRune(dst []byte, r rune, raw []byte) []byte {
	switch {
	case r == utf8.RuneError && len(raw) == 1:
		return AppendHex(dst, raw[0])
	case r >= 0x80 && r <= 0x9f, // C1 controls: CSI, OSC, ... in 8-bit form
		r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069: // bidi overrides
		const hex = "0123456789ABCDEF"
		dst = append(dst, "<U+"...)
		return append(dst, hex[r>>12&15], hex[r>>8&15], hex[r>>4&15], hex[r&15], '>')
	}
	return append(dst, raw...)
}

// AppendHex appends the byte c as \xNN.
func AppendHex(dst []byte, c byte) []byte {
	const hex = "0123456789ABCDEF"
	return append(dst, '\\', 'x', hex[c>>4], hex[c&15])
}

// Is reports whether r is one of the characters made visible: a control
// character (C0 but tab, DEL, C1) or a bidirectional override.
func Is(r rune) bool {
	return r < 0x20 && r != '\t' || r == 0x7f || r >= 0x80 && r <= 0x9f || r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069
}
