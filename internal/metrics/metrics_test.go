package metrics

import (
	"io"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/codewatch/codewatch/internal/catalog"
	"github.com/codewatch/codewatch/internal/scan"
)

// TestExposition: what a scrape shows after some lines, rotations and
// errors.
func TestExposition(t *testing.T) {
	m := New()
	cat := catalog.Default()
	rd := scan.NewReader(scan.NewMatcher(cat, true), scan.Options{})
	in := "a code: 101\nb K_UID_BANNED code: 101\nc ERR_NOT_IN_CATALOG\nplain\n"
	m.Export(cat)
	st, err := rd.Scan(strings.NewReader(in), m)
	if err != nil {
		t.Fatal(err)
	}
	m.Read("app.log", st.Lines, st.Bytes)
	m.Rotation("app.log", "rotated")
	m.Rotation("app.log", "truncated")
	m.ReadError("app.log")
	m.Reload(false)

	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	body, _ := io.ReadAll(rec.Body)
	for _, want := range []string{
		`codewatch_occurrences_total{code="ERR_INVALID_VENDOR_KEY",kind="error",sdk="agora-web-2.x",severity="error"} 2`,
		`codewatch_occurrences_total{code="K_UID_BANNED",kind="error",sdk="agora-web-2.x",severity="error"} 1`,
		`codewatch_occurrences_total{code="WARN_OPEN_CHANNEL_TIMEOUT",kind="warning",sdk="agora-web-2.x",severity="warning"} 0`,
		`codewatch_unknown_codes_total 1`,
		`codewatch_lines_total{file="app.log"} 4`,
		`codewatch_bytes_total{file="app.log"} 64`,
		`codewatch_rotations_total{file="app.log",kind="rotated"} 1`,
		`codewatch_rotations_total{file="app.log",kind="truncated"} 1`,
		`codewatch_read_errors_total{file="app.log"} 1`,
		`codewatch_catalog_reloads_total{result="failed"} 1`,
		`go_goroutines `,
	} {
		if !strings.Contains(string(body), want+"\n") && !strings.Contains(string(body), want) {
			t.Errorf("no %q in\n%s", want, body)
		}
	}
}

// TestExpositionSDKs: with every SDK's catalog, a name two SDKs give
// meanings of their own is two series, told apart by sdk; an ambiguous
// value is counted by value, apart.
func TestExpositionSDKs(t *testing.T) {
	m := New()
	set := catalog.MustSet(catalog.Builtin()...)
	for _, c := range set.Catalogs() {
		m.Export(c)
	}
	for _, in := range []string{
		"level=error err=INVALID_OPERATION\nlevel=error error 116\nlevel=error error 116\n",
		"Agora-SDK [ERROR]: [client-f541a] AgoraRTCError INVALID_OPERATION: Can't publish stream\n",
	} {
		rd := scan.NewReader(scan.NewSetMatcher(set, scan.MatcherOptions{Unknown: true, Auto: true}), scan.Options{})
		if _, err := rd.Scan(strings.NewReader(in), m); err != nil {
			t.Fatal(err)
		}
	}
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	body, _ := io.ReadAll(rec.Body)
	for _, want := range []string{
		`codewatch_occurrences_total{code="INVALID_OPERATION",kind="error",sdk="agora-web-2.x",severity="error"} 1`,
		`codewatch_occurrences_total{code="INVALID_OPERATION",kind="error",sdk="agora-web-4.x",severity="error"} 1`,
		`codewatch_occurrences_total{code="ERR_NO_ACTIVE_STATUS",kind="error",sdk="agora-web-2.x",severity="error"} 0`,
		`codewatch_occurrences_total{code="ERR_TOO_MANY_DATA_STREAMS",kind="error",sdk="agora-native-4.x",severity="error"} 0`,
		`codewatch_occurrences_total{code="CONNECTION_CHANGED_BANNED_BY_SERVER",kind="reason",sdk="agora-native-4.x",severity="error"} 0`,
		`codewatch_ambiguous_values_total{value="116"} 2`,
	} {
		if !strings.Contains(string(body), want+"\n") {
			t.Errorf("no %q in\n%s", want, body)
		}
	}
}

// TestLabelNotUTF8: a file name that is not UTF-8 (anyone who can create a
// file in a followed directory can make one) becomes a valid label value,
// its bad bytes written \xNN, instead of making client_golang panic.
func TestLabelNotUTF8(t *testing.T) {
	m := New()
	for _, name := range []string{"caf\xe9.log", "\xff\xfe", "ok.log", "naïve.log"} {
		m.Read(name, 1, 2)
		m.Rotation(name, "rotated")
		m.ReadError(name)
	}
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	body, _ := io.ReadAll(rec.Body)
	for _, want := range []string{
		`codewatch_lines_total{file="caf\\xE9.log"} 1`,
		`codewatch_bytes_total{file="\\xFF\\xFE"} 2`,
		`codewatch_rotations_total{file="caf\\xE9.log",kind="rotated"} 1`,
		`codewatch_read_errors_total{file="\\xFF\\xFE"} 1`,
		`codewatch_lines_total{file="ok.log"} 1`,
		`codewatch_lines_total{file="naïve.log"} 1`,
	} {
		if !strings.Contains(string(body), want+"\n") {
			t.Errorf("no %q in\n%s", want, body)
		}
	}
}

func TestLabel(t *testing.T) {
	for in, want := range map[string]string{"": "", "app.log": "app.log", "caf\xe9": `caf\xE9`, "é\xc3": `é\xC3`, "a\nb": "a\nb"} {
		if got := label(in); got != want {
			t.Errorf("label(%q) = %q, want %q", in, got, want)
		}
	}
}
