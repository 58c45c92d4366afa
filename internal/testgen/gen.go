package testgen

import (
	"math/rand/v2"
	"strconv"
)

// Levels, lowest first.
const (
	lvDebug = iota
	lvInfo
	lvWarn
	lvError
	lvAPI // native 4.x API calls: "[A]"
)

var (
	levels22     = [4]string{"DEBUG", "INFO", "WARN", "ERROR"}
	levels3      = [4]string{"DEBUG", "INFO", "WARNING", "ERROR"}
	levelsNative = [4]string{"DEBUG   ", "INFO    ", "WARN    ", "ERROR   "}
	levelsLower  = [4]string{"debug", "info", "warn", "error"}
	logcatLetter = [4]byte{'D', 'I', 'W', 'E'}
	safariTags   = [4]string{"Log", "Info", "Warning", "Error"}
	web3Files    = [2]string{"AgoraRTCSDK-3.3.1.js:2 ", "AgoraRTCSDK.min.js:2 "}
	appTags      = [2]string{"I/flutter ( ", "I/AgoraManager( "}
	jsonLoggers  = [3]string{"rtc", "app", "net"}
	pow10        = [11]uint64{1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10}
)

const (
	hexUpper = "0123456789ABCDEF"
	hexLower = "0123456789abcdef"
	dayMS    = 24 * 60 * 60 * 1000
)

// gen is the state of one Write.
type gen struct {
	r       rand.PCG
	t       *tables
	buf     []byte
	eol     string
	codeThr uint64
	trapThr uint64
	lines   int
	flushed int64

	// The current block.
	shape, fam, left int
	web              bool
	stack            int  // stack frames still to write
	blank            bool // a blank line is due (Firefox)
	clock            int  // milliseconds since midnight
	day              int
	seq              int
	pid, tid         int
	cidUpper         [5]byte
	cidLower         [5]byte
	web3File         string
	this             [10]byte // "0x" and 8 hex digits: the engine of a native 4.x block

	// The current insertion.
	sp, val string
	tv      int // trap value
}

func newGen(cfg Config, t *tables) *gen {
	g := &gen{t: t, eol: "\n", buf: make([]byte, 0, flushAt+8<<10)}
	seed := uint64(cfg.Seed)
	g.r.Seed(seed, seed^0x9e3779b97f4a7c15)
	if cfg.CRLF {
		g.eol = "\r\n"
	}
	g.codeThr = rateThreshold(cfg.CodeRate, DefaultCodeRate)
	g.trapThr = rateThreshold(cfg.TrapRate, DefaultTrapRate)
	if len(t.codes) == 0 {
		g.codeThr = 0
	}
	g.clock = g.intn(dayMS)
	return g
}

// intn returns a number in [0, n) for n < 1<<32.
func (g *gen) intn(n int) int { return int((g.r.Uint64() >> 32) * uint64(n) >> 32) }

func (g *gen) pick(l []string) string { return l[g.intn(len(l))] }

func (g *gen) str(s string) { g.buf = append(g.buf, s...) }

func (g *gen) num(v int) { g.buf = strconv.AppendInt(g.buf, int64(v), 10) }

// line writes one line with its ending and returns how many entries of
// codes it filled (a code may be there twice).
func (g *gen) line(codes []int) int {
	if g.left == 0 {
		g.newBlock()
	}
	g.left--
	g.tick()
	code := g.codeThr != 0 && g.r.Uint64() < g.codeThr
	trap := g.trapThr != 0 && g.r.Uint64() < g.trapThr
	n := 0
	if code {
		nc := len(g.t.codes)
		codes = append(codes, g.intn(nc))
		switch x := g.intn(100); {
		case x < 10 && nc > 1: // two different codes
			c := g.intn(nc - 1)
			if c >= codes[0] {
				c++
			}
			codes = append(codes, c)
		case x < 18: // one code twice
			codes = append(codes, codes[0])
		}
		n = len(codes)
	}
	switch {
	case n > 0 || trap:
		g.stack, g.blank = 0, false
		g.entry(codes[:n], trap)
	case g.blank:
		g.blank = false
	case g.stack > 0:
		g.stack--
		g.render(&g.t.stackFrames[g.intn(len(g.t.stackFrames))])
	default:
		g.entry(nil, false)
	}
	g.buf = append(g.buf, g.eol...)
	g.lines++
	return n
}

func (g *gen) newBlock() {
	g.shape = g.t.shapes[g.intn(len(g.t.shapes))]
	g.fam = shapeFamily[g.shape]
	g.web = g.shape <= shWeb4Safari
	g.left = 20 + g.intn(400)
	g.stack, g.blank = 0, false
	g.day = 1 + g.intn(28)
	g.seq = 1 + g.intn(200000)
	g.pid = 1000 + g.intn(30000)
	g.tid = 1000 + g.intn(30000)
	x := g.r.Uint64()
	for i := range 5 {
		g.cidUpper[i] = hexUpper[x&15]
		g.cidLower[i] = hexLower[x>>20&15]
		x >>= 4
	}
	g.web3File = web3Files[g.intn(2)]
	g.this[0], g.this[1] = '0', 'x'
	x = g.r.Uint64()
	for i := 2; i < len(g.this); i++ {
		g.this[i] = hexLower[x&15]
		x >>= 4
	}
}

// tick moves the clock on by a few milliseconds, now and then by seconds.
func (g *gen) tick() {
	d := g.intn(400)
	if g.intn(16) == 0 {
		d += g.intn(20000)
	}
	g.clock = (g.clock + d) % dayMS
}

func (g *gen) level(code bool) int {
	if code {
		if g.intn(10) < 3 {
			return lvWarn
		}
		return lvError
	}
	switch x := g.intn(20); {
	case x < 8:
		return lvDebug
	case x < 18:
		return lvInfo
	}
	return lvWarn
}

func (g *gen) trapValue() int {
	if len(g.t.trapValues) > 0 && g.intn(10) < 7 {
		return g.t.trapValues[g.intn(len(g.t.trapValues))]
	}
	return 100 + g.intn(900)
}

func (g *gen) entry(codes []int, trap bool) {
	if trap {
		g.tv = g.trapValue()
	}
	lvl := g.level(len(codes) > 0)
	if trap && len(codes) == 0 && g.intn(4) == 0 {
		lvl = lvError
	}
	switch g.fam {
	case famJSON:
		g.jsonEntry(lvl, codes, trap)
	case famLogfmt:
		g.logfmtEntry(lvl, codes, trap)
	default:
		g.textEntry(lvl, codes, trap)
	}
}

func (g *gen) textEntry(lvl int, codes []int, trap bool) {
	if g.shape == shLogcat && len(codes) == 0 && !trap && g.intn(4) == 0 {
		g.logcatTime()
		g.render(&g.t.logcatOther[g.intn(len(g.t.logcatOther))])
		return
	}
	var ord *tmpl
	if len(codes) == 0 && (!trap || g.intn(2) == 0) {
		ord = g.ordinary()
		if g.shape == shNative4 && ord.api {
			lvl = lvAPI
		}
	}
	g.prefix(lvl, len(codes) > 0, trap)
	switch {
	case len(codes) > 0:
		if lead := g.pick(g.t.leads[famText]); lead != "" {
			g.str(lead)
			g.buf = append(g.buf, ' ')
		}
		for i, c := range codes {
			if i > 0 {
				g.str(", ")
			}
			g.payload(c)
		}
		if trap {
			g.str(", ")
			g.trap()
		}
	case trap:
		if ord != nil {
			g.render(ord)
			g.str(", ")
		}
		g.trap()
	default:
		g.render(ord)
	}
	g.suffix(lvl)
}

func (g *gen) jsonEntry(lvl int, codes []int, trap bool) {
	g.str(`{"level":"`)
	g.str(levelsLower[lvl])
	g.str(`","ts":"2026-03-`)
	g.two(g.day)
	g.buf = append(g.buf, 'T')
	g.clockISO(true)
	g.str(`Z","logger":"`)
	g.str(jsonLoggers[g.intn(len(jsonLoggers))])
	g.str(`","msg":"`)
	g.message(codes, g.t.jsonMsgs)
	g.buf = append(g.buf, '"')
	if len(codes) > 0 {
		g.buf = append(g.buf, ',')
		g.payload(codes[0])
		if len(codes) > 1 {
			g.str(`,"previous":{`)
			g.payload(codes[1])
			g.buf = append(g.buf, '}')
		}
	} else {
		g.fields(',', g.t.jsonFields)
	}
	if trap {
		g.trapAfter(',')
	}
	g.buf = append(g.buf, '}')
}

// message writes a message of the entry's family: one that leads to codes
// when it has codes, else one of msgs.
func (g *gen) message(codes []int, msgs []string) {
	if len(codes) > 0 {
		msgs = g.t.leads[g.fam]
	}
	g.str(g.pick(msgs))
}

// fields writes a few of l (up to two), each after sep, from a random
// place on.
func (g *gen) fields(sep byte, l []tmpl) {
	for i, at := 0, g.intn(len(l)); i < min(g.intn(3), len(l)); i++ {
		g.buf = append(g.buf, sep)
		g.render(&l[(at+i)%len(l)])
	}
}

// trapAfter writes sep and a trap of the entry's family, if it has any.
func (g *gen) trapAfter(sep byte) {
	if len(g.t.traps[g.fam]) > 0 {
		g.buf = append(g.buf, sep)
		g.trap()
	}
}

func (g *gen) logfmtEntry(lvl int, codes []int, trap bool) {
	g.str("time=2026-03-")
	g.two(g.day)
	g.buf = append(g.buf, 'T')
	g.clockISO(false)
	g.str("Z level=")
	g.str(levelsLower[lvl])
	g.str(` msg="`)
	g.message(codes, g.t.logfmtMsgs)
	g.buf = append(g.buf, '"')
	if len(codes) > 0 {
		for _, c := range codes {
			g.buf = append(g.buf, ' ')
			g.payload(c)
		}
	} else {
		g.fields(' ', g.t.logfmtFields)
	}
	if trap {
		g.trapAfter(' ')
	}
}

// ordinary picks a message that carries neither codes nor traps.
func (g *gen) ordinary() *tmpl {
	l := g.t.nativeOrdinary
	switch {
	case g.web:
		l = g.t.webOrdinary
	case g.shape == shNative4 && g.intn(10) < 7:
		l = g.t.api4Ordinary
	}
	return &l[g.intn(len(l))]
}

// payload writes code c in one of its forms for the current family.
func (g *gen) payload(c int) {
	ci := &g.t.codes[c]
	if ci.value != "" && g.intn(100) < 40 {
		cls := clsAny
		if g.intn(2) == 0 {
			cls = ci.class
		}
		l := g.t.values[g.fam][cls]
		if len(l) == 0 {
			l = g.t.values[g.fam][clsAny]
		}
		if len(l) > 0 {
			g.val = ci.value
			g.render(&l[g.intn(len(l))])
			return
		}
	}
	g.sp = ci.spellings[g.intn(len(ci.spellings))]
	l := g.t.names[g.fam]
	if g.web && len(g.t.webNames) > 0 && g.intn(2) == 0 {
		l = g.t.webNames
	}
	g.render(&l[g.intn(len(l))])
}

func (g *gen) trap() {
	l := g.t.traps[g.fam]
	if len(l) == 0 {
		return
	}
	g.render(&l[g.intn(len(l))])
}

// sdkTag writes the Web SDK's clock and tag: "10:05:49:744 Agora-SDK [ERROR]: ".
func (g *gen) sdkTag(level string) {
	g.clockSDK()
	g.str(" Agora-SDK [")
	g.str(level)
	g.str("]: ")
}

// client writes the Web SDK 4.x client id: "[client-f541a] ".
func (g *gen) client() {
	g.str("[client-")
	g.buf = append(g.buf, g.cidLower[:]...)
	g.str("] ")
}

func (g *gen) prefix(lvl int, code, trap bool) {
	switch g.shape {
	case shWeb22:
		g.clockSDK()
		g.buf = append(g.buf, ' ')
		g.str(levels22[lvl])
		g.str(": ")
	case shWeb24:
		g.sdkTag(levels22[lvl])
	case shWeb3Chrome, shWeb3Firefox:
		if g.shape == shWeb3Chrome {
			g.str(g.web3File)
		}
		g.sdkTag(levels3[lvl])
		g.buf = append(g.buf, '[')
		if trap && g.intn(4) == 0 {
			g.num(g.tv) // 3.x stream logs carry the uid here
		} else {
			g.buf = append(g.buf, g.cidUpper[:]...)
		}
		g.str("] ")
	case shWeb4Chrome:
		g.str("AgoraRTC_N-production.js?e671:383 ")
		g.sdkTag(levels3[lvl])
		g.client()
	case shWeb4Safari:
		g.buf = append(g.buf, '[')
		g.str(safariTags[lvl])
		g.str("] ")
		g.sdkTag(levels3[lvl])
		g.str("– \"")
		g.client()
	case shNative2:
		g.nativePrefix(lvl, trap)
	case shLogcat:
		g.logcatTime()
		if code && g.intn(2) == 0 {
			g.str(appTags[g.intn(2)])
			g.num(g.pid)
			g.str("): ")
			return
		}
		g.buf = append(g.buf, logcatLetter[lvl])
		g.str("/AGORA_SDK(")
		g.num(g.pid)
		g.str("): ")
		g.nativePrefix(lvl, trap)
	case shNative4:
		g.str("[03/")
		g.two(g.day)
		g.str("/26 ")
		g.two(g.clock / 3600000)
		g.buf = append(g.buf, ':')
		g.two(g.clock / 60000 % 60)
		g.buf = append(g.buf, ':')
		g.two(g.clock / 1000 % 60)
		g.buf = append(g.buf, ':')
		g.three(g.clock % 1000)
		g.str("][")
		g.num(g.tid)
		g.str("][")
		g.buf = append(g.buf, "DIWEA"[lvl])
		g.str("]:(")
		g.seq = (g.seq + 1) % 100000000
		s := g.seq
		for d := uint64(1e7); d > 0; d /= 10 {
			g.buf = append(g.buf, byte('0'+uint64(s)/d%10))
		}
		g.str("):   ")
	}
}

func (g *gen) suffix(lvl int) {
	switch g.shape {
	case shWeb3Firefox:
		if lvl == lvError {
			g.str(" AgoraRTCSDK-3.1.1.js:2:3575")
		} else {
			g.str(" AgoraRTCSDK-3.1.1.js:2:3490")
		}
		g.blank = true
	case shWeb4Safari:
		g.str(`" (AgoraRTC_N.js, line 40`)
		g.buf = append(g.buf, byte('0'+g.intn(4)))
		g.buf = append(g.buf, ')')
	case shWeb4Chrome:
		if lvl == lvError && g.intn(10) < 4 {
			g.stack = 1 + g.intn(3)
		}
	}
}

// nativePrefix writes "INFO    (15:37: 4:439 |   57)   5165; ".
func (g *gen) nativePrefix(lvl int, trap bool) {
	g.str(levelsNative[lvl])
	g.buf = append(g.buf, '(')
	g.pad(g.clock/3600000, 2)
	g.buf = append(g.buf, ':')
	g.pad(g.clock/60000%60, 2)
	g.buf = append(g.buf, ':')
	g.pad(g.clock/1000%60, 2)
	g.buf = append(g.buf, ':')
	g.pad(g.clock%1000, 3)
	g.str(" | ")
	delta := g.intn(600)
	if trap && g.tv < 10000 && g.intn(3) == 0 {
		delta = g.tv // "|  101)" is a delta, not a code
	}
	g.pad(delta, 4)
	g.str(")   ")
	g.num(g.tid)
	g.str("; ")
}

// logcatTime writes "03-14 15:36:52.459: ".
func (g *gen) logcatTime() {
	g.str("03-")
	g.two(g.day)
	g.buf = append(g.buf, ' ')
	g.clockISO(true)
	g.str(": ")
}

// clockSDK writes the Web SDK's time: HH:MM:SS:m, milliseconds unpadded.
func (g *gen) clockSDK() {
	g.two(g.clock / 3600000)
	g.buf = append(g.buf, ':')
	g.two(g.clock / 60000 % 60)
	g.buf = append(g.buf, ':')
	g.two(g.clock / 1000 % 60)
	g.buf = append(g.buf, ':')
	g.num(g.clock % 1000)
}

// clockISO writes HH:MM:SS, with ".mmm" when ms is set.
func (g *gen) clockISO(ms bool) {
	g.two(g.clock / 3600000)
	g.buf = append(g.buf, ':')
	g.two(g.clock / 60000 % 60)
	g.buf = append(g.buf, ':')
	g.two(g.clock / 1000 % 60)
	if ms {
		g.buf = append(g.buf, '.')
		g.three(g.clock % 1000)
	}
}

func (g *gen) two(v int) { g.buf = append(g.buf, byte('0'+v/10), byte('0'+v%10)) }

func (g *gen) three(v int) {
	g.buf = append(g.buf, byte('0'+v/100), byte('0'+v/10%10), byte('0'+v%10))
}

// pad writes v right-aligned in width columns, padded with spaces.
func (g *gen) pad(v, width int) {
	n := 1
	for x := v; x >= 10; x /= 10 {
		n++
	}
	for ; n < width; n++ {
		g.buf = append(g.buf, ' ')
	}
	g.num(v)
}

func (g *gen) hex(n int, digits string) {
	x := g.r.Uint64()
	for i := range n {
		if i > 0 && i%16 == 0 {
			x = g.r.Uint64()
		}
		g.buf = append(g.buf, digits[x&15])
		x >>= 4
	}
}

// digits writes a random number of exactly n digits.
func (g *gen) digits(n int) {
	lo := pow10[n-1]
	g.buf = strconv.AppendUint(g.buf, lo+g.r.Uint64()%(pow10[n]-lo), 10)
}

func (g *gen) render(t *tmpl) {
	for i := range t.segs {
		g.seg(&t.segs[i])
	}
}

// seg writes one segment of a template.
func (g *gen) seg(s *seg) {
	switch s.op {
	case opLit:
		g.buf = append(g.buf, s.lit...)
	case opN:
		g.str(g.sp)
	case opV:
		g.str(g.val)
	case opT:
		g.num(g.tv)
	case opT2:
		g.num(g.tv + 1 + g.intn(9))
	case opU:
		g.num(g.t.unknown[g.intn(len(g.t.unknown))])
	case opX5:
		g.hex(5, hexUpper)
	case opx5:
		g.hex(5, hexLower)
	case opx8:
		g.hex(8, hexLower)
	case opx32:
		g.hex(32, hexLower)
	case opUUID:
		g.hex(8, hexLower)
		g.buf = append(g.buf, '-')
		g.hex(4, hexLower)
		g.buf = append(g.buf, '-')
		g.hex(4, hexLower)
		g.buf = append(g.buf, '-')
		g.hex(4, hexLower)
		g.buf = append(g.buf, '-')
		g.hex(12, hexLower)
	case opUID:
		g.digits(5 + g.intn(5))
	case opBig:
		g.buf = strconv.AppendUint(g.buf, 1e9+g.r.Uint64()%3294967295, 10)
	case opEpoch:
		g.buf = strconv.AppendUint(g.buf, 1600000000000+g.r.Uint64()%200000000000, 10)
	case opIP, opIPT:
		x := g.r.Uint64()
		trapAt := -1
		if s.op == opIPT {
			trapAt = int(x>>40) & 3
		}
		for i := range 4 {
			if i > 0 {
				g.buf = append(g.buf, '.')
			}
			switch {
			case i == trapAt && g.tv <= 255:
				g.num(g.tv)
			case i == trapAt:
				g.num(100 + int(x%156))
			case i == 0:
				g.num(1 + int(x%223))
			default:
				g.num(int(x % 256))
			}
			x >>= 8
		}
	case opPort:
		g.num(1024 + g.intn(64512))
	case opSmall:
		g.num(g.intn(100))
	case opSmall2:
		g.num(2 + g.intn(98))
	case opK:
		g.num(100 + g.intn(99900))
	case opD:
		g.num(1 + g.intn(4))
	case opCh:
		g.str(g.pick(g.t.channels))
	case opURL:
		g.str(g.pick(g.t.urls))
	case opFn:
		g.str(g.pick(g.t.funcs))
	case opHMS:
		t := g.intn(dayMS / 1000)
		g.two(t / 3600)
		g.buf = append(g.buf, ':')
		g.two(t / 60 % 60)
		g.buf = append(g.buf, ':')
		g.two(t % 60)
	case opPID:
		g.num(g.pid)
	case opThis:
		g.buf = append(g.buf, g.this[:]...)
	}
}
