package main

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// startTail starts codewatch tail on a new log and returns the log, open
// for appending, and the reader of codewatch's output, once it follows.
func startTail(tb testing.TB, args ...string) (*os.File, *bufio.Reader, *exec.Cmd) {
	tb.Helper()
	bin, err := exec.LookPath("codewatch")
	if err != nil {
		tb.Fatal(err)
	}
	dir := tb.TempDir()
	log := filepath.Join(dir, "app.log")
	lf, err := os.OpenFile(log, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { lf.Close() })
	lf.WriteString("ready\n")
	cmd := exec.Command(bin, append(append([]string{"tail", "--from-start", "--color", "never"}, args...), log)...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		tb.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	r := bufio.NewReader(out)
	if l, err := r.ReadString('\n'); err != nil || l != "ready\n" {
		tb.Fatalf("first line %q, %v", l, err)
	}
	return lf, r, cmd
}

// BenchmarkTailLatency measures the time from a line's write to its
// annotated line on codewatch tail's output (inotify; a line at a time):
// isolated, each line written 100 ms after the last came out, and back to
// back, each as soon as the last came out — gathered with those that
// follow, so at most the monitor's batch (50 ms) late:
//
//	go test ./cmd/codewatch -run '^$' -bench TailLatency -benchtime 200x
func BenchmarkTailLatency(b *testing.B) {
	for _, bc := range []struct {
		name string
		gap  time.Duration
	}{{"isolated", 100 * time.Millisecond}, {"back-to-back", 0}} {
		b.Run(bc.name, func(b *testing.B) {
			lf, r, _ := startTail(b)
			var lat []time.Duration
			for b.Loop() {
				time.Sleep(bc.gap)
				t0 := time.Now()
				fmt.Fprintf(lf, "%d join failed, code: 101\n", t0.UnixNano())
				l, err := r.ReadString('\n')
				if err != nil {
					b.Fatal(err)
				}
				lat = append(lat, time.Since(t0))
				if !strings.Contains(l, "ERR_INVALID_VENDOR_KEY") {
					b.Fatalf("output %q", l)
				}
			}
			slices.Sort(lat)
			b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
			b.ReportMetric(float64(lat[len(lat)-1].Microseconds())/1000, "max-ms")
		})
	}
}

// cpuTicks returns the user and system CPU time of process pid, in clock
// ticks (/proc/PID/stat).
func cpuTicks(tb testing.TB, pid int) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		tb.Skipf("no /proc: %v", err)
	}
	s := string(b)
	fields := strings.Fields(s[strings.LastIndexByte(s, ')')+2:])
	utime, _ := strconv.ParseInt(fields[11], 10, 64)
	stime, _ := strconv.ParseInt(fields[12], 10, 64)
	return utime + stime
}

// TestTailIdleCPU: following a file that nobody writes costs next to no
// CPU (inotify wakes it; the fallback poll is once a second).
func TestTailIdleCPU(t *testing.T) {
	if testing.Short() {
		t.Skip("takes 3 s")
	}
	_, _, cmd := startTail(t, "--metrics-addr", "127.0.0.1:0")
	before := cpuTicks(t, cmd.Process.Pid)
	time.Sleep(3 * time.Second)
	used := cpuTicks(t, cmd.Process.Pid) - before
	// Clock ticks are 10 ms: 10 ticks in 3 s would be 3% of a core.
	t.Logf("idle CPU: %d ticks (10 ms each) in 3 s", used)
	if used > 10 {
		t.Errorf("idle codewatch tail used %d clock ticks of CPU in 3 s", used)
	}
}

// BenchmarkTailIdle reports the CPU an idle codewatch tail uses, in
// milliseconds per second:
//
//	go test ./cmd/codewatch -run '^$' -bench TailIdle -benchtime 5x
func BenchmarkTailIdle(b *testing.B) {
	_, _, cmd := startTail(b)
	before := cpuTicks(b, cmd.Process.Pid)
	t0 := time.Now()
	for b.Loop() {
		time.Sleep(time.Second)
	}
	used := cpuTicks(b, cmd.Process.Pid) - before
	b.ReportMetric(float64(used*10)/time.Since(t0).Seconds(), "cpu-ms/s")
}
