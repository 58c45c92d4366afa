package testgen

import (
	"errors"
	"sort"
	"strings"

	"github.com/codewatch/codewatch/internal/catalog"
)

// spell is a spelling of a code that the generator may write.
type spell struct {
	code *catalog.Code
	text string
}

// valCand is a code whose value a form may write.
type valCand struct {
	code *catalog.Code
	v    int
}

// valueClass is what a form's keyword reads: the kind it looks up first,
// and whether values below 100 count.
type valueClass struct {
	first catalog.Kind
	small bool
}

// catInfo is what the generator draws from one catalog.
type catInfo struct {
	cat     *catalog.Catalog
	names   []spell
	phrases []string
	// the spellings and phrases that hold no cue, for the lines of an
	// input's first block, where no SDK is known
	plainNames   []spell
	plainPhrases []string
	values       map[valueClass][]valCand
	calls        []string             // the RTM 1.x calls, sorted
	byCall       map[string][]valCand // the errors of each call's table
}

// sdkShape is a shape ready to write: its forms compiled, and only those
// its catalogs can fill and whose fixed text holds no code.
type sdkShape struct {
	src      *sdkShapeSrc
	plain    bool // no SDK known: only cueless spellings and phrases
	draw     []*catInfo
	forms    []sdkForm
	traps    []sdkForm
	ordinary []tmpl
	leads    []string
	cue      *tmpl
}

// sdkTables are the shapes and word lists for one set of catalogs.
type sdkTables struct {
	cats     *sdkCats
	info     map[string]*catInfo
	shapes   []*sdkShape
	messages []string
	apps     []string
	channels []string
	urls     []string
	funcs    []string
}

func newSDKTables(cats *sdkCats) (*sdkTables, error) {
	st := &sdkTables{cats: cats, info: map[string]*catInfo{}}
	for _, c := range cats.cats {
		for _, ref := range c.Names() {
			if fillerLike(ref.Name) {
				return nil, errHexName(ref.Name)
			}
		}
		ci := newCatInfo(c)
		for _, sp := range ci.names {
			if cats.cueless(sp.text) {
				ci.plainNames = append(ci.plainNames, sp)
			}
		}
		for _, p := range ci.phrases {
			if cats.cueless(p) {
				ci.plainPhrases = append(ci.plainPhrases, p)
			}
		}
		st.info[c.ID] = ci
	}
	st.messages = st.clean(sdkMessages)
	st.apps = st.clean(sdkApps)
	st.channels = st.clean(channelNames)
	st.urls = st.clean(chooseServerURLs)
	st.funcs = st.clean(jsFuncs)
	if len(st.messages) == 0 || len(st.apps) == 0 || len(st.channels) == 0 || len(st.urls) == 0 || len(st.funcs) == 0 {
		return nil, errors.New("testgen: the catalogs spell every filler word")
	}
	for i := range sdkShapeSrcs {
		if sh := st.shape(&sdkShapeSrcs[i]); sh != nil {
			st.shapes = append(st.shapes, sh)
		} else if i == 0 {
			return nil, errors.New("testgen: no form of the first block suits the catalogs")
		}
	}
	if len(st.shapes) < 2 {
		return nil, errors.New("testgen: no every-SDK shape suits the catalogs")
	}
	return st, nil
}

// newCatInfo lists what a catalog's codes can be written as: spellings,
// phrases, values in the tables it reads numbers in (by the class of
// keyword that reads them), and its RTM 1.x calls' errors.
func newCatInfo(c *catalog.Catalog) *catInfo {
	ci := &catInfo{cat: c, values: map[valueClass][]valCand{}, byCall: map[string][]valCand{}}
	for _, ref := range c.Names() {
		ci.names = append(ci.names, spell{&c.Codes[ref.ID], ref.Name})
	}
	tables := c.Values.Tables
	if tables == nil {
		tables = []string{""}
	}
	for i := range c.Codes {
		code := &c.Codes[i]
		ci.phrases = append(ci.phrases, code.Phrases...)
		if !code.HasValue {
			continue
		}
		for _, t := range tables {
			if code.Table == t {
				ci.addValue(code)
			}
		}
	}
	for call, t := range c.Values.Methods {
		ci.calls = append(ci.calls, call)
		for i := range c.Codes {
			if code := &c.Codes[i]; code.HasValue && code.Table == t && code.Kind == catalog.Error {
				ci.byCall[call] = append(ci.byCall[call], valCand{code, code.Value})
			}
		}
	}
	sort.Strings(ci.calls)
	return ci
}

// addValue files a code's value under every class of keyword it suits.
func (ci *catInfo) addValue(code *catalog.Code) {
	big := code.Value <= -100 || code.Value >= 100
	for _, k := range []catalog.Kind{0, catalog.Error, catalog.Warning, catalog.Reason} {
		if k != 0 && k != code.Kind {
			continue
		}
		for _, small := range []bool{false, true} {
			if big || small {
				vc := valueClass{k, small}
				ci.values[vc] = append(ci.values[vc], valCand{code, code.Value})
			}
		}
	}
}

// clean keeps the words that hold no spelling and no phrase of any
// catalog.
func (st *sdkTables) clean(words []string) []string {
	var out []string
	for _, w := range words {
		if st.fixedOK(w) {
			out = append(out, w)
		}
	}
	return out
}

// fixedOK reports whether fixed text holds no spelling of any catalog as a
// whole token and no phrase: what the generator writes besides its codes
// must be none.
func (st *sdkTables) fixedOK(s string) bool {
	if len(st.cats.inside(s)) > 0 {
		return false
	}
	l := strings.ToLower(s)
	for p := range st.cats.phrases {
		if strings.Contains(l, p) {
			return false
		}
	}
	return true
}

// shape compiles a shape's forms, keeping those its catalogs can fill
// and whose fixed text (but the spellings it declares) holds no code.
func (st *sdkTables) shape(src *sdkShapeSrc) *sdkShape {
	sh := &sdkShape{src: src, plain: src == &sdkShapeSrcs[0]}
	for _, id := range src.draw {
		if ci := st.info[id]; ci != nil {
			sh.draw = append(sh.draw, ci)
		}
	}
	if len(sh.draw) == 0 {
		return nil
	}
	sh.forms = st.forms(sh, src.forms)
	sh.traps = st.forms(sh, src.traps)
	for _, o := range src.ordinary {
		if t := compile(o); st.tmplOK(&t, nil) {
			sh.ordinary = append(sh.ordinary, t)
		}
	}
	sh.leads = st.clean(append([]string{""}, src.leads...))
	if src.cue != "" {
		if t := compile(src.cue); st.tmplOK(&t, nil) {
			sh.cue = &t
		} else {
			return nil
		}
	}
	if len(sh.forms) == 0 || len(sh.ordinary) == 0 {
		return nil
	}
	return sh
}

func (st *sdkTables) forms(sh *sdkShape, in []sdkForm) []sdkForm {
	var out []sdkForm
	for _, f := range in {
		f.t = compile(f.src)
		if st.tmplOK(&f.t, f.fixed) && sh.canFill(&f) {
			out = append(out, f)
		}
	}
	return out
}

// tmplOK reports whether a template's literal text holds no code but the
// fixed spellings it declares, each a spelling of some catalog.
func (st *sdkTables) tmplOK(t *tmpl, fixed []string) bool {
	for _, sp := range fixed {
		if !st.cats.spelling[sp] {
			return false
		}
	}
	for _, s := range t.segs {
		lit := s.lit
		for _, sp := range fixed {
			lit = strings.ReplaceAll(lit, sp, " ")
		}
		if s.op == opLit && !st.fixedOK(lit) {
			return false
		}
	}
	return true
}

// canFill reports whether some catalog of the shape has what the form
// writes.
func (sh *sdkShape) canFill(f *sdkForm) bool {
	for _, ci := range sh.draw {
		switch f.what {
		case insName:
			if len(sh.names(ci)) > 0 {
				return true
			}
		case insPhrase:
			if len(sh.phrases(ci)) > 0 {
				return true
			}
		case insValue, insValueName:
			if len(ci.candidates(f)) > 0 {
				return true
			}
		default:
			return true
		}
	}
	return false
}

// candidates are the codes whose values the form may write in the
// catalog: those of the RTM 1.x call the form names (any, for ${M});
// else those of the tables the catalog reads numbers in whose kind the
// keyword reads, below 100 too where the keyword allows it.
func (ci *catInfo) candidates(f *sdkForm) []valCand {
	switch {
	case f.call != "":
		return ci.byCall[f.call]
	case f.t.has(opM):
		if len(ci.calls) == 0 {
			return nil
		}
		return ci.byCall[ci.calls[0]]
	}
	small := f.small || f.meth && len(ci.calls) > 0
	return ci.values[valueClass{f.first, small}]
}

// names are the spellings the shape's lines may carry of a catalog's
// codes.
func (sh *sdkShape) names(ci *catInfo) []spell {
	if sh.plain {
		return ci.plainNames
	}
	return ci.names
}

// phrases are the phrases they may carry.
func (sh *sdkShape) phrases(ci *catInfo) []string {
	if sh.plain {
		return ci.plainPhrases
	}
	return ci.phrases
}
