package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The examples of the documentation are run, so that they cannot drift
// from what codewatch prints. The convention, also stated in
// docs/design.md ("Testing"):
//
//   - A ```console block of README.md or docs/*.md is a transcript. A line
//     starting with "$ " is a command (a line ending in a backslash goes
//     on on the next one); the lines after it, up to the next command or
//     the block's end, are what it prints, standard output and standard
//     error together, exactly. A line that is only "…" stands for any
//     number of lines (output cut short for the reader); trailing blank
//     lines are ignored.
//   - A command starts with codewatch (or go run ./cmd/codewatch, run as
//     codewatch), or is printf, cat or echo piped into codewatch. It runs
//     under sh in a fresh temporary directory holding a copy of
//     testdata/docs/ (app.log, the catalog files the examples name, …)
//     and of the sample logs at testdata/logs, as if at the repository's
//     root; the commands of one block share that directory. The
//     environment is clean: no CODEWATCH_SDK, NO_COLOR or CI, TZ=UTC.
//   - sh's exit status must be 0: an example that shows a failure says so
//     itself (`; echo "exit status $?"`).
//   - Examples that cannot run here (tail -f, ssh, parallel, Prometheus,
//     files the reader has and we do not) are ```sh blocks, which are not
//     run, and hold no "$ " transcripts.
//
// go test ./cmd/codewatch -run TestDocs -update rewrites the output of
// every example that no longer matches (a "…" elision in it is then lost:
// cut the new output again by hand).

// docsOutputOnly lists the files whose ```console blocks are output
// without commands, checked by a test of their own.
var docsOutputOnly = map[string]string{
	"docs/report-layout.md": "TestDocsLayout in internal/report",
}

// docStep is one command of a console block and what it prints: want is
// the text from offset start to end of the document.
type docStep struct {
	line       int // of the command, 1-based
	cmd        string
	start, end int
	want       string
}

type docBlock struct {
	line  int // of the opening fence
	steps []docStep
}

var fenceRE = regexp.MustCompile("(?m)^```([A-Za-z0-9_-]*)[ \t]*\n")

// parseDocBlocks returns the console blocks of doc, and the problems
// found in its other blocks.
func parseDocBlocks(doc string) (blocks []docBlock, outputOnly int, problems []string) {
	lineAt := func(off int) int { return strings.Count(doc[:off], "\n") + 1 }
	pos := 0
	for {
		m := fenceRE.FindStringSubmatchIndex(doc[pos:])
		if m == nil {
			return
		}
		lang := doc[pos+m[2] : pos+m[3]]
		bodyStart := pos + m[1]
		end := strings.Index(doc[bodyStart:], "\n```")
		var bodyEnd int
		if strings.HasPrefix(doc[bodyStart:], "```") {
			bodyEnd = bodyStart
		} else if end < 0 {
			problems = append(problems, fmt.Sprintf("line %d: a block that does not end", lineAt(pos+m[0])))
			return
		} else {
			bodyEnd = bodyStart + end + 1
		}
		body := doc[bodyStart:bodyEnd]
		pos = bodyEnd + 3
		switch lang {
		case "console":
			b := docBlock{line: lineAt(bodyStart - 1)}
			off := bodyStart
			for _, l := range strings.SplitAfter(body, "\n") {
				if l == "" {
					break
				}
				switch {
				case strings.HasPrefix(l, "$ "):
					b.steps = append(b.steps, docStep{line: lineAt(off), cmd: strings.TrimSuffix(l[2:], "\n"), start: off + len(l), end: off + len(l)})
				case len(b.steps) > 0 && strings.HasSuffix(b.steps[len(b.steps)-1].cmd, `\`) && b.steps[len(b.steps)-1].start == off:
					s := &b.steps[len(b.steps)-1]
					s.cmd += "\n" + strings.TrimSuffix(l, "\n")
					s.start, s.end = off+len(l), off+len(l)
				case len(b.steps) == 0:
					if len(b.steps) == 0 && off == bodyStart {
						outputOnly++
					}
				default:
					b.steps[len(b.steps)-1].end = off + len(l)
				}
				off += len(l)
			}
			if len(b.steps) > 0 {
				blocks = append(blocks, b)
			}
		case "sh":
			for i, l := range strings.Split(body, "\n") {
				if strings.HasPrefix(l, "$ ") {
					problems = append(problems, fmt.Sprintf("line %d: a \"$ \" transcript in a sh block, which is not run: make it a console block, or drop the \"$ \"", lineAt(bodyStart)+i))
				}
			}
		}
	}
}

// docCommand checks a command's form and returns what sh runs.
func docCommand(cmd string) (string, error) {
	cmd = strings.ReplaceAll(cmd, "go run ./cmd/codewatch", "codewatch")
	first, _, _ := strings.Cut(strings.TrimSpace(cmd), " ")
	switch first {
	case "codewatch":
	case "printf", "cat", "echo":
		if !strings.Contains(cmd, "| codewatch") {
			return "", fmt.Errorf("%s without a pipe into codewatch", first)
		}
	default:
		return "", fmt.Errorf("a command that does not start with codewatch: make the block a ```sh block if it cannot run in the test")
	}
	if regexp.MustCompile(`\bcodewatch tail\b`).MatchString(cmd) && !regexp.MustCompile(`\s(--help|-h)\b`).MatchString(cmd) {
		return "", fmt.Errorf("codewatch tail follows until it is stopped: show it in a ```sh block")
	}
	return cmd, nil
}

// matchLines reports whether got is want, where a line "…" of want
// stands for any number of lines.
func matchLines(want, got []string) bool {
	if len(want) == 0 {
		return len(got) == 0
	}
	if want[0] == "…" {
		for i := 0; i <= len(got); i++ {
			if matchLines(want[1:], got[i:]) {
				return true
			}
		}
		return false
	}
	return len(got) > 0 && got[0] == want[0] && matchLines(want[1:], got[1:])
}

func outputLines(s string) []string {
	lines := strings.Split(s, "\n")
	for len(lines) > 0 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}

// TestDocs runs every example of the documentation (the convention is at
// the top of this file).
func TestDocs(t *testing.T) {
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("no sh")
	}
	bin, err := exec.LookPath("codewatch") // the test binary, put in $PATH by testscript.Main
	if err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob("../../docs/*.md")
	if err != nil {
		t.Fatal(err)
	}
	files = append([]string{"../../README.md"}, files...)
	total := 0
	for _, path := range files {
		name := strings.TrimPrefix(path, "../../")
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		doc := string(data)
		blocks, outputOnly, problems := parseDocBlocks(doc)
		for _, p := range problems {
			t.Errorf("%s:%s", name, strings.TrimPrefix(p, "line "))
		}
		if outputOnly > 0 && docsOutputOnly[name] == "" {
			t.Errorf("%s: %d console blocks without a \"$ \" command: examples are transcripts (see docs_test.go)", name, outputOnly)
		}
		type edit struct {
			start, end int
			text       string
		}
		var edits []edit
		for _, b := range blocks {
			dir := t.TempDir()
			if err := os.CopyFS(dir, os.DirFS("../../testdata/docs")); err != nil {
				t.Fatal(err)
			}
			if err := os.CopyFS(filepath.Join(dir, "testdata", "logs"), os.DirFS("../../testdata/logs")); err != nil {
				t.Fatal(err)
			}
			for _, s := range b.steps {
				total++
				where := fmt.Sprintf("%s:%d", name, s.line)
				cmdline, err := docCommand(s.cmd)
				if err != nil {
					t.Errorf("%s: %s: %v", where, s.cmd, err)
					continue
				}
				ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
				c := exec.CommandContext(ctx, sh, "-c", cmdline)
				c.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
				c.Cancel = func() error { return syscall.Kill(-c.Process.Pid, syscall.SIGKILL) }
				c.WaitDelay = time.Second
				c.Dir = dir
				c.Env = []string{"PATH=" + filepath.Dir(bin) + string(filepath.ListSeparator) + os.Getenv("PATH"), "HOME=" + dir, "TZ=UTC", "LC_ALL=C.UTF-8"}
				var out bytes.Buffer
				c.Stdout, c.Stderr = &out, &out
				err = c.Run()
				cancel()
				if err != nil {
					t.Errorf("%s: %s: %v (say a failure's status in the example: ; echo \"exit status $?\")\n%s", where, s.cmd, err, out.String())
					continue
				}
				want := doc[s.start:s.end]
				if matchLines(outputLines(want), outputLines(out.String())) {
					continue
				}
				if *update {
					edits = append(edits, edit{s.start, s.end, out.String()})
					continue
				}
				t.Errorf("%s: %s prints (go test ./cmd/codewatch -run TestDocs -update rewrites it):\n%s\nbut the doc says:\n%s", where, s.cmd, lineDiff(want, out.String()), want)
			}
		}
		if len(edits) > 0 {
			slices.Reverse(edits)
			for _, e := range edits {
				doc = doc[:e.start] + e.text + doc[e.end:]
			}
			if err := os.WriteFile(path, []byte(doc), 0o644); err != nil {
				t.Fatal(err)
			}
			t.Logf("%s: %d examples rewritten", name, len(edits))
		}
	}
	if total < 10 {
		t.Errorf("only %d examples found in the docs", total)
	}
}

// TestDocsParse: how a console block is read.
func TestDocsParse(t *testing.T) {
	doc := "text\n```console\n$ codewatch a \\\n    --b\nout 1\nout 2\n$ codewatch c\n```\n\n```sh\n$ tail -f x\n```\n```console\nno command\n```\n"
	blocks, outputOnly, problems := parseDocBlocks(doc)
	if len(blocks) != 1 || len(blocks[0].steps) != 2 || outputOnly != 1 || len(problems) != 1 {
		t.Fatalf("blocks %+v, output-only %d, problems %q", blocks, outputOnly, problems)
	}
	s := blocks[0].steps
	if s[0].cmd != "codewatch a \\\n    --b" || doc[s[0].start:s[0].end] != "out 1\nout 2\n" || s[0].line != 3 || s[1].cmd != "codewatch c" || s[1].start != s[1].end {
		t.Errorf("steps %+v", s)
	}
	for _, c := range []struct {
		want, got string
		ok        bool
	}{
		{"a\nb", "a\nb\n", true},
		{"a\n…\nd", "a\nb\nc\nd\n", true},
		{"a\n…\nd", "a\nd", true},
		{"a\n…", "a\nb", true},
		{"a\n…\nd", "a\nb\nc", false},
		{"a", "a\nb", false},
	} {
		if matchLines(outputLines(c.want), outputLines(c.got)) != c.ok {
			t.Errorf("matchLines(%q, %q) != %v", c.want, c.got, c.ok)
		}
	}
}
