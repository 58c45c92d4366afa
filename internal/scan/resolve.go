package scan

import (
	"bytes"
	"strings"

	"github.com/codewatch/codewatch/internal/catalog"
)

// byCue marks a cue among the matches Find returns: not a code, but what
// it says of the line's SDK (Match.sdks; flags flagWeak for a weak one).
const byCue By = 0xF0

const flagWeak valueFlags = 1 << 7

// literal is one literal of the matcher's litSet.
type literal struct {
	text string
	kind litKind
	cue  int32 // for litCue: index in Matcher.cues
}

type litKind uint8

const (
	litCue      litKind = iota + 1
	litSmall            // a keyword after which a small value may count
	litAgoraErr         // "AgoraRTCError ", before a code's name
)

// smallKeywords are the literals that find the keywords after which values
// below 100 may count (smallFlags says which do): every spelling of the
// keyword forms it allows.
var smallKeywords = []string{"reason", "Reason", "REASON", "onError", "OnError", "Exception(", "getErrorDescription(", "errorCode", "ErrorCode", "errorcode"}

// cueLiterals lists what the matcher's cue litSet finds: the cues (in
// auto mode).
func (m *Matcher) cueLiterals() []literal {
	var ls []literal
	for i, c := range m.cues {
		ls = append(ls, literal{text: c.text, kind: litCue, cue: int32(i)})
	}
	return ls
}

// literals lists what the matcher's litSet finds: the keywords of small
// values, and AgoraRTCError before a name.
func (m *Matcher) literals() []literal {
	var ls []literal
	for _, k := range smallKeywords {
		ls = append(ls, literal{text: k, kind: litSmall})
	}
	if m.unknown {
		ls = append(ls, literal{text: "AgoraRTCError ", kind: litAgoraErr})
	}
	return ls
}

// FindCues appends to dst the cues that start in buf[lo:hi] (Find's
// rules of context), in no particular order: in auto mode, what says the
// SDK of a line. The reader looks for them only in the lines it needs the
// SDK of (and the lines before, as far as they matter).
func (m *Matcher) FindCues(buf []byte, lo, hi int, dst []Match) []Match {
	if m.cueLits == nil {
		return dst
	}
	return m.findCues(buf, lo, min(hi, len(buf)), dst)
}

// literalAt handles the literal id of m.lits found at buf[s:]: a
// keyword's small value, or the unknown name after AgoraRTCError, when its
// anchor lies in buf[lo:hi].
func (m *Matcher) literalAt(buf []byte, id int32, s, lo, hi int, dst []Match) []Match {
	l := &m.lits.lits[id]
	e := s + len(l.text)
	switch l.kind {
	case litSmall:
		if l.text == "onError" || l.text == "OnError" {
			// Unity's "OnError err: 110": the number follows err.
			j := e
			for j < len(buf) && buf[j] == ' ' {
				j++
			}
			if j+3 <= len(buf) && string(buf[j:j+3]) == "err" {
				e = j + 3
			}
		}
		if ds, de, ok := m.smallValueAfter(buf, e); ok && ds >= lo && ds < hi {
			dst = m.value(buf, ds, de, dst)
		}
	case litAgoraErr:
		j := e
		for j < len(buf) && j-e <= MaxUnknownName && (class[buf[j]]&(cUpper|cDigit) != 0 || buf[j] == '_') {
			j++
		}
		if j-e < 2 || e < lo || e >= hi || class[buf[e]]&cUpper == 0 || j < len(buf) && isWord(buf[j]) || j-e > MaxUnknownName {
			return dst
		}
		if _, known := m.names[string(buf[e:j])]; !known {
			dst = append(dst, Match{By: ByName, Start: e, End: j, ref: -1})
		}
	}
	return dst
}

// literalsBefore is how far before lo a literal may start whose anchor
// (a small value's first digit) lies at lo or after: a keyword and a gap.
const literalsBefore = MaxWord + MaxGap + 8

// cueAcc gathers the cues of a line.
type cueAcc struct {
	strongAnd, strongOr, weakAnd catalog.SDKs
	haveStrong, haveWeak         bool
}

func (a *cueAcc) add(c *Match) {
	if c.flags&flagWeak != 0 {
		if !a.haveWeak {
			a.weakAnd, a.haveWeak = c.sdks, true
		} else {
			a.weakAnd &= c.sdks
		}
		return
	}
	if !a.haveStrong {
		a.strongAnd, a.haveStrong = c.sdks, true
	} else {
		a.strongAnd &= c.sdks
	}
	a.strongOr |= c.sdks
}

// apply says which SDKs the line speaks, from its cues and ctx (what the
// lines before it said), and updates ctx (SPEC §6.2). The strong cues
// name the line's SDKs: those they all name, or, when they agree on none,
// any of them; with ctx, what the two agree on, else the line's. Weak cues
// (those they all name) only narrow, or say something where nothing is
// known. 0 means no SDK is known. The order of a line's cues does not
// matter.
func (a *cueAcc) apply(ctx *catalog.SDKs) catalog.SDKs {
	weak := a.weakAnd
	switch {
	case a.haveStrong:
		strong := a.strongAnd
		if strong == 0 {
			strong = a.strongOr
		}
		if strong&weak != 0 {
			strong &= weak
		}
		if *ctx&strong != 0 {
			*ctx &= strong
		} else {
			*ctx = strong
		}
	case weak != 0:
		if *ctx&weak != 0 {
			*ctx &= weak
		} else if *ctx == 0 {
			*ctx = weak
		}
	}
	return *ctx
}

// resolve turns what Find found into its code for a line whose SDKs are
// sdks (0: none known; outside auto mode every catalog of the set), with
// the line's text for the RTM 1.x calls. It reports false when the match
// is no code after all: a spelling that counts only where its SDK is known,
// a small value where none is, a value no catalog has when unknown codes
// are not reported.
func (m *Matcher) resolve(mt *Match, sdks catalog.SDKs, line []byte) bool {
	switch mt.By {
	case ByName:
		if mt.ref < 0 {
			return true // an unknown name
		}
		sp := &m.spellings[mt.ref]
		i, choice := m.choose(sp.codes, sdks, sp.text)
		if i < 0 {
			return false
		}
		mt.Code, mt.Chosen = sp.codes[i], choice
		if choice == ByAgreement {
			mt.Agree = m.agreeing(sp.codes, i, sp.text)
		}
		if sp.alias[i] {
			mt.By = ByAlias
		}
		return true
	case ByPhrase:
		codes := m.phrases[mt.ref].codes
		i, choice := m.choose(codes, sdks, "")
		if i < 0 {
			return false
		}
		mt.Code, mt.Chosen = codes[i], choice
		if choice == ByAgreement {
			mt.Agree = m.agreeing(codes, i, "")
		}
		return true
	case ByValue:
		return m.resolveValue(mt, sdks, line)
	}
	return false
}

// choose picks, among the codes of a name or phrase (one per catalog, in
// the set's order), the one of the line's SDKs; else, when none is known
// or none of them has it, the first (SPEC §6.2). A spelling that counts
// only in its SDK's lines is left out elsewhere.
func (m *Matcher) choose(codes []*catalog.Code, sdks catalog.SDKs, spelling string) (int, Choice) {
	first, n := -1, 0
	for i, c := range codes {
		in := sdks.Has(m.set.IndexOf(c.Catalog()))
		if spelling != "" && c.IsSDKOnly(spelling) && !in {
			continue
		}
		if in {
			return i, BySDK
		}
		if first < 0 {
			first = i
		}
		n++
	}
	switch {
	case first < 0:
		return -1, 0
	case n == 1:
		return first, ByOnly
	}
	for _, c := range codes[first+1:] {
		if c.Meaning() != codes[first].Meaning() && (spelling == "" || !c.IsSDKOnly(spelling)) {
			return first, ByFirst
		}
	}
	return first, ByAgreement
}

// agreeing returns the catalogs of the codes after codes[first] that count
// here, which all mean the same as it.
func (m *Matcher) agreeing(codes []*catalog.Code, first int, spelling string) catalog.SDKs {
	var in catalog.SDKs
	for _, c := range codes[first+1:] {
		if spelling == "" || !c.IsSDKOnly(spelling) {
			in |= 1 << uint(m.set.IndexOf(c.Catalog()))
		}
	}
	return in
}

// resolveValue looks a value up in the catalogs of the line's SDKs (every
// catalog when none is known).
func (m *Matcher) resolveValue(mt *Match, sdks catalog.SDKs, line []byte) bool {
	v := mt.Value
	small := v > -MinValue && v < MinValue
	known := sdks != 0
	if small && (m.legacy || !known || mt.flags&(flagSmall|flagMethod) == 0) {
		return false
	}
	look := sdks
	if !known {
		look = m.set.All()
	}
	var found [catalog.MaxSets]*catalog.Code
	var foundIn catalog.SDKs
	n := 0
	for ci := 0; ci < m.set.Len(); ci++ {
		if !look.Has(ci) {
			continue
		}
		c, byMethod := m.lookup(ci, mt, line)
		if c == nil || small && mt.flags&flagSmall == 0 && !byMethod {
			continue
		}
		found[ci] = c
		foundIn |= 1 << uint(ci)
		n++
	}
	switch {
	case n == 0:
		return m.unknown && !small
	case n == 1 || m.agree(found[:], foundIn):
		first := -1
		for ci := range m.set.Len() {
			if foundIn.Has(ci) {
				first = ci
				break
			}
		}
		mt.Code = found[first]
		mt.Chosen = ByOnly
		switch {
		case known:
			mt.Chosen = BySDK
		case n > 1:
			mt.Chosen = ByAgreement
			mt.Agree = foundIn &^ (1 << uint(first))
		}
		return true
	}
	mt.Ambiguous = m.ambiguity(found[:], foundIn, v)
	return true
}

// lookup finds the value of mt in the set's catalog ci: in the tables it reads
// values in, or, after errorCode, in the table of an RTM 1.x call the line
// names (byMethod); a negative number as its absolute value where the
// SDK's failed calls return -code.
func (m *Matcher) lookup(ci int, mt *Match, line []byte) (*catalog.Code, bool) {
	cat := m.set.At(ci)
	v := mt.Value
	kinds := catalog.KindOrder(mt.kind)
	if v < 0 && cat.Values.Abs {
		if mt.kind == catalog.Reason {
			// A reason is never negative, nor a call's return: "reason
			// -1" is a module's own (FORMATS §8), no -code.
			return nil, false
		}
		// A failed call's -code: an error.
		v, kinds = -v, errorsOnly
	}
	if kinds[0] == catalog.Reason && !cat.HasValues(catalog.Reason) {
		// No reasons (Web 2.x): "reason" is a keyword like any other.
		kinds = catalog.Kinds
	}
	vals := &m.values[ci]
	if kinds[0] == catalog.Reason && len(vals.reasonWords) > 0 && !holdsWord(line, vals.reasonWords) {
		return nil, false
	}
	if mt.flags&flagMethod != 0 && len(cat.Values.Methods) > 0 {
		if t := methodTable(vals.calls, line); t != "" {
			for _, k := range kinds {
				if c := cat.ValueIn(k, t, v); c != nil {
					return c, true
				}
			}
		}
	}
	tables := cat.Values.Tables
	if tables == nil {
		tables = mainTables
	}
	for _, k := range kinds {
		for _, t := range tables {
			if c := cat.ValueIn(k, t, v); c != nil {
				return c, false
			}
		}
	}
	return nil, false
}

var (
	mainTables = []string{""}
	errorsOnly = []catalog.Kind{catalog.Error}
)

// holdsWord reports whether line holds one of words, in any case (in its first
// ContextWindow bytes).
func holdsWord(line []byte, words [][]byte) bool {
	var lower [ContextWindow]byte
	head := lowerHead(line, &lower)
	for _, w := range words {
		if bytes.Contains(head, w) {
			return true
		}
	}
	return false
}

// lowerHead is line's first ContextWindow bytes in ASCII lower case, in
// buf.
func lowerHead(line []byte, buf *[ContextWindow]byte) []byte {
	head := buf[:min(len(line), ContextWindow)]
	for i := range head {
		head[i] = lowerByte(line[i])
	}
	return head
}

// catValues is what the matcher reads a catalog's Values by: its reason
// words and calls, in lower case.
type catValues struct {
	reasonWords [][]byte
	calls       []methodCall
}

// methodCall is an RTM 1.x call, in lower case, and its table.
type methodCall struct {
	lower []byte
	table string
}

func newCatValues(v catalog.Values) catValues {
	var cv catValues
	for _, w := range v.ReasonWords {
		cv.reasonWords = append(cv.reasonWords, []byte(strings.ToLower(w)))
	}
	for call, table := range v.Methods {
		cv.calls = append(cv.calls, methodCall{[]byte(strings.ToLower(call)), table})
	}
	return cv
}

// methodTable returns the table of the RTM 1.x call the line names first
// (in its first ContextWindow bytes): "AgoraRtmClient login failed errorCode:
// 5" reads 5 in LOGIN_ERR_CODE. Calls are whole words, in any case; of two
// that start at one place, the longer.
func methodTable(calls []methodCall, line []byte) string {
	if len(calls) == 0 {
		return ""
	}
	var lower [ContextWindow]byte
	head := lowerHead(line, &lower)
	best, at := -1, len(head)
	for ci, c := range calls {
		n := len(c.lower)
		for i := 0; i+n <= len(head) && i <= at; {
			k := bytes.Index(head[i:], c.lower)
			if k < 0 || i+k > at {
				break
			}
			i += k
			if i > 0 && isWord(head[i-1]) || i+n < len(head) && isWord(head[i+n]) {
				i++
				continue
			}
			if i < at || n > len(calls[best].lower) {
				best, at = ci, i
			}
			break
		}
	}
	if best < 0 {
		return ""
	}
	return calls[best].table
}

// agree reports whether the codes found mean the same.
func (m *Matcher) agree(found []*catalog.Code, in catalog.SDKs) bool {
	meaning := ""
	for ci := range m.set.Len() {
		if !in.Has(ci) {
			continue
		}
		if meaning == "" {
			meaning = found[ci].Meaning()
		} else if found[ci].Meaning() != meaning {
			return false
		}
	}
	return true
}

type ambigKey struct {
	v     int
	codes string // the candidates' catalogs and places
}

// ambiguity returns the shared Ambiguity of the codes found.
func (m *Matcher) ambiguity(found []*catalog.Code, in catalog.SDKs, v int) *Ambiguity {
	var key strings.Builder
	var cands []*catalog.Code
	seen := map[string]bool{}
	for ci := range m.set.Len() {
		if !in.Has(ci) {
			continue
		}
		c := found[ci]
		key.WriteString(c.Catalog().ID + "\x00" + c.Name + "\x00")
		if !seen[c.Meaning()] {
			seen[c.Meaning()] = true
			cands = append(cands, c)
		}
	}
	k := ambigKey{v, key.String()}
	if a, ok := m.ambig.Load(k); ok {
		return a.(*Ambiguity)
	}
	a := &Ambiguity{Value: v, Candidates: cands}
	for _, c := range cands {
		a.max = max(a.max, c.Severity)
	}
	got, _ := m.ambig.LoadOrStore(k, a)
	return got.(*Ambiguity)
}
