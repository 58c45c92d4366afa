package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestValidateBuiltinFiles: catalog validate checks a file over the
// catalog of its id, so each built-in catalog's data file validates clean
// (the scripts cannot reach internal/catalog/data). The same file without
// its id layers over agora-web-2.x, where its codes clash: the check is
// not vacuous.
func TestValidateBuiltinFiles(t *testing.T) {
	paths, err := filepath.Glob("../../internal/catalog/data/*.json")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, path := range paths {
		if strings.HasSuffix(path, "overlay.json") {
			continue // overlays are layered over vendor tables, not catalogs
		}
		n++
		t.Run(filepath.Base(path), func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			st := run(context.Background(), []string{"catalog", "validate", path}, nil, &stdout, &stderr)
			if st != exitOK || stdout.Len()+stderr.Len() > 0 {
				t.Errorf("status %d, stdout %q, stderr %q", st, stdout.String(), stderr.String())
			}
		})
	}
	if n != 6 {
		t.Errorf("%d built-in catalog files, want 6", n)
	}

	data, err := os.ReadFile("../../internal/catalog/data/agora-web-4.x.json")
	if err != nil {
		t.Fatal(err)
	}
	noID := strings.Replace(string(data), "  \"id\": \"agora-web-4.x\",\n", "", 1)
	if noID == string(data) {
		t.Fatal("agora-web-4.x.json has no \"id\" line to take out")
	}
	path := filepath.Join(t.TempDir(), "web4.json")
	if err := os.WriteFile(path, []byte(noID), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	if st := run(context.Background(), []string{"catalog", "validate", path}, nil, &stdout, &stderr); st != exitFound || !strings.Contains(stdout.String(), "is already used by") {
		t.Errorf("without its id: status %d, stdout %.200q; want status 1 and clashes with agora-web-2.x", st, stdout.String())
	}
}
