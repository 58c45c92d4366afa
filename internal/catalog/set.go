package catalog

import (
	"fmt"
	"strings"
	"sync"
)

// Set is the catalogs in use, in their order of precedence: where a name
// is in several and the line's SDK is not known, the first that has it
// wins (SPEC §6.2). A Set holds at most MaxSets catalogs, so that a line's
// SDKs fit in a bit mask (SDKs).
type Set struct {
	cats []*Catalog
	byID map[string]int

	meaningOnce sync.Once
	byMeaning   map[string][]*Code // every code, by Meaning (SameMeaning)
}

// MaxSets bounds the catalogs of a set.
const MaxSets = 64

// SDKs is a set of a Set's catalogs, by their place in it: bit i is the
// i-th catalog.
type SDKs uint64

// Has reports whether the set holds catalog i.
func (s SDKs) Has(i int) bool { return s&(1<<uint(i)) != 0 }

// NewSet makes a set of cats, in order. Two catalogs may not share an id.
func NewSet(cats ...*Catalog) (*Set, error) {
	if len(cats) == 0 || len(cats) > MaxSets {
		return nil, fmt.Errorf("a set holds 1 to %d catalogs, not %d", MaxSets, len(cats))
	}
	s := &Set{cats: cats, byID: make(map[string]int, len(cats))}
	for i, c := range cats {
		if _, dup := s.byID[c.ID]; dup {
			return nil, fmt.Errorf("catalog %q is in the set twice", c.ID)
		}
		s.byID[c.ID] = i
	}
	return s, nil
}

// MustSet is NewSet for sets that cannot fail (built-in catalogs).
func MustSet(cats ...*Catalog) *Set {
	s, err := NewSet(cats...)
	if err != nil {
		panic(err)
	}
	return s
}

// Catalogs returns the catalogs, in order. Callers must not modify it.
func (s *Set) Catalogs() []*Catalog { return s.cats }

// Len is the number of catalogs.
func (s *Set) Len() int { return len(s.cats) }

// At returns the i-th catalog.
func (s *Set) At(i int) *Catalog { return s.cats[i] }

// Index returns the place of the catalog with the id, or -1.
func (s *Set) Index(id string) int {
	if i, ok := s.byID[id]; ok {
		return i
	}
	return -1
}

// IndexOf returns the place of c in the set, or -1. It is asked for each
// code resolved: a look at the few pointers of the set costs less than
// hashing the catalog's id.
func (s *Set) IndexOf(c *Catalog) int {
	for i, x := range s.cats {
		if x == c { // never nil: NewSet reads each one's id
			return i
		}
	}
	return -1
}

// All is every catalog of the set.
func (s *Set) All() SDKs {
	if len(s.cats) == MaxSets {
		return ^SDKs(0)
	}
	return SDKs(1)<<uint(len(s.cats)) - 1
}

// Legacy reports whether the set is the one catalog DefaultName (with any
// files layered over it): codewatch as it was before it knew every SDK,
// whose outputs it keeps byte for byte.
func (s *Set) Legacy() bool { return len(s.cats) == 1 && s.cats[0].ID == DefaultName }

// IDs returns the catalogs' ids, in order.
func (s *Set) IDs() []string {
	ids := make([]string, len(s.cats))
	for i, c := range s.cats {
		ids[i] = c.ID
	}
	return ids
}

// ShortID is a built-in catalog's id without its "agora-" prefix
// ("web-4.x"), the form --sdk takes and annotations show; other ids are
// shown whole.
func ShortID(id string) string { return strings.TrimPrefix(id, "agora-") }

// Len returns the number of catalogs in s.
func (s SDKs) Len() int {
	n := 0
	for ; s != 0; s &= s - 1 {
		n++
	}
	return n
}
