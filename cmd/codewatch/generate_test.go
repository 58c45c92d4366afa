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

// TestGenerateDefault runs internal/catalog's go:generate line, which is
// "codewatch catalog import" of the vendor's table with the overlay, and
// fails unless it writes exactly the data/default.json that is embedded:
// the default catalog is what the importer users run makes of the table.
func TestGenerateDefault(t *testing.T) {
	const prefix = "//go:generate go run ../../cmd/codewatch "
	src, err := os.ReadFile("../../internal/catalog/default.go")
	if err != nil {
		t.Fatal(err)
	}
	var line string
	for _, l := range strings.Split(string(src), "\n") {
		if strings.HasPrefix(l, prefix) {
			line = strings.TrimPrefix(l, prefix)
		}
	}
	if line == "" {
		t.Fatalf("no %q line in internal/catalog/default.go", prefix)
	}
	args, err := generateArgs(line)
	if err != nil {
		t.Fatal(err)
	}
	if len(args) < 4 || args[0] != "catalog" || args[1] != "import" || args[2] != "-o" || args[3] != "data/default.json" {
		t.Fatalf("the go:generate line does not run catalog import -o data/default.json: %q", args)
	}
	out := filepath.Join(t.TempDir(), "default.json")
	args[3] = out
	t.Chdir("../../internal/catalog")
	var stdout, stderr bytes.Buffer
	if st := run(context.Background(), args, nil, &stdout, &stderr); st != exitOK || stdout.Len() > 0 || stderr.Len() > 0 {
		t.Fatalf("catalog import: status %d, stdout %q, stderr %q", st, stdout.String(), stderr.String())
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("data/default.json")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("internal/catalog/data/default.json is not what catalog import writes (run go generate ./internal/catalog):\n%s", lineDiff(string(want), string(got)))
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
