// Command gencorpus writes a corpus of realistic Agora-style logs with
// internal/testgen, for benchmarks: files named like rotated logs
// (app.log, app.log.1, ...), optionally gzipped, and the exact truth.
//
//	go run ./tools/gencorpus -size 1GiB -files 16 -out /tmp/corpus
//	go run ./tools/gencorpus -size 1GiB -files 16 -gzip -out /tmp/corpus-gz
//	go run ./tools/gencorpus -size 1GiB -files 1 -one-line -out /tmp/longline
//	go run ./tools/gencorpus -size 256MiB -files 16 -sdks -out /tmp/corpus-sdks   (every SDK's shapes)
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/klauspost/compress/gzip"

	"github.com/codewatch/codewatch/internal/testgen"
)

func main() {
	size := flag.String("size", "1GiB", "total size, e.g. 64MiB, 1GiB")
	files := flag.Int("files", 16, "number of files")
	out := flag.String("out", "", "output directory (created)")
	gz := flag.Bool("gzip", false, "gzip each file")
	seed := flag.Int64("seed", 1, "generator seed")
	codeRate := flag.Float64("code-rate", testgen.DefaultCodeRate, "fraction of lines with codes")
	oneLine := flag.Bool("one-line", false, "write a single line of -size bytes (a code at its very end)")
	sdks := flag.Bool("sdks", false, "write the lines of every Agora SDK (Web 4.x and 2.x, native 4.x and 3.x, Flutter, Unity, React Native, iOS, RTM 2.x and 1.x; read with --sdk auto) instead of the Web 2.x-era ones")
	flag.Parse()
	if err := run(*size, *files, *out, *gz, *seed, *codeRate, *oneLine, *sdks); err != nil {
		fmt.Fprintln(os.Stderr, "gencorpus:", err)
		os.Exit(1)
	}
}

func parseSize(s string) (int64, error) {
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		m      int64
	}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}, {"GB", 1e9}, {"MB", 1e6}, {"KB", 1e3}, {"B", 1}} {
		if strings.HasSuffix(s, u.suffix) {
			s, mult = strings.TrimSuffix(s, u.suffix), u.m
			break
		}
	}
	n, err := strconv.ParseFloat(s, 64)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("bad size %q", s)
	}
	return int64(n * float64(mult)), nil
}

func run(sizeArg string, files int, out string, gz bool, seed int64, codeRate float64, oneLine, sdks bool) error {
	size, err := parseSize(sizeArg)
	if err != nil {
		return err
	}
	if out == "" || files < 1 {
		return fmt.Errorf("want -out DIR and -files >= 1")
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	if oneLine {
		return writeOneLine(filepath.Join(out, "one-line.log"), size)
	}
	for i := 0; i < files; i++ {
		name := "app.log"
		if i > 0 {
			name += "." + strconv.Itoa(i)
		}
		if gz {
			name += ".gz"
		}
		f, err := os.Create(filepath.Join(out, name))
		if err != nil {
			return err
		}
		w := bufio.NewWriterSize(f, 1<<20)
		var zw *gzip.Writer
		dst := interface{ Write([]byte) (int, error) }(w)
		if gz {
			zw = gzip.NewWriter(w)
			dst = zw
		}
		cfg := testgen.Config{Seed: seed + int64(i), Bytes: size / int64(files), CodeRate: codeRate, SDKs: sdks}
		if _, _, err := testgen.Write(dst, cfg, nil); err != nil {
			return err
		}
		if zw != nil {
			if err := zw.Close(); err != nil {
				return err
			}
		}
		if err := w.Flush(); err != nil {
			return err
		}
		if err := f.Close(); err != nil {
			return err
		}
	}
	return nil
}

// writeOneLine writes one line of size bytes of log-like text without a
// newline inside, ending in a code.
func writeOneLine(path string, size int64) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	chunk := []byte("AgoraRTC_N.js:5 00:22:45:841 Agora-SDK [DEBUG]: [client-ccdab] current web page is visible uid 2444849064 ")
	tail := []byte(" code: 2002\n")
	for n := int64(0); n < size-int64(len(tail)); n += int64(len(chunk)) {
		if _, err := w.Write(chunk[:min(int64(len(chunk)), size-int64(len(tail))-n)]); err != nil {
			return err
		}
	}
	if _, err := w.Write(tail); err != nil {
		return err
	}
	if err := w.Flush(); err != nil {
		return err
	}
	return f.Close()
}
