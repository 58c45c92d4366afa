// Package visible makes text safe to show on a terminal: everything that
// could act on one is written as a visible escape instead. C0 controls
// are ^X (ESC is ^[, a newline ^J), DEL is ^?, C1 controls (the 8-bit
// CSI, OSC, ...) and the bidirectional overrides are <U+XXXX>, and bytes
// that are not UTF-8 are \xNN. What a log line or a file name holds can
// then neither drive the terminal (colours, cursor, window title, OSC 8
// hyperlinks, clearing the screen) nor reorder what is shown, nor split a
// one-line message.
package visible

import (
	"bytes"
	"io"
	"unicode/utf8"
)

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

// Bidi reports whether r is a bidirectional override or isolate
// (U+202A–U+202E, U+2066–U+2069): it reorders the text shown after it.
func Bidi(r rune) bool { return r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069 }

// Mode says what a Writer changes.
type Mode uint8

// The modes of a Writer.
const (
	// Document makes everything visible as Append does, but tabs and
	// newlines, which stay: a CSV, Markdown or HTML document on a
	// terminal.
	Document Mode = iota
	// JSON writes the C1 controls and the bidirectional overrides, which
	// JSON encoders leave as they are, as \uXXXX escapes: the same JSON,
	// and the same strings, safe on a terminal. (Such runes stand only in
	// strings, where an escape means the same.) Other controls are
	// escaped by the encoders already.
	JSON
	// BidiText writes the bidirectional overrides alone as <U+XXXX>, and
	// every other byte as it is: CSV cells, which a spreadsheet would show
	// reordered.
	BidiText
	// BidiHTML is BidiText for HTML text: &lt;U+XXXX&gt;.
	BidiHTML
)

// Writer passes what it is written on as its Mode says. A rune cut
// between two writes is held for the next; Flush writes one left cut at
// the end (made visible as \xNN in Document mode).
type Writer struct {
	w    io.Writer
	mode Mode
	held []byte
	buf  []byte
}

// NewWriter returns a Writer to w.
func NewWriter(w io.Writer, mode Mode) *Writer { return &Writer{w: w, mode: mode} }

func (v *Writer) Write(p []byte) (int, error) {
	n := len(p)
	if len(v.held) > 0 {
		p = append(v.held, p...)
		v.held = nil
	}
	// Hold the start of a rune that p ends in the middle of.
	for i := max(0, len(p)-utf8.UTFMax+1); i < len(p); i++ {
		if p[i] >= utf8.RuneSelf && utf8.RuneStart(p[i]) && !utf8.FullRune(p[i:]) {
			v.held = append([]byte(nil), p[i:]...)
			p = p[:i]
			break
		}
	}
	v.buf = v.appendTo(v.buf[:0], p)
	if _, err := v.w.Write(v.buf); err != nil {
		return 0, err
	}
	return n, nil
}

// Flush writes a rune left cut by the last write.
func (v *Writer) Flush() error {
	if len(v.held) == 0 {
		return nil
	}
	b := v.held
	if v.mode == Document {
		b = nil
		for _, c := range v.held {
			b = AppendHex(b, c)
		}
	}
	v.held = nil
	_, err := v.w.Write(b)
	return err
}

func (v *Writer) appendTo(dst, p []byte) []byte {
	if v.mode == Document {
		for {
			i := bytes.IndexByte(p, '\n')
			if i < 0 {
				return Append(dst, p, true)
			}
			dst = append(Append(dst, p[:i], true), '\n')
			p = p[i+1:]
		}
	}
	const hex = "0123456789abcdef"
	// Runs without the lead bytes of such runes go through untouched: C1
	// controls are C2 80–9F, the overrides E2 80 AA–AE and E2 81 A6–A9.
	// (next[k] is where the next C2 or E2 is, or -1: each found once.)
	next := [2]int{bytes.IndexByte(p, 0xc2), bytes.IndexByte(p, 0xe2)}
	for off := 0; off < len(p); {
		i := next[0]
		if i < 0 || next[1] >= 0 && next[1] < i {
			i = next[1]
		}
		if i < 0 {
			return append(dst, p[off:]...)
		}
		dst = append(dst, p[off:i]...)
		r, size := utf8.DecodeRune(p[i:])
		raw := p[i : i+size]
		switch {
		case v.mode == JSON && (r >= 0x80 && r <= 0x9f || Bidi(r)):
			dst = append(dst, '\\', 'u', hex[r>>12&15], hex[r>>8&15], hex[r>>4&15], hex[r&15])
		case v.mode == BidiText && Bidi(r):
			dst = AppendRune(dst, r, raw)
		case v.mode == BidiHTML && Bidi(r):
			dst = append(dst, "&lt;"...)
			dst = append(dst, AppendRune(nil, r, raw)[1:7]...) // U+XXXX
			dst = append(dst, "&gt;"...)
		default:
			dst = append(dst, raw...)
		}
		off = i + size
		for k, lead := range []byte{0xc2, 0xe2} {
			if next[k] >= 0 && next[k] < off {
				if j := bytes.IndexByte(p[off:], lead); j >= 0 {
					next[k] = off + j
				} else {
					next[k] = -1
				}
			}
		}
	}
	return dst
}
