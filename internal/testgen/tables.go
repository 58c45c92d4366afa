package testgen

import (
	"errors"
	"sort"
	"strings"

	"github.com/codewatch/codewatch/internal/catalog"
)

// The shapes of lines; a corpus is a run of blocks, each in one shape.
const (
	shWeb22       = iota // SDK 2.0-2.2: "20:10:01:597 ERROR: ..."
	shWeb24              // SDK 2.3/2.4: "... Agora-SDK [ERROR]: ..."
	shWeb3Chrome         // Chrome copy of SDK 3.x: "AgoraRTCSDK-3.3.1.js:2 ... [8AB3F] ..."
	shWeb3Firefox        // Firefox copy: message first, file:line:col last, blank line between
	shWeb4Chrome         // SDK 4.x: "AgoraRTC_N-production.js?e671:383 ... [client-f541a] ...", stacks
	shWeb4Safari         // Safari: "[Log] ... – "..." (AgoraRTC_N.js, line 400)"
	shJSON               // an app's JSON Lines logger
	shLogfmt             // an app's logfmt logger
	shNative2            // native 2.x agorasdk.log
	shNative4            // native 4.x API trace
	shLogcat             // logcat with AGORA_SDK and other tags
	numShapes
)

// shapeFamily is the syntax family of each shape.
var shapeFamily = [numShapes]int{
	shJSON:   famJSON,
	shLogfmt: famLogfmt,
}

// shapeWords are the fixed words of each shape's prefix and suffix; a shape
// whose words hold a catalog spelling is not used.
var shapeWords = [numShapes][]string{
	shWeb22:       {"DEBUG", "INFO", "WARN", "ERROR"},
	shWeb24:       {"Agora-SDK", "DEBUG", "INFO", "WARN", "ERROR"},
	shWeb3Chrome:  {"AgoraRTCSDK-3.3.1.js", "AgoraRTCSDK.min.js", "Agora-SDK", "DEBUG", "INFO", "WARNING", "ERROR"},
	shWeb3Firefox: {"AgoraRTCSDK-3.1.1.js", "Agora-SDK", "DEBUG", "INFO", "WARNING", "ERROR"},
	shWeb4Chrome:  {"AgoraRTC_N-production.js?e671", "Agora-SDK", "client", "DEBUG", "INFO", "WARNING", "ERROR"},
	shWeb4Safari:  {"Log", "Info", "Warning", "Error", "Agora-SDK", "client", "AgoraRTC_N.js, line", "DEBUG", "INFO", "WARNING", "ERROR"},
	shJSON:        {`"level":"debug","info","warn","error","ts":"2026-03-T","logger":"rtc","app","net","msg":`, "previous"},
	shLogfmt:      {"time=2026-03-T", "level=debug", "info", "warn", "error", "msg="},
	shNative2:     {"DEBUG", "INFO", "WARN", "ERROR"},
	shNative4:     {"A", "I", "W", "E"},
	shLogcat:      {"DEBUG", "INFO", "WARN", "ERROR", "D/AGORA_SDK", "I/AGORA_SDK", "W/AGORA_SDK", "E/AGORA_SDK", "I/flutter", "I/AgoraManager"},
}

// codeInfo is what the generator needs of one catalog code.
type codeInfo struct {
	name      string
	spellings []string // name and aliases
	value     string   // decimal value, "" when the code is not written by value
	class     int      // clsError or clsWarning
}

// tables are the templates and word lists that suit one catalog.
type tables struct {
	codes  []codeInfo
	shapes []int // usable shapes

	webOrdinary, nativeOrdinary, api4Ordinary, logcatOther, stackFrames []tmpl
	jsonFields, logfmtFields                                            []tmpl
	jsonMsgs, logfmtMsgs                                                []string
	leads                                                               [numFamilies][]string

	webNames []tmpl
	names    [numFamilies][]tmpl
	values   [numFamilies][numClasses][]tmpl
	traps    [numFamilies][]tmpl

	channels, urls, funcs []string
	trapValues            []int // catalog values >= 100 and a few others
	unknown               []int // values no catalog code has
}

// compiled is src compiled once; read-only.
var compiled = struct {
	webOrdinary, nativeOrdinary, api4Ordinary, logcatOther, stackFrames []tmpl
	jsonFields, logfmtFields                                            []tmpl
	webNames                                                            []tmpl
	names                                                               [numFamilies][]tmpl
	values                                                              [numFamilies][numClasses][]tmpl
	traps                                                               [numFamilies][]tmpl
}{
	webOrdinary:    compileAll(src.webOrdinary),
	nativeOrdinary: compileAll(src.nativeOrdinary),
	api4Ordinary:   compileAll(src.api4Ordinary),
	logcatOther:    compileAll(src.logcatOther),
	stackFrames:    compileAll(src.stackFrames),
	jsonFields:     compileAll(src.jsonFields),
	logfmtFields:   compileAll(src.logfmtFields),
	webNames:       compileAll(src.webNames),
	names:          [numFamilies][]tmpl{compileAll(src.textNames), compileAll(src.jsonNames), compileAll(src.logfmtNames)},
	values: [numFamilies][numClasses][]tmpl{
		{compileAll(src.textValues[0]), compileAll(src.textValues[1]), compileAll(src.textValues[2])},
		{compileAll(src.jsonValues[0]), compileAll(src.jsonValues[1]), compileAll(src.jsonValues[2])},
		{compileAll(src.logfmtVals[0]), compileAll(src.logfmtVals[1]), compileAll(src.logfmtVals[2])},
	},
	traps: [numFamilies][]tmpl{compileAll(src.textTraps), compileAll(src.jsonTraps), compileAll(src.logfmtTraps)},
}

// guard decides whether fixed text is safe for a catalog: it must hold no
// spelling as a whole token (except right after "net::", which SPEC
// excludes) and no phrase.
type guard struct {
	cat     *catalog.Catalog
	phrases []string // lower-cased
}

func (gd *guard) clean(s string) bool {
	for i := 0; i < len(s); {
		if !catalog.IsWordByte(s[i]) {
			i++
			continue
		}
		j := i
		for j < len(s) && catalog.IsWordByte(s[j]) {
			j++
		}
		if gd.cat.IndexOf(s[i:j]) >= 0 && !(i >= 5 && s[i-5:i] == "net::") {
			return false
		}
		i = j
	}
	if len(gd.phrases) > 0 {
		l := strings.ToLower(s)
		for _, p := range gd.phrases {
			if strings.Contains(l, p) {
				return false
			}
		}
	}
	return true
}

func (gd *guard) cleanTmpl(t *tmpl) bool {
	for _, s := range t.segs {
		if s.op == opLit && !gd.clean(s.lit) {
			return false
		}
	}
	return true
}

func (gd *guard) tmpls(in []tmpl, unknownOK bool) []tmpl {
	var out []tmpl
	for i := range in {
		if gd.cleanTmpl(&in[i]) && (unknownOK || !in[i].has(opU)) {
			out = append(out, in[i])
		}
	}
	return out
}

func (gd *guard) words(in []string) []string {
	var out []string
	for _, s := range in {
		if gd.clean(s) {
			out = append(out, s)
		}
	}
	return out
}

// fillerLike reports whether a spelling could come out of a filler: all
// hex digits (ids, pointers) or starting with a digit (numbers glued to
// text, "5000ms").
func fillerLike(s string) bool {
	if s[0] >= '0' && s[0] <= '9' {
		return true
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return true
}

// newTables selects what suits cat.
func newTables(cat *catalog.Catalog) (*tables, error) {
	gd := &guard{cat: cat}
	for i := range cat.Codes {
		c := &cat.Codes[i]
		for _, p := range c.Phrases {
			gd.phrases = append(gd.phrases, strings.ToLower(p))
		}
		for _, s := range append([]string{c.Name}, c.Aliases...) {
			if fillerLike(s) {
				return nil, errHexName(s)
			}
		}
	}
	t := &tables{}
	for i := range cat.Codes {
		c := &cat.Codes[i]
		ci := codeInfo{name: c.Name, class: clsError}
		if c.Kind == catalog.Warning {
			ci.class = clsWarning
		}
		ci.spellings = append([]string{c.Name}, c.Aliases...)
		// By value only where the value is unambiguous: >= 100, and the
		// same code whichever kind is looked up first.
		if c.HasValue && c.Value >= 100 && c.Value <= catalog.MaxValue &&
			cat.ByValue(c.Value, catalog.Error) == i && cat.ByValue(c.Value, catalog.Warning) == i {
			ci.value = c.ValueString()
		}
		t.codes = append(t.codes, ci)
	}

	for _, v := range unknownValues {
		if cat.ByValue(v, 0) < 0 {
			t.unknown = append(t.unknown, v)
		}
	}
	unknownOK := len(t.unknown) > 0
	seen := map[int]bool{}
	for i := range cat.Codes {
		if c := &cat.Codes[i]; c.HasValue && c.Value >= 100 && c.Value <= 99999 && !seen[c.Value] {
			seen[c.Value] = true
			t.trapValues = append(t.trapValues, c.Value)
		}
	}
	sort.Ints(t.trapValues)

	t.webOrdinary = gd.tmpls(compiled.webOrdinary, false)
	t.nativeOrdinary = gd.tmpls(compiled.nativeOrdinary, false)
	t.api4Ordinary = gd.tmpls(compiled.api4Ordinary, false)
	t.logcatOther = gd.tmpls(compiled.logcatOther, false)
	t.stackFrames = gd.tmpls(compiled.stackFrames, false)
	t.jsonFields = gd.tmpls(compiled.jsonFields, false)
	t.logfmtFields = gd.tmpls(compiled.logfmtFields, false)
	t.jsonMsgs = gd.words(src.jsonMsgs)
	t.logfmtMsgs = gd.words(src.logfmtMsgs)
	t.leads = [numFamilies][]string{gd.words(src.textLeads), gd.words(src.jsonLeads), gd.words(src.logfmtLeads)}
	t.webNames = gd.tmpls(compiled.webNames, false)
	for f := 0; f < numFamilies; f++ {
		t.names[f] = gd.tmpls(compiled.names[f], false)
		for c := 0; c < numClasses; c++ {
			t.values[f][c] = gd.tmpls(compiled.values[f][c], false)
		}
		t.traps[f] = gd.tmpls(compiled.traps[f], unknownOK)
	}
	t.channels = gd.words(channelNames)
	t.urls = gd.words(chooseServerURLs)
	t.funcs = gd.words(jsFuncs)
	// Fallbacks keep every list non-empty, so that the generator never
	// has to check.
	for _, l := range []*[]string{&t.jsonMsgs, &t.logfmtMsgs, &t.channels, &t.urls, &t.funcs} {
		if len(*l) == 0 {
			*l = []string{"x"}
		}
	}
	for f := range t.leads {
		if len(t.leads[f]) == 0 {
			t.leads[f] = []string{""}
		}
	}
	empty := []tmpl{compile("…")}
	for _, l := range []*[]tmpl{&t.webOrdinary, &t.nativeOrdinary, &t.api4Ordinary, &t.logcatOther, &t.stackFrames, &t.jsonFields, &t.logfmtFields} {
		if len(*l) == 0 {
			*l = empty
		}
	}
	if len(t.names[famText]) == 0 {
		t.names[famText] = []tmpl{compile("${N}")} // a bare spelling is always possible
	}
	// A shape is used when its fixed words are clean and its family can
	// write codes.
	for sh := 0; sh < numShapes; sh++ {
		if len(gd.words(shapeWords[sh])) == len(shapeWords[sh]) && len(t.names[shapeFamily[sh]]) > 0 {
			t.shapes = append(t.shapes, sh)
		}
	}
	if len(t.shapes) == 0 {
		return nil, errors.New("testgen: every line shape holds a name of the catalog")
	}
	return t, nil
}
