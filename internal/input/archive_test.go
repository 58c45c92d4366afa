package input

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// members reads every member of the archive at path: name, then content
// or the error, one string each; and the archive's own error, if any.
func members(t testing.TB, path string, limit int64) ([]string, error) {
	t.Helper()
	op, err := OpenAny(Input{Name: path, Path: path}, nil, nil)
	if err != nil {
		return nil, err
	}
	defer op.Close()
	if op.Archive == nil {
		b, err := readAll(op.R, limit)
		return []string{string(b)}, err
	}
	var out []string
	for {
		name, r, err := op.Archive.Next()
		switch {
		case errors.Is(err, io.EOF):
			return out, nil
		case err != nil && name == "":
			return out, err
		case err != nil:
			out = append(out, name+": "+Reason(err))
			continue
		}
		b, err := readAll(r, limit)
		if err != nil {
			out = append(out, name+": "+Reason(err))
			continue
		}
		out = append(out, name+"="+string(b))
	}
}

func writeTar(t testing.TB, files ...string) []byte {
	var b bytes.Buffer
	tw := tar.NewWriter(&b)
	for i := 0; i < len(files); i += 2 {
		if err := tw.WriteHeader(&tar.Header{Name: files[i], Mode: 0o644, Size: int64(len(files[i+1])), Typeflag: tar.TypeReg, Format: tar.FormatPAX}); err != nil {
			t.Fatal(err)
		}
		tw.Write([]byte(files[i+1]))
	}
	tw.Close()
	return b.Bytes()
}

func writeZip(t testing.TB, files ...string) []byte {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for i := 0; i < len(files); i += 2 {
		w, err := zw.Create(files[i])
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(files[i+1]))
	}
	zw.Close()
	return b.Bytes()
}

// TestArchiveMembers: members in order, directories passed over,
// compressed members decompressed, archives inside refused, names with ../
// kept as names (nothing is written).
func TestArchiveMembers(t *testing.T) {
	dir := t.TempDir()
	gz := string(compress(t, Gzip, []byte("zipped K_UID_BANNED\n")))
	inner := string(writeZip(t, "x.log", "x"))
	for _, tc := range []struct {
		name string
		data []byte
		want []string
	}{
		{"tar", writeTar(t, "a.log", "one\n", "../up.log", "two\n", "b.log.gz", gz, "in.zip", inner),
			[]string{"a.log=one\n", "../up.log=two\n", "b.log.gz=zipped K_UID_BANNED\n", "in.zip: an archive inside an archive: not read"}},
		{"tar.xz", compress(t, XZ, writeTar(t, "a.log", "one\n")), []string{"a.log=one\n"}},
		{"zip", writeZip(t, "dir/", "", "dir/a.log", "one\n", "b.log.gz", gz), []string{"dir/a.log=one\n", "b.log.gz=zipped K_UID_BANNED\n"}},
		{"plain", []byte("not an archive\n"), []string{"not an archive\n"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(dir, tc.name)
			os.WriteFile(path, tc.data, 0o644)
			got, err := members(t, path, 1<<20)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("members (-want +got):\n%s", diff)
			}
		})
	}
}

// TestArchiveMaxMembers: past maxMembers files, the archive ends with an
// error that says so, after the first maxMembers.
func TestArchiveMaxMembers(t *testing.T) {
	defer func(n int) { maxMembers = n }(maxMembers)
	maxMembers = 3
	path := filepath.Join(t.TempDir(), "many.tar")
	var files []string
	for _, n := range []string{"a", "b", "c", "d", "e"} {
		files = append(files, n, n)
	}
	os.WriteFile(path, writeTar(t, files...), 0o644)
	got, err := members(t, path, 1<<20)
	if err == nil || err.Error() != "more than 3 files: the rest are not read" {
		t.Errorf("error %v", err)
	}
	if diff := cmp.Diff([]string{"a=a", "b=b", "c=c"}, got); diff != "" {
		t.Errorf("members (-want +got):\n%s", diff)
	}
}

// FuzzArchive: whatever the bytes of a file, opening it and reading its
// members never panics or hangs, and every failure says what it is; a real
// archive of a cut gives its members' prefix, then an error.
func FuzzArchive(f *testing.F) {
	f.Add(writeTar(f, "a.log", "K_UID_BANNED\n", "b", "code: 101\n"), uint16(0))
	f.Add(writeZip(f, "a.log", "K_UID_BANNED\n", "d/", ""), uint16(0))
	f.Add(compress(f, Gzip, writeTar(f, "a.log", strings.Repeat("x", 600))), uint16(300))
	f.Add([]byte("PK\x05\x06"+strings.Repeat("\x00", 18)), uint16(0))
	for _, p := range []string{"logs.zip", "logs.tgz", "logs.tar.xz", "nested.tar", "lzma.zip", "encrypted.zip"} {
		if b, err := os.ReadFile(filepath.Join("../../cmd/codewatch/testdata/archives/members", p)); err == nil {
			f.Add(b, uint16(0))
		}
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte, cut uint16) {
		if cut > 0 && int(cut) < len(data) {
			data = data[:cut]
		}
		path := filepath.Join(dir, "f")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		got, err := members(t, path, 1<<22)
		if err != nil && Reason(err) == "" {
			t.Fatalf("an error that says nothing: %#v", err)
		}
		for _, m := range got {
			if strings.HasSuffix(m, ": ") {
				t.Fatalf("a member's error that says nothing: %q", m)
			}
		}
	})
}
