package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestGolden annotates each sample log in testdata/logs and compares the
// JSON Lines of its lines with codes with testdata/golden/NAME.golden
// (-update rewrites them). The golden files live apart from the logs so
// that "codewatch report testdata/logs" reads only logs.
func TestGolden(t *testing.T) {
	logs, err := filepath.Glob("../../testdata/logs/*.log")
	if err != nil || len(logs) < 10 {
		t.Fatalf("sample logs: %v (%d found)", err, len(logs))
	}
	for _, path := range logs {
		name := strings.TrimSuffix(filepath.Base(path), ".log")
		t.Run(name, func(t *testing.T) {
			in, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			var stdout, stderr bytes.Buffer
			if st := run(context.Background(), []string{"annotate", "--format", "json", "-o"}, bytes.NewReader(in), &stdout, &stderr); st != 0 || stderr.Len() > 0 {
				t.Fatalf("status %d, stderr %q", st, stderr.String())
			}
			golden := filepath.Join("../../testdata/golden", name+".golden")
			if *update {
				if err := os.WriteFile(golden, stdout.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(stdout.Bytes(), want) {
				t.Errorf("output differs from %s (go test -update rewrites it):\n%s", golden, lineDiff(string(want), stdout.String()))
			}
		})
	}
}

// lineDiff lists the lines that differ.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	for i := 0; i < max(len(w), len(g)); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			b.WriteString("- " + wl + "\n+ " + gl + "\n")
		}
	}
	return b.String()
}
