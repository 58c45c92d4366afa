package report

import "testing"

func TestDisplayWidth(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int
	}{
		{"", 0}, {"ERR_NO_AUTHORIZED", 17}, {"█▍ …", 4}, {"日志", 4}, {"当前频道密钥未获授权。", 22},
		{"ｆｕｌｌ", 8}, {"e\u0301", 1}, {"a\u200bb", 2}, {"한국어", 6}, {"🎉", 2}, {"<U+202E>", 8},
	} {
		if got := displayWidth(tc.in); got != tc.want {
			t.Errorf("displayWidth(%q) = %d, want %d", tc.in, got, tc.want)
		}
	}
}

func TestCut(t *testing.T) {
	for _, tc := range []struct {
		in        string
		n         int
		cut, cutL string
	}{
		{"short", 10, "short", "short"},
		{"exactly10!", 10, "exactly10!", "exactly10!"},
		{"The current Channel Key", 12, "The current…", "…Channel Key"},
		{"word and more", 9, "word and…", "…and more"},
		{"日志文件名", 5, "日志…", "…件名"},
		{"日志文件名", 6, "日志…", "…件名"},
		{"cafe\u0301 au lait", 5, "cafe\u0301…", "…lait"},
		{"x", 0, "", ""},
		{"xy", 1, "…", "…"},
	} {
		if got := cut(tc.in, tc.n); got != tc.cut {
			t.Errorf("cut(%q, %d) = %q, want %q", tc.in, tc.n, got, tc.cut)
		}
		if got := cutLeft(tc.in, tc.n); got != tc.cutL {
			t.Errorf("cutLeft(%q, %d) = %q, want %q", tc.in, tc.n, got, tc.cutL)
		}
		for _, got := range []string{cut(tc.in, tc.n), cutLeft(tc.in, tc.n)} {
			if w := displayWidth(got); w > tc.n {
				t.Errorf("%q, cut to %d, is %d cells", tc.in, tc.n, w)
			}
		}
	}
}
