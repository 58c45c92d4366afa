package report

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/codewatch/codewatch/internal/catalog"
	"github.com/codewatch/codewatch/internal/scan"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// sample is a report the table tests render.
type sample struct {
	name string
	r    *Report
}

// sampleReports are the reports the table is tried on: the sample logs
// (with the automatic buckets and hourly ones), and reports made to be
// hard to fit: long and wide file names, long and wide descriptions, every
// code of the catalog, many unknown codes, failed inputs and a baseline.
func sampleReports(t *testing.T) []sample {
	t.Helper()
	logs, err := filepath.Glob("../../testdata/logs/*.log")
	if err != nil || len(logs) < 10 {
		t.Fatalf("sample logs: %v (%d found)", err, len(logs))
	}
	read := func(r *Report, cat *catalog.Catalog, name string, data []byte, fail error) {
		t.Helper()
		rd := scan.NewReader(scan.NewMatcher(cat, true), scan.Options{Body: scan.BodyNone})
		c := r.Count(cat, name)
		st, err := rd.Scan(bytes.NewReader(data), c)
		if err != nil {
			t.Fatal(err)
		}
		c.Done(st, fail)
	}
	fromLogs := func() *Report {
		r := New("default")
		for _, path := range logs {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			read(r, catalog.Default(), "testdata/logs/"+filepath.Base(path), data, nil)
		}
		return r
	}
	var out []sample
	out = append(out, sample{"logs", fromLogs()})
	hourly := fromLogs()
	hourly.Bucket = 60
	out = append(out, sample{"logs-1h", hourly})
	minutes := fromLogs()
	minutes.Bucket = 1
	out = append(out, sample{"logs-1m", minutes})

	// Long and wide: a user catalog with long descriptions (some in
	// Chinese, two cells a rune), a long code name and a critical code;
	// long, deep and Chinese file names; a failed input; many unknowns.
	cat, err := catalog.Default().With([]catalog.Entry{
		{Code: catalog.Code{Name: "K_UID_BANNED", Description: strings.Repeat("The UID is banned by the server, for a long and carefully explained reason. ", 4)},
			Set: catalog.FName | catalog.FDescription},
		{Code: catalog.Code{Name: "ERR_NO_AUTHORIZED", Description: "当前频道密钥未获授权。请检查您的应用证书和令牌是否匹配，并确认令牌尚未过期，然后重新加入频道。"},
			Set: catalog.FName | catalog.FDescription},
		{Code: catalog.Code{Name: "ERR_A_VERY_LONG_CODE_NAME_FROM_A_USER_CATALOG_THAT_GOES_ON", Kind: catalog.Error, Severity: catalog.Critical,
			Description: "A code with a long name, at the critical severity."},
			Set: catalog.FName | catalog.FKind | catalog.FSeverity | catalog.FDescription},
	})
	if err != nil {
		t.Fatal(err)
	}
	long := New("default+long.json")
	deep := "/var/log/" + strings.Repeat("a-rather-long-directory-name/", 6) + strings.Repeat("application-server-", 5) + "node-17.log"
	read(long, cat, deep, []byte("2026-03-01T10:00:00.123+08:00 K_UID_BANNED\n2026-03-01T11:00:00Z ERR_NO_AUTHORIZED\n"), nil)
	read(long, cat, "/srv/日志/客户端日志文件-北京-第三机房.log", []byte("10:05:00.000 ERR_NO_AUTHORIZED ERR_A_VERY_LONG_CODE_NAME_FROM_A_USER_CATALOG_THAT_GOES_ON\n"+
		"23:59:59.999 K_UID_BANNED code: 4242\n"), nil)
	var unknown strings.Builder
	for i := range 30 {
		fmt.Fprintf(&unknown, "2026-03-0%dT10:00:00Z ERR_UNHEARD_OF_%d_%s error code: %d\n", 1+i%9, i, strings.Repeat("X", i*3), 9000+i)
	}
	read(long, cat, deep+".1", []byte(unknown.String()), nil)
	read(long, cat, "/var/log/app.log.2.gz", []byte("2026-03-02T00:00:00Z K_UID_BANNED\n"),
		errorString("truncated gzip data (unexpected end of file) after a long way through a file named "+deep))
	long.Failed("/var/log/"+strings.Repeat("missing-", 12)+".log", errorString("open: no such file or directory"))
	out = append(out, sample{"long", long})

	// Every code of the catalog, once each by name, with a baseline that
	// has some of them and some others.
	all := New("default")
	var every strings.Builder
	for i, c := range catalog.Default().Codes {
		fmt.Fprintf(&every, "2026-03-%02dT%02d:%02d:00Z %s\n", 1+i%28, i%24, i%60, c.Name)
	}
	read(all, catalog.Default(), "every-code.log", []byte(every.String()), nil)
	old := New("default")
	read(old, catalog.Default(), "old.log", []byte("ERR_NO_AUTHORIZED\nERR_NO_AUTHORIZED\nERR_NO_AUTHORIZED\nWARN_OPEN_CHANNEL_TIMEOUT\n"+
		"ERR_A_CODE_THAT_IS_NOT_THERE\n"), nil)
	oldLong := New("default+long.json")
	read(oldLong, cat, "old.log", []byte("ERR_A_VERY_LONG_CODE_NAME_FROM_A_USER_CATALOG_THAT_GOES_ON\nK_UID_BANNED\n"), nil)
	old.Merge(oldLong)
	all.Compare(old, "/home/someone/reports/"+strings.Repeat("last-release-", 8)+"baseline.json")
	out = append(out, sample{"every-code-baseline", all})

	long2 := New("default+long.json")
	long2.Merge(long)
	long2.Compare(all, "baseline.json")
	out = append(out, sample{"long-baseline", long2})
	return out
}

// TestTableGolden: without options the table is what it has always been,
// byte for byte (testdata/table/NAME.txt; -update rewrites them).
func TestTableGolden(t *testing.T) {
	for _, s := range sampleReports(t) {
		t.Run(s.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := s.r.WriteTable(&b); err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", "table", s.name+".txt")
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, b.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (go test -update writes it)", err)
			}
			if !bytes.Equal(b.Bytes(), want) {
				t.Errorf("the table differs from %s (go test -update rewrites it):\n%s", golden, b.String())
			}
		})
	}
}
