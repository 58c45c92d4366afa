package input

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestOpenSmallArchives: a decompressed stream is not a plain file. An
// archive smaller than what it holds, or holding nothing (a one-line or an
// empty log that logrotate compressed), is read whole without a size check,
// with and without counting, and cannot be read again at an offset (that
// would read the archive's bytes, not the log's).
func TestOpenSmallArchives(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name string
		text string
	}{
		{"empty", ""},
		{"one line", "10:05:49:744 join failed, code: 101\n"},
		{"no line end", "x"},
		{"long line", strings.Repeat("y", 3<<20) + " K_UID_BANNED\n"},
	} {
		for _, format := range []Format{Gzip, Zstd, XZ} {
			path := filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "_")+"."+string(format))
			if err := os.WriteFile(path, compress(t, format, []byte(tc.text)), 0o644); err != nil {
				t.Fatal(err)
			}
			for _, counted := range []bool{false, true} {
				t.Run(tc.name+"/"+string(format)+map[bool]string{true: "/counted"}[counted], func(t *testing.T) {
					var n *atomic.Int64
					if counted {
						n = new(atomic.Int64)
					}
					rc, err := OpenCounted(Input{Name: path, Path: path}, nil, n)
					if err != nil {
						t.Fatal(err)
					}
					defer rc.Close()
					if _, ok := rc.(io.ReaderAt); ok {
						t.Errorf("a %s stream can be read at an offset: ReadAt would read the archive", format)
					}
					got, err := io.ReadAll(rc)
					if err != nil {
						t.Fatalf("read %d bytes: %v", len(got), err)
					}
					if string(got) != tc.text {
						t.Errorf("read %d bytes, want %d", len(got), len(tc.text))
					}
				})
			}
		}
	}
}

// TestOpenRealArchives: the same with archives made by the real gzip and
// zstd (skipped where they are missing, failed under CI=true).
func TestOpenRealArchives(t *testing.T) {
	dir := t.TempDir()
	for _, tool := range [][]string{{"gzip", "-n"}, {"zstd", "-q"}} {
		if _, err := exec.LookPath(tool[0]); err != nil {
			if os.Getenv("CI") == "true" {
				t.Fatalf("%s is missing, and CI=true: .ci/run should have installed it", tool[0])
			}
			t.Logf("%s is missing: skipped", tool[0])
			continue
		}
		for _, text := range []string{"", "one line\n"} {
			path := filepath.Join(dir, "app.log")
			os.Remove(path)
			if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(tool[0], append(tool[1:], "-c", path)...)
			arch, err := cmd.Output()
			if err != nil {
				t.Fatalf("%s: %v", tool[0], err)
			}
			ap := filepath.Join(dir, "app.log.1."+tool[0])
			os.WriteFile(ap, arch, 0o644)
			rc, err := OpenCounted(Input{Name: ap, Path: ap}, nil, new(atomic.Int64))
			if err != nil {
				t.Fatal(err)
			}
			got, err := io.ReadAll(rc)
			rc.Close()
			if err != nil || string(got) != text {
				t.Errorf("%s of %q: read %q, %v", tool[0], text, got, err)
			}
		}
	}
}

// TestOpenPlainSize: a plain file is read up to the size it had when it
// was opened (a file written faster than it is read has an end); a file
// truncated while read says so; a file whose size is not what it holds
// (sysfs, /proc) is read as it is, not called truncated.
func TestOpenPlainSize(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "app.log")
	os.WriteFile(path, []byte("a1\na2\n"), 0o644)
	rc, err := Open(Input{Name: path, Path: path}, nil)
	if err != nil {
		t.Fatal(err)
	}
	f, _ := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	f.WriteString("written after the open\n")
	f.Close()
	got, err := io.ReadAll(rc)
	rc.Close()
	if err != nil || string(got) != "a1\na2\n" {
		t.Errorf("grown after the open: read %q, %v; want what was there at the open", got, err)
	}

	os.WriteFile(path, bytes.Repeat([]byte("a line of the log\n"), 10000), 0o644)
	rc, err = Open(Input{Name: path, Path: path}, nil)
	if err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 100)
	io.ReadFull(rc, buf)
	os.Truncate(path, 1000)
	_, err = io.ReadAll(rc)
	rc.Close()
	var se *ShrunkError
	if !errors.As(err, &se) {
		t.Errorf("truncated while read: %v, want a ShrunkError", err)
	}

	for _, p := range []string{"/sys/devices/system/cpu/online", "/sys/kernel/mm/transparent_hugepage/enabled", "/proc/self/status"} {
		fi, err := os.Stat(p)
		if err != nil {
			continue
		}
		want, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		rc, err := Open(Input{Name: p, Path: p}, nil)
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Errorf("%s (stat size %d): %v", p, fi.Size(), err)
		}
		if p != "/proc/self/status" && !bytes.Equal(got, want) {
			t.Errorf("%s: read %q, want %q", p, got, want)
		}
	}
}

// realZstd makes a zstd archive of text with the real zstd, fed on its
// standard input (so the frame keeps the window asked for): nil when zstd
// is missing, except under CI=true, where .ci/run installs it.
func realZstd(t *testing.T, text string, args ...string) []byte {
	t.Helper()
	if _, err := exec.LookPath("zstd"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("zstd is missing, and CI=true: .ci/run should have installed it")
		}
		t.Skip("zstd is missing")
	}
	cmd := exec.Command("zstd", append([]string{"-q", "-c"}, args...)...)
	cmd.Stdin = strings.NewReader(text)
	b, err := cmd.Output()
	if err != nil {
		t.Fatalf("zstd %v: %v", args, err)
	}
	return b
}

// TestZstdWindow: an archive whose window is over the limit is refused
// with the window it needs, not called corrupt; one at the limit is read.
func TestZstdWindow(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		long string
		err  string
	}{
		{"--long=27", ""},
		{"--long=28", "zstd data needs a 256 MiB window, more than codewatch's 128 MiB limit"},
		{"--long=30", "zstd data needs a 1 GiB window, more than codewatch's 128 MiB limit"},
	} {
		t.Run(tc.long, func(t *testing.T) {
			path := filepath.Join(dir, "app.log.zst")
			os.WriteFile(path, realZstd(t, "a1\na2\n", tc.long), 0o644)
			rc, err := Open(Input{Name: path, Path: path}, nil)
			if err != nil {
				t.Fatal(err)
			}
			got, err := io.ReadAll(rc)
			rc.Close()
			msg := ""
			if err != nil {
				msg = Reason(err)
			}
			if msg != tc.err || err == nil && string(got) != "a1\na2\n" {
				t.Errorf("read %q, error %q; want error %q", got, msg, tc.err)
			}
		})
	}
}

// TestZstdMemory: archives with 128 MiB windows read in parallel (-j 8)
// hold at most two such windows at once: the heap stays under 400 MiB
// (eight would be 1 GiB), however many are read at once.
func TestZstdMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("allocates windows of 128 MiB")
	}
	dir := t.TempDir()
	arch := realZstd(t, strings.Repeat("a line of a log\n", 1000), "--long=27")
	var peak atomic.Uint64
	stop := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > peak.Load() {
				peak.Store(ms.HeapInuse)
			}
			select {
			case <-stop:
				return
			case <-time.After(2 * time.Millisecond):
			}
		}
	}()
	var wg sync.WaitGroup
	for i := range 8 {
		path := filepath.Join(dir, fmt.Sprintf("app.log.%d.zst", i))
		os.WriteFile(path, arch, 0o644)
		wg.Add(1)
		go func() {
			defer wg.Done()
			rc, err := Open(Input{Name: path, Path: path}, nil)
			if err != nil {
				t.Error(err)
				return
			}
			defer rc.Close()
			if _, err := io.Copy(io.Discard, rc); err != nil {
				t.Error(err)
			}
			time.Sleep(100 * time.Millisecond) // all eight open at once, if they can be
		}()
	}
	wg.Wait()
	close(stop)
	<-sampled
	t.Logf("peak heap in use: %d MiB", peak.Load()>>20)
	if peak.Load() > 400<<20 {
		t.Errorf("peak heap in use %d MiB reading 8 archives with 128 MiB windows at once, want under 400 MiB", peak.Load()>>20)
	}
}
