package report

import (
	"bufio"
	"bytes"
	"io"
	"testing"

	"github.com/codewatch/codewatch/internal/catalog"
	"github.com/codewatch/codewatch/internal/scan"
	"github.com/codewatch/codewatch/internal/testgen"
)

func benchCorpus(b *testing.B, size int64) []byte {
	b.Helper()
	var buf bytes.Buffer
	if _, _, err := testgen.Write(&buf, testgen.Config{Seed: 1, Bytes: size}, nil); err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}

// BenchmarkCounter is the report's reading loop: the line reader and
// matcher feeding a Counter, over a generated corpus.
func BenchmarkCounter(b *testing.B) {
	data := benchCorpus(b, 16<<20)
	cat := catalog.Default()
	rd := scan.NewReader(scan.NewMatcher(cat, true), scan.Options{Body: scan.BodyNone})
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		r := New(catalog.DefaultName)
		c := r.Count("bench.log")
		st, err := rd.Scan(bytes.NewReader(data), c)
		if err != nil {
			b.Fatal(err)
		}
		c.Done(st, nil)
	}
}

// BenchmarkCounterNaive is the baseline for BenchmarkCounter: lines from
// bufio.Scanner, the reference matcher on each, counts in a map, on the
// first 2 MiB.
func BenchmarkCounterNaive(b *testing.B) {
	data := benchCorpus(b, 2<<20)
	cat := catalog.Default()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		counts := map[string]int{}
		sc := bufio.NewScanner(bytes.NewReader(data))
		for sc.Scan() {
			for _, m := range scan.Reference(cat, sc.Bytes(), true) {
				if m.Code != nil {
					counts[m.Code.Name]++
				}
			}
		}
	}
}

// BenchmarkMerge adds 64 partial reports, as report does with one per
// input and merge with one per machine.
func BenchmarkMerge(b *testing.B) {
	data := benchCorpus(b, 4<<20)
	cat := catalog.Default()
	rd := scan.NewReader(scan.NewMatcher(cat, true), scan.Options{Body: scan.BodyNone})
	var parts []*Report
	for i := range 64 {
		r := New(catalog.DefaultName)
		c := r.Count("part.log")
		chunk := data[i*len(data)/64 : (i+1)*len(data)/64]
		st, _ := rd.Scan(bytes.NewReader(chunk), c)
		c.Done(st, nil)
		parts = append(parts, r)
	}
	b.ReportAllocs()
	for b.Loop() {
		total := New(catalog.DefaultName)
		for _, p := range parts {
			total.Merge(p)
		}
	}
}

// BenchmarkWrite renders a report of a generated corpus in each format.
func BenchmarkWrite(b *testing.B) {
	data := benchCorpus(b, 4<<20)
	cat := catalog.Default()
	rd := scan.NewReader(scan.NewMatcher(cat, true), scan.Options{Body: scan.BodyNone})
	r := New(catalog.DefaultName)
	c := r.Count("bench.log")
	st, _ := rd.Scan(bytes.NewReader(data), c)
	c.Done(st, nil)
	for name, write := range map[string]func(io.Writer) error{
		"table": r.WriteTable, "json": r.WriteJSON, "csv": r.WriteCSV, "markdown": r.WriteMarkdown, "html": r.WriteHTML,
	} {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := write(io.Discard); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
