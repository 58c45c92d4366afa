package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/codewatch/codewatch/internal/catalog"
)

const explainHelp = `Usage: codewatch explain [flags] WORD...

Look codes up, like moreutils' errno: a number finds the codes with that
value, a name or one of its aliases finds that code, and any other word
finds the codes whose name, description or hint contains it (case does not
matter). Exit status 1 when a word finds nothing.

Examples:
  codewatch explain 110
  codewatch explain NO_AUTHORIZED ERR_STATIC_USE_DYANMIC_KE
  codewatch explain token
  codewatch explain --format json 2002 | jq .
`

func cmdExplain(e *env, args []string) error {
	f := newFlags("explain", explainHelp)
	format := f.String("format", "text", "output `format`: text or json")
	f.catalogFlag()
	f.logFlags()
	if err := f.parse(e, args); err != nil {
		return err
	}
	if *format != "text" && *format != "json" {
		return f.usage("--format %q: want text or json", *format)
	}
	if f.NArg() == 0 {
		return f.usage("nothing to explain: give a value, a name or a word")
	}
	cat, _, err := f.loadCatalog()
	if err != nil {
		return err
	}
	out := bufio.NewWriter(e.stdout)
	status := exitOK
	var found []*catalog.Code
	seen := map[string]bool{}
	for _, word := range f.Args() {
		hits := lookup(cat, word)
		if len(hits) == 0 {
			e.log.Error().Str("word", word).Msg(fmt.Sprintf("explain: nothing found for %q", word))
			status = exitFound
		}
		for _, c := range hits {
			if !seen[c.Name] {
				seen[c.Name] = true
				found = append(found, c)
			}
		}
	}
	if *format == "json" {
		list := make([]map[string]any, 0, len(found))
		for _, c := range found {
			list = append(list, codeJSON(c))
		}
		enc := json.NewEncoder(out)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		enc.Encode(list)
	} else {
		for i, c := range found {
			if i > 0 {
				out.WriteString("\n")
			}
			writeCode(out, c)
		}
	}
	if err := out.Flush(); err != nil {
		return &writeError{err: err}
	}
	return worst(status)
}

// lookup finds the codes a word means: by value, by name or alias, or
// else by a case-insensitive search of names, descriptions, hints and
// phrases.
func lookup(cat *catalog.Catalog, word string) []*catalog.Code {
	var hits []*catalog.Code
	if v, err := strconv.Atoi(word); err == nil {
		for i := range cat.Codes {
			if c := &cat.Codes[i]; c.HasValue && c.Value == v {
				hits = append(hits, c)
			}
		}
		return hits
	}
	if c, _, ok := cat.Lookup(word); ok {
		return []*catalog.Code{c}
	}
	w := strings.ToLower(word)
	for i := range cat.Codes {
		c := &cat.Codes[i]
		text := strings.ToLower(c.Name + "\n" + c.Description + "\n" + c.Hint + "\n" + strings.Join(c.Aliases, "\n") + "\n" + strings.Join(c.Phrases, "\n"))
		if strings.Contains(text, w) {
			hits = append(hits, c)
		}
	}
	return hits
}

func writeCode(out *bufio.Writer, c *catalog.Code) {
	fmt.Fprintf(out, "%s", c.Name)
	if c.HasValue {
		fmt.Fprintf(out, " (%d)", c.Value)
	}
	fmt.Fprintf(out, " %s", c.Kind)
	if c.Severity != catalog.SeverityOf(c.Kind) {
		fmt.Fprintf(out, ", severity %s", c.Severity)
	}
	fmt.Fprintf(out, "\n  %s\n", c.Description)
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
