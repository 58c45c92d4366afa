package main

import (
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// BenchmarkTailManyFiles measures the CPU that codewatch tail and GNU
// tail -F, in the same run, spend per line with 2,000 followed files and
// 200 lines a second written to them (one a time, to a random file): utime
// + stime from /proc/PID/stat over the writing, one iteration a second of
// it. The bound (issue 14): codewatch's CPU per line within 3× GNU tail
// -F's. Skipped where GNU tail is missing.
//
//	go test ./cmd/codewatch -run '^$' -bench TailManyFiles -benchtime 20x
func BenchmarkTailManyFiles(b *testing.B) {
	gnu, ok := gnuTailFollower(&testing.T{})
	if !ok {
		b.Skip("GNU tail is missing")
	}
	_ = gnu
	bin, err := exec.LookPath("codewatch")
	if err != nil {
		b.Fatal(err)
	}
	tail, _ := exec.LookPath("tail")
	const files, rate = 2000, 200
	dir := b.TempDir()
	names := make([]string, files)
	logs := make([]*os.File, files)
	for i := range names {
		names[i] = filepath.Join(dir, fmt.Sprintf("app%04d.log", i))
		f, err := os.OpenFile(names[i], os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
		if err != nil {
			b.Fatal(err)
		}
		defer f.Close()
		logs[i] = f
	}
	start := func(name string, args ...string) *exec.Cmd {
		// (GNU tail keeps the soft limit of open files it is given.)
		cmd := exec.Command("sh", append([]string{"-c", `ulimit -n "$(ulimit -Hn)"; exec "$@"`, "sh", name}, args...)...)
		devnull, _ := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
		b.Cleanup(func() { devnull.Close() })
		cmd.Stdout, cmd.Stderr = devnull, devnull
		if err := cmd.Start(); err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
		return cmd
	}
	cw := start(bin, append([]string{"tail", "--color", "never"}, names...)...)
	gt := start(tail, append([]string{"-F", "-n", "0"}, names...)...)
	time.Sleep(3 * time.Second) // both open and watch every file
	cw0, gt0 := cpuTicks(b, cw.Process.Pid), cpuTicks(b, gt.Process.Pid)
	rng := rand.New(rand.NewPCG(1, 2))
	lines := 0
	t0 := time.Now()
	for b.Loop() {
		for range rate {
			fmt.Fprintf(logs[rng.IntN(files)], "%d join failed, code: 101\n", lines)
			lines++
			if d := time.Until(t0.Add(time.Duration(lines) * time.Second / rate)); d > 0 {
				time.Sleep(d)
			}
		}
	}
	time.Sleep(200 * time.Millisecond)
	cwUsed, gtUsed := cpuTicks(b, cw.Process.Pid)-cw0, cpuTicks(b, gt.Process.Pid)-gt0
	secs := time.Since(t0).Seconds()
	// Clock ticks are 10 ms.
	b.ReportMetric(float64(cwUsed*10000)/float64(lines), "codewatch-cpu-µs/line")
	b.ReportMetric(float64(gtUsed*10000)/float64(lines), "gnutail-cpu-µs/line")
	b.ReportMetric(float64(cwUsed*10)/secs/10, "codewatch-cpu-%")
	b.ReportMetric(float64(gtUsed*10)/secs/10, "gnutail-cpu-%")
	if cwUsed > 3*max(gtUsed, 1) {
		b.Errorf("codewatch tail used %d clock ticks for %d lines over %d files, GNU tail -F %d: more than 3×", cwUsed, lines, files, gtUsed)
	}
}
