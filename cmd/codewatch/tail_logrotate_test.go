package main

// The fault harness with a real logrotate (Debian's package, which .ci/run
// installs): a writer appends numbered lines to logs/app.log and reopens
// it when logrotate has created a new one, as an application told by
// logrotate's postrotate would; logrotate -f runs every 0.5 s with one of
// the configurations below; codewatch tail and GNU tail -F follow the same
// log in the same run. Run it with
//
//	go test ./cmd/codewatch -run TestTailLogrotate -v
//	CODEWATCH_FAULT_RUNS=5 go test ./cmd/codewatch -run TestTailLogrotate -v -timeout 30m
//
// What logrotate itself loses is told apart from what a follower loses by
// what is on disk at the end: every file left in logs/ (rotated copies,
// decompressed, and the live file) is read, and a line that is in none of
// them was lost by logrotate (copytruncate loses the lines written between
// its copy and its truncate; compress without delaycompress, the lines
// written to the rotated file after gzip read it) — not by the follower,
// which is held to 0 missing of the lines on disk, 0 duplicated, 0
// malformed.

import (
	"bufio"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// logrotateCase is one logrotate configuration.
type logrotateCase struct {
	name   string
	config string // the directives, one a line
	header bool   // each new log starts with a constant header row (longer than a fingerprint)
}

var logrotateCases = []logrotateCase{
	{name: "compress", config: "create\ncompress"},
	{name: "copytruncate compress", config: "copytruncate\ncompress"},
	{name: "dateext compress", config: "create\ndateext\ndateformat -%s\ncompress"},
	{name: "create delaycompress", config: "create\ncompress\ndelaycompress"},
	{name: "header, create compress", config: "create\ncompress", header: true},
}

// logHeader is the header row of the header case: 300 bytes alike in
// every file.
var logHeader = "time,level,message," + strings.Repeat("field,", 46) + "end\n"

// logrotateResult is what one follower did in one run.
type logrotateResult struct {
	faultResult
	onDisk    int // lines written that are on disk at the end
	lostByLR  int // lines written that are on disk nowhere: logrotate's loss
	ourMissed int // lines on disk that the follower missed
}

func logrotateBin(t *testing.T) string {
	for _, p := range []string{"logrotate", "/usr/sbin/logrotate", "/sbin/logrotate"} {
		if bin, err := exec.LookPath(p); err == nil {
			return bin
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("logrotate is missing, and CI=true: .ci/run should have installed it")
	}
	t.Skip("logrotate is missing (Debian package logrotate): skipped")
	return ""
}

// TestTailLogrotate runs each configuration with codewatch tail, held to
// 0 missing (of what is on disk) / 0 duplicated / 0 malformed, and GNU
// tail -F beside it in the same run, held to nothing, and logs the table.
func TestTailLogrotate(t *testing.T) {
	if testing.Short() {
		t.Skip("the logrotate harness takes half a minute")
	}
	lr := logrotateBin(t)
	if _, err := exec.LookPath("gzip"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("gzip is missing, and CI=true")
		}
		t.Skip("gzip is missing: logrotate's compress needs it")
	}
	runs := 1
	if s := os.Getenv("CODEWATCH_FAULT_RUNS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			t.Fatalf("CODEWATCH_FAULT_RUNS=%q: want a number of runs, 1 or more", s)
		}
		runs = n
	}
	followers := []follower{codewatchFollower(t)}
	if gnu, ok := gnuTailFollower(t); ok {
		followers = append(followers, gnu)
	}
	rates := []float64{5000, 2000, 20000}
	results := make([][][]logrotateResult, len(logrotateCases))
	for ci, c := range logrotateCases {
		results[ci] = make([][]logrotateResult, len(followers))
		t.Run(strings.ReplaceAll(strings.ReplaceAll(c.name, " ", "_"), ",", ""), func(t *testing.T) {
			for run := range runs {
				rate := rates[run%len(rates)]
				rs := runLogrotate(t, lr, c, rate, followers)
				for fi, r := range rs {
					results[ci][fi] = append(results[ci][fi], r)
					t.Logf("run %d, %s: %s; on disk %d, lost by logrotate %d, missed of those on disk %d",
						run+1, followers[fi].name, r.faultResult, r.onDisk, r.lostByLR, r.ourMissed)
					if followers[fi].held && (r.ourMissed > 0 || r.duplicated > 0 || r.malformed > 0) {
						t.Errorf("%s, run %d: %s: %d missed of the lines on disk, %d duplicated, %d malformed",
							c.name, run+1, followers[fi].name, r.ourMissed, r.duplicated, r.malformed)
						if r.stderr != "" {
							t.Logf("%s's stderr:\n%s", followers[fi].name, lastLines(r.stderr, 60))
						}
					}
				}
			}
		})
	}
	var b strings.Builder
	b.WriteString("| configuration |")
	for _, fl := range followers {
		b.WriteString(" " + fl.name + " |")
	}
	b.WriteString(" lost by logrotate |\n|---|" + strings.Repeat("---|", len(followers)+1) + "\n")
	for ci, c := range logrotateCases {
		b.WriteString("| " + c.name + " |")
		for fi := range followers {
			rs := results[ci][fi]
			if len(rs) == 0 {
				b.WriteString(" — |")
				continue
			}
			fr := make([]faultResult, len(rs))
			for i, r := range rs {
				fr[i] = r.faultResult
				fr[i].missing = r.ourMissed
			}
			fmt.Fprintf(&b, " %s / %s / %s |",
				valueRange(fr, func(r faultResult) int { return r.missing }),
				valueRange(fr, func(r faultResult) int { return r.duplicated }),
				valueRange(fr, func(r faultResult) int { return r.malformed }))
		}
		if rs := results[ci][0]; len(rs) > 0 {
			fr := make([]faultResult, len(rs))
			for i, r := range rs {
				fr[i].missing = r.lostByLR
			}
			fmt.Fprintf(&b, " %s |", valueRange(fr, func(r faultResult) int { return r.missing }))
		}
		b.WriteString("\n")
	}
	t.Logf("missing (of the lines on disk) / duplicated / malformed, over %d run(s):\n%s", runs, b.String())
}

func lastLines(s string, n int) string {
	ls := strings.Split(s, "\n")
	return strings.Join(ls[max(0, len(ls)-n):], "\n")
}

// runLogrotate runs one configuration once with all the followers on the
// same log.
func runLogrotate(t *testing.T, lr string, c logrotateCase, rate float64, followers []follower) []logrotateResult {
	dir := t.TempDir()
	logs := filepath.Join(dir, "logs")
	if err := os.Mkdir(logs, 0o755); err != nil {
		t.Fatal(err)
	}
	log := filepath.Join(logs, "app.log")
	conf := filepath.Join(dir, "logrotate.conf")
	state := filepath.Join(dir, "logrotate.state")
	body := fmt.Sprintf("%s {\n\trotate 100000\n\tmissingok\n\t%s\n}\n", log, strings.ReplaceAll(c.config, "\n", "\n\t"))
	if err := os.WriteFile(conf, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}

	// The writer's file: reopened when logrotate has created a new one.
	var lf *os.File
	open := func() {
		var err error
		if lf, err = os.OpenFile(log, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644); err != nil {
			t.Fatal(err)
		}
		if c.header {
			if fi, err := lf.Stat(); err == nil && fi.Size() == 0 {
				lf.WriteString(logHeader)
			}
		}
	}
	open()
	lf.WriteString("warmup\n")

	type running struct {
		cmd  *exec.Cmd
		out  string
		fl   follower
		fdir string
	}
	var rs []running
	for i, fl := range followers {
		fdir := filepath.Join(dir, fmt.Sprintf("f%d", i))
		os.Mkdir(fdir, 0o755)
		outPath := filepath.Join(fdir, "out.txt")
		out, err := os.OpenFile(outPath, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
		if err != nil {
			t.Fatal(err)
		}
		defer out.Close()
		cmd := fl.start(t, fdir, log, out)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		rs = append(rs, running{cmd: cmd, out: outPath, fl: fl, fdir: fdir})
	}
	for _, r := range rs {
		waitOutput(t, r.out, []byte("warmup\n"), 60*time.Second)
	}

	// logrotate -f every 0.5 s while the writer writes.
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	rotations := 0
	go func() {
		defer wg.Done()
		tk := time.NewTicker(500 * time.Millisecond)
		defer tk.Stop()
		for {
			select {
			case <-done:
				return
			case <-tk.C:
				exec.Command(lr, "-f", "-s", state, conf).Run() // (a skipped rotation, a dateext name taken, is not ours to judge)
				rotations++
			}
		}
	}()

	const seconds = 3
	n := int(rate * seconds)
	t0 := time.Now()
	var ino uint64
	inode := func(fi os.FileInfo) uint64 { return fi.Sys().(*syscall.Stat_t).Ino }
	if fi, err := lf.Stat(); err == nil {
		ino = inode(fi)
	}
	w := bufio.NewWriterSize(lf, 64<<10)
	for i := 1; i <= n; i++ {
		w.WriteString(faultLine(i))
		if d := time.Until(t0.Add(time.Duration(float64(i) / rate * float64(time.Second)))); d > 0 {
			w.Flush()
			time.Sleep(d)
			// Reopen when logrotate has created a new file by the name
			// (create); with copytruncate it is the same file.
			if fi, err := os.Stat(log); err == nil && inode(fi) != ino {
				lf.Close()
				open()
				fi, _ := lf.Stat()
				ino = inode(fi)
				w.Reset(lf)
			}
		}
	}
	w.Flush()
	close(done)
	wg.Wait()
	achieved := float64(n) / time.Since(t0).Seconds()
	lf.Close()

	var results []logrotateResult
	last := []byte(strings.TrimSuffix(faultLine(n), "\n"))
	for _, r := range rs {
		waitOutput(t, r.out, last, 30*time.Second)
	}
	disk := onDisk(t, logs, n)
	for _, r := range rs {
		r.cmd.Process.Signal(syscall.SIGTERM)
		errc := make(chan error, 1)
		go func() { errc <- r.cmd.Wait() }()
		select {
		case err := <-errc:
			if err != nil && r.fl.held {
				t.Errorf("%s: %v", r.fl.name, err)
			}
		case <-time.After(60 * time.Second):
			r.cmd.Process.Kill()
			<-errc
			if r.fl.held {
				t.Errorf("%s did not stop within 60s of SIGTERM", r.fl.name)
			}
		}
		b, err := os.ReadFile(r.out)
		if err != nil {
			t.Fatal(err)
		}
		if c.header {
			b = []byte(strings.ReplaceAll(string(b), logHeader, ""))
		}
		res := logrotateResult{faultResult: check(b, n, r.fl.annotated)}
		res.rate = achieved
		if sb, ok := r.cmd.Stderr.(*lockedBuffer); ok {
			res.stderr = sb.String()
		}
		got := make([]bool, n+1)
		for _, l := range strings.Split(string(b), "\n") {
			if len(l) >= 8 && l[7] == ' ' {
				if k, err := strconv.Atoi(l[:7]); err == nil && k >= 1 && k <= n {
					got[k] = true
				}
			}
		}
		for i := 1; i <= n; i++ {
			switch {
			case disk[i]:
				res.onDisk++
				if !got[i] {
					res.ourMissed++
				}
			default:
				res.lostByLR++
			}
		}
		results = append(results, res)
	}
	t.Logf("%s at %.0f lines/s: %d lines, %d logrotate runs", c.name, achieved, n, rotations)
	return results
}

// onDisk reads every file in dir — gzipped ones decompressed — and says
// which of lines 1..n are in one of them.
func onDisk(t *testing.T, dir string, n int) []bool {
	seen := make([]bool, n+1)
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		f, err := os.Open(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		var r io.Reader = f
		if strings.HasSuffix(e.Name(), ".gz") {
			zr, err := gzip.NewReader(f)
			if err != nil {
				t.Logf("%s: %v", e.Name(), err)
				f.Close()
				continue
			}
			r = zr
		}
		sc := bufio.NewScanner(r)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			l := sc.Text()
			if len(l) < 8 || l[7] != ' ' {
				continue
			}
			if k, err := strconv.Atoi(l[:7]); err == nil && k >= 1 && k <= n && l+"\n" == faultLine(k) {
				seen[k] = true
			}
		}
		if err := sc.Err(); err != nil {
			t.Logf("%s: %v", e.Name(), err)
		}
		f.Close()
	}
	return seen
}
