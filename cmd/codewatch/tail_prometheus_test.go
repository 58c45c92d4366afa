package main

import (
	"encoding/json"
	"fmt"
	"maps"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"
)

// TestTailPrometheus is the fleet's view: a real Prometheus (Debian's
// prometheus, which .ci/run installs) scrapes codewatch tail every second
// on loopback while lines are appended, and its HTTP API must say, summed
// by code, what was written.
func TestTailPrometheus(t *testing.T) {
	prom, err := exec.LookPath("prometheus")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("prometheus is not installed; .ci/run installs Debian's prometheus package")
		}
		t.Skip("prometheus is not installed (apt-get install prometheus); CI runs this test")
	}
	bin, err := exec.LookPath("codewatch")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	log := filepath.Join(dir, "app.log")
	os.WriteFile(log, nil, 0o644)
	// A Web 4.x console beside it: its lines are read in that SDK, the
	// app's in none known (each input has its own).
	web := filepath.Join(dir, "web.log")
	os.WriteFile(web, nil, 0o644)

	// codewatch on a port of its choosing, which it says on stderr.
	errPath := filepath.Join(dir, "err.txt")
	errFile, _ := os.Create(errPath)
	defer errFile.Close()
	cw := exec.Command(bin, "tail", "--log-level", "debug", "--metrics-addr", "127.0.0.1:0", log, web)
	cw.Stderr = errFile
	if err := cw.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cw.Process.Kill(); cw.Wait() }()
	addrRE := regexp.MustCompile(`serving metrics at http://(127\.0\.0\.1:\d+)/metrics`)
	var target string
	for deadline := time.Now().Add(60 * time.Second); target == "" && time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		b, _ := os.ReadFile(errPath)
		if m := addrRE.FindSubmatch(b); m != nil {
			target = string(m[1])
		}
	}
	if target == "" {
		b, _ := os.ReadFile(errPath)
		t.Fatalf("codewatch did not say where it serves metrics:\n%s", b)
	}

	promAddr := freeAddr(t)
	config := fmt.Sprintf(`global:
  scrape_interval: 1s
  evaluation_interval: 1s
scrape_configs:
  - job_name: codewatch
    static_configs:
      - targets: ['%s']
        labels: {host: test-host-1}
`, target)
	os.WriteFile(filepath.Join(dir, "prometheus.yml"), []byte(config), 0o644)
	pr := exec.Command(prom, "--config.file="+filepath.Join(dir, "prometheus.yml"),
		"--storage.tsdb.path="+filepath.Join(dir, "tsdb"), "--web.listen-address="+promAddr, "--log.level=warn")
	pr.Stderr = &lockedBuffer{}
	if err := pr.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { pr.Process.Kill(); pr.Wait() }()

	want, bySDK := map[string]int{}, map[string]int{}
	appendLines := func(log string, lines map[string]int) {
		f, err := os.OpenFile(log, os.O_WRONLY|os.O_APPEND, 0)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		for _, text := range slices.Sorted(maps.Keys(lines)) {
			for range lines[text] {
				fmt.Fprintln(f, text)
			}
		}
	}
	// No line of the first file may carry another SDK's cue ("onWarning:"
	// is native's): under --sdk auto a cue sets the SDK of the lines after
	// it, so one would change what those lines mean.
	codes := map[string]string{
		"join failed, code: 101":                 "ERR_INVALID_VENDOR_KEY",
		"user K_UID_BANNED":                      "K_UID_BANNED",
		"Get server node failed [NO_AUTHORIZED]": "ERR_NO_AUTHORIZED",
		"warning code: 106":                      "WARN_OPEN_CHANNEL_TIMEOUT",
		"level=error err=INVALID_OPERATION":      "INVALID_OPERATION",
	}
	webCodes := map[string]string{
		"Agora-SDK [ERROR]: [client-f541a] AgoraRTCError INVALID_OPERATION: Can't publish stream": "INVALID_OPERATION",
		"Agora-SDK [ERROR]: [client-f541a] AgoraRTCError CAN_NOT_GET_GATEWAY_SERVER: flag":        "CAN_NOT_GET_GATEWAY_SERVER",
	}
	lines := 0
	// batch is n lines with no code and n+i of the i-th code, counted in
	// want (by code) and bySDK (by the SDK the file's lines are read in).
	batch := func(n int, codes map[string]string, sdk string) map[string]int {
		lines += n
		out := map[string]int{"a line with no code": n}
		i := 0
		for text, code := range codes {
			out[text] = n + i
			want[code] += n + i
			bySDK[sdk+" "+code] += n + i
			lines += n + i
			i++
		}
		return out
	}
	query := `sum by (code) (codewatch_occurrences_total{job="codewatch"})`
	// Two batches, each seen through Prometheus before the next.
	for _, n := range []int{7, 25} {
		appendLines(log, batch(n, codes, "agora-web-2.x"))
		appendLines(web, batch(n, webCodes, "agora-web-4.x"))
		waitQuery(t, promAddr, query, want, pr.Stderr.(*lockedBuffer))
	}
	// The two INVALID_OPERATIONs are two SDKs' codes.
	waitQuery(t, promAddr, `sum by (sdk, code) (codewatch_occurrences_total{job="codewatch"})`, bySDK, pr.Stderr.(*lockedBuffer))
	waitQuery(t, promAddr, `sum by (job) (codewatch_lines_total)`, map[string]int{"codewatch": lines}, pr.Stderr.(*lockedBuffer))
}

// freeAddr returns a loopback address with a port free just now.
func freeAddr(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// waitQuery asks Prometheus for query until its result, by the first
// labels of each series (their values, by label name in reverse: "sdk
// code"), is want (60 s at most); series at 0 are left out.
func waitQuery(t *testing.T, addr, query string, want map[string]int, promErr *lockedBuffer) {
	t.Helper()
	var got map[string]int
	var last string
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		resp, err := http.Get("http://" + addr + "/api/v1/query?query=" + url.QueryEscape(query))
		if err != nil {
			last = err.Error()
			continue
		}
		var body struct {
			Status string `json:"status"`
			Data   struct {
				Result []struct {
					Metric map[string]string `json:"metric"`
					Value  [2]any            `json:"value"`
				} `json:"result"`
			} `json:"data"`
		}
		err = json.NewDecoder(resp.Body).Decode(&body)
		resp.Body.Close()
		if err != nil {
			last = err.Error()
			continue
		}
		got = map[string]int{}
		for _, r := range body.Data.Result {
			names := slices.Sorted(maps.Keys(r.Metric)) // the labels' values, by label: "sdk code" sorts after "code"
			slices.Reverse(names)
			var vals []string
			for _, name := range names {
				vals = append(vals, r.Metric[name])
			}
			k := strings.Join(vals, " ")
			var n int
			fmt.Sscan(fmt.Sprint(r.Value[1]), &n)
			if n != 0 { // every code of the catalog is exported, at 0 until seen
				got[k] = n
			}
		}
		if fmt.Sprint(sorted(got)) == fmt.Sprint(sorted(want)) {
			return
		}
		last = fmt.Sprint(sorted(got))
	}
	t.Fatalf("%s: Prometheus says %s, want %v\nprometheus stderr:\n%s", query, last, sorted(want), promErr.String())
}

func sorted(m map[string]int) []string {
	var s []string
	for k, v := range m {
		s = append(s, fmt.Sprintf("%s=%d", k, v))
	}
	sort.Strings(s)
	return s
}
