package timestamp

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"
)

// describe renders a Time for tests: its kind, then its formatted form.
func describe(t Time) string {
	if t.Kind == None {
		return "none"
	}
	return t.Kind.String() + " " + t.String()
}

func TestParseTime(t *testing.T) {
	tests := []struct {
		name string
		line string
		want string
	}{
		// Web SDK console time H:MM:SS:m; the last field counts milliseconds.
		{"sdk/2-digit ms", "13:35:39:20 Agora-SDK [INFO]: [D09D5] Joining channel", "clock 13:35:39.020"},
		{"sdk/1-digit ms", "14:55:14:8 Agora-SDK [DEBUG]: x", "clock 14:55:14.008"},
		{"sdk/3-digit ms padded", "13:35:39:020 Agora-SDK [DEBUG]: x", "clock 13:35:39.020"},
		{"sdk/1-digit hour in backticks", "`2:47:29:806 Agora-SDK [ERROR]: [client-b1f55] subscribe user 2444849064 error TypeError: b is not a function", "clock 02:47:29.806"},
		{"sdk/at line start", "00:20:26:928 Agora-SDK [ERROR]: [8AB3F] Get server node failed [NO_AUTHORIZED] https://webrtc2-ap-web-1.agora.io/api/v1 NO_AUTHORIZED", "clock 00:20:26.928"},
		{"sdk/2.0 era", "20:10:01:597 ERROR: Get server node failed [invalid key] http://webcs-2.agora.io:5669/getwebgw/jsonp", "clock 20:10:01.597"},
		{"sdk/chrome AgoraRTC_N", "AgoraRTC_N.js:5 00:22:45:841 Agora-SDK [DEBUG]: current web page is visible", "clock 00:22:45.841"},
		{"sdk/chrome 3.1.1", "AgoraRTCSDK-3.1.1.js:2 13:35:37:963 Agora-SDK [INFO]: Creating client, MODE: rtc CODEC: h264", "clock 13:35:37.963"},
		{"sdk/chrome min", "AgoraRTCSDK.min.js:2 18:44:28:277 Agora-SDK [ERROR]: [DFC76] Get server node failed [INVALID_VENDOR_KEY] https://webrtc2-ap-web-1.agora.io/api/v1 INVALID_VENDOR_KEY", "clock 18:44:28.277"},
		{"sdk/webpack hash", "AgoraRTC_N-production.js?e671:383 16:08:46:46 Agora-SDK [INFO]: [client-1a2b3] Joining channel: test", "clock 16:08:46.046"},
		{"sdk/app bundle", "index-BFxqu7au.js:45 14:41:26:387 Agora-SDK [WARNING]: [client-ca0d7] multi unilbs https://webrtc2-4.ap.sd-rtn.com/api/v2/transpond/webrtc?v=2 failed, flag: 4096", "clock 14:41:26.387"},
		{"sdk/vconsole", "vconsole.min.js:10 15:35:05:362 Agora-SDK [INFO]: [client-0b1c2] connection state change: CONNECTING -> CONNECTED", "clock 15:35:05.362"},
		{"sdk/react devtools", "backend.js:1 10:05:49:744 Agora-SDK [ERROR]: [5D242] Get server node failed [NO_AUTHORIZED] https://webrtc2-ap-web-1.agora.io/api/v1 NO_AUTHORIZED", "clock 10:05:49.744"},
		{"sdk/typescript source", "useAgoraSimple.ts:132 09:24:18:462 Agora-SDK [ERROR]: [client-1c47f] can not subscribe 390, this user is not in the channel", "clock 09:24:18.462"},
		{"sdk/safari", "[Log] 13:12:26:929 Agora-SDK [DEBUG]: – \"[lock-client-publish-6] is created.\" (AgoraRTC_N.js, line 400)", "clock 13:12:26.929"},
		{"sdk/markdown quote", "> AgoraRTC_N.js:13 16:47:16:782 Agora-SDK [ERROR]: [client-443c7] publish error AgoraRTCException: AgoraRTCError INVALID_OPERATION: Can't publish stream, haven't joined yet!", "clock 16:47:16.782"},
		{"sdk/nextjs overlay", "Error: [00:01:39:330 Agora-SDK [ERROR]: \"[client-3b648] join number: 1, Joining channel failed, rollback\" AgoraRTCError CAN_NOT_GET_GATEWAY_SERVER", "clock 00:01:39.330"},
		{"sdk/firefox source last", "18:22:15:542 Agora-SDK [ERROR]: [FAB01] Disconnect from server [{“type”:“disconnect”}], attempt to recover [#1] after 1 seconds AgoraRTCSDK-3.1.1.js:2:3575", "clock 18:22:15.542"},
		{"sdk/leap second", "23:59:60:5 Agora-SDK", "clock 23:59:59.999"},
		{"sdk/hour 24", "24:00:00:000 Agora-SDK", "none"},
		{"sdk/minute 60", "13:60:39:20 Agora-SDK", "none"},
		{"sdk/second 61", "13:35:61:20 Agora-SDK", "none"},
		{"sdk/4-digit ms", "13:35:39:2000 Agora-SDK", "none"},
		{"sdk/3-digit hour", "113:35:39:20 Agora-SDK", "none"},
		{"sdk/fifth field", "12:13:35:39:205 Agora-SDK", "none"},
		{"sdk/letter before", "x13:35:39:20 Agora-SDK", "none"},
		{"sdk/non-ASCII before", "时间13:35:39:20 Agora-SDK", "clock 13:35:39.020"},
		{"sdk/invalid then valid", "99:99:99:999 then 13:35:39:20", "clock 13:35:39.020"},
		{"trap/glued line:col", "log — AgoraRTC_N.js:400:40410:32:57:905 Agora-SDK [DEBUG]: – \"[lock-sub-12883-4] is not locked, current queue 1.\"", "none"},
		{"trap/glued line", "log — AgoraRTC_N.js:40110:32:57:905 Agora-SDK [INFO]: – \"[client-7873b] subscribe success user 12883, mediaType: video\"", "none"},
		{"trap/source prefix only", "AgoraRTC_N.js:5 Agora-SDK [INFO]: [client-1] leave", "none"},
		{"trap/php uid", "$uid = 2882341273;", "none"},
		{"trap/uid", "channel name: STAGING215, uid: 451", "none"},
		{"trap/stack frame", "    at cA (http://localhost:3012/node_modules/.vite/deps/chunk-PRBXGCMN.js?v=45d98b7d:7855:239)", "none"},
		{"trap/firefox source", "Publish successfully, channel:957085485 agorachannel.js:100:15", "none"},
		{"trap/ip port", "socket 93 118.190.148.38:8000 error 11", "none"},
		{"trap/glued source", "pushStreamToCDN.js:218subscribe success", "none"},
		{"trap/version", "Agora-SDK v2.9.101", "none"},
		{"trap/hh:mm", "meeting at 10:20", "none"},
		{"trap/hh:mm:ss", "built on Jul 15 2021 20:46:30", "none"},
		{"trap/choose server ip", "data: {\"desc\":\"no active status\",\"retry\":false,\"csIp\":\"103.228.162.61:8000\"}", "none"},
		{"trap/sequence", "(00000106):   RtcEngine::enableLocalAudio", "none"},

		// A time of day with a decimal fraction.
		{"clock/dotted", "19:37:29.172 AgoraManager: Joining audio channel (result: 0)", "clock 19:37:29.172"},
		{"clock/1 fraction digit", "19:37:29.5 x", "clock 19:37:29.500"},
		{"clock/2 fraction digits", "19:37:29.45 x", "clock 19:37:29.450"},
		{"clock/6 fraction digits", "19:37:29.123456 x", "clock 19:37:29.123"},
		{"clock/1-digit hour", "9:05:01.250 x", "clock 09:05:01.250"},
		{"clock/end of sentence", "at 19:37:29.172.", "clock 19:37:29.172"},
		{"clock/dot without digits", "at 19:37:29. next", "none"},

		// Native SDK 2.x/3.x, space-padded.
		{"native/padded second", "INFO    (15:37: 4:439 |    0)   5165; [nt/et] tcp connected with 0x7142b54480", "clock 15:37:04.439"},
		{"native/padded hour", "( 0:36:57:955 |   29)   5165; x", "clock 00:36:57.955"},
		{"native/padded minute and ms", "WARN    (10: 6:55: 90 |  101)   5165; x", "clock 10:06:55.090"},
		{"native/no bar", "INFO    (15:37: 4:439)", "none"},
		{"native/hour 24", "INFO    (24:37: 4:439 |    0)", "none"},
		{"native/logcat first", "12-09 15:36:52.459: W/AGORA_SDK(4716): WARN    (15:36:52:458 |    0)   5165; socket error", "clock 15:36:52.459"},

		// Native SDK 4.x.
		{"native4/api trace", "[08/24/23 09:45:35:452][7115][A]:(00000106):   RtcEngine::enableLocalAudio(this:0x718378b3f0, {\"enabled\":1})", "local 2023-08-24T09:45:35.452"},
		{"native4/Feb 30", "[02/30/23 09:45:35:452][7115][A]:(00000106):", "none"},
		{"native4/Feb 29 leap", "[02/29/24 09:45:35:452][7115][A]:", "local 2024-02-29T09:45:35.452"},

		// logcat: month and day without a year.
		{"logcat/brief", "12-09 15:37:04.439: I/AGORA_SDK(4716): INFO    (15:37: 4:439 |    0)   5165; [nt/et] request voet list......", "clock 15:37:04.439"},
		{"logcat/threadtime", "12-09 15:36:52.459  4716  4716 E AGORA_SDK: x", "clock 15:36:52.459"},
		{"logcat/month 13", "13-09 15:36:52.459: I/AGORA_SDK(4716): x", "none"},
		{"logcat/Feb 29", "02-29 15:36:52.459: I/x", "clock 15:36:52.459"},

		// RFC 3339 and ISO 8601 shapes.
		{"rfc3339/Z", "2026-03-01T10:00:00.123Z level=info", "zoned 2026-03-01T10:00:00.123Z"},
		{"rfc3339/offset", "2026-03-01T10:00:00+08:00 x", "zoned 2026-03-01T10:00:00.000+08:00"},
		{"rfc3339/nanoseconds hhmm", "2026-03-01T10:00:00.123456789-0500 x", "zoned 2026-03-01T10:00:00.123-05:00"},
		{"rfc3339/hh offset", "2026-03-01T10:00:00.1+05", "zoned 2026-03-01T10:00:00.100+05:00"},
		{"rfc3339/half hour offset", "2026-03-01T10:00:00+05:30", "zoned 2026-03-01T10:00:00.000+05:30"},
		{"rfc3339/zero offset", "2026-03-01T10:00:00-00:00", "zoned 2026-03-01T10:00:00.000Z"},
		{"rfc3339/lower case", "2026-03-01t10:00:00z", "zoned 2026-03-01T10:00:00.000Z"},
		{"rfc3339/offset 24", "2026-03-01T10:00:00+24:00", "none"},
		{"rfc3339/offset minute 60", "2026-03-01T10:00:00+08:60", "none"},
		{"rfc3339/leap second", "2016-12-31T23:59:60Z", "zoned 2016-12-31T23:59:59.999Z"},
		{"rfc3339/leap second fraction", "2016-12-31T23:59:60.5Z", "zoned 2016-12-31T23:59:59.999Z"},
		{"rfc3339/hour 24", "2026-03-01T24:00:00Z", "none"},
		{"rfc3339/minute 60", "2026-03-01T10:60:00Z", "none"},
		{"rfc3339/second 61", "2026-03-01T10:00:61Z", "none"},
		{"rfc3339/month 13", "2026-13-01T10:00:00Z", "none"},
		{"rfc3339/month 0", "2026-00-01T10:00:00Z", "none"},
		{"rfc3339/day 32", "2026-03-32T10:00:00Z", "none"},
		{"rfc3339/Apr 31", "2026-04-31T10:00:00Z", "none"},
		{"rfc3339/Feb 30", "2026-02-30 10:00:00.123 then nothing", "none"},
		{"rfc3339/Feb 29 2024", "2024-02-29T10:00:00Z", "zoned 2024-02-29T10:00:00.000Z"},
		{"rfc3339/Feb 29 2023", "2023-02-29T10:00:00Z", "none"},
		{"rfc3339/Feb 29 1900", "1900-02-29T10:00:00Z", "none"},
		{"rfc3339/Feb 29 2000", "2000-02-29T10:00:00Z", "zoned 2000-02-29T10:00:00.000Z"},
		{"rfc3339/no seconds", "2026-03-01T10:00Z", "none"},
		{"rfc3339/digit after", "2026-03-01T10:00:00Z5", "none"},
		{"rfc3339/digit after, clock inside", "2026-03-01 10:00:00.123Z5 x", "none"},
		{"logcat/glued", "12-09 15:37:04.439:5 x", "none"},
		{"native4/glued", "[08/24/23 09:45:35:452:1][7115]", "none"},
		{"sdk/glued then valid", "13:35:39:20:5 13:35:39:21", "clock 13:35:39.021"},
		{"rtm/colon ms", "`         INFO    2021-09-02T10:45:48:860   4775; Agora Logger Started", "local 2021-09-02T10:45:48.860"},
		{"rtm/colon 2-digit ms", "INFO    2021-09-02T10:45:48:86   4775; x", "local 2021-09-02T10:45:48.086"},
		{"iso/space", "2026-03-01 10:00:00.123 INFO started", "local 2026-03-01T10:00:00.123"},
		{"iso/iris", "[2025-03-28 11:38:02.766][12752][I][iris_rtm_api_engine.cc:138] api name RtmClient_login result {\"errorCode\":0,\"result\":0}", "local 2025-03-28T11:38:02.766"},
		{"iso/comma fraction", "2026-03-01 10:00:00,123 INFO x", "local 2026-03-01T10:00:00.123"},
		{"iso/slashes", "2026/03/01 10:00:00 x", "local 2026-03-01T10:00:00.000"},
		{"iso/mixed separators", "2026/03-01 10:00:00 x", "none"},
		{"iso/fraction 1 digit", "2026-03-01 10:00:00.5", "local 2026-03-01T10:00:00.500"},
		{"iso/fraction 2 digits", "2026-03-01 10:00:00.45", "local 2026-03-01T10:00:00.450"},
		{"iso/fraction 3 digits", "2026-03-01 10:00:00.007", "local 2026-03-01T10:00:00.007"},
		{"iso/fraction 4 digits", "2026-03-01 10:00:00.1239", "local 2026-03-01T10:00:00.123"},
		{"iso/fraction 5 digits", "2026-03-01 10:00:00.99999", "local 2026-03-01T10:00:00.999"},
		{"iso/fraction 7 digits", "2026-03-01 10:00:00.0000001", "local 2026-03-01T10:00:00.000"},
		{"iso/fraction 8 digits", "2026-03-01 10:00:00.12345678", "local 2026-03-01T10:00:00.123"},
		{"iso/fraction 9 digits", "2026-03-01 10:00:00.999999999", "local 2026-03-01T10:00:00.999"},
		{"iso/after clock", "2026-03-01 10:00:00 13:35:39:20", "local 2026-03-01T10:00:00.000"},
		{"logfmt/ts", "ts=2026-03-01T10:00:00Z level=info msg=joined", "zoned 2026-03-01T10:00:00.000Z"},
		{"logfmt/time quoted", "time=\"2026-03-01 10:00:00\" level=info", "local 2026-03-01T10:00:00.000"},
		{"pm2/day first", "0|main     | 24-09-2019 03:05:47.860 36384 info: [agoraToken] uid 5d2a9678af39ea5d7d1855ba", "clock 03:05:47.860"},

		// JSON object lines.
		{"json/zap seconds", `{"level":"info","ts":1700000000.123,"msg":"joined"}`, "zoned 2023-11-14T22:13:20.123Z"},
		{"json/seconds", `{"ts":1700000000}`, "zoned 2023-11-14T22:13:20.000Z"},
		{"json/milliseconds", `{"time":1700000000123,"msg":"x"}`, "zoned 2023-11-14T22:13:20.123Z"},
		{"json/microseconds", `{"timestamp":1700000000123456}`, "zoned 2023-11-14T22:13:20.123Z"},
		{"json/nanoseconds", `{"ts":1700000000123456789}`, "zoned 2023-11-14T22:13:20.123Z"},
		{"json/largest seconds", `{"ts":99999999999}`, "zoned 5138-11-16T09:46:39.000Z"},
		{"json/smallest milliseconds", `{"ts":100000000000}`, "zoned 1973-03-03T09:46:40.000Z"},
		{"json/largest milliseconds", `{"ts":99999999999999}`, "zoned 5138-11-16T09:46:39.999Z"},
		{"json/smallest microseconds", `{"ts":100000000000000}`, "zoned 1973-03-03T09:46:40.000Z"},
		{"json/largest microseconds", `{"ts":99999999999999999}`, "zoned 5138-11-16T09:46:39.999Z"},
		{"json/smallest nanoseconds", `{"ts":100000000000000000}`, "zoned 1973-03-03T09:46:40.000Z"},
		{"json/largest nanoseconds", `{"ts":9223372036854775807}`, "zoned 2262-04-11T23:47:16.854Z"},
		{"json/past int64", `{"ts":9223372036854775808}`, "none"},
		{"json/fraction of milliseconds", `{"ts":1700000000123.9}`, "zoned 2023-11-14T22:13:20.123Z"},
		{"json/zero", `{"ts":0}`, "zoned 1970-01-01T00:00:00.000Z"},
		{"json/dot without digits", `{"ts":1700000000.}`, "none"},
		{"json/string", `{"time":"2026-03-01T10:00:00.5+08:00","msg":"m"}`, "zoned 2026-03-01T10:00:00.500+08:00"},
		{"json/spaces", `  { "ts" : "13:35:39:20" }`, "clock 13:35:39.020"},
		{"json/second member", `{"time":"fast","timestamp":1700000000}`, "zoned 2023-11-14T22:13:20.000Z"},
		{"json/over time member", `{"msg":"at 2026-03-01 10:00:00","time":1700000000}`, "zoned 2023-11-14T22:13:20.000Z"},
		{"json/key in a value", `{"msg":"say \"ts\":1700000000"}`, "none"},
		{"json/not after brace or comma", `{"a":["ts":1700000000]}`, "none"},
		{"json/exponent", `{"ts":1.7e9}`, "none"},
		{"json/negative", `{"ts":-5}`, "none"},
		{"json/too big", `{"ts":99999999999999999999}`, "none"},
		{"json/bad string", `{"ts":"2026-02-30T10:00:00Z"}`, "none"},
		{"json/text fallback", `{"msg":"13:35:39:20 Agora-SDK [INFO]: x"}`, "clock 13:35:39.020"},
		{"json/member after 256 bytes", `{"pad":"` + strings.Repeat("x", 300) + `","ts":1700000000}`, "zoned 2023-11-14T22:13:20.000Z"},
		{"json/member after 4096 bytes", `{"pad":"` + strings.Repeat("x", 4096) + `","ts":1700000000}`, "none"},
		{"json/not an object", `["ts",1700000000]`, "none"},

		// Bytes and windows.
		{"bytes/empty", "", "none"},
		{"bytes/NUL", "\x00", "none"},
		{"bytes/invalid UTF-8", "\xff\x00 13:35:39:20 \xfe", "clock 13:35:39.020"},
		{"bytes/CR", "13:35:39:20\r", "clock 13:35:39.020"},
		{"window/just inside", strings.Repeat("x ", 122) + " 13:35:39:20", "clock 13:35:39.020"},
		{"window/past 256", strings.Repeat("x ", 130) + "13:35:39:20", "none"},
		{"window/cut at 256 reads as end", strings.Repeat(" ", 245) + "13:35:39:20" + "5", "clock 13:35:39.020"},
	}
	names := map[string]bool{}
	for _, tt := range tests {
		if names[tt.name] {
			t.Fatalf("duplicate test name %q", tt.name)
		}
		names[tt.name] = true
		t.Run(tt.name, func(t *testing.T) {
			got := Parse([]byte(tt.line))
			if d := describe(got); d != tt.want {
				t.Errorf("Parse(%q) = %s, want %s", tt.line, d, tt.want)
			}
			checkShape(t, got)
		})
	}
}

// checkShape checks the invariants of a Time that Parse returns.
func checkShape(t *testing.T, got Time) {
	t.Helper()
	switch got.Kind {
	case None:
		if got != (Time{}) {
			t.Errorf("None result %#v is not the zero Time", got)
		}
	case Clock:
		if !got.T.IsZero() || got.Ms < 0 || got.Ms >= 86_400_000 {
			t.Errorf("Clock result %#v: want zero T and Ms in a day", got)
		}
	case Local:
		if got.T.Location() != time.UTC || got.Ms != 0 {
			t.Errorf("Local result %v in %v, Ms %d: want UTC and Ms 0", got.T, got.T.Location(), got.Ms)
		}
	case Zoned:
		if got.Ms != 0 {
			t.Errorf("Zoned result with Ms %d", got.Ms)
		}
	default:
		t.Errorf("unknown kind %d", got.Kind)
	}
	if got.T.Nanosecond()%1e6 != 0 {
		t.Errorf("%v is finer than a millisecond", got.T)
	}
}

func TestParseInstant(t *testing.T) {
	// The instant of a Zoned time is the wall time less the offset.
	got := Parse([]byte("2026-03-01T18:00:00.250+08:00 x"))
	want := time.Date(2026, 3, 1, 10, 0, 0, 250e6, time.UTC)
	if !got.T.Equal(want) {
		t.Errorf("instant = %v, want %v", got.T.UTC(), want)
	}
	if _, off := got.T.Zone(); off != 8*3600 {
		t.Errorf("offset = %d, want %d", off, 8*3600)
	}
	// A Local time is its wall time read as UTC.
	got = Parse([]byte("[08/24/23 09:45:35:452][7115][A]:"))
	if want := time.Date(2023, 8, 24, 9, 45, 35, 452e6, time.UTC); !got.T.Equal(want) || got.T.Location() != time.UTC {
		t.Errorf("Local = %v, want %v", got.T, want)
	}
	// A Clock time counts milliseconds since midnight.
	if got := Parse([]byte("13:35:39:20")); got.Ms != ((13*60+35)*60+39)*1000+20 {
		t.Errorf("Ms = %d", got.Ms)
	}
}

func TestTimeAppendFormat(t *testing.T) {
	plus8 := time.FixedZone("", 8*3600)
	tests := []struct {
		name string
		t    Time
		want string
	}{
		{"none", Time{}, ""},
		{"clock", Time{Kind: Clock, Ms: ((13*60+35)*60+39)*1000 + 20}, "13:35:39.020"},
		{"clock midnight", Time{Kind: Clock}, "00:00:00.000"},
		{"clock last ms", Time{Kind: Clock, Ms: 86_399_999}, "23:59:59.999"},
		{"clock out of range", Time{Kind: Clock, Ms: 86_400_000}, ""},
		{"clock negative", Time{Kind: Clock, Ms: -1}, ""},
		{"local", Time{Kind: Local, T: time.Date(2023, 8, 24, 9, 45, 35, 452e6, time.UTC)}, "2023-08-24T09:45:35.452"},
		{"local truncates", Time{Kind: Local, T: time.Date(2023, 8, 24, 9, 45, 35, 452999999, time.UTC)}, "2023-08-24T09:45:35.452"},
		{"zoned UTC", Time{Kind: Zoned, T: time.Date(2026, 3, 1, 10, 0, 0, 123e6, time.UTC)}, "2026-03-01T10:00:00.123Z"},
		{"zoned +08:00", Time{Kind: Zoned, T: time.Date(2026, 3, 1, 10, 0, 0, 123e6, plus8)}, "2026-03-01T10:00:00.123+08:00"},
		{"zoned -05:30", Time{Kind: Zoned, T: time.Date(2026, 3, 1, 10, 0, 0, 0, time.FixedZone("", -(5*3600+1800)))}, "2026-03-01T10:00:00.000-05:30"},
		{"unknown kind", Time{Kind: 9, Ms: 5}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			prefix := []byte(`"time":`)
			got := tt.t.AppendFormat(prefix)
			if string(got) != `"time":`+tt.want {
				t.Errorf("AppendFormat = %q, want %q", got, `"time":`+tt.want)
			}
			if s := tt.t.String(); s != tt.want {
				t.Errorf("String = %q, want %q", s, tt.want)
			}
		})
	}
}

func TestKindString(t *testing.T) {
	for k, want := range map[Kind]string{None: "none", Clock: "clock", Local: "local", Zoned: "zoned", 7: "Kind(7)"} {
		if got := k.String(); got != want {
			t.Errorf("Kind(%d).String() = %q, want %q", k, got, want)
		}
	}
}

func TestTimeOrder(t *testing.T) {
	utc := func(y int, mo time.Month, d, h, mi, s, ms int) time.Time {
		return time.Date(y, mo, d, h, mi, s, ms*1e6, time.UTC)
	}
	plus8 := time.FixedZone("", 8*3600)
	minus5 := time.FixedZone("", -5*3600)
	// In strictly increasing order.
	ordered := []Time{
		{},
		{Kind: Clock, Ms: 0},
		{Kind: Clock, Ms: 1},
		{Kind: Clock, Ms: 86_399_999},
		{Kind: Local, T: utc(1970, 1, 1, 0, 0, 0, 0)},
		{Kind: Zoned, T: utc(2023, 11, 14, 22, 13, 20, 123)},
		{Kind: Local, T: utc(2026, 3, 1, 10, 0, 0, 0)},
		// The same instant: Local first, then Zoned by offset.
		{Kind: Zoned, T: utc(2026, 3, 1, 10, 0, 0, 0).In(minus5)},
		{Kind: Zoned, T: utc(2026, 3, 1, 10, 0, 0, 0)},
		{Kind: Zoned, T: utc(2026, 3, 1, 10, 0, 0, 0).In(plus8)},
		{Kind: Local, T: utc(2026, 3, 1, 10, 0, 0, 1)},
		// 2026-03-02T10:00+08:00 is 02:00Z, before a Local 03:00 that day.
		{Kind: Zoned, T: time.Date(2026, 3, 2, 10, 0, 0, 0, plus8)},
		{Kind: Local, T: utc(2026, 3, 2, 3, 0, 0, 0)},
		{Kind: Local, T: utc(9999, 12, 31, 23, 59, 59, 999)},
	}
	for i, a := range ordered {
		for j, b := range ordered {
			want := 0
			switch {
			case i < j:
				want = -1
			case i > j:
				want = 1
			}
			if got := a.Compare(b); got != want {
				t.Errorf("(%s).Compare(%s) = %d, want %d", describe(a), describe(b), got, want)
			}
			if got := a.Before(b); got != (want < 0) {
				t.Errorf("(%s).Before(%s) = %v, want %v", describe(a), describe(b), got, want < 0)
			}
		}
	}

	// The order is total on any mix of values, duplicates included:
	// antisymmetric, transitive, and consistent with the ranks.
	vals := append([]Time{}, ordered...)
	vals = append(vals, ordered[3], ordered[8], Time{Kind: 9}, Time{Kind: None, Ms: 7})
	for _, line := range []string{"13:35:39:20", "2026-03-01T10:00:00Z", "2026-03-01 10:00:00", "2026-03-01T18:00:00+08:00", "x"} {
		vals = append(vals, Parse([]byte(line)))
	}
	rank := map[Kind]int{Clock: 1, Local: 2, Zoned: 2}
	for _, a := range vals {
		for _, b := range vals {
			ab, ba := a.Compare(b), b.Compare(a)
			if ab != -ba {
				t.Errorf("not antisymmetric: %s vs %s: %d, %d", describe(a), describe(b), ab, ba)
			}
			if ra, rb := rank[a.Kind], rank[b.Kind]; ra < rb && ab >= 0 {
				t.Errorf("rank broken: %s should sort before %s", describe(a), describe(b))
			}
			for _, c := range vals {
				if ab <= 0 && b.Compare(c) <= 0 && a.Compare(c) > 0 {
					t.Errorf("not transitive: %s <= %s <= %s but %s > %s", describe(a), describe(b), describe(c), describe(a), describe(c))
				}
			}
		}
	}

	// Sorting a shuffled copy gives back the order.
	shuffled := slices.Clone(ordered)
	rand.New(rand.NewPCG(1, 2)).Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	slices.SortFunc(shuffled, Time.Compare)
	for i := range ordered {
		if shuffled[i].Compare(ordered[i]) != 0 {
			t.Fatalf("sorted[%d] = %s, want %s", i, describe(shuffled[i]), describe(ordered[i]))
		}
	}
}

func TestParseNoAlloc(t *testing.T) {
	lines := []string{
		"channel name: STAGING215, uid: 451",
		"log — AgoraRTC_N.js:400:40410:32:57:905 Agora-SDK [DEBUG]: – \"[lock-sub-12883-4] is not locked, current queue 1.\"",
		`{"level":"info","msg":"no time here","uid":451}`,
		"AgoraRTC_N.js:5 00:22:45:841 Agora-SDK [DEBUG]: current web page is visible",
		"12-09 15:37:04.439: I/AGORA_SDK(4716): INFO    (15:37: 4:439 |    0)   5165; x",
		"INFO    (15:37: 4:439 |    0)   5165; [nt/et] tcp connected",
		"[08/24/23 09:45:35:452][7115][A]:(00000106):",
		"2026-03-01T10:00:00.123Z x",
		"2026-03-01T10:00:00.123+08:00 x",
		`{"level":"info","ts":1700000000.123,"msg":"joined"}`,
	}
	for _, line := range lines {
		b := []byte(line)
		if n := testing.AllocsPerRun(100, func() { Parse(b) }); n != 0 {
			t.Errorf("Parse(%q) allocates %v times", line, n)
		}
	}
}

// timeBenchLines is a mix of lines as they come in real logs.
var timeBenchLines = []string{
	"AgoraRTC_N.js:5 00:22:45:841 Agora-SDK [DEBUG]: current web page is visible",
	"AgoraRTCSDK-3.1.1.js:2 13:35:37:970 Agora-SDK [INFO]: [D09D5] Initializing AgoraRTC client, appId: df93bd35257f481591a42da6641b578b.",
	"    at t2._publishHighStream (http://127.0.0.1:5501/AgoraRTC_N.js:30:248069)",
	"12-09 15:37:04.439: I/AGORA_SDK(4716): INFO    (15:37: 4:439 |    0)   5165; [nt/et] tcp connected with 0x7142b54480",
	"[08/24/23 09:45:35:452][7115][A]:(00000106):   RtcEngine::enableLocalAudio(this:0x718378b3f0, {\"enabled\":1})",
	"[2025-03-28 11:38:02.766][12752][I][iris_rtm_api_engine.cc:138] api name RtmClient_login result {\"errorCode\":0,\"result\":0}",
	`{"level":"info","ts":1700000000.123,"msg":"joined","uid":451}`,
	"AgoraRTCError CAN_NOT_GET_GATEWAY_SERVER: flag: 4096, message: AgoraRTCError CAN_NOT_GET_GATEWAY_SERVER: dynamic use static key",
	"log — AgoraRTC_N.js:400:40410:32:57:905 Agora-SDK [DEBUG]: – \"[lock-sub-12883-4] is not locked, current queue 1.\"",
	"2026-03-01T10:00:00.123+08:00 level=info msg=joined",
}

func BenchmarkParse(b *testing.B) {
	lines := make([][]byte, len(timeBenchLines))
	n := 0
	for i, l := range timeBenchLines {
		lines[i] = []byte(l)
		n += len(l)
	}
	b.SetBytes(int64(n))
	b.ReportAllocs()
	for b.Loop() {
		for _, l := range lines {
			Parse(l)
		}
	}
}
