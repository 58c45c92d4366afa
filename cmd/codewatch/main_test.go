package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
)

var update = flag.Bool("update", false, "rewrite the expected output in testscript scripts and golden files")

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){"codewatch": main, "nxadmtail": nxadmTailMain})
}

// TestScripts runs the CLI end to end: testdata/script/*.txtar, each with
// its stdout, stderr and exit status.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		UpdateScripts:       *update,
		RequireExplicitExec: true,
		Setup: func(e *testscript.Env) error {
			if err := copyDir("testdata/archives", filepath.Join(e.WorkDir, "archives")); err != nil {
				return err
			}
			e.Setenv("NO_COLOR", "")
			e.Setenv("TERM", "xterm")
			// The scripts written before codewatch knew every SDK hold the
			// outputs of the one Web 2.x catalog (--sdk web-2.x) byte for
			// byte; those of every SDK set CODEWATCH_SDK= (or --sdk).
			e.Setenv("CODEWATCH_SDK", "web-2.x")
			if os.Getenv("CI") != "" {
				e.Setenv("CI", os.Getenv("CI"))
			}
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"jsonlines":   cmdJSONLines,
			"mkbig":       cmdMkbig,
			"mklines":     cmdMklines,
			"mkfiles":     cmdMkfiles,
			"traversable": cmdTraversable,
			"truncate":    cmdTruncate,
			"corrupt":     cmdCorrupt,
			"waitfor":     cmdWaitFor,
			"signal":      cmdSignal,
			"status":      cmdStatus,
			"pty":         cmdPTY,
			"start":       cmdStart,
			"stopped":     cmdStopped,
		},
		Condition: func(cond string) (bool, error) {
			switch {
			case cond == "root":
				return os.Geteuid() == 0, nil
			case strings.HasPrefix(cond, "file:"):
				_, err := os.Stat(strings.TrimPrefix(cond, "file:"))
				return err == nil, nil
			case strings.HasPrefix(cond, "need:"):
				// [!need:PROG] skip: a program the test needs. Under
				// CI=true, where .ci/run installs it, missing is a failure.
				prog := strings.TrimPrefix(cond, "need:")
				if _, err := exec.LookPath(prog); err == nil {
					return true, nil
				}
				if os.Getenv("CI") == "true" {
					return false, fmt.Errorf("%s is missing, and CI=true: .ci/run should have installed it", prog)
				}
				return false, nil
			}
			return false, fmt.Errorf("unknown condition %q", cond)
		},
	})
}

// cmdJSONLines checks that every line of a file is a JSON object:
// jsonlines FILE.
func cmdJSONLines(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 1 {
		ts.Fatalf("usage: jsonlines FILE")
	}
	f, err := os.Open(ts.MkAbs(args[0]))
	ts.Check(err)
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<30)
	n := 0
	var bad error
	for sc.Scan() {
		n++
		var v map[string]any
		if err := json.Unmarshal(sc.Bytes(), &v); err != nil && bad == nil {
			bad = err
			ts.Logf("line %d: %v", n, err)
		}
	}
	ts.Check(sc.Err())
	if (bad != nil) != neg {
		ts.Fatalf("jsonlines %s: %d lines, error %v", args[0], n, bad)
	}
}

// cmdMkbig writes a file of SIZE bytes of log-like text without a line
// end, then the rest of the arguments joined by spaces: mkbig FILE SIZE
// [TEXT...]. SIZE may end in K, M or G.
func cmdMkbig(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) < 2 {
		ts.Fatalf("usage: mkbig FILE SIZE [TEXT...]")
	}
	mult := int64(1)
	num := args[1]
	if k := strings.IndexAny(num, "KMG"); k >= 0 {
		mult = map[byte]int64{'K': 1 << 10, 'M': 1 << 20, 'G': 1 << 30}[num[k]]
		num = num[:k]
	}
	n, err := strconv.ParseInt(num, 10, 64)
	ts.Check(err)
	f, err := os.Create(ts.MkAbs(args[0]))
	ts.Check(err)
	w := bufio.NewWriterSize(f, 1<<20)
	chunk := []byte("AgoraRTC_N.js:5 00:22:45:841 Agora-SDK [DEBUG]: [client-ccdab] page is visible uid 2444849064 ")
	for left := n * mult; left > 0; left -= int64(len(chunk)) {
		_, err = w.Write(chunk[:min(int64(len(chunk)), left)])
		ts.Check(err)
	}
	_, err = w.WriteString(strings.Join(args[2:], " "))
	ts.Check(err)
	ts.Check(w.Flush())
	ts.Check(f.Close())
}

// cmdTraversable lets other users reach $WORK and the codewatch binary
// (o+x on their directories up to the temporary directory), so that a
// script running as root can run codewatch as nobody, for whom file
// permissions still apply.
func cmdTraversable(ts *testscript.TestScript, neg bool, args []string) {
	bin, err := exec.LookPath("codewatch")
	ts.Check(err)
	tmp := filepath.Clean(os.TempDir())
	for _, start := range []string{ts.Getenv("WORK"), filepath.Dir(bin)} {
		for d := filepath.Clean(start); strings.HasPrefix(d, tmp+string(filepath.Separator)); d = filepath.Dir(d) {
			fi, err := os.Stat(d)
			ts.Check(err)
			ts.Check(os.Chmod(d, fi.Mode().Perm()|0o055))
		}
	}
}

// cmdMklines writes N numbered lines: mklines FILE N [TEXT...], each
// "line I TEXT".
func cmdMklines(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) < 2 {
		ts.Fatalf("usage: mklines FILE N [TEXT...]")
	}
	n, err := strconv.Atoi(args[1])
	ts.Check(err)
	f, err := os.Create(ts.MkAbs(args[0]))
	ts.Check(err)
	w := bufio.NewWriterSize(f, 1<<20)
	text := strings.Join(args[2:], " ")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(w, "line %d %s\n", i, text)
	}
	ts.Check(w.Flush())
	ts.Check(f.Close())
}

// cmdMkfiles writes N small files in DIR, each one line "file I TEXT":
// mkfiles DIR N [TEXT...]. Names are numbered with leading zeros, so that
// walking the directory (in name order) reads them in order.
func cmdMkfiles(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: mkfiles DIR N [TEXT...]")
	}
	n, err := strconv.Atoi(args[1])
	ts.Check(err)
	dir := ts.MkAbs(args[0])
	ts.Check(os.MkdirAll(dir, 0o755))
	text := strings.Join(args[2:], " ")
	width := len(strconv.Itoa(n))
	for i := 1; i <= n; i++ {
		name := filepath.Join(dir, fmt.Sprintf("f%0*d.log", width, i))
		ts.Check(os.WriteFile(name, fmt.Appendf(nil, "file %d %s\n", i, text), 0o644))
	}
}

// cmdTruncate is the script command "truncate FILE SIZE": it cuts FILE to
// SIZE bytes, or with a negative SIZE, drops that many bytes from its end.
func cmdTruncate(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: truncate FILE SIZE")
	}
	path := ts.MkAbs(args[0])
	n, err := strconv.ParseInt(args[1], 10, 64)
	ts.Check(err)
	if n < 0 {
		fi, err := os.Stat(path)
		ts.Check(err)
		n += fi.Size()
	}
	ts.Check(os.Truncate(path, n))
}

// cmdCorrupt is the script command "corrupt FILE OFFSET...": it inverts
// the bytes at the offsets (negative: from the end).
func cmdCorrupt(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: corrupt FILE OFFSET...")
	}
	path := ts.MkAbs(args[0])
	b, err := os.ReadFile(path)
	ts.Check(err)
	for _, a := range args[1:] {
		off, err := strconv.Atoi(a)
		ts.Check(err)
		if off < 0 {
			off += len(b)
		}
		b[off] ^= 0xff
	}
	ts.Check(os.WriteFile(path, b, 0o644))
}

// copyDir copies dir into dst: its regular files, and its subdirectories
// alike.
func copyDir(dir, dst string) error {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dst, 0o755); err != nil {
		return err
	}
	for _, ent := range ents {
		if ent.IsDir() {
			if err := copyDir(filepath.Join(dir, ent.Name()), filepath.Join(dst, ent.Name())); err != nil {
				return err
			}
			continue
		}
		if !ent.Type().IsRegular() {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, ent.Name()))
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dst, ent.Name()), b, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// cmdWaitFor: waitfor FILE REGEXP [COUNT] waits (60 s at most) until FILE
// has COUNT matches (default 1) of REGEXP: how a script waits for a
// background codewatch tail without sleeping a guessed time.
func cmdWaitFor(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 || len(args) > 3 {
		ts.Fatalf("usage: waitfor FILE REGEXP [COUNT]")
	}
	re, err := regexp.Compile("(?m)" + args[1])
	ts.Check(err)
	want := 1
	if len(args) == 3 {
		want, err = strconv.Atoi(args[2])
		ts.Check(err)
	}
	deadline := time.Now().Add(60 * time.Second)
	for {
		b, _ := os.ReadFile(ts.MkAbs(args[0]))
		if len(re.FindAllIndex(b, -1)) >= want {
			return
		}
		if time.Now().After(deadline) {
			ts.Fatalf("%s: %d matches of %q after 60s; it holds:\n%s", args[0], len(re.FindAllIndex(b, -1)), args[1], b)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// cmdSignal: signal PIDFILE SIGNAL sends SIGNAL (HUP, USR1, TERM, INT) to
// the process whose id PIDFILE holds.
func cmdSignal(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: signal PIDFILE SIGNAL")
	}
	b, err := os.ReadFile(ts.MkAbs(args[0]))
	ts.Check(err)
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	ts.Check(err)
	sig, ok := map[string]syscall.Signal{"HUP": syscall.SIGHUP, "USR1": syscall.SIGUSR1, "TERM": syscall.SIGTERM, "INT": syscall.SIGINT, "KILL": syscall.SIGKILL}[args[1]]
	if !ok {
		ts.Fatalf("unknown signal %q", args[1])
	}
	ts.Check(syscall.Kill(pid, sig))
}

// exitCode is the status a shell would give a process that ended: its
// exit status, or 128 + the signal that killed it.
func exitCode(ps *os.ProcessState) int {
	if ws, ok := ps.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return 128 + int(ws.Signal())
	}
	return ps.ExitCode()
}

// cmdStatus: status N PROG [ARGS...] runs PROG, as exec does (its stdout
// and stderr are what stdout and stderr then check), and fails unless it
// exits with status N exactly ("! exec" cannot tell 1 from 2).
func cmdStatus(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: status N PROG [ARGS...]")
	}
	want, err := strconv.Atoi(args[0])
	ts.Check(err)
	got := 0
	if err := ts.Exec(args[1], args[2:]...); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			ts.Fatalf("%s: %v", args[1], err)
		}
		got = exitCode(ee.ProcessState)
	}
	if got != want {
		ts.Fatalf("%s exited with status %d, want %d", args[1], got, want)
	}
}

// A process started by start, for stopped to wait for.
type started struct {
	cmd  *exec.Cmd
	done chan struct{}
	keep []*os.File // the pipe ends the test holds
}

var startedProcs sync.Map // "script\x00name" -> *started

// cmdStart: start NAME [<FILE|<pipe] [>pipe] PROG [ARGS...] starts PROG
// (from PATH, where the script's programs are) in the background, its pid
// in NAME.pid (for signal), its stdout in NAME.stdout unless >pipe, its
// stderr in NAME.stderr. <pipe gives it a standard input that is a pipe
// the test holds open and never writes to: a quiet upstream; >pipe a
// standard output that is a pipe nobody reads: a stuck downstream.
func cmdStart(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: start NAME [<FILE|<pipe] [>pipe] PROG [ARGS...]")
	}
	name, args := args[0], args[1:]
	p := &started{done: make(chan struct{})}
	var stdin, stdout *os.File
	for len(args) > 0 && (strings.HasPrefix(args[0], "<") || strings.HasPrefix(args[0], ">")) {
		switch a := args[0]; {
		case a == "<pipe":
			r, w, err := os.Pipe()
			ts.Check(err)
			stdin, p.keep = r, append(p.keep, r, w)
		case a == ">pipe":
			r, w, err := os.Pipe()
			ts.Check(err)
			stdout, p.keep = w, append(p.keep, r, w)
		case a[0] == '<':
			f, err := os.Open(ts.MkAbs(a[1:]))
			ts.Check(err)
			stdin, p.keep = f, append(p.keep, f)
		default:
			ts.Fatalf("start: unknown redirection %q", a)
		}
		args = args[1:]
	}
	if len(args) == 0 {
		ts.Fatalf("usage: start NAME [<FILE|<pipe] [>pipe] PROG [ARGS...]")
	}
	prog, err := exec.LookPath(args[0])
	if err != nil {
		// PATH as the script sees it.
		for _, dir := range filepath.SplitList(ts.Getenv("PATH")) {
			if fi, err := os.Stat(filepath.Join(dir, args[0])); err == nil && fi.Mode()&0o111 != 0 {
				prog = filepath.Join(dir, args[0])
				break
			}
		}
	}
	if prog == "" {
		ts.Fatalf("start: %s not found", args[0])
	}
	cmd := exec.Command(prog, args[1:]...)
	cmd.Dir = ts.Getenv("WORK")
	cmd.Env = scriptEnv(ts)
	cmd.Stdin = stdin
	if stdout == nil {
		f, err := os.Create(ts.MkAbs(name + ".stdout"))
		ts.Check(err)
		stdout, p.keep = f, append(p.keep, f)
	}
	cmd.Stdout = stdout
	errf, err := os.Create(ts.MkAbs(name + ".stderr"))
	ts.Check(err)
	cmd.Stderr, p.keep = errf, append(p.keep, errf)
	ts.Check(cmd.Start())
	p.cmd = cmd
	go func() { cmd.Wait(); close(p.done) }()
	ts.Check(os.WriteFile(ts.MkAbs(name+".pid"), []byte(strconv.Itoa(cmd.Process.Pid)), 0o644))
	key := ts.Getenv("WORK") + "\x00" + name
	startedProcs.Store(key, p)
	ts.Defer(func() {
		cmd.Process.Kill()
		<-p.done
		for _, f := range p.keep {
			f.Close()
		}
		startedProcs.Delete(key)
	})
}

// scriptEnv is the environment of the script's commands.
func scriptEnv(ts *testscript.TestScript) []string {
	var env []string
	for _, k := range []string{"PATH", "HOME", "TMPDIR", "WORK", "NO_COLOR", "TERM", "CI", "LANG", "LC_ALL"} {
		env = append(env, k+"="+ts.Getenv(k))
	}
	return env
}

// cmdStopped: stopped NAME STATUS [SECONDS] waits (SECONDS, default 10)
// for the process start started as NAME to end, and fails unless it ended
// with STATUS (128 + the signal when a signal killed it). Its stdout (when
// it went to a file) and stderr are then what stdout and stderr check.
func cmdStopped(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 || len(args) > 3 {
		ts.Fatalf("usage: stopped NAME STATUS [SECONDS]")
	}
	v, ok := startedProcs.Load(ts.Getenv("WORK") + "\x00" + args[0])
	if !ok {
		ts.Fatalf("stopped: no process %q started", args[0])
	}
	p := v.(*started)
	want, err := strconv.Atoi(args[1])
	ts.Check(err)
	wait := 10.0
	if len(args) == 3 {
		wait, err = strconv.ParseFloat(args[2], 64)
		ts.Check(err)
	}
	select {
	case <-p.done:
	case <-time.After(time.Duration(wait * float64(time.Second))):
		ts.Fatalf("%s still running after %gs", args[0], wait)
	}
	out, _ := os.ReadFile(ts.MkAbs(args[0] + ".stdout"))
	errb, _ := os.ReadFile(ts.MkAbs(args[0] + ".stderr"))
	fmt.Fprint(ts.Stdout(), string(out))
	fmt.Fprint(ts.Stderr(), string(errb))
	if got := exitCode(p.cmd.ProcessState); got != want {
		ts.Fatalf("%s ended with status %d, want %d; stderr:\n%s", args[0], got, want, errb)
	}
}
