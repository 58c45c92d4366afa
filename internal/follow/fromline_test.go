package follow

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestLineStart: tail -n +N begins at line N, or after the last complete
// line of a file with fewer; over buffer boundaries too.
func TestLineStart(t *testing.T) {
	long := strings.Repeat("x", 300<<10) + "\n"
	for _, tc := range []struct {
		text string
		n    int
		want int64
	}{
		{"a\nb\nc\n", 1, 0},
		{"a\nb\nc\n", 0, 0},
		{"a\nb\nc\n", 2, 2},
		{"a\nb\nc\n", 3, 4},
		{"a\nb\nc\n", 4, 6},
		{"a\nb\nc\n", 9, 6},
		{"a\nb\npart", 3, 4},
		{"a\nb\npart", 4, 4},
		{"", 5, 0},
		{long + long + "z\n", 3, 2 * int64(len(long))},
	} {
		path := filepath.Join(t.TempDir(), "f")
		if err := os.WriteFile(path, []byte(tc.text), 0o644); err != nil {
			t.Fatal(err)
		}
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		got, err := lineStart(f, int64(len(tc.text)), tc.n)
		f.Close()
		if err != nil || got != tc.want {
			t.Errorf("lineStart(%.12q, %d) = %d, %v; want %d", tc.text, tc.n, got, err, tc.want)
		}
	}
}
