package scan

import (
	"bytes"
	"sort"
	"strings"
	"sync"

	"github.com/codewatch/codewatch/internal/prefilter"

	"github.com/codewatch/codewatch/internal/catalog"
)

// Matcher finds codes in buffers of bytes by the rules of SPEC §2 and §6. It
// is built once per set of catalogs and is safe for concurrent use.
//
// It never looks at a line byte by byte: names and aliases are found from
// their underscores, dots and a few rare bytes chosen for the rest, phrases
// from their rarest letters, values from runs of three or more digits found
// eight bytes at a time (and, outside the legacy mode, small values from the
// few keywords that allow them), the cues of the SDKs from their rarest
// bytes; only those few candidates are examined closely.
//
// Find reports what it sees in a block; which catalog's code a name or a
// value is depends on the SDK of its line, which depends on the lines
// before: the Reader resolves the matches line by line, in order (Resolve).
type Matcher struct {
	set     *catalog.Set
	unknown bool
	// legacy: the one catalog agora-web-2.x, read by the rules of SPEC
	// §1-§5 exactly (no SDKs, no negative or small values, no SDK forms).
	legacy bool
	// auto: the SDK of each line is guessed from its cues (--sdk auto);
	// otherwise every catalog of the set is the line's SDK (--sdk ID,...).
	auto bool

	spellings []spelling
	names     map[string]int32 // every spelling, by its text
	minName   int
	maxName   int
	nameFirst [256]bool // first bytes of the spellings with an underscore (and of unknown names)
	// The bytes that find the spellings without an underscore: '.' for
	// dotted ones, and a set cover for the rest.
	tokenAnchors []byte
	dotted       bool // some spelling has a dot
	parts        int  // the most words of a dotted spelling

	phrases []phraseEntry
	anchors []anchorGroup // phrases, by the byte searched for

	// Outside the legacy mode: the one pass of pf.go.
	pf        *prefilter.Filter
	pfLits    []pfLit
	pfTable   *winTable // pfLits by the 3 bytes of their windows
	camelKeys []uint64  // bitset of the camel-case spellings' first joints
	pfReach   int       // the longest pfLit
	pfShort   []string  // spellings too short for a window

	lits     *litSet // the keywords of small values (not in the legacy mode)
	cueLits  *litSet // the cues (auto mode)
	cuePf    *prefilter.Filter
	cueTable *winTable // cueLits by the 3 bytes of their windows
	cueOffs  []int     // where each cue's window stands in it
	cueReach int       // the longest cue
	// cueFilters: by context, the cues that could change it (relevantCues).
	cueFilters sync.Map
	cues       []cueSpec
	values     []catValues // by catalog of the set: how its numbers are read

	ambig sync.Map // ambigKey -> *Ambiguity
}

// spelling is a name or alias, and the codes it spells in each catalog
// that has it (at most one per catalog, in the set's order).
type spelling struct {
	text  string
	codes []*catalog.Code
	alias []bool // codes[i] is spelt by an alias
}

// phraseEntry is a phrase (lower case) and the codes it says.
type phraseEntry struct {
	codes []*catalog.Code
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
	id    int32  // index in Matcher.phrases
}

// MatcherOptions say what a matcher reports and how it reads the SDK of a
// line.
type MatcherOptions struct {
	// Unknown also reports unknown codes: code-like identifiers and
	// numbers in code context that no catalog of the set has.
	Unknown bool
	// Auto reads the SDK of each line from its cues and the lines before
	// (SPEC §6.2). Without it, the set is the SDK of every line.
	Auto bool
}

// NewMatcher builds a matcher for one catalog. With unknown set, it also
// reports unknown codes (ERR_/WARN_/K_ identifiers and numbers of 100 or
// more in code context that the catalog does not have). The default
// catalog alone is read by the rules of SPEC §1-§5 exactly.
func NewMatcher(cat *catalog.Catalog, unknown bool) *Matcher {
	return NewSetMatcher(catalog.MustSet(cat), MatcherOptions{Unknown: unknown})
}

// NewSetMatcher builds a matcher for a set of catalogs.
func NewSetMatcher(set *catalog.Set, opt MatcherOptions) *Matcher {
	m := &Matcher{set: set, unknown: opt.Unknown, legacy: set.Legacy(), names: make(map[string]int32), minName: 1 << 30}
	m.auto = opt.Auto && !m.legacy && set.Len() > 1
	for _, c := range set.Catalogs() {
		m.values = append(m.values, newCatValues(c.Values))
	}
	plain, dotted := m.indexSpellings()
	m.indexPhrases()
	if !m.legacy {
		m.lits = newLitSet(m.literals())
		m.indexPrefilter(plain, dotted)
		if m.auto {
			m.cues = cueTable(set)
			m.cueLits = newLitSet(m.cueLiterals())
			m.indexCues()
		}
	}
	return m
}

// Set returns the catalogs the matcher was built for.
func (m *Matcher) Set() *catalog.Set { return m.set }

// Catalog returns the first catalog of the set (the only one of a matcher
// made by NewMatcher).
func (m *Matcher) Catalog() *catalog.Catalog { return m.set.At(0) }

// Unknown reports whether the matcher reports unknown codes.
func (m *Matcher) Unknown() bool { return m.unknown }

// Legacy reports whether the matcher reads lines by the rules of SPEC
// §1-§5 only: the one catalog agora-web-2.x.
func (m *Matcher) Legacy() bool { return m.legacy }

// Auto reports whether the matcher guesses the SDK of each line.
func (m *Matcher) Auto() bool { return m.auto }

// indexSpellings indexes every name and alias of every catalog, and
// chooses the bytes the ones without an underscore are found by.
func (m *Matcher) indexSpellings() (plain, dotted []string) {
	var plainB [][]byte // spellings with neither '_' nor '.'
	for _, cat := range m.set.Catalogs() {
		for _, ref := range cat.Names() {
			i, ok := m.names[ref.Name]
			if !ok {
				i = int32(len(m.spellings))
				m.spellings = append(m.spellings, spelling{text: ref.Name})
				m.names[ref.Name] = i
				switch n := ref.Name; {
				case strings.IndexByte(n, '.') >= 0:
					m.dotted = true
					m.parts = max(m.parts, strings.Count(n, ".")+1)
					dotted = append(dotted, n)
				case strings.IndexByte(n, '_') >= 0:
					m.minName = min(m.minName, len(n))
					m.nameFirst[n[0]] = true
				default:
					plain = append(plain, n)
					plainB = append(plainB, []byte(n))
				}
				m.maxName = max(m.maxName, len(ref.Name))
			}
			sp := &m.spellings[i]
			sp.codes = append(sp.codes, &cat.Codes[ref.ID])
			sp.alias = append(sp.alias, ref.Alias)
		}
	}
	if m.unknown {
		// Unknown identifiers (ERR_, WARN_, K_; and, for every SDK,
		// CONNECTION_CHANGED_ and RTM_ERROR_) are found from their
		// underscore like names.
		m.minName = min(m.minName, 3)
		m.maxName = max(m.maxName, MaxUnknownName)
		m.nameFirst['E'], m.nameFirst['W'], m.nameFirst['K'] = true, true, true
		if !m.legacy {
			m.nameFirst['C'], m.nameFirst['R'] = true, true
		}
	}
	if m.dotted {
		m.tokenAnchors = append(m.tokenAnchors, '.')
	}
	if !m.legacy {
		return plain, dotted // the one pass finds them (indexPrefilter)
	}
	for _, a := range coverBytes(plainB, true) {
		if !bytes.Contains(m.tokenAnchors, []byte{a}) {
			m.tokenAnchors = append(m.tokenAnchors, a)
		}
	}
	return plain, dotted
}

// indexPhrases indexes every phrase of every catalog by its text (lower
// case), and chooses the bytes they are searched for by.
func (m *Matcher) indexPhrases() {
	byText := map[string]int32{}
	var texts [][]byte
	for _, cat := range m.set.Catalogs() {
		for ci := range cat.Codes {
			for _, p := range cat.Codes[ci].Phrases {
				l := string(asciiLower([]byte(p)))
				i, ok := byText[l]
				if !ok {
					i = int32(len(m.phrases))
					byText[l] = i
					m.phrases = append(m.phrases, phraseEntry{})
					texts = append(texts, []byte(l))
				}
				pe := &m.phrases[i]
				if n := len(pe.codes); n == 0 || pe.codes[n-1].Catalog() != cat {
					pe.codes = append(pe.codes, &cat.Codes[ci])
				}
			}
		}
	}
	groups := make(map[byte]*anchorGroup)
	var order []byte
	for _, pa := range anchorPhrases(texts) {
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
}

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

// caseCost is byteCost for a search that tells the cases apart: capitals
// are rarer in logs than small letters, by about eight to one.
func caseCost(b byte) int {
	c := byteCost[b]
	if 'A' <= b && b <= 'Z' {
		return c / 8
	}
	if 'a' <= b && b <= 'z' {
		return c - c/8
	}
	return c
}

// passCost is what one more anchor byte costs (two IndexByte passes for a
// letter), in the units of byteCost.
const passCost = 10

// anchoredPhrase is a phrase and the byte it is searched for by.
type anchoredPhrase struct {
	lower  []byte
	anchor byte
	id     int
}

// anchorPhrases chooses the bytes the phrases (lower case) are searched for
// by (coverBytes, either case), and says which byte finds each phrase.
func anchorPhrases(texts [][]byte) []anchoredPhrase {
	ps := make([]anchoredPhrase, len(texts))
	for i, t := range texts {
		ps[i] = anchoredPhrase{lower: t, id: i}
	}
	for _, b := range coverBytes(texts, false) {
		for i := range ps {
			if ps[i].anchor == 0 && bytes.IndexByte(ps[i].lower, b) >= 0 {
				ps[i].anchor = b
			}
		}
	}
	return ps
}

// coverBytes chooses bytes such that each of texts holds one: a greedy set
// cover, taking each time the byte whose cost (its frequency, plus a pass)
// per text not yet covered is lowest. Each pass of bytes.IndexByte is cheap;
// what costs is every hit, so a rare byte that covers many texts wins. With
// exact, bytes are searched for as they are (caseCost); without, texts are
// lower case and letters are searched for in both cases (byteCost). For
// the default catalog's phrases: 'y' (key) for five and 'v' (invalid,
// active) for three.
func coverBytes(texts [][]byte, exact bool) []byte {
	covered := make([]bool, len(texts))
	var out []byte
	for left := len(texts); left > 0; {
		best, bestScore := -1, 0.0
		for c := 0; c < 256; c++ {
			b := byte(c)
			if !exact && 'A' <= b && b <= 'Z' {
				continue // letters are lower case in phrases
			}
			n := 0
			for i, t := range texts {
				if !covered[i] && bytes.IndexByte(t, b) >= 0 {
					n++
				}
			}
			if n == 0 {
				continue
			}
			cost := byteCost[b]
			if exact {
				cost = caseCost(b)
			}
			score := float64(cost+passCost) / float64(n)
			if best < 0 || score < bestScore {
				best, bestScore = c, score
			}
		}
		out = append(out, byte(best))
		for i, t := range texts {
			if !covered[i] && bytes.IndexByte(t, byte(best)) >= 0 {
				covered[i] = true
				left--
			}
		}
	}
	return out
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

func isWord(b byte) bool { return class[b]&cWord != 0 }

// Find appends to dst the matches whose anchor (the first byte of a name,
// alias, phrase or unknown identifier, or of a number) lies in buf[lo:hi]
// (the cues are FindCues'). Offsets are
// positions in buf. Matches are not deduplicated and come in no particular
// order; their codes are not resolved yet (Resolve).
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
	if m.pf != nil {
		// Every SDK's: all in one pass (prefilter).
		return m.findPrefiltered(buf, lo, hi, dst)
	}
	dst = m.findUnderscored(buf, lo, hi, dst)
	dst = m.findValues(buf, lo, hi, dst)
	dst = m.findAnchored(buf, lo, hi, dst)
	for i := range m.anchors {
		dst = m.findPhrases(buf, lo, hi, &m.anchors[i], dst)
	}
	return dst
}

// findUnderscored finds names and aliases (and unknown identifiers) from
// their underscores.
func (m *Matcher) findUnderscored(buf []byte, lo, hi int, dst []Match) []Match {
	if m.maxName == 0 {
		return dst
	}
	end := min(len(buf), hi+m.maxName)
	if m.minName < 1<<30 {
		for i := lo; i < end; {
			k := bytes.IndexByte(buf[i:end], '_')
			if k < 0 {
				break
			}
			var s, e int
			s, e, i = m.token(buf, i+k)
			if e < 0 || s < lo || s >= hi || e-s < m.minName || !m.nameFirst[buf[s]] || afterNet(buf, s) {
				continue
			}
			if sp, ok := m.names[string(buf[s:e])]; ok {
				dst = append(dst, Match{By: ByName, Start: s, End: e, ref: sp})
			} else if m.unknown && m.isUnknownName(buf[s:e]) {
				dst = append(dst, Match{By: ByName, Start: s, End: e, ref: -1})
			}
		}
	}
	return dst
}

// findAnchored finds the spellings without an underscore from their
// anchor bytes (a dot, for dotted ones).
func (m *Matcher) findAnchored(buf []byte, lo, hi int, dst []Match) []Match {
	end := min(len(buf), hi+m.maxName)
	for _, a := range m.tokenAnchors {
		for i := lo; i < end; {
			k := bytes.IndexByte(buf[i:end], a)
			if k < 0 {
				break
			}
			p := i + k
			if a == '.' {
				i = p + 1
				dst = m.dottedAt(buf, p, lo, hi, dst)
				continue
			}
			var s, e int
			s, e, i = m.token(buf, p)
			if e < 0 || s < lo || s >= hi || afterNet(buf, s) {
				continue
			}
			if sp, ok := m.names[string(buf[s:e])]; ok {
				dst = append(dst, Match{By: ByName, Start: s, End: e, ref: sp})
			}
		}
	}
	return dst
}

// token returns the word token around buf[p], and where to search on from.
// e is -1 for a token longer than any spelling, which is skipped whole.
func (m *Matcher) token(buf []byte, p int) (s, e, next int) {
	s = p
	for s > 0 && isWord(buf[s-1]) && p-s <= m.maxName {
		s--
	}
	e = p + 1
	for e < len(buf) && isWord(buf[e]) && e-s <= m.maxName {
		e++
	}
	if s > 0 && isWord(buf[s-1]) || e < len(buf) && isWord(buf[e]) {
		// Longer than any name: skip the whole token.
		for e < len(buf) && isWord(buf[e]) {
			e++
		}
		return s, -1, e
	}
	return s, e, e
}

// dottedAt finds the dotted spellings whose dots include the one at p: the
// word runs left and right of it, and up to m.parts words in all.
func (m *Matcher) dottedAt(buf []byte, p, lo, hi int, dst []Match) []Match {
	if p == 0 || p+1 >= len(buf) || !isWord(buf[p-1]) || !isWord(buf[p+1]) {
		return dst
	}
	// The starts of the words that end at dots, from the one left of p
	// back, and the ends of the words from the one right of p on.
	var starts, ends [8]int
	ns := 0
	for q := p; ns < m.parts-1 && ns < len(starts); {
		s := q
		for s > 0 && isWord(buf[s-1]) && q-s <= m.maxName {
			s--
		}
		if q-s > m.maxName || s == q {
			break
		}
		starts[ns] = s
		ns++
		if s < 2 || buf[s-1] != '.' || !isWord(buf[s-2]) {
			break
		}
		q = s - 1
	}
	ne := 0
	for q := p + 1; ne < m.parts-1 && ne < len(ends); {
		e := q
		for e < len(buf) && isWord(buf[e]) && e-q <= m.maxName {
			e++
		}
		if e-q > m.maxName {
			break
		}
		ends[ne] = e
		ne++
		if e+1 >= len(buf) || buf[e] != '.' || !isWord(buf[e+1]) {
			break
		}
		q = e + 1
	}
	for a := 0; a < ns; a++ {
		s := starts[a]
		if s > 0 && isWord(buf[s-1]) {
			continue // inside a longer word
		}
		for b := 0; b < ne && a+b+2 <= m.parts; b++ {
			e := ends[b]
			if e-s > m.maxName || s < lo || s >= hi || e < len(buf) && isWord(buf[e]) || afterNet(buf, s) {
				continue
			}
			if sp, ok := m.names[string(buf[s:e])]; ok {
				dst = append(dst, Match{By: ByName, Start: s, End: e, ref: sp})
			}
		}
	}
	return dst
}

func afterNet(buf []byte, s int) bool { return s >= 5 && string(buf[s-5:s]) == "net::" }

// isUnknownName reports whether a token is an unknown code's name: ERR_,
// WARN_ or K_ (and, outside the legacy mode, CONNECTION_CHANGED_ or
// RTM_ERROR_) followed by upper-case letters, digits and underscores with
// at least one letter.
func (m *Matcher) isUnknownName(tok []byte) bool {
	return isUnknownName(tok, !m.legacy)
}

func isUnknownName(tok []byte, every bool) bool {
	var rest []byte
	switch {
	case len(tok) > 4 && string(tok[:4]) == "ERR_":
		rest = tok[4:]
	case len(tok) > 5 && string(tok[:5]) == "WARN_":
		rest = tok[5:]
	case len(tok) > 2 && string(tok[:2]) == "K_":
		rest = tok[2:]
	case every && len(tok) > 19 && string(tok[:19]) == "CONNECTION_CHANGED_":
		rest = tok[19:]
	case every && len(tok) > 10 && string(tok[:10]) == "RTM_ERROR_":
		rest = tok[10:]
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
				if s > 0 && isWord(buf[s-1]) || e < len(buf) && isWord(buf[e]) {
					continue
				}
				dst = append(dst, Match{By: ByPhrase, Start: s, End: e, ref: ph.id})
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
