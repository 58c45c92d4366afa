package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/pflag"
)

// flagUsages is the flags' part of --help: pflag's layout (short and long
// names, the value's name, the usage, the default), without the
// "[=true|false]" pflag adds to boolean flags, which take no value.
func flagUsages(fs *pflag.FlagSet) string {
	type row struct{ names, usage string }
	var rows []row
	width := 0
	fs.VisitAll(func(fl *pflag.Flag) {
		if fl.Hidden {
			return
		}
		names := "      --" + fl.Name
		if fl.Shorthand != "" {
			names = "  -" + fl.Shorthand + ", --" + fl.Name
		}
		varname, usage := pflag.UnquoteUsage(fl)
		if fl.Value.Type() != "bool" && varname != "" {
			names += " " + varname
		}
		if d := flagDefault(fl); d != "" {
			usage += " (default " + d + ")"
		}
		rows = append(rows, row{names, usage})
		width = max(width, len(names))
	})
	var b strings.Builder
	for _, r := range rows {
		fmt.Fprintf(&b, "%-*s   %s\n", width, r.names, r.usage)
	}
	return b.String()
}

// flagDefault is a flag's default as --help says it: quoted for strings,
// "" when it is the zero value.
func flagDefault(fl *pflag.Flag) string {
	switch d := fl.DefValue; {
	case d == "" || d == "[]" || d == "false" || d == "0" || d == "0s":
		return ""
	case fl.Value.Type() == "string":
		return fmt.Sprintf("%q", d)
	default:
		return d
	}
}

// suggest returns the candidates nearest to word, within a Damerau-
// Levenshtein distance (optimal string alignment) of 2 and less than the
// length of word, as git and cargo suggest commands: "did you mean".
func suggest(word string, candidates []string) []string {
	best, out := 3, []string(nil)
	for _, c := range candidates {
		d := editDistance(strings.ToLower(word), strings.ToLower(c))
		if d >= len([]rune(word)) || d > best {
			continue
		}
		if d < best {
			best, out = d, nil
		}
		if !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}

// didYouMean is " (did you mean X?)" for the suggestions of word among
// candidates, each written as format says ("--%s"), or "".
func didYouMean(word string, candidates []string, format string) string {
	s := suggest(word, candidates)
	if len(s) == 0 {
		return ""
	}
	for i := range s {
		s[i] = fmt.Sprintf(format, s[i])
	}
	return " (did you mean " + orList(s) + "?)"
}

// editDistance is the optimal string alignment distance of a and b:
// insertions, deletions, substitutions and transpositions of two
// neighbours each count 1.
func editDistance(a, b string) int {
	s, t := []rune(a), []rune(b)
	d := make([][]int, len(s)+1)
	for i := range d {
		d[i] = make([]int, len(t)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(s); i++ {
		for j := 1; j <= len(t); j++ {
			cost := 1
			if s[i-1] == t[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && s[i-1] == t[j-2] && s[i-2] == t[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(s)][len(t)]
}

// flagNames are the long names of fs's flags that are not hidden.
func flagNames(fs *pflag.FlagSet) []string {
	var names []string
	fs.VisitAll(func(fl *pflag.Flag) {
		if !fl.Hidden {
			names = append(names, fl.Name)
		}
	})
	return names
}

// commandNames are codewatch's commands.
func commandNames() []string {
	names := make([]string, len(commands))
	for i, c := range commands {
		names[i] = c.name
	}
	return append(names, "help")
}
