package annotate

import (
	"encoding/base64"
	"io"
	"unicode/utf8"

	"github.com/codewatch/codewatch/internal/visible"
)

// escaper appends p to dst with everything that could act on a terminal
// made visible (package visible's rules, tabs kept: C0 controls but TAB as
// ^X, DEL as ^?, C1 controls and the bidirectional overrides as <U+XXXX>,
// bytes that are not UTF-8 as \xNN).
// A rune cut by the end of p is held in cut for the next call; flush
// writes what is left at the end of the line.
type escaper struct{ cut cutRune }

func (v *escaper) append(dst, p []byte) []byte {
	held, p, wait := v.cut.resume(p)
	if wait {
		return dst
	}
	dst = visible.Append(dst, held, true)
	return visible.Append(dst, v.cut.split(p), true)
}

// cutRune holds the start of a rune cut by the end of one part of a line,
// for the next part.
type cutRune struct {
	b [utf8.UTFMax]byte
	n int
}

// split keeps the start of a rune that p ends in the middle of and
// returns the rest of p, whose runes are whole (or bytes that make none).
func (c *cutRune) split(p []byte) []byte {
	for i := max(0, len(p)-utf8.UTFMax+1); i < len(p); i++ {
		if p[i] >= utf8.RuneSelf && !utf8.FullRune(p[i:]) {
			c.n = copy(c.b[:], p[i:])
			return p[:i]
		}
	}
	return p
}

// resume completes the held rune with the continuation bytes at the head
// of p. It returns the held bytes to write (a whole rune, or bytes that do
// not make one: a byte that cannot continue the rune is left in p), the
// rest of p, and wait when p ran out before the rune was whole.
func (c *cutRune) resume(p []byte) (held, rest []byte, wait bool) {
	if c.n == 0 {
		return nil, p, false
	}
	for len(p) > 0 && c.n < len(c.b) && !utf8.FullRune(c.b[:c.n]) && p[0]&0xC0 == 0x80 {
		c.b[c.n] = p[0]
		c.n++
		p = p[1:]
	}
	if !utf8.FullRune(c.b[:c.n]) && len(p) == 0 {
		return nil, p, true
	}
	held = append([]byte(nil), c.b[:c.n]...)
	c.n = 0
	return held, p, false
}

// drain returns what is held, at the end of the line.
func (c *cutRune) drain() []byte {
	held := c.b[:c.n]
	c.n = 0
	return held
}

// flush writes the bytes of a rune that the line ended in the middle of.
func (v *escaper) flush(dst []byte) []byte {
	for _, c := range v.cut.drain() {
		dst = visible.AppendHex(dst, c)
	}
	return dst
}

// jsonString appends p as the inside of a JSON string: always valid JSON,
// whatever the bytes. Bytes that are not UTF-8 become U+FFFD; U+2028 and
// U+2029 are escaped so that the output is also valid JavaScript. Like
// escaper, it carries a rune cut at the end of p to the next call.
type jsonString struct{ cut cutRune }

func (j *jsonString) append(dst, p []byte) []byte {
	held, p, wait := j.cut.resume(p)
	if wait {
		return dst
	}
	dst = appendJSON(dst, held)
	return appendJSON(dst, j.cut.split(p))
}

func (j *jsonString) flush(dst []byte) []byte {
	for range j.cut.drain() {
		dst = append(dst, `\ufffd`...)
	}
	return dst
}

// appendJSON escapes p.
func appendJSON(dst, p []byte) []byte {
	const hex = "0123456789abcdef"
	i := 0
	for i < len(p) {
		j := i
		for j < len(p) && p[j] >= 0x20 && p[j] != '"' && p[j] != '\\' && p[j] < utf8.RuneSelf {
			j++
		}
		dst = append(dst, p[i:j]...)
		i = j
		if i == len(p) {
			break
		}
		c := p[i]
		if c < utf8.RuneSelf {
			switch c {
			case '"', '\\':
				dst = append(dst, '\\', c)
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&15])
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(p[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			dst = append(dst, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			dst = append(dst, `\u202`...)
			dst = append(dst, hex[r&15])
		default:
			dst = append(dst, p[i:i+size]...)
		}
		i += size
	}
	return dst
}

// appendQuoted appends s as a whole JSON string.
func appendQuoted(dst []byte, s []byte) []byte {
	dst = append(dst, '"')
	dst = appendJSON(dst, s)
	return append(dst, '"')
}

func validUTF8(b []byte) bool { return utf8.Valid(b) }

func appendBase64(dst, b []byte) []byte { return base64.StdEncoding.AppendEncode(dst, b) }

// jsonOut is where the JSON writer writes: w, or with Escape (a terminal)
// w through visible.JSON, which writes the C1 controls and bidirectional
// overrides that JSON leaves as they are as \u escapes — the same JSON.
// (Each write ends at a whole rune: the visible writer holds nothing.)
func jsonOut(w io.Writer, opt Options) io.Writer {
	if opt.Escape {
		return visible.NewWriter(w, visible.JSON)
	}
	return w
}
