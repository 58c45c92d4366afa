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
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/codewatch/codewatch/internal/catalog"
	"github.com/codewatch/codewatch/internal/input"
	"github.com/codewatch/codewatch/internal/visible"
)

const catalogHelp = `Usage: codewatch catalog list|export|import|validate [flags] [args]

  list       show every code of the catalogs: SDK, name, value, kind, severity, description
  export     write the catalogs for other tools: json, csv, tsv or markdown
  import     make a catalog file from vendors' code tables (Markdown, HTML, TSV)
  validate   check catalog files, reporting every problem as file:line: reason

The catalogs are the six built-in ones, one per Agora SDK (web-2.x,
web-4.x, native-4.x, native-3.x, rtm-2.x, rtm-1.x): all of them, or those
--sdk (or $CODEWATCH_SDK) names. A --catalog file layers over the catalog
of its "id" (agora-web-2.x when it has none), or is a catalog of an id of
its own. With --sdk web-2.x alone, list and export write what they wrote
before codewatch knew every SDK. Run 'codewatch catalog SUBCOMMAND --help'
for each one's flags. The CSV export is a lookup table for log pipelines
(a Vector enrichment table, a Fluent Bit or Logstash lookup); the README
shows how.

Examples:
  codewatch catalog list
  codewatch catalog list --sdk native-4.x
  codewatch catalog export --format csv > agora_codes.csv
  codewatch catalog import vendor-codes.md > my-catalog.json
  codewatch catalog validate my-catalog.json
`

const catalogListHelp = `Usage: codewatch catalog list [flags]

Show every code of the catalogs (every built-in SDK's, or those --sdk
names, with the --catalog files layered over them by id): a table of each
code's SDK, name, value, kind, table (the vendor's enum, "-" for the main
ones: RTM 1.x gives a value to a code of each operation), severity and
description, or codewatch's catalog JSON as export writes it. With --sdk
web-2.x alone, the table is as it was: name, value, kind, severity and
description.

On a terminal the table fits its width (COLUMNS overrides it) and its
severities are coloured (--color; NO_COLOR is honoured). When the full
table is too wide, names are cut to 32 cells and descriptions with … to
the room left; while that is under 20 cells, TABLE, then KIND, then VALUE
are dropped, and then DESCRIPTION. Piped, the full table.

Examples:
  codewatch catalog list
  codewatch catalog list --sdk rtm-2.x,rtm-1.x
  codewatch catalog list --sdk my-sdk --catalog my-sdk.json
  codewatch catalog list --sdk web-2.x --format json
`

const catalogExportHelp = `Usage: codewatch catalog export [flags]

Write the catalogs (every built-in SDK's, or those --sdk names, with the
--catalog files layered over them by id) for other tools:

  json       codewatch's own catalog format: a starting point for a file of
             your own, read back by --catalog. One catalog is one file,
             with its "id" (but for --sdk web-2.x alone, written as it
             always was), so that it layers back over that catalog;
             several are a JSON array of such files (jq '.[1]' takes one).
  csv, tsv   a lookup table: a header row, then one row per name and per
             alias ("key"), each giving the canonical name, value, kind,
             severity, how the key is spelt ("by": name or alias),
             description and hint; ready for a Vector enrichment table or
             a Fluent Bit / Logstash lookup. Over several catalogs each row
             starts with its catalog's id (a "catalog" column): a key is
             unique within a catalog only. Phrases are not rows: a lookup
             matches a whole field exactly, and a phrase is part of a
             message (codewatch annotate finds them).
  markdown   a section per kind with a table of every code, aliases, phrases
             and hints, for documentation; catalog import reads one back.
             Over several catalogs, a "# ID" section for each.

Examples:
  codewatch catalog export > every-sdk.json
  codewatch catalog export --sdk native-4.x > native-4.x.json
  codewatch catalog export --format csv > agora_codes.csv
  codewatch catalog export --format csv --sdk web-2.x > web-2.x_codes.csv
  codewatch catalog export --format markdown --catalog mine.json > CODES.md
`

const catalogImportHelp = `Usage: codewatch catalog import [flags] FILE|-...

Make a catalog file from vendors' code tables, read in order, and write it
in codewatch's catalog format (to standard output, or to -o FILE). A table
is one of:

  Markdown   HTML tables inside Markdown (as in Agora's documentation,
             malformed header cells included) or Markdown pipe tables, with
             columns for the code's name, value and description (found by
             their headers). Each row's kind comes from the heading of the
             section it stands in ("Error Codes", "Warning Codes", "Reason
             Codes"); a value of "/" means none; text whose encoding was
             broken ("userâ€™s") is repaired.
  TSV        a vendor table of tab-separated cells under a header row: a
             code table ("name value kind description", maybe after
             "table"), or an alias table ("cpp", "value" and one column per
             platform's spelling) whose spellings become aliases of the
             code the cpp column names. The vendor's kinds map to error,
             warning and reason; connection states and success values
             (ERR_OK = 0) are left out, as they are never codes.

Rows that give one name make one code; a code the vendor gives no
description gets one that says so. --overlay files are layered over the
tables: they may add aliases, phrases, hints, same_as and sdk_only to
their codes, change their severity, and say how the catalog's numbers are
read ("values"), but not add codes. internal/catalog/data/README.md has
every rule.

The embedded catalogs are made by this command (go generate runs it).
Errors name the file and line: "codes.md:42: ERR_X: value \"x\" is not a
whole number -999999999..999999999 or \"/\"".

Examples:
  codewatch catalog import vendor-codes.md > my-catalog.json
  codewatch catalog import -o my.json --overlay hints.json --name my-sdk vendor-codes.md
  codewatch catalog import --id agora-native-3.x --rows sdk=3.x native3x.tsv native-java-aliases.tsv
`

const catalogValidateHelp = `Usage: codewatch catalog validate [flags] FILE...

Check catalog files as --catalog would load them, each layered over the
catalog of its "id": a built-in one (agora-web-2.x for a file with none),
or a new, empty one for an id of its own; with the --catalog files of that
id given here below it. Report every problem, not only the first, one per
line on standard output as "file:line: reason": invalid JSON, unknown or
mistyped fields, invalid names, aliases and phrases, empty descriptions, a
name, alias or phrase used twice, a value used twice within one kind, new
codes without a kind or description, and clashes with the catalogs below.
Each file is checked on its own.

Exit status: 0 when every file is valid, 1 when a file has problems, 2 when
a file cannot be read (or on a usage error).

Examples:
  codewatch catalog validate my-catalog.json
  codewatch catalog validate internal/catalog/data/agora-web-4.x.json
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
	return f.usage("unknown subcommand %q%s: want list, export, import or validate", f.Arg(0),
		didYouMean(f.Arg(0), []string{"list", "export", "import", "validate"}, "%s"))
}

func cmdCatalogList(e *env, args []string) error {
	f := newFlags("catalog list", catalogListHelp)
	format := f.String("format", "table", "output `format`: table or json")
	colorMode := f.String("color", "auto", "colour the severities: auto (on a terminal), always or never (NO_COLOR is honoured)")
	f.catalogFlag()
	f.logFlags()
	if err := f.parse(e, args); err != nil {
		return err
	}
	if *format != "table" && *format != "json" {
		return f.usage("--format %q: want table or json", *format)
	}
	color, err := e.colorOn(*colorMode)
	if err != nil {
		return f.usage("%s", err)
	}
	width := e.width()
	return f.writeCatalogs(e, func(out *bufio.Writer, cats *catalogs) error {
		switch {
		case *format == "json":
			return exportJSON(out, cats)
		case width > 0 || color:
			t := listRows(cats)
			writeGrid(out, t.fit(width), t.sev, width, color)
			return nil
		case cats.named() == nil:
			return listTable(out, cats.set.At(0))
		}
		return listTableSDK(out, cats.set)
	})
}

// listRows is the table of catalog list for a terminal: the columns of
// listTable (or listTableSDK), TABLE, KIND and VALUE dropped in that
// order to fit, then DESCRIPTION; descriptions cut with "…".
func listRows(cats *catalogs) *fitTable {
	named := cats.named() != nil
	head := []string{"NAME", "VALUE", "KIND", "SEVERITY", "DESCRIPTION"}
	if named {
		head = []string{"SDK", "NAME", "VALUE", "KIND", "TABLE", "SEVERITY", "DESCRIPTION"}
	}
	rows := [][]string{head}
	for _, cat := range cats.set.Catalogs() {
		for i := range cat.Codes {
			c := &cat.Codes[i]
			v, t := "-", "-"
			if c.HasValue {
				v = fmt.Sprint(c.Value)
			}
			if c.Table != "" {
				t = c.Table
			}
			row := []string{c.Name, v, c.Kind.String(), c.Severity.String(), visible.String(c.Description)}
			if named {
				row = []string{catalog.ShortID(cat.ID), c.Name, v, c.Kind.String(), t, c.Severity.String(), visible.String(c.Description)}
			}
			rows = append(rows, row)
		}
	}
	return &fitTable{rows: rows, drops: []string{"TABLE", "KIND", "VALUE"}, desc: "DESCRIPTION", name: "NAME", sev: "SEVERITY"}
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
	return f.writeCatalogs(e, func(out *bufio.Writer, cats *catalogs) error {
		switch *format {
		case "json":
			return exportJSON(out, cats)
		case "markdown", "md":
			// Each section ends with a blank line: the next follows.
			for i, cat := range cats.set.Catalogs() {
				if err := catalog.WriteMarkdown(out, cat, catalog.Meta{Name: cats.names[i]}); err != nil {
					return err
				}
			}
			return nil
		}
		return exportTable(out, cats.set, *format)
	})
}

// writeCatalogs loads the catalogs and writes them to stdout with write.
func (f *flags) writeCatalogs(e *env, write func(*bufio.Writer, *catalogs) error) error {
	if f.NArg() > 0 {
		return f.usage("takes no arguments, got %q", f.Args())
	}
	cats, err := f.loadCatalogs(e)
	if err != nil {
		return err
	}
	out := bufio.NewWriter(e.stdout)
	err = write(out, cats)
	if err == nil {
		err = out.Flush()
	}
	if err != nil {
		return &writeError{err: err}
	}
	return nil
}

// exportJSON writes the catalogs in codewatch's catalog format: one
// catalog as one file (with its id, but for the legacy one, which is
// written as it always was), several as a JSON array of such files.
func exportJSON(out *bufio.Writer, cats *catalogs) error {
	if cats.named() == nil {
		return catalog.WriteJSON(out, cats.set.At(0), catalog.Meta{Name: cats.name})
	}
	if cats.set.Len() == 1 {
		return catalog.WriteJSON(out, cats.set.At(0), catalog.Meta{ID: cats.set.At(0).ID, Name: cats.names[0]})
	}
	out.WriteString("[\n")
	var b bytes.Buffer
	for i, cat := range cats.set.Catalogs() {
		b.Reset()
		if err := catalog.WriteJSON(&b, cat, catalog.Meta{ID: cat.ID, Name: cats.names[i]}); err != nil {
			return err
		}
		if i > 0 {
			out.WriteString(",\n")
		}
		out.Write(bytes.TrimSuffix(b.Bytes(), []byte("\n")))
	}
	_, err := out.WriteString("\n]\n")
	return err
}

func cmdCatalogImport(e *env, args []string) error {
	f := newFlags("catalog import", catalogImportHelp)
	output := f.StringP("output", "o", "", "write the catalog to `FILE` (replaced only once the import has succeeded) instead of standard output")
	overlays := f.StringArray("overlay", nil, "layer a catalog `FILE` over the tables' codes (repeatable)")
	var meta catalog.Meta
	var opt catalog.BuildOptions
	f.StringVar(&meta.ID, "id", "", "the catalog's \"id\" (agora-web-4.x); an overlay's id must agree")
	f.StringVar(&meta.Name, "name", "", "the catalog's \"name\" member, also used in the description of codes the vendor gives none")
	f.StringVar(&meta.Description, "description", "", "the catalog's \"description\" member")
	f.StringVar(&meta.Source, "source", "", "the catalog's \"source\" member: where the tables come from")
	f.StringArrayVar(&opt.Rows, "rows", nil, "read only the rows of a TSV table whose `COLUMN=VALUE` holds (repeatable; tables without the column are read whole)")
	f.logFlags()
	if err := f.parse(e, args); err != nil {
		return err
	}
	if f.NArg() == 0 {
		return f.usage("want one vendor table FILE or more (or - for standard input)")
	}
	if meta.ID != "" {
		if err := catalog.CheckID(meta.ID); err != nil {
			return f.usage("--id %q %v", meta.ID, err)
		}
	}
	var vendors []catalog.Source
	for _, path := range f.Args() {
		s, err := readSource(e, path)
		if err != nil {
			return err
		}
		vendors = append(vendors, s)
	}
	var over []catalog.Source
	for _, path := range *overlays {
		s, err := readSource(e, path)
		if err != nil {
			return err
		}
		over = append(over, s)
	}
	opt.ID, opt.Name = meta.ID, meta.Name
	cat, err := catalog.Build(vendors, over, opt)
	if err != nil {
		return err
	}
	meta.ID = cat.ID
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
	f.catalogFileFlag()
	f.logFlags()
	if err := f.parse(e, args); err != nil {
		return err
	}
	if f.NArg() == 0 {
		return f.usage("want catalog files to validate")
	}
	base, err := f.validateBase()
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
		problems := catalog.CheckOver(base, src.Name, bytes.NewReader(src.Data))
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

// validateBase returns the catalog a checked file layers over, by the
// file's id, as --catalog would layer it: the built-in catalog of that id
// (agora-web-2.x for a file with none; a new, empty one for an id of its
// own), with the --catalog files of that id over it. Those files are read
// and layered first, so that a bad one is refused before any check.
func (f *flags) validateBase() (func(id string) *catalog.Catalog, error) {
	files, err := f.catalogFiles()
	if err != nil {
		return nil, err
	}
	bases := map[string]*catalog.Catalog{}
	for _, fl := range files {
		if bases[fl.ID] == nil {
			if bases[fl.ID], _, err = f.layered(fl.ID, files); err != nil {
				return nil, err
			}
		}
	}
	return func(id string) *catalog.Catalog {
		if id == "" {
			id = catalog.DefaultName
		}
		if full, ok := catalog.BuiltinID(id); ok {
			id = full
		}
		if c := bases[id]; c != nil {
			return c
		}
		c, _, _ := f.layered(id, nil) // no files: it cannot fail
		return c
	}, nil
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

// listTableSDK is listTable for catalogs shown by name: each code's SDK
// first, and the table it stands in ("-" for the main ones), as RTM 1.x
// gives one value to a code of each operation.
func listTableSDK(out *bufio.Writer, set *catalog.Set) error {
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "SDK\tNAME\tVALUE\tKIND\tTABLE\tSEVERITY\tDESCRIPTION")
	for _, cat := range set.Catalogs() {
		for i := range cat.Codes {
			c := &cat.Codes[i]
			v, t := "-", "-"
			if c.HasValue {
				v = fmt.Sprint(c.Value)
			}
			if c.Table != "" {
				t = c.Table
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", catalog.ShortID(cat.ID), c.Name, v, c.Kind, t, c.Severity, c.Description)
		}
	}
	return tw.Flush()
}

// exportTable writes the lookup table: one row per name and alias. Over
// several catalogs each row starts with its catalog's id, as a key is
// unique within a catalog only.
func exportTable(out *bufio.Writer, set *catalog.Set, format string) error {
	clean := func(s string) string { return s }
	if format == "tsv" {
		// TSV has no quoting: tabs and line breaks in text become spaces.
		clean = func(s string) string { return strings.NewReplacer("\t", " ", "\n", " ", "\r", " ").Replace(s) }
	}
	var id []string
	if set.Len() > 1 {
		id = []string{"catalog"}
	}
	rows := [][]string{append(id, "key", "name", "value", "kind", "severity", "by", "description", "hint")}
	for _, cat := range set.Catalogs() {
		if set.Len() > 1 {
			id = []string{cat.ID}
		}
		for i := range cat.Codes {
			c := &cat.Codes[i]
			for k, key := range append([]string{c.Name}, c.Aliases...) {
				by := "name"
				if k > 0 {
					by = "alias"
				}
				rows = append(rows, append(slices.Clip(id), key, c.Name, c.ValueString(), c.Kind.String(), c.Severity.String(), by, clean(c.Description), clean(c.Hint)))
			}
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
	w := csv.NewWriter(out)
	if err := w.WriteAll(rows); err != nil {
		return err
	}
	return w.Error()
}
