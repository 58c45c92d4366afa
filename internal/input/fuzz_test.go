package input

import (
	"bytes"
	"errors"
	"io"
	"testing"

	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"
	"github.com/ulikunitz/xz"
)

func compress(t testing.TB, format Format, data []byte) []byte {
	var buf bytes.Buffer
	var w io.WriteCloser
	var err error
	switch format {
	case Gzip:
		w = gzip.NewWriter(&buf)
	case Zstd:
		w, err = zstd.NewWriter(&buf)
	case XZ:
		w, err = xz.NewWriter(&buf)
	default:
		return data
	}
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// readAll reads a decompressed stream, but no more than limit bytes (a
// small archive can expand to a lot).
func readAll(r io.Reader, limit int64) ([]byte, error) {
	return io.ReadAll(io.LimitReader(r, limit))
}

// FuzzDecompress: whatever the bytes, opening and reading them never
// panics or hangs, and an error is a compressError or a plain read error;
// data compressed by a real encoder comes back unchanged, and any cut of it
// gives a prefix of it, then an error.
func FuzzDecompress(f *testing.F) {
	for _, s := range []string{"", "plain text\n", "\x1f\x8b", "\x28\xb5\x2f\xfd", "BZh9", "BZh", "\xfd7zXZ\x00"} {
		f.Add([]byte(s), uint8(0), uint16(0))
	}
	f.Add([]byte("K_UID_BANNED\ncode: 101\n"), uint8(1), uint16(10))
	f.Add([]byte("K_UID_BANNED\ncode: 101\n"), uint8(2), uint16(7))
	f.Add([]byte("K_UID_BANNED\ncode: 101\n"), uint8(3), uint16(20))
	f.Fuzz(func(t *testing.T, data []byte, mode uint8, cut uint16) {
		// Arbitrary bytes.
		if r, err := Decompress(io.NopCloser(bytes.NewReader(data))); err == nil {
			readAll(r, 1<<24)
			r.Close()
		}
		// Real archives, whole and cut.
		format := []Format{Plain, Gzip, Zstd, XZ}[mode%4]
		if format == Plain && Detect(data) != Plain {
			return // plain text that starts like an archive is read as one
		}
		z := compress(t, format, data)
		r, err := Decompress(io.NopCloser(bytes.NewReader(z)))
		if err != nil {
			t.Fatalf("%s: open: %v", format, err)
		}
		got, err := readAll(r, 1<<24)
		if err != nil || !bytes.Equal(got, data) {
			t.Fatalf("%s: round trip: %v, %d bytes of %d", format, err, len(got), len(data))
		}
		if format == Plain || len(z) == 0 {
			return
		}
		n := int(cut) % len(z)
		if Detect(z[:n]) != format {
			return // too short to be told apart from plain text
		}
		r, err = Decompress(io.NopCloser(bytes.NewReader(z[:n])))
		if err != nil {
			var ce *compressError
			if n >= 6 && !errors.As(err, &ce) && !errors.Is(err, io.ErrUnexpectedEOF) {
				t.Logf("%s cut at %d: open: %v", format, n, err)
			}
			return
		}
		got, err = readAll(r, 1<<24)
		if !bytes.HasPrefix(data, got) {
			t.Fatalf("%s cut at %d: read %q, not a prefix of the data", format, n, got)
		}
		if err == nil && len(got) < len(data) {
			t.Fatalf("%s cut at %d: %d of %d bytes and no error", format, n, len(got), len(data))
		}
	})
}

func TestDetect(t *testing.T) {
	tests := map[string]Format{
		"\x1f\x8b\x08": Gzip, "\x28\xb5\x2f\xfd\x00": Zstd, "BZh91AY": Bzip2, "BZhx": Plain, "BZh": Plain,
		"\xfd7zXZ\x00\x00": XZ, "plain": Plain, "": Plain,
	}
	for in, want := range tests {
		if got := Detect([]byte(in)); got != want {
			t.Errorf("Detect(%q) = %q, want %q", in, got, want)
		}
	}
}
