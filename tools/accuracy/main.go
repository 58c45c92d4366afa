// Command accuracy scores codewatch's detection against hand-labelled logs:
// a directory of .log files with labels.tsv and traps.tsv beside them.
//
//	go run ./tools/accuracy ../shared/logs/real
//	go run ./tools/accuracy testdata/real      (the copy the tests use)
package main

import (
	"fmt"
	"os"

	"github.com/codewatch/codewatch/internal/accuracy"
	"github.com/codewatch/codewatch/internal/catalog"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: accuracy DIR   (DIR holds *.log, labels.tsv, traps.tsv)")
		os.Exit(2)
	}
	s, err := accuracy.Run(os.DirFS(os.Args[1]), catalog.Default())
	if err != nil {
		fmt.Fprintln(os.Stderr, "accuracy:", err)
		os.Exit(2)
	}
	s.Write(os.Stdout)
}
