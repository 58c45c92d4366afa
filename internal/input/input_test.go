package input

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"
	"github.com/ulikunitz/xz"
)

func TestDetectMagic(t *testing.T) {
	for _, tc := range []struct {
		name string
		head string
		want Format
	}{
		{"empty", "", Plain},
		{"text", "10:05:49:744 Agora-SDK", Plain},
		{"gzip", "\x1f\x8b\x08\x00", Gzip},
		{"zstd", "\x28\xb5\x2f\xfd\x00", Zstd},
		{"bzip2", "BZh91AY&SY", Bzip2},
		{"BZh without a block size is text", "BZhello", Plain},
		{"BZh0 is text", "BZh0", Plain},
		{"xz", "\xfd7zXZ\x00", XZ},
		{"a short xz magic is text", "\xfd7zX", Plain},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Detect([]byte(tc.head)); got != tc.want {
				t.Errorf("Detect(%q) = %q, want %q", tc.head, got, tc.want)
			}
		})
	}
}

// TestOpen reads each format back, and counts the bytes read before
// decompression.
func TestOpen(t *testing.T) {
	text := strings.Repeat("2026-03-01T10:00:00Z error 110\n", 2000)
	dir := t.TempDir()
	var gz, zs, x bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(text))
	zw.Close()
	sw, _ := zstd.NewWriter(&zs)
	sw.Write([]byte(text))
	sw.Close()
	xw, _ := xz.NewWriter(&x)
	xw.Write([]byte(text))
	xw.Close()
	for name, data := range map[string][]byte{"plain.log": []byte(text), "a.gz": gz.Bytes(), "a.log": zs.Bytes(), "x": x.Bytes()} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(dir, name)
			if err := os.WriteFile(path, data, 0o644); err != nil {
				t.Fatal(err)
			}
			var n atomic.Int64
			rc, err := OpenCounted(Input{Name: name, Path: path}, nil, &n)
			if err != nil {
				t.Fatal(err)
			}
			got, err := io.ReadAll(rc)
			rc.Close()
			if err != nil || string(got) != text {
				t.Fatalf("read %d bytes, error %v", len(got), err)
			}
			if n.Load() != int64(len(data)) {
				t.Errorf("counted %d bytes, the file has %d", n.Load(), len(data))
			}
		})
	}
	// Truncated: the bytes before the damage come out, then an error
	// that says what happened.
	path := filepath.Join(dir, "cut.gz")
	os.WriteFile(path, gz.Bytes()[:gz.Len()-10], 0o644)
	rc, err := Open(Input{Name: "cut.gz", Path: path}, nil)
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(rc)
	if err == nil || Reason(err) != "truncated gzip data (unexpected end of file)" || !strings.HasPrefix(text, string(got)) {
		t.Errorf("read %d bytes, error %v", len(got), err)
	}
	// Standard input is read, decompressed too.
	rc, err = Open(Stdin, bytes.NewReader(gz.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if got, err := io.ReadAll(rc); err != nil || string(got) != text {
		t.Errorf("stdin: %d bytes, %v", len(got), err)
	}
}

func TestExpand(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"a.log", "b/c.log.gz", "b/d/e.log", "b/d/e.txt", "f/g.log"} {
		p := filepath.Join(dir, f)
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte("x\n"), 0o644)
	}
	rel := func(ins []Input) []string {
		var out []string
		for _, in := range ins {
			r, _ := filepath.Rel(dir, in.Path)
			out = append(out, filepath.ToSlash(r))
		}
		return out
	}
	for _, tc := range []struct {
		name string
		args []string
		want []string
		errs []string
	}{
		{"file", []string{"a.log"}, []string{"a.log"}, nil},
		{"directory, walked in name order", []string{"b"}, []string{"b/c.log.gz", "b/d/e.log", "b/d/e.txt"}, nil},
		{"glob", []string{"*.log"}, []string{"a.log"}, nil},
		{"** spans directories", []string{"**/*.log"}, []string{"a.log", "b/d/e.log", "f/g.log"}, nil},
		{"** in the middle", []string{"b/**/e.*"}, []string{"b/d/e.log", "b/d/e.txt"}, nil},
		{"a glob matching a directory walks it", []string{"[f]"}, []string{"f/g.log"}, nil},
		{"missing, and the rest", []string{"nope.log", "a.log"}, []string{"a.log"}, []string{"nope.log: no such file or directory"}},
		{"empty glob", []string{"*.nothing"}, nil, []string{"*.nothing: no files match the pattern"}},
		{"bad glob", []string{"[*.log"}, nil, []string{"[*.log: bad pattern: syntax error in pattern"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var args []string
			for _, a := range tc.args {
				args = append(args, filepath.Join(dir, a))
			}
			ins, errs := Expand(args)
			if diff := cmp.Diff(tc.want, rel(ins)); diff != "" {
				t.Errorf("inputs (-want +got):\n%s", diff)
			}
			var got []string
			for _, err := range errs {
				var ie *Error
				if !errors.As(err, &ie) {
					t.Fatalf("%v is not an *Error", err)
				}
				r, _ := filepath.Rel(dir, ie.Input)
				got = append(got, r+": "+Reason(ie.Err))
			}
			if diff := cmp.Diff(tc.errs, got); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
		})
	}
	if ins, _ := Expand([]string{"-"}); len(ins) != 1 || !ins[0].IsStdin() {
		t.Errorf("- is %v", ins)
	}
}

// TestList holds List to Expand, with each failure where its argument
// stood, never standard input.
func TestList(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.log"), []byte("x\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "b.log"), []byte("x\n"), 0o644)
	args := []string{"nope.log", "a.log", "*.nothing", "b.log"}
	for i := range args {
		args[i] = filepath.Join(dir, args[i])
	}
	var got []string
	for _, in := range List(args) {
		r, _ := filepath.Rel(dir, in.Name)
		if in.Err != nil {
			if in.IsStdin() {
				t.Errorf("%s: a failure is standard input", r)
			}
			var ie *Error
			if !errors.As(in.Err, &ie) {
				t.Fatalf("%v is not an *Error", in.Err)
			}
			r += ": " + Reason(ie.Err)
		}
		got = append(got, r)
	}
	want := []string{"nope.log: no such file or directory", "a.log", "*.nothing: no files match the pattern", "b.log"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("List (-want +got):\n%s", diff)
	}
}
