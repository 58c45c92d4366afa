package scan

import (
	"bytes"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/codewatch/codewatch/internal/catalog"
)

// Reference returns the codes in one line (without its line ending) of the
// one catalog cat by the rules of SPEC §2, written to be read, not to be
// fast. It is the oracle that Matcher is tested against; RefReader is the
// same for a set of catalogs and the lines of an input (SPEC §6). With
// unknown set it also returns unknown codes. The result holds each code
// once, at its first place, in the order of the line.
func Reference(cat *catalog.Catalog, line []byte, unknown bool) []Match {
	rr := NewRefReader(catalog.MustSet(cat), MatcherOptions{Unknown: unknown})
	codes, unk, _, _ := rr.Line(line)
	out := append(codes, unk...)
	sort.SliceStable(out, func(i, j int) bool { return less(&out[i], &out[j]) })
	return out
}

// RefReader reads the lines of one input, in order, by the rules of SPEC
// §2 and §6, plainly: every spelling, phrase and cue is searched for on its
// own, every digit run examined, every line's SDK worked out from scratch.
type RefReader struct {
	set    *catalog.Set
	opt    MatcherOptions
	legacy bool
	auto   bool
	ctx    catalog.SDKs
	cues   []cueSpec
}

// NewRefReader returns a reference reader for the set.
func NewRefReader(set *catalog.Set, opt MatcherOptions) *RefReader {
	r := &RefReader{set: set, opt: opt, legacy: set.Legacy()}
	r.auto = opt.Auto && !r.legacy && set.Len() > 1
	if r.auto {
		r.cues = cueTable(set)
	}
	return r
}

// Line returns the known, unknown and ambiguous codes of the next line of
// the input, each once, at its first place, in the order of the line, and
// the line's SDKs.
func (r *RefReader) Line(line []byte) (codes, unknown, ambiguous []Match, sdks catalog.SDKs) {
	sdks = r.lineSDKs(line)
	var all []Match
	for _, m := range r.candidates(line) {
		if r.resolveRef(&m, sdks, line) {
			all = append(all, m)
		}
	}
	sort.SliceStable(all, func(i, j int) bool { return less(&all[i], &all[j]) })
	seen := map[string]bool{}
	for _, m := range all {
		var key string
		switch {
		case m.Code != nil:
			key = "code " + m.Code.Catalog().ID + "\x00" + m.Code.Name
		case m.Ambiguous != nil:
			key = "ambiguous " + strconv.Itoa(m.Value)
			for _, c := range m.Ambiguous.Candidates {
				key += "\x00" + c.Catalog().ID + ":" + c.Name
			}
		case m.By == ByValue:
			key = "value " + strconv.Itoa(m.Value)
		default:
			key = "name " + string(line[m.Start:m.End])
		}
		if seen[key] {
			continue
		}
		seen[key] = true
		switch {
		case m.Code != nil:
			codes = append(codes, m)
		case m.Ambiguous != nil:
			ambiguous = append(ambiguous, m)
		default:
			unknown = append(unknown, m)
		}
	}
	return codes, unknown, ambiguous, sdks
}

// lineSDKs works the line's SDKs out of its cues and the context.
func (r *RefReader) lineSDKs(line []byte) catalog.SDKs {
	if !r.auto {
		return r.set.All()
	}
	var strong, weak []catalog.SDKs
	for _, c := range r.cues {
		for _, at := range indexAll(line, []byte(c.text)) {
			sel := 1
			if c.check != nil {
				sel = c.check(line, at, at+len(c.text))
			}
			mask := c.maskFor(sel)
			if mask == 0 {
				continue
			}
			if c.weak {
				weak = append(weak, mask)
			} else {
				strong = append(strong, mask)
			}
		}
	}
	// The strong cues name the line's SDKs: those they all name, or any
	// of them when they agree on none; weak ones, those they all name,
	// narrow.
	var s, or, w catalog.SDKs
	for i, m := range strong {
		if i == 0 {
			s = m
		} else {
			s &= m
		}
		or |= m
	}
	if len(strong) > 0 && s == 0 {
		s = or
	}
	for i, m := range weak {
		if i == 0 {
			w = m
		} else {
			w &= m
		}
	}
	switch {
	case len(strong) > 0:
		if s&w != 0 {
			s &= w
		}
		if r.ctx&s != 0 {
			r.ctx &= s
		} else {
			r.ctx = s
		}
	case w != 0:
		if r.ctx&w != 0 {
			r.ctx &= w
		} else if r.ctx == 0 {
			r.ctx = w
		}
	}
	return r.ctx
}

// candidates finds every name, alias, phrase, value and unknown name of the
// line, before their codes are chosen.
func (r *RefReader) candidates(line []byte) []Match {
	var out []Match
	every := !r.legacy
	// Names and aliases: whole tokens, case-sensitive, not after "net::".
	spellings := map[string]bool{}
	for _, cat := range r.set.Catalogs() {
		for _, ref := range cat.Names() {
			spellings[ref.Name] = true
		}
	}
	for name := range spellings {
		for _, at := range indexAll(line, []byte(name)) {
			end := at + len(name)
			if refWholeToken(line, at, end) && !refAfterNet(line, at) {
				out = append(out, Match{By: ByName, Start: at, End: end, ref: 1})
			}
		}
	}
	// Phrases: whole phrases, ASCII case-insensitive.
	lower := []byte(refASCIILower(string(line)))
	phrases := map[string]bool{}
	for _, cat := range r.set.Catalogs() {
		for ci := range cat.Codes {
			for _, p := range cat.Codes[ci].Phrases {
				phrases[refASCIILower(p)] = true
			}
		}
	}
	for p := range phrases {
		for _, at := range indexAll(lower, []byte(p)) {
			end := at + len(p)
			if refWholeToken(line, at, end) {
				out = append(out, Match{By: ByPhrase, Start: at, End: end, ref: 1})
			}
		}
	}
	// Values: every maximal digit run that is a whole number after a
	// keyword; small ones only outside the legacy mode.
	for s := 0; s < len(line); s++ {
		if !refDigit(line[s]) || s > 0 && refDigit(line[s-1]) {
			continue
		}
		e := s
		for e < len(line) && refDigit(line[e]) {
			e++
		}
		if !refWholeNumber(line, s, e, every) {
			continue
		}
		v, _ := strconv.Atoi(string(line[s:e]))
		if v < MinValue && !every {
			continue
		}
		neg := every && s > 0 && line[s-1] == '-' && (s < 2 || !catalog.IsWordByte(line[s-2]) && line[s-2] != '-')
		at := s
		if neg {
			at, v = s-1, -v
		}
		start, first, flags, ok := refKeyword(line, at, every)
		if !ok {
			continue
		}
		if neg {
			flags |= flagNegative
		}
		out = append(out, Match{By: ByValue, Start: start, End: e, Value: v, kind: first, flags: flags})
	}
	if !r.opt.Unknown {
		return out
	}
	// Unknown identifiers: ERR_/WARN_/K_ tokens (and, for every SDK,
	// CONNECTION_CHANGED_ and RTM_ERROR_ ones) no catalog has.
	for s := 0; s < len(line); s++ {
		if !catalog.IsWordByte(line[s]) || s > 0 && catalog.IsWordByte(line[s-1]) {
			continue
		}
		e := s
		for e < len(line) && catalog.IsWordByte(line[e]) {
			e++
		}
		tok := string(line[s:e])
		if refUnknownName(tok, every) && !spellings[tok] && !refAfterNet(line, s) {
			out = append(out, Match{By: ByName, Start: s, End: e, ref: -1})
		}
	}
	// ... and a name after "AgoraRTCError " that no catalog has.
	if every {
		for _, at := range indexAll(line, []byte("AgoraRTCError ")) {
			s := at + len("AgoraRTCError ")
			e := s
			for e < len(line) && (refUpper(line[e]) || refDigit(line[e]) || line[e] == '_') {
				e++
			}
			if e-s >= 2 && e-s <= MaxUnknownName && refUpper(line[s]) && (e == len(line) || !catalog.IsWordByte(line[e])) && !spellings[string(line[s:e])] {
				out = append(out, Match{By: ByName, Start: s, End: e, ref: -1})
			}
		}
	}
	return out
}

// resolveRef chooses the code of a candidate, plainly.
func (r *RefReader) resolveRef(m *Match, sdks catalog.SDKs, line []byte) bool {
	in := func(c *catalog.Code) bool {
		for i, cat := range r.set.Catalogs() {
			if cat == c.Catalog() {
				return sdks&(1<<uint(i)) != 0
			}
		}
		return false
	}
	pick := func(codes []*catalog.Code, spelling string) bool {
		var eligible []*catalog.Code
		for _, c := range codes {
			if spelling != "" && slicesContains(c.SDKOnly, spelling) && !in(c) {
				continue
			}
			eligible = append(eligible, c)
		}
		for _, c := range eligible {
			if in(c) {
				m.Code, m.Chosen = c, BySDK
				return true
			}
		}
		switch len(eligible) {
		case 0:
			return false
		case 1:
			m.Code, m.Chosen = eligible[0], ByOnly
			return true
		}
		// Several, none the line's SDK's: the first; they agree when they
		// all mean the same.
		m.Code, m.Chosen = eligible[0], ByAgreement
		for _, c := range eligible[1:] {
			if c.Meaning() != eligible[0].Meaning() {
				m.Chosen, m.Agree = ByFirst, 0
				break
			}
			for i, cat := range r.set.Catalogs() {
				if cat == c.Catalog() {
					m.Agree |= 1 << uint(i)
				}
			}
		}
		return true
	}
	switch m.By {
	case ByName:
		if m.ref < 0 {
			return true
		}
		text := string(line[m.Start:m.End])
		var codes []*catalog.Code
		for _, cat := range r.set.Catalogs() {
			if c, _, ok := cat.Lookup(text); ok {
				codes = append(codes, c)
			}
		}
		if !pick(codes, text) {
			return false
		}
		if m.Code.Name != text {
			m.By = ByAlias
		}
		return true
	case ByPhrase:
		text := refASCIILower(string(line[m.Start:m.End]))
		var codes []*catalog.Code
		for _, cat := range r.set.Catalogs() {
			for ci := range cat.Codes {
				if slicesContainsFold(cat.Codes[ci].Phrases, text) {
					codes = append(codes, &cat.Codes[ci])
					break
				}
			}
		}
		return pick(codes, "")
	}
	// A value.
	v := m.Value
	small := v > -MinValue && v < MinValue
	known := sdks != 0
	if small && (r.legacy || !known || m.flags&(flagSmall|flagMethod) == 0) {
		return false
	}
	type hit struct {
		i int
		c *catalog.Code
	}
	var hits []hit
	for i, cat := range r.set.Catalogs() {
		if known && sdks&(1<<uint(i)) == 0 {
			continue
		}
		c, byMethod := refLookup(cat, m, line)
		if c == nil || small && m.flags&flagSmall == 0 && !byMethod {
			continue
		}
		hits = append(hits, hit{i, c})
	}
	if len(hits) == 0 {
		return r.opt.Unknown && !small
	}
	same := true
	for _, h := range hits {
		same = same && h.c.Meaning() == hits[0].c.Meaning()
	}
	if same {
		m.Code = hits[0].c
		switch {
		case known:
			m.Chosen = BySDK
		case len(hits) == 1:
			m.Chosen = ByOnly
		default:
			m.Chosen = ByAgreement
			for _, h := range hits[1:] {
				m.Agree |= 1 << uint(h.i)
			}
		}
		return true
	}
	a := &Ambiguity{Value: v}
	meanings := map[string]bool{}
	for _, h := range hits {
		if !meanings[h.c.Meaning()] {
			meanings[h.c.Meaning()] = true
			a.Candidates = append(a.Candidates, h.c)
			a.max = max(a.max, h.c.Severity)
		}
	}
	m.Ambiguous = a
	return true
}

// refLookup finds a value in a catalog, plainly: the call's table after
// errorCode when the line names an RTM 1.x call, else the catalog's
// tables; kinds in the order the keyword says.
func refLookup(cat *catalog.Catalog, m *Match, line []byte) (*catalog.Code, bool) {
	v := m.Value
	kinds := catalog.KindOrder(m.kind)
	if v < 0 && cat.Values.Abs {
		if m.kind == catalog.Reason {
			return nil, false // no reason is negative, nor a call's -code
		}
		v, kinds = -v, []catalog.Kind{catalog.Error}
	}
	if kinds[0] == catalog.Reason && !slices.ContainsFunc(cat.Codes, func(c catalog.Code) bool { return c.Kind == catalog.Reason && c.HasValue }) {
		// No reasons: "reason" is a keyword like any other.
		kinds = catalog.Kinds
	}
	if kinds[0] == catalog.Reason && len(cat.Values.ReasonWords) > 0 {
		head := strings.ToLower(string(line[:min(len(line), ContextWindow)]))
		found := false
		for _, w := range cat.Values.ReasonWords {
			found = found || strings.Contains(head, strings.ToLower(w))
		}
		if !found {
			return nil, false
		}
	}
	find := func(table string) *catalog.Code {
		for _, k := range kinds {
			for i := range cat.Codes {
				c := &cat.Codes[i]
				if c.HasValue && c.Value == v && c.Kind == k && c.Table == table {
					return c
				}
			}
		}
		return nil
	}
	if m.flags&flagMethod != 0 && len(cat.Values.Methods) > 0 {
		// The call named first in the line's head; of two at one place,
		// the longer.
		head := strings.ToLower(string(line[:min(len(line), ContextWindow)]))
		best, at := "", -1
		for call := range cat.Values.Methods {
			lc := strings.ToLower(call)
			for i := 0; i+len(lc) <= len(head); i++ {
				if head[i:i+len(lc)] == lc && refWholeToken([]byte(head), i, i+len(lc)) {
					if at < 0 || i < at || i == at && len(call) > len(best) {
						best, at = call, i
					}
					break
				}
			}
		}
		if best != "" {
			if c := find(cat.Values.Methods[best]); c != nil {
				return c, true
			}
		}
	}
	tables := cat.Values.Tables
	if tables == nil {
		tables = []string{""}
	}
	for _, k := range kinds {
		for _, t := range tables {
			for i := range cat.Codes {
				c := &cat.Codes[i]
				if c.HasValue && c.Value == v && c.Kind == k && c.Table == t {
					return c, false
				}
			}
		}
	}
	return nil, false
}

func slicesContains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func slicesContainsFold(list []string, lower string) bool {
	for _, x := range list {
		if refASCIILower(x) == lower {
			return true
		}
	}
	return false
}

func indexAll(s, sep []byte) []int {
	var at []int
	for i := 0; i+len(sep) <= len(s); i++ {
		if bytes.Equal(s[i:i+len(sep)], sep) {
			at = append(at, i)
		}
	}
	return at
}

func refDigit(b byte) bool { return '0' <= b && b <= '9' }
func refUpper(b byte) bool { return 'A' <= b && b <= 'Z' }
func refLower(b byte) bool { return 'a' <= b && b <= 'z' }

func refASCIILower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if refUpper(c) {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// refWholeToken: the bytes on both sides are not [A-Za-z0-9_] (or are the
// line's ends).
func refWholeToken(line []byte, start, end int) bool {
	return (start == 0 || !catalog.IsWordByte(line[start-1])) &&
		(end == len(line) || !catalog.IsWordByte(line[end]))
}

func refAfterNet(line []byte, start int) bool {
	return start >= 5 && string(line[start-5:start]) == "net::"
}

// refWholeNumber: not part of an identifier, a hex literal, a decimal, a
// version, an IP address, a time, a date or a range; no leading zero (but
// "0" itself for every SDK); at most MaxDigits digits.
func refWholeNumber(line []byte, s, e int, every bool) bool {
	if e-s > MaxDigits || line[s] == '0' && (!every || e-s > 1) {
		return false
	}
	if s > 0 && (refUpper(line[s-1]) || refLower(line[s-1]) || line[s-1] == '_') {
		return false
	}
	if e < len(line) && (refUpper(line[e]) || refLower(line[e]) || line[e] == '_') {
		return false
	}
	joiners := ".:-/"
	if s >= 2 && strings.IndexByte(joiners, line[s-1]) >= 0 && refDigit(line[s-2]) {
		return false
	}
	if e+1 < len(line) && strings.IndexByte(joiners, line[e]) >= 0 && refDigit(line[e+1]) {
		return false
	}
	return true
}

// refKeyword decides whether the number (or its sign) at s stands after a
// keyword, and returns where the keyword starts, which kind of code to
// look up first (0: any) and what the keyword allows.
func refKeyword(line []byte, s int, every bool) (start int, first catalog.Kind, flags valueFlags, ok bool) {
	// The gap: spaces, tabs, quotes and at most one of : = # ( [ ：
	j, punct := s, byte(0)
	for {
		switch {
		case j >= 1 && strings.IndexByte(" \t\"'", line[j-1]) >= 0:
			j--
		case j >= 3 && refOneOf(string(line[j-3:j]), "“", "”", "‘", "’"):
			j -= 3
		case punct == 0 && j >= 1 && strings.IndexByte(":=#([", line[j-1]) >= 0:
			punct = line[j-1]
			j--
		case punct == 0 && j >= 3 && string(line[j-3:j]) == "：":
			j -= 3
			punct = ':'
		default:
			goto gapDone
		}
	}
gapDone:
	if s-j > MaxGap {
		return 0, 0, 0, false
	}

	// The word: the run of [A-Za-z0-9_-] before the gap.
	i := j
	for i > 0 && (catalog.IsWordByte(line[i-1]) || line[i-1] == '-') {
		i--
	}
	word := string(line[i:j])
	if word == "" {
		for _, kw := range []struct {
			s    string
			kind catalog.Kind
		}{{"错误码", catalog.Error}, {"警告码", catalog.Warning}, {"错误", catalog.Error}, {"警告", catalog.Warning}} {
			if bytes.HasSuffix(line[:j], []byte(kw.s)) {
				return j - len(kw.s), kw.kind, 0, true
			}
		}
		return 0, 0, 0, false
	}
	if len(word) > MaxWord {
		return 0, 0, 0, false
	}
	if every && punct == '(' {
		// The SDKs' forms: PlatformException(17, getErrorDescription(110),
		// right before the '('; a code's name before "(value)".
		switch {
		case refOneOf(word, "PlatformException", "AgoraRtcException", "getErrorDescription") && line[j] == '(':
			return i, catalog.Error, flagSmall, true
		case strings.HasPrefix(word, "ERR_") && refUnknownName(word, true):
			return i, catalog.Error, 0, true
		case strings.HasPrefix(word, "WARN_") && refUnknownName(word, true):
			return i, catalog.Warning, 0, true
		}
		// A logcat tag, W/System.err( 2002): its pid is no code.
		k := i
		for k > 0 && i-k <= MaxWord && (catalog.IsWordByte(line[k-1]) || strings.IndexByte(".$-", line[k-1]) >= 0) {
			k--
		}
		if k >= 2 && line[k-1] == '/' && strings.IndexByte("VDIWEFA", line[k-2]) >= 0 && (k == 2 || !catalog.IsWordByte(line[k-3])) {
			return 0, 0, 0, false
		}
	}
	lw := refASCIILower(word)
	for _, ex := range []string{"status", "http", "exit", "key", "char"} {
		if strings.Contains(lw, ex) {
			return 0, 0, 0, false
		}
	}
	familyOf := func(key string) catalog.Kind {
		switch {
		case strings.HasPrefix(key, "warn"):
			return catalog.Warning
		case strings.HasPrefix(key, "err"):
			return catalog.Error
		case key == "reason" && every:
			return catalog.Reason
		}
		return 0
	}
	small := func() valueFlags {
		if !every {
			return 0
		}
		switch {
		case strings.HasSuffix(word, "reason") || strings.HasSuffix(word, "Reason") || strings.HasSuffix(word, "REASON"):
			return flagSmall
		case word == "onError" || word == "OnError":
			return flagSmall
		case word == "err":
			before := strings.TrimRight(string(line[:i]), " ")
			if strings.HasSuffix(before, "OnError") || strings.HasSuffix(before, "onError") {
				return flagSmall
			}
		case word == "errorCode" || word == "ErrorCode" || word == "errorcode":
			return flagMethod
		}
		return 0
	}
	switch lw {
	case "code":
		// "HTTP status code 101" is the WebSocket upgrade, not a code.
		p := i
		for p > 0 && i-p < MaxGap+1 && (line[p-1] == ' ' || line[p-1] == '\t') {
			p--
		}
		if i-p > MaxGap {
			return i, 0, small(), true
		}
		q := p
		for q > 0 && (catalog.IsWordByte(line[q-1]) || line[q-1] == '-') {
			q--
		}
		if refOneOf(refASCIILower(string(line[q:p])), "status", "http", "exit", "response") {
			return 0, 0, 0, false
		}
		return i, 0, small(), true
	case "reason", "err", "error", "errcode", "errorcode", "warn", "warning", "warncode", "warningcode":
		return i, familyOf(lw), small(), true
	}
	for _, key := range []string{"code", "err", "error", "warn", "warning", "reason"} {
		if !strings.HasSuffix(lw, key) || len(lw) == len(key) {
			continue
		}
		k := len(word) - len(key)
		before := word[k-1]
		camel := refUpper(word[k]) && (refLower(before) || refDigit(before) ||
			refUpper(before) && k+1 < len(word) && refLower(word[k+1]))
		if before == '_' || before == '-' || camel {
			return i, familyOf(key), small(), true
		}
	}
	return 0, 0, 0, false
}

func refOneOf(s string, list ...string) bool {
	for _, l := range list {
		if s == l {
			return true
		}
	}
	return false
}

// refUnknownName: ERR_, WARN_ or K_ (with every: CONNECTION_CHANGED_,
// RTM_ERROR_) followed by upper-case letters, digits and underscores, with
// at least one letter, at most MaxUnknownName bytes.
func refUnknownName(tok string, every bool) bool {
	if len(tok) > MaxUnknownName {
		return false
	}
	var rest string
	switch {
	case strings.HasPrefix(tok, "ERR_"):
		rest = tok[4:]
	case strings.HasPrefix(tok, "WARN_"):
		rest = tok[5:]
	case strings.HasPrefix(tok, "K_"):
		rest = tok[2:]
	case every && strings.HasPrefix(tok, "CONNECTION_CHANGED_"):
		rest = tok[19:]
	case every && strings.HasPrefix(tok, "RTM_ERROR_"):
		rest = tok[10:]
	default:
		return false
	}
	letter := false
	for i := 0; i < len(rest); i++ {
		c := rest[i]
		if !refUpper(c) && !refDigit(c) && c != '_' {
			return false
		}
		letter = letter || refUpper(c)
	}
	return letter
}
