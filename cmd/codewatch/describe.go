package main

import (
	"context"
	"io"
	"strings"

	"github.com/rs/zerolog"
	"github.com/spf13/pflag"

	"github.com/codewatch/codewatch/internal/catalog"
)

// cmdInfo is a command as completion scripts and the man page describe
// it: read from the flag set the command itself parses.
type cmdInfo struct {
	name    string // "report", "catalog list"
	summary string
	help    string         // the text --help shows above the flags
	fs      *pflag.FlagSet // nil for a command without flags
	args    string         // its arguments: "files", "words", "commands", "shells", "subcommands" or ""
}

// catalogSubcommands are catalog's subcommands, as its help lists them.
var catalogSubcommands = []struct{ name, summary string }{
	{"list", "show every code of the catalogs: SDK, name, value, kind, severity, description"},
	{"export", "write the catalogs for other tools: json, csv, tsv or markdown"},
	{"import", "make a catalog file from vendors' code tables (Markdown, HTML, TSV)"},
	{"validate", "check catalog files, reporting every problem as file:line: reason"},
}

// commandArgs says what each command takes as arguments.
var commandArgs = map[string]string{
	"annotate": "files", "report": "files", "merge": "files", "tail": "files", "explain": "words",
	"catalog": "subcommands", "catalog import": "files", "catalog validate": "files",
	"completion": "shells", "help": "commands",
}

// describeCommands are codewatch's commands and catalog's subcommands,
// in order, each with the flag set it parses.
func describeCommands() []cmdInfo {
	var out []cmdInfo
	for _, c := range commands {
		info := cmdInfo{name: c.name, summary: c.summary, args: commandArgs[c.name]}
		if f := describe(c.run); f != nil {
			info.help, info.fs = f.help, f.FlagSet
		}
		out = append(out, info)
		if c.name != "catalog" {
			continue
		}
		for _, s := range catalogSubcommands {
			name := "catalog " + s.name
			f := describe(catalogCommands[s.name])
			out = append(out, cmdInfo{name: name, summary: s.summary, help: f.help, fs: f.FlagSet, args: commandArgs[name]})
		}
	}
	return append(out, cmdInfo{name: "help", summary: "show a command's help: codewatch help COMMAND", args: "commands"})
}

// describe runs a command with an env that, instead of parsing, hands
// over its flag set: nil for a command that parses none.
func describe(run func(*env, []string) error) *flags {
	var got *flags
	e := &env{ctx: context.Background(), stdin: strings.NewReader(""), stdout: io.Discard, stderr: io.Discard,
		log: zerolog.Nop(), getenv: func(string) string { return "" }, isTerminal: func(any) bool { return false },
		describe: func(f *flags) { got = f }}
	if run != nil {
		run(e, []string{"--help"})
	}
	return got
}

// flagValues are the values a flag of command cmd takes, for completion
// and the man page; nil when they are not a fixed list.
func flagValues(cmd, flag string) []string {
	sevs := []string{"info", "warning", "error", "critical"}
	switch flag {
	case "format":
		return map[string][]string{
			"annotate": {"text", "json"}, "tail": {"text", "json"}, "explain": {"text", "json"},
			"report": {"table", "json", "csv", "markdown", "html"}, "merge": {"table", "json", "csv", "markdown", "html"},
			"catalog list": {"table", "json"}, "catalog export": {"json", "csv", "tsv", "markdown"},
		}[cmd]
	case "report-format":
		return tailReportFormats()
	case "color":
		return []string{"auto", "always", "never"}
	case "sdk":
		ids := []string{"auto"}
		for _, id := range catalog.BuiltinIDs() {
			ids = append(ids, catalog.ShortID(id))
		}
		return ids
	case "min-severity", "fail-on":
		return sevs
	case "log-level":
		return []string{"debug", "info", "warn", "error"}
	case "log-format":
		return []string{"text", "json"}
	}
	return nil
}

// takesFile says whether a flag's value is a file name.
func takesFile(fl *pflag.Flag) bool {
	name, _ := pflag.UnquoteUsage(fl)
	return name == "FILE"
}
