package scan

import (
	"testing"

	"github.com/codewatch/codewatch/internal/catalog"
)

// BenchmarkReaderPhrases is BenchmarkReader with the default catalog with
// and without its phrases, on the same corpora: what searching for the
// Web SDK 4.x phrases costs.
func BenchmarkReaderPhrases(b *testing.B) {
	var strip []catalog.Entry
	for _, c := range catalog.Default().Codes {
		if len(c.Phrases) > 0 {
			strip = append(strip, catalog.Entry{Code: catalog.Code{Name: c.Name}, Set: catalog.FName | catalog.FPhrases})
		}
	}
	if len(strip) == 0 {
		b.Skip("the default catalog has no phrases")
	}
	without, err := catalog.Default().With(strip)
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name string
		data func(*testing.B) []byte
	}{{"codes", benchCorpus}, {"clean", benchClean}} {
		for _, v := range []struct {
			name string
			cat  *catalog.Catalog
		}{{"phrases", catalog.Default()}, {"none", without}} {
			b.Run(c.name+"/"+v.name, func(b *testing.B) {
				benchScan(b, c.data(b), v.cat, Options{Body: BodyNone})
			})
		}
	}
}
