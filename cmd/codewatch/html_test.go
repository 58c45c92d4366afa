package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// chromium returns the path of a headless-capable Chromium, or skips the
// test, unless CI=true where a missing browser is a failure (.ci/run
// installs Debian's chromium).
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("chromium is not installed, and CI=true: .ci/run should have installed it")
	}
	t.Skip("chromium is not installed (apt-get install chromium): the HTML report is not checked in a browser")
	return ""
}

// dumpDOM loads path in headless Chromium and returns the DOM it rendered.
func dumpDOM(t *testing.T, browser, path string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
		"--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir="+t.TempDir(), "--dump-dom", "file://"+path)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s: %v\n%s", browser, err, stderr.String())
	}
	if stdout.Len() == 0 {
		t.Fatalf("%s printed no DOM:\n%s", browser, stderr.String())
	}
	return stdout.String()
}

// TestHTMLInBrowser opens the HTML report in headless Chromium and checks
// from the DOM it rendered that the charts are there and show the counts
// of the JSON report of the same inputs, and that nothing from a log or a
// file name became markup.
func TestHTMLInBrowser(t *testing.T) {
	browser := chromium(t)
	dir := t.TempDir()
	writeCorpus(t, dir, 12)
	hostile := filepath.Join(dir, `"><img src=x onerror=alert(1)><script>alert(2).log`)
	if err := os.WriteFile(hostile, []byte("2026-03-01T10:00:00Z K_UID_BANNED javascript:alert(3) ERR_<b>X</b>\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	report := func(format string) []byte {
		var stdout, stderr bytes.Buffer
		st := run(context.Background(), []string{"report", "--format", format, dir}, strings.NewReader(""), &stdout, &stderr)
		if st != exitError { // the corpus holds a truncated archive
			t.Fatalf("status %d, stderr %q", st, stderr.String())
		}
		return stdout.Bytes()
	}
	var rep struct {
		Codes []struct {
			Name  string
			Count int64
		}
		Timeline struct {
			Dated, Clock []struct {
				Minute string
				Counts map[string]int64
			}
		}
	}
	if err := json.Unmarshal(report("json"), &rep); err != nil {
		t.Fatal(err)
	}
	page := filepath.Join(t.TempDir(), "report.html")
	if err := os.WriteFile(page, report("html"), 0o644); err != nil {
		t.Fatal(err)
	}
	dom := dumpDOM(t, browser, page)

	// Codes by count: one bar per code, with the JSON's count, in order.
	type bar struct {
		Name  string
		Count int64
	}
	var want, got []bar
	for _, c := range rep.Codes {
		want = append(want, bar{c.Name, c.Count})
	}
	chart := section(t, dom, `<svg id="codes-chart"`)
	for _, m := range regexp.MustCompile(`<g class="bar" data-code="([^"]*)" data-count="(\d+)"[^>]*>.*?<rect [^>]*width="(\d+)"`).FindAllStringSubmatch(chart, -1) {
		n, _ := strconv.ParseInt(m[2], 10, 64)
		if w, _ := strconv.Atoi(m[3]); w <= 0 {
			t.Errorf("bar %s has width %d", m[1], w)
		}
		got = append(got, bar{m[1], n})
	}
	if len(want) < 5 {
		t.Fatalf("the corpus should have many codes, has %d", len(want))
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("codes chart against the JSON (-json +chart):\n%s", diff)
	}

	// The timelines: per severity, the buckets add up to the JSON's minutes.
	for _, tl := range []struct {
		id      string
		minutes []struct {
			Minute string
			Counts map[string]int64
		}
	}{{"timeline-dated", rep.Timeline.Dated}, {"timeline-clock", rep.Timeline.Clock}} {
		wantSum := map[string]int64{}
		for _, m := range tl.minutes {
			for sev, n := range m.Counts {
				if n > 0 {
					wantSum[sev] += n
				}
			}
		}
		gotSum := map[string]int64{}
		svg := section(t, dom, `<svg id="`+tl.id+`"`)
		rects := regexp.MustCompile(`<rect class="bucket (\w+)" data-start="[^"]+" data-count="(\d+)"[^>]*height="([\d.]+)"`).FindAllStringSubmatch(svg, -1)
		for _, m := range rects {
			n, _ := strconv.ParseInt(m[2], 10, 64)
			gotSum[m[1]] += n
			if h, _ := strconv.ParseFloat(m[3], 64); h <= 0 {
				t.Errorf("%s: a bucket of %s has height %v", tl.id, m[1], h)
			}
		}
		if len(wantSum) == 0 || len(rects) == 0 {
			t.Fatalf("%s: the corpus should fill it: %d severities, %d buckets", tl.id, len(wantSum), len(rects))
		}
		if diff := cmp.Diff(wantSum, gotSum); diff != "" {
			t.Errorf("%s against the JSON timeline (-json +chart):\n%s", tl.id, diff)
		}
		for sev, n := range wantSum {
			if !strings.Contains(svg, `<g class="series" data-severity="`+sev+`" data-total="`+strconv.FormatInt(n, 10)+`"`) {
				t.Errorf("%s: no series for %s with total %d", tl.id, sev, n)
			}
		}
	}

	// Nothing from a file name or a log line became an element.
	for _, bad := range []string{"<img", "<script", "<b>"} {
		if strings.Contains(strings.ToLower(dom), bad) {
			t.Errorf("the rendered DOM holds the element %q", bad)
		}
	}
	if m := regexp.MustCompile(`<[^>]*\son\w+=`).FindString(dom); m != "" {
		t.Errorf("the rendered DOM has an event handler: %s", m)
	}
	if !strings.Contains(dom, `"&gt;&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;alert(2).log:1`) {
		t.Errorf("the hostile file name is not shown as text")
	}
}

// section returns dom from the start of the element that begins with
// start to its end tag.
func section(t *testing.T, dom, start string) string {
	t.Helper()
	i := strings.Index(dom, start)
	if i < 0 {
		t.Fatalf("no %s in the rendered DOM", start)
	}
	j := strings.Index(dom[i:], "</svg>")
	if j < 0 {
		t.Fatalf("%s is not closed", start)
	}
	return dom[i : i+j]
}

// TestHTMLInjection: markup and script put where a report takes text from
// outside — file names (walked, given, and a failed input's), log lines
// (lines that carry codes, and unknown-code text), a user catalog's
// descriptions and hints and its file's name, --label, a baseline's file
// name, and the JSON reports that merge reads — come out of the HTML
// report as text: Chromium renders no script, no element with an event
// handler, no javascript: URL, no injected element, and the page's title
// is its own. Each payload would set document.title to "pwnedN" if it ran.
func TestHTMLInjection(t *testing.T) {
	browser := chromium(t)
	dir := t.TempDir()
	logs := filepath.Join(dir, "logs")
	write := func(path string, data []byte) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	line := "2026-03-01T10:00:00Z K_UID_BANNED <script>document.title='pwned1'</script> \"><img src=x onerror=document.title='pwned2'> " +
		"<a href=\"javascript:document.title='pwned3'\">x</a> ERR_<b>X</b> ERR_XSS_PROBE code: 999\n"
	// A file name cannot hold "/": "</script>" spans a directory and a file.
	write(filepath.Join(logs, "<script>document.title='pwned4'<", "script>.log"), []byte(line))
	write(filepath.Join(logs, `"><img src=x onerror=document.title='pwned5'>.log`), []byte(line))
	write(filepath.Join(logs, `javascript:document.title='pwned6'.log`), []byte(line))
	var z bytes.Buffer
	zw := gzip.NewWriter(&z)
	zw.Write(bytes.Repeat([]byte(line), 100))
	zw.Close()
	write(filepath.Join(logs, `"><svg onload=document.title='pwned7'>.gz`), z.Bytes()[:z.Len()/2])
	catFile := filepath.Join(dir, `x"><svg onload=document.title='pwned8'>.json`)
	write(catFile, []byte(`{"codes": [
  {"name": "K_UID_BANNED", "description": "<script>document.title='pwned9'</script> banned",
   "hint": "\"><img src=x onerror=document.title='pwned10'> see javascript:document.title='pwned11'"},
  {"name": "MY_XSS", "kind": "error", "value": 999, "description": "<iframe src=\"javascript:document.title='pwned12'\"></iframe>"}
]}`))
	run1 := func(args ...string) []byte {
		t.Helper()
		var stdout, stderr bytes.Buffer
		if st := run(context.Background(), args, strings.NewReader(""), &stdout, &stderr); st != exitError { // the truncated archive
			t.Fatalf("%q: status %d, stderr %q", args, st, stderr.String())
		}
		return stdout.Bytes()
	}
	label := "<script>document.title='pwned13'</script>:"
	reportArgs := []string{"report", "--catalog", catFile, "--label", label, logs}
	base := filepath.Join(dir, `<img src=x onerror=document.title='pwned14'>.json`)
	write(base, run1(append(reportArgs, "--format", "json")...))
	pages := map[string][]byte{
		"report": run1(append(reportArgs, "--format", "html", "--baseline", base)...),
		"merge":  run1("merge", "--format", "html", "--baseline", base, base, filepath.Join(dir, "missing.json")),
	}
	for name, html := range pages {
		t.Run(name, func(t *testing.T) {
			page := filepath.Join(t.TempDir(), "report.html")
			if err := os.WriteFile(page, html, 0o644); err != nil {
				t.Fatal(err)
			}
			dom := dumpDOM(t, browser, page)
			lower := strings.ToLower(dom)
			if !strings.Contains(dom, "<title>codewatch report</title>") || strings.Contains(dom, ">pwned") {
				t.Errorf("the page's title changed:\n%s", dom[:min(len(dom), 600)])
			}
			for _, el := range []string{"<script", "<img", "<svg onload", "<iframe", "<a ", "<b>"} {
				if strings.Contains(lower, el) {
					t.Errorf("the rendered DOM holds the element %q", el)
				}
			}
			if m := regexp.MustCompile(`<[^>]*\son\w+\s*=`).FindString(dom); m != "" {
				t.Errorf("an element has an event handler: %s", m)
			}
			if m := regexp.MustCompile(`(?i)<[^>]*=\s*"?\s*javascript:`).FindString(dom); m != "" {
				t.Errorf("an attribute holds a javascript: URL: %s", m)
			}
			// What was injected shows as text.
			for _, text := range []string{
				"&lt;script&gt;document.title='pwned4'&lt;/script&gt;.log",
				`"&gt;&lt;img src=x onerror=document.title='pwned5'&gt;.log`,
				"javascript:document.title='pwned6'.log",
				`"&gt;&lt;svg onload=document.title='pwned7'&gt;.gz`,
				"&lt;script&gt;document.title='pwned13'&lt;/script&gt;:",
				"&lt;img src=x onerror=document.title='pwned14'&gt;.json",
				"ERR_XSS_PROBE",
			} {
				if !strings.Contains(dom, text) {
					t.Errorf("the DOM does not show %q as text", text)
				}
			}
			if name == "report" {
				for _, text := range []string{
					"&lt;script&gt;document.title='pwned9'&lt;/script&gt; banned",
					`"&gt;&lt;img src=x onerror=document.title='pwned10'&gt; see javascript:document.title='pwned11'`,
					`&lt;iframe src="javascript:document.title='pwned12'"&gt;&lt;/iframe&gt;`,
					`x"&gt;&lt;svg onload=document.title='pwned8'&gt;.json`,
				} {
					if !strings.Contains(dom, text) {
						t.Errorf("the DOM does not show %q as text", text)
					}
				}
			}
		})
	}
}

// measureScript runs in a test's copy of a report page and writes what
// the layout measured into a <pre id="codewatch-measure"> as JSON: the
// page's widths, the elements that reach past the window's right edge,
// and per timeline its box, its time labels' boxes and its buckets.
const measureScript = `<script>(function () {
  var d = document.documentElement;
  var out = {scrollWidth: d.scrollWidth, clientWidth: d.clientWidth, innerWidth: window.innerWidth, over: [], timelines: [], groups: []};
  document.querySelectorAll("#breakdown tr.group").forEach(function (g) {
    var bar = g.querySelector("svg.group-bar").getBoundingClientRect();
    out.groups.push({name: g.getAttribute("data-name"), count: +g.getAttribute("data-count"), barWidth: bar.width});
  });
  document.querySelectorAll("body *").forEach(function (e) {
    var r = e.getBoundingClientRect();
    if (r.right > window.innerWidth + 0.5 && out.over.length < 10) {
      out.over.push(e.tagName.toLowerCase() + " to " + Math.round(r.right) + "px: " + (e.textContent || "").replace(/\s+/g, " ").slice(0, 80));
    }
  });
  document.querySelectorAll("svg.timeline").forEach(function (svg) {
    var s = svg.getBoundingClientRect(), tl = {id: svg.id, left: s.left, right: s.right, ticks: [], starts: []};
    svg.querySelectorAll("text.tick").forEach(function (t) {
      var r = t.getBoundingClientRect();
      tl.ticks.push({start: t.getAttribute("data-start"), text: t.textContent, left: r.left, right: r.right});
    });
    svg.querySelectorAll("rect.bucket").forEach(function (r) { tl.starts.push(r.getAttribute("data-start")); });
    out.timelines.push(tl);
  });
  var pre = document.createElement("pre");
  pre.id = "codewatch-measure";
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
})();</script>`

type layout struct {
	ScrollWidth, ClientWidth, InnerWidth float64
	Over                                 []string
	Groups                               []struct {
		Name     string
		Count    int64
		BarWidth float64
	}
	Timelines []struct {
		ID          string
		Left, Right float64
		Ticks       []struct {
			Start, Text string
			Left, Right float64
		}
		Starts []string
	}
}

// measure lays the report page out in headless Chromium in a window of
// width × height and returns what measureScript measured. The report's
// policy allows no script: the test's copy of the page allows inline
// script (and still nothing from the network) and ends with the script.
func measure(t *testing.T, browser string, page []byte, width, height int) layout {
	t.Helper()
	const csp = `content="default-src 'none'; style-src 'unsafe-inline'"`
	if !bytes.Contains(page, []byte(csp)) || !bytes.Contains(page, []byte("</body>")) {
		t.Fatalf("the page has no policy %s or no </body>", csp)
	}
	page = bytes.Replace(page, []byte(csp), []byte(`content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'"`), 1)
	page = bytes.Replace(page, []byte("</body>"), []byte(measureScript+"\n</body>"), 1)
	path := filepath.Join(t.TempDir(), "measure.html")
	if err := os.WriteFile(path, page, 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
		"--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir="+t.TempDir(), fmt.Sprintf("--window-size=%d,%d", width, height), "--dump-dom", "file://"+path)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s: %v\n%s", browser, err, stderr.String())
	}
	m := regexp.MustCompile(`<pre id="codewatch-measure">([^<]*)</pre>`).FindSubmatch(stdout.Bytes())
	if m == nil {
		t.Fatalf("the page measured nothing (did its script run?):\n%s", stderr.String())
	}
	var l layout
	if err := json.Unmarshal([]byte(html.UnescapeString(string(m[1]))), &l); err != nil {
		t.Fatal(err)
	}
	if l.InnerWidth != float64(width) {
		t.Fatalf("the window is %v px wide, want %d", l.InnerWidth, width)
	}
	return l
}

// TestHTMLFitsWindow: at 1,366 × 768 in Chromium, the HTML report has no
// horizontal overflow — document.documentElement.scrollWidth is at most
// window.innerWidth, and at most clientWidth: no horizontal scroll bar —
// for the sample logs, and for a report made to be wide: long and deep
// file names, a catalog with a 64-character code name and a description
// with a 300-character word, unknown codes with long names, failed inputs
// and a baseline, broken down by input. Its timelines (dated and by time of day) have time
// labels: the first and the last bucket's start among them, in order,
// inside the chart, none over another.
func TestHTMLFitsWindow(t *testing.T) {
	browser := chromium(t)
	dir := t.TempDir()
	deep := filepath.Join(dir, strings.Repeat("a-rather-long-directory-name-", 3), strings.Repeat("application-server-", 4)+"with-a-long-name")
	write := func(path, data string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	long := "ERR_" + strings.Repeat("VERY_LONG_", 6)[:60]
	var logs strings.Builder
	for i := range 40 {
		fmt.Fprintf(&logs, "2026-03-%02dT%02d:%02d:00.123Z ERR_NO_AUTHORIZED %s K_UID_BANNED ERR_UNHEARD_OF_%s%d code: %d\n",
			1+i%27, i%24, i%60, long, strings.Repeat("X", 40), i, 9000+i)
		fmt.Fprintf(&logs, "%02d:%02d:10.500 WARN_OPEN_CHANNEL_TIMEOUT onError: 110\n", 8+i%10, i%60)
	}
	write(filepath.Join(deep, strings.Repeat("node-17-", 8)+"agorasdk.log"), logs.String())
	write(filepath.Join(deep, "客户端日志文件-北京-第三机房-"+strings.Repeat("很长的名字", 6)+".log"), logs.String()[:2000])
	var z bytes.Buffer
	zw := gzip.NewWriter(&z)
	zw.Write([]byte(strings.Repeat(logs.String(), 4)))
	zw.Close()
	write(filepath.Join(deep, strings.Repeat("rotated-", 10)+".log.2.gz"), z.String()[:z.Len()/2])
	cat := filepath.Join(dir, "catalog.json")
	write(cat, `{"codes": [
  {"name": "`+long+`", "kind": "error", "description": "A code with the longest name a catalog allows, and a word: `+strings.Repeat("unbroken", 40)+`", "hint": "`+strings.Repeat("Read the manual again. ", 20)+`"},
  {"name": "K_UID_BANNED", "description": "`+strings.Repeat("The UID is banned by the server for a reason that takes long to explain. ", 5)+`"}
]}`)
	report := func(args ...string) []byte {
		t.Helper()
		var stdout, stderr bytes.Buffer
		st := run(context.Background(), append([]string{"report"}, args...), strings.NewReader(""), &stdout, &stderr)
		if st != exitOK && st != exitError { // exitError: the truncated archive, the missing input
			t.Fatalf("%q: status %d, stderr %q", args, st, stderr.String())
		}
		return stdout.Bytes()
	}
	base := filepath.Join(dir, strings.Repeat("last-release-", 6)+"baseline.json")
	write(base, string(report("--format", "json", "../../testdata/logs")))
	wide := []string{"--by", "input", "--catalog", cat, "--baseline", base, dir, filepath.Join(deep, strings.Repeat("missing-", 8)+".log")}
	pages := map[string][]byte{
		"sample logs": report("--format", "html", "../../testdata/logs"),
		"wide":        report(append([]string{"--format", "html"}, wide...)...),
	}
	var wideJSON struct {
		Breakdown struct {
			Groups []struct {
				Name        string
				Occurrences int64
			}
		}
	}
	if err := json.Unmarshal(report(append([]string{"--format", "json"}, wide...)...), &wideJSON); err != nil {
		t.Fatal(err)
	}
	for name, page := range pages {
		t.Run(name, func(t *testing.T) {
			l := measure(t, browser, page, 1366, 768)
			t.Logf("scrollWidth %v, clientWidth %v, innerWidth %v", l.ScrollWidth, l.ClientWidth, l.InnerWidth)
			if l.ScrollWidth > l.InnerWidth || l.ScrollWidth > l.ClientWidth {
				t.Errorf("the page is %v px wide in a window of %v (%v inside its scroll bar); past the right edge:\n%s",
					l.ScrollWidth, l.InnerWidth, l.ClientWidth, strings.Join(l.Over, "\n"))
			}
			ids := map[string]bool{}
			for _, tl := range l.Timelines {
				ids[tl.ID] = true
				if len(tl.Starts) < 2 || len(tl.Ticks) < 2 {
					t.Errorf("%s: %d buckets with counts, %d time labels", tl.ID, len(tl.Starts), len(tl.Ticks))
					continue
				}
				first, last := slices.Min(tl.Starts), slices.Max(tl.Starts)
				if tl.Ticks[0].Start != first || tl.Ticks[len(tl.Ticks)-1].Start != last {
					t.Errorf("%s: labels from %s to %s, buckets from %s to %s", tl.ID, tl.Ticks[0].Start, tl.Ticks[len(tl.Ticks)-1].Start, first, last)
				}
				for i, tick := range tl.Ticks {
					if tick.Text == "" || tick.Left < tl.Left || tick.Right > tl.Right {
						t.Errorf("%s: label %q at %v..%v px, outside the chart's %v..%v", tl.ID, tick.Text, tick.Left, tick.Right, tl.Left, tl.Right)
					}
					if i > 0 && (tick.Start <= tl.Ticks[i-1].Start || tick.Left < tl.Ticks[i-1].Right+4) {
						t.Errorf("%s: label %q (%v..%v px) after %q (%v..%v px)", tl.ID, tick.Text, tick.Left, tick.Right,
							tl.Ticks[i-1].Text, tl.Ticks[i-1].Left, tl.Ticks[i-1].Right)
					}
				}
			}
			if !ids["timeline-dated"] || !ids["timeline-clock"] {
				t.Errorf("timelines %v, want timeline-dated and timeline-clock", ids)
			}
			if name == "wide" {
				// --by input: a row per input, the busiest first, its
				// bar drawn.
				if len(l.Groups) != 6 { // the three logs, the catalog, the baseline, the missing one
					t.Errorf("%d inputs in the breakdown, want 6", len(l.Groups))
				}
				type group struct {
					Name  string
					Count int64
				}
				var want, got []group
				for _, g := range wideJSON.Breakdown.Groups {
					want = append(want, group{g.Name, g.Occurrences})
				}
				for _, g := range l.Groups {
					got = append(got, group{g.Name, g.Count})
				}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("breakdown against the JSON's (-json +page):\n%s", diff)
				}
				for i, g := range l.Groups {
					if i > 0 && g.Count > l.Groups[i-1].Count {
						t.Errorf("breakdown: %s (%d) after %s (%d)", g.Name, g.Count, l.Groups[i-1].Name, l.Groups[i-1].Count)
					}
					if g.BarWidth < 100 {
						t.Errorf("breakdown: %s's bar is %v px wide", g.Name, g.BarWidth)
					}
				}
			}
		})
	}
}

// TestHTMLScreenshot renders the HTML report of four of the sample logs
// and a missing one, broken down by input, in headless Chromium at 1,366 px wide and checks that the
// screenshot is a PNG of that width. With -update it is saved as
// docs/img/report.png, the picture of the page in the docs:
//
//	go test ./cmd/codewatch -run TestHTMLScreenshot -update
func TestHTMLScreenshot(t *testing.T) {
	browser := chromium(t)
	var stdout, stderr bytes.Buffer
	args := []string{"report", "--sdk", "auto", "--format", "html", "--by", "input"}
	for _, name := range []string{"app-json.log", "app-logfmt.log", "logcat.log", "web-4x-chrome.log", "rotated-away.log"} {
		args = append(args, "../../testdata/logs/"+name)
	}
	if st := run(context.Background(), args, strings.NewReader(""), &stdout, &stderr); st != exitError { // the missing one
		t.Fatalf("status %d, stderr %q", st, stderr.String())
	}
	dir := t.TempDir()
	page := filepath.Join(dir, "report.html")
	if err := os.WriteFile(page, stdout.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	shot := filepath.Join(dir, "report.png")
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
		"--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--hide-scrollbars", "--user-data-dir="+filepath.Join(dir, "profile"), "--window-size=1366,2000",
		"--screenshot="+shot, "file://"+page)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", browser, err, out)
	}
	data, err := os.ReadFile(shot)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("the screenshot is not a PNG: %v", err)
	}
	if cfg.Width != 1366 || cfg.Height != 2000 {
		t.Errorf("the screenshot is %d × %d, want 1366 × 2000", cfg.Width, cfg.Height)
	}
	if *update {
		if err := os.WriteFile("../../docs/img/report.png", data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
