package report

import (
	"cmp"
	"slices"
	"strings"

	"github.com/codewatch/codewatch/internal/catalog"
)

// Baseline is a report's comparison with an earlier one: each code's count
// now and then.
type Baseline struct {
	Name        string // where the earlier report came from
	Occurrences int64  // the earlier report's occurrences
	Changes     []Change
}

// Change is one code's count against the baseline. Codes seen in either
// report have one.
type Change struct {
	Catalog  string // the code's catalog's id
	Name     string
	Kind     catalog.Kind
	Severity catalog.Severity
	Count    int64 // now
	Baseline int64 // in the baseline
}

// Delta is the change in count.
func (c *Change) Delta() int64 { return c.Count - c.Baseline }

// Status says what changed: "new" (not in the baseline), "gone" (only in
// the baseline), "up", "down" or "same".
func (c *Change) Status() string {
	switch {
	case c.Baseline == 0:
		return "new"
	case c.Count == 0:
		return "gone"
	case c.Count > c.Baseline:
		return "up"
	case c.Count < c.Baseline:
		return "down"
	}
	return "same"
}

// Compare sets r.Baseline to r's changes against old, read from name.
// Changes are sorted by delta, the largest rise first, then by name.
func (r *Report) Compare(old *Report, name string) {
	b := &Baseline{Name: name, Occurrences: old.Totals.Occurrences}
	idx := map[codeKey]int{}
	for _, c := range r.Codes {
		idx[codeKey{c.Catalog, c.Name}] = len(b.Changes)
		b.Changes = append(b.Changes, Change{Catalog: c.Catalog, Name: c.Name, Kind: c.Kind, Severity: c.Severity, Count: c.Count})
	}
	for _, c := range old.Codes {
		if i, ok := idx[codeKey{c.Catalog, c.Name}]; ok {
			b.Changes[i].Baseline = c.Count
			continue
		}
		b.Changes = append(b.Changes, Change{Catalog: c.Catalog, Name: c.Name, Kind: c.Kind, Severity: c.Severity, Baseline: c.Count})
	}
	slices.SortFunc(b.Changes, func(x, y Change) int {
		if c := cmp.Compare(y.Delta(), x.Delta()); c != 0 {
			return c
		}
		if c := strings.Compare(x.Name, y.Name); c != 0 {
			return c
		}
		return strings.Compare(x.Catalog, y.Catalog)
	})
	r.Baseline = b
}

// change returns the change of the code c, or nil without a baseline.
func (r *Report) change(c *Code) *Change {
	if r.Baseline == nil {
		return nil
	}
	for i := range r.Baseline.Changes {
		if ch := &r.Baseline.Changes[i]; ch.Name == c.Name && ch.Catalog == c.Catalog {
			return &r.Baseline.Changes[i]
		}
	}
	return nil
}

// Gone returns the changes of the codes seen only in the baseline.
func (b *Baseline) Gone() []Change {
	var out []Change
	for _, c := range b.Changes {
		if c.Count == 0 {
			out = append(out, c)
		}
	}
	return out
}

// Worse returns the highest severity among codes that are new or rose
// against the baseline, or 0: what --fail-on is held to when there is a
// baseline.
func (b *Baseline) Worse() catalog.Severity {
	var s catalog.Severity
	for _, c := range b.Changes {
		if c.Delta() > 0 && c.Severity > s {
			s = c.Severity
		}
	}
	return s
}

// ChangeString says a change briefly: "new", "gone", "+3", "-2", "=".
func (c *Change) ChangeString() string {
	switch st := c.Status(); st {
	case "new", "gone":
		return st
	case "same":
		return "="
	}
	if d := c.Delta(); d > 0 {
		return "+" + thousands(d)
	}
	return thousands(c.Delta())
}
