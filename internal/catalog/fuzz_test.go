package catalog

import (
	"bytes"
	"errors"
	"testing"
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
