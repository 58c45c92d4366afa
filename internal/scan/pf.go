package scan

import (
	"bytes"
	"math"
	"math/bits"
	"strings"
	"sync"

	"github.com/codewatch/codewatch/internal/catalog"
	"github.com/codewatch/codewatch/internal/prefilter"
)

// The every-SDK matcher's one pass (Find outside the legacy mode).
//
// The six catalogs spell about a thousand names without an underscore
// (ErrInvalidToken, AgoraRtmErrorNotLogin, ErrorCode.InvalidToken,
// TIMEOUT), and with the phrases and the keywords of small values they
// would take dozens of passes of bytes.IndexByte, each stopping at common
// letters. Instead one pass of package prefilter marks two kinds of
// candidates (32 bytes at a time with AVX2):
//
//   - camel-case joints (a-z then A-Z): every one of those spellings but
//     three has one, and its first joint and the byte after it are looked
//     up in a bitset of the spellings' first joints (camelKeys), so that
//     only a few joints are looked at closely (the word around, in names);
//   - where a window of a literal may start (Teddy): the keywords of small
//     values, AgoraRTCError, the phrases (in either case), the three
//     spellings without a joint (FALLBACK, LEAVE, TIMEOUT), and the first
//     word and dot of each dotted spelling (ErrorCode.), after which the
//     dotted spellings are looked for as the legacy matcher looks at every
//     dot. Each literal is searched for by a window of 3 of its bytes,
//     chosen with its bucket for the fewest false candidates by the bytes'
//     frequencies in logs (prefilter.Plan, commonTrigrams); a candidate's
//     3 bytes are looked up in pfTable.
//
// What is found is what the anchored searches find (TestSDKRandom and
// FuzzSDKMatcher hold the matcher to the reference).

// pfLit is a literal the prefilter's windows find.
type pfLit struct {
	text []byte // lower case with fold
	fold bool
	off  int // where its window stands in text
	kind pfKind
	id   int32 // pfKeyword: in m.lits; pfPhrase: in m.phrases
}

type pfKind uint8

const (
	pfKeyword  pfKind = iota + 1 // m.lits' literals (literalAt)
	pfPhrase                     // a phrase
	pfSpelling                   // a spelling with no joint: the word around it
	pfDotted                     // a dotted spelling's first word and dot
)

// pfChunk is how much Find hands the prefilter at a time: its bits fit in
// two small arrays.
const pfChunk = 16 << 10

// camelBits is the size of the camelKeys bitset, as a power of two.
const camelBits = 18

// indexPrefilter sets up the one pass: plain are the spellings with
// neither underscore nor dot, dotted those with a dot.
func (m *Matcher) indexPrefilter(plain, dotted []string) {
	m.camelKeys = make([]uint64, 1<<camelBits/64)
	var lits []pfLit
	for _, sp := range plain {
		if t := firstJoint(sp); t >= 0 {
			m.camelKeys[camelKey(sp[t], sp[t+1], afterJoint(sp, t))/64] |= 1 << (camelKey(sp[t], sp[t+1], afterJoint(sp, t)) % 64)
			continue
		}
		lits = append(lits, pfLit{text: []byte(sp), kind: pfSpelling})
	}
	firsts := map[string]bool{}
	for _, sp := range dotted {
		firsts[sp[:strings.IndexByte(sp, '.')+1]] = true
	}
	for f := range firsts {
		lits = append(lits, pfLit{text: []byte(f), kind: pfDotted})
	}
	for i, l := range m.lits.lits {
		lits = append(lits, pfLit{text: []byte(l.text), kind: pfKeyword, id: int32(i)})
	}
	for gi := range m.anchors {
		for _, ph := range m.anchors[gi].phrases {
			lits = append(lits, pfLit{text: ph.lower, fold: true, kind: pfPhrase, id: ph.id})
		}
	}
	pls := make([]prefilter.Literal, len(lits))
	for i, l := range lits {
		pls[i] = prefilter.Literal{Text: l.text, Fold: l.fold}
	}
	var offs []int
	m.pf, offs = prefilter.Plan(pls, byteFreq(), windowFreq)
	table := map[uint32][]int32{}
	for i := range lits {
		l := &lits[i]
		if offs[i] < 0 {
			// No window: such a spelling is found by its anchors as the
			// legacy matcher finds it (none of the built-in catalogs' is).
			m.pfShort = append(m.pfShort, string(l.text))
			continue
		}
		l.off = offs[i]
		var w prefilter.Window
		copy(w.B[:], l.text[l.off:l.off+3])
		w.Fold = l.fold
		for _, key := range windowKeys(w) {
			table[key] = append(table[key], int32(i))
		}
		m.pfReach = max(m.pfReach, len(l.text))
	}
	m.pfLits, m.pfTable = lits, newWinTable(table)
}

// indexCues sets up the prefilter FindCues searches the cues by (every cue
// is 3 bytes or more: TestCueLines).
func (m *Matcher) indexCues() {
	pls := make([]prefilter.Literal, len(m.cueLits.lits))
	for i, l := range m.cueLits.lits {
		pls[i] = prefilter.Literal{Text: []byte(l.text)}
		m.cueReach = max(m.cueReach, len(l.text))
	}
	m.cuePf, m.cueOffs = prefilter.Plan(pls, byteFreq(), windowFreq)
	table := map[uint32][]int32{}
	for i, l := range m.cueLits.lits {
		if off := m.cueOffs[i]; off >= 0 {
			k := key3(l.text[off], l.text[off+1], l.text[off+2])
			table[k] = append(table[k], int32(i))
		}
	}
	m.cueTable = newWinTable(table)
}

// cueFilter finds some of the cues: those that could change a context
// (relevantCues).
type cueFilter struct {
	pf    *prefilter.Filter
	table *winTable
	offs  []int        // by literal of m.cueLits
	ctx   catalog.SDKs // the context it is for (0: every cue)
}

// relevantCues returns the filter of the cues that could change the
// context ctx, or nil when none could. A line's cues change the context
// only if one of them, read some way, does not hold it all: a strong cue's
// SDKs S make the context ctx&S, or S; a weak one's W make it ctx&W or
// leave it; both leave ctx as it is when S and W hold it (and the strong
// cues' common part holds it too). With ctx 0 every cue could.
func (m *Matcher) relevantCues(ctx catalog.SDKs) *cueFilter {
	if f, ok := m.cueFilters.Load(ctx); ok {
		return f.(*cueFilter)
	}
	var pls []prefilter.Literal
	var ids []int32
	for i, l := range m.cueLits.lits {
		c := &m.cues[l.cue]
		readings := []catalog.SDKs{c.mask}
		if c.check != nil {
			readings = append(readings, c.altMask, c.mask|c.altMask)
		}
		relevant := ctx == 0
		for _, r := range readings {
			relevant = relevant || r != 0 && ctx&^r != 0
		}
		if relevant {
			pls = append(pls, prefilter.Literal{Text: []byte(l.text)})
			ids = append(ids, int32(i))
		}
	}
	var f *cueFilter
	if len(ids) > 0 {
		f = &cueFilter{offs: make([]int, len(m.cueLits.lits)), ctx: ctx}
		var offs []int
		f.pf, offs = prefilter.Plan(pls, byteFreq(), windowFreq)
		table := map[uint32][]int32{}
		for k, id := range ids {
			t := m.cueLits.lits[id].text
			f.offs[id] = offs[k]
			key := key3(t[offs[k]], t[offs[k]+1], t[offs[k]+2])
			table[key] = append(table[key], id)
		}
		f.table = newWinTable(table)
	}
	m.cueFilters.Store(ctx, f)
	return f
}

// scratch is the prefilter's bits for a reader's lookups of cues, kept
// (scanChunk clears the words it does not write).
type scratch struct{ pass }

// firstCue returns where the first cue of f in buf[lo:hi] starts: in
// chunks from lo on, small ones first (the first cue is often near).
func (m *Matcher) firstCue(f *cueFilter, buf []byte, lo, hi int, sc *scratch) (int, bool) {
	b := sc.bits()
	for c0, size := lo, 256; c0 < hi; c0, size = c0+size, min(2*size, pfChunk-m.cueReach) {
		if s, ok := m.cueIn(f, buf, c0, min(hi, c0+size), b, false); ok {
			return s, true
		}
	}
	return 0, false
}

// lastCue returns where the last cue of f in buf[lo:hi] starts: in chunks
// from hi back, small ones first.
func (m *Matcher) lastCue(f *cueFilter, buf []byte, lo, hi int, sc *scratch) (int, bool) {
	b := sc.bits()
	for c1, size := hi, 256; c1 > lo; c1, size = c1-size, min(2*size, pfChunk-m.cueReach) {
		if s, ok := m.cueIn(f, buf, max(lo, c1-size), c1, b, true); ok {
			return s, true
		}
	}
	return 0, false
}

// cueIn returns the first (or, with last, the last) start of a cue of f
// in buf[c0:c1]. The windows of those cues lie before c1+cueReach.
func (m *Matcher) cueIn(f *cueFilter, buf []byte, c0, c1 int, b *prefilter.Bits, last bool) (int, bool) {
	words := scanChunk(f.pf, buf, c0, min(len(buf), c1+m.cueReach), b)
	// Candidates are windows, and a cue's window may stand up to cueReach
	// bytes into it: once a cue is found, only windows that could start a
	// cue nearer the end looked from are looked at.
	best, found := 0, false
	take := func(p int) bool {
		if found && (last && p <= best || !last && p >= best+m.cueReach) {
			return false // no cue nearer can have its window here, nor further on
		}
		if s, ok := m.cueAt(f, buf, p, c0, c1); ok && (!found || last && s > best || !last && s < best) {
			best, found = s, true
		}
		return true
	}
	if last {
		for w := words - 1; w >= 0; w-- {
			for x := b.Ted[w]; x != 0; {
				j := 31 - bits.LeadingZeros32(x)
				x &^= 1 << j
				if !take(c0 + w*32 + j) {
					return best, found
				}
			}
		}
		return best, found
	}
	for w := range words {
		for x := b.Ted[w]; x != 0; x &= x - 1 {
			if !take(c0 + w*32 + bits.TrailingZeros32(x)) {
				return best, found
			}
		}
	}
	return best, found
}

// findCues appends the cues of m's filter that start in buf[lo:hi].
func (m *Matcher) findCues(buf []byte, lo, hi int, dst []Match) []Match {
	to := min(len(buf), hi+m.cueReach)
	if to-lo <= smallRange {
		// A line's worth: small arrays, which cost little to clear.
		var sp smallPass
		b := sp.bits()
		words := scanChunk(m.cuePf, buf, lo, to, b)
		return m.cueHits(buf, lo, hi, lo, b.Ted[:words], dst)
	}
	var ps pass
	b := ps.bits()
	for c := lo; c < to; c += pfChunk {
		words := scanChunk(m.cuePf, buf, c, min(to, c+pfChunk), b)
		dst = m.cueHits(buf, lo, hi, c, b.Ted[:words], dst)
	}
	return dst
}

// smallRange is the most bytes findCues looks at with small arrays.
const smallRange = 512

type smallPass struct{ camel, ted, digits, under [smallRange/32 + 1]uint32 }

func (sp *smallPass) bits() *prefilter.Bits {
	return &prefilter.Bits{Camel: sp.camel[:], Ted: sp.ted[:], Digits: sp.digits[:], Under: sp.under[:]}
}

// cueHits appends the cues that start in buf[lo:hi] whose windows the
// words ted mark, from position c.
func (m *Matcher) cueHits(buf []byte, lo, hi, c int, ted []uint32, dst []Match) []Match {
	for w, x := range ted {
		for ; x != 0; x &= x - 1 {
			p := c + w*32 + bits.TrailingZeros32(x)
			for _, id := range m.cueTable.get(key3(buf[p], buf[p+1], buf[p+2])) {
				l := &m.cueLits.lits[id]
				s := p - m.cueOffs[id]
				e := s + len(l.text)
				if s < lo || s >= hi || e > len(buf) || string(buf[s:e]) != l.text {
					continue
				}
				cs := &m.cues[l.cue]
				sel := 1
				if cs.check != nil {
					sel = cs.check(buf, s, e)
				}
				mask := cs.maskFor(sel)
				if mask == 0 {
					continue
				}
				mt := Match{By: byCue, Start: s, End: e, sdks: mask}
				if cs.weak {
					mt.flags = flagWeak
				}
				dst = append(dst, mt)
			}
		}
	}
	return dst
}

// cueAt reports whether a cue of f whose window may start at p starts in
// buf[lo:hi], and where: a cue that, read as it stands there, could change
// f's context (any cue, for the context 0).
func (m *Matcher) cueAt(f *cueFilter, buf []byte, p, lo, hi int) (int, bool) {
	for _, id := range f.table.get(key3(buf[p], buf[p+1], buf[p+2])) {
		l := &m.cueLits.lits[id]
		s := p - f.offs[id]
		e := s + len(l.text)
		if s < lo || s >= hi || e > len(buf) || string(buf[s:e]) != l.text {
			continue
		}
		c := &m.cues[l.cue]
		mask := c.mask
		if c.check != nil {
			mask = c.maskFor(c.check(buf, s, e))
		}
		if mask != 0 && (f.ctx == 0 || f.ctx&^mask != 0) {
			return s, true
		}
	}
	return 0, false
}

// firstJoint is where the first camel-case joint of s is, or -1.
func firstJoint(s string) int {
	for i := 0; i+1 < len(s); i++ {
		if prefilter.Camel(s[i], s[i+1]) {
			return i
		}
	}
	return -1
}

// afterJoint is the byte after the joint at t: 0 at the end of s, as any
// byte but a word's reads in a line (joint's).
func afterJoint(s string, t int) byte {
	if t+2 < len(s) {
		return s[t+2]
	}
	return 0
}

// camelKey hashes a joint and the byte after it into the bitset.
func camelKey(a, b, c byte) uint32 {
	h := uint32(a)*0x9E3779B1 ^ uint32(b)*0x85EBCA77 ^ uint32(c)*0xC2B2AE3D
	return h >> (32 - camelBits)
}

// windowKeys are the 3-byte values a window stands for in pfTable: itself,
// and with fold each mix of its letters' cases.
func windowKeys(w prefilter.Window) []uint32 {
	keys := []uint32{key3(w.B[0], w.B[1], w.B[2])}
	if !w.Fold {
		return keys
	}
	keys = keys[:0]
	for mask := 0; mask < 8; mask++ {
		b := w.B
		ok := true
		for k := range 3 {
			if mask&(1<<k) != 0 {
				if b[k] < 'a' || b[k] > 'z' {
					ok = false
					break
				}
				b[k] -= 'a' - 'A'
			}
		}
		if ok {
			keys = append(keys, key3(b[0], b[1], b[2]))
		}
	}
	return keys
}

func key3(a, b, c byte) uint32 { return uint32(a) | uint32(b)<<8 | uint32(c)<<16 }

// windowFreq is the share of positions of logs where w stands
// (commonTrigrams; 0 for a window not among them).
func windowFreq(w prefilter.Window) float64 {
	f := 0.0
	for _, k := range windowKeys(w) {
		f += trigramFreq()[k]
	}
	return f / 1e6
}

var trigramFreq = sync.OnceValue(func() map[uint32]float64 {
	t := make(map[uint32]float64, len(commonTrigrams)/4)
	for i := 0; i+4 <= len(commonTrigrams); i += 4 {
		t[key3(commonTrigrams[i], commonTrigrams[i+1], commonTrigrams[i+2])] = math.Exp2(float64(commonTrigrams[i+3])/8) - 1
	}
	return t
})

var byteFreq = sync.OnceValue(func() *[256]float64 {
	// How common each byte is in logs: the bytes of the common windows
	// (commonTrigrams), each weighed by its window's frequency; a byte in
	// none of them is rarer than any that is.
	var f [256]float64
	for i := 0; i+4 <= len(commonTrigrams); i += 4 {
		t := commonTrigrams[i : i+4]
		w := math.Exp2(float64(t[3])/8) - 1
		for _, b := range []byte(t[:3]) {
			f[b] += w
		}
	}
	for b := range f {
		f[b] += 0.1
	}
	return &f
})

// findPrefiltered is Find outside the legacy mode: in one pass, the
// names with an underscore, the numbers, the spellings without an
// underscore, the phrases, the keywords' small values and the unknown
// names after AgoraRTCError whose anchors lie in buf[lo:hi]. It finds
// what findUnderscored, findValues and the anchored searches would
// (TestSDKRandom).
func (m *Matcher) findPrefiltered(buf []byte, lo, hi int, dst []Match) []Match {
	from := max(0, lo-literalsBefore)
	to := min(len(buf), hi+max(m.pfReach, m.maxName)+2)
	underEnd := min(len(buf), hi+m.maxName)
	if m.maxName == 0 || m.minName == 1<<30 {
		underEnd = 0 // no spelling has an underscore
	}
	var ps pass
	b := ps.bits()
	skip := 0            // the underscores before skip are in a word looked at
	var carry uint32 = 0 // the last position's three-digit bit
	for c := from; c < to; c += pfChunk {
		lim := min(to, c+pfChunk)
		words := scanChunk(m.pf, buf, c, lim, b)
		for w := range words {
			base := c + w*32
			for x := ps.camel[w]; x != 0; x &= x - 1 {
				dst = m.jointAt(buf, base+bits.TrailingZeros32(x), lo, hi, dst)
			}
			for x := ps.ted[w]; x != 0; x &= x - 1 {
				dst = m.windowAt(buf, base+bits.TrailingZeros32(x), lo, hi, dst)
			}
			for x := ps.under[w]; x != 0; x &= x - 1 {
				if p := base + bits.TrailingZeros32(x); p >= lo && p >= skip && p < underEnd {
					dst, skip = m.underscoreAt(buf, p, lo, hi, dst)
				}
			}
			// A run of three digits or more starts where its first
			// window of three is not the last position's.
			d := ps.digits[w]
			for x := d &^ (d<<1 | carry); x != 0; x &= x - 1 {
				if p := base + bits.TrailingZeros32(x); p >= lo && p < hi {
					dst = m.runAt(buf, p, lo, hi, dst)
				}
			}
			carry = d >> 31
		}
	}
	return m.findShort(buf, lo, hi, dst)
}

// pass holds the prefilter's bits of a chunk, and one word more for the
// positions it leaves (scanChunk).
type pass struct{ camel, ted, digits, under [pfChunk/32 + 1]uint32 }

func (ps *pass) bits() *prefilter.Bits {
	return &prefilter.Bits{Camel: ps.camel[:], Ted: ps.ted[:], Digits: ps.digits[:], Under: ps.under[:]}
}

// scanChunk marks the candidates of the positions buf[c:lim] (lim-c at
// most pfChunk) in b's words, and returns how many words they take: the
// prefilter's, then the last positions one by one.
func scanChunk(f *prefilter.Filter, buf []byte, c, lim int, b *prefilter.Bits) int {
	words := (lim - c + 31) / 32
	// The prefilter covers whole words: past lim when buf goes on, and
	// the bits past lim are dropped.
	n := f.Scan(buf[c:min(len(buf), c+32*words+2)], b)
	if n >= lim-c {
		if r := (lim - c) % 32; r != 0 {
			keep := uint32(1)<<r - 1
			w := words - 1
			b.Camel[w], b.Ted[w], b.Digits[w], b.Under[w] = b.Camel[w]&keep, b.Ted[w]&keep, b.Digits[w]&keep, b.Under[w]&keep
		}
		return words
	}
	for w := n / 32; w < words; w++ {
		b.Camel[w], b.Ted[w], b.Digits[w], b.Under[w] = 0, 0, 0, 0
	}
	for p := c + n; p < lim; p++ {
		w, bit := (p-c)/32, uint32(1)<<((p-c)%32)
		if buf[p] == '_' {
			b.Under[w] |= bit
		}
		if p+1 < len(buf) && prefilter.Camel(buf[p], buf[p+1]) {
			b.Camel[w] |= bit
		}
		if p+2 < len(buf) {
			if f.At(buf[p], buf[p+1], buf[p+2]) {
				b.Ted[w] |= bit
			}
			if prefilter.Digits(buf[p], buf[p+1], buf[p+2]) {
				b.Digits[w] |= bit
			}
		}
	}
	return words
}

// underscoreAt looks at the word around the underscore at buf[p], as
// findUnderscored does, and returns where the next underscore to look at
// may be (after the word).
func (m *Matcher) underscoreAt(buf []byte, p, lo, hi int, dst []Match) ([]Match, int) {
	s, e, next := m.token(buf, p)
	if e < 0 || s < lo || s >= hi || e-s < m.minName || !m.nameFirst[buf[s]] || afterNet(buf, s) {
		return dst, next
	}
	if sp, ok := m.names[string(buf[s:e])]; ok {
		dst = append(dst, Match{By: ByName, Start: s, End: e, ref: sp})
	} else if m.unknown && m.isUnknownName(buf[s:e]) {
		dst = append(dst, Match{By: ByName, Start: s, End: e, ref: -1})
	}
	return dst, next
}

// runAt looks at the run of three digits or more that starts at buf[s],
// as findValues does.
func (m *Matcher) runAt(buf []byte, s, lo, hi int, dst []Match) []Match {
	e := s + 3
	for e < len(buf) && isDigit(buf[e]) {
		e++
	}
	if s > 0 {
		c := class[buf[s-1]]
		if c&cDigit != 0 {
			return dst // a run started before the pass: not a value starting at lo or after
		}
		if c&cAlpha != 0 || c&cJoin != 0 && s >= 2 && isDigit(buf[s-2]) {
			return dst // part of an identifier, a time, a decimal...: the commonest case
		}
	}
	if e-s <= MaxDigits && buf[s] != '0' {
		dst = m.value(buf, s, e, dst)
	}
	return dst
}

// jointAt looks at the camel-case joint at buf[p]: the word around it, if
// the joint and the byte after it begin some spelling's first joint.
func (m *Matcher) jointAt(buf []byte, p, lo, hi int, dst []Match) []Match {
	c := byte(0)
	if p+2 < len(buf) && isWord(buf[p+2]) {
		c = buf[p+2]
	}
	if k := camelKey(buf[p], buf[p+1], c); m.camelKeys[k/64]&(1<<(k%64)) == 0 {
		return dst
	}
	s, e, _ := m.token(buf, p)
	if e < 0 || s < lo || s >= hi || afterNet(buf, s) {
		return dst
	}
	if sp, ok := m.names[string(buf[s:e])]; ok {
		dst = append(dst, Match{By: ByName, Start: s, End: e, ref: sp})
	}
	return dst
}

// windowAt looks at the literals whose window buf[p:p+3] may be.
func (m *Matcher) windowAt(buf []byte, p, lo, hi int, dst []Match) []Match {
	refs := m.pfTable.get(key3(buf[p], buf[p+1], buf[p+2]))
	for _, r := range refs {
		l := &m.pfLits[r]
		s := p - l.off
		e := s + len(l.text)
		if s < 0 || e > len(buf) {
			continue
		}
		switch l.kind {
		case pfKeyword:
			if s < hi && s >= lo-literalsBefore && bytes.Equal(buf[s:e], l.text) {
				dst = m.literalAt(buf, l.id, s, lo, hi, dst)
			}
		case pfPhrase:
			if s < lo || s >= hi || !equalFold(buf[s:e], l.text) ||
				s > 0 && isWord(buf[s-1]) || e < len(buf) && isWord(buf[e]) {
				continue
			}
			dst = append(dst, Match{By: ByPhrase, Start: s, End: e, ref: l.id})
		case pfSpelling:
			if !bytes.Equal(buf[s:e], l.text) {
				continue
			}
			ts, te, _ := m.token(buf, s)
			if te < 0 || ts < lo || ts >= hi || afterNet(buf, ts) {
				continue
			}
			if sp, ok := m.names[string(buf[ts:te])]; ok {
				dst = append(dst, Match{By: ByName, Start: ts, End: te, ref: sp})
			}
		case pfDotted:
			if bytes.Equal(buf[s:e], l.text) {
				dst = m.dottedAt(buf, e-1, lo, hi, dst)
			}
		}
	}
	return dst
}

// findShort finds the spellings too short for a window by their anchors
// (findAnchored with those alone); none of the built-in catalogs has one.
func (m *Matcher) findShort(buf []byte, lo, hi int, dst []Match) []Match {
	for _, sp := range m.pfShort {
		end := min(len(buf), hi+len(sp))
		for i := max(0, lo); i < end; {
			k := bytes.Index(buf[i:end], []byte(sp))
			if k < 0 {
				break
			}
			p := i + k
			i = p + 1
			s, e, _ := m.token(buf, p)
			if e < 0 || s < lo || s >= hi || afterNet(buf, s) {
				continue
			}
			if ref, ok := m.names[string(buf[s:e])]; ok {
				dst = append(dst, Match{By: ByName, Start: s, End: e, ref: ref})
			}
		}
	}
	return dst
}

// winTable maps the 3 bytes of a window to the literals that have it:
// open addressing, as Find looks a candidate up in it at every one.
type winTable struct {
	keys  []uint32 // key+1; 0 is an empty slot
	spans []uint32 // start<<8 | count in refs
	refs  []int32
	shift uint
}

// newWinTable indexes refs by key.
func newWinTable(byKey map[uint32][]int32) *winTable {
	size := 16
	for size < 2*len(byKey) {
		size *= 2
	}
	t := &winTable{keys: make([]uint32, size), spans: make([]uint32, size), shift: uint(32 - bits.TrailingZeros(uint(size)))}
	for k, rs := range byKey {
		i := t.slot(k)
		for t.keys[i] != 0 {
			i = (i + 1) & (len(t.keys) - 1)
		}
		t.keys[i] = k + 1
		t.spans[i] = uint32(len(t.refs))<<8 | uint32(len(rs))
		t.refs = append(t.refs, rs...)
	}
	return t
}

func (t *winTable) slot(k uint32) int { return int((k * 0x9E3779B1) >> t.shift) }

// get returns the literals of the window k.
func (t *winTable) get(k uint32) []int32 {
	for i := t.slot(k); ; i = (i + 1) & (len(t.keys) - 1) {
		switch t.keys[i] {
		case k + 1:
			s := t.spans[i]
			return t.refs[s>>8 : s>>8+s&0xff]
		case 0:
			return nil
		}
	}
}
