package catalog

import (
	"bytes"
	"errors"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// ignoreHome compares codes by their content, not by the catalog that
// holds them.
var ignoreHome = cmpopts.IgnoreUnexported(Code{})

// TestDefaultMatchesVendorTable holds the embedded catalog against the
// vendor's table, row by row: parsed here with a plain regexp, not the
// importer, so that the two can never drift apart unnoticed.
func TestDefaultMatchesVendorTable(t *testing.T) {
	data, err := os.ReadFile("data/agora-web-2.x.vendor.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	warnAt := strings.Index(text, "## Warning Codes")
	if warnAt < 0 {
		t.Fatal("no warning section in the vendor table")
	}
	row := regexp.MustCompile(`(?s)<tr><td>([^<]*)</td>\s*<td>([^<]*)</td>\s*<td>([^<]*)</td>`)
	type vrow struct{ name, value, kind, desc string }
	var rows []vrow
	for _, m := range row.FindAllStringSubmatchIndex(text, -1) {
		kind := "error"
		if m[0] > warnAt {
			kind = "warning"
		}
		rows = append(rows, vrow{text[m[2]:m[3]], text[m[4]:m[5]], kind, text[m[6]:m[7]]})
	}
	if len(rows) != 51 {
		t.Fatalf("vendor table has %d rows, want 51", len(rows))
	}
	cat := Default()
	if cat.Len() != len(rows) {
		t.Fatalf("default catalog has %d codes, vendor table %d", cat.Len(), len(rows))
	}
	errs, warns := 0, 0
	for i, r := range rows {
		c := &cat.Codes[i]
		if c.Name != r.name {
			t.Errorf("row %d: name %q, vendor %q", i+1, c.Name, r.name)
		}
		if got := c.ValueString(); got != r.value && !(r.value == "/" && got == "") {
			t.Errorf("%s: value %q, vendor %q", r.name, got, r.value)
		}
		if c.Kind.String() != r.kind {
			t.Errorf("%s: kind %s, vendor %s", r.name, c.Kind, r.kind)
		}
		if c.Severity != SeverityOf(c.Kind) {
			t.Errorf("%s: severity %s, want the kind's", r.name, c.Severity)
		}
		// The description is the vendor's, with the broken encoding fixed.
		want := strings.ReplaceAll(r.desc, "â€™", "'")
		if c.Description != want {
			t.Errorf("%s: description %q, vendor %q", r.name, c.Description, want)
		}
		if c.Hint == "" {
			t.Errorf("%s: no hint", r.name)
		}
		if c.Kind == Error {
			errs++
		} else {
			warns++
		}
	}
	if errs != 45 || warns != 6 {
		t.Errorf("%d errors and %d warnings, want 45 and 6", errs, warns)
	}
}

// TestDefaultAliases: exactly the aliases of SPEC §1, no more.
func TestDefaultAliases(t *testing.T) {
	want := map[string][]string{
		"ERR_INVALID_VENDOR_KEY":       {"INVALID_VENDOR_KEY"},
		"ERR_INVALID_CHANNEL_NAME":     {"INVALID_CHANNEL_NAME"},
		"ERR_DYNAMIC_KEY_TIMEOUT":      {"DYNAMIC_KEY_TIMEOUT"},
		"ERR_NO_AUTHORIZED":            {"NO_AUTHORIZED", "ERR_INVALID_DYNAMIC_KEY", "INVALID_DYNAMIC_KEY"},
		"ERR_NO_ACTIVE_STATUS":         {"NO_ACTIVE_STATUS"},
		"ERR_INVALID_UID":              {"INVALID_UID"},
		"ERR_DYNAMIC_KEY_EXPIRED":      {"DYNAMIC_KEY_EXPIRED"},
		"ERR_STATIC_USE_DYNAMIC_KEY":   {"STATIC_USE_DYNAMIC_KEY", "ERR_STATIC_USE_DYANMIC_KE"},
		"ERR_DYNAMIC_USE_STATIC_KEY":   {"DYNAMIC_USE_STATIC_KEY", "ERR_DYNAMIC_USE_STATIC_KE"},
		"ERR_JOIN_CHANNEL_TIMEOUT":     {"JOIN_CHANNEL_TIMEOUT"},
		"WARN_NO_AVAILABLE_CHANNEL":    {"NO_AVAILABLE_CHANNEL"},
		"WARN_LOOKUP_CHANNEL_TIMEOUT":  {"LOOKUP_CHANNEL_TIMEOUT"},
		"WARN_LOOKUP_CHANNEL_REJECTED": {"LOOKUP_CHANNEL_REJECTED"},
		"WARN_OPEN_CHANNEL_TIMEOUT":    {"OPEN_CHANNEL_TIMEOUT"},
		"WARN_OPEN_CHANNEL_REJECTED":   {"OPEN_CHANNEL_REJECTED"},
		"WARN_REQUEST_DEFERRED":        {"REQUEST_DEFERRED"},
	}
	got := map[string][]string{}
	n := 0
	for _, c := range Default().Codes {
		if len(c.Aliases) > 0 {
			got[c.Name] = c.Aliases
			n += len(c.Aliases)
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("aliases (-want +got):\n%s", diff)
	}
	if n != 20 {
		t.Errorf("%d aliases, want 20", n)
	}
	for _, not := range []string{"FAILED", "TIMESTAMP_EXPIRED", "err_failed"} {
		if _, _, ok := Default().Lookup(not); ok {
			t.Errorf("%s must not be a name or alias", not)
		}
	}
}

// TestDefaultPhrases: exactly the eight fixed phrases with which Web SDK
// 4.x reports server conditions inside CAN_NOT_GET_GATEWAY_SERVER errors
// (FORMATS.md §3), each on the code of the same condition.
func TestDefaultPhrases(t *testing.T) {
	want := map[string][]string{
		"ERR_INVALID_VENDOR_KEY":     {"invalid vendor key, can not find appid"},
		"ERR_NO_AUTHORIZED":          {"invalid token, authorized failed"},
		"ERR_DYNAMIC_KEY_TIMEOUT":    {"dynamic key or token timeout"},
		"ERR_NO_ACTIVE_STATUS":       {"no active status"},
		"ERR_DYNAMIC_KEY_EXPIRED":    {"dynamic key expired"},
		"ERR_STATIC_USE_DYNAMIC_KEY": {"static use dynamic key"},
		"ERR_DYNAMIC_USE_STATIC_KEY": {"dynamic use static key"},
		"ERR_INVALID_CHANNEL_NAME":   {"invalid channel name"},
	}
	got := map[string][]string{}
	for _, c := range Default().Codes {
		if len(c.Phrases) > 0 {
			got[c.Name] = c.Phrases
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("phrases (-want +got):\n%s", diff)
	}
}

// TestDefaultIsGenerated fails when data/default.json does not hold what
// Build makes of the vendor table and the overlay now (byte for byte, the
// file is held to "codewatch catalog import" by cmd/codewatch's
// TestGenerate).
func TestDefaultIsGenerated(t *testing.T) {
	var srcs []Source
	for _, name := range []string{"data/agora-web-2.x.vendor.md", "data/overlay.json"} {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		srcs = append(srcs, Source{name, data})
	}
	cat, err := Build(srcs[:1], srcs[1:], BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(cat.Codes, Default().Codes, ignoreHome); diff != "" {
		t.Errorf("data/default.json is stale: run go generate ./internal/catalog (-built +embedded):\n%s", diff)
	}
}

func TestBuildErrors(t *testing.T) {
	vendor := Source{"v.md", []byte("## Error Codes\n\n| Code | Value | Description |\n|---|---|---|\n| ERR_A | 7 | First |\n| ERR_B | 7 | Second |\n")}
	if _, err := Build([]Source{vendor}, nil, BuildOptions{}); err == nil || err.Error() != "v.md:6: ERR_B: error value 7 is already used by ERR_A" {
		t.Errorf("duplicate value in the table: %v", err)
	}
	vendor.Data = vendor.Data[:bytes.LastIndex(vendor.Data, []byte("| ERR_B"))]
	over := Source{"o.json", []byte("{\"codes\": [\n{\"name\": \"ERR_A\", \"hint\": \"h\"},\n{\"name\": \"ERR_Z\", \"kind\": \"error\", \"description\": \"typo\"}]}")}
	if _, err := Build([]Source{vendor}, []Source{over}, BuildOptions{}); err == nil || err.Error() != "o.json:3: ERR_Z: the overlay names a code that v.md does not have" {
		t.Errorf("overlay adding a code: %v", err)
	}
	over.Data = []byte(`{"codes": [{"name": "ERR_A", "hint": "h", "phrases": ["first thing failed"]}]}`)
	cat, err := Build([]Source{vendor}, []Source{over}, BuildOptions{})
	if err != nil || cat.Codes[0].Hint != "h" || cat.Codes[0].Phrases[0] != "first thing failed" {
		t.Errorf("overlay: %v %+v", err, cat)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, data, want string
	}{
		{"not json", "hello", "c.json:1: invalid JSON: invalid character 'h' looking for beginning of value"},
		{"not an object", "[1]", "c.json:1: a catalog file must be a JSON object"},
		{"no codes", `{"name": "x"}`, `c.json:1: no "codes" array`},
		{"unknown member", "{\n \"codez\": []}", `c.json:2: unknown member "codez" (want format, id, name, description, source, values, codes)`},
		{"bad format", `{"format": "codewatch-catalog/9", "codes": []}`, `c.json:1: unsupported format "codewatch-catalog/9" (this codewatch reads "codewatch-catalog/1")`},
		{"syntax error line", "{\"codes\": [\n{\"name\": \"A_B\",\n \"kind\": \"error\" \"x\"}]}", "c.json:3: invalid JSON: invalid character '\"' after object key:value pair"},
		// The decoder counts offsets from where an entry began; the line
		// must not.
		{"syntax error in a later entry", "{\"codes\": [\n{\"name\": \"X\", \"kind\": \"error\", \"description\": \"d\"},\n\n{\"name\": \"Y\",\n\n \"kind\": 1 2}]}", "c.json:6: invalid JSON: invalid character '2' after object key:value pair"},
		{"missing name", "{\"codes\": [\n\n  {\"kind\": \"error\"}]}", `c.json:3: code without a "name"`},
		{"bad name", `{"codes": [{"name": "A B", "kind": "error", "description": "d"}]}`, `c.json:1: name "A B" must be 1 to 64 letters, digits and underscores (words of them may be joined by dots)`},
		{"bad kind", "{\"codes\": [\n{\"name\": \"X\", \"kind\": \"fatal\", \"description\": \"d\"}]}", `c.json:2: X: unknown kind "fatal" (want error, warning or reason)`},
		{"bad severity", `{"codes": [{"name": "X", "kind": "error", "severity": "huge", "description": "d"}]}`, `c.json:1: X: unknown severity "huge" (want info, warning, error or critical)`},
		{"bad value", `{"codes": [{"name": "X", "kind": "error", "value": 1.5, "description": "d"}]}`, `c.json:1: X: "value" must be a whole number -999999999..999999999 or null, not 1.5`},
		{"string value", `{"codes": [{"name": "X", "kind": "error", "value": "101", "description": "d"}]}`, `c.json:1: X: "value" must be a whole number or null, not "101"`},
		{"empty description", `{"codes": [{"name": "X", "kind": "error", "description": " "}]}`, `c.json:1: X: empty "description"`},
		{"unknown field", "{\"codes\": [\n{\"name\": \"X\", \"kind\": \"error\", \"descripton\": \"d\"}]}", `c.json:2: unknown field "descripton"`},
		// Text is shown as it is: a line break would split annotate's
		// lines, an escape sequence would drive the terminal.
		{"line break in a description", `{"codes": [{"name": "X", "kind": "error", "description": "one\ntwo"}]}`, `c.json:1: X: "description" holds the control character U+000A (text is one line, shown as it is)`},
		{"escape in a hint", "{\"codes\": [\n{\"name\": \"X\", \"kind\": \"error\", \"description\": \"d\",\n \"hint\": \"\\u001b]0;pwned\\u0007\"}]}", `c.json:3: X: "hint" holds the control character U+001B (text is one line, shown as it is)`},
		{"bidi override", `{"codes": [{"name": "X", "kind": "error", "description": "\u202edesrever"}]}`, `c.json:1: X: "description" holds the bidirectional override U+202E (text is shown as it is)`},
		{"duplicate name", "{\"codes\": [\n{\"name\": \"X\", \"kind\": \"error\", \"description\": \"d\"},\n{\"name\": \"X\", \"kind\": \"error\", \"description\": \"d\"}]}", `c.json:3: duplicate name "X" (also at line 2)`},
		{"alias is a name", "{\"codes\": [\n{\"name\": \"X\", \"kind\": \"error\", \"description\": \"d\"},\n{\"name\": \"Y\", \"kind\": \"error\", \"description\": \"d\", \"aliases\": [\"X\"]}]}", `c.json:3: Y: alias "X" is already the name of the code at line 2`},
		{"duplicate value", "{\"codes\": [\n{\"name\": \"X\", \"kind\": \"error\", \"value\": 5, \"description\": \"d\"},\n\n{\"name\": \"Y\", \"kind\": \"error\", \"value\": 5, \"description\": \"d\"}]}", `c.json:4: error value 5 of Y is already used by X at line 2`},
		{"bad phrase", `{"codes": [{"name": "X", "kind": "error", "description": "d", "phrases": [" x"]}]}`, `c.json:1: X: phrase " x" must start and end with a letter or digit`},
		{"trailing data", `{"codes": []} {}`, `c.json:1: data after the end of the catalog object`},
		{"truncated", "{\"codes\": [\n{\"name\": \"X\"", `c.json:2: unexpected end of file`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("c.json", []byte(tt.data))
			if err == nil {
				t.Fatalf("no error, want %q", tt.want)
			}
			if err.Error() != tt.want {
				t.Errorf("error\n got %q\nwant %q", err.Error(), tt.want)
			}
		})
	}
}

func TestWithOverrides(t *testing.T) {
	entries, err := Parse("user.json", []byte(`{"codes": [
		{"name": "K_UID_BANNED", "severity": "critical", "hint": "page the on-call"},
		{"name": "MY_APP_TIMEOUT", "kind": "warning", "value": 9001, "description": "Our own timeout."}
	]}`))
	if err != nil {
		t.Fatal(err)
	}
	cat, err := Default().With(entries)
	if err != nil {
		t.Fatal(err)
	}
	c, _, ok := cat.Lookup("K_UID_BANNED")
	if !ok || c.Severity != Critical || c.Hint != "page the on-call" || c.Description != "The UID is banned." || c.Value != 14 {
		t.Errorf("override: %+v", c)
	}
	if id := cat.ByValue(9001, 0); id < 0 || cat.Codes[id].Name != "MY_APP_TIMEOUT" || cat.Codes[id].Severity != Warn {
		t.Errorf("new code by value: %d", id)
	}
	if d, _, _ := Default().Lookup("K_UID_BANNED"); d.Severity != Err {
		t.Errorf("With changed the default catalog")
	}
}

func TestWithErrors(t *testing.T) {
	tests := []struct{ data, want string }{
		{"{\"codes\": [\n{\"name\": \"NEW_CODE\", \"description\": \"d\"}]}", `u.json:2: NEW_CODE: a new code needs a "kind" (error or warning)`},
		{"{\"codes\": [\n{\"name\": \"NEW_CODE\", \"kind\": \"error\"}]}", `u.json:2: NEW_CODE: a new code needs a "description"`},
		{"{\"codes\": [\n\n{\"name\": \"MINE\", \"kind\": \"error\", \"value\": 101, \"description\": \"d\"}]}", `u.json:3: MINE: error value 101 is already used by ERR_INVALID_VENDOR_KEY`},
		{"{\"codes\": [\n{\"name\": \"MINE\", \"kind\": \"error\", \"description\": \"d\", \"aliases\": [\"NO_AUTHORIZED\"]}]}", `u.json:2: MINE: alias "NO_AUTHORIZED" is already used by ERR_NO_AUTHORIZED`},
		// The user's entry is blamed, though the clash is found at the default code.
		{"{\"codes\": [\n{\"name\": \"ERR_FAILED\", \"value\": 101}]}", `u.json:2: ERR_INVALID_VENDOR_KEY: error value 101 is already used by ERR_FAILED`},
	}
	for _, tt := range tests {
		entries, err := Parse("u.json", []byte(tt.data))
		if err != nil {
			t.Fatalf("%s: %v", tt.data, err)
		}
		_, err = Default().With(entries)
		if err == nil || err.Error() != tt.want {
			t.Errorf("error %v, want %q", err, tt.want)
		}
	}
}

func TestRoundTrip(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteJSON(&buf, Default(), Meta{Name: "x"}); err != nil {
		t.Fatal(err)
	}
	entries, err := Parse("rt.json", buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	cat, err := (&Catalog{}).With(entries)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(Default().Codes, cat.Codes, ignoreHome); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
}

func TestRepairText(t *testing.T) {
	tests := map[string]string{
		"The userâ€™s request":      "The user's request",
		"plain":                     "plain",
		"café":                      "café", // valid text is left alone
		"â€œquotedâ€\u009d":         "“quoted”",
		"Ã©tÃ©":                     "été",
		"broken Ã":                  "broken Ã", // no valid UTF-8 behind it
		"mixed café and userâ€™s":   "mixed café and user's",
		"\xff not utf8 at all \xfe": "\xff not utf8 at all \xfe",
	}
	for in, want := range tests {
		if got := RepairText(in); got != want {
			t.Errorf("RepairText(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestImportPipeTable(t *testing.T) {
	md := "# Codes\n\n## Error Codes\n\n| Code | Value | Description |\n|---|---|---|\n| `ERR_A` | 7 | First \\| error |\n| ERR_B | / | Second |\n\n## Warning Codes\n\n| Warn Code | Value | Description |\n| --- | --- | --- |\n| WARN_C | 301 | A warning |\n"
	rows, err := Import("t.md", strings.NewReader(md))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range rows {
		got = append(got, r.Code.Name+" "+r.Code.ValueString()+" "+r.Code.Kind.String()+" "+r.Code.Description+" "+r.Pos.String())
	}
	want := []string{"ERR_A 7 error First | error t.md:7", "ERR_B  error Second t.md:8", "WARN_C 301 warning A warning t.md:14"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	_, err = Import("bad.md", strings.NewReader("## Error Codes\n\n| Code | Value | Description |\n|---|---|---|\n| ERR_A | seven | x |\n"))
	if err == nil || err.Error() != `bad.md:5: ERR_A: value "seven" is not a whole number -999999999..999999999 or "/"` {
		t.Errorf("error %v", err)
	}
}

// TestCheck: Check reports every problem of a file, each at the line of
// the member at fault, in line order, and layered over a base catalog.
func TestCheck(t *testing.T) {
	file := `{
  "format": "codewatch-catalog/1",
  "colour": "blue",
  "codes": [
    {"name": "A_ONE", "kind": "error", "value": 9001, "description": "one", "aliases": ["ONE"]},
    {"name": "A_ONE", "kind": "error", "description": "again"},
    {
      "name": "A_TWO",
      "kind": "error",
      "value": 9001,
      "description": "two",
      "aliases": ["ONE", "A_ONE", "TWO", "TWO"],
      "phrases": ["one phrase", "One Phrase"]
    },
    {"name": "A_THREE", "kind": "fatal", "severity": "huge", "value": "3", "description": " ", "descripton": "x"},
    {"name": "A B", "kind": "error", "description": "d"},
    {"kind": "error", "description": "no name", "aliases": ["bad alias"], "phrases": [" x"]},
    {"name": "A_FOUR", "description": "no kind"},
    {"name": "A_FIVE", "kind": "warning", "value": 104, "description": "clashes with the base", "aliases": ["NO_AUTHORIZED"]},
    {"name": "A_SIX", "kind": "warning", "description": "d", "hint": 5, "aliases": "SIX"},
    [1],
    {"name": "A_SEVEN", "kind": "error", "description": "d", "phrases": ["no active status"]}
  ]
}
`
	base, err := Default().With([]Entry{{Code: Code{Name: "ERR_NO_ACTIVE_STATUS", Phrases: []string{"No Active Status"}}, Set: FName | FPhrases}})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, err := range Check(base, "c.json", strings.NewReader(file)) {
		got = append(got, err.Error())
	}
	want := []string{
		`c.json:3: unknown member "colour" (want format, id, name, description, source, values, codes)`,
		`c.json:6: duplicate name "A_ONE" (also at line 5)`,
		`c.json:10: error value 9001 of A_TWO is already used by A_ONE at line 5`,
		`c.json:12: A_TWO: alias "ONE" is already an alias of A_ONE at line 5`,
		`c.json:12: A_TWO: alias "A_ONE" is already the name of the code at line 5`,
		`c.json:12: A_TWO: alias "TWO" is listed twice`,
		`c.json:13: A_TWO: phrase "One Phrase" is listed twice`,
		`c.json:15: unknown field "descripton"`,
		`c.json:15: A_THREE: "value" must be a whole number or null, not "3"`,
		`c.json:15: A_THREE: unknown kind "fatal" (want error, warning or reason)`,
		`c.json:15: A_THREE: unknown severity "huge" (want info, warning, error or critical)`,
		`c.json:15: A_THREE: empty "description"`,
		`c.json:16: name "A B" must be 1 to 64 letters, digits and underscores (words of them may be joined by dots)`,
		`c.json:17: code without a "name"`,
		`c.json:17: alias "bad alias" must be 1 to 64 letters, digits and underscores (words of them may be joined by dots)`,
		`c.json:17: phrase " x" must start and end with a letter or digit`,
		`c.json:18: A_FOUR: a new code needs a "kind" (error or warning)`,
		`c.json:19: A_FIVE: alias "NO_AUTHORIZED" is already used by ERR_NO_AUTHORIZED`,
		`c.json:19: A_FIVE: warning value 104 is already used by WARN_LOOKUP_CHANNEL_TIMEOUT`,
		`c.json:20: A_SIX: "aliases" must be an array of strings, not a string`,
		`c.json:20: A_SIX: "hint" must be a string, not a number`,
		`c.json:21: each code must be a JSON object`,
		`c.json:22: A_SEVEN: phrase "no active status" is already used by ERR_NO_ACTIVE_STATUS`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}

	// A syntax error ends the reading; what came before is still checked.
	got = got[:0]
	for _, err := range Check(nil, "s.json", strings.NewReader("{\"codes\": [\n{\"name\": \"X\", \"kind\": \"error\"},\n{\"name\": \"Y\" \"kind\": 1}]}")) {
		got = append(got, err.Error())
	}
	want = []string{
		`s.json:2: X: a new code needs a "description"`,
		`s.json:3: invalid JSON: invalid character '"' after object key:value pair`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("syntax error (-want +got):\n%s", diff)
	}

	// On its own (no base), every entry is a new code.
	got = got[:0]
	for _, err := range Check(nil, "o.json", strings.NewReader("{\"codes\": [\n{\"name\": \"K_UID_BANNED\", \"severity\": \"critical\"}]}")) {
		got = append(got, err.Error())
	}
	want = []string{`o.json:2: K_UID_BANNED: a new code needs a "kind" (error or warning)`}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("on its own (-want +got):\n%s", diff)
	}

	// The default catalog's file is valid on its own, and an export of it
	// over the default.
	if errs := Check(nil, "default.json", bytes.NewReader(defaultJSON)); len(errs) > 0 {
		t.Errorf("default.json: %v", errs)
	}
	if errs := Check(Default(), "default.json", bytes.NewReader(defaultJSON)); len(errs) > 0 {
		t.Errorf("default.json over the default: %v", errs)
	}
}

// TestMarkdownRoundTrip: the Markdown export is read back by Import: the
// same codes, values, kinds and descriptions, in order.
func TestMarkdownRoundTrip(t *testing.T) {
	codes := append([]Code(nil), Default().Codes...)
	codes = append(codes, Code{Name: "MY_ODD", Kind: Warning, Description: "Pipes | and <b>tags</b> & ampersands over two lines", Hint: "a | b"})
	cat, err := New(codes)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteMarkdown(&buf, cat, Meta{Name: "test", Description: "Codes & more."}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"# test\n\nCodes &amp; more.\n\n## Error Codes\n\n| Code | Value | Severity | Description | Also printed as | Hint |\n|---|---|---|---|---|---|\n",
		"| `ERR_NO_AUTHORIZED` | 110 | error | The current Channel Key is not authorized. | `NO_AUTHORIZED`, `ERR_INVALID_DYNAMIC_KEY`, `INVALID_DYNAMIC_KEY`, \"invalid token, authorized failed\" | The token",
		"| `INVALID_OPERATION` | / | error |",
		"\n## Warning Codes\n",
		"| `MY_ODD` | / | warning | Pipes \\| and &lt;b&gt;tags&lt;/b&gt; &amp; ampersands over two lines |  | a \\| b |\n",
	} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("markdown lacks %q", want)
		}
	}
	rows, err := Import("export.md", &buf)
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		Name, Value, Kind, Description string
	}
	var want, got []row
	for _, k := range []Kind{Error, Warning} {
		for _, c := range cat.Codes {
			if c.Kind == k {
				want = append(want, row{c.Name, c.ValueString(), c.Kind.String(), strings.Join(strings.Fields(c.Description), " ")})
			}
		}
	}
	for _, r := range rows {
		got = append(got, row{r.Code.Name, r.Code.ValueString(), r.Code.Kind.String(), r.Code.Description})
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
}

// TestDocsCatalogExample: the complete catalog file of docs/reference.md
// ("Catalog files") is valid.
func TestDocsCatalogExample(t *testing.T) {
	data, err := os.ReadFile("../../docs/reference.md")
	if err != nil {
		t.Fatal(err)
	}
	const intro = "complete file:\n\n```json\n"
	i := bytes.Index(data, []byte(intro))
	if i < 0 {
		t.Fatalf("no %q in docs/reference.md", intro)
	}
	block := data[i+len(intro):]
	block = block[:bytes.Index(block, []byte("```"))]
	if errs := Check(Default(), "reference.md", bytes.NewReader(block)); len(errs) > 0 {
		t.Errorf("docs/reference.md's catalog example: %q", errs)
	}
	entries, err := Parse("reference.md", block)
	if err != nil || len(entries) != 3 || entries[2].Set != FName|FValue|FKind|FSeverity|FDescription|FAliases|FPhrases|FHint {
		t.Errorf("docs/reference.md's example should give every field once: %v %+v", err, entries)
	}
}

// TestWithInvalidEntry: an entry that breaks a rule of its own (here a
// name with a space, which no file could give: the parser refuses it) is
// refused by With with its position and reason. Layering once read the
// clash of such an error before checking it was one, and panicked.
func TestWithInvalidEntry(t *testing.T) {
	for _, code := range []Code{
		{Name: "A B", Kind: Error, Description: "d"},
		{Name: "MY_CODE", Kind: Error, Description: " "},
		{Name: "MY_CODE", Kind: Error, Description: "d", HasValue: true, Value: -MaxValue - 1},
		{Name: "MY_CODE", Kind: Error, Description: "d", Aliases: []string{"a..b"}},
	} {
		e := Entry{Code: code, Set: FName | FKind | FDescription | FValue | FAliases, Pos: Pos{File: "mine.json", Line: 3}}
		_, err := Default().With([]Entry{e})
		var pe *PosError
		if !errors.As(err, &pe) || pe.Pos.Line != 3 {
			t.Errorf("%+v: err %v, want a positioned error at mine.json:3", code, err)
		}
	}
}
