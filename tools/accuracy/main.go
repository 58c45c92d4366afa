// Command accuracy scores codewatch's detection against hand-labelled logs.
//
// The Web 2.x view: a directory of .log files with labels.tsv and
// traps.tsv beside them, read with the default catalog.
//
//	go run ./tools/accuracy ../shared/logs/real
//	go run ./tools/accuracy testdata/real      (the copy the tests use)
//
// The every-SDK view (SPEC §6), -all: a directory of .log files with
// labels_all.tsv (and, where they exist, ambiguous.tsv, neutral.tsv,
// traps_all.tsv and rtm1x.tsv) beside them, read with every built-in
// catalog and each line's SDK from its cues, scored by score_multi.py's
// rules (internal/accuracy), RTM 1.x rows counted as labels:
//
//	go run ./tools/accuracy -all ../shared/logs/real2
//	go run ./tools/accuracy -all -labels other/labels_all.tsv other/logs
//	codewatch annotate --format json -o DIR/*.log > pred.jsonl
//	go run ./tools/accuracy -all -pred pred.jsonl -script DIR   (what score_multi.py says)
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/codewatch/codewatch/internal/accuracy"
	"github.com/codewatch/codewatch/internal/catalog"
)

func main() {
	all := flag.Bool("all", false, "score the every-SDK view: DIR's labels_all.tsv, every built-in catalog, --sdk auto")
	labels := flag.String("labels", "", "with -all: the labels_all.tsv to read (default DIR/labels_all.tsv); the other TSVs are read beside it")
	pred := flag.String("pred", "", "with -all: score these predictions (codewatch annotate --format json output, or file<TAB>line<TAB>name[<TAB>catalog]) instead of running the matcher")
	script := flag.Bool("script", false, "with -all: score_multi.py's own rules (RTM 1.x rows are no labels; names of the five catalogs it reads)")
	examples := flag.Int("examples", 20, "with -all: how many FP, FN and wrong-SDK examples to print (-1: all)")
	strict := flag.Bool("strict-names", false, "with -all: no same-meaning equivalents")
	byCond := flag.Bool("by-condition", false, "with -all: a prediction of the label's condition under another name is a TP")
	ambLines := flag.Bool("ambiguous-lines", false, "with -all: every unmatched prediction on an ambiguous.tsv line is neutral")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: accuracy DIR            (DIR holds *.log, labels.tsv, traps.tsv)")
		fmt.Fprintln(os.Stderr, "       accuracy -all [flags] DIR (DIR holds *.log, labels_all.tsv, ...)")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}
	dir := flag.Arg(0)
	if !*all {
		legacy(dir)
		return
	}
	r := accuracy.DefaultRules()
	if *script {
		r = accuracy.ScriptRules()
	}
	r.StrictNames, r.ByCondition, r.AmbiguousLines = *strict, *byCond, *ambLines
	if err := every(dir, *labels, *pred, r, *examples); err != nil {
		fmt.Fprintln(os.Stderr, "accuracy:", err)
		os.Exit(2)
	}
}

func legacy(dir string) {
	s, err := accuracy.Run(os.DirFS(dir), catalog.Default())
	if err != nil {
		fmt.Fprintln(os.Stderr, "accuracy:", err)
		os.Exit(2)
	}
	s.Write(os.Stdout)
}

// every scores the every-SDK view of dir, by the labels file (default
// dir/labels_all.tsv), the predictions file or, without one, the matcher.
func every(dir, labels, pred string, r accuracy.Rules, examples int) error {
	if labels == "" {
		labels = filepath.Join(dir, "labels_all.tsv")
	}
	labelDir, err := filepath.Abs(filepath.Dir(labels))
	if err != nil {
		return err
	}
	c, err := accuracy.LoadCorpus(os.DirFS(labelDir), filepath.Base(labels), r)
	if err != nil {
		return err
	}
	var p accuracy.Predictions
	if pred != "" {
		f, err := os.Open(pred)
		if err != nil {
			return err
		}
		defer f.Close()
		var bad int
		if p, bad, err = accuracy.ReadPredictions(f); err != nil {
			return err
		}
		if bad > 0 {
			fmt.Printf("(%d prediction lines could not be read)\n", bad)
		}
	} else if p, err = accuracy.ScanAll(os.DirFS(dir), catalog.MustSet(catalog.Builtin()...), "*.log"); err != nil {
		return err
	}
	accuracy.ScoreAll(c, p, r).WriteAll(os.Stdout, os.DirFS(dir), examples)
	return nil
}
