package main

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/codewatch/codewatch/internal/catalog"
)

const catalogHelp = `Usage: codewatch catalog list|export [flags]

  list     show every code of the catalog: name, value, kind, severity, description
  export   write the catalog for other tools (--format json, csv or tsv)

The catalog is the embedded Agora Web SDK table, with any --catalog files
layered over it. The JSON export is codewatch's own catalog format, a
starting point for a file of your own.

The CSV and TSV exports are lookup tables: a header row, then one row per
name and per alias ("key"), each giving the canonical name, value, kind,
severity, description and hint, ready for a Vector enrichment table or a
Fluent Bit / Logstash lookup.

Examples:
  codewatch catalog list
  codewatch catalog export --format csv > agora_codes.csv
  codewatch catalog export --format json > my-catalog.json
`

func cmdCatalog(e *env, args []string) int {
	f := newFlags("catalog", catalogHelp)
	format := f.String("format", "", "export `format`: json, csv or tsv (list: table or json)")
	f.catalogFlag()
	f.logFlags()
	if st, ok := f.parse(e, args); !ok {
		return st
	}
	if f.NArg() == 0 {
		st, _ := f.usageError(e, "want a subcommand: list or export")
		return st
	}
	sub := f.Arg(0)
	if f.NArg() > 1 {
		st, _ := f.usageError(e, fmt.Sprintf("%s takes no arguments, got %q", sub, f.Args()[1:]))
		return st
	}
	cat, name, err := f.loadCatalog()
	if err != nil {
		e.log.Error().Msg(err.Error())
		return exitError
	}
	out := bufio.NewWriter(e.stdout)
	switch {
	case sub == "list" && (*format == "" || *format == "table"):
		err = listTable(out, cat)
	case sub == "list" && *format == "json", sub == "export" && (*format == "json" || *format == ""):
		err = catalog.WriteJSON(out, cat, catalog.Meta{Name: name})
	case sub == "export" && (*format == "csv" || *format == "tsv"):
		err = exportTable(out, cat, *format)
	case sub == "list" || sub == "export":
		st, _ := f.usageError(e, fmt.Sprintf("--format %q: %s takes %s", *format, sub, map[string]string{"list": "table or json", "export": "json, csv or tsv"}[sub]))
		return st
	default:
		st, _ := f.usageError(e, fmt.Sprintf("unknown subcommand %q: want list or export", sub))
		return st
	}
	if err == nil {
		err = out.Flush()
	}
	if err != nil && !isClosedPipe(err) {
		e.log.Error().Msg("write output: " + err.Error())
		return exitError
	}
	return exitOK
}

func listTable(out *bufio.Writer, cat *catalog.Catalog) error {
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tVALUE\tKIND\tSEVERITY\tDESCRIPTION")
	for i := range cat.Codes {
		c := &cat.Codes[i]
		v := "-"
		if c.HasValue {
			v = fmt.Sprint(c.Value)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", c.Name, v, c.Kind, c.Severity, c.Description)
	}
	return tw.Flush()
}

// exportTable writes the lookup table: one row per name and alias.
func exportTable(out *bufio.Writer, cat *catalog.Catalog, format string) error {
	w := csv.NewWriter(out)
	clean := func(s string) string { return s }
	if format == "tsv" {
		w.Comma = '\t'
		// TSV has no quoting: tabs and line breaks in text become spaces.
		clean = func(s string) string { return strings.NewReplacer("\t", " ", "\n", " ", "\r", " ").Replace(s) }
	}
	rows := [][]string{{"key", "name", "value", "kind", "severity", "by", "description", "hint"}}
	for i := range cat.Codes {
		c := &cat.Codes[i]
		keys := append([]string{c.Name}, c.Aliases...)
		for k, key := range keys {
			by := "name"
			if k > 0 {
				by = "alias"
			}
			rows = append(rows, []string{key, c.Name, c.ValueString(), c.Kind.String(), c.Severity.String(), by, clean(c.Description), clean(c.Hint)})
		}
	}
	if format == "tsv" {
		for _, r := range rows {
			if _, err := out.WriteString(strings.Join(r, "\t") + "\n"); err != nil {
				return err
			}
		}
		return nil
	}
	if err := w.WriteAll(rows); err != nil {
		return err
	}
	return w.Error()
}
