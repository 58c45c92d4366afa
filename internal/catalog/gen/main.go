// Command gen writes codewatch's default catalog: it imports the vendor's
// code table and layers overlay catalogs over it.
//
//	go run ./gen -o data/default.json VENDOR.md OVERLAY.json...
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/codewatch/codewatch/internal/catalog"
)

func main() {
	out := flag.String("o", "", "output file")
	flag.Parse()
	if err := run(*out, flag.Args()); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(out string, args []string) error {
	if out == "" || len(args) < 1 {
		return fmt.Errorf("usage: gen -o OUT VENDOR.md [OVERLAY.json...]")
	}
	b, err := catalog.Generate(os.DirFS("."), args[0], args[1:])
	if err != nil {
		return err
	}
	if old, err := os.ReadFile(out); err == nil && bytes.Equal(old, b) {
		return nil
	}
	return os.WriteFile(filepath.Clean(out), b, 0o644)
}
