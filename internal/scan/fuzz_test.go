package scan

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"testing/iotest"

	"github.com/codewatch/codewatch/internal/catalog"
)

// seedLogs adds the sample logs, and a few of their lines, as seeds.
func seedLogs(f *testing.F, add func(b []byte)) {
	files, _ := filepath.Glob("../../testdata/logs/*.log")
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		add(data)
		for i, l := range bytes.SplitAfter(data, []byte{'\n'}) {
			if i%7 == 0 {
				add(l)
			}
		}
	}
	for _, s := range fragments {
		add([]byte(s))
	}
}

// FuzzMatcher holds the fast matcher equal to the reference matcher, and
// the reader to its promise (every line out once, unchanged; offsets in
// the line), on any input, in several buffer sizes and read patterns.
func FuzzMatcher(f *testing.F) {
	seedLogs(f, func(b []byte) { f.Add(b) })
	f.Add([]byte("code: 101\r\nerror 2002 “code”:2002 错误码：110 net::ERR_FAILED no active status"))
	cat := testCatalog(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		check(t, cat, data, MinBufSize, DefaultBufSize)
	})
}

// FuzzReader reads any input with any small buffer and read size and
// checks that every line comes out once, in order and unchanged, that line
// numbers count up, and that every match lies inside its line.
func FuzzReader(f *testing.F) {
	seedLogs(f, func(b []byte) { f.Add(b, uint16(0), uint8(0)) })
	f.Add(bytes.Repeat([]byte("x"), 3*MinBufSize), uint16(7), uint8(1))
	m := NewMatcher(catalog.Default(), true)
	f.Fuzz(func(t *testing.T, data []byte, extra uint16, mode uint8) {
		var r = iotestReader(data, mode)
		for _, body := range []BodyMode{BodyStream, BodyNone, BodyMatching} {
			rec := newRecorder()
			rec.gaps = body != BodyStream
			bounds := &boundsSink{recorder: rec, t: t}
			st, err := NewReader(m, Options{BufSize: MinBufSize + int(extra%4096), Body: body, EveryLine: mode&4 != 0}).Scan(r(), bounds)
			if err != nil {
				t.Fatal(err)
			}
			if st.Bytes != int64(len(data)) {
				t.Fatalf("read %d bytes of %d", st.Bytes, len(data))
			}
			if want := int64(len(splitLines(data))); st.Lines != want {
				t.Fatalf("%d lines, want %d", st.Lines, want)
			}
			if body == BodyStream && !bytes.Equal(rec.out.Bytes(), data) {
				t.Fatalf("output differs from input")
			}
		}
	})
}

func iotestReader(data []byte, mode uint8) func() interface{ Read([]byte) (int, error) } {
	return func() interface{ Read([]byte) (int, error) } {
		switch mode % 3 {
		case 1:
			return iotest.HalfReader(bytes.NewReader(data))
		case 2:
			return iotest.OneByteReader(bytes.NewReader(data))
		}
		return bytes.NewReader(data)
	}
}

// boundsSink checks that matches lie inside their lines.
type boundsSink struct {
	*recorder
	t *testing.T
}

func (b *boundsSink) check(l *Line) {
	for _, ms := range [][]Match{l.Codes, l.Unknown} {
		for _, m := range ms {
			if m.Start < 0 || m.End > int(l.Len) || m.Start >= m.End {
				b.t.Fatalf("line %d (%d bytes): match %+v outside the line", l.Num, l.Len, m)
			}
		}
	}
}

func (b *boundsSink) Line(l *Line) error {
	b.check(l)
	return b.recorder.Line(l)
}

func (b *boundsSink) LongEnd(l *Line) error {
	b.check(l)
	return b.recorder.LongEnd(l)
}

// FuzzSDKMatcher is FuzzMatcher for a set of every SDK's catalogs, with
// the SDK of each line read from its cues and the lines before (SPEC §6).
func FuzzSDKMatcher(f *testing.F) {
	seedLogs(f, func(b []byte) { f.Add(b, true) })
	for _, s := range sdkFragments {
		f.Add([]byte(s), true)
	}
	f.Add([]byte("[client-f541a] joined\nAgora-SDK [ERROR]: INVALID_OPERATION error 116\nE/AGORA_SDK( 5986): reason 14 PlatformException(-17, x)\nlogin failed errorCode:5"), true)
	f.Add([]byte("error 116 code: 1501 onError: ERR_OPEN_CHANNEL_TIMEOUT (110) W/System.err( 2002)"), false)
	set := sdkSet(f)
	f.Fuzz(func(t *testing.T, data []byte, auto bool) {
		checkSet(t, set, MatcherOptions{Unknown: true, Auto: auto}, data, MinBufSize, DefaultBufSize)
	})
}
