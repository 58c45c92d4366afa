package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/spf13/pflag"

	"github.com/codewatch/codewatch/internal/catalog"
)

const explainHelp = `Usage: codewatch explain [flags] WORD...

Look codes up, like moreutils' errno, in every catalog: the six built-in
SDKs' and the --catalog files of ids of their own (--sdk narrows the
search). A number finds the codes with that value, of any kind and table;
a negative one is also the code of its absolute value in the native SDKs,
whose calls return -code (RTM 2.x's own values are negative). A name or
one of its aliases finds that code in each catalog that has it, and any
other word finds the codes whose name, description, hint, aliases or
phrases contain it (case does not matter). Each code is shown with its
SDK and with the codes of the other SDKs that mean the same, those that
mean the same next to each other. With --sdk web-2.x alone it is the Web
SDK 2.x table, shown as before codewatch knew every SDK. Exit status 1
when a word finds nothing.

On a terminal each code's kind is coloured by its severity (--color;
NO_COLOR is honoured) and lines wider than the terminal (COLUMNS
overrides its width) are wrapped at spaces, each continued two spaces
further in than it starts: descriptions are never cut. Piped, lines are
as they are.

JSON (--format json) is an array of the codes found: name, value, kind,
severity, description, aliases, phrases, hint and, but for --sdk web-2.x
alone, catalog (its id), table, by (value, abs, name, alias, phrase or
text), word (the word that found it) and same_as (the codes of other
catalogs that mean the same, each a catalog and a name).

Examples:
  codewatch explain 110
  codewatch explain -17
  codewatch explain ErrorCodeType.errInvalidToken CAN_NOT_GET_GATEWAY_SERVER
  codewatch explain 'no active status'
  codewatch explain --sdk native-4.x,native-3.x 17
  codewatch explain --sdk web-2.x NO_AUTHORIZED ERR_STATIC_USE_DYANMIC_KE
  codewatch explain --catalog my-sdk.json MY_GATEWAY_DOWN
  codewatch explain token
  codewatch explain --format json 2002 | jq .
`

// explained is a code that a word found.
type explained struct {
	catalog.Hit
	word string
}

func cmdExplain(e *env, args []string) error {
	f := newFlags("explain", explainHelp)
	format := f.String("format", "text", "output `format`: text or json")
	colorMode := f.String("color", "auto", "colour each code's kind by its severity: auto (on a terminal), always or never (NO_COLOR is honoured)")
	f.catalogFlag()
	f.logFlags()
	args, restore := numberWords(f, args)
	if err := f.parse(e, args); err != nil {
		return err
	}
	if *format != "text" && *format != "json" {
		return f.usage("--format %q: want text or json", *format)
	}
	color, err := e.colorOn(*colorMode)
	if err != nil {
		return f.usage("%s", err)
	}
	words := restore(f.Args())
	if len(words) == 0 {
		return f.usage("nothing to explain: give a value, a name or a word")
	}
	cats, err := f.loadCatalogs(e)
	if err != nil {
		return err
	}
	named := cats.named()
	status := exitOK
	var found []explained
	seen := map[*catalog.Code]bool{}
	for _, word := range words {
		hits := cats.set.Find(word)
		if len(hits) == 0 {
			e.log.Error().Str("word", word).Msg("explain: " + nothingFound(cats, word))
			status = exitFound
		}
		if named != nil {
			hits = catalog.GroupByMeaning(hits)
		}
		for _, h := range hits {
			if !seen[h.Code] {
				seen[h.Code] = true
				found = append(found, explained{h, word})
			}
		}
	}
	out := bufio.NewWriter(e.stdout)
	if *format == "json" {
		writeExplainedJSON(out, named, found)
	} else {
		writeExplained(out, named, found, e.width(), color)
	}
	if err := out.Flush(); err != nil {
		return &writeError{err: err}
	}
	return worst(status)
}

// writeExplained writes the codes found as text, each line wrapped to
// width (0: no limit), kinds coloured by severity when color is set.
func writeExplained(out *bufio.Writer, named *catalog.Set, found []explained, width int, color bool) {
	var b bytes.Buffer
	w := bufio.NewWriter(&b)
	for i, x := range found {
		if i > 0 {
			w.WriteString("\n")
		}
		if named == nil {
			writeCode(w, x.Code, color)
		} else {
			writeNamedCode(w, named, x, color)
		}
	}
	w.Flush()
	out.WriteString(wrap(b.String(), width))
}

// kindOf is a code's kind as its head line says it: coloured by its
// severity when color is set.
func kindOf(c *catalog.Code, color bool) string {
	if color {
		return paint(c.Severity, c.Kind.String())
	}
	return c.Kind.String()
}

// nothingFound says that a word found nothing: in which catalogs, where
// --sdk chose them, and the names it may be a misspelling of. With --sdk
// web-2.x alone it says what it said before there were several catalogs.
func nothingFound(cats *catalogs, word string) string {
	msg := fmt.Sprintf("nothing found for %q", word)
	if cats.named() == nil {
		return msg
	}
	if !cats.auto {
		short := make([]string, cats.set.Len())
		for i, id := range cats.set.IDs() {
			short[i] = catalog.ShortID(id)
		}
		msg += " in " + strings.Join(short, ", ")
	}
	if names := cats.set.Suggest(word); len(names) > 0 {
		msg += " (did you mean " + orList(names) + "?)"
	}
	return msg
}

// orList joins words as "a", "a or b", "a, b or c".
func orList(words []string) string {
	if len(words) == 1 {
		return words[0]
	}
	return strings.Join(words[:len(words)-1], ", ") + " or " + words[len(words)-1]
}

// numberWords lets explain take negative numbers as words ("explain -17",
// a native SDK's return value): pflag would read -17 as the flags -1 and
// -7. Such a word, unless it is the value of the flag before it or comes
// after "--", is hidden from the parser under a name no argument can have
// (it holds a NUL byte), and restore gives it back among the words.
func numberWords(f *flags, args []string) (hidden []string, restore func([]string) []string) {
	names := map[string]string{}
	hidden = append([]string(nil), args...)
	for i, a := range args {
		if a == "--" {
			break
		}
		if !isNegativeNumber(a) || i > 0 && takesValue(f.FlagSet, args[i-1]) {
			continue
		}
		key := fmt.Sprintf("\x00%d", i)
		names[key], hidden[i] = a, key
	}
	return hidden, func(words []string) []string {
		out := make([]string, len(words))
		for i, w := range words {
			out[i] = w
			if a, ok := names[w]; ok {
				out[i] = a
			}
		}
		return out
	}
}

// isNegativeNumber reports whether s is "-" and decimal digits.
func isNegativeNumber(s string) bool {
	if len(s) < 2 || s[0] != '-' {
		return false
	}
	for i := 1; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// takesValue reports whether arg is a flag whose value is the next
// argument ("--format", "-o"; not "--format=json" or a boolean flag).
func takesValue(fs *pflag.FlagSet, arg string) bool {
	var fl *pflag.Flag
	switch {
	case strings.HasPrefix(arg, "--") && !strings.Contains(arg, "="):
		fl = fs.Lookup(arg[2:])
	case len(arg) == 2 && arg[0] == '-' && arg[1] != '-':
		fl = fs.ShorthandLookup(arg[1:])
	}
	return fl != nil && fl.NoOptDefVal == ""
}

// writeCode writes a code as explain has always shown it: name, value,
// kind, description and the rest, one per line.
func writeCode(out *bufio.Writer, c *catalog.Code, color bool) {
	fmt.Fprintf(out, "%s", c.Name)
	if c.HasValue {
		fmt.Fprintf(out, " (%d)", c.Value)
	}
	fmt.Fprintf(out, " %s", kindOf(c, color))
	if c.Severity != catalog.SeverityOf(c.Kind) {
		fmt.Fprintf(out, ", severity %s", c.Severity)
	}
	fmt.Fprintf(out, "\n  %s\n", c.Description)
	writeDetails(out, c)
}

// writeDetails writes a code's other spellings, phrases and hint.
func writeDetails(out *bufio.Writer, c *catalog.Code) {
	if len(c.Aliases) > 0 {
		fmt.Fprintf(out, "  also printed as: %s\n", strings.Join(c.Aliases, ", "))
	}
	if len(c.Phrases) > 0 {
		q := make([]string, len(c.Phrases))
		for i, p := range c.Phrases {
			q[i] = `"` + p + `"`
		}
		fmt.Fprintf(out, "  phrases: %s\n", strings.Join(q, ", "))
	}
	if c.Hint != "" {
		fmt.Fprintf(out, "  what to do: %s\n", c.Hint)
	}
}

// writeNamedCode writes a code of one of several catalogs: as writeCode,
// with its SDK before its name, its table, how the word found it where
// the word is not its name or value, and the codes of the other SDKs that
// mean the same.
func writeNamedCode(out *bufio.Writer, set *catalog.Set, x explained, color bool) {
	c := x.Code
	fmt.Fprintf(out, "%s %s", catalog.ShortID(c.Catalog().ID), c.Name)
	if c.HasValue {
		fmt.Fprintf(out, " (%d)", c.Value)
	}
	fmt.Fprintf(out, " %s", kindOf(c, color))
	if c.Table != "" {
		fmt.Fprintf(out, ", table %s", c.Table)
	}
	if c.Severity != catalog.SeverityOf(c.Kind) {
		fmt.Fprintf(out, ", severity %s", c.Severity)
	}
	fmt.Fprintf(out, "\n  %s\n", c.Description)
	switch x.By {
	case catalog.ByAlias:
		fmt.Fprintf(out, "  found by alias %s\n", x.word)
	case catalog.ByAbs:
		fmt.Fprintf(out, "  found as %s: the SDK's calls return -code\n", x.word)
	}
	writeDetails(out, c)
	if same := set.SameMeaning(c); len(same) > 0 {
		list := make([]string, len(same))
		for i, o := range same {
			list[i] = catalog.ShortID(o.Catalog().ID) + " " + o.Name
		}
		fmt.Fprintf(out, "  the same as: %s\n", strings.Join(list, ", "))
	}
}

// writeExplainedJSON writes the codes as a JSON array; named, where the
// catalogs are not the legacy one, adds each code's catalog and how it
// was found.
func writeExplainedJSON(out *bufio.Writer, named *catalog.Set, found []explained) {
	list := make([]map[string]any, 0, len(found))
	for _, x := range found {
		m := codeJSON(x.Code)
		if named != nil {
			same := []map[string]string{}
			for _, o := range named.SameMeaning(x.Code) {
				same = append(same, map[string]string{"catalog": o.Catalog().ID, "name": o.Name})
			}
			m["catalog"], m["table"], m["by"], m["word"], m["same_as"] = x.Code.Catalog().ID, x.Code.Table, x.By, x.word, same
		}
		list = append(list, m)
	}
	enc := json.NewEncoder(out)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	enc.Encode(list)
}

func codeJSON(c *catalog.Code) map[string]any {
	m := map[string]any{
		"name": c.Name, "kind": c.Kind.String(), "severity": c.Severity.String(), "description": c.Description,
		"value": nil, "aliases": nonNil(c.Aliases), "phrases": nonNil(c.Phrases), "hint": c.Hint,
	}
	if c.HasValue {
		m["value"] = c.Value
	}
	return m
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
