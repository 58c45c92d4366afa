package testgen

import (
	"cmp"
	"errors"
	"io"
	"slices"
	"strconv"

	"github.com/codewatch/codewatch/internal/catalog"
)

// CodeRef names a code as the every-SDK view does: its catalog's id and
// its canonical name.
type CodeRef struct {
	Catalog string
	Name    string
}

// AmbiguousValue is a number whose catalogs give it different meanings
// on a line whose SDK does not decide it (none known, or several that
// disagree): the value as written (with its sign) and the first code of
// each meaning, in the set's order (SPEC §6.2).
type AmbiguousValue struct {
	Value      int
	Candidates []CodeRef
}

func (a AmbiguousValue) key() string {
	k := strconv.Itoa(a.Value)
	for _, c := range a.Candidates {
		k += "\x00" + c.Catalog + ":" + c.Name
	}
	return k
}

// writeSDK is Write with Config.SDKs: lines of every SDK's shapes, and
// the truth of each line that carries a code or an ambiguous value.
func writeSDK(w io.Writer, cfg Config, truth func(Truth)) (int, int64, error) {
	set := cfg.Set
	if set == nil {
		set = catalog.MustSet(catalog.Builtin()...)
	}
	if set.Len() < 2 {
		// One catalog is read without cues (and agora-web-2.x alone by
		// SPEC §1-§5): the oracle reads lines as --sdk auto does.
		return 0, 0, errors.New("testgen: the every-SDK shapes need a set of two catalogs or more")
	}
	st, err := newSDKTables(newSDKCats(set.Catalogs()))
	if err != nil {
		return 0, 0, err
	}
	sg := newSGen(cfg, st)
	for {
		if cfg.Lines > 0 && sg.lines >= cfg.Lines || cfg.Bytes > 0 && sg.flushed+int64(len(sg.buf)) >= cfg.Bytes {
			break
		}
		if tr, ok := sg.line(); ok && truth != nil {
			truth(tr)
		}
		if len(sg.buf) >= flushAt {
			if err := sg.flush(w); err != nil {
				return sg.lines, sg.flushed, err
			}
		}
	}
	err = sg.flush(w)
	return sg.lines, sg.flushed, err
}

// lineTruth turns what the oracle found on a line into its Truth: codes
// and ambiguous values each once, sorted.
func lineTruth(n int, codes []*catalog.Code, amb []AmbiguousValue) (Truth, bool) {
	if len(codes) == 0 && len(amb) == 0 {
		return Truth{}, false
	}
	tr := Truth{Line: n}
	for _, c := range codes {
		r := CodeRef{c.Catalog().ID, c.Name}
		if !slices.Contains(tr.Refs, r) {
			tr.Refs = append(tr.Refs, r)
		}
		if !slices.Contains(tr.Codes, c.Name) {
			tr.Codes = append(tr.Codes, c.Name)
		}
	}
	slices.SortFunc(tr.Refs, func(a, b CodeRef) int { return cmp.Or(cmp.Compare(a.Catalog, b.Catalog), cmp.Compare(a.Name, b.Name)) })
	slices.Sort(tr.Codes)
	seen := map[string]bool{}
	for _, a := range amb {
		if !seen[a.key()] {
			seen[a.key()] = true
			tr.Ambiguous = append(tr.Ambiguous, a)
		}
	}
	slices.SortFunc(tr.Ambiguous, func(a, b AmbiguousValue) int {
		return cmp.Or(cmp.Compare(a.Value, b.Value), cmp.Compare(a.key(), b.key()))
	})
	return tr, true
}
