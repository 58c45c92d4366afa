package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
	"golang.org/x/sys/unix"

	"github.com/codewatch/codewatch/internal/report"
)

// openPTY opens a pseudo-terminal of cols columns and 24 rows: the master
// to read what is written, the terminal itself to give a process. Output
// processing is off (no "\n" made "\r\n"), so that what is read is what
// was written, byte for byte.
func openPTY(cols int) (master, tty *os.File, err error) {
	master, err = os.OpenFile("/dev/ptmx", os.O_RDWR|unix.O_NOCTTY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, nil, err
	}
	fail := func(err error) (*os.File, *os.File, error) {
		master.Close()
		return nil, nil, err
	}
	fd := int(master.Fd())
	if err := unix.IoctlSetPointerInt(fd, unix.TIOCSPTLCK, 0); err != nil {
		return fail(fmt.Errorf("unlockpt: %w", err))
	}
	n, err := unix.IoctlGetInt(fd, unix.TIOCGPTN)
	if err != nil {
		return fail(fmt.Errorf("ptsname: %w", err))
	}
	tty, err = os.OpenFile("/dev/pts/"+strconv.Itoa(n), os.O_RDWR|unix.O_NOCTTY|unix.O_CLOEXEC, 0)
	if err != nil {
		return fail(err)
	}
	tfd := int(tty.Fd())
	tio, err := unix.IoctlGetTermios(tfd, unix.TCGETS)
	if err == nil {
		tio.Oflag &^= unix.OPOST
		err = unix.IoctlSetTermios(tfd, unix.TCSETS, tio)
	}
	if err == nil {
		err = unix.IoctlSetWinsize(tfd, unix.TIOCSWINSZ, &unix.Winsize{Row: 24, Col: uint16(cols)})
	}
	if err != nil {
		tty.Close()
		return fail(err)
	}
	return master, tty, nil
}

// runOnPTY runs cmd with its standard output on a terminal of cols
// columns and returns what it wrote there.
func runOnPTY(cmd *exec.Cmd, cols int) ([]byte, error) {
	master, tty, err := openPTY(cols)
	if err != nil {
		return nil, err
	}
	defer master.Close()
	cmd.Stdout = tty
	if err := cmd.Start(); err != nil {
		tty.Close()
		return nil, err
	}
	tty.Close()
	var out bytes.Buffer
	_, rerr := io.Copy(&out, master)
	if errors.Is(rerr, syscall.EIO) { // the terminal's last holder closed it
		rerr = nil
	}
	werr := cmd.Wait()
	if rerr != nil {
		return out.Bytes(), rerr
	}
	return out.Bytes(), werr
}

// cmdPTY: pty COLS PROG [ARGS...] runs PROG with its standard output on
// a pseudo-terminal COLS columns wide (standard input empty, standard
// error a pipe): what it wrote there is then the stdout checked, its
// stderr the stderr. It fails unless PROG exits 0 (with !, unless it
// fails).
func cmdPTY(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) < 2 {
		ts.Fatalf("usage: pty COLS PROG [ARGS...]")
	}
	cols, err := strconv.Atoi(args[0])
	ts.Check(err)
	prog := lookScriptPath(ts, args[1])
	cmd := exec.Command(prog, args[2:]...)
	cmd.Dir = ts.Getenv("WORK")
	cmd.Env = append(scriptEnv(ts), "CODEWATCH_SDK="+ts.Getenv("CODEWATCH_SDK"), "COLUMNS="+ts.Getenv("COLUMNS"))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := runOnPTY(cmd, cols)
	fmt.Fprint(ts.Stdout(), string(out))
	fmt.Fprint(ts.Stderr(), stderr.String())
	var ee *exec.ExitError
	switch {
	case err != nil && !errors.As(err, &ee):
		ts.Fatalf("pty: %v", err)
	case (err != nil) != neg:
		ts.Fatalf("pty %s: %v", strings.Join(args, " "), err)
	}
}

// lookScriptPath finds prog in the PATH the script sees.
func lookScriptPath(ts *testscript.TestScript, prog string) string {
	for _, dir := range filepath.SplitList(ts.Getenv("PATH")) {
		if fi, err := os.Stat(filepath.Join(dir, prog)); err == nil && fi.Mode()&0o111 != 0 {
			return filepath.Join(dir, prog)
		}
	}
	ts.Fatalf("%s not found", prog)
	return ""
}

// TestPTYWidths: on a terminal of 40, 80 and 120 columns, no line that
// report (its table, with long sparklines), explain and catalog list
// write is wider than the terminal, counted in cells (colour none, a wide
// rune two), and the severities are coloured; COLUMNS overrides the
// terminal's own width.
func TestPTYWidths(t *testing.T) {
	prog, err := exec.LookPath("codewatch")
	if err != nil {
		t.Fatal(err)
	}
	runs := [][]string{
		{"report", "../../testdata/logs"},
		{"report", "--bucket", "1h", "../../testdata/logs"},
		{"report", "--bucket", "1m", "--sdk", "web-2.x", "../../testdata/logs"},
		{"explain", "110", "token", "-17"},
		{"explain", "--sdk", "web-2.x", "token"},
		{"catalog", "list"},
		{"catalog", "list", "--sdk", "web-2.x"},
	}
	for _, cols := range []int{40, 80, 120} {
		for _, args := range runs {
			t.Run(fmt.Sprint(cols, args), func(t *testing.T) {
				out := ptyRun(t, prog, cols, []string{"COLUMNS=", "NO_COLOR="}, args...)
				checkWidth(t, out, cols)
				if !strings.Contains(out, "\x1b[31merror\x1b[0m") {
					t.Errorf("no colour:\n%s", out)
				}
			})
		}
	}
	// COLUMNS overrides the terminal's width; NO_COLOR turns colour off.
	out := ptyRun(t, prog, 120, []string{"COLUMNS=60", "NO_COLOR=1"}, runs[0]...)
	checkWidth(t, out, 60)
	if strings.Contains(out, "\x1b") {
		t.Errorf("NO_COLOR, yet colour:\n%q", out)
	}
}

// ptyRun runs prog with args on a terminal of cols columns, with env
// added to the environment, and returns what it wrote there.
func ptyRun(t *testing.T, prog string, cols int, env []string, args ...string) string {
	t.Helper()
	cmd := exec.Command(prog, args...)
	cmd.Env = append(append(os.Environ(), "TERM=xterm", "CODEWATCH_SDK="), env...)
	out, err := runOnPTY(cmd, cols)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	return string(out)
}

// checkWidth fails t for each line of out wider than cols cells.
func checkWidth(t *testing.T, out string, cols int) {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) < 3 {
		t.Fatalf("%d lines:\n%s", len(lines), out)
	}
	for i, l := range lines {
		if w := cellsOf(l); w > cols {
			t.Errorf("line %d is %d cells wide, over %d:\n%s", i+1, w, cols, l)
		}
	}
}

// cellsOf is the width of a line on a terminal: SGR sequences take no
// cells.
func cellsOf(l string) int {
	var b strings.Builder
	for i := 0; i < len(l); i++ {
		if l[i] == 0x1b {
			j := strings.IndexByte(l[i:], 'm')
			if j < 0 {
				break
			}
			i += j
			continue
		}
		b.WriteByte(l[i])
	}
	return report.DisplayWidth(b.String())
}
