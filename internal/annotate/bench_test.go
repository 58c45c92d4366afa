package annotate

import (
	"bytes"
	"io"
	"testing"

	"github.com/codewatch/codewatch/internal/catalog"
	"github.com/codewatch/codewatch/internal/scan"
	"github.com/codewatch/codewatch/internal/testgen"
)

// BenchmarkAnnotate is codewatch annotate without I/O: the reader, the
// matcher and the writer over a 32 MiB generated corpus, to io.Discard.
func BenchmarkAnnotate(b *testing.B) {
	var buf bytes.Buffer
	if _, _, err := testgen.Write(&buf, testgen.Config{Seed: 1, Bytes: 32 << 20}, nil); err != nil {
		b.Fatal(err)
	}
	data := buf.Bytes()
	cat := catalog.Default()
	m := scan.NewMatcher(cat, false)
	for _, c := range []struct {
		name string
		opt  Options
		json bool
	}{
		{"text", Options{}, false},
		{"text-only-matching", Options{OnlyMatching: true}, false},
		{"text-escaped", Options{Escape: true, Color: true}, false},
		{"json-only-matching", Options{OnlyMatching: true}, true},
		{"json", Options{}, true},
	} {
		b.Run(c.name, func(b *testing.B) {
			ropt := scan.Options{EveryLine: c.json && !c.opt.OnlyMatching}
			if c.opt.OnlyMatching {
				ropt.Body = scan.BodyMatching
			}
			rd := scan.NewReader(m, ropt)
			opt := c.opt
			opt.JSON = c.json
			sink := New(io.Discard, opt)
			r := bytes.NewReader(data)
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				r.Reset(data)
				sink.Start("bench.log")
				if _, err := rd.Scan(r, sink); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
