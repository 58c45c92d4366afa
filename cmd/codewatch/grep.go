package main

import (
	"bufio"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/codewatch/codewatch/internal/catalog"
	"github.com/codewatch/codewatch/internal/scan"
	"github.com/codewatch/codewatch/internal/search"
	"github.com/codewatch/codewatch/internal/timestamp"
	"github.com/codewatch/codewatch/internal/visible"
)

// grepFlags are grep's habits: the flags that choose codes (--code,
// --unknown: annotate and tail), and those of annotate alone (-c, -l, -q,
// -A, -B, -C) and of annotate and report (--since, --until).
type grepFlags struct {
	codes   []string
	unknown bool

	count, list, quiet     bool
	after, before, context int

	since, until string
}

// registerCodes adds --code and --unknown.
func (g *grepFlags) registerCodes(f *flags) {
	f.StringSliceVar(&g.codes, "code", nil, "keep only the codes of these `NAMES` (names or aliases, joined by commas; repeatable): other codes are as absent")
	f.BoolVar(&g.unknown, "unknown", false, "show the unknown codes too (ERR_/WARN_/K_ names and numbers in code context that no catalog has), as report lists them; --min-severity and --code do not hide them")
}

// registerGrep adds annotate's -c, -l, -q, -A, -B and -C.
func (g *grepFlags) registerGrep(f *flags) {
	f.BoolVarP(&g.count, "count", "c", false, "print only the number of codes of each input (\"file:N\"; \"N\" for one input), not lines")
	f.BoolVarP(&g.list, "files-with-codes", "l", false, "print only the names of the inputs that carry codes")
	f.BoolVarP(&g.quiet, "quiet", "q", false, "print nothing; exit 0 as soon as a code is found (even if an input failed), 1 if none, 2 if none and an input failed")
	f.IntVarP(&g.after, "after-context", "A", 0, "with -o, print `N` lines after each line with codes")
	f.IntVarP(&g.before, "before-context", "B", 0, "with -o, print `N` lines before each line with codes")
	f.IntVarP(&g.context, "context", "C", 0, "with -o, print `N` lines before and after each line with codes")
}

// registerTime adds --since and --until.
func (g *grepFlags) registerTime(f *flags) {
	f.StringVar(&g.since, "since", "", "keep only the lines at or after `TIME`: a time of day (10:05, 10:05:49), compared with the time of day each line writes, or RFC 3339 (2026-03-01T10:05:00Z); a line without a time has the time of the last line before it with one, and is kept before any")
	f.StringVar(&g.until, "until", "", "keep only the lines before `TIME` (as --since; --since 23:50 --until 00:10 spans midnight)")
}

// checkGrep checks annotate's grep flags against each other and the
// line output's, and returns the context sizes.
func (g *grepFlags) checkGrep(f *flags, lo *lineOutput, failOn string) (before, after int, err error) {
	modes := 0
	for _, on := range []bool{g.count, g.list, g.quiet} {
		if on {
			modes++
		}
	}
	// As grep: -C sets both, and -A or -B given wins over it.
	before, after = g.before, g.after
	if !f.Changed("before-context") {
		before = g.context
	}
	if !f.Changed("after-context") {
		after = g.context
	}
	contextual := f.Changed("context") || f.Changed("before-context") || f.Changed("after-context")
	switch {
	case g.after < 0 || g.before < 0 || g.context < 0:
		return 0, 0, f.usage("-A, -B and -C want a number of lines, 0 or more")
	case modes > 1:
		return 0, 0, f.usage("-c, -l and -q: give one")
	case modes > 0 && lo.json():
		return 0, 0, f.usage("-c, -l and -q print no lines: not with --format json")
	case modes > 0 && contextual:
		return 0, 0, f.usage("-c, -l and -q print no lines: not with -A, -B or -C")
	case g.quiet && failOn != "":
		return 0, 0, f.usage("-q and --fail-on: give one (-q exits 0 when a code was found)")
	case contextual && !lo.only:
		return 0, 0, f.usage("-A, -B and -C need -o (without it every line is printed)")
	case contextual && lo.json():
		return 0, 0, f.usage("-A, -B and -C: not with --format json")
	}
	return before, after, nil
}

// tallying reports whether annotate prints counts, names or nothing
// instead of lines.
func (g *grepFlags) tallying() bool { return g.count || g.list || g.quiet }

// window reads --since and --until.
func (g *grepFlags) window(f *flags) (timestamp.Window, error) {
	var b [2]timestamp.Bound
	for i, v := range []string{g.since, g.until} {
		if v == "" {
			continue
		}
		var err error
		if b[i], err = timestamp.ParseBound(v); err != nil {
			return timestamp.Window{}, f.usage("--%s %s", []string{"since", "until"}[i], err.Error())
		}
	}
	w, err := timestamp.NewWindow(b[0], b[1])
	if err != nil {
		return w, f.usage("%s", err)
	}
	return w, nil
}

// timeWindow adds --since and --until to a command that has no other grep
// flags (report), and returns what reads them once parsed.
func (f *flags) timeWindow() func() (timestamp.Window, error) {
	g := new(grepFlags)
	g.registerTime(f)
	return func() (timestamp.Window, error) { return g.window(f) }
}

// codeKey is a code as --code keeps it: its catalog and name, which a
// catalog reloaded by tail keeps.
type codeKey struct{ catalog, name string }

// only reads --code: each name or alias (in upper case if not as given)
// is looked up in every catalog of the set, and the codes found are kept.
// A name no catalog has is a usage error, with the names it may be a
// misspelling of. Nil without --code.
func (g *grepFlags) only(f *flags, cats *catalogs) (func(*catalog.Code) bool, error) {
	if len(g.codes) == 0 {
		return nil, nil
	}
	keep := map[codeKey]bool{}
	for _, name := range g.codes {
		name = strings.TrimSpace(name)
		found := false
		for _, c := range cats.set.Catalogs() {
			code, _, ok := c.Lookup(name)
			if !ok {
				code, _, ok = c.Lookup(strings.ToUpper(name))
			}
			if ok {
				keep[codeKey{c.ID, code.Name}] = true
				found = true
			}
		}
		if !found {
			return nil, f.usage("%s", noSuchCode(cats, name))
		}
	}
	return func(c *catalog.Code) bool { return keep[codeKey{c.Catalog().ID, c.Name}] }, nil
}

// noSuchCode says that --code's name is in no catalog.
func noSuchCode(cats *catalogs, name string) string {
	where := "the catalog"
	if cats.named() != nil {
		where = "the catalogs (" + strings.Join(cats.set.IDs(), ", ") + ")"
	}
	msg := fmt.Sprintf("--code %q: no code of that name or alias in %s", name, where)
	if _, err := strconv.Atoi(name); err == nil {
		return msg + "; give names ('codewatch explain " + name + "' says which)"
	}
	if names := cats.set.Suggest(name); len(names) > 0 {
		msg += " (did you mean " + orList(names) + "?)"
	}
	return msg
}

// errQuiet ends the reading of every input once -q has seen a code (-l
// ends one input's with search.Enough).
var errQuiet = errors.New("a code seen: -q stops")

// tally is annotate's sink for -c, -l and -q: it counts the codes of each
// input, and stops reading when the count cannot matter any more.
type tally struct {
	unknown bool  // unknown codes count
	quiet   bool  // -q: stop at the first code of all
	list    bool  // -l: stop each input at its first code
	n       int64 // codes in the input under way
	found   bool  // a code was found, in any input
}

// Start implements search's naming of inputs: a new count.
func (t *tally) Start(string) { t.n = 0 }

// Line implements scan.Sink.
func (t *tally) Line(l *scan.Line) error {
	n := len(l.Codes) + len(l.Ambiguous)
	if t.unknown {
		n += len(l.Unknown)
	}
	if n == 0 {
		return nil
	}
	t.n += int64(n)
	t.found = true
	switch {
	case t.quiet:
		return errQuiet
	case t.list:
		return search.Enough
	}
	return nil
}

// report prints what -c or -l print of an input that was read (whole, or
// up to an error): its count, or its name if it carries codes. On a
// terminal the name is made visible as the lines' prefixes are.
func (t *tally) report(e *env, out *bufio.Writer, name string, withFile, count bool) {
	if e.isTerminal(e.stdout) {
		name = visible.String(name)
	}
	switch {
	case count && withFile:
		fmt.Fprintf(out, "%s:%d\n", name, t.n)
	case count:
		fmt.Fprintf(out, "%d\n", t.n)
	case t.n > 0:
		fmt.Fprintf(out, "%s\n", name)
	}
}
