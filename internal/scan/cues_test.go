package scan

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/codewatch/codewatch/internal/catalog"
)

// cueLines are lines in the shapes the SDKs print and real pastes show
// (../shared/FORMATS.md §8, testdata/real, testdata/real2), one or more for
// each cue of the table, with the SDKs each says: a line after it in the
// same input is read in those. TestCueLines fails on a cue of cueSpecs that
// has no line here.
var cueLines = []struct {
	cue, line string
	sdks      []string // nil: no cue after all
}{
	{"Agora-SDK [", "14:55:14:88 Agora-SDK [INFO]: publish stream", []string{web2, web4}},
	{"Agora-SDK [", "18:03:20:77 Agora-SDK [ERROR]: [E61C2] Subscribe request rejected", []string{web2}},
	{"Agora-SDK [", "see Agora-SDK [docs]", nil},
	{"AgoraRTCError", "Uncaught (in promise) AgoraRTCError INVALID_PARAMS: [createMicrophoneAudioTrack] invalid params", []string{web4}},
	{"AgoraRTCException", "Uncaught AgoraRTCException: flag: 4096", []string{web4}},
	{"AgoraRTCSDK", "subscribe failed AgoraRTCSDK-3.1.1.js:2:3575", []string{web2}},
	{"AgoraRTC_N", "AgoraRTC_N-production.js?e671:383 16:09:12:318 publish", []string{web4}},
	{"[client-", "[client-7873b-sub-1] subscribe user 1234 success", []string{web4}},
	{"[client-", "[client-x] not a client id", nil},
	{"join number:", "join number: 1, Joining channel failed, rollback", []string{web4}},
	{"unexpected response from type", "unexpected response from type join, error_code: 110, message: ERR_NO_AUTHORIZED, action: failed", []string{web4}},
	{"CAN_NOT_GET_GATEWAY_SERVER", "Join Error: CAN_NOT_GET_GATEWAY_SERVER: flag: 4096", []string{web4}},
	{"Get server node failed", "Get server node failed [NO_AUTHORIZED] https://webrtc2-ap-web-1.agora.io/api/v1", []string{web2}},
	{"Join failed: ", "Join failed: NO_AUTHORIZED", []string{web2}},
	{"/AGORA_SDK(", "12-09 15:36:52.777: E/AGORA_SDK(4716): ERROR   (15:36:52:777 |  276)   5163; [vos] join failed", []string{native3}},
	{"AGORA_SDK", "adb logcat -s AGORA_SDK", []string{native3, native4}},
	{"AGORA_SDK", "MY_AGORA_SDK_KEY=x", nil},
	{"][I]:", "[12/13/23 17:57:00:576][1026][I]:[CONN-0][CM]: connection state changed from 1 to 2", []string{native4}},
	{"][W]:", "[12/13/23 17:57:10:390][1200][W]:Fluency TX: delay 904", []string{native4}},
	{"][E]:", "[12/13/23 17:57:03:204][1026][E]:[ADGM-UP](0x72c5098aa0): state 50", []string{native4}},
	{"][U]:", "[08/24/23 09:45:35:452][7115][U]:[API]joinChannel", []string{native4}},
	{"][A]:", "[08/24/23 09:45:35:452][7115][A]:setParameters", []string{native4}},
	{"][D]:", "[08/24/23 09:45:35:452][7115][D]:[nlp] probe", []string{native4}},
	{"][I]:", "see [a][I]: not at the start", nil},
	{"][iris_", "[2025-08-08 15:17:28.605][11996][I][iris_logger.cc:157] api name RtcEngine_joinChannel_cd9a9a6", []string{native4}},
	{"RtcEngine::", "RtcEngine::enableLocalAudio(enabled: true)", []string{native4}},
	{"AgoraRtcException(", "[ERROR:flutter/lib/ui/ui_dart_state.cc(209)] Unhandled Exception: AgoraRtcException(-17, null)", []string{native4}},
	{"PlatformException(", "Unhandled Exception: PlatformException(17, request to join channel is rejected, null, null)", []string{native3, native4}},
	{"onError", "I/flutter (12345): onError: 110", []string{native3, native4}},
	{"OnError", "OnError err: 110, msg: invalid token", []string{native3, native4}},
	{"onWarning", "onWarning: 106", []string{native3, native4}},
	{"onConnectionStateChanged", "onConnectionStateChanged state 5 reason 3", []string{native3, native4}},
	{"onJoinChannelSuccess", "onJoinChannelSuccess channel test uid 123", []string{native3, native4}},
	{"ErrorCode.", "flutter: join failed ErrorCode.InvalidToken", []string{native3}},
	{"ErrorCode.", "onError ErrorCode.ERR_INVALID_TOKEN", []string{native3, native4}},
	{"WarningCode.", "flutter: WarningCode.OpenChannelTimeout", []string{native3}},
	{"ErrorCodeType.", "flutter: ErrorCodeType.errInvalidToken", []string{native4}},
	{"ConnectionChangedReasonType.", "connectionStateChanged ConnectionChangedReasonType.connectionChangedBannedByServer", []string{native4}},
	{"agora_rtc_engine", "  agora_rtc_engine: ^6.3.0", []string{native4}},
	{"agora_rtc_engine", "  agora_rtc_engine: 5.3.1", []string{native3}},
	{"agora_rtc_engine", "package:agora_rtc_engine/src/impl.dart", []string{native3, native4}},
	{"[tactics] version:", "I/AGORA_SDK: [tactics] version:3.1.2", []string{native3}},
	{"[tactics] version:", "[tactics] version:4.0.1", []string{native4}},
	{"SDK ver", "12-09 15:36:52.000: I/AGORA_SDK( 4716): INFO (15:36:52:000 |    0)   5165; Agora SDK ver 2.9.1 build 101, built on Oct", []string{native3}},
	{"SDK ver", "Agora SDK ver 4.2.2 build 12, built on Dec", []string{native4}},
	{"sdk ver", "engine created, sdk ver: 4.2.2", []string{native4}},
	{"sdk ver", "sdk version is fine", nil},
	{"RTM:", "agora-rtm.js:7 RTM:ERROR Error Code 5. login failed", []string{rtm1}},
	{"RTM:", "XRTM:ERROR", nil},
	{"agora-rtm-sdk", "agora-rtm-sdk-1.2.2.js:7 login", []string{rtm1}},
	{"agora-rtm-sdk", "agora-rtm-sdk@2.1.0 errorCode: -10025", []string{rtm2}},
	{"agora-rtm-sdk", "import AgoraRTM from 'agora-rtm-sdk'", []string{rtm1, rtm2}},
	{"login failed errorCode", "login failed errorCode:5", []string{rtm1}},
	{"AgoraRtmClient", "AgoraRtmClient.createInstance failed", []string{rtm1, rtm2}},
	{"AgoraRtmChannel", "AgoraRtmChannel join failed", []string{rtm1}},
	{"RtmConnectionState.", "RtmConnectionState.connecting", []string{rtm1}},
	{"RTM_ERROR_", "RTM_ERROR_NOT_LOGIN", []string{rtm2}},
	{"RTM", "login through RTM failed", []string{rtm1, rtm2}},
	{"RTM", "XRTMY", nil},
}

// TestCueLines: each cue line says the SDKs it says, to the fast reader
// and the reference alike, for the line after it; every cue has a line.
func TestCueLines(t *testing.T) {
	set := catalog.MustSet(catalog.Builtin()...)
	mask := func(ids []string) catalog.SDKs {
		var m catalog.SDKs
		for _, id := range ids {
			m |= 1 << uint(set.Index(id))
		}
		return m
	}
	covered := map[string]bool{}
	for _, tc := range cueLines {
		covered[tc.cue] = true
		if !strings.Contains(tc.line, tc.cue) {
			t.Errorf("%q: the line has no %q", tc.line, tc.cue)
		}
		in := tc.line + "\nerror 110\n" // a line of no cue, read in the SDKs before it
		want := mask(tc.sdks)
		t.Run(tc.cue+"/"+tc.line, func(t *testing.T) {
			rr := NewRefReader(set, MatcherOptions{Unknown: true, Auto: true})
			rr.Line([]byte(tc.line))
			if _, _, _, got := rr.Line([]byte("error 110")); got != want {
				t.Errorf("reference: sdks %x, want %x (%v)", uint64(got), uint64(want), tc.sdks)
			}
			rec := &sdkRecorder{}
			rd := NewReader(NewSetMatcher(set, MatcherOptions{Unknown: true, Auto: true}), Options{})
			if _, err := rd.Scan(strings.NewReader(in), rec); err != nil {
				t.Fatal(err)
			}
			if got, ok := rec.sdks[2]; !ok || got != want {
				t.Errorf("reader: line 2's sdks %x (%v), want %x (%v)", uint64(got), ok, uint64(want), tc.sdks)
			}
		})
	}
	var missing []string
	for _, c := range cueSpecs {
		if !covered[c.text] {
			missing = append(missing, c.text)
		}
	}
	slices.Sort(missing)
	if missing = slices.Compact(missing); len(missing) > 0 {
		t.Errorf("cues with no line from a real log's shape in cueLines: %q", missing)
	}
}

// sdkRecorder keeps the SDKs of each line it is given, by number.
type sdkRecorder struct{ sdks map[int64]catalog.SDKs }

func (r *sdkRecorder) Line(l *Line) error {
	if r.sdks == nil {
		r.sdks = map[int64]catalog.SDKs{}
	}
	r.sdks[l.Num] = l.SDKs
	return nil
}

// TestDocsCues: docs/sdks.md's table of cues names every cue of cueSpecs,
// in backquotes.
func TestDocsCues(t *testing.T) {
	doc, err := os.ReadFile("../../docs/sdks.md")
	if err != nil {
		t.Fatal(err)
	}
	_, table, _ := strings.Cut(string(doc), "| cue | SDKs | example |")
	table, _, _ = strings.Cut(table, "\n\n")
	for _, c := range cueSpecs {
		if !strings.Contains(table, "`"+c.text+"`") && !strings.Contains(table, "`"+strings.TrimSuffix(c.text, " ")+"`") {
			t.Errorf("docs/sdks.md's cue table has no `%s`", c.text)
		}
	}
}
