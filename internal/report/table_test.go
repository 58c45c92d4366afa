package report

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

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
		c := r.Count(name)
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

	// Every SDK: the sample logs read with every built-in catalog, each
	// line in its SDK's (a Named report: an SDK column, ambiguous values),
	// and against the Web 2.x report of the same logs as a baseline (the
	// same names under other SDKs are new, Web 2.x's that went are gone).
	set := catalog.MustSet(catalog.Builtin()...)
	sdk := New(strings.Join(set.IDs(), ","))
	sdk.Named = true
	for _, path := range logs {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		rd := scan.NewReader(scan.NewSetMatcher(set, scan.MatcherOptions{Unknown: true, Auto: true}), scan.Options{Body: scan.BodyNone})
		c := sdk.Count("testdata/logs/" + filepath.Base(path))
		st, err := rd.Scan(bytes.NewReader(data), c)
		if err != nil {
			t.Fatal(err)
		}
		c.Done(st, nil)
	}
	out = append(out, sample{"sdk", sdk})
	sdkBase := New(sdk.Catalog)
	sdkBase.Merge(sdk)
	sdkBase.Compare(fromLogs(), "web-2.x.json")
	out = append(out, sample{"sdk-baseline", sdkBase})
	return out
}

// TestTableGolden: without options the table is what it has always been,
// byte for byte (testdata/table/NAME.txt), and fitted to 80 and 120
// columns it is as NAME-80.txt and NAME-120.txt say, for people to review
// (-update rewrites them).
func TestTableGolden(t *testing.T) {
	for _, s := range sampleReports(t) {
		for _, width := range []int{0, 80, 120} {
			name := s.name
			if width > 0 {
				if strings.HasPrefix(name, "logs-") {
					continue
				}
				name += fmt.Sprintf("-%d", width)
			}
			t.Run(name, func(t *testing.T) {
				got := table(t, s.r, TableOptions{Width: width})
				golden := filepath.Join("testdata", "table", name+".txt")
				if *update {
					if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
						t.Fatal(err)
					}
					return
				}
				want, err := os.ReadFile(golden)
				if err != nil {
					t.Fatalf("%v (go test -update writes it)", err)
				}
				if got != string(want) {
					t.Errorf("the table differs from %s (go test -update rewrites it):\n%s", golden, got)
				}
			})
		}
	}
}

// sgr matches the SGR sequences the table colours with.
var sgr = regexp.MustCompile("\x1b\\[[0-9;]*m")

// cellsOf is the reference width of a line on a terminal: SGR sequences
// take no cells, Han, kana, Hangul, CJK punctuation and fullwidth forms
// two, combining marks and format characters none, the rest one. It is
// written apart from runeCells, from Unicode's scripts.
func cellsOf(line string) int {
	n := 0
	for _, r := range sgr.ReplaceAllString(line, "") {
		switch {
		case unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf):
		case unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul),
			r >= 0x3000 && r <= 0x303e, r >= 0xff01 && r <= 0xff60, r >= 0xffe0 && r <= 0xffe6:
			n += 2
		default:
			n++
		}
	}
	return n
}

func table(t *testing.T, r *Report, o TableOptions) string {
	t.Helper()
	var b bytes.Buffer
	if err := r.WriteTableWith(&b, o); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestTableWidth: with a width, no line of any sample report is wider, in
// colour or not; colour changes nothing but the SGR sequences; the codes,
// their counts and their severities are all still there; and a width the
// full table fits in gives the full table.
func TestTableWidth(t *testing.T) {
	for _, s := range sampleReports(t) {
		full := table(t, s.r, TableOptions{})
		fullWidth := 0
		for line := range strings.Lines(full) {
			fullWidth = max(fullWidth, cellsOf(strings.TrimSuffix(line, "\n")))
		}
		for _, width := range []int{1, 10, 20, 40, 60, 80, 100, 120, 160, 200, fullWidth} {
			t.Run(fmt.Sprintf("%s/%d", s.name, width), func(t *testing.T) {
				plain := table(t, s.r, TableOptions{Width: width})
				color := table(t, s.r, TableOptions{Width: width, Color: true})
				if strings.Contains(plain, "\x1b") {
					t.Errorf("escape sequences without colour")
				}
				if got := sgr.ReplaceAllString(color, ""); got != plain {
					t.Errorf("colour changed the layout:\n%s\nwithout colour:\n%s", got, plain)
				}
				if width >= 20 && strings.Count(color, "\x1b[") < len(s.r.Codes) {
					t.Errorf("%d SGR sequences for %d codes", strings.Count(color, "\x1b["), len(s.r.Codes))
				}
				if strings.Contains(sgr.ReplaceAllString(color, ""), "\x1b") {
					t.Errorf("an escape sequence other than SGR")
				}
				for i, line := range strings.Split(strings.TrimSuffix(color, "\n"), "\n") {
					if w := cellsOf(line); w > width {
						t.Errorf("line %d is %d cells wide, more than %d: %q", i+1, w, width, sgr.ReplaceAllString(line, ""))
					}
				}
				if width >= 60 {
					lines := strings.Split(plain, "\n")
					for _, c := range s.r.Codes {
						sdk, name := "", cut(c.Name, codeMax)
						if s.r.Named { // the SDK column, never dropped; the name keeps codeLeast
							sdk, name = regexp.QuoteMeta(catalog.ShortID(c.Catalog))+` +`, cut(c.Name, codeLeast)
						}
						want := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(thousands(c.Count)) + ` +(\S+ +)*` + c.Severity.String() + ` +` +
							sdk + regexp.QuoteMeta(strings.TrimSuffix(name, "…")))
						if !slices.ContainsFunc(lines, want.MatchString) {
							t.Errorf("no row for %s (%d, %s)", c.Name, c.Count, c.Severity)
						}
					}
				}
				// (With a width, sparklines of a bucket width asked for take
				// all the room there is, and wide runes are aligned by cells.)
				if width == fullWidth && s.r.Bucket == 0 && !strings.ContainsFunc(full, func(r rune) bool { return unicode.Is(unicode.Han, r) }) && plain != full {
					t.Errorf("the full table fits in %d cells, but is not what WriteTable writes:\n%s", width, plain)
				}
			})
		}
	}
}

// TestTimelineFit: a view fitted to some cells has at most that many
// buckets, the same counts per severity, a width no finer than the view's,
// a multiple of the width asked for, and by time of day at most a day.
func TestTimelineFit(t *testing.T) {
	for _, s := range sampleReports(t) {
		for _, asked := range []int64{0, 1, 7, 60, 90, 1440} {
			dated, clock := s.r.Timeline.Views(asked)
			for _, v := range []View{dated, clock} {
				if len(v.Buckets) == 0 {
					continue
				}
				sum := func(v View) (c Counts) {
					for _, b := range v.Buckets {
						c.add(&b.Counts)
					}
					return c
				}
				for _, cells := range []int{2, 3, 10, 29, 60, 200} {
					f := s.r.Timeline.fit(v, cells, asked)
					name := fmt.Sprintf("%s: %s buckets asked, dated %v, %d cells: %d %s buckets", s.name, WidthString(max(asked, 1)), v.Dated, cells,
						len(f.Buckets), WidthString(f.Width))
					switch {
					case len(f.Buckets) > cells:
						t.Errorf("%s: too many", name)
					case sum(f) != sum(v):
						t.Errorf("%s: counts %v, want %v", name, sum(f), sum(v))
					case f.Width < v.Width, asked > 0 && f.Width%asked != 0 && f.Width != 1440:
						t.Errorf("%s: not a multiple of %s, or finer than %s", name, WidthString(asked), WidthString(v.Width))
					case !v.Dated && f.Width > 1440:
						t.Errorf("%s: wider than a day", name)
					case len(v.Buckets) <= cells && f.Width != v.Width:
						t.Errorf("%s: changed a view that fits", name)
					}
				}
			}
		}
	}
	// The sample logs by the hour, 22,000 hours, are drawn by the month.
	r := sampleReports(t)[1].r
	dated, _ := r.Timeline.Views(r.Bucket)
	if f := r.Timeline.fit(dated, MaxBuckets, r.Bucket); f.Width != 30*1440 || len(f.Buckets) != 31 {
		t.Errorf("logs by the hour in %d cells: %d %s buckets, want 31 30d", MaxBuckets, len(f.Buckets), WidthString(f.Width))
	}
}

// TestTableSparklines: without a width, a sparkline has at most
// MaxBuckets cells, and when its buckets were merged its header says so;
// with one, the timeline's lines fit it (TestTableWidth), and the
// sparkline takes the room there is.
func TestTableSparklines(t *testing.T) {
	spark := regexp.MustCompile(`^  \S+ +\|([^|]*)\|`)
	for _, s := range sampleReports(t) {
		for _, width := range []int{0, 80, 120} {
			out := table(t, s.r, TableOptions{Width: width})
			merged := regexp.MustCompile(`(?m)^timeline .* buckets \(merged from \w+\) `).MatchString(out)
			if s.r.Bucket == 0 && merged {
				t.Errorf("%s, width %d: merged buckets no one asked for", s.name, width)
			}
			widest := 0
			for line := range strings.Lines(out) {
				if m := spark.FindStringSubmatch(line); m != nil {
					widest = max(widest, utf8.RuneCountInString(m[1]))
				}
			}
			if width == 0 && widest > MaxBuckets {
				t.Errorf("%s: a sparkline of %d cells", s.name, widest)
			}
			if s.name == "logs-1m" {
				if !merged {
					t.Errorf("%s, width %d: no header says the buckets were merged:\n%s", s.name, width, out)
				}
				if width > 0 && widest < width/3 {
					t.Errorf("%s, width %d: the widest sparkline has only %d cells", s.name, width, widest)
				}
			}
		}
	}
}

// TestDocsLayout: the examples of docs/report-layout.md are what the table
// prints: the 80-column table whole, the 120-column one's codes, and the
// header of a timeline merged to fit.
func TestDocsLayout(t *testing.T) {
	doc, err := os.ReadFile("../../docs/report-layout.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := regexp.MustCompile("(?s)```console\n(.*?)```").FindAllStringSubmatch(string(doc), -1)
	if len(blocks) != 2 {
		t.Fatalf("%d console blocks in the doc, want 2", len(blocks))
	}
	samples := sampleReports(t)
	logs, hourly := samples[0].r, samples[1].r
	if got := table(t, logs, TableOptions{Width: 80}); blocks[0][1] != got {
		t.Errorf("the doc's 80-column table is not what the table prints:\n%s", got)
	}
	if got := table(t, logs, TableOptions{Width: 120}); !strings.Contains(got, "\n"+blocks[1][1]) {
		t.Errorf("the doc's 120-column table is not what the table prints:\n%s", got)
	}
	header := regexp.MustCompile("`(timeline \\(UTC\\), [^`]*merged from 1h[^`]*)`").FindStringSubmatch(string(doc))
	if header == nil || !strings.Contains(table(t, hourly, TableOptions{}), "\n"+header[1]+"\n") {
		t.Errorf("the doc's merged timeline header %q is not what the table prints", header)
	}
}
