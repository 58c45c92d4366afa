package timestamp

import "testing"

func TestParseBound(t *testing.T) {
	for _, c := range []struct {
		in   string
		kind Kind
		want string // Ms for Clock, RFC 3339 for the others
	}{
		{"10:05", Clock, "36300000"},
		{"9:05", Clock, "32700000"},
		{"10:05:49", Clock, "36349000"},
		{"10:05:49.1", Clock, "36349100"},
		{"10:05:49.120", Clock, "36349120"},
		{"2026-03-01T10:05:00Z", Zoned, "2026-03-01T10:05:00Z"},
		{"2026-03-01T10:05:00.250+08:00", Zoned, "2026-03-01T02:05:00.25Z"},
		{"2026-03-01T10:05:00", Local, "2026-03-01T10:05:00Z"},
		{"2026-03-01 10:05", Local, "2026-03-01T10:05:00Z"},
		{"2026-03-01", Local, "2026-03-01T00:00:00Z"},
	} {
		b, err := ParseBound(c.in)
		if err != nil || b.Kind != c.kind {
			t.Errorf("ParseBound(%q) = %+v, %v; want kind %v", c.in, b, err, c.kind)
			continue
		}
		got := b.T.UTC().Format("2006-01-02T15:04:05.999Z07:00")
		if b.Kind == Clock {
			got = itoa(b.Ms)
		}
		if got != c.want {
			t.Errorf("ParseBound(%q) = %s, want %s", c.in, got, c.want)
		}
	}
	for _, bad := range []string{"", "10", "25:00", "10:60", "10:05:49.", "10:05:49.1234", "10:5", "yesterday", "2026-13-01"} {
		if b, err := ParseBound(bad); err == nil {
			t.Errorf("ParseBound(%q) = %+v, want an error", bad, b)
		}
	}
}

func itoa(n int64) string { return string(appendInt(nil, n, 1)) }

func TestWindowKeeps(t *testing.T) {
	bound := func(s string) Bound {
		b, err := ParseBound(s)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	for _, c := range []struct {
		since, until, line string
		want               bool
	}{
		{"10:05", "", "10:05:00:000 x", true},
		{"10:05", "", "10:04:59:999 x", false},
		{"", "10:05", "10:05:00:000 x", false},
		{"", "10:05", "10:04:59:999 x", true},
		{"10:05", "10:06", "2026-03-01T10:05:30Z x", true},      // the line's wall time
		{"10:05", "10:06", "2026-03-01T10:05:30+08:00 x", true}, // as written
		{"23:50", "00:10", "00:05:00:000 x", true},              // across midnight
		{"23:50", "00:10", "12:00:00:000 x", false},
		{"2026-03-01T10:00:00Z", "", "2026-03-01T10:00:00Z x", true},
		{"2026-03-01T10:00:00Z", "", "2026-03-01T17:59:00+08:00 x", false},
		{"2026-03-01T10:00:00Z", "", "10:04:59:999 x", true}, // no date: cannot be placed
		{"10:05", "", "no time at all", true},
	} {
		w, err := NewWindow(bound2(bound, c.since), bound2(bound, c.until))
		if err != nil {
			t.Fatal(err)
		}
		if got := w.Keeps(Parse([]byte(c.line))); got != c.want {
			t.Errorf("since %q until %q: Keeps(%q) = %v, want %v", c.since, c.until, c.line, got, c.want)
		}
	}
	if _, err := NewWindow(bound("2026-03-02"), bound("2026-03-01")); err != ErrEmptyWindow {
		t.Errorf("dates out of order: %v, want ErrEmptyWindow", err)
	}
}

func bound2(f func(string) Bound, s string) Bound {
	if s == "" {
		return Bound{}
	}
	return f(s)
}
