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
// JSON Lines of its lines with codes with the golden files (-update
// rewrites them): testdata/golden/NAME.golden for --sdk web-2.x, the
// outputs of codewatch before it knew every SDK, kept byte for byte, and
// testdata/golden/sdk/NAME.golden for every SDK (--sdk auto). The golden
// files live apart from the logs so that "codewatch report testdata/logs"
// reads only logs.
func TestGolden(t *testing.T) {
	logs, err := filepath.Glob("../../testdata/logs/*.log")
	if err != nil || len(logs) < 10 {
		t.Fatalf("sample logs: %v (%d found)", err, len(logs))
	}
	for _, mode := range []struct{ sdk, dir string }{{"web-2.x", "../../testdata/golden"}, {"auto", "../../testdata/golden/sdk"}} {
		for _, path := range logs {
			name := strings.TrimSuffix(filepath.Base(path), ".log")
			t.Run(mode.sdk+"/"+name, func(t *testing.T) {
				in, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				var stdout, stderr bytes.Buffer
				args := []string{"annotate", "--sdk", mode.sdk, "--format", "json", "-o"}
				if st := run(context.Background(), args, bytes.NewReader(in), &stdout, &stderr); st != 0 || stderr.Len() > 0 {
					t.Fatalf("status %d, stderr %q", st, stderr.String())
				}
				golden := filepath.Join(mode.dir, name+".golden")
				if *update {
					if err := os.MkdirAll(mode.dir, 0o755); err != nil {
						t.Fatal(err)
					}
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
