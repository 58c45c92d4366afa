package scan

import (
	"bytes"
	"encoding/binary"
	"math/bits"
	"sort"

	"github.com/codewatch/codewatch/internal/catalog"
)

// Matcher finds codes in buffers of bytes by the rules of SPEC §2. It is
// built once per catalog and is safe for concurrent use.
//
// It never looks at a line byte by byte: names and aliases are found from
// their underscores with bytes.IndexByte, phrases from their rarest letter,
// and values from runs of three or more digits found eight bytes at a time;
// only those few candidates are examined closely.
type Matcher struct {
	cat     *catalog.Catalog
	unknown bool

	names      map[string]nameRef // names and aliases that contain '_'
	minName    int
	maxName    int
	nameFirst  [256]bool  // first bytes of those names
	plainNames []plainRef // names and aliases without '_'

	anchors []anchorGroup // phrases, by the byte searched for
}

type nameRef struct {
	id int32
	by By
}

type plainRef struct {
	name []byte
	ref  nameRef
}

type anchorGroup struct {
	bytes   []byte // the anchor byte in each case (1 or 2 bytes)
	phrases []phraseRef
	// The bytes (lower case) that stand just before and just after the
	// anchor in some phrase of the group: a hit between other bytes is no
	// phrase. anyBefore/anyAfter: some phrase starts/ends at its anchor.
	before, after       [256]bool
	anyBefore, anyAfter bool
}

type phraseRef struct {
	lower []byte // the phrase, ASCII lower case
	off   int    // where the anchor byte stands in it
	id    int32
}

// NewMatcher builds a matcher for the catalog. With unknown set, it also
// reports unknown codes (ERR_/WARN_/K_ identifiers and numbers of 100 or
// more in code context that the catalog does not have).
func NewMatcher(cat *catalog.Catalog, unknown bool) *Matcher {
	m := &Matcher{cat: cat, unknown: unknown, names: make(map[string]nameRef), minName: 1 << 30}
	for _, ref := range cat.Names() {
		r := nameRef{id: int32(ref.ID), by: ByName}
		if ref.Alias {
			r.by = ByAlias
		}
		if bytes.IndexByte([]byte(ref.Name), '_') < 0 {
			m.plainNames = append(m.plainNames, plainRef{name: []byte(ref.Name), ref: r})
			continue
		}
		m.names[ref.Name] = r
		m.minName = min(m.minName, len(ref.Name))
		m.maxName = max(m.maxName, len(ref.Name))
		m.nameFirst[ref.Name[0]] = true
	}
	if unknown {
		// Unknown identifiers start with E, W or K and are found from
		// their underscore like names.
		m.minName = min(m.minName, 3)
		m.maxName = max(m.maxName, MaxUnknownName)
		m.nameFirst['E'], m.nameFirst['W'], m.nameFirst['K'] = true, true, true
	}
	groups := make(map[byte]*anchorGroup)
	var order []byte
	for _, pa := range anchorPhrases(cat) {
		a := pa.anchor
		g := groups[a]
		if g == nil {
			g = &anchorGroup{bytes: []byte{a}}
			if 'a' <= a && a <= 'z' {
				g.bytes = append(g.bytes, a-'a'+'A')
			}
			groups[a] = g
			order = append(order, a)
		}
		off := bytes.IndexByte(pa.lower, a)
		g.phrases = append(g.phrases, phraseRef{lower: pa.lower, off: off, id: int32(pa.id)})
		if off == 0 {
			g.anyBefore = true
		} else {
			g.before[pa.lower[off-1]] = true
		}
		if off == len(pa.lower)-1 {
			g.anyAfter = true
		} else {
			g.after[pa.lower[off+1]] = true
		}
	}
	sort.Slice(order, func(i, j int) bool { return order[i] < order[j] })
	for _, a := range order {
		m.anchors = append(m.anchors, *groups[a])
	}
	return m
}

// Catalog returns the catalog the matcher was built for.
func (m *Matcher) Catalog() *catalog.Catalog { return m.cat }

// Unknown reports whether the matcher reports unknown codes.
func (m *Matcher) Unknown() bool { return m.unknown }

// byteCost estimates how often a byte (either case, for letters) occurs
// in logs, in hundredths of a percent: measured on generated and real
// Agora logs. Every byte not listed is as common as a space.
var byteCost = func() (t [256]int) {
	for i := range t {
		t[i] = 858
	}
	letters := []int{457, 103, 298, 275, 609, 93, 225, 73, 327, 57, 98, 192, 110, 368, 398, 106, 6, 456, 321, 402, 126, 75, 46, 20, 31, 21}
	for i, c := range letters {
		t['a'+i], t['A'+i] = c, c
	}
	digits := []int{343, 321, 259, 211, 166, 152, 137, 119, 104, 103}
	for i, c := range digits {
		t['0'+i] = c
	}
	return t
}()

// passCost is what one more anchor byte costs (two IndexByte passes for a
// letter), in the units of byteCost.
const passCost = 10

// anchoredPhrase is a phrase and the byte it is searched for by.
type anchoredPhrase struct {
	lower  []byte
	anchor byte
	id     int
}

// anchorPhrases chooses the bytes the catalog's phrases are searched for
// by: a greedy set cover, taking each time the byte whose cost (its
// frequency, plus a pass) per phrase not yet covered is lowest. Each pass
// of bytes.IndexByte is cheap; what costs is every hit, so a rare byte that
// covers many phrases wins. For the default catalog: 'y' (key) for five
// phrases and 'v' (invalid, active) for three.
func anchorPhrases(cat *catalog.Catalog) []anchoredPhrase {
	var ps []anchoredPhrase
	for id := range cat.Codes {
		for _, p := range cat.Codes[id].Phrases {
			ps = append(ps, anchoredPhrase{lower: asciiLower([]byte(p)), id: id})
		}
	}
	for left := len(ps); left > 0; {
		best, bestScore := byte(0), 0.0
		for c := 0; c < 256; c++ {
			b := byte(c)
			if 'A' <= b && b <= 'Z' {
				continue // letters are lower case in phrases
			}
			n := 0
			for _, p := range ps {
				if p.anchor == 0 && bytes.IndexByte(p.lower, b) >= 0 {
					n++
				}
			}
			if n == 0 {
				continue
			}
			score := float64(byteCost[b]+passCost) / float64(n)
			if best == 0 || score < bestScore {
				best, bestScore = b, score
			}
		}
		for i := range ps {
			if ps[i].anchor == 0 && bytes.IndexByte(ps[i].lower, best) >= 0 {
				ps[i].anchor = best
				left--
			}
		}
	}
	return ps
}

func asciiLower(b []byte) []byte {
	out := make([]byte, len(b))
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		out[i] = c
	}
	return out
}

// byte classes
const (
	cWord  = 1 << iota // [A-Za-z0-9_]
	cDigit             // [0-9]
	cAlpha             // [A-Za-z_]: the bytes that make a number part of an identifier
	cDash              // '-': part of a keyword word, not of a name
	cGap               // space, tab, ", '
	cPunct             // : = # ( [
	cJoin              // . : - /: between two digits they make a decimal, time, range...
	cUpper
	cLower
)

var class = func() (t [256]uint16) {
	for c := 0; c < 256; c++ {
		b := byte(c)
		if catalog.IsWordByte(b) {
			t[c] |= cWord
		}
		switch {
		case '0' <= b && b <= '9':
			t[c] |= cDigit
		case 'A' <= b && b <= 'Z':
			t[c] |= cAlpha | cUpper
		case 'a' <= b && b <= 'z':
			t[c] |= cAlpha | cLower
		case b == '_':
			t[c] |= cAlpha
		}
	}
	t['-'] |= cDash | cJoin
	t['.'] |= cJoin
	t[':'] |= cJoin | cPunct
	t['/'] |= cJoin
	for _, b := range []byte(" \t\"'") {
		t[b] |= cGap
	}
	for _, b := range []byte("=#([") {
		t[b] |= cPunct
	}
	return t
}()

func isDigit(b byte) bool { return class[b]&cDigit != 0 }

// Find appends to dst the matches whose anchor (the first byte of a name,
// alias, phrase or unknown identifier, or of a number) lies in buf[lo:hi].
// Offsets are positions in buf. Matches are not deduplicated and come in no
// particular order.
//
// buf must give each anchor its context: either buf[0] starts a line or lo
// is at least Lookback; and either buf ends at a line end or holds at least
// Lookahead bytes after hi. Lines are told apart by '\n'.
func (m *Matcher) Find(buf []byte, lo, hi int, dst []Match) []Match {
	if hi > len(buf) {
		hi = len(buf)
	}
	if lo >= hi {
		return dst
	}
	dst = m.findNames(buf, lo, hi, dst)
	dst = m.findValues(buf, lo, hi, dst)
	for i := range m.anchors {
		dst = m.findPhrases(buf, lo, hi, &m.anchors[i], dst)
	}
	return dst
}

// findNames finds names and aliases (and unknown identifiers) from their
// underscores.
func (m *Matcher) findNames(buf []byte, lo, hi int, dst []Match) []Match {
	if m.maxName > 0 {
		end := min(len(buf), hi+m.maxName)
		i := lo
		for i < end {
			k := bytes.IndexByte(buf[i:end], '_')
			if k < 0 {
				break
			}
			p := i + k
			// The token around the underscore.
			s := p
			for s > 0 && class[buf[s-1]]&cWord != 0 && p-s <= m.maxName {
				s--
			}
			e := p + 1
			for e < len(buf) && class[buf[e]]&cWord != 0 && e-s <= m.maxName {
				e++
			}
			if s > 0 && class[buf[s-1]]&cWord != 0 || e < len(buf) && class[buf[e]]&cWord != 0 {
				// Longer than any name: skip the whole token.
				for e < len(buf) && class[buf[e]]&cWord != 0 {
					e++
				}
				i = e
				continue
			}
			i = e
			if s < lo || s >= hi || e-s < m.minName || !m.nameFirst[buf[s]] {
				continue
			}
			if s >= 5 && string(buf[s-5:s]) == "net::" {
				continue
			}
			if r, ok := m.names[string(buf[s:e])]; ok {
				dst = append(dst, Match{Code: &m.cat.Codes[r.id], By: r.by, Start: s, End: e})
			} else if m.unknown && isUnknownName(buf[s:e]) {
				dst = append(dst, Match{By: ByName, Start: s, End: e})
			}
		}
	}
	for _, pn := range m.plainNames {
		end := min(len(buf), hi+len(pn.name))
		for i := lo; i < end; {
			k := bytes.Index(buf[i:end], pn.name)
			if k < 0 {
				break
			}
			s := i + k
			e := s + len(pn.name)
			i = s + 1
			if (s == 0 || class[buf[s-1]]&cWord == 0) && (e == len(buf) || class[buf[e]]&cWord == 0) &&
				!(s >= 5 && string(buf[s-5:s]) == "net::") {
				dst = append(dst, Match{Code: &m.cat.Codes[pn.ref.id], By: pn.ref.by, Start: s, End: e})
			}
		}
	}
	return dst
}

// isUnknownName reports whether a token is ERR_, WARN_ or K_ followed by
// upper-case letters, digits and underscores with at least one letter.
func isUnknownName(tok []byte) bool {
	var rest []byte
	switch {
	case len(tok) > 4 && string(tok[:4]) == "ERR_":
		rest = tok[4:]
	case len(tok) > 5 && string(tok[:5]) == "WARN_":
		rest = tok[5:]
	case len(tok) > 2 && string(tok[:2]) == "K_":
		rest = tok[2:]
	default:
		return false
	}
	letter := false
	for _, c := range rest {
		if class[c]&(cUpper|cDigit) == 0 && c != '_' {
			return false
		}
		letter = letter || class[c]&cUpper != 0
	}
	return letter && len(tok) <= MaxUnknownName
}

const (
	lo7 = 0x7f7f7f7f7f7f7f7f
	hi1 = 0x8080808080808080
)

// digitMask sets the high bit of each byte of x that is an ASCII digit.
func digitMask(x uint64) uint64 {
	a := x & lo7
	ge0 := a + 0x5050505050505050 // high bit: a >= '0'
	gt9 := a + 0x4646464646464646 // high bit: a > '9'
	return ge0 &^ gt9 &^ x & hi1
}

// findValues finds numbers of three or more digits (every value matched in
// context is at least 100) eight bytes at a time, then checks each one.
func (m *Matcher) findValues(buf []byte, lo, hi int, dst []Match) []Match {
	end := min(len(buf), hi+2) // a run starting before hi has its third digit before hi+2
	var prev uint64
	var pad [8]byte
	i := lo
	for i < end {
		var x uint64
		if i+8 <= len(buf) {
			x = binary.LittleEndian.Uint64(buf[i:])
		} else {
			pad = [8]byte{}
			copy(pad[:], buf[i:])
			x = binary.LittleEndian.Uint64(pad[:])
		}
		d := digitMask(x)
		run3 := d & (d<<8 | prev>>56) & (d<<16 | prev>>48)
		if run3 == 0 {
			prev = d
			i += 8
			continue
		}
		p := i + bits.TrailingZeros64(run3)>>3 // the third digit of a run
		s := p - 2
		e := p + 1
		for e < len(buf) && isDigit(buf[e]) {
			e++
		}
		i, prev = e, 0
		if s > 0 {
			c := class[buf[s-1]]
			if c&cDigit != 0 {
				// The run started earlier: only in a window's first word.
				for s > 0 && isDigit(buf[s-1]) && p-s <= MaxDigits {
					s--
				}
				if s > 0 && isDigit(buf[s-1]) {
					continue // longer than any value
				}
			} else if c&cAlpha != 0 || c&cJoin != 0 && s >= 2 && isDigit(buf[s-2]) {
				continue // part of an identifier, a time, a decimal...: the commonest case
			}
		}
		if e-s <= MaxDigits && s >= lo && s < hi && buf[s] != '0' {
			dst = m.value(buf, s, e, dst)
		}
	}
	return dst
}

// value checks the number buf[s:e] (3 to MaxDigits digits).
func (m *Matcher) value(buf []byte, s, e int, dst []Match) []Match {
	if buf[s] == '0' {
		return dst
	}
	if s > 0 {
		c := class[buf[s-1]]
		if c&cAlpha != 0 || c&cJoin != 0 && s >= 2 && isDigit(buf[s-2]) {
			return dst
		}
	}
	if e < len(buf) {
		c := class[buf[e]]
		if c&cAlpha != 0 || c&cJoin != 0 && e+1 < len(buf) && isDigit(buf[e+1]) {
			return dst
		}
	}
	start, first, ok := keyword(buf, s)
	if !ok {
		return dst
	}
	v := 0
	for _, c := range buf[s:e] {
		v = v*10 + int(c-'0')
	}
	var code *catalog.Code
	if id := m.cat.ByValue(v, first); id >= 0 {
		code = &m.cat.Codes[id]
	} else if !m.unknown {
		return dst
	}
	return append(dst, Match{Code: code, By: ByValue, Start: start, End: e, Value: v})
}

var (
	zhErrorCode = []byte("错误码")
	zhWarnCode  = []byte("警告码")
	zhError     = []byte("错误")
	zhWarn      = []byte("警告")
)

// keyword decides whether the number at s stands after a keyword (SPEC §2)
// and returns where the keyword starts and which kind to look up first.
func keyword(buf []byte, s int) (start int, first catalog.Kind, ok bool) {
	// The gap, backwards: spaces, tabs, quotes, one punctuation mark.
	j, punct := s, false
gap:
	for j > 0 && s-j <= MaxGap {
		c := buf[j-1]
		cl := class[c]
		switch {
		case cl&cGap != 0:
			j--
		case cl&cPunct != 0:
			if punct {
				break gap
			}
			j--
			punct = true
		case j >= 3 && buf[j-3] == 0xE2 && buf[j-2] == 0x80 && (c == 0x98 || c == 0x99 || c == 0x9C || c == 0x9D):
			j -= 3 // ‘ ’ “ ”
		case j >= 3 && !punct && buf[j-3] == 0xEF && buf[j-2] == 0xBC && c == 0x9A:
			j -= 3 // ：
			punct = true
		default:
			break gap
		}
	}
	if s-j > MaxGap {
		return 0, 0, false
	}
	// The word, or a Chinese keyword. Every keyword ends in e (code), r
	// (err, error), n (warn, reason) or g (warning), or in 码, 误 or 告:
	// look at that byte before walking back over the word.
	if j == 0 {
		return 0, 0, false
	}
	switch last := buf[j-1]; last | 0x20 {
	case 'e', 'r', 'n', 'g':
	case 0x81 | 0x20, 0xAF | 0x20, 0x8A | 0x20: // last bytes of 码 误 告
		if last != 0x81 && last != 0xAF && last != 0x8A {
			return 0, 0, false
		}
		head := buf[:j]
		switch {
		case bytes.HasSuffix(head, zhErrorCode):
			return j - len(zhErrorCode), catalog.Error, true
		case bytes.HasSuffix(head, zhWarnCode):
			return j - len(zhWarnCode), catalog.Warning, true
		case bytes.HasSuffix(head, zhError):
			return j - len(zhError), catalog.Error, true
		case bytes.HasSuffix(head, zhWarn):
			return j - len(zhWarn), catalog.Warning, true
		}
		return 0, 0, false
	default:
		return 0, 0, false
	}
	i := j
	for i > 0 && class[buf[i-1]]&(cWord|cDash) != 0 {
		i--
		if j-i > MaxWord {
			return 0, 0, false
		}
	}
	word := buf[i:j]
	var lw [MaxWord]byte
	n := copy(lw[:], word)
	for k := 0; k < n; k++ {
		if class[lw[k]]&cUpper != 0 {
			lw[k] += 'a' - 'A'
		}
	}
	l := lw[:n]
	first, ok = keywordKind(word, l)
	if !ok {
		return 0, 0, false
	}
	for _, ex := range excluded {
		if bytes.Contains(l, ex) {
			return 0, 0, false
		}
	}
	if string(l) == "code" && afterStatusWord(buf, i) {
		return 0, 0, false
	}
	return i, first, true
}

var (
	excluded     = [][]byte{[]byte("status"), []byte("http"), []byte("exit"), []byte("key"), []byte("char")}
	keywordTails = []struct {
		s    string
		kind catalog.Kind
	}{{"code", 0}, {"err", catalog.Error}, {"error", catalog.Error}, {"warn", catalog.Warning}, {"warning", catalog.Warning}, {"reason", 0}}
)

// keywordKind tests the word (and its lower-case form l) against the
// keyword list and the suffix rule.
func keywordKind(word, l []byte) (catalog.Kind, bool) {
	switch string(l) {
	case "code", "reason":
		return 0, true
	case "err", "error", "errcode", "errorcode":
		return catalog.Error, true
	case "warn", "warning", "warncode", "warningcode":
		return catalog.Warning, true
	}
	for _, t := range keywordTails {
		if len(l) <= len(t.s) || string(l[len(l)-len(t.s):]) != t.s {
			continue
		}
		k := len(word) - len(t.s)
		before := class[word[k-1]]
		if word[k-1] == '_' || word[k-1] == '-' {
			return t.kind, true
		}
		if class[word[k]]&cUpper != 0 && (before&(cLower|cDigit) != 0 ||
			before&cUpper != 0 && k+1 < len(word) && class[word[k+1]]&cLower != 0) {
			return t.kind, true
		}
		return 0, false
	}
	return 0, false
}

// afterStatusWord reports whether the bare word "code" at i follows
// "status", "http", "exit" or "response" ("HTTP status code 101").
func afterStatusWord(buf []byte, i int) bool {
	p := i
	for p > 0 && i-p <= MaxGap && (buf[p-1] == ' ' || buf[p-1] == '\t') {
		p--
	}
	if i-p > MaxGap {
		return false
	}
	q := p
	for q > 0 && p-q <= 8 && class[buf[q-1]]&(cWord|cDash) != 0 {
		q--
	}
	if p-q > 8 || q > 0 && class[buf[q-1]]&(cWord|cDash) != 0 {
		return false
	}
	var lw [8]byte
	n := copy(lw[:], buf[q:p])
	for k := 0; k < n; k++ {
		if class[lw[k]]&cUpper != 0 {
			lw[k] += 'a' - 'A'
		}
	}
	switch string(lw[:n]) {
	case "status", "http", "exit", "response":
		return true
	}
	return false
}

// findPhrases finds the phrases of one anchor group.
func (m *Matcher) findPhrases(buf []byte, lo, hi int, g *anchorGroup, dst []Match) []Match {
	end := min(len(buf), hi+catalog.MaxPhraseLen)
	for _, a := range g.bytes {
		for i := lo; i < end; {
			k := bytes.IndexByte(buf[i:end], a)
			if k < 0 {
				break
			}
			p := i + k
			i = p + 1
			if !g.anyBefore && (p == 0 || !g.before[lowerByte(buf[p-1])]) ||
				!g.anyAfter && (p+1 == len(buf) || !g.after[lowerByte(buf[p+1])]) {
				continue // the most common case: the anchor letter in another word
			}
			for _, ph := range g.phrases {
				s := p - ph.off
				e := s + len(ph.lower)
				if s < lo || s >= hi || e > len(buf) {
					continue
				}
				if !equalFold(buf[s:e], ph.lower) {
					continue
				}
				if s > 0 && class[buf[s-1]]&cWord != 0 || e < len(buf) && class[buf[e]]&cWord != 0 {
					continue
				}
				dst = append(dst, Match{Code: &m.cat.Codes[ph.id], By: ByPhrase, Start: s, End: e})
			}
		}
	}
	return dst
}

func lowerByte(c byte) byte {
	if class[c]&cUpper != 0 {
		return c + 'a' - 'A'
	}
	return c
}

// equalFold compares b with a lower-case ASCII pattern, ignoring ASCII
// case in b.
func equalFold(b, lower []byte) bool {
	for i, c := range b {
		if class[c]&cUpper != 0 {
			c += 'a' - 'A'
		}
		if c != lower[i] {
			return false
		}
	}
	return true
}
