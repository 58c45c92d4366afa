// Package timestamp finds the timestamp of a log line: the shapes the Agora
// SDKs and the tools around them print (the Web SDK console's H:MM:SS:m,
// the native SDK's space-padded times, logcat, RFC 3339, JSON "ts" members,
// epoch numbers), kept to the millisecond, and orders and formats them.
package timestamp

import (
	"cmp"
	"time"
)

// Kind says how much of an instant a line's timestamp gives.
type Kind uint8

// The kinds of timestamp, from the least to the most informative.
const (
	// None: the line carries no recognised timestamp.
	None Kind = iota
	// Clock: a time of day only (HH:MM:SS.mmm), with no date: the Web
	// SDK's console time, the native SDK's (15:37: 4:439 |) and logcat's
	// 12-09 15:36:52.459, whose month and day come without a year and so
	// cannot name an instant.
	Clock
	// Local: a date and time without a zone offset.
	Local
	// Zoned: a date and time with a zone offset (Z or ±hh:mm), or an epoch
	// number.
	Zoned
)

// String returns the kind's name: "none", "clock", "local" or "zoned".
func (k Kind) String() string {
	switch k {
	case None:
		return "none"
	case Clock:
		return "clock"
	case Local:
		return "local"
	case Zoned:
		return "zoned"
	}
	return "Kind(" + string(appendInt(nil, int64(k), 1)) + ")"
}

// Time is the timestamp recognised in a line, kept to the millisecond
// (finer fractions are truncated).
type Time struct {
	Kind Kind
	// T is the date and time, for Local and Zoned; it is the zero Time for
	// None and Clock.
	// For Local, T is the wall time read as UTC (its location is time.UTC).
	// For Zoned, T is the instant, in a fixed zone of the offset written in
	// the line (time.UTC when the offset is zero).
	T time.Time
	// Ms is the time of day in milliseconds since midnight
	// (0..86_399_999), for Clock; it is 0 for the other kinds.
	Ms int64
}

// The windows that Parse reads: a line's timestamp depends only on its
// first timeTextWindow bytes, or for a JSON object line on its first
// timeJSONWindow bytes.
const (
	timeTextWindow = 256
	timeJSONWindow = 4096
)

// Parse finds the timestamp of a log line. It reads only the first 256
// bytes of the line for a textual timestamp, and the first 4096 bytes of a
// JSON object line for a "ts", "time" or "timestamp" member; the end of
// that window is read as the end of the line. It does not allocate, except
// for a zone offset that is not a whole number of hours.
//
// A textual timestamp is looked for at every place where one may start, and
// the earliest one wins. The shapes are:
//
//	13:35:39:20                 Clock: the Web SDK's console time H:MM:SS:m,
//	                            whose last field counts 1-3 digits of
//	                            milliseconds (":20" is 20 ms, not 200)
//	13:35:39.020                Clock: H:MM:SS and a decimal fraction
//	(15:37: 4:439 |             Clock: native SDK 2.x/3.x, fields padded
//	                            with spaces, starting at the '('
//	12-09 15:36:52.459          Clock: logcat, whose MM-DD has no year
//	[08/24/23 09:45:35:452]     Local: native SDK 4.x, MM/DD/YY, 20YY
//	2026-03-01T10:00:00.123Z    Local or Zoned: RFC 3339 and ISO 8601, with
//	2026-03-01 10:00:00,123     '-' or '/' in the date, 'T' or a space
//	2021-09-02T10:45:48:860     before the time, an optional fraction after
//	                            '.' or ',' (or a count of 1-3 digits of
//	                            milliseconds after ':'), then an optional
//	                            zone Z, ±hh:mm, ±hhmm or ±hh (Zoned)
//
// A timestamp is never glued to a number: it starts at the line's start or
// after a byte that is neither a letter nor a digit, nor a ':' or '.' that
// follows a digit, and it ends at the line's end or before a byte that is
// not a digit, nor a ':' or '.' followed by a digit. So in
// "AgoraRTC_N.js:400:40410:32:57:905", where a console's line:col ran into
// the time, there is no timestamp, and "file.js:123 " is never read as one.
// Seconds are required: "10:20" is no timestamp, and neither is "10:20:30"
// without a date or a fraction. Fields are range-checked (month, day of the
// month, hour 0-23, minute 0-59, second 0-60, offset up to ±23:59), and a
// leap second 60 is read as 59.999. A timestamp with a field out of range,
// or glued to a following number, is none, and nothing inside it is looked
// at again.
//
// A line whose first non-blank byte is '{' is read as a JSON object first:
// the first member named "ts", "time" or "timestamp" (after '{' or ',')
// whose value is a string that starts with one of the shapes above, or a
// non-negative number, gives the time. A number is epoch seconds (with an
// optional fraction) below 1e11, milliseconds below 1e14, microseconds below
// 1e17 and nanoseconds above, and gives a Zoned time in UTC. Without such a
// member the line is scanned as text.
func Parse(line []byte) Time {
	if t, ok := jsonTime(line[:min(len(line), timeJSONWindow)]); ok {
		return t
	}
	return scanText(line[:min(len(line), timeTextWindow)])
}

// scanText returns the earliest textual timestamp in w.
func scanText(w []byte) Time {
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c == '(' {
			if t, ok := native(w, i); ok {
				return t
			}
			continue
		}
		if !isDigit(c) {
			continue
		}
		if leftOK(w, i) {
			t, end, st := shapeAt(w, i)
			switch st {
			case shapeMatch:
				return t
			case shapeInvalid:
				i = end - 1
				continue
			}
		}
		// No timestamp starts inside a run of digits.
		for i+1 < len(w) && isDigit(w[i+1]) {
			i++
		}
	}
	return Time{}
}

// shapeStatus is the outcome of reading one timestamp shape at a place.
type shapeStatus uint8

const (
	shapeNone    shapeStatus = iota // not this shape
	shapeMatch                      // a timestamp
	shapeInvalid                    // the shape, out of range or glued to a number
)

// shapeAt reads a timestamp that starts with the digit at w[i]: the longest
// shapes first. For shapeMatch and shapeInvalid, end is where the shape ends.
func shapeAt(w []byte, i int) (t Time, end int, st shapeStatus) {
	if t, end, st = dateTime(w, i); st != shapeNone {
		return t, end, st
	}
	if t, end, st = slashDate(w, i); st != shapeNone {
		return t, end, st
	}
	if t, end, st = logcat(w, i); st != shapeNone {
		return t, end, st
	}
	return clockShape(w, i)
}

// dateTime reads YYYY-MM-DD or YYYY/MM/DD, 'T' or a space, the time of
// day with an optional fraction, and an optional zone.
func dateTime(w []byte, i int) (Time, int, shapeStatus) {
	y, ok := number(w, i, 4)
	if !ok || i+4 >= len(w) {
		return Time{}, 0, shapeNone
	}
	sep := w[i+4]
	if sep != '-' && sep != '/' {
		return Time{}, 0, shapeNone
	}
	mo, ok1 := number(w, i+5, 2)
	d, ok2 := number(w, i+8, 2)
	if !ok1 || !ok2 || w[i+7] != sep || i+10 >= len(w) {
		return Time{}, 0, shapeNone
	}
	if c := w[i+10]; c != 'T' && c != 't' && c != ' ' {
		return Time{}, 0, shapeNone
	}
	h, mi, s, ms, _, p, ok := timeOfDay(w, i+11)
	if !ok {
		return Time{}, 0, shapeNone
	}
	zoned, off, offOK := false, 0, true
	if p < len(w) {
		switch c := w[p]; c {
		case 'Z', 'z':
			zoned = true
			p++
		case '+', '-':
			oh, ok := number(w, p+1, 2)
			if !ok {
				break
			}
			om := 0
			p += 3
			if m, ok := number(w, p, 2); ok {
				om = m
				p += 2
			} else if m, ok := number(w, p+1, 2); ok && w[p] == ':' {
				om = m
				p += 3
			}
			zoned, off, offOK = true, oh*60+om, oh <= 23 && om <= 59
			if c == '-' {
				off = -off
			}
		}
	}
	if !rightOK(w, p) || !validDate(y, mo, d) || h > 23 || mi > 59 || s > 60 || !offOK {
		return Time{}, p, shapeInvalid
	}
	if s == 60 {
		s, ms = 59, 999
	}
	loc, kind := time.UTC, Local
	if zoned {
		kind = Zoned
		if off != 0 {
			loc = time.FixedZone("", off*60)
		}
	}
	return Time{Kind: kind, T: time.Date(y, time.Month(mo), d, h, mi, s, ms*1e6, loc)}, p, shapeMatch
}

// slashDate reads the native SDK 4.x MM/DD/YY HH:MM:SS:mmm, a Local time
// in the years 2000-2099.
func slashDate(w []byte, i int) (Time, int, shapeStatus) {
	mo, ok1 := number(w, i, 2)
	d, ok2 := number(w, i+3, 2)
	y, ok3 := number(w, i+6, 2)
	if !ok1 || !ok2 || !ok3 || w[i+2] != '/' || w[i+5] != '/' || i+8 >= len(w) || w[i+8] != ' ' {
		return Time{}, 0, shapeNone
	}
	h, mi, s, ms, _, p, ok := timeOfDay(w, i+9)
	if !ok {
		return Time{}, 0, shapeNone
	}
	y += 2000
	if !rightOK(w, p) || !validDate(y, mo, d) || h > 23 || mi > 59 || s > 60 {
		return Time{}, p, shapeInvalid
	}
	if s == 60 {
		s, ms = 59, 999
	}
	return Time{Kind: Local, T: time.Date(y, time.Month(mo), d, h, mi, s, ms*1e6, time.UTC)}, p, shapeMatch
}

// logcat reads logcat's MM-DD HH:MM:SS.mmm. Logcat gives no year, so the
// result is only a time of day (Clock).
func logcat(w []byte, i int) (Time, int, shapeStatus) {
	mo, ok1 := number(w, i, 2)
	d, ok2 := number(w, i+3, 2)
	if !ok1 || !ok2 || w[i+2] != '-' || i+5 >= len(w) || w[i+5] != ' ' {
		return Time{}, 0, shapeNone
	}
	h, mi, s, ms, sep, p, ok := timeOfDay(w, i+6)
	if !ok || sep != '.' {
		return Time{}, 0, shapeNone
	}
	// 2000 is a leap year: logcat's 02-29 is valid.
	if !rightOK(w, p) || !validDate(2000, mo, d) || h > 23 || mi > 59 || s > 60 {
		return Time{}, p, shapeInvalid
	}
	return clockTime(h, mi, s, ms), p, shapeMatch
}

// clockShape reads a time of day without a date: H:MM:SS:m (the Web SDK's,
// with 1-3 milliseconds digits) or H:MM:SS.f (a decimal fraction). The hour
// has one or two digits.
func clockShape(w []byte, i int) (Time, int, shapeStatus) {
	h, p := 0, i
	for p < len(w) && p < i+2 && isDigit(w[p]) {
		h = h*10 + int(w[p]-'0')
		p++
	}
	if p >= len(w) || w[p] != ':' {
		return Time{}, 0, shapeNone
	}
	mi, ok1 := number(w, p+1, 2)
	s, ok2 := number(w, p+4, 2)
	if !ok1 || !ok2 || w[p+3] != ':' || p+6 >= len(w) {
		return Time{}, 0, shapeNone
	}
	p += 6
	var ms int
	switch w[p] {
	case ':':
		var ok bool
		if ms, p, ok = countMs(w, p+1); !ok {
			return Time{}, 0, shapeNone
		}
	case '.':
		var ok bool
		if ms, p, ok = fraction(w, p+1); !ok {
			return Time{}, 0, shapeNone
		}
	default:
		return Time{}, 0, shapeNone
	}
	if !rightOK(w, p) || h > 23 || mi > 59 || s > 60 {
		return Time{}, p, shapeInvalid
	}
	return clockTime(h, mi, s, ms), p, shapeMatch
}

// native reads the native SDK 2.x/3.x time at w[i] == '(':
// "(HH:MM:SS:mmm |" with every field padded by spaces on the left
// ("(15:37: 4:439 |", "( 0:36:57:955 |", "(10: 6:55: 90 |").
func native(w []byte, i int) (Time, bool) {
	h, ok1 := padded(w, i+1)
	m, ok2 := padded(w, i+4)
	s, ok3 := padded(w, i+7)
	if !ok1 || !ok2 || !ok3 || w[i+3] != ':' || w[i+6] != ':' || i+9 >= len(w) || w[i+9] != ':' {
		return Time{}, false
	}
	p := i + 10
	for k := 0; k < 2 && p < len(w) && w[p] == ' '; k++ {
		p++
	}
	ms, p, ok := countMs(w, p)
	if !ok || p >= len(w) || w[p] != ' ' {
		return Time{}, false
	}
	for p < len(w) && w[p] == ' ' {
		p++
	}
	if p >= len(w) || w[p] != '|' || h > 23 || m > 59 || s > 60 {
		return Time{}, false
	}
	return clockTime(h, m, s, ms), true
}

// padded reads a two-byte field: a digit, or a space then a digit.
func padded(w []byte, i int) (int, bool) {
	if i+1 >= len(w) || !isDigit(w[i+1]) {
		return 0, false
	}
	switch c := w[i]; {
	case c == ' ':
		return int(w[i+1] - '0'), true
	case isDigit(c):
		return int(c-'0')*10 + int(w[i+1]-'0'), true
	}
	return 0, false
}

// timeOfDay reads HH:MM:SS at w[i], then an optional fraction: '.' or
// ',' and digits (a decimal fraction), or ':' and 1-3 digits (a count of
// milliseconds). It returns the fields, the byte before the fraction (0
// without one) and where they end; fields are not range-checked.
func timeOfDay(w []byte, i int) (h, mi, s, ms int, sep byte, end int, ok bool) {
	h, ok1 := number(w, i, 2)
	mi, ok2 := number(w, i+3, 2)
	s, ok3 := number(w, i+6, 2)
	if !ok1 || !ok2 || !ok3 || w[i+2] != ':' || w[i+5] != ':' {
		return 0, 0, 0, 0, 0, 0, false
	}
	p := i + 8
	if p+1 < len(w) && isDigit(w[p+1]) {
		switch sep = w[p]; sep {
		case '.', ',':
			ms, p, _ = fraction(w, p+1)
		case ':':
			var okMs bool
			if ms, p, okMs = countMs(w, p+1); !okMs {
				return 0, 0, 0, 0, 0, 0, false
			}
		default:
			sep = 0
		}
	}
	return h, mi, s, ms, sep, p, true
}

// fraction reads the digits of a decimal fraction at w[i], at least one,
// and returns it in milliseconds (truncated) and where the digits end.
func fraction(w []byte, i int) (ms, end int, ok bool) {
	p := i
	for ; p < len(w) && isDigit(w[p]); p++ {
		if p < i+3 {
			ms = ms*10 + int(w[p]-'0')
		}
	}
	for k := p; k < i+3; k++ {
		ms *= 10
	}
	return ms, p, p > i
}

// countMs reads 1-3 digits at w[i], a number of milliseconds, not
// followed by another digit.
func countMs(w []byte, i int) (ms, end int, ok bool) {
	p := i
	for ; p < len(w) && isDigit(w[p]); p++ {
		if p == i+3 {
			return 0, 0, false
		}
		ms = ms*10 + int(w[p]-'0')
	}
	return ms, p, p > i
}

// clockTime makes a Clock time, reading a leap second as 59.999.
func clockTime(h, mi, s, ms int) Time {
	if s == 60 {
		s, ms = 59, 999
	}
	return Time{Kind: Clock, Ms: int64(((h*60+mi)*60+s)*1000 + ms)}
}

// jsonTime reads the time of a JSON object line from its first "ts", "time"
// or "timestamp" member that holds a timestamp.
func jsonTime(w []byte) (Time, bool) {
	j := 0
	for j < len(w) && isBlank(w[j]) {
		j++
	}
	if j >= len(w) || w[j] != '{' {
		return Time{}, false
	}
	for k := j + 1; k < len(w); k++ {
		if w[k] != '"' {
			continue
		}
		n := timeKey(w[k+1:])
		if n == 0 {
			continue
		}
		b := k - 1
		for b > j && isBlank(w[b]) {
			b--
		}
		if w[b] != '{' && w[b] != ',' {
			continue
		}
		v := k + 1 + n
		for v < len(w) && isBlank(w[v]) {
			v++
		}
		if v >= len(w) || w[v] != ':' {
			continue
		}
		v++
		for v < len(w) && isBlank(w[v]) {
			v++
		}
		if v >= len(w) {
			break
		}
		switch c := w[v]; {
		case c == '"':
			s := w[v+1:]
			e := 0
			for e < len(s) && s[e] != '"' {
				e++
			}
			if e == len(s) || e == 0 || !isDigit(s[0]) {
				continue
			}
			if t, _, st := shapeAt(s[:e], 0); st == shapeMatch {
				return t, true
			}
		case isDigit(c):
			if t, ok := epoch(w[v:]); ok {
				return t, true
			}
		}
	}
	return Time{}, false
}

// timeKey returns the length of `ts"`, `time"` or `timestamp"` at the start
// of s, or 0.
func timeKey(s []byte) int {
	for _, k := range [...]string{`ts"`, `time"`, `timestamp"`} {
		if len(s) >= len(k) && string(s[:len(k)]) == k {
			return len(k)
		}
	}
	return 0
}

// epoch reads a JSON number at the start of s as an epoch time: seconds
// (with an optional fraction) below 1e11, milliseconds below 1e14,
// microseconds below 1e17 and nanoseconds above.
func epoch(s []byte) (Time, bool) {
	const maxInt = 1<<63 - 1
	var n uint64
	p := 0
	for ; p < len(s) && isDigit(s[p]); p++ {
		if p == 19 {
			return Time{}, false
		}
		n = n*10 + uint64(s[p]-'0')
	}
	if n > maxInt {
		return Time{}, false
	}
	frac := 0
	if p < len(s) && s[p] == '.' {
		var ok bool
		if frac, p, ok = fraction(s, p+1); !ok {
			return Time{}, false
		}
	}
	if p < len(s) && (s[p] == 'e' || s[p] == 'E' || s[p] == '.' || isAlnum(s[p])) {
		return Time{}, false
	}
	var ms int64
	switch {
	case n < 1e11:
		ms = int64(n)*1000 + int64(frac)
	case n < 1e14:
		ms = int64(n)
	case n < 1e17:
		ms = int64(n / 1e3)
	default:
		ms = int64(n / 1e6)
	}
	return Time{Kind: Zoned, T: time.UnixMilli(ms).UTC()}, true
}

// leftOK reports whether a timestamp may start at w[i]: at the line's
// start, or after a byte that is neither a letter nor a digit, nor a ':' or
// '.' after a digit (which would make it part of a longer run of numbers,
// like a console's line:col).
func leftOK(w []byte, i int) bool {
	if i == 0 {
		return true
	}
	c := w[i-1]
	if isAlnum(c) {
		return false
	}
	return !((c == ':' || c == '.') && i >= 2 && isDigit(w[i-2]))
}

// rightOK reports whether a timestamp may end at w[p]: at the end, or
// before a byte that is not a digit, nor a ':' or '.' before a digit.
func rightOK(w []byte, p int) bool {
	if p >= len(w) {
		return true
	}
	c := w[p]
	if isDigit(c) {
		return false
	}
	return !((c == ':' || c == '.') && p+1 < len(w) && isDigit(w[p+1]))
}

// number reads exactly n digits at w[i].
func number(w []byte, i, n int) (int, bool) {
	if i < 0 || i+n > len(w) {
		return 0, false
	}
	v := 0
	for _, c := range w[i : i+n] {
		if !isDigit(c) {
			return 0, false
		}
		v = v*10 + int(c-'0')
	}
	return v, true
}

// validDate reports whether y-mo-d is a date of the proleptic Gregorian
// calendar.
func validDate(y, mo, d int) bool {
	if mo < 1 || mo > 12 || d < 1 {
		return false
	}
	days := [...]int{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}[mo-1]
	if mo == 2 && y%4 == 0 && (y%100 != 0 || y%400 == 0) {
		days = 29
	}
	return d <= days
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func isAlnum(c byte) bool {
	return isDigit(c) || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

func isBlank(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// AppendFormat appends t in codewatch's JSON form and returns the extended
// buffer: RFC 3339 with milliseconds for Zoned ("2026-03-01T10:00:00.123Z",
// "2026-03-01T10:00:00.123+08:00"), the same without an offset for Local
// ("2023-08-24T09:45:35.452") and "HH:MM:SS.mmm" for Clock
// ("13:35:39.020"). It appends nothing for None, nor for a Clock whose Ms
// is out of range.
func (t Time) AppendFormat(dst []byte) []byte {
	switch t.Kind {
	case Clock:
		if t.Ms < 0 || t.Ms >= 86_400_000 {
			return dst
		}
		ms := t.Ms
		dst = appendInt(dst, ms/3_600_000, 2)
		dst = append(dst, ':')
		dst = appendInt(dst, ms/60_000%60, 2)
		dst = append(dst, ':')
		dst = appendInt(dst, ms/1000%60, 2)
		dst = append(dst, '.')
		return appendInt(dst, ms%1000, 3)
	case Local:
		return t.T.AppendFormat(dst, "2006-01-02T15:04:05.000")
	case Zoned:
		return t.T.AppendFormat(dst, "2006-01-02T15:04:05.000Z07:00")
	}
	return dst
}

// appendInt appends the non-negative v with at least width digits.
func appendInt(dst []byte, v int64, width int) []byte {
	var b [20]byte
	i := len(b)
	for v >= 10 || width > 1 {
		i--
		b[i] = byte('0' + v%10)
		v /= 10
		width--
	}
	i--
	b[i] = byte('0' + v)
	return append(dst, b[i:]...)
}

// String returns t as AppendFormat writes it ("" for None).
func (t Time) String() string {
	var b [40]byte
	return string(t.AppendFormat(b[:0]))
}

// rank orders the kinds: None (and any unknown kind), then Clock, then
// Local and Zoned together.
func (t Time) rank() int {
	switch t.Kind {
	case Clock:
		return 1
	case Local, Zoned:
		return 2
	}
	return 0
}

// Compare returns -1, 0 or +1 as t sorts before, with or after u in
// codewatch's total order: first by rank (None, then Clock, then Local and
// Zoned together), then Clock times by Ms and Local and Zoned times by
// instant (a Local time read as UTC). Equal instants are ordered Local
// before Zoned, then by zone offset, so that Compare reports 0 only for
// times of one kind that format alike.
func (t Time) Compare(u Time) int {
	r := t.rank()
	if c := cmp.Compare(r, u.rank()); c != 0 {
		return c
	}
	switch r {
	case 1:
		return cmp.Compare(t.Ms, u.Ms)
	case 2:
		if c := t.T.Compare(u.T); c != 0 {
			return c
		}
		if c := cmp.Compare(t.Kind, u.Kind); c != 0 {
			return c
		}
		_, a := t.T.Zone()
		_, b := u.T.Zone()
		return cmp.Compare(a, b)
	}
	return 0
}

// Before reports whether t sorts before u in the order of Compare.
func (t Time) Before(u Time) bool { return t.Compare(u) < 0 }
