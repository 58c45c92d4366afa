package search

import (
	"archive/tar"
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/codewatch/codewatch/internal/catalog"
	"github.com/codewatch/codewatch/internal/input"
	"github.com/codewatch/codewatch/internal/scan"
)

type countLines struct{ n *int }

func (c countLines) Line(*scan.Line) error { *c.n++; return nil }

// each runs Each on in and returns the calls it made, in order.
func each(t *testing.T, cfg Config, in input.Input) []string {
	t.Helper()
	cfg.Matcher = scan.NewMatcher(catalog.Default(), true)
	w := New(context.Background(), cfg)
	defer w.Close()
	var calls []string
	lines := 0
	err := w.Each(in, func(name string) scan.Sink {
		calls = append(calls, "start "+name)
		lines = 0
		return countLines{&lines}
	}, func(name string, st scan.Stats, err error) {
		calls = append(calls, fmt.Sprintf("done %s %d lines (sink %d): %v", name, st.Lines, lines, err))
		lines = 0
	})
	if err != nil {
		t.Fatal(err)
	}
	return calls
}

// TestEach: a file is one input; an archive is one per member, its binary
// members skipped (done alone) unless Text; a file found by a walk is
// looked at and read; a missing file is done alone with its error.
func TestEach(t *testing.T) {
	dir := t.TempDir()
	var b bytes.Buffer
	tw := tar.NewWriter(&b)
	for _, f := range []struct{ name, data string }{{"a.log", "K_UID_BANNED\nx\n"}, {"core", "\x00\x01"}, {"d/b.log", "y\n"}} {
		tw.WriteHeader(&tar.Header{Name: f.name, Mode: 0o644, Size: int64(len(f.data)), Typeflag: tar.TypeReg})
		tw.Write([]byte(f.data))
	}
	tw.Close()
	arch := filepath.Join(dir, "logs.tar")
	os.WriteFile(arch, b.Bytes(), 0o644)
	plain := filepath.Join(dir, "a.log")
	os.WriteFile(plain, []byte("one\ntwo\nthree\n"), 0o644)

	got := each(t, Config{}, input.Input{Name: "logs.tar", Path: arch})
	want := []string{
		"start logs.tar:a.log", "done logs.tar:a.log 2 lines (sink 1): <nil>",
		"done logs.tar:core 0 lines (sink 0): logs.tar:core: binary file skipped (a NUL byte at offset 0); --text reads it",
		"start logs.tar:d/b.log", "done logs.tar:d/b.log 1 lines (sink 0): <nil>",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("tar (-want +got):\n%s", diff)
	}
	got = each(t, Config{Text: true}, input.Input{Name: "logs.tar", Path: arch})
	if len(got) != 6 || got[2] != "start logs.tar:core" {
		t.Errorf("tar with Text: %q", got)
	}
	got = each(t, Config{}, input.Input{Name: "a.log", Path: plain, Found: true})
	if diff := cmp.Diff([]string{"start a.log", "done a.log 3 lines (sink 0): <nil>"}, got); diff != "" {
		t.Errorf("plain (-want +got):\n%s", diff)
	}
	got = each(t, Config{}, input.Input{Name: "nope", Path: filepath.Join(dir, "nope")})
	if diff := cmp.Diff([]string{"done nope 0 lines (sink 0): nope: no such file or directory"}, got); diff != "" {
		t.Errorf("missing (-want +got):\n%s", diff)
	}
}
