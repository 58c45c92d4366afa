package catalog

import (
	"slices"
	"strconv"
	"strings"
)

// How a word found a code (Hit.By).
const (
	ByValue  = "value"  // the word is the code's value
	ByAbs    = "abs"    // a negative number, read as the error of its absolute value (Values.Abs)
	ByName   = "name"   // the code's name
	ByAlias  = "alias"  // one of its aliases
	ByPhrase = "phrase" // one of its phrases, in any case
	ByText   = "text"   // a part of its name, description, hint, aliases or phrases, in any case
)

// Hit is a code that a word finds, and how.
type Hit struct {
	Code *Code
	By   string // ByValue, ByAbs, ByName, ByAlias, ByPhrase or ByText
}

// Find returns the codes a word means in the set's catalogs, in the set's
// order and each catalog's, as "codewatch explain" looks them up: a whole
// number finds every code with that value, of any kind and table (and, in
// a catalog whose SDK's failed calls return -code, a negative number finds
// the error of its absolute value, as the scanner reads it: native -17 is
// error 17, while RTM 2.x's own negative values are found as they are); a
// name or alias finds its code in every
// catalog that has it; any other word finds the codes whose name,
// description, hint, aliases or phrases contain it, case aside. Over one
// catalog this is what explain did before it knew several.
func (s *Set) Find(word string) []Hit {
	var hits []Hit
	if v, err := strconv.Atoi(word); err == nil {
		for _, c := range s.cats {
			for i := range c.Codes {
				code := &c.Codes[i]
				switch {
				case code.HasValue && code.Value == v:
					hits = append(hits, Hit{code, ByValue})
				case code.HasValue && v < 0 && c.Values.Abs && code.Value == -v && code.Kind == Error:
					hits = append(hits, Hit{code, ByAbs})
				}
			}
		}
		return hits
	}
	for _, c := range s.cats {
		if code, alias, ok := c.Lookup(word); ok {
			by := ByName
			if alias {
				by = ByAlias
			}
			hits = append(hits, Hit{code, by})
		}
	}
	if len(hits) > 0 {
		return hits
	}
	w := strings.ToLower(word)
	for _, c := range s.cats {
		for i := range c.Codes {
			code := &c.Codes[i]
			if !strings.Contains(code.searchText(), w) {
				continue
			}
			by := ByText
			if j, ok := c.byPhrase[w]; ok && j == i {
				by = ByPhrase
			}
			hits = append(hits, Hit{code, by})
		}
	}
	return hits
}

// searchText is what a word is searched in, lower-cased.
func (c *Code) searchText() string {
	return strings.ToLower(c.Name + "\n" + c.Description + "\n" + c.Hint + "\n" + strings.Join(c.Aliases, "\n") + "\n" + strings.Join(c.Phrases, "\n"))
}

// SameMeaning returns the other codes of the set that mean what c means
// (their Meaning is c's: the same name, or a SameAs that ties them), in
// the set's order: native ERR_INVALID_TOKEN (110) is Web 2.x and 4.x
// ERR_NO_AUTHORIZED and native 3.x ERR_INVALID_TOKEN.
func (s *Set) SameMeaning(c *Code) []*Code {
	s.meaningOnce.Do(func() {
		s.byMeaning = make(map[string][]*Code)
		for _, cat := range s.cats {
			for i := range cat.Codes {
				m := cat.Codes[i].Meaning()
				s.byMeaning[m] = append(s.byMeaning[m], &cat.Codes[i])
			}
		}
	})
	var out []*Code
	for _, o := range s.byMeaning[c.Meaning()] {
		if o != c {
			out = append(out, o)
		}
	}
	return out
}

// GroupByMeaning orders hits so that those that mean the same stand
// together, each group where its first hit stands, keeping the order
// within a group: explain 2 shows Web 2.x K_TIMESTAMP_EXPIRED and its Web
// 4.x namesake before the other codes of value 2.
func GroupByMeaning(hits []Hit) []Hit {
	out := make([]Hit, 0, len(hits))
	done := make([]bool, len(hits))
	for i := range hits {
		if done[i] {
			continue
		}
		m := hits[i].Code.Meaning()
		for j := i; j < len(hits); j++ {
			if !done[j] && hits[j].Code.Meaning() == m {
				out = append(out, hits[j])
				done[j] = true
			}
		}
	}
	return out
}

// Suggest returns the names and aliases of the set closest to a word that
// finds nothing, for a "did you mean": those at the least edit distance,
// at most 2 (1 for words of fewer than 8 bytes, none under 4), up to
// three, sorted; case aside.
func (s *Set) Suggest(word string) []string {
	if len(word) < 4 || len(word) > 128 {
		return nil
	}
	limit := 1
	if len(word) >= 8 {
		limit = 2
	}
	w := strings.ToLower(word)
	best := limit + 1
	var names []string
	for _, c := range s.cats {
		for n := range c.byName {
			if abs(len(n)-len(word)) > limit {
				continue
			}
			d := editDistance(w, strings.ToLower(n))
			switch {
			case d < best:
				best, names = d, []string{n}
			case d == best && !slices.Contains(names, n):
				names = append(names, n)
			}
		}
	}
	slices.Sort(names)
	if len(names) > 3 {
		names = names[:3]
	}
	return names
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// editDistance is the Levenshtein distance of a and b, in bytes.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			sub := prev[j-1]
			if a[i-1] != b[j-1] {
				sub++
			}
			cur[j] = min(sub, prev[j]+1, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
