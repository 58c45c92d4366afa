package testgen

import (
	"bytes"
	"fmt"
	"iter"
	"sort"
	"strconv"
	"strings"

	"github.com/codewatch/codewatch/internal/catalog"
)

// This file holds a plain reading of SPEC §2 (names, aliases, phrases and
// values), independent of the scan package, used to check that the generator's truth (and testdata/expected.tsv for
// the sample logs) is exactly what the rules give; and a list of doubts:
// places in a line where another careful reading of SPEC §2 could give a
// different answer, which the generator and the samples must never write.

func isWord(b byte) bool { return catalog.IsWordByte(b) }

// numbers yields the start and end of each maximal run of digits.
func numbers(line []byte) iter.Seq2[int, int] {
	return func(yield func(int, int) bool) {
		for s := 0; s < len(line); s++ {
			if !isDigit(line[s]) || s > 0 && isDigit(line[s-1]) {
				continue
			}
			e := s
			for e < len(line) && isDigit(line[e]) {
				e++
			}
			if !yield(s, e) {
				return
			}
		}
	}
}

// words yields the start and end of each maximal run of word bytes.
func words(line []byte) iter.Seq2[int, int] {
	return func(yield func(int, int) bool) {
		for i := 0; i < len(line); {
			if !isWord(line[i]) {
				i++
				continue
			}
			j := i
			for j < len(line) && isWord(line[j]) {
				j++
			}
			if !yield(i, j) {
				return
			}
			i = j
		}
	}
}
func isDigit(b byte) bool  { return b >= '0' && b <= '9' }
func isUpper(b byte) bool  { return b >= 'A' && b <= 'Z' }
func isLower(b byte) bool  { return b >= 'a' && b <= 'z' }
func isLetter(b byte) bool { return isUpper(b) || isLower(b) }

// The UTF-8 forms SPEC names in the gap.
var (
	typoQuotes    = []string{"“", "”", "‘", "’"}
	fullWidth     = "："
	chineseKWs    = []string{"错误码", "警告码", "错误", "警告"}
	exactKeywords = map[string]int{
		"code": clsAny, "err": clsError, "error": clsError, "warn": clsWarning,
		"warning": clsWarning, "reason": clsAny, "errcode": clsAny, "errorcode": clsAny,
		"warncode": clsAny, "warningcode": clsAny,
	}
	suffixKeywords = []string{"warning", "reason", "error", "code", "warn", "err"}
	forbidden      = []string{"status", "http", "exit", "key", "char"}
)

func suffixClass(k string) int {
	switch k {
	case "err", "error":
		return clsError
	case "warn", "warning":
		return clsWarning
	}
	return clsAny
}

// refCodes returns the canonical names of the codes SPEC §2 finds in line,
// sorted, each once.
func refCodes(cat *catalog.Catalog, line []byte) []string {
	found := map[string]bool{}
	// By name.
	for i, j := range words(line) {
		if id := cat.IndexOf(string(line[i:j])); id >= 0 && !(i >= 5 && string(line[i-5:i]) == "net::") {
			found[cat.Codes[id].Name] = true
		}
	}
	// By phrase: whole phrases, ASCII case-insensitive.
	for _, at := range phrasesIn(cat, line) {
		if at.whole {
			found[cat.Codes[at.id].Name] = true
		}
	}
	// By value.
	for s, e := range numbers(line) {
		if numberShape(line, s, e) != shapeWhole || e-s > 9 {
			continue
		}
		v, _ := strconv.Atoi(string(line[s:e]))
		if v < 100 {
			continue
		}
		kw := keywordBefore(line, s, false)
		if !kw.ok {
			continue
		}
		first := catalog.Kind(0)
		switch kw.class {
		case clsError:
			first = catalog.Error
		case clsWarning:
			first = catalog.Warning
		}
		if id := cat.ByValue(v, first); id >= 0 {
			found[cat.Codes[id].Name] = true
		}
	}
	out := make([]string, 0, len(found))
	for n := range found {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// phraseAt is where a catalog phrase stands in a line.
type phraseAt struct {
	id, start int
	whole     bool // not glued to [A-Za-z0-9_] on either side
}

// phrasesIn finds every occurrence of every phrase of the catalog in line,
// ignoring ASCII case.
func phrasesIn(cat *catalog.Catalog, line []byte) []phraseAt {
	lower := make([]byte, len(line))
	for i, b := range line {
		if isUpper(b) {
			b += 'a' - 'A'
		}
		lower[i] = b
	}
	var out []phraseAt
	for id, c := range cat.Codes {
		for _, p := range c.Phrases {
			p := []byte(strings.ToLower(p))
			for from := 0; ; {
				k := bytes.Index(lower[from:], p)
				if k < 0 {
					break
				}
				s, e := from+k, from+k+len(p)
				whole := (s == 0 || !isWord(line[s-1])) && (e == len(line) || !isWord(line[e]))
				out = append(out, phraseAt{id: id, start: s, whole: whole})
				from = s + 1
			}
		}
	}
	return out
}

// Number shapes.
const (
	shapeWhole    = iota // a whole number
	shapeExcluded        // part of a time, date, range, decimal, version, IP, hex literal or id, or zero-padded: clearly not a value
	shapeOdd             // a form SPEC does not settle (109. at a sentence end, 101ms, -101, 110，)
)

// numberShape classifies the digit run line[s:e].
func numberShape(line []byte, s, e int) int {
	var p, n byte // the bytes around; 0 at the line's ends
	if s > 0 {
		p = line[s-1]
	}
	if e < len(line) {
		n = line[e]
	}
	nextDigit := e+1 < len(line) && isDigit(line[e+1])
	prevDigit := s >= 2 && isDigit(line[s-2])
	switch {
	case line[s] == '0' && e-s > 1:
		return shapeExcluded // 00000106
	case p == 'x' && s >= 2 && line[s-2] == '0' && (s < 3 || !isWord(line[s-3])):
		return shapeExcluded // 0x101
	case isLetter(p) || p == '_' || isLetter(n) || n == '_':
		return shapeOdd // glued to an identifier: 101ms, js:108publish, 8f116c19
	case strings.IndexByte(".:-/", p) >= 0 && prevDigit:
		return shapeExcluded // 1.101, 10:20:02, 2026-03-01, 101-105 (right end)
	case strings.IndexByte(".:-/", n) >= 0 && nextDigit:
		return shapeExcluded
	case p == '.' || p == '-' || p == '/' || p == '+':
		return shapeOdd // .101, -101
	}
	switch n {
	case 0, ' ', '\t', ',', ';', ')', ']', '}', '"', '\'', '\r':
		return shapeWhole
	}
	for _, q := range []string{"”", "’"} {
		if bytes.HasPrefix(line[e:], []byte(q)) {
			return shapeWhole
		}
	}
	return shapeOdd // 109. 110: 110，
}

// keyword is what stands before a number.
type keyword struct {
	ok     bool
	class  int
	word   string
	start  int  // where the word starts
	doubt  bool // SPEC's camelCase or Chinese rule is stretched
	reason string
}

// keywordBefore applies SPEC's gap and keyword rules to the number at s.
// With loose set, the gap may hold any number of punctuation marks,
// backslashes and minus signs: what a careless reading might accept.
func keywordBefore(line []byte, s int, loose bool) keyword {
	j, punct := s, 0
	for j > 0 {
		c := line[j-1]
		switch {
		case c == ' ' || c == '\t' || c == '"' || c == '\'':
			j--
			continue
		case hasSuffixAny(line[:j], typoQuotes):
			j -= 3
			continue
		case (punct == 0 || loose) && strings.IndexByte(":=#([", c) >= 0:
			j--
			punct++
			continue
		case (punct == 0 || loose) && bytes.HasSuffix(line[:j], []byte(fullWidth)):
			j -= len(fullWidth)
			punct++
			continue
		case loose && (c == '\\' || c == '-' || c == '+' || c == '{'):
			j--
			continue
		}
		break
	}
	i := j
	for i > 0 && (isWord(line[i-1]) || line[i-1] == '-') {
		i--
	}
	word := string(line[i:j])
	if word == "" {
		for _, kw := range chineseKWs {
			if bytes.HasSuffix(line[:j], []byte(kw)) {
				k := keyword{ok: true, class: clsError, word: kw, start: j - len(kw)}
				if strings.HasPrefix(kw, "警告") {
					k.class = clsWarning
				}
				if b := k.start; b > 0 && (line[b-1] >= 0x80 || isWord(line[b-1])) {
					k.doubt, k.reason = true, "Chinese keyword glued to other text"
				}
				return k
			}
		}
		return keyword{}
	}
	lw := strings.ToLower(word)
	for _, f := range forbidden {
		if strings.Contains(lw, f) {
			return keyword{}
		}
	}
	if cls, ok := exactKeywords[lw]; ok {
		k := keyword{ok: true, class: cls, word: word, start: i}
		if lw == "code" {
			strict, liberal := wordBeforeCode(line, i)
			bad := func(w string) bool {
				switch strings.ToLower(w) {
				case "status", "http", "exit", "response":
					return true
				}
				return false
			}
			if bad(strict) {
				return keyword{}
			}
			if bad(liberal) {
				k.doubt, k.reason = true, "bare code after "+liberal+" not separated by spaces"
			}
		}
		return k
	}
	for _, key := range suffixKeywords {
		if !strings.HasSuffix(lw, key) || len(lw) == len(key) {
			continue
		}
		at := len(word) - len(key)
		before := word[at-1]
		if before == '_' || before == '-' {
			return keyword{ok: true, class: suffixClass(key), word: word, start: i}
		}
		part := word[at:]
		capitalised := isUpper(part[0]) && strings.ToLower(part[1:]) == part[1:]
		switch {
		case capitalised && (isLower(before) || isDigit(before)):
			return keyword{ok: true, class: suffixClass(key), word: word, start: i}
		case capitalised || isUpper(part[0]):
			// AgoraRTCError, ONERROR: camelCase or not?
			return keyword{ok: true, class: suffixClass(key), word: word, start: i, doubt: true, reason: "keyword suffix after a capital: " + word}
		}
	}
	return keyword{}
}

// wordBeforeCode returns the word before a bare "code" at i: strictly
// (separated by spaces and tabs only) and liberally (by any non-word bytes).
func wordBeforeCode(line []byte, i int) (strict, liberal string) {
	word := func(p int) string {
		q := p
		for q > 0 && (isWord(line[q-1]) || line[q-1] == '-') {
			q--
		}
		return string(line[q:p])
	}
	p := i
	for p > 0 && (line[p-1] == ' ' || line[p-1] == '\t') {
		p--
	}
	strict = word(p)
	p = i
	for p > 0 && !isWord(line[p-1]) {
		p--
	}
	liberal = word(p)
	return
}

func hasSuffixAny(b []byte, list []string) bool {
	for _, s := range list {
		if bytes.HasSuffix(b, []byte(s)) {
			return true
		}
	}
	return false
}

// refDoubts lists the places in line where a careful reading of SPEC §2
// could differ from refCodes.
func refDoubts(cat *catalog.Catalog, line []byte) []string {
	var out []string
	for s, e := range numbers(line) {
		v, _ := strconv.Atoi(string(line[s:min(e, s+9)]))
		if v < 100 || cat.ByValue(v, 0) < 0 {
			continue // no reading makes it a catalog code
		}
		strict := keywordBefore(line, s, false)
		loose := keywordBefore(line, s, true)
		shape := numberShape(line, s, e)
		at := fmt.Sprintf("%q at %d", line[s:e], s)
		switch {
		case loose.ok && !strict.ok:
			out = append(out, at+": keyword "+loose.word+" only through a wider gap")
		case strict.ok && shape == shapeOdd:
			out = append(out, at+": after "+strict.word+" in an unsettled shape")
		case strict.ok && shape == shapeWhole && strict.doubt:
			out = append(out, at+": "+strict.reason)
		case strict.ok && shape == shapeWhole:
			// The kind lookup must not depend on "first".
			e, w := cat.ByValue(v, catalog.Error), cat.ByValue(v, catalog.Warning)
			if e != w {
				out = append(out, at+": value of both kinds")
			}
			id := cat.ByValue(v, 0)
			if k := cat.Codes[id].Kind; strict.class == clsError && k != catalog.Error || strict.class == clsWarning && k != catalog.Warning {
				out = append(out, at+": "+strict.word+" keyword with a "+k.String()+" value")
			}
		}
	}
	// Phrases glued to a word: not whole, but a looser reading might
	// take them.
	for _, at := range phrasesIn(cat, line) {
		if !at.whole {
			out = append(out, fmt.Sprintf("phrase of %s at %d glued to a word", cat.Codes[at.id].Name, at.start))
		}
	}
	// Names right after something like net:: that is not exactly it.
	for i, j := range words(line) {
		if cat.IndexOf(string(line[i:j])) >= 0 && i >= 2 && string(line[i-2:i]) == "::" && !(i >= 5 && string(line[i-5:i]) == "net::") {
			out = append(out, fmt.Sprintf("%q at %d: name after ::", line[i:j], i))
		}
	}
	return out
}
