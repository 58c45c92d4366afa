package timestamp

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Bound is one end of a Window: a time of day (Clock), or a date and time
// (Local, read as UTC as a line's Local time is; or Zoned). The zero
// Bound is no bound.
type Bound struct {
	Kind Kind
	T    time.Time // for Local and Zoned
	Ms   int64     // for Clock: milliseconds since midnight
}

// bound layouts with a date, tried in order: RFC 3339 with and without an
// offset, 'T' or a space between date and time, and a date alone.
var boundLayouts = []string{
	time.RFC3339Nano, "2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02T15:04:05.999999999", "2006-01-02 15:04:05.999999999",
	"2006-01-02T15:04Z07:00", "2006-01-02T15:04", "2006-01-02 15:04",
	"2006-01-02",
}

// ParseBound reads a --since or --until value: a time of day HH:MM,
// HH:MM:SS or HH:MM:SS.mmm, or RFC 3339 (2026-03-01T10:05:00Z, with an
// offset), the same without an offset (read as UTC, as the lines' dates
// without one are), or a date alone (its midnight).
func ParseBound(s string) (Bound, error) {
	if ms, ok := parseClock(s); ok {
		return Bound{Kind: Clock, Ms: ms}, nil
	}
	for _, layout := range boundLayouts {
		t, err := time.Parse(layout, s)
		if err != nil {
			continue
		}
		k := Local
		if strings.HasSuffix(layout, "Z07:00") {
			k = Zoned
		}
		return Bound{Kind: k, T: t.Truncate(time.Millisecond)}, nil
	}
	return Bound{}, fmt.Errorf("%q: want a time of day (10:05, 10:05:49, 10:05:49.120) or RFC 3339 (2026-03-01T10:05:00Z)", s)
}

// parseClock reads HH:MM[:SS[.mmm]].
func parseClock(s string) (int64, bool) {
	parts := strings.Split(s, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return 0, false
	}
	var frac string
	if len(parts) == 3 {
		parts[2], frac, _ = strings.Cut(parts[2], ".")
		if strings.Contains(s, ".") && (len(frac) == 0 || len(frac) > 3) {
			return 0, false
		}
	}
	limits := []int{24, 60, 60}
	var v [3]int
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || len(p) != 2 && !(i == 0 && len(p) == 1) || n < 0 || n >= limits[i] {
			return 0, false
		}
		v[i] = n
	}
	ms := 0
	if frac != "" {
		n, err := strconv.Atoi(frac)
		if err != nil || n < 0 {
			return 0, false
		}
		for k := len(frac); k < 3; k++ {
			n *= 10
		}
		ms = n
	}
	return int64(((v[0]*60+v[1])*60+v[2])*1000 + ms), true
}

// Window is the times --since and --until keep: from Since (inclusive) to
// Until (exclusive); either may be the zero Bound, for no bound.
type Window struct{ Since, Until Bound }

// ErrEmptyWindow says that Since is not before Until.
var ErrEmptyWindow = errors.New("--since is not before --until: no time is in between")

// NewWindow checks the bounds: two dates must be in order. Two times of
// day in the reverse order span midnight (--since 23:50 --until 00:10).
func NewWindow(since, until Bound) (Window, error) {
	w := Window{since, until}
	if since.Kind >= Local && until.Kind >= Local && !since.T.Before(until.T) {
		return w, ErrEmptyWindow
	}
	if since.Kind == Clock && until.Kind == Clock && since.Ms == until.Ms {
		return w, ErrEmptyWindow
	}
	return w, nil
}

// Active reports whether the window has a bound.
func (w Window) Active() bool { return w.Since.Kind != None || w.Until.Kind != None }

// Keeps reports whether a line of time t is in the window. A time of day
// bound compares the time of day the line's timestamp writes, whatever its
// date; a bound with a date compares instants, and keeps the lines whose
// time has no date (they cannot be placed). A line without a time (None)
// is kept: nothing says it is outside.
func (w Window) Keeps(t Time) bool {
	if t.Kind == None {
		return true
	}
	s, u := w.Since, w.Until
	if s.Kind == Clock && u.Kind == Clock && s.Ms > u.Ms {
		tod := t.clock()
		return tod >= s.Ms || tod < u.Ms // across midnight
	}
	return s.after(t) && u.before(t)
}

// after reports whether t is at or after b (true without a bound, or
// where t cannot be compared with it).
func (b Bound) after(t Time) bool {
	switch {
	case b.Kind == Clock:
		return t.clock() >= b.Ms
	case b.Kind >= Local && t.Kind >= Local:
		return !t.T.Before(b.T)
	}
	return true
}

// before reports whether t is before b (true without a bound, or where t
// cannot be compared with it).
func (b Bound) before(t Time) bool {
	switch {
	case b.Kind == Clock:
		return t.clock() < b.Ms
	case b.Kind >= Local && t.Kind >= Local:
		return t.T.Before(b.T)
	}
	return true
}

// clock is the time of day t writes, in milliseconds since midnight: Ms
// for a Clock, the wall time in the line's own zone for the others.
func (t Time) clock() int64 {
	if t.Kind == Clock {
		return t.Ms
	}
	h, m, s := t.T.Clock()
	return int64(((h*60+m)*60+s)*1000 + t.T.Nanosecond()/1e6)
}
