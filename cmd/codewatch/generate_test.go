package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestGenerate runs every go:generate line of internal/catalog, each a
// "codewatch catalog import" of vendor tables with an overlay, and fails
// unless each writes exactly the data/*.json that is embedded: every
// built-in catalog, the default (data/default.json) among them, is what
// the importer users run makes of the vendor's files. Every data/*.json
// that is not an overlay must be written by a line.
func TestGenerate(t *testing.T) {
	const prefix = "//go:generate go run ../../cmd/codewatch "
	dir := "../../internal/catalog"
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range strings.Split(string(src), "\n") {
			if strings.HasPrefix(l, "//go:generate") {
				if !strings.HasPrefix(l, prefix) {
					t.Errorf("%s: a go:generate line that does not run codewatch: %s", f, l)
					continue
				}
				lines = append(lines, strings.TrimPrefix(l, prefix))
			}
		}
	}
	data, err := filepath.Glob(filepath.Join(dir, "data", "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	written := map[string]bool{}
	for _, f := range data {
		if b := filepath.Base(f); b != "overlay.json" && !strings.HasSuffix(b, ".overlay.json") {
			written["data/"+b] = false
		}
	}
	if len(written) != 6 {
		t.Errorf("%d catalogs in internal/catalog/data, want the 6 built-in ones: %v", len(written), written)
	}
	tmp := t.TempDir()
	t.Chdir(dir)
	for _, line := range lines {
		args, err := generateArgs(line)
		if err != nil {
			t.Fatal(err)
		}
		if len(args) < 4 || args[0] != "catalog" || args[1] != "import" || args[2] != "-o" || !strings.HasPrefix(args[3], "data/") {
			t.Errorf("a go:generate line that does not run catalog import -o data/…: %q", args)
			continue
		}
		name := args[3]
		t.Run(filepath.Base(name), func(t *testing.T) {
			if done, ok := written[name]; !ok || done {
				t.Fatalf("%s: not a catalog of data/, or written by two lines", name)
			}
			written[name] = true
			out := filepath.Join(tmp, filepath.Base(name))
			args[3] = out
			var stdout, stderr bytes.Buffer
			if st := run(context.Background(), args, nil, &stdout, &stderr); st != exitOK || stdout.Len() > 0 || stderr.Len() > 0 {
				t.Fatalf("catalog import: status %d, stdout %q, stderr %q", st, stdout.String(), stderr.String())
			}
			got, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			want, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("internal/catalog/%s is not what catalog import writes (run go generate ./internal/catalog):\n%s", name, lineDiff(string(want), string(got)))
			}
		})
	}
	for name, done := range written {
		if !done {
			t.Errorf("internal/catalog/%s: no go:generate line writes it", name)
		}
	}
}

// generateArgs splits a go:generate line as go generate does: at spaces,
// with double-quoted strings in Go syntax as single arguments.
func generateArgs(line string) ([]string, error) {
	var args []string
	for line = strings.TrimSpace(line); line != ""; line = strings.TrimSpace(line) {
		if line[0] != '"' {
			i := strings.IndexAny(line, " \t")
			if i < 0 {
				i = len(line)
			}
			args = append(args, line[:i])
			line = line[i:]
			continue
		}
		i := 1
		for i < len(line) && line[i] != '"' {
			if line[i] == '\\' {
				i++
			}
			i++
		}
		s, err := strconv.Unquote(line[:min(i+1, len(line))])
		if err != nil {
			return nil, err
		}
		args = append(args, s)
		line = line[min(i+1, len(line)):]
	}
	return args, nil
}
