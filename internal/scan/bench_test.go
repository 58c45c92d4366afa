package scan

import (
	"bufio"
	"bytes"
	"io"
	"runtime"
	"sync"
	"testing"

	"github.com/codewatch/codewatch/internal/catalog"
	"github.com/codewatch/codewatch/internal/testgen"
)

var (
	corpusOnce sync.Once
	corpus     []byte // 32 MiB of generated Agora-style logs, 2% of lines with codes
	cleanOnce  sync.Once
	clean      []byte // the same shapes without codes or traps
)

func benchCorpus(b *testing.B) []byte {
	corpusOnce.Do(func() {
		var buf bytes.Buffer
		if _, _, err := testgen.Write(&buf, testgen.Config{Seed: 1, Bytes: 32 << 20}, nil); err != nil {
			b.Fatal(err)
		}
		corpus = buf.Bytes()
	})
	return corpus
}

func benchClean(b *testing.B) []byte {
	cleanOnce.Do(func() {
		var buf bytes.Buffer
		if _, _, err := testgen.Write(&buf, testgen.Config{Seed: 2, Bytes: 32 << 20, CodeRate: -1, TrapRate: -1}, nil); err != nil {
			b.Fatal(err)
		}
		clean = buf.Bytes()
	})
	return clean
}

// BenchmarkReader is the reader and matcher over a generated corpus:
// what report and annotate -o cost before writing anything.
func BenchmarkReader(b *testing.B) {
	for _, c := range []struct {
		name string
		data func(*testing.B) []byte
	}{{"codes", benchCorpus}, {"clean", benchClean}} {
		b.Run(c.name, func(b *testing.B) {
			benchScan(b, c.data(b), catalog.Default(), Options{Body: BodyNone})
		})
	}
}

var (
	sdkCorpusOnce sync.Once
	sdkCorpus     []byte // 32 MiB of generated lines of every SDK
)

func benchSDKCorpus(b *testing.B) []byte {
	sdkCorpusOnce.Do(func() {
		var buf bytes.Buffer
		if _, _, err := testgen.Write(&buf, testgen.Config{Seed: 3, Bytes: 32 << 20, SDKs: true}, nil); err != nil {
			b.Fatal(err)
		}
		sdkCorpus = buf.Bytes()
	})
	return sdkCorpus
}

// BenchmarkReaderSDKs is BenchmarkReader with every built-in catalog,
// each line in its SDK (--sdk auto), beside the Web 2.x catalog alone
// (--sdk web-2.x), on the Web 2.x-era corpora and one of every SDK's
// lines: issue 12 wants auto at 0.9x web-2.x or better.
func BenchmarkReaderSDKs(b *testing.B) {
	auto := NewSetMatcher(catalog.MustSet(catalog.Builtin()...), MatcherOptions{Unknown: true, Auto: true})
	web2 := NewMatcher(catalog.Default(), true)
	for _, c := range []struct {
		name string
		data func(*testing.B) []byte
	}{{"codes", benchCorpus}, {"clean", benchClean}, {"sdks", benchSDKCorpus}} {
		for _, m := range []struct {
			name string
			m    *Matcher
		}{{"web-2.x", web2}, {"auto", auto}} {
			b.Run(c.name+"/"+m.name, func(b *testing.B) {
				benchScanWith(b, c.data(b), m.m, Options{Body: BodyNone})
			})
		}
	}
}

// benchScan times a Reader over data: matching and line bookkeeping, no
// output.
func benchScan(b *testing.B, data []byte, cat *catalog.Catalog, opt Options) {
	benchScanWith(b, data, NewMatcher(cat, true), opt)
}

func benchScanWith(b *testing.B, data []byte, m *Matcher, opt Options) {
	rd := NewReader(m, opt)
	r := bytes.NewReader(data)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		r.Reset(data)
		if _, err := rd.Scan(r, discard{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReaderParallel is BenchmarkReader with a worker per CPU.
func BenchmarkReaderParallel(b *testing.B) {
	benchScan(b, benchCorpus(b), catalog.Default(), Options{Body: BodyNone, Workers: runtime.GOMAXPROCS(0)})
}

// BenchmarkReaderNaive is the baseline: bufio.Scanner lines and the
// reference matcher on each.
func BenchmarkReaderNaive(b *testing.B) {
	data := benchCorpus(b)[:4<<20]
	cat := catalog.Default()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		sc := bufio.NewScanner(bytes.NewReader(data))
		for sc.Scan() {
			Reference(cat, sc.Bytes(), true)
		}
	}
}

// BenchmarkLinesBaseline is how fast lines can merely be split: the floor
// under any line-by-line design.
func BenchmarkLinesBaseline(b *testing.B) {
	data := benchCorpus(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		sc := bufio.NewScanner(bytes.NewReader(data))
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
		}
	}
}

// BenchmarkCopy is the ceiling: io.Copy of the corpus.
func BenchmarkCopy(b *testing.B) {
	data := benchCorpus(b)
	buf := make([]byte, 1<<20)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		// Hide WriterTo and ReaderFrom, so that this is read() into a buffer.
		io.CopyBuffer(struct{ io.Writer }{io.Discard}, struct{ io.Reader }{bytes.NewReader(data)}, buf)
	}
}

// BenchmarkMatcher is the matcher alone: Find over 1 MiB blocks of the
// corpus, as the reader calls it.
func BenchmarkMatcher(b *testing.B) {
	data := benchCorpus(b)
	m := NewMatcher(catalog.Default(), true)
	blocks := splitBlocks(data, 1<<20)
	var ms []Match
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		for _, blk := range blocks {
			ms = m.Find(blk, 0, len(blk), ms[:0])
		}
	}
}

// BenchmarkMatcherNaive is the baseline for BenchmarkMatcher: the
// reference matcher, line by line, on the first 4 MiB.
func BenchmarkMatcherNaive(b *testing.B) {
	data := benchCorpus(b)[:4<<20]
	cat := catalog.Default()
	lines := bytes.Split(data, []byte{'\n'})
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		for _, l := range lines {
			Reference(cat, l, true)
		}
	}
}

// BenchmarkMatcherSDKs is the every-SDK matcher alone (--sdk auto: the
// prefilter's one pass, then names, values and cues where it points) on
// the corpus of every SDK's lines, beside its naive baseline, the
// reference matcher line by line (BenchmarkMatcherSDKsNaive).
func BenchmarkMatcherSDKs(b *testing.B) {
	data := benchSDKCorpus(b)
	m := NewSetMatcher(catalog.MustSet(catalog.Builtin()...), MatcherOptions{Unknown: true, Auto: true})
	blocks := splitBlocks(data, 1<<20)
	var ms []Match
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		for _, blk := range blocks {
			ms = m.Find(blk, 0, len(blk), ms[:0])
		}
	}
}

// BenchmarkMatcherSDKsNaive: the reference every-SDK matcher on the first
// 256 KiB of BenchmarkMatcherSDKs's corpus, line by line (cues, candidates,
// resolution).
func BenchmarkMatcherSDKsNaive(b *testing.B) {
	data := benchSDKCorpus(b)[:256<<10] // it is slow: 0.1 MB/s
	lines := bytes.Split(data, []byte{'\n'})
	set := catalog.MustSet(catalog.Builtin()...)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		r := NewRefReader(set, MatcherOptions{Unknown: true, Auto: true})
		for _, l := range lines {
			r.Line(l)
		}
	}
}

// splitBlocks cuts data into blocks of about size bytes ending at line ends.
func splitBlocks(data []byte, size int) [][]byte {
	var blocks [][]byte
	for len(data) > 0 {
		n := min(size, len(data))
		if k := bytes.LastIndexByte(data[:n], '\n'); k >= 0 && n < len(data) {
			n = k + 1
		}
		blocks = append(blocks, data[:n])
		data = data[n:]
	}
	return blocks
}
