// Package testgen writes realistic Agora-style log corpora of any size with
// exact ground truth, for accuracy tests of the matcher (precision and
// recall against Truth must be 1.0) and for benchmarks.
//
// Lines are drawn from templates in the shapes of testdata/logs and
// FORMATS.md: Web SDK 2.x/3.x/4.x console copies (Chrome, Firefox,
// Safari), JSON Lines, logfmt, native 2.x agorasdk.log, native 4.x API
// traces and logcat. A fraction of the lines carries catalog codes — by
// name, by alias, or by value after one of SPEC §2's keywords, sometimes
// two different codes, sometimes one code twice — and a fraction carries
// traps: the look-alikes that SPEC §2 says are not codes (uid: 101, port
// 102, statusCode: 101, HTTP/1.1 101, net::ERR_FAILED, 0x101, 101-105,
// errno=101, reason 14, ...). Fillers (times, client ids, uids, IPs,
// ports, URLs) never form a code: no filler token is a catalog spelling,
// and no random number of 100 or more follows a keyword.
//
// A line's codes are exactly those SPEC §2 finds in it. Forms whose reading
// could depend on a detail SPEC leaves open are never written: a value
// always ends at a space, comma, quote or bracket or at the end of the
// line; a gap holds at most one punctuation mark; a warning keyword carries
// only warning values and an error keyword only error values; a Chinese
// keyword always follows a space or ASCII punctuation.
//
// With Config.SDKs it writes the lines of every Agora SDK instead
// (sdkshapes.go: Web 4.x and 2.x consoles, native 4.x agorasdk.log and
// iris, logcat, Flutter, Unity, React Native, iOS, RTM 2.x and 1.x, and
// their noise), in blocks that each open with a line of their SDK's cues,
// after a first block with no cue at all. The truth of each line is
// worked out from the catalogs, not written down: the generator knows
// what it put where (a spelling, a phrase, a number after a keyword whose
// reading it declares), and an oracle (oracle.go, sdkcues.go) resolves
// each in the SDKs the line's cues and those before it name, by SPEC §6
// and FORMATS.md §8: the catalog and canonical name of each code, and the
// candidates of each value whose meaning those SDKs do not decide.
package testgen

import (
	"errors"
	"fmt"
	"io"
	"math"
	"sort"

	"github.com/codewatch/codewatch/internal/catalog"
)

// Config says what to generate.
type Config struct {
	Seed int64 // the same seed (and config) gives the same bytes

	// Lines is the number of lines to write; Bytes stops at the first line
	// end at or past that many bytes. Set one or both (Write stops at
	// whichever comes first).
	Lines int
	Bytes int64

	CodeRate float64 // fraction of lines that carry codes; 0 means 0.02, < 0 none
	TrapRate float64 // fraction of lines that carry traps; 0 means 0.05, < 0 none
	CRLF     bool    // end lines with "\r\n" instead of "\n"

	// Catalog is the catalog whose codes are inserted; nil means
	// catalog.Default(). Templates whose fixed text holds one of its
	// names, aliases or phrases are left out.
	Catalog *catalog.Catalog

	// SDKs writes the lines of every Agora SDK instead (FORMATS.md:
	// Web 4.x and 2.x consoles, native 4.x agorasdk.log and iris, logcat,
	// Flutter, Unity, React Native, iOS, RTM 2.x and 1.x), read as
	// `--sdk auto` reads them: in blocks that each open with a line of
	// their SDK's cues, which set the SDK of the lines after it, after a
	// first block with no cue at all, whose numbers may be ambiguous.
	// Truth then names each code's catalog (Refs) and gives the ambiguous
	// values (Ambiguous). Catalog is not used.
	SDKs bool
	// Set is the catalogs the every-SDK lines carry codes of, in their
	// order of precedence: two or more, read with --sdk auto; nil means
	// every built-in catalog.
	Set *catalog.Set
}

// Truth is the ground truth of one line that carries codes (with SDKs,
// or ambiguous values).
type Truth struct {
	Line  int      // 1-based
	Codes []string // canonical names, sorted, each once

	// With Config.SDKs: each code as (catalog, canonical name), sorted,
	// each once; the values whose meaning the line's SDK does not decide,
	// sorted by value, each once; and the line's SDKs, what its cues and
	// those of the lines before it say (catalog ids in the set's order;
	// none when nothing is known).
	Refs      []CodeRef
	Ambiguous []AmbiguousValue
	SDKs      []string
}

// The defaults for Config's rates.
const (
	DefaultCodeRate = 0.02
	DefaultTrapRate = 0.05
)

// Write writes a corpus to w and calls truth (when not nil) for each line
// that carries codes, in line order. It returns the number of lines and
// bytes written. It is deterministic: the same Config gives the same bytes
// and the same truth. Every line, the last included, ends with a line
// ending.
func Write(w io.Writer, cfg Config, truth func(Truth)) (lines int, bytes int64, err error) {
	if cfg.Lines < 0 || cfg.Bytes < 0 {
		return 0, 0, errors.New("testgen: Lines and Bytes must not be negative")
	}
	if cfg.Lines == 0 && cfg.Bytes == 0 {
		return 0, 0, errors.New("testgen: set Lines or Bytes")
	}
	if cfg.SDKs {
		return writeSDK(w, cfg, truth)
	}
	cat := cfg.Catalog
	if cat == nil {
		cat = catalog.Default()
	}
	t, err := newTables(cat)
	if err != nil {
		return 0, 0, err
	}
	g := newGen(cfg, t)
	var codes [2]int
	for {
		if cfg.Lines > 0 && g.lines >= cfg.Lines || cfg.Bytes > 0 && g.flushed+int64(len(g.buf)) >= cfg.Bytes {
			break
		}
		n := g.line(codes[:0])
		if n > 0 && truth != nil {
			truth(Truth{Line: g.lines, Codes: g.names(codes[:n])})
		}
		if len(g.buf) >= flushAt {
			if err := g.flush(w); err != nil {
				return g.lines, g.flushed, err
			}
		}
	}
	err = g.flush(w)
	return g.lines, g.flushed, err
}

// flushAt is how much output is gathered before it is written.
const flushAt = 64 << 10

func (g *gen) flush(w io.Writer) error {
	if len(g.buf) == 0 {
		return nil
	}
	n, err := w.Write(g.buf)
	g.flushed += int64(n)
	if err == nil && n < len(g.buf) {
		err = io.ErrShortWrite
	}
	g.buf = g.buf[:0]
	return err
}

// names returns the sorted, distinct canonical names of codes.
func (g *gen) names(codes []int) []string {
	out := make([]string, 0, len(codes))
	for _, c := range codes {
		out = append(out, g.t.codes[c].name)
	}
	sort.Strings(out)
	k := 0
	for i, n := range out {
		if i == 0 || n != out[k-1] {
			out[k] = n
			k++
		}
	}
	return out[:k]
}

// rateThreshold turns a rate into a threshold for a uniform uint64.
func rateThreshold(rate, def float64) uint64 {
	switch {
	case rate == 0:
		rate = def
	case rate < 0 || math.IsNaN(rate):
		return 0
	}
	if rate >= 1 {
		return math.MaxUint64
	}
	return uint64(rate * (1 << 64))
}

// errHexName is returned for catalogs whose spellings a filler could write.
func errHexName(name string) error {
	return fmt.Errorf("testgen: catalog spelling %q could be written by a random filler (hex id or number)", name)
}
