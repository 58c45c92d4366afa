package main

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"github.com/codewatch/codewatch/internal/catalog"
	"github.com/codewatch/codewatch/internal/input"
)

const catalogHelp = `Usage: codewatch catalog list|export|import|validate [flags] [args]

  list       show every code of the catalog: name, value, kind, severity, description
  export     write the catalog for other tools: json, csv, tsv or markdown
  import     make a catalog file from a vendor's code table (Markdown, HTML tables)
  validate   check catalog files, reporting every problem as file:line: reason

The catalog is the embedded Agora Web SDK table, with any --catalog files
layered over it. Run 'codewatch catalog SUBCOMMAND --help' for each one's
flags. The CSV export is a lookup table for log pipelines (a Vector
enrichment table, a Fluent Bit or Logstash lookup); the README shows how.

Examples:
  codewatch catalog list
  codewatch catalog export --format csv > agora_codes.csv
  codewatch catalog import vendor-codes.md > my-catalog.json
  codewatch catalog validate my-catalog.json
`

const catalogListHelp = `Usage: codewatch catalog list [flags]

Show every code of the catalog (the embedded one, with any --catalog files
layered over it): name, value, kind, severity and description, as a table
or as codewatch's catalog JSON.
`

const catalogExportHelp = `Usage: codewatch catalog export [flags]

Write the catalog (the embedded one, with any --catalog files layered over
it) for other tools:

  json       codewatch's own catalog format: a starting point for a file of
             your own, read back by --catalog
  csv, tsv   a lookup table: a header row, then one row per name and per
             alias ("key"), each giving the canonical name, value, kind,
             severity, how the key is spelt ("by": name or alias),
             description and hint; ready for a Vector enrichment table or
             a Fluent Bit / Logstash lookup. Phrases are not rows: a lookup
             matches a whole field exactly, and a phrase is part of a
             message (codewatch annotate finds them).
  markdown   a section per kind with a table of every code, aliases, phrases
             and hints, for documentation; catalog import reads it back

Examples:
  codewatch catalog export --format csv > agora_codes.csv
  codewatch catalog export --format markdown --catalog mine.json > CODES.md
`

const catalogImportHelp = `Usage: codewatch catalog import [flags] FILE|-

Make a catalog file from a vendor's code table and write it in codewatch's
catalog format (to standard output, or to -o FILE). The table is Markdown
with HTML tables inside (as in Agora's documentation, malformed header cells
included) or Markdown pipe tables, with columns for the code's name, value
and description (found by their headers). Each row's kind comes from the
heading of the section it stands in ("Error Codes", "Warning Codes"); a
value of "/" means none; text whose encoding was broken ("userâ€™s") is
repaired. --overlay files are layered over the table: they may add aliases,
phrases and hints to its codes or change their severity, but not add codes.

The embedded default catalog is made by this command (go generate runs it).
Errors name the file and line: "codes.md:42: ERR_X: value \"x\" is not a
whole number 0..999999999 or \"/\"".

Examples:
  codewatch catalog import vendor-codes.md > my-catalog.json
  codewatch catalog import -o my.json --overlay hints.json --name my-sdk vendor-codes.md
`

const catalogValidateHelp = `Usage: codewatch catalog validate [flags] FILE...

Check catalog files as --catalog would load them, layered over the embedded
catalog (and the --catalog files given here), and report every problem, not
only the first, one per line on standard output as "file:line: reason":
invalid JSON, unknown or mistyped fields, invalid names, aliases and
phrases, empty descriptions, a name, alias or phrase used twice, a value
used twice within one kind, new codes without a kind or description, and
clashes with the catalogs below. Each file is checked on its own.

Exit status: 0 when every file is valid, 1 when a file has problems, 2 when
a file cannot be read (or on a usage error).

Examples:
  codewatch catalog validate my-catalog.json
  codewatch catalog validate --catalog base.json team/*.json
`

// catalogCommands are the subcommands of catalog.
var catalogCommands = map[string]func(e *env, args []string) error{
	"list":     cmdCatalogList,
	"export":   cmdCatalogExport,
	"import":   cmdCatalogImport,
	"validate": cmdCatalogValidate,
}

func cmdCatalog(e *env, args []string) error {
	// The subcommand comes first; for those used to "catalog --catalog F
	// list", it is also found after flags.
	for i, a := range args {
		if run, ok := catalogCommands[a]; ok {
			return run(e, append(append([]string(nil), args[:i]...), args[i+1:]...))
		}
	}
	f := newFlags("catalog", catalogHelp)
	if err := f.parse(e, args); err != nil {
		return err
	}
	if f.NArg() == 0 {
		return f.usage("want a subcommand: list, export, import or validate")
	}
	return f.usage("unknown subcommand %q: want list, export, import or validate", f.Arg(0))
}

func cmdCatalogList(e *env, args []string) error {
	f := newFlags("catalog list", catalogListHelp)
	format := f.String("format", "table", "output `format`: table or json")
	f.catalogFlag()
	f.logFlags()
	if err := f.parse(e, args); err != nil {
		return err
	}
	if *format != "table" && *format != "json" {
		return f.usage("--format %q: want table or json", *format)
	}
	return f.writeCatalog(e, func(out *bufio.Writer, cat *catalog.Catalog, name string) error {
		if *format == "json" {
			return catalog.WriteJSON(out, cat, catalog.Meta{Name: name})
		}
		return listTable(out, cat)
	})
}

func cmdCatalogExport(e *env, args []string) error {
	f := newFlags("catalog export", catalogExportHelp)
	format := f.String("format", "json", "output `format`: json, csv, tsv or markdown")
	f.catalogFlag()
	f.logFlags()
	if err := f.parse(e, args); err != nil {
		return err
	}
	switch *format {
	case "json", "csv", "tsv", "markdown", "md":
	default:
		return f.usage("--format %q: want json, csv, tsv or markdown", *format)
	}
	return f.writeCatalog(e, func(out *bufio.Writer, cat *catalog.Catalog, name string) error {
		switch *format {
		case "json":
			return catalog.WriteJSON(out, cat, catalog.Meta{Name: name})
		case "markdown", "md":
			return catalog.WriteMarkdown(out, cat, catalog.Meta{Name: name})
		}
		return exportTable(out, cat, *format)
	})
}

// writeCatalog loads the catalog and writes it to stdout with write.
func (f *flags) writeCatalog(e *env, write func(*bufio.Writer, *catalog.Catalog, string) error) error {
	if f.NArg() > 0 {
		return f.usage("takes no arguments, got %q", f.Args())
	}
	cat, name, err := f.loadCatalog()
	if err != nil {
		return err
	}
	out := bufio.NewWriter(e.stdout)
	err = write(out, cat, name)
	if err == nil {
		err = out.Flush()
	}
	if err != nil {
		return &writeError{err: err}
	}
	return nil
}

func cmdCatalogImport(e *env, args []string) error {
	f := newFlags("catalog import", catalogImportHelp)
	output := f.StringP("output", "o", "", "write the catalog to `FILE` (replaced only once the import has succeeded) instead of standard output")
	overlays := f.StringArray("overlay", nil, "layer a catalog `FILE` over the table's codes (repeatable)")
	var meta catalog.Meta
	f.StringVar(&meta.Name, "name", "", "the catalog's \"name\" member")
	f.StringVar(&meta.Description, "description", "", "the catalog's \"description\" member")
	f.StringVar(&meta.Source, "source", "", "the catalog's \"source\" member: where the table comes from")
	f.logFlags()
	if err := f.parse(e, args); err != nil {
		return err
	}
	if f.NArg() != 1 {
		return f.usage("want one vendor table FILE (or - for standard input)")
	}
	vendor, err := readSource(e, f.Arg(0))
	if err != nil {
		return err
	}
	var over []catalog.Source
	for _, path := range *overlays {
		s, err := readSource(e, path)
		if err != nil {
			return err
		}
		over = append(over, s)
	}
	cat, err := catalog.Build(vendor, over...)
	if err != nil {
		return err
	}
	write := func(w io.Writer) error { return catalog.WriteJSON(w, cat, meta) }
	if *output != "" {
		err = writeFileAtomic(*output, write)
	} else {
		err = write(e.stdout)
	}
	if err != nil {
		return &writeError{file: *output, err: err}
	}
	return nil
}

// readSource reads a named file, or standard input for "-".
func readSource(e *env, path string) (catalog.Source, error) {
	var r io.Reader = e.stdin
	if path != "-" {
		file, err := os.Open(path)
		if err != nil {
			return catalog.Source{}, fmt.Errorf("%s: %s", path, input.Reason(err))
		}
		defer file.Close()
		r = file
	}
	data, err := io.ReadAll(io.LimitReader(r, catalog.MaxFileSize+1))
	if err != nil {
		return catalog.Source{}, fmt.Errorf("%s: %s", path, input.Reason(err))
	}
	if len(data) > catalog.MaxFileSize {
		return catalog.Source{}, fmt.Errorf("%s: larger than %d MiB, not a catalog or code table", path, catalog.MaxFileSize>>20)
	}
	return catalog.Source{Name: path, Data: data}, nil
}

// writeFileAtomic writes a file through a temporary file beside it, so
// that a failed write leaves the old file as it was (go generate writes
// the embedded catalog this way: a half-written one would not build; a
// full disk does not destroy the last report). A symbolic link is written
// through (its target is replaced), and the file keeps its permissions.
// What is not a regular file (a device, a FIFO), and a file in a
// directory that may not be written in, are written in place, as
// os.Create would.
func writeFileAtomic(path string, write func(io.Writer) error) error {
	if target, err := filepath.EvalSymlinks(path); err == nil {
		path = target
	}
	mode := os.FileMode(0o644)
	if fi, err := os.Stat(path); err == nil {
		if !fi.Mode().IsRegular() {
			return writeFileInPlace(path, write)
		}
		mode = fi.Mode().Perm()
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if errors.Is(err, fs.ErrPermission) {
		return writeFileInPlace(path, write)
	}
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	w := bufio.NewWriter(tmp)
	err = write(w)
	if err == nil {
		err = w.Flush()
	}
	if err == nil {
		err = tmp.Chmod(mode)
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// writeFileInPlace writes a file as os.Create does: truncated first.
func writeFileInPlace(path string, write func(io.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	err = write(w)
	if err == nil {
		err = w.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

func cmdCatalogValidate(e *env, args []string) error {
	f := newFlags("catalog validate", catalogValidateHelp)
	f.catalogFlag()
	f.logFlags()
	if err := f.parse(e, args); err != nil {
		return err
	}
	if f.NArg() == 0 {
		return f.usage("want catalog files to validate")
	}
	base, _, err := f.loadCatalog()
	if err != nil {
		return err
	}
	out := bufio.NewWriter(e.stdout)
	status := exitOK
	for _, path := range f.Args() {
		src, err := readSource(e, path)
		if err != nil {
			e.diag(err)
			status = exitError
			continue
		}
		problems := catalog.Check(base, src.Name, bytes.NewReader(src.Data))
		for _, p := range problems {
			var pe *catalog.PosError
			if !errors.As(p, &pe) {
				e.diag(p)
				status = exitError
				continue
			}
			fmt.Fprintln(out, p)
			if status == exitOK {
				status = exitFound
			}
		}
	}
	if err := out.Flush(); err != nil {
		return &writeError{err: err}
	}
	return worst(status)
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
