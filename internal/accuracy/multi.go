package accuracy

import (
	"io/fs"
	"slices"
	"sort"

	"github.com/codewatch/codewatch/internal/catalog"
)

// Rules say how the every-SDK view is scored. DefaultRules is codewatch's;
// ScriptRules is exactly score_multi.py's, for holding the two scorers to
// one another.
type Rules struct {
	// RTM1xLabels makes the rows of rtm1x.tsv labels of agora-rtm-1.x
	// (the logs README: "scored once an agora-rtm-1.x catalog exists").
	// Without it they only mark their lines, as the script does.
	RTM1xLabels bool
	// Catalogs are those whose canonical names the right-SDK rule of
	// "same meaning" labels and the unknown-name tag read (nil:
	// catalog.Builtin()). The script reads the vendor TSVs of five SDKs,
	// not RTM 1.x.
	Catalogs []*catalog.Catalog
	// The script's switches: --strict-names (no same-meaning
	// equivalents), --by-condition (a prediction naming the label's
	// server condition under another table's name is a TP) and
	// --ambiguous-lines (every unmatched prediction on an ambiguous.tsv
	// line is neutral).
	StrictNames, ByCondition, AmbiguousLines bool
}

// DefaultRules are codewatch's: the script's, with RTM 1.x rows as labels
// and the names of all six built-in catalogs.
func DefaultRules() Rules { return Rules{RTM1xLabels: true} }

// ScriptRules are score_multi.py's defaults: RTM 1.x rows are no labels,
// and the names are those of the five catalogs whose TSVs it reads.
func ScriptRules() Rules {
	var cats []*catalog.Catalog
	for _, c := range catalog.Builtin() {
		if c.ID != "agora-rtm-1.x" {
			cats = append(cats, c)
		}
	}
	return Rules{Catalogs: cats}
}

func (r Rules) catalogs() []*catalog.Catalog {
	if r.Catalogs == nil {
		return catalog.Builtin()
	}
	return r.Catalogs
}

// equivalent: same code, same meaning, different names in different SDK
// tables (vendor README §4: 101, 109, 110 are named differently by Web
// and native; 119/120 are spelled differently by the Web 2.x doc and the
// Web 4.x gateway table). Used only for labels whose cue starts with
// "same meaning". score_multi.py's EQUIVALENT, which is the scoring rule.
var equivalent = groups([][]string{
	{"ERR_INVALID_VENDOR_KEY", "ERR_INVALID_APP_ID"},
	{"ERR_DYNAMIC_KEY_TIMEOUT", "ERR_TOKEN_EXPIRED"},
	{"ERR_NO_AUTHORIZED", "ERR_INVALID_TOKEN"},
	{"ERR_STATIC_USE_DYNAMIC_KEY", "ERR_STATIC_USE_DYANMIC_KE"},
	{"ERR_DYNAMIC_USE_STATIC_KEY", "ERR_DYNAMIC_USE_STATIC_KE"},
})

// condition: the same server condition under other names (the Web 4.x
// access-point reasons and the Web 2.x / native codes of it): FPs that
// name one are reported as such, and are TPs only under ByCondition.
// score_multi.py's CONDITION.
var condition = groups([][]string{
	{"ERR_INVALID_VENDOR_KEY", "ERR_INVALID_APP_ID", "INVALID_VENDOR_KEY"},
	{"ERR_DYNAMIC_KEY_TIMEOUT", "ERR_TOKEN_EXPIRED", "DYNAMIC_KEY_TIMEOUT"},
	{"ERR_NO_AUTHORIZED", "ERR_INVALID_TOKEN", "NO_AUTHORIZED"},
	{"ERR_INVALID_CHANNEL_NAME", "INVALID_CHANNEL_NAME"},
	{"ERR_NO_ACTIVE_STATUS", "NO_ACTIVE_STATUS"},
	{"ERR_DYNAMIC_KEY_EXPIRED", "DYNAMIC_KEY_EXPIRED"},
	{"ERR_STATIC_USE_DYNAMIC_KEY", "ERR_STATIC_USE_DYANMIC_KE", "STATIC_USE_DYNAMIC_KEY"},
	{"ERR_DYNAMIC_USE_STATIC_KEY", "ERR_DYNAMIC_USE_STATIC_KE", "DYNAMIC_USE_STATIC_KEY"},
})

// groups maps each name to the others of its groups, sorted.
func groups(gs [][]string) map[string][]string {
	out := map[string][]string{}
	for _, g := range gs {
		for _, n := range g {
			for _, o := range g {
				if o != n && !slices.Contains(out[n], o) {
					out[n] = append(out[n], o)
				}
			}
		}
	}
	for _, l := range out {
		sort.Strings(l)
	}
	return out
}

// Hit is a true positive: a label and the prediction that matched it.
type Hit struct {
	Label    Label
	Name     string   // the predicted name (another one for an equivalent)
	Catalogs []string // the predicted catalogs, sorted
}

// Miss is a false positive, with what its line is.
type Miss struct {
	Key
	Catalogs []string
	Tags     []string // trap, rtm1x, ambiguous-line, neutral-line, same-condition-other-name, unknown-name
}

// CatalogScore is the recall and right-SDK share of one catalog's labels.
type CatalogScore struct {
	ID                   string
	Labels, TP, RightSDK int
}

// MultiScore is the outcome of scoring the every-SDK view, with the
// figures score_multi.py prints.
type MultiScore struct {
	Labels, Predictions int
	TP                  []Hit
	FP                  []Miss
	FN                  []Label
	Wrong               []Hit // TPs with another SDK's catalog, or several

	ByEquivalent, ByCondition                       int
	RightSDK, WrongSDK, NoCatalog, SeveralCatalogs  int
	NeutralAmbiguous, NeutralOther                  []Key
	PredOnAmbiguousLines, PredOnTrapLines           int
	FPOnTrap, FPOnRTM1x, FPOnAmbiguous, FPOnNeutral int
	FPSameCondition, FPUnknownName                  int
	PerCatalog                                      []*CatalogScore
}

// Precision is TP / (TP + FP); 1 with neither, unless there are labels.
func (s *MultiScore) Precision() float64 {
	n := len(s.TP) + len(s.FP)
	switch {
	case n > 0:
		return float64(len(s.TP)) / float64(n)
	case s.Labels == 0:
		return 1
	}
	return 0
}

// Recall is TP / labels (1 with no labels).
func (s *MultiScore) Recall() float64 {
	if s.Labels == 0 {
		return 1
	}
	return float64(len(s.TP)) / float64(s.Labels)
}

// F1 is the harmonic mean of precision and recall.
func (s *MultiScore) F1() float64 {
	p, r := s.Precision(), s.Recall()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

// RightShare is the share of TPs whose catalog is right (-1 with no TP).
func (s *MultiScore) RightShare() float64 {
	if len(s.TP) == 0 {
		return -1
	}
	return float64(s.RightSDK) / float64(len(s.TP))
}

// RunAll scores the .log files of a labelled folder (labels_all.tsv and
// the files beside it) as set's matcher reads them, by the rules r.
func RunAll(fsys fs.FS, set *catalog.Set, r Rules) (*MultiScore, error) {
	c, err := LoadCorpus(fsys, "labels_all.tsv", r)
	if err != nil {
		return nil, err
	}
	p, err := ScanAll(fsys, set, "*.log")
	if err != nil {
		return nil, err
	}
	return ScoreAll(c, p, r), nil
}
