package scan

import (
	"bytes"
	"encoding/binary"
	"math/bits"

	"github.com/codewatch/codewatch/internal/catalog"
)

// valueFlags say how a value was read: what its keyword allows.
type valueFlags uint8

const (
	// flagSmall: a keyword after which values below 100 count where the
	// SDK is known: a reason ("reason 14"), onError/OnError, "OnError
	// err:", and the SDKs' own forms (PlatformException(17,
	// AgoraRtcException(-17, getErrorDescription(110)).
	flagSmall valueFlags = 1 << iota
	// flagMethod: errorCode, which RTM 1.x prints after the call it names
	// ("login failed errorCode:5"): small values count where that call
	// picks an RTM 1.x table.
	flagMethod
	// flagNegative: the number has a minus sign (a failed native call's
	// -code, an RTM 2.x code).
	flagNegative
)

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
// context, but the small ones the keywords of findLiterals allow, is at
// least 100) eight bytes at a time, then checks each one.
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

// wholeNumber reports whether the digit run buf[s:e] is a whole number:
// not part of an identifier, a hex literal, a decimal, a version, an IP
// address, a time, a date or a range; without a leading zero (but "0"
// itself outside the legacy mode); at most MaxDigits digits.
func (m *Matcher) wholeNumber(buf []byte, s, e int) bool {
	if e-s > MaxDigits || buf[s] == '0' && (m.legacy || e-s > 1) {
		return false
	}
	if s > 0 {
		c := class[buf[s-1]]
		if c&cAlpha != 0 || c&cDigit != 0 || c&cJoin != 0 && s >= 2 && isDigit(buf[s-2]) {
			return false
		}
	}
	if e < len(buf) {
		c := class[buf[e]]
		if c&cAlpha != 0 || c&cDigit != 0 || c&cJoin != 0 && e+1 < len(buf) && isDigit(buf[e+1]) {
			return false
		}
	}
	return true
}

// value checks the number buf[s:e] and, after a keyword, adds it
// unresolved: which code it is depends on the line's SDK (Resolve).
func (m *Matcher) value(buf []byte, s, e int, dst []Match) []Match {
	if !m.wholeNumber(buf, s, e) {
		return dst
	}
	neg := m.negative(buf, s)
	at := s
	if neg {
		at--
	}
	start, first, flags, ok := keyword(buf, at, !m.legacy)
	if !ok {
		return dst
	}
	v := 0
	for _, c := range buf[s:e] {
		v = v*10 + int(c-'0')
	}
	if neg {
		v, flags = -v, flags|flagNegative
	}
	return append(dst, Match{By: ByValue, Start: start, End: e, Value: v, kind: first, flags: flags})
}

// negative reports whether the number at s has a minus sign of its own
// (outside the legacy mode): a '-' before it that follows no word byte
// and no other '-'.
func (m *Matcher) negative(buf []byte, s int) bool {
	return !m.legacy && s > 0 && buf[s-1] == '-' && (s < 2 || !isWord(buf[s-2]) && buf[s-2] != '-')
}

var (
	zhErrorCode = []byte("错误码")
	zhWarnCode  = []byte("警告码")
	zhError     = []byte("错误")
	zhWarn      = []byte("警告")
)

// keyword decides whether the number (or its minus sign) at s stands after
// a keyword (SPEC §2) and returns where the keyword starts, which kind to
// look up first and what the keyword allows. With every set (outside the
// legacy mode), the SDKs' own forms count as keywords too: the exceptions
// and calls that carry a code (PlatformException(17, getErrorDescription(
// 110)), a code's name before its value in parentheses ("onError:
// ERR_OPEN_CHANNEL_TIMEOUT (110)"), and a logcat tag (W/System.err(
// 2002)) is none.
func keyword(buf []byte, s int, every bool) (start int, first catalog.Kind, flags valueFlags, ok bool) {
	// The gap, backwards: spaces, tabs, quotes, one punctuation mark.
	j, punct := s, byte(0)
gap:
	for j > 0 && s-j <= MaxGap {
		c := buf[j-1]
		cl := class[c]
		switch {
		case cl&cGap != 0:
			j--
		case cl&cPunct != 0:
			if punct != 0 {
				break gap
			}
			j--
			punct = c
		case j >= 3 && buf[j-3] == 0xE2 && buf[j-2] == 0x80 && (c == 0x98 || c == 0x99 || c == 0x9C || c == 0x9D):
			j -= 3 // ‘ ’ “ ”
		case j >= 3 && punct == 0 && buf[j-3] == 0xEF && buf[j-2] == 0xBC && c == 0x9A:
			j -= 3 // ：
			punct = ':'
		default:
			break gap
		}
	}
	if s-j > MaxGap {
		return 0, 0, 0, false
	}
	if j == 0 {
		return 0, 0, 0, false
	}
	// The word, or a Chinese keyword. Every keyword ends in e (code), r
	// (err, error), n (warn, reason) or g (warning), or in 码, 误 or 告:
	// look at that byte before walking back over the word. The SDKs' forms
	// end in n (…Exception, getErrorDescription) or are code names.
	last := buf[j-1]
	switch last | 0x20 {
	case 'e', 'r', 'n', 'g':
	case 0x81 | 0x20, 0xAF | 0x20, 0x8A | 0x20: // last bytes of 码 误 告
		if last != 0x81 && last != 0xAF && last != 0x8A {
			return 0, 0, 0, false
		}
		head := buf[:j]
		switch {
		case bytes.HasSuffix(head, zhErrorCode):
			return j - len(zhErrorCode), catalog.Error, 0, true
		case bytes.HasSuffix(head, zhWarnCode):
			return j - len(zhWarnCode), catalog.Warning, 0, true
		case bytes.HasSuffix(head, zhError):
			return j - len(zhError), catalog.Error, 0, true
		case bytes.HasSuffix(head, zhWarn):
			return j - len(zhWarn), catalog.Warning, 0, true
		}
		return 0, 0, 0, false
	default:
		if !every || punct != '(' || !isWord(last) {
			return 0, 0, 0, false
		}
	}
	i := j
	for i > 0 && class[buf[i-1]]&(cWord|cDash) != 0 {
		i--
		if j-i > MaxWord {
			return 0, 0, 0, false
		}
	}
	word := buf[i:j]
	if every && punct == '(' {
		if k, f, ok := formKeyword(word); ok && (f == 0 || buf[j] == '(') {
			return i, k, f, true
		}
		if logcatTag(buf, i) {
			return 0, 0, 0, false
		}
	}
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
		return 0, 0, 0, false
	}
	for _, ex := range excluded {
		if bytes.Contains(l, ex) {
			return 0, 0, 0, false
		}
	}
	if string(l) == "code" && afterStatusWord(buf, i) {
		return 0, 0, 0, false
	}
	if every {
		flags = smallFlags(buf, i, word, l)
	} else if first == catalog.Reason {
		first = 0 // SPEC §2: any kind after a reason
	}
	return i, first, flags, true
}

// formKeyword reads the SDKs' own forms that carry a code in parentheses:
// Flutter's PlatformException(17, …) and AgoraRtcException(-17, null), the
// native getErrorDescription(110), and an app's "NAME (value)" of a code
// (ERR_OPEN_CHANNEL_TIMEOUT (110): the name may be its own, the value the
// SDK's).
func formKeyword(word []byte) (catalog.Kind, valueFlags, bool) {
	switch string(word) {
	case "PlatformException", "AgoraRtcException", "getErrorDescription":
		return catalog.Error, flagSmall, true
	}
	switch {
	case bytes.HasPrefix(word, []byte("ERR_")) && isUnknownName(word, true):
		return catalog.Error, 0, true
	case bytes.HasPrefix(word, []byte("WARN_")) && isUnknownName(word, true):
		return catalog.Warning, 0, true
	}
	return 0, 0, false
}

// logcatTag reports whether the word at i is the end of a logcat tag
// ("W/System.err(" : a level letter, '/', the tag, '(' then the pid): the
// number after it is a process id, never a code.
func logcatTag(buf []byte, i int) bool {
	k := i
	for k > 0 && i-k <= MaxWord && (isWord(buf[k-1]) || buf[k-1] == '.' || buf[k-1] == '$' || buf[k-1] == '-') {
		k--
	}
	if k < 2 || buf[k-1] != '/' {
		return false
	}
	switch buf[k-2] {
	case 'V', 'D', 'I', 'W', 'E', 'F', 'A':
	default:
		return false
	}
	return k == 2 || !isWord(buf[k-3])
}

// smallFlags says what the keyword word (at i; l is it in lower case)
// allows besides values of 100 and more (SPEC §6.2): small values after a
// reason (a word ending in reason, Reason or REASON), onError or OnError,
// or err after OnError/onError (Unity's "OnError err: 110"); the RTM 1.x
// method form after errorCode.
func smallFlags(buf []byte, i int, word, l []byte) valueFlags {
	switch {
	case bytes.HasSuffix(word, []byte("reason")) || bytes.HasSuffix(word, []byte("Reason")) || bytes.HasSuffix(word, []byte("REASON")):
		return flagSmall
	case string(word) == "onError" || string(word) == "OnError":
		return flagSmall
	case string(word) == "err":
		p := i
		for p > 0 && buf[p-1] == ' ' {
			p--
		}
		if bytes.HasSuffix(buf[:p], []byte("OnError")) || bytes.HasSuffix(buf[:p], []byte("onError")) {
			return flagSmall
		}
	case string(word) == "errorCode" || string(word) == "ErrorCode" || string(word) == "errorcode":
		return flagMethod
	}
	return 0
}

var (
	excluded     = [][]byte{[]byte("status"), []byte("http"), []byte("exit"), []byte("key"), []byte("char")}
	keywordTails = []struct {
		s    string
		kind catalog.Kind
	}{{"code", 0}, {"err", catalog.Error}, {"error", catalog.Error}, {"warn", catalog.Warning}, {"warning", catalog.Warning}, {"reason", catalog.Reason}}
)

// keywordKind tests the word (and its lower-case form l) against the
// keyword list and the suffix rule.
func keywordKind(word, l []byte) (catalog.Kind, bool) {
	switch string(l) {
	case "code":
		return 0, true
	case "reason":
		return catalog.Reason, true
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

// smallValueAfter finds the number after a keyword literal that ends at
// k: the gap (spaces, tabs, quotes, one punctuation mark), then a number
// of one or two digits (three and more are findValues's), with its minus
// sign. It returns the number's digits, or ok false.
func (m *Matcher) smallValueAfter(buf []byte, k int) (s, e int, ok bool) {
	j, punct := k, false
	for j < len(buf) && j-k <= MaxGap {
		c := buf[j]
		switch cl := class[c]; {
		case cl&cGap != 0:
			j++
			continue
		case cl&cPunct != 0 && !punct:
			j++
			punct = true
			continue
		case j+3 <= len(buf) && buf[j] == 0xE2 && buf[j+1] == 0x80 && (buf[j+2] == 0x98 || buf[j+2] == 0x99 || buf[j+2] == 0x9C || buf[j+2] == 0x9D):
			j += 3
			continue
		case j+3 <= len(buf) && !punct && buf[j] == 0xEF && buf[j+1] == 0xBC && buf[j+2] == 0x9A:
			j += 3
			punct = true
			continue
		}
		break
	}
	if j < len(buf) && buf[j] == '-' {
		j++
	}
	s = j
	for j < len(buf) && isDigit(buf[j]) && j-s < 3 {
		j++
	}
	if j == s || j-s > 2 || !m.wholeNumber(buf, s, j) {
		return 0, 0, false
	}
	return s, j, true
}
