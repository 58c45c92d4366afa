package testgen

import (
	"bytes"
	"sort"
	"strings"

	"github.com/codewatch/codewatch/internal/catalog"
)

// The every-SDK generator's oracle: the truth of a line it wrote, worked
// out from the catalogs by SPEC §6 and FORMATS.md §8, for what the
// generator put there. The line's SDKs come from the cues in its text
// (cueTable, FORMATS §8 restated) and those of the lines before; each
// insertion (a spelling, a phrase, a number after a keyword whose reading
// the generator declares) is resolved in the catalogs of those SDKs. The
// oracle reads no line the way a reader does: it knows where the codes
// are, and asks the catalogs what they mean.

// mask is a set of catalogs of the set, by their place in it.
type mask uint64

func (m mask) has(i int) bool { return m&(1<<uint(i)) != 0 }

// sdkCats are the catalogs codes are drawn from and resolved in, in their
// order of precedence, with the indexes the oracle reads.
type sdkCats struct {
	cats     []*catalog.Catalog
	byID     map[string]int
	all      mask
	phrases  map[string][]*catalog.Code // lower-cased phrase: the code of each catalog that has it
	spelling map[string]bool            // every name and alias
	within   map[string][]string        // spelling or phrase: the spellings (phrases) inside it, itself included
}

func newSDKCats(cats []*catalog.Catalog) *sdkCats {
	s := &sdkCats{cats: cats, byID: map[string]int{}, phrases: map[string][]*catalog.Code{}, spelling: map[string]bool{}, within: map[string][]string{}}
	for i, c := range cats {
		s.byID[c.ID] = i
		s.all |= 1 << uint(i)
		for _, ref := range c.Names() {
			s.spelling[ref.Name] = true
		}
		seen := map[string]bool{}
		for k := range c.Codes {
			for _, p := range c.Codes[k].Phrases {
				if lp := strings.ToLower(p); !seen[lp] {
					seen[lp] = true
					s.phrases[lp] = append(s.phrases[lp], &c.Codes[k])
				}
			}
		}
	}
	return s
}

// inside returns the spellings that stand as whole tokens in the spelling
// sp (itself, and in a dotted one the parts that are spellings too:
// ErrorCode.InvalidToken holds InvalidToken), memoised.
func (s *sdkCats) inside(sp string) []string {
	if l, ok := s.within[sp]; ok {
		return l
	}
	var out []string
	for i := 0; i < len(sp); i++ {
		if i > 0 && catalog.IsWordByte(sp[i-1]) {
			continue
		}
		for j := i + 1; j <= len(sp); j++ {
			if (j == len(sp) || !catalog.IsWordByte(sp[j])) && s.spelling[sp[i:j]] {
				out = append(out, sp[i:j])
			}
		}
	}
	s.within[sp] = out
	return out
}

// insidePhrase returns the phrases that stand whole in the phrase p
// (lower-cased), itself included.
func (s *sdkCats) insidePhrase(p string) []string {
	key := "\x00" + p
	if l, ok := s.within[key]; ok {
		return l
	}
	var out []string
	for q := range s.phrases {
		for at := strings.Index(p, q); at >= 0; {
			e := at + len(q)
			if (at == 0 || !catalog.IsWordByte(p[at-1])) && (e == len(p) || !catalog.IsWordByte(p[e])) {
				out = append(out, q)
				break
			}
			n := strings.Index(p[at+1:], q)
			if n < 0 {
				break
			}
			at += 1 + n
		}
	}
	sort.Strings(out)
	s.within[key] = out
	return out
}

// name resolves a spelling in a line whose SDKs are m (0: none known):
// the code of the line's SDK that has it, else the first catalog's; a
// spelling that counts only in its SDK's lines counts nowhere else.
func (s *sdkCats) name(sp string, m mask) *catalog.Code {
	var first *catalog.Code
	for i, c := range s.cats {
		code, _, ok := c.Lookup(sp)
		if !ok {
			continue
		}
		if m.has(i) {
			return code
		}
		if first == nil && !code.IsSDKOnly(sp) {
			first = code
		}
	}
	return first
}

// phrase resolves a lower-cased phrase as name does a spelling.
func (s *sdkCats) phrase(p string, m mask) *catalog.Code {
	codes := s.phrases[p]
	for _, c := range codes {
		if m.has(s.byID[c.Catalog().ID]) {
			return c
		}
	}
	if len(codes) == 0 {
		return nil
	}
	return codes[0]
}

// valueOcc is a number the generator wrote after a keyword, with what the
// keyword allows (SPEC §2, §6.2).
type valueOcc struct {
	v      int
	first  catalog.Kind // the kind looked up first; 0: errors, warnings, reasons
	small  bool         // a reason, onError, OnError err:, the SDKs' exceptions: values below 100 count where the SDK is known
	method bool         // errorCode: the RTM 1.x call the line names picks the table
}

// value resolves a number in a line (its text, for the reason words and
// the RTM 1.x calls) whose SDKs are m: the code its catalogs agree on, or
// the meanings they disagree on (an ambiguity), or neither.
func (s *sdkCats) value(o valueOcc, m mask, line []byte) (*catalog.Code, *AmbiguousValue) {
	small := o.v > -100 && o.v < 100
	if small && (m == 0 || !o.small && !o.method) {
		return nil, nil
	}
	look := m
	if m == 0 {
		look = s.all
	}
	var found []*catalog.Code
	for i, c := range s.cats {
		if !look.has(i) {
			continue
		}
		code, byMethod := lookupValue(c, o, line)
		if code != nil && (!small || o.small || byMethod) {
			found = append(found, code)
		}
	}
	if len(found) == 0 {
		return nil, nil
	}
	a := &AmbiguousValue{Value: o.v}
	seen := map[string]bool{}
	for _, c := range found {
		if !seen[c.Meaning()] {
			seen[c.Meaning()] = true
			a.Candidates = append(a.Candidates, CodeRef{c.Catalog().ID, c.Name})
		}
	}
	if len(a.Candidates) == 1 {
		return found[0], nil
	}
	return nil, a
}

// lookupValue finds a number in one catalog: a negative one as a failed
// call's -code where the SDK returns those (never after a reason); a
// reason only in a line that names its SDK's connection where the catalog
// says so; after errorCode, in the table of the RTM 1.x call the line
// names; else in the tables the catalog reads numbers in, kinds in the
// keyword's order.
func lookupValue(c *catalog.Catalog, o valueOcc, line []byte) (*catalog.Code, bool) {
	v, kinds := o.v, catalog.KindOrder(o.first)
	if v < 0 && c.Values.Abs {
		if o.first == catalog.Reason {
			return nil, false
		}
		v, kinds = -v, []catalog.Kind{catalog.Error}
	}
	if kinds[0] == catalog.Reason && !c.HasValues(catalog.Reason) {
		kinds = catalog.Kinds
	}
	head := line[:min(len(line), contextWindow)]
	if kinds[0] == catalog.Reason && len(c.Values.ReasonWords) > 0 && !holdsAny(head, c.Values.ReasonWords) {
		return nil, false
	}
	if o.method && len(c.Values.Methods) > 0 {
		if t := firstCall(head, c.Values.Methods); t != "" {
			for _, k := range kinds {
				if code := c.ValueIn(k, t, v); code != nil {
					return code, true
				}
			}
		}
	}
	tables := c.Values.Tables
	if tables == nil {
		tables = []string{""}
	}
	for _, k := range kinds {
		for _, t := range tables {
			if code := c.ValueIn(k, t, v); code != nil {
				return code, false
			}
		}
	}
	return nil, false
}

// contextWindow is how much of a line the reason words and the RTM 1.x
// calls are looked for in (scan.ContextWindow: SPEC's window).
const contextWindow = 1024

func holdsAny(head []byte, words []string) bool {
	l := bytes.ToLower(head)
	for _, w := range words {
		if bytes.Contains(l, []byte(strings.ToLower(w))) {
			return true
		}
	}
	return false
}

// firstCall returns the table of the call named first in head, as a
// whole word in any case (of two at one place, the longer).
func firstCall(head []byte, methods map[string]string) string {
	l := bytes.ToLower(head)
	best, at := "", -1
	for call := range methods {
		lc := []byte(strings.ToLower(call))
		for i := bytes.Index(l, lc); i >= 0; {
			e := i + len(lc)
			if (i == 0 || !catalog.IsWordByte(l[i-1])) && (e == len(l) || !catalog.IsWordByte(l[e])) {
				if at < 0 || i < at || i == at && len(call) > len(best) {
					best, at = call, i
				}
				break
			}
			n := bytes.Index(l[i+1:], lc)
			if n < 0 {
				break
			}
			i += 1 + n
		}
	}
	if best == "" {
		return ""
	}
	return methods[best]
}
