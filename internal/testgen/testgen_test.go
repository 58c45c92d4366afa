package testgen

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/codewatch/codewatch/internal/catalog"
)

func generate(t testing.TB, cfg Config) ([]byte, []Truth) {
	t.Helper()
	var buf bytes.Buffer
	var truth []Truth
	lines, n, err := Write(&buf, cfg, func(tr Truth) { truth = append(truth, tr) })
	if err != nil {
		t.Fatal(err)
	}
	if n != int64(buf.Len()) {
		t.Fatalf("Write returned %d bytes, wrote %d", n, buf.Len())
	}
	if got := bytes.Count(buf.Bytes(), []byte("\n")); got != lines {
		t.Fatalf("Write returned %d lines, wrote %d", lines, got)
	}
	return buf.Bytes(), truth
}

// splitLines splits text into lines without their endings.
func splitLines(text []byte) [][]byte {
	lines := bytes.Split(text, []byte("\n"))
	if len(lines) > 0 && len(lines[len(lines)-1]) == 0 {
		lines = lines[:len(lines)-1]
	}
	for i, l := range lines {
		lines[i] = bytes.TrimSuffix(l, []byte("\r"))
	}
	return lines
}

func TestDeterministic(t *testing.T) {
	cfg := Config{Seed: 42, Lines: 20000, CodeRate: 0.1, TrapRate: 0.1}
	a, ta := generate(t, cfg)
	b, tb := generate(t, cfg)
	if !bytes.Equal(a, b) || !reflect.DeepEqual(ta, tb) {
		t.Fatal("same seed, different output")
	}
	cfg.Seed = 43
	c, _ := generate(t, cfg)
	if bytes.Equal(a, c) {
		t.Fatal("different seeds, same output")
	}
}

func TestSizes(t *testing.T) {
	for _, lines := range []int{1, 7, 1000} {
		text, _ := generate(t, Config{Seed: 1, Lines: lines})
		if got := len(splitLines(text)); got != lines {
			t.Errorf("Lines %d: wrote %d lines", lines, got)
		}
	}
	for _, size := range []int64{1, 100, 64 << 10, 1 << 20, 3<<20 + 17} {
		text, _ := generate(t, Config{Seed: 2, Bytes: size})
		lines := splitLines(text)
		last := int64(len(lines[len(lines)-1]) + 1)
		if n := int64(len(text)); n < size || n-last >= size {
			t.Errorf("Bytes %d: wrote %d (last line %d bytes)", size, n, last)
		}
	}
	// Both set: whichever comes first.
	text, _ := generate(t, Config{Seed: 3, Lines: 10, Bytes: 1 << 20})
	if got := len(splitLines(text)); got != 10 {
		t.Errorf("Lines 10, Bytes 1 MiB: wrote %d lines", got)
	}
}

func TestRates(t *testing.T) {
	const lines = 200000
	_, truth := generate(t, Config{Seed: 4, Lines: lines})
	rate := float64(len(truth)) / lines
	if rate < 0.015 || rate > 0.025 {
		t.Errorf("default code rate: %.4f", rate)
	}
	_, truth = generate(t, Config{Seed: 4, Lines: lines, CodeRate: -1})
	if len(truth) != 0 {
		t.Errorf("CodeRate -1: %d code lines", len(truth))
	}
}

func TestCRLF(t *testing.T) {
	text, _ := generate(t, Config{Seed: 5, Lines: 5000, CRLF: true, CodeRate: 0.1, TrapRate: 0.1})
	if !bytes.HasSuffix(text, []byte("\r\n")) {
		t.Fatal("last line does not end with CRLF")
	}
	if n, m := bytes.Count(text, []byte("\n")), bytes.Count(text, []byte("\r\n")); n != m || n != 5000 {
		t.Fatalf("%d LF, %d CRLF", n, m)
	}
	if n, m := bytes.Count(text, []byte("\r")), bytes.Count(text, []byte("\r\n")); n != m {
		t.Fatalf("%d CR, %d CRLF", n, m)
	}
	plain, _ := generate(t, Config{Seed: 5, Lines: 5000, CodeRate: 0.1, TrapRate: 0.1})
	if bytes.IndexByte(plain, '\r') >= 0 {
		t.Fatal("CR without CRLF mode")
	}
}

// TestTruthPresent checks every truth line exists and names codes whose
// name, an alias or the value is in its text.
func TestTruthPresent(t *testing.T) {
	cat := catalog.Default()
	text, truth := generate(t, Config{Seed: 6, Lines: 50000, CodeRate: 0.2, TrapRate: 0.2})
	lines := splitLines(text)
	prev := 0
	for _, tr := range truth {
		if tr.Line <= prev || tr.Line > len(lines) {
			t.Fatalf("truth line %d out of order or range (previous %d, %d lines)", tr.Line, prev, len(lines))
		}
		prev = tr.Line
		if len(tr.Codes) == 0 || !sortedUnique(tr.Codes) {
			t.Fatalf("line %d: codes %q not sorted and unique", tr.Line, tr.Codes)
		}
		line := string(lines[tr.Line-1])
		for _, name := range tr.Codes {
			code, _, ok := cat.Lookup(name)
			if !ok || code.Name != name {
				t.Fatalf("line %d: %q is not a canonical name", tr.Line, name)
			}
			present := strings.Contains(line, code.Name) || code.HasValue && strings.Contains(line, code.ValueString())
			for _, a := range code.Aliases {
				present = present || strings.Contains(line, a)
			}
			if !present {
				t.Errorf("line %d: %s not in %q", tr.Line, name, line)
			}
		}
	}
	if len(truth) < 5000 {
		t.Errorf("only %d code lines in 50000 at rate 0.2", len(truth))
	}
}

func sortedUnique(s []string) bool {
	for i := 1; i < len(s); i++ {
		if s[i-1] >= s[i] {
			return false
		}
	}
	return true
}

// checkAgainstReference compares the truth with a plain reading of SPEC §2
// on every line, and fails on lines SPEC could be read two ways on.
func checkAgainstReference(t *testing.T, cat *catalog.Catalog, text []byte, truth []Truth) {
	t.Helper()
	want := map[int][]string{}
	for _, tr := range truth {
		want[tr.Line] = tr.Codes
	}
	errs := 0
	for i, line := range splitLines(text) {
		n := i + 1
		got := refCodes(cat, line)
		if len(got) == 0 {
			got = nil
		}
		if !reflect.DeepEqual(got, want[n]) {
			t.Errorf("line %d: truth %q, SPEC gives %q\n\t%s", n, want[n], got, line)
			errs++
		}
		if d := refDoubts(cat, line); len(d) > 0 {
			t.Errorf("line %d: unsettled under SPEC: %s\n\t%s", n, strings.Join(d, "; "), line)
			errs++
		}
		if errs > 20 {
			t.Fatal("too many errors")
		}
	}
}

func TestTruthMatchesSpec(t *testing.T) {
	cat := catalog.Default()
	for _, seed := range []int64{1, 2, 3} {
		cfg := Config{Seed: seed, Lines: 200000, CodeRate: 0.15, TrapRate: 0.3, CRLF: seed == 2}
		text, truth := generate(t, cfg)
		// The default catalog has phrases (Web SDK 4.x sentences): the
		// templates that hold one are left out, so none is ever written.
		checkAgainstReferenceWithPhrases(t, cat, text, truth)
	}
	// Every code is written, and values in every keyword form.
	text, truth := generate(t, Config{Seed: 9, Lines: 100000, CodeRate: 0.5})
	seen := map[string]bool{}
	for _, tr := range truth {
		for _, c := range tr.Codes {
			seen[c] = true
		}
	}
	for _, c := range cat.Codes {
		if !seen[c.Name] {
			t.Errorf("%s never written", c.Name)
		}
	}
	for _, form := range []string{"code: ", `"errorCode":"`, "err=", "onError(", "onError：", "Warning ", "error ", "reason ", "X-Error-Code: ", "错误码：", " 警告 ", "ERR_STATIC_USE_DYANMIC_KE", "net::ERR_FAILED"} {
		if !bytes.Contains(text, []byte(form)) {
			t.Errorf("form %q never written", form)
		}
	}
}

// TestCustomCatalog checks that templates holding a user catalog's names,
// phrases or values are left out, so that the truth stays exact.
func TestCustomCatalog(t *testing.T) {
	codes := []catalog.Code{
		{Name: "FAILED", Kind: catalog.Error, Description: "failed"},
		{Name: "INVALID_PARAMS", Kind: catalog.Error, Description: "bad params"},
		{Name: "CAN_NOT_GET_GATEWAY_SERVER", Kind: catalog.Error, Description: "no gateway"},
		{Name: "REPEAT_SUBSCRIBE", Value: 2021, HasValue: true, Kind: catalog.Error, Description: "repeat"},
		{Name: "CLOSE_ABNORMAL", Value: 1006, HasValue: true, Kind: catalog.Warning, Description: "ws"},
		{Name: "BOTH_ERR", Value: 300, HasValue: true, Kind: catalog.Error, Description: "both"},
		{Name: "BOTH_WARN", Value: 300, HasValue: true, Kind: catalog.Warning, Description: "both"},
		{Name: "NETWORK_ERROR", Kind: catalog.Error, Description: "net", Phrases: []string{"join failed"}},
		{Name: "ERR_TOKEN", Value: 109, HasValue: true, Kind: catalog.Error, Description: "token", Aliases: []string{"TOKEN_EXPIRED"}},
	}
	cat, err := catalog.New(codes)
	if err != nil {
		t.Fatal(err)
	}
	cfg := Config{Seed: 7, Lines: 100000, CodeRate: 0.2, TrapRate: 0.3, Catalog: cat}
	text, truth := generate(t, cfg)
	checkAgainstReferenceWithPhrases(t, cat, text, truth)
	if bytes.Contains(text, []byte("join failed")) {
		t.Error("phrase written")
	}
	if _, _, err := Write(io.Discard, Config{Lines: 1, Catalog: mustCatalog(t, "CAFE")}, nil); err == nil {
		t.Error("hex-only name accepted")
	}
}

func mustCatalog(t *testing.T, name string) *catalog.Catalog {
	cat, err := catalog.New([]catalog.Code{{Name: name, Kind: catalog.Error, Description: "x"}})
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

// checkAgainstReferenceWithPhrases is checkAgainstReference for catalogs
// with phrases: no phrase may appear at all, not even glued to a word.
func checkAgainstReferenceWithPhrases(t *testing.T, cat *catalog.Catalog, text []byte, truth []Truth) {
	t.Helper()
	lower := bytes.ToLower(text)
	for _, c := range cat.Codes {
		for _, p := range c.Phrases {
			if bytes.Contains(lower, []byte(strings.ToLower(p))) {
				t.Errorf("phrase %q written", p)
			}
		}
	}
	checkAgainstReference(t, cat, text, truth)
}

func TestConfigErrors(t *testing.T) {
	for _, cfg := range []Config{{}, {Lines: -1}, {Bytes: -1}} {
		if _, _, err := Write(io.Discard, cfg, nil); err == nil {
			t.Errorf("%+v: no error", cfg)
		}
	}
}

type failWriter struct{ n int }

func (w *failWriter) Write(p []byte) (int, error) {
	if w.n <= 0 {
		return 0, fmt.Errorf("disk full")
	}
	w.n--
	return len(p), nil
}

func TestWriteError(t *testing.T) {
	_, n, err := Write(&failWriter{n: 2}, Config{Seed: 1, Bytes: 1 << 20}, nil)
	if err == nil || n < 2*flushAt || n >= 1<<20 {
		t.Errorf("got %d bytes, %v", n, err)
	}
}

// TestSamples checks testdata/logs: testdata/expected.tsv is what SPEC §2 gives for
// every line, no line is unsettled under SPEC, every file has codes, and
// the files still hold CRLF endings and a last line without a newline.
func TestSamples(t *testing.T) {
	dir := filepath.Join("..", "..", "testdata", "logs")
	files, err := filepath.Glob(filepath.Join(dir, "*.log"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no sample logs in %s: %v", dir, err)
	}
	expected := map[string]bool{}
	f, err := os.Open(filepath.Join(dir, "..", "expected.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) != 3 {
			t.Fatalf("testdata/expected.tsv: bad row %q", sc.Text())
		}
		if _, err := strconv.Atoi(cols[1]); err != nil {
			t.Fatalf("testdata/expected.tsv: bad line number in %q", sc.Text())
		}
		expected[sc.Text()] = true
	}
	cat := catalog.Default()
	var total int
	crlf, noFinal := false, false
	for _, file := range files {
		text, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		total += len(text)
		crlf = crlf || bytes.Contains(text, []byte("\r\n"))
		noFinal = noFinal || !bytes.HasSuffix(text, []byte("\n"))
		name := filepath.Base(file)
		lines := splitLines(text)
		codeLines := 0
		for i, line := range lines {
			got := refCodes(cat, line)
			if len(got) > 0 {
				codeLines++
			}
			for _, c := range got {
				row := fmt.Sprintf("%s\t%d\t%s", name, i+1, c)
				if !expected[row] {
					t.Errorf("%s:%d: SPEC gives %s, testdata/expected.tsv does not\n\t%s", name, i+1, c, line)
				}
				delete(expected, row)
			}
			if d := refDoubts(cat, line); len(d) > 0 {
				t.Errorf("%s:%d: unsettled under SPEC: %s\n\t%s", name, i+1, strings.Join(d, "; "), line)
			}
		}
		if codeLines == 0 {
			t.Errorf("%s: no line with codes", name)
		}
	}
	for row := range expected {
		t.Errorf("testdata/expected.tsv has %q, SPEC does not give it", row)
	}
	if total > 200<<10 {
		t.Errorf("sample logs hold %d bytes, keep them under 200 KiB", total)
	}
	if !crlf || !noFinal {
		t.Errorf("want a CRLF file (%v) and a file without a final newline (%v)", crlf, noFinal)
	}
}

func BenchmarkWrite(b *testing.B) {
	const size = 64 << 20
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := Write(io.Discard, Config{Seed: 1, Bytes: size}, func(Truth) {}); err != nil {
			b.Fatal(err)
		}
	}
}
