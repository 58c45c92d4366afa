package catalog

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// FuzzCheck holds the validator to the loader: a file is accepted by
// Parse and With exactly when Check finds no problem, Parse's error is one
// of Check's, and every problem is positioned inside the file.
func FuzzCheck(f *testing.F) {
	f.Add([]byte("{\n  \"format\": \"codewatch-catalog/1\",\n  \"codes\": [\n    {\n      \"name\": \"ERR_A\",\n      \"value\": 101,\n      \"kind\": \"error\",\n      \"description\": \"The userâ€™s.\",\n      \"aliases\": [\"A\"],\n      \"hint\": \"h\"\n    }\n  ]\n}\n"))
	f.Add([]byte(`{"codes": [{"name": "X", "kind": "error", "value": 5, "description": "d", "aliases": ["Y"], "phrases": ["p q"]}]}`))
	f.Add([]byte("{\"codes\": [\n{\"name\": \"X\", \"kind\": \"error\", \"value\": 5, \"description\": \"d\"},\n{\"name\": \"Y\", \"kind\": \"error\", \"value\": 5, \"description\": \"d\", \"aliases\": [\"X\"]}]}"))
	f.Add([]byte(`{"format": "codewatch-catalog/1", "codes": [{"name": "A", "hint": null, "value": null, "kind": "warn", "description": "x", "phrases": ["x", "X"]}], "x": 1}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		lines := bytes.Count(data, []byte{'\n'}) + 1
		problems := Check(nil, "f.json", bytes.NewReader(data))
		for _, p := range problems {
			var pe *PosError
			if !errors.As(p, &pe) || pe.Pos.File != "f.json" || pe.Pos.Line < 1 || pe.Pos.Line > lines {
				t.Fatalf("problem %q is not positioned in the file (%d lines)", p, lines)
			}
		}
		entries, err := Parse("f.json", data)
		if err == nil {
			_, err = (&Catalog{}).With(entries)
		}
		switch {
		case err == nil && len(problems) > 0:
			t.Fatalf("loaded, but Check finds %q", problems)
		case err != nil && len(problems) == 0:
			t.Fatalf("refused with %q, but Check finds nothing", err)
		case err != nil:
			for _, p := range problems {
				if p.Error() == err.Error() {
					return
				}
			}
			t.Fatalf("refused with %q, which Check does not report: %q", err, problems)
		}
	})
}

// FuzzImport holds the vendor-table importer (catalog import) to its
// promises on any bytes, Markdown or TSV: it never panics; it returns rows
// or an error, never both; every row is positioned inside the file, and
// every row that is a code (not left out, not an alias row) is a valid one
// (a name, a kind, a value in range, a description: one that may be empty
// only in a TSV table, where Build gives a fallback); the catalog Build
// makes of the file is written by WriteJSON as a file that Parse loads back
// to the same codes (and that writes the same bytes again); and the
// Markdown export of those codes imports back to the same codes.
func FuzzImport(f *testing.F) {
	for _, name := range []string{"data/agora-web-2.x.vendor.md", "data/vendor/web4x-connection.tsv", "data/vendor/native3x-connection.tsv"} {
		vendor, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(vendor)
	}
	var md bytes.Buffer
	if err := WriteMarkdown(&md, Default(), Meta{Name: "agora"}); err != nil {
		f.Fatal(err)
	}
	f.Add(md.Bytes())
	for _, s := range []string{
		"## Error Codes\n\n| Code | Value | Description |\n|---|---|---|\n| `ERR_A` | 7 | First \\| error |\n| ERR_B | / | Second |\n\n## Warning Codes\n\n| Warn Code | Value | Description |\n| --- | --- | --- |\n| WARN_C | 301 | A warning |\n",
		"<h2>Warning Codes</h2>\n<table><tr><th>Name</th><th>No.</th><th>Meaning</th></tr>\n<tr><td>W_X</td><td>12</td><td>userâ€™s <b>bold</b> &amp; &lt;script&gt;</td></tr></table>\n",
		"## Error Codes\n<table><tr><td>A\n</td><td>1</td><td>multi\nline</td>\n</tr>\n",
		"| ERR_A | 1 | outside a section |\n",
		"## Error Codes\n| ERR_A | 99999999999 | too big |\n",
		"name\tvalue\tkind\tdescription\nERR_OK\t0\terror\tok\nERR_A\t1\terror\t\nERR_B\t1\terror\tSame value.\nERR_A\t\tdisconnected_reason\tAgain.\nS\t2\tunilbs_code\treason string \"no way\" (retry=true)\nX\t3\tconnection_state\tup\n",
		"table\tname\tvalue\tkind\tdescription\nT1\tE_A\t1\terror\ta\nT2\tE_B\t1\terror\tb\nT2\tR\t-5\tserver_code\tc\n",
		"value\tkind\tcpp\tts\tios\n1\terror\tERR_A\tErrA\tAgoraErrorCodeA\n2\terror\t\t\tAgoraOnly\n",
		"name\tvalue\tkind\tdescription\nERR_A\t1\terror\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		lines := bytes.Count(data, []byte{'\n'}) + 1
		rows, err := Import("v.md", bytes.NewReader(data))
		if err != nil {
			if rows != nil {
				t.Fatalf("error %v, and %d rows", err, len(rows))
			}
			var pe *PosError
			if errors.As(err, &pe) && (pe.Pos.File != "v.md" || pe.Pos.Line < 0 || pe.Pos.Line > lines) {
				t.Fatalf("error %q is not positioned in the file (%d lines)", err, lines)
			}
			return
		}
		for i, r := range rows {
			if r.Pos.File != "v.md" || r.Pos.Line < 1 || r.Pos.Line > lines {
				t.Fatalf("row %d at %s, outside the file (%d lines)", i, r.Pos, lines)
			}
			if r.Left != "" || r.Of != nil {
				continue // left out, or an alias row: no code
			}
			c := r.Code
			if c.Description == "" && r.Vendor != "" {
				c.Description = "a TSV row without a description"
			}
			if err := c.Validate(); err != nil {
				t.Fatalf("row %d (%s): an invalid code: %v", i, r.Pos, err)
			}
		}
		cat, err := Build([]Source{{"v.md", data}}, nil, BuildOptions{Name: "Fuzz SDK"})
		if err != nil {
			var pe *PosError
			if errors.As(err, &pe) && (pe.Pos.File != "v.md" || pe.Pos.Line < 0 || pe.Pos.Line > lines) {
				t.Fatalf("Build: error %q is not positioned in the file (%d lines)", err, lines)
			}
			return // two rows with one name or value, an alias of no code: refused
		}

		// The catalog file written loads back to the same codes.
		var js bytes.Buffer
		if err := WriteJSON(&js, cat, Meta{Name: "imported"}); err != nil {
			t.Fatal(err)
		}
		back, err := Parse("out.json", js.Bytes())
		if err != nil {
			t.Fatalf("WriteJSON wrote a file that Parse refuses: %v\n%s", err, js.Bytes())
		}
		cat2, err := (&Catalog{}).With(back)
		if err != nil {
			t.Fatalf("WriteJSON wrote a file that does not load: %v\n%s", err, js.Bytes())
		}
		if diff := cmp.Diff(importedCodes(cat.Codes), importedCodes(cat2.Codes)); diff != "" {
			t.Fatalf("written and loaded back (-imported +loaded):\n%s", diff)
		}
		var js2 bytes.Buffer
		WriteJSON(&js2, cat2, Meta{Name: "imported"})
		if !bytes.Equal(js.Bytes(), js2.Bytes()) {
			t.Fatalf("loaded back, writes other bytes:\n%s", cmp.Diff(js.String(), js2.String()))
		}

		// The Markdown export imports back to the same codes (where the
		// text holds nothing that repairing encodings would change again).
		for _, c := range cat.Codes {
			if RepairText(c.Description) != c.Description {
				return
			}
		}
		var md bytes.Buffer
		if err := WriteMarkdown(&md, cat, Meta{}); err != nil {
			t.Fatal(err)
		}
		again, err := Import("export.md", &md)
		if err != nil {
			t.Fatalf("the Markdown export does not import: %v\n%s", err, md.String())
		}
		var got []Code
		for _, r := range again {
			got = append(got, r.Code)
		}
		want := append([]Code(nil), cat.Codes...)
		slices.SortStableFunc(want, func(a, b Code) int { return int(a.Kind) - int(b.Kind) }) // exported by kind
		if diff := cmp.Diff(importedCodes(want), importedCodes(got)); diff != "" {
			t.Fatalf("exported as Markdown and imported again (-exported +imported):\n%s", diff)
		}
	})
}

// importedCodes is what Import gives of codes: name, value, kind and
// description.
func importedCodes(codes []Code) []string {
	var out []string
	for _, c := range codes {
		out = append(out, fmt.Sprintf("%s %s %s %q", c.Name, c.ValueString(), c.Kind, c.Description))
	}
	return out
}
