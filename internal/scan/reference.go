package scan

import (
	"bytes"
	"sort"
	"strconv"
	"strings"

	"github.com/codewatch/codewatch/internal/catalog"
)

// Reference returns the codes in one line (without its line ending) by the
// rules of SPEC §2, written to be read, not to be fast: every name is
// searched for on its own, every digit run is examined. It is the oracle
// that Matcher is tested against. With unknown set it also returns unknown
// codes. The result holds each code once, at its first place, in the order
// of the line.
func Reference(cat *catalog.Catalog, line []byte, unknown bool) []Match {
	var all []Match

	// Names and aliases: whole tokens, case-sensitive, not after "net::".
	for _, ref := range cat.Names() {
		by := ByName
		if ref.Alias {
			by = ByAlias
		}
		for _, at := range indexAll(line, []byte(ref.Name)) {
			end := at + len(ref.Name)
			if refWholeToken(line, at, end) && !refAfterNet(line, at) {
				all = append(all, Match{Code: &cat.Codes[ref.ID], By: by, Start: at, End: end})
			}
		}
	}

	// Phrases: whole phrases, ASCII case-insensitive.
	lower := []byte(refASCIILower(string(line)))
	for id := range cat.Codes {
		for _, p := range cat.Codes[id].Phrases {
			for _, at := range indexAll(lower, []byte(refASCIILower(p))) {
				end := at + len(p)
				if refWholeToken(line, at, end) {
					all = append(all, Match{Code: &cat.Codes[id], By: ByPhrase, Start: at, End: end})
				}
			}
		}
	}

	// Values: every maximal digit run that is a whole number after a
	// keyword.
	for s := 0; s < len(line); s++ {
		if !refDigit(line[s]) || s > 0 && refDigit(line[s-1]) {
			continue
		}
		e := s
		for e < len(line) && refDigit(line[e]) {
			e++
		}
		if !refWholeNumber(line, s, e) {
			continue
		}
		v, _ := strconv.Atoi(string(line[s:e]))
		if v < MinValue {
			continue
		}
		start, first, ok := refKeyword(line, s)
		if !ok {
			continue
		}
		var code *catalog.Code
		if id := cat.ByValue(v, first); id >= 0 {
			code = &cat.Codes[id]
		} else if !unknown {
			continue
		}
		all = append(all, Match{Code: code, By: ByValue, Start: start, End: e, Value: v})
	}

	// Unknown identifiers: ERR_/WARN_/K_ tokens the catalog does not have.
	if unknown {
		for s := 0; s < len(line); s++ {
			if !catalog.IsWordByte(line[s]) || s > 0 && catalog.IsWordByte(line[s-1]) {
				continue
			}
			e := s
			for e < len(line) && catalog.IsWordByte(line[e]) {
				e++
			}
			tok := string(line[s:e])
			if refUnknownName(tok) && cat.IndexOf(tok) < 0 && !refAfterNet(line, s) {
				all = append(all, Match{By: ByName, Start: s, End: e})
			}
		}
	}

	// Once per line: the first occurrence of each code (and of each
	// unknown spelling or number).
	sort.Slice(all, func(i, j int) bool { return less(&all[i], &all[j]) })
	seen := make(map[string]bool)
	var out []Match
	for _, m := range all {
		key := ""
		if m.Code != nil {
			key = "code " + strconv.Itoa(m.Code.Index())
		} else {
			if m.By == ByValue {
				key = "value " + strconv.Itoa(m.Value)
			} else {
				key = "name " + string(line[m.Start:m.End])
			}
		}
		if !seen[key] {
			seen[key] = true
			out = append(out, m)
		}
	}
	return out
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
// version, an IP address, a time, a date or a range; no leading zero; at
// most MaxDigits digits.
func refWholeNumber(line []byte, s, e int) bool {
	if e-s > MaxDigits || line[s] == '0' {
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

// refKeyword decides whether the number starting at s stands after a
// keyword. It returns where the keyword starts and which kind of code to
// look up first (0: any).
func refKeyword(line []byte, s int) (start int, first catalog.Kind, ok bool) {
	// The gap: spaces, tabs, quotes and at most one of : = # ( [ ：
	j, punct := s, 0
	for {
		switch {
		case j >= 1 && strings.IndexByte(" \t\"'", line[j-1]) >= 0:
			j--
		case j >= 3 && refOneOf(string(line[j-3:j]), "“", "”", "‘", "’"):
			j -= 3
		case punct == 0 && j >= 1 && strings.IndexByte(":=#([", line[j-1]) >= 0:
			j--
			punct++
		case punct == 0 && j >= 3 && string(line[j-3:j]) == "：":
			j -= 3
			punct++
		default:
			goto gapDone
		}
	}
gapDone:
	if s-j > MaxGap {
		return 0, 0, false
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
				return j - len(kw.s), kw.kind, true
			}
		}
		return 0, 0, false
	}
	if len(word) > MaxWord {
		return 0, 0, false
	}
	lw := refASCIILower(word)
	for _, ex := range []string{"status", "http", "exit", "key", "char"} {
		if strings.Contains(lw, ex) {
			return 0, 0, false
		}
	}
	familyOf := func(key string) catalog.Kind {
		switch {
		case strings.HasPrefix(key, "warn"):
			return catalog.Warning
		case strings.HasPrefix(key, "err"):
			return catalog.Error
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
			return i, 0, true
		}
		q := p
		for q > 0 && (catalog.IsWordByte(line[q-1]) || line[q-1] == '-') {
			q--
		}
		if refOneOf(refASCIILower(string(line[q:p])), "status", "http", "exit", "response") {
			return 0, 0, false
		}
		return i, 0, true
	case "reason", "err", "error", "errcode", "errorcode", "warn", "warning", "warncode", "warningcode":
		return i, familyOf(lw), true
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
			return i, familyOf(key), true
		}
	}
	return 0, 0, false
}

func refOneOf(s string, list ...string) bool {
	for _, l := range list {
		if s == l {
			return true
		}
	}
	return false
}

// refUnknownName: ERR_, WARN_ or K_ followed by upper-case letters, digits
// and underscores, with at least one letter, at most MaxUnknownName bytes.
func refUnknownName(tok string) bool {
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
