package follow

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// FuzzPositions holds the positions file (tail --positions) to its
// promises. Any bytes: ReadPositions never panics, and refuses what it does
// not take whole (no positions with an error); what it takes writes back
// as a file that reads again to the same positions and writes the same
// bytes. Any state, made from the fuzzer's bytes (any file names, devices,
// inodes, offsets, lines, fingerprints): written, it reads back equal.
func FuzzPositions(f *testing.F) {
	sum := sha256.Sum256([]byte("line 1\n"))
	good := `{
  "format": "codewatch-positions/1",
  "saved": "2026-03-01T10:00:00.123456789Z",
  "files": [
    {
      "name": "logs/app.log",
      "files": [
        {"dev": 2049, "ino": 1234, "offset": 7, "line": 1, "fingerprint": "` + hex.EncodeToString(sum[:]) + `", "fingerprint_len": 7}
      ]
    }
  ]
}
`
	f.Add([]byte(good), []byte("logs/app.log\x00other.log"))
	f.Add([]byte(good+good), []byte("caf\xe9.log"))
	f.Add([]byte(`{"format":"codewatch-positions/1","saved":"0001-01-01T00:00:00Z","files":null}`), []byte("\xff\xfe\x00"))
	f.Add([]byte(`{"format":"codewatch-positions/1","files":[{"name":"a","files":[{"offset":-1}]}]}`), []byte(""))
	f.Add([]byte(`{"format":"codewatch-positions/1","files":[{"name":"a","files":[]},{"name":"a","files":[]}]}`), []byte("a\x00a"))
	f.Add([]byte("not json"), []byte("\n\t\"\\"))
	f.Fuzz(func(t *testing.T, data, state []byte) {
		// Any bytes.
		p, err := ReadPositions(bytes.NewReader(data))
		if err != nil {
			if p != nil {
				t.Fatalf("refused (%v), and positions came back", err)
			}
		} else {
			var first bytes.Buffer
			if _, err := p.WriteTo(&first); err != nil {
				t.Fatalf("read, then writing fails: %v", err)
			}
			back, err := ReadPositions(bytes.NewReader(first.Bytes()))
			if err != nil {
				t.Fatalf("written back, refused: %v\n%s", err, first.Bytes())
			}
			if diff := cmp.Diff(p, back); diff != "" {
				t.Fatalf("read back (-read +read again):\n%s", diff)
			}
			var second bytes.Buffer
			back.WriteTo(&second)
			if !bytes.Equal(first.Bytes(), second.Bytes()) {
				t.Fatalf("written twice, differs:\n%s", cmp.Diff(first.String(), second.String()))
			}
		}

		// Any state.
		want := positionsFrom(state)
		var buf bytes.Buffer
		if _, err := want.WriteTo(&buf); err != nil {
			t.Fatal(err)
		}
		got, err := ReadPositions(bytes.NewReader(buf.Bytes()))
		if err != nil {
			t.Fatalf("written, refused: %v\n%s", err, buf.Bytes())
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("written and read back (-written +read):\n%s", diff)
		}
	})
}

// positionsFrom makes a valid positions state from any bytes: names are
// the NUL-separated pieces (distinct, not empty), each with a few files
// whose numbers come from the bytes.
func positionsFrom(b []byte) *Positions {
	p := &Positions{Format: PositionsFormat, Saved: time.Unix(int64(len(b))*7919, int64(len(b))*104729).UTC()}
	seen := map[string]bool{}
	num := func(i int) uint64 {
		var w [8]byte
		for k := range w {
			if len(b) > 0 {
				w[k] = b[(i*8+k)%len(b)]
			}
		}
		return binary.LittleEndian.Uint64(w[:])
	}
	for i, name := range bytes.Split(b, []byte{0}) {
		if len(name) == 0 || seen[string(name)] {
			continue
		}
		seen[string(name)] = true
		fp := FilePosition{Name: string(name)}
		for j := range 1 + i%3 {
			n := num(i*3 + j)
			g := Position{Dev: n, Ino: n >> 7, Offset: int64(n >> 2), Line: int64(n >> 3), FingerprintLen: int(n % (FingerprintSize + 1))}
			s := sha256.Sum256(name[:min(len(name), g.FingerprintLen)])
			g.Fingerprint = hex.EncodeToString(s[:])
			fp.Files = append(fp.Files, g)
		}
		p.Files = append(p.Files, fp)
	}
	return p
}
