package testgen

import (
	"strconv"
	"strings"

	"github.com/codewatch/codewatch/internal/catalog"
)

// sgen writes the every-SDK lines: the state of one Write with
// Config.SDKs.
type sgen struct {
	*gen
	st    *sdkTables
	ctx   mask // what the lines so far say of the SDK
	sh    *sdkShape
	first bool // the block's first line is due
	cid   [5]byte
	cidUp [5]byte
	meth  string

	// what the line being written carries, for the oracle: the spellings
	// and phrases written, and the numbers after keywords
	texts  []string
	values []valueOcc
}

func newSGen(cfg Config, st *sdkTables) *sgen {
	// The Web 2.x generator's state, for its randomness, clock and fillers;
	// its one code stands for "codes are written" (codeThr).
	g := newGen(cfg, &tables{codes: []codeInfo{{}}, channels: st.channels, urls: st.urls, funcs: st.funcs})
	return &sgen{gen: g, st: st}
}

// line writes one line with its ending and returns its truth, if it
// carries a code or an ambiguous value.
func (sg *sgen) line() (Truth, bool) {
	if sg.left == 0 {
		sg.newBlock()
	}
	sg.left--
	sg.tick()
	start := len(sg.buf)
	sg.texts, sg.values = sg.texts[:0], sg.values[:0]
	code := sg.r.Uint64() < sg.codeThr
	trap := sg.r.Uint64() < sg.trapThr
	lvl := sg.level(code)
	p := sg.sh.src.prefixes[0]
	if !sg.first {
		p = sg.sh.src.prefixes[sg.intn(len(sg.sh.src.prefixes))]
	}
	sg.prefix(p, lvl)
	if sg.first && sg.sh.cue != nil {
		sg.render(sg.sh.cue)
	} else {
		sg.message(code, trap)
	}
	sg.first = false
	if p == pWeb4Safari {
		sg.str(`" (AgoraRTC_N.js, line 40`)
		sg.num(sg.intn(10))
		sg.buf = append(sg.buf, ')')
	}
	tr, ok := sg.truth(sg.buf[start:])
	sg.buf = append(sg.buf, sg.eol...)
	sg.lines++
	tr.Line = sg.lines
	return tr, ok
}

// newBlock starts a block: an input's first is the shape with no cue.
func (sg *sgen) newBlock() {
	sg.day = 1 + sg.intn(28)
	sg.seq = 1 + sg.intn(200000)
	sg.pid = 1000 + sg.intn(30000)
	sg.tid = 1000 + sg.intn(30000)
	sg.this[0], sg.this[1] = '0', 'x'
	for i, x := 2, sg.r.Uint64(); i < len(sg.this); i, x = i+1, x>>4 {
		sg.this[i] = hexLower[x&15]
	}
	sh := sg.st.shapes[0]
	if sg.lines > 0 {
		sh = sg.st.shapes[1+sg.intn(len(sg.st.shapes)-1)]
	}
	sg.sh, sg.first = sh, true
	sg.left = 10 + sg.intn(200)
	if sh.plain {
		sg.left = 300 + sg.intn(300) // the only lines with no SDK known
	}
	x := sg.r.Uint64()
	for i := range 5 {
		sg.cid[i] = hexLower[x&15]
		sg.cidUp[i] = hexUpper[x>>20&15]
		x >>= 4
	}
	sg.cidUp[x%5] = "ABCDEF"[x%6] // a 2.x/3.x client id has a letter
}

// message writes what follows the prefix: codes (with a trap, now and
// then), a trap, or an ordinary message.
func (sg *sgen) message(code, trap bool) {
	sh := sg.sh
	switch {
	case code:
		if lead := sh.leads[sg.intn(len(sh.leads))]; lead != "" {
			sg.str(lead)
			sg.buf = append(sg.buf, ' ')
		}
		n := 1
		if x := sg.intn(10); x < 2 && !sh.src.single {
			n = 2 + x
		}
		for i := range n {
			if i > 0 {
				sg.str(", ")
			}
			sg.form(&sh.forms[sg.intn(len(sh.forms))])
		}
		if trap && len(sh.traps) > 0 {
			sg.str(", ")
			sg.form(&sh.traps[sg.intn(len(sh.traps))])
		}
	case trap && len(sh.traps) > 0:
		if sg.intn(2) == 0 {
			sg.render(&sh.ordinary[sg.intn(len(sh.ordinary))])
			sg.str(", ")
		}
		sg.form(&sh.traps[sg.intn(len(sh.traps))])
	default:
		sg.render(&sh.ordinary[sg.intn(len(sh.ordinary))])
	}
}

// form fills and writes one form, noting what it carries.
func (sg *sgen) form(f *sdkForm) {
	ci := sg.sh.draw[sg.intn(len(sg.sh.draw))]
	sg.texts = append(sg.texts, f.fixed...)
	switch f.what {
	case insName:
		for len(sg.sh.names(ci)) == 0 {
			ci = sg.sh.draw[sg.intn(len(sg.sh.draw))]
		}
		l := sg.sh.names(ci)
		sg.sp = l[sg.intn(len(l))].text
		sg.texts = append(sg.texts, sg.sp)
	case insPhrase:
		for len(sg.sh.phrases(ci)) == 0 {
			ci = sg.sh.draw[sg.intn(len(sg.sh.draw))]
		}
		l := sg.sh.phrases(ci)
		sg.sp = l[sg.intn(len(l))]
		sg.texts = append(sg.texts, sg.sp)
	case insValue, insValueName:
		sg.fillValue(f, ci)
	case insNumber:
		v := sg.intn(100)
		if f.neg && v > 0 && sg.intn(2) == 0 {
			v = -v
		}
		sg.val = strconv.Itoa(v)
		sg.values = append(sg.values, valueOcc{v: v, first: f.first, small: f.small, method: f.meth})
	}
	sg.render(&f.t)
}

// fillValue picks a code whose value the form writes (for ${M}, a call
// and an error of its table), negative where the form allows a failed
// call's -code and the SDK returns those.
func (sg *sgen) fillValue(f *sdkForm, ci *catInfo) {
	cands := ci.candidates(f)
	for len(cands) == 0 {
		ci = sg.sh.draw[sg.intn(len(sg.sh.draw))]
		cands = ci.candidates(f)
	}
	if f.t.has(opM) {
		sg.meth = ci.calls[sg.intn(len(ci.calls))]
		cands = ci.byCall[sg.meth]
		for len(cands) == 0 {
			sg.meth = ci.calls[sg.intn(len(ci.calls))]
			cands = ci.byCall[sg.meth]
		}
	}
	c := cands[sg.intn(len(cands))]
	v := c.v
	if f.neg && ci.cat.Values.Abs && v > 0 && c.code.Kind == catalog.Error && sg.intn(2) == 0 {
		v = -v
	}
	sg.val = strconv.Itoa(v)
	sg.values = append(sg.values, valueOcc{v: v, first: f.first, small: f.small, method: f.meth})
	if f.what == insValueName {
		sg.sp = c.code.Name
		sg.texts = append(sg.texts, sg.sp)
	}
}

// truth resolves what the line carries in the SDKs its cues and the lines
// before say.
func (sg *sgen) truth(line []byte) (Truth, bool) {
	cats := sg.st.cats
	m := cats.lineMask(line, &sg.ctx)
	var codes []*catalog.Code
	var amb []AmbiguousValue
	// A spelling or phrase written, and those it holds: the parts of a
	// dotted spelling, a phrase inside a phrase, a name a phrase spells.
	for _, t := range sg.texts {
		for _, sp := range cats.inside(t) {
			if c := cats.name(sp, m); c != nil {
				codes = append(codes, c)
			}
		}
		for _, q := range cats.insidePhrase(strings.ToLower(t)) {
			if c := cats.phrase(q, m); c != nil {
				codes = append(codes, c)
			}
		}
	}
	for _, o := range sg.values {
		c, a := cats.value(o, m, line)
		if c != nil {
			codes = append(codes, c)
		}
		if a != nil {
			amb = append(amb, *a)
		}
	}
	tr, ok := lineTruth(0, codes, amb)
	for i, c := range cats.cats {
		if m.has(i) {
			tr.SDKs = append(tr.SDKs, c.ID)
		}
	}
	return tr, ok
}
