package accuracy

import (
	"cmp"
	"slices"
	"sort"

	"github.com/codewatch/codewatch/internal/catalog"
)

// scorer holds what ScoreAll needs while it walks the lines.
type scorer struct {
	c     *Corpus
	r     Rules
	names map[string]map[string]bool // catalog id -> canonical names
	all   map[string]bool
	s     *MultiScore
}

// ScoreAll scores predictions against a corpus by the rules of
// score_multi.py (see the package comment): line by line, the
// predictions of a label's name are TPs; then, for "same meaning" labels,
// a prediction of an equivalent name; the labels left are FNs, the
// predictions left FPs unless a neutral row allows their name.
func ScoreAll(c *Corpus, p Predictions, r Rules) *MultiScore {
	sc := &scorer{c: c, r: r, names: map[string]map[string]bool{}, all: map[string]bool{},
		s: &MultiScore{Labels: len(c.Labels), Predictions: len(p)}}
	for _, cat := range r.catalogs() {
		set := map[string]bool{}
		for i := range cat.Codes {
			set[cat.Codes[i].Name] = true
			sc.all[cat.Codes[i].Name] = true
		}
		sc.names[cat.ID] = set
	}
	labs := map[LineKey]map[string]Label{}
	for _, l := range c.Labels {
		k := LineKey{l.File, l.Line}
		if labs[k] == nil {
			labs[k] = map[string]Label{}
		}
		labs[k][l.Name] = l
	}
	preds := map[LineKey]map[string][]string{}
	for k, cats := range p {
		lk := LineKey{k.File, k.Line}
		if preds[lk] == nil {
			preds[lk] = map[string][]string{}
		}
		preds[lk][k.Name] = sortedKeys(cats)
		if c.Ambiguous[lk] != nil {
			sc.s.PredOnAmbiguousLines++
		}
		if _, ok := c.Traps[lk]; ok {
			sc.s.PredOnTrapLines++
		}
	}
	var lines []LineKey
	for k := range labs {
		lines = append(lines, k)
	}
	for k := range preds {
		if labs[k] == nil {
			lines = append(lines, k)
		}
	}
	slices.SortFunc(lines, func(a, b LineKey) int { return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line)) })
	for _, k := range lines {
		sc.line(k, labs[k], preds[k])
	}
	sc.rightSDK()
	return sc.s
}

// line scores one line.
func (sc *scorer) line(k LineKey, L map[string]Label, P map[string][]string) {
	remL, remP := map[string]bool{}, map[string]bool{}
	for _, n := range sortedKeys(L) {
		if _, ok := P[n]; ok {
			sc.s.TP = append(sc.s.TP, Hit{L[n], n, P[n]})
		} else {
			remL[n] = true
		}
	}
	for n := range P {
		if _, ok := L[n]; !ok {
			remP[n] = true
		}
	}
	if !sc.r.StrictNames {
		sc.relax(L, P, remL, remP, equivalent, func(l *Label) bool { return l.SameMeaning() })
	}
	if sc.r.ByCondition {
		sc.relax(L, P, remL, remP, condition, func(*Label) bool { return true })
	}
	for _, n := range sortedKeys(remL) {
		sc.s.FN = append(sc.s.FN, L[n])
	}
	for _, n := range sortedKeys(remP) {
		sc.unmatched(Key{k.File, k.Line, n}, P[n], remL)
	}
}

// relax matches the labels left (those ok allows) with a prediction left
// of another name of their group, the first in name order.
func (sc *scorer) relax(L map[string]Label, P map[string][]string, remL, remP map[string]bool, g map[string][]string, ok func(*Label) bool) {
	for _, n := range sortedKeys(remL) {
		l := L[n]
		if !ok(&l) {
			continue
		}
		for _, other := range g[n] {
			if remP[other] {
				sc.s.TP = append(sc.s.TP, Hit{l, other, P[other]})
				delete(remL, n)
				delete(remP, other)
				break
			}
		}
	}
}

// unmatched counts a prediction that matched no label: neutral where an
// ambiguous.tsv or neutral.tsv row of its line allows its name, else an
// FP with what its line is.
func (sc *scorer) unmatched(k Key, cats []string, remL map[string]bool) {
	lk := LineKey{k.File, k.Line}
	amb, neu := sc.c.Ambiguous[lk], sc.c.Neutral[lk]
	switch {
	case amb != nil && (sc.r.AmbiguousLines || amb.allows(k.Name)):
		sc.s.NeutralAmbiguous = append(sc.s.NeutralAmbiguous, k)
		return
	case neu.allows(k.Name):
		sc.s.NeutralOther = append(sc.s.NeutralOther, k)
		return
	}
	m := Miss{Key: k, Catalogs: cats}
	tag := func(on bool, t string, n *int) {
		if on {
			m.Tags = append(m.Tags, t)
			*n++
		}
	}
	_, trap := sc.c.Traps[lk]
	_, rtm := sc.c.RTM1x[lk]
	tag(trap, "trap", &sc.s.FPOnTrap)
	tag(rtm, "rtm1x", &sc.s.FPOnRTM1x)
	tag(amb != nil, "ambiguous-line", &sc.s.FPOnAmbiguous)
	tag(neu != nil, "neutral-line", &sc.s.FPOnNeutral)
	same := false
	for n := range remL {
		same = same || slices.Contains(condition[n], k.Name)
	}
	tag(same, "same-condition-other-name", &sc.s.FPSameCondition)
	tag(len(sc.all) > 0 && !sc.all[k.Name], "unknown-name", &sc.s.FPUnknownName)
	sc.s.FP = append(sc.s.FP, m)
}

// rightSDK counts, among the TPs, those whose one predicted catalog is the
// label's; for a "same meaning" label, any catalog whose canonical names
// hold the predicted name. It fills the per-catalog figures, the
// catalogs in the built-in order, then others by id.
func (sc *scorer) rightSDK() {
	s := sc.s
	per := map[string]*CatalogScore{}
	for _, l := range sc.c.Labels {
		if per[l.Catalog] == nil {
			per[l.Catalog] = &CatalogScore{ID: l.Catalog}
			s.PerCatalog = append(s.PerCatalog, per[l.Catalog])
		}
		per[l.Catalog].Labels++
	}
	order := catalog.BuiltinIDs()
	rank := func(id string) int {
		if i := slices.Index(order, id); i >= 0 {
			return i
		}
		return len(order)
	}
	sort.SliceStable(s.PerCatalog, func(i, j int) bool {
		a, b := s.PerCatalog[i].ID, s.PerCatalog[j].ID
		return rank(a) < rank(b) || rank(a) == rank(b) && a < b
	})
	for _, h := range s.TP {
		if h.Name != h.Label.Name {
			if !sc.r.StrictNames && h.Label.SameMeaning() && slices.Contains(equivalent[h.Label.Name], h.Name) {
				s.ByEquivalent++
			} else {
				s.ByCondition++
			}
		}
		d := per[h.Label.Catalog]
		d.TP++
		switch {
		case len(h.Catalogs) == 0:
			s.NoCatalog++
		case len(h.Catalogs) > 1:
			s.SeveralCatalogs++
			s.Wrong = append(s.Wrong, h)
		case sc.right(h):
			s.RightSDK++
			d.RightSDK++
		default:
			s.WrongSDK++
			s.Wrong = append(s.Wrong, h)
		}
	}
}

// right reports whether a TP's one catalog is right.
func (sc *scorer) right(h Hit) bool {
	c := h.Catalogs[0]
	if h.Label.SameMeaning() {
		return sc.names[c][h.Name]
	}
	return c == h.Label.Catalog
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
