package scan

import (
	"strings"
	"testing"

	"github.com/codewatch/codewatch/internal/catalog"
)

// TestOnly: Options.Only keeps the codes it names; a line whose codes it
// drops all is a plain line, and a long line whose only code it drops is
// not shown by BodyMatching.
func TestOnly(t *testing.T) {
	m := NewMatcher(catalog.Default(), false)
	only := func(c *catalog.Code) bool { return c.Name == "K_UID_BANNED" }
	in := "WARN_REQUEST_DEFERRED\nERR_FAILED K_UID_BANNED\n"
	rec := newRecorder()
	if _, err := NewReader(m, Options{Only: only}).Scan(strings.NewReader(in), rec); err != nil {
		t.Fatal(err)
	}
	if len(rec.codes) != 1 || len(rec.codes[2]) != 1 || rec.codes[2][0].Code.Name != "K_UID_BANNED" {
		t.Errorf("codes = %v, want only K_UID_BANNED on line 2", rec.codes)
	}
	if rec.out.String() != in {
		t.Errorf("out = %q", rec.out.String())
	}

	big := strings.Repeat("y", 5*MinBufSize)
	in = big + " K_IP_BANNED\n" + big + " K_UID_BANNED\n"
	rec = newRecorder()
	rec.gaps = true
	if _, err := NewReader(m, Options{BufSize: MinBufSize, Body: BodyMatching, Only: only}).Scan(strings.NewReader(in), rec); err != nil {
		t.Fatal(err)
	}
	if want := big + " K_UID_BANNED\n"; rec.out.String() != want {
		t.Errorf("got %d bytes, want %d: the long line with K_UID_BANNED only", rec.out.Len(), len(want))
	}
}
