package accuracy

import (
	"bufio"
	"fmt"
	"io"
	"io/fs"
	"sort"
	"strings"
)

// WriteAll prints the score for people, in score_multi.py's layout: the
// figures, recall per catalog, then up to examples (all when < 0) false
// positives, misses and TPs with the wrong SDK, each with its line's text
// when fsys (the labelled folder) is given.
func (s *MultiScore) WriteAll(w io.Writer, fsys fs.FS, examples int) {
	fmt.Fprintf(w, "labels      %d\n", s.Labels)
	fmt.Fprintf(w, "predictions %d unique (file, line, name)\n", s.Predictions)
	fmt.Fprintf(w, "TP %d  FP %d  FN %d   (neutral: %d on ambiguous lines, %d on neutral lines)\n",
		len(s.TP), len(s.FP), len(s.FN), len(s.NeutralAmbiguous), len(s.NeutralOther))
	fmt.Fprintf(w, "precision %.6f\nrecall    %.6f\nF1        %.6f\n", s.Precision(), s.Recall(), s.F1())
	if s.ByEquivalent > 0 {
		fmt.Fprintf(w, "  %d TP matched a 'same meaning' label by the other SDK's name (--strict-names to refuse)\n", s.ByEquivalent)
	}
	if s.ByCondition > 0 {
		fmt.Fprintf(w, "  %d TP matched by the same condition under another table's name (--by-condition)\n", s.ByCondition)
	}
	withCat := len(s.TP) - s.NoCatalog
	fmt.Fprintf(w, "right SDK %s of TP (%d right, %d wrong, %d without catalog, %d with several); %s of TP with a catalog\n",
		share(s.RightSDK, len(s.TP)), s.RightSDK, s.WrongSDK, s.NoCatalog, s.SeveralCatalogs, share(s.RightSDK, withCat))
	fmt.Fprintf(w, "predictions on ambiguous lines %d (neutral %d, FP %d); on trap lines %d (FP %d); FP on RTM 1.x lines %d\n",
		s.PredOnAmbiguousLines, len(s.NeutralAmbiguous), s.FPOnAmbiguous, s.PredOnTrapLines, s.FPOnTrap, s.FPOnRTM1x)
	if s.FPSameCondition > 0 {
		fmt.Fprintf(w, "FP that name the label's condition under another SDK's name: %d (TPs with the wrong SDK under --by-condition)\n", s.FPSameCondition)
	}
	if s.FPUnknownName > 0 {
		fmt.Fprintf(w, "FP with a name that is in no catalog: %d\n", s.FPUnknownName)
	}
	fmt.Fprintf(w, "\nper catalog (labels, TP, recall, right SDK):\n")
	for _, c := range s.PerCatalog {
		fmt.Fprintf(w, "  %-18s %4d %4d  %s  %s\n", c.ID, c.Labels, c.TP, share(c.TP, c.Labels), share(c.RightSDK, c.TP))
	}
	var fp, fn []string
	for _, m := range s.FP {
		fp = append(fp, m.Name)
	}
	for _, l := range s.FN {
		fn = append(fn, l.Name)
	}
	if len(fp) > 0 {
		fmt.Fprintf(w, "false positives by name: %s\n", byCount(fp, 12))
	}
	if len(fn) > 0 {
		fmt.Fprintf(w, "false negatives by name: %s\n", byCount(fn, 12))
	}
	s.writeExamples(w, fsys, examples)
}

// byCount is "NAME=n, ..." for the n most frequent names, most frequent
// first, ties in the order they first come.
func byCount(names []string, n int) string {
	count := map[string]int{}
	var order []string
	for _, x := range names {
		if count[x] == 0 {
			order = append(order, x)
		}
		count[x]++
	}
	sort.SliceStable(order, func(i, j int) bool { return count[order[i]] > count[order[j]] })
	var parts []string
	for _, x := range order[:min(n, len(order))] {
		parts = append(parts, fmt.Sprintf("%s=%d", x, count[x]))
	}
	return strings.Join(parts, ", ")
}

// share is n/d with four decimals, "-" when d is 0.
func share(n, d int) string {
	if d == 0 {
		return "-"
	}
	return fmt.Sprintf("%.4f", float64(n)/float64(d))
}

func (s *MultiScore) writeExamples(w io.Writer, fsys fs.FS, n int) {
	cut := func(total int) int {
		if n < 0 || n > total {
			return total
		}
		return n
	}
	fp, fn, wrong := s.FP[:cut(len(s.FP))], s.FN[:cut(len(s.FN))], s.Wrong[:cut(len(s.Wrong))]
	var want []LineKey
	for _, m := range fp {
		want = append(want, LineKey{m.File, m.Line})
	}
	for _, l := range fn {
		want = append(want, LineKey{l.File, l.Line})
	}
	for _, h := range wrong {
		want = append(want, LineKey{h.Label.File, h.Label.Line})
	}
	text := lineTexts(fsys, want)
	show := func(f string, l int64) {
		if t, ok := text[LineKey{f, l}]; ok {
			fmt.Fprintf(w, "      | %s\n", clip(t, 160))
		}
	}
	if len(fp) > 0 {
		fmt.Fprintf(w, "\nfalse positives (first %d of %d):\n", len(fp), len(s.FP))
		for _, m := range fp {
			fmt.Fprintf(w, "  %s:%d %s%s%s\n", m.File, m.Line, m.Name, at(m.Catalogs), tags(m.Tags))
			show(m.File, m.Line)
		}
	}
	if len(fn) > 0 {
		fmt.Fprintf(w, "\nfalse negatives (first %d of %d):\n", len(fn), len(s.FN))
		for _, l := range fn {
			fmt.Fprintf(w, "  %s:%d %s @%s  [%s]\n", l.File, l.Line, l.Name, l.Catalog, l.Cue)
			show(l.File, l.Line)
		}
	}
	if len(wrong) > 0 {
		fmt.Fprintf(w, "\nwrong SDK (first %d of %d):\n", len(wrong), len(s.Wrong))
		for _, h := range wrong {
			l := h.Label
			fmt.Fprintf(w, "  %s:%d %s @%s predicted %s @%s\n", l.File, l.Line, l.Name, l.Catalog, h.Name, strings.Join(h.Catalogs, ","))
			show(l.File, l.Line)
		}
	}
}

func at(cats []string) string {
	if len(cats) == 0 {
		return ""
	}
	return " @" + strings.Join(cats, ",")
}

func tags(t []string) string {
	if len(t) == 0 {
		return ""
	}
	return "  [" + strings.Join(t, ", ") + "]"
}

// clip shortens a long line to its two ends.
func clip(t string, n int) string {
	r := []rune(t)
	if len(r) <= n {
		return t
	}
	return fmt.Sprintf("%s ... %s [%d chars]", string(r[:n/2-3]), string(r[len(r)-(n/2-3):]), len(r))
}

// lineTexts reads the wanted lines of the files of fsys (by base name, in
// its top folder); none without fsys.
func lineTexts(fsys fs.FS, want []LineKey) map[LineKey]string {
	out := map[LineKey]string{}
	if fsys == nil {
		return out
	}
	byFile := map[string]map[int64]bool{}
	for _, k := range want {
		if byFile[k.File] == nil {
			byFile[k.File] = map[int64]bool{}
		}
		byFile[k.File][k.Line] = true
	}
	files := make([]string, 0, len(byFile))
	for f := range byFile {
		files = append(files, f)
	}
	sort.Strings(files)
	for _, name := range files {
		f, err := fsys.Open(name)
		if err != nil {
			continue
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 64<<10), 64<<20)
		for n := int64(1); sc.Scan(); n++ {
			if byFile[name][n] {
				out[LineKey{name, n}] = strings.TrimRight(sc.Text(), "\r")
			}
		}
		f.Close()
	}
	return out
}
