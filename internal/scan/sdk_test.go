package scan

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/codewatch/codewatch/internal/catalog"
)

// sdkFiles are small catalogs of every SDK with the ids of the built-in
// ones (so that the cues name them), holding what exercises SPEC §6: names
// several catalogs share, spellings that count only in their SDK's lines,
// dotted and camel-case wrapper spellings, values that agree, disagree or
// stand in one catalog, reasons and small values, negative values (native:
// the absolute value; RTM 2.x: their own), RTM 1.x tables picked by the
// call, and phrases two catalogs share.
var sdkFiles = []string{
	`{"id": "agora-web-4.x", "values": {"tables": ["gateway"]}, "codes": [
		{"name": "CAN_NOT_GET_GATEWAY_SERVER", "kind": "error", "description": "Cannot get the gateway."},
		{"name": "INVALID_OPERATION", "kind": "error", "description": "Illegal operation.", "same_as": "-"},
		{"name": "TIMEOUT", "kind": "error", "description": "Timed out.", "sdk_only": ["TIMEOUT"]},
		{"name": "NETWORK_ERROR", "kind": "error", "description": "Network error."},
		{"name": "ERR_NO_AUTHORIZED", "kind": "error", "value": 110, "table": "gateway", "description": "Gateway 110."},
		{"name": "ERR_NO_ACTIVE_STATUS", "kind": "error", "value": 116, "table": "gateway", "description": "Gateway 116."},
		{"name": "ERR_JOIN_CHANNEL_TIMEOUT", "kind": "error", "value": 2002, "table": "gateway", "description": "Gateway 2002."},
		{"name": "NO_ACTIVE_STATUS", "kind": "reason", "value": 11, "table": "unilbs", "severity": "error", "description": "No active status.", "phrases": ["no active status"]},
		{"name": "NETWORK_ERROR_REASON", "kind": "reason", "description": "Disconnected: network.", "aliases": ["NETWORK_ERR"]}
	]}`,
	`{"id": "agora-native-4.x", "values": {"abs": true, "reason_words": ["connect"]}, "codes": [
		{"name": "ERR_INVALID_TOKEN", "kind": "error", "value": 110, "same_as": "ERR_NO_AUTHORIZED", "description": "Invalid token.", "aliases": ["ErrInvalidToken", "ErrorCodeType.errInvalidToken", "AgoraErrorCodeInvalidToken"]},
		{"name": "ERR_TOO_MANY_DATA_STREAMS", "kind": "error", "value": 116, "description": "Too many data streams."},
		{"name": "ERR_JOIN_CHANNEL_REJECTED", "kind": "error", "value": 17, "description": "Join rejected.", "aliases": ["ErrJoinChannelRejected"]},
		{"name": "ERR_NOT_INITIALIZED", "kind": "error", "value": 7, "description": "Not initialized."},
		{"name": "ERR_FAILED", "kind": "error", "value": 1, "description": "General failure."},
		{"name": "ERR_ADM_X", "kind": "error", "value": 1053, "description": "4.x 1053."},
		{"name": "ERR_FOUR_ONLY", "kind": "error", "value": 1501, "description": "Only 4.x."},
		{"name": "INVALID_OPERATION", "kind": "error", "value": 9, "description": "Native invalid operation.", "same_as": "-"},
		{"name": "K_UID_BANNED", "kind": "error", "value": 14, "table": "gateway", "description": "Gateway 14."},
		{"name": "WARN_OPEN_CHANNEL_TIMEOUT", "kind": "warning", "value": 106, "description": "Native 106."},
		{"name": "CONNECTION_CHANGED_CONNECTING", "kind": "reason", "value": 0, "description": "Connecting."},
		{"name": "CONNECTION_CHANGED_KEEP_ALIVE_TIMEOUT", "kind": "reason", "value": 14, "severity": "warning", "description": "Keep-alive timeout."}
	]}`,
	`{"id": "agora-native-3.x", "values": {"abs": true, "reason_words": ["connect"]}, "codes": [
		{"name": "ERR_INVALID_TOKEN", "kind": "error", "value": 110, "same_as": "ERR_NO_AUTHORIZED", "description": "Invalid token (3.x).", "aliases": ["ErrorCode.InvalidToken", "InvalidToken"], "sdk_only": ["InvalidToken"]},
		{"name": "ERR_TOO_MANY_DATA_STREAMS", "kind": "error", "value": 116, "description": "Too many data streams (3.x)."},
		{"name": "ERR_JOIN_CHANNEL_REJECTED", "kind": "error", "value": 17, "description": "Join rejected (3.x)."},
		{"name": "WARN_APM_X", "kind": "error", "value": 1053, "description": "3.x 1053."},
		{"name": "CONNECTION_CHANGED_KEEP_ALIVE_TIMEOUT", "kind": "reason", "value": 14, "severity": "warning", "description": "Keep-alive timeout (3.x)."}
	]}`,
	`{"id": "agora-rtm-2.x", "codes": [
		{"name": "RTM_ERROR_NOT_LOGIN", "kind": "error", "value": -10002, "description": "Not logged in.", "aliases": ["AgoraRtmErrorNotLogin", "NOT_LOGIN", "notLogin"], "sdk_only": ["NOT_LOGIN", "notLogin"]},
		{"name": "RTM_ERROR_TIMEOUT", "kind": "error", "value": -10025, "description": "RTM timeout."}
	]}`,
	`{"id": "agora-rtm-1.x", "values": {"tables": ["CONNECTION_CHANGE_REASON"], "methods": {"login": "LOGIN_ERR_CODE", "logout": "LOGOUT_ERR_CODE", "sendMessageToPeer": "PEER_MESSAGE_ERR_CODE", "sendMessage": "CHANNEL_MESSAGE_ERR_CODE"}}, "codes": [
		{"name": "LOGIN_ERR_INVALID_TOKEN", "kind": "error", "value": 5, "table": "LOGIN_ERR_CODE", "description": "Login: invalid token."},
		{"name": "LOGIN_ERR_TIMEOUT", "kind": "error", "value": 9, "table": "LOGIN_ERR_CODE", "description": "Login: timeout."},
		{"name": "LOGOUT_ERR_USER_NOT_LOGGED_IN", "kind": "error", "value": 102, "table": "LOGOUT_ERR_CODE", "description": "Logout: not logged in."},
		{"name": "PEER_MESSAGE_ERR_FAILURE", "kind": "error", "value": 1, "table": "PEER_MESSAGE_ERR_CODE", "description": "Peer message failed."},
		{"name": "CHANNEL_MESSAGE_ERR_FAILURE", "kind": "error", "value": 1, "table": "CHANNEL_MESSAGE_ERR_CODE", "description": "Channel message failed."},
		{"name": "CONNECTION_CHANGE_REASON_LOGIN", "kind": "reason", "value": 1, "table": "CONNECTION_CHANGE_REASON", "description": "Logging in."}
	]}`,
}

// sdkSet is the test catalog (agora-web-2.x) and the catalogs of
// sdkFiles, in the built-in order.
func sdkSet(t testing.TB) *catalog.Set {
	t.Helper()
	cats := []*catalog.Catalog{testCatalog(t)}
	for i, src := range sdkFiles {
		f, err := catalog.ParseFile(fmt.Sprint("sdk", i, ".json"), []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		c, err := (&catalog.Catalog{ID: f.ID}).WithFile(f)
		if err != nil {
			t.Fatal(err)
		}
		cats = append(cats, c)
	}
	s, err := catalog.NewSet(cats...)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// sdkFragments are the pieces of random lines for every SDK: the cues, the
// spellings and forms of sdkFiles, and the pieces of the legacy rules.
var sdkFragments = append(append([]string(nil), fragments...),
	"Agora-SDK [", "Agora-SDK [ERROR]: ", "Agora-SDK [INFO]: [5D242] ", "DEBUG", "]: ", "[5D242]", "[client-f541a] ", "[client-",
	"AgoraRTCError ", "AgoraRTCException", "AgoraRTCSDK.min.js:2 ", "AgoraRTC_N.js:5 ", "join number: 1", "CAN_NOT_GET_GATEWAY_SERVER",
	"Get server node failed", "Join failed: ", "Agora SDK ver 2.9.1 build 101", "sdk ver: 4.2.2", "E/AGORA_SDK( 5986): ", "AGORA_SDK", "/AGORA_SDK(", "[08/24/23 09:45:35:452][7115][I]:", "][I]:", "[12/13/23 ",
	"][iris_logger.cc:157] ", "RtcEngine::", "AgoraRtcException(", "PlatformException(", "onError", "OnError err: ", "OnError", "onWarning",
	"onConnectionStateChanged", "ErrorCode.", "ErrorCode.InvalidToken", "ErrorCodeType.errInvalidToken", "ErrInvalidToken", "InvalidToken",
	"AgoraErrorCodeInvalidToken", "agora_rtc_engine: ^6.3.0", "agora_rtc_engine: 5.3.1", "[tactics] version:3.1.2", "RTM:ERROR ", "RTM:",
	"agora-rtm-sdk-1.2.2.js", "agora-rtm-sdk@2.1.0", "login failed errorCode:", "AgoraRtmClient", "AgoraRtmChannel", "RtmConnectionState.",
	"RTM_ERROR_NOT_LOGIN", "RTM_ERROR_X", "RTM", " RTM ", "NOT_LOGIN", "notLogin", "AgoraRtmErrorNotLogin", "TIMEOUT", "INVALID_OPERATION",
	"NETWORK_ERROR", "NETWORK_ERR", "CONNECTION_CHANGED_KEEP_ALIVE_TIMEOUT", "CONNECTION_CHANGED_FOO", "W/System.err( 2002)", "System.err",
	"reason", "Reason", "reason[", "reason:", "closeReason ", "errorCode", "ErrorCode", "getErrorDescription(", "-", "(-", "-17", "-10002",
	"-10025", "-7", "17", "7", "14", "0", "5", "9", "1", "11", "1053", "1501", "116", "login", "Logout ", "logout", "sendMessageToPeer",
	"sendMessage", "ERR_OPEN_CHANNEL_TIMEOUT (", "ERR_X (", "WARN_Y(", "no active status", ", ", "connection", "Connect", "\n",
)

func randomSDKLine(rng *rand.Rand, n int) string {
	var b strings.Builder
	for range n {
		f := sdkFragments[rng.IntN(len(sdkFragments))]
		if f == "\n" {
			continue
		}
		b.WriteString(f)
	}
	return b.String()
}

// TestSDKMatcherEqualsReferenceRandom holds the fast reader to the
// reference on random lines of every SDK's pieces, over inputs of several
// lines (the SDK of a line depends on those before), with --sdk auto and
// without.
func TestSDKMatcherEqualsReferenceRandom(t *testing.T) {
	set := sdkSet(t)
	rng := rand.New(rand.NewPCG(11, 12))
	for round := range 300 {
		var in strings.Builder
		for range 1 + rng.IntN(30) {
			in.WriteString(randomSDKLine(rng, rng.IntN(24)))
			if rng.IntN(4) == 0 {
				in.WriteString("\r")
			}
			in.WriteString("\n")
		}
		opt := MatcherOptions{Unknown: rng.IntN(3) > 0, Auto: round%4 != 3}
		t.Run(fmt.Sprint(round), func(t *testing.T) {
			checkSet(t, set, opt, []byte(in.String()), MinBufSize, 3000, DefaultBufSize)
		})
		if t.Failed() {
			break
		}
	}
}

// TestSDKMatcherEqualsReferenceLongLines: the same across the windows of
// lines longer than the buffer, where the cues of a line may come after
// its codes.
func TestSDKMatcherEqualsReferenceLongLines(t *testing.T) {
	set := sdkSet(t)
	rng := rand.New(rand.NewPCG(13, 14))
	for round := range 30 {
		var in strings.Builder
		for range 1 + rng.IntN(4) {
			in.WriteString(randomSDKLine(rng, 300+rng.IntN(2000)))
			in.WriteString("\n")
		}
		t.Run(fmt.Sprint(round), func(t *testing.T) {
			checkSet(t, set, MatcherOptions{Unknown: true, Auto: true}, []byte(in.String()), MinBufSize, MinBufSize+7)
		})
		if t.Failed() {
			break
		}
	}
}

// TestSDKCases: what each line, read after the lines before it, says.
func TestSDKCases(t *testing.T) {
	set := sdkSet(t)
	for _, tc := range []struct {
		name  string
		lines []string
		want  string // the last line's matches (describeLine), joined by " | "
	}{
		{"a name one catalog has", []string{"CAN_NOT_GET_GATEWAY_SERVER"},
			`code agora-web-4.x:CAN_NOT_GET_GATEWAY_SERVER by=name chosen=sdk 0-26 v=0 agree=0 "CAN_NOT_GET_GATEWAY_SERVER" | sdks 2`},
		{"a name in two, no SDK known: the first", []string{"INVALID_OPERATION"},
			`code agora-web-2.x:INVALID_OPERATION by=name chosen=first 0-17 v=0 agree=0 "INVALID_OPERATION" | sdks 0`},
		{"a name in two, the line's SDK", []string{"AgoraRTCError INVALID_OPERATION: Can't publish"},
			`code agora-web-4.x:INVALID_OPERATION by=name chosen=sdk 14-31 v=0 agree=0 "INVALID_OPERATION" | sdks 2`},
		{"the SDK of a line before", []string{"[client-f541a] joined", "Agora-SDK [ERROR]: INVALID_OPERATION"},
			`code agora-web-4.x:INVALID_OPERATION by=name chosen=sdk 19-36 v=0 agree=0 "INVALID_OPERATION" | sdks 2`},
		{"a name in two of one meaning, no SDK known", []string{"K_UID_BANNED"},
			`code agora-web-2.x:K_UID_BANNED by=name chosen=agreement 0-12 v=0 agree=4 "K_UID_BANNED" | sdks 0`},
		{"a spelling only its SDK's lines have", []string{"request TIMEOUT"}, ``},
		{"... in its SDK's line", []string{"AgoraRTCError TIMEOUT: x"},
			`code agora-web-4.x:TIMEOUT by=name chosen=sdk 14-21 v=0 agree=0 "TIMEOUT" | sdks 2`},
		{"values that agree, no SDK known", []string{"error 110"},
			`code agora-web-2.x:ERR_NO_AUTHORIZED by=value chosen=agreement 0-9 v=110 agree=e "error 110" | sdks 0`},
		{"values that disagree, no SDK known", []string{"error 116"},
			`ambiguous 116 [agora-web-2.x:ERR_NO_ACTIVE_STATUS agora-native-4.x:ERR_TOO_MANY_DATA_STREAMS] 0-9 "error 116" | sdks 0`},
		{"... in the line's SDK", []string{"E/AGORA_SDK( 5986): error 116"},
			`code agora-native-3.x:ERR_TOO_MANY_DATA_STREAMS by=value chosen=sdk 20-29 v=116 agree=0 "error 116" | sdks 8`},
		{"one catalog has it", []string{"code: 1501"},
			`code agora-native-4.x:ERR_FOUR_ONLY by=value chosen=only 0-10 v=1501 agree=0 "code: 1501" | sdks 0`},
		{"a native reason in its SDK", []string{"onConnectionStateChanged state 4 reason 14"},
			`code agora-native-4.x:CONNECTION_CHANGED_KEEP_ALIVE_TIMEOUT by=value chosen=sdk 33-42 v=14 agree=0 "reason 14" | sdks c`},
		{"a small value with no SDK known is none", []string{"reason 14"}, ``},
		{"reason in a catalog with no reasons is any keyword", []string{"level=warn reason=4001"},
			`code agora-web-2.x:TIMEOUTX by=value chosen=only 11-22 v=4001 agree=0 "reason=4001" | sdks 0`},
		{"reason 0", []string{"[12/13/23 17:57:00:576][1026][I]:[CONN-0][CM]: connection state changed from 1 to 2 caused by reason[0]"},
			`code agora-native-4.x:CONNECTION_CHANGED_CONNECTING by=value chosen=sdk 94-102 v=0 agree=0 "reason[0" | sdks 4`},
		{"a module's own reason is none", []string{"[12/13/23 17:57:03:204][1026][E]:[ADGM-UP](0x72c5098aa0): state 50, category 53, reason -1 due to invalid send bitrate 0"}, ``},
		{"... nor a negative one in a connection's line", []string{"[12/13/23 17:57:03:204][1026][I]:[ADGM-UPDOWN](0x72c5098aa0): connection module state 50, reason -1 to 0"}, ``},
		{"... nor after a reason word", []string{"onConnectionStateChanged state 4 closeReason: -1"}, ``},
		{"a negative value after another keyword is a failed call's code", []string{"onError: -1"},
			`code agora-native-4.x:ERR_FAILED by=value chosen=sdk 0-11 v=-1 agree=0 "onError: -1" | sdks c`},
		{"... nor one without a connection", []string{"[12/13/23 17:57:10:390][1200][W]:Fluency TX: reason 11, delay 904"}, ``},
		{"a plain error keyword allows no small value", []string{"E/AGORA_SDK( 5986): socket 93 error 11"}, ``},
		{"Flutter's PlatformException, negative", []string{"PlatformException(-17, request to join channel is rejected, null, null)"},
			`code agora-native-4.x:ERR_JOIN_CHANNEL_REJECTED by=value chosen=sdk 0-21 v=-17 agree=0 "PlatformException(-17" | sdks c`},
		{"Flutter 6.x is native 4.x", []string{"agora_rtc_engine: ^6.3.0", "error 116"},
			`code agora-native-4.x:ERR_TOO_MANY_DATA_STREAMS by=value chosen=sdk 0-9 v=116 agree=0 "error 116" | sdks 4`},
		{"Flutter 5.x is native 3.x", []string{"  agora_rtc_engine: 5.3.1", "error 116"},
			`code agora-native-3.x:ERR_TOO_MANY_DATA_STREAMS by=value chosen=sdk 0-9 v=116 agree=0 "error 116" | sdks 8`},
		{"Flutter without a version is either", []string{"package:agora_rtc_engine/src/impl.dart", "error 116"},
			`code agora-native-4.x:ERR_TOO_MANY_DATA_STREAMS by=value chosen=sdk 0-9 v=116 agree=0 "error 116" | sdks c`},
		{"a narrowing cue lines before, past the walk back", []string{"Agora-SDK [INFO]: a", "[client-f541a] b", "Agora-SDK [INFO]: c",
			"Agora-SDK [INFO]: d", "Agora-SDK [INFO]: e", "Agora-SDK [INFO]: f", "Agora-SDK [INFO]: g", "INVALID_OPERATION"},
			`code agora-web-4.x:INVALID_OPERATION by=name chosen=sdk 0-17 v=0 agree=0 "INVALID_OPERATION" | sdks 2`},
		{"a widening line does not undo a narrowing one", []string{"[client-f541a] b", "x", "y", "z", "w", "v", "Agora-SDK [INFO]: c", "INVALID_OPERATION"},
			`code agora-web-4.x:INVALID_OPERATION by=name chosen=sdk 0-17 v=0 agree=0 "INVALID_OPERATION" | sdks 2`},
		{"unknown codes of every SDK's shape", []string{"CONNECTION_CHANGED_SOMETHING_NEW RTM_ERROR_NEW_THING AgoraRTCError BRAND_NEW: x error 98765"},
			`unknown name 0 0-32 "CONNECTION_CHANGED_SOMETHING_NEW" | unknown name 0 33-52 "RTM_ERROR_NEW_THING" | unknown name 0 67-76 "BRAND_NEW" | unknown value 98765 80-91 "error 98765" | sdks 12`},
		{"a logcat pid is no code", []string{"W/System.err( 2002): at x"}, ``},
		{"an app's name before the value", []string{"onError: ERR_OPEN_CHANNEL_TIMEOUT (110)"},
			`code agora-native-4.x:ERR_INVALID_TOKEN by=value chosen=sdk 9-38 v=110 agree=0 "ERR_OPEN_CHANNEL_TIMEOUT (110" | unknown name 0 9-33 "ERR_OPEN_CHANNEL_TIMEOUT" | sdks c`},
		{"dotted wrapper spelling", []string{"onError: ErrorCode.InvalidToken"},
			`code agora-native-3.x:ERR_INVALID_TOKEN by=alias chosen=sdk 9-31 v=0 agree=0 "ErrorCode.InvalidToken" | sdks 8`},
		{"RTM 1.x: the call picks the table", []string{"login failed errorCode:5"},
			`code agora-rtm-1.x:LOGIN_ERR_INVALID_TOKEN by=value chosen=sdk 13-24 v=5 agree=0 "errorCode:5" | sdks 20`},
		{"RTM 1.x: logout 102 is not RTC's", []string{"RTM:ERROR Logout errorCode:102"},
			`code agora-rtm-1.x:LOGOUT_ERR_USER_NOT_LOGGED_IN by=value chosen=sdk 17-30 v=102 agree=0 "errorCode:102" | sdks 20`},
		{"RTM 2.x: a negative code of its own", []string{"agora-rtm-sdk@2.1.0 errorCode: -10025"},
			`code agora-rtm-2.x:RTM_ERROR_TIMEOUT by=value chosen=sdk 20-37 v=-10025 agree=0 "errorCode: -10025" | sdks 10`},
		{"a phrase two catalogs have, in the SDK's line", []string{"AgoraRTCError CAN_NOT_GET_GATEWAY_SERVER: no active status"},
			`code agora-web-4.x:CAN_NOT_GET_GATEWAY_SERVER by=name chosen=sdk 14-40 v=0 agree=0 "CAN_NOT_GET_GATEWAY_SERVER" | code agora-web-4.x:NO_ACTIVE_STATUS by=phrase chosen=sdk 42-58 v=0 agree=0 "no active status" | sdks 2`},
		{"a weak cue does not override a strong one", []string{"AgoraRTC_N.js:5 Agora-SDK [WARNING]: [client-f541a] onWarning: 2002"},
			`code agora-web-4.x:ERR_JOIN_CHANNEL_TIMEOUT by=value chosen=sdk 52-67 v=2002 agree=0 "onWarning: 2002" | sdks 2`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			check := func(name string, got []string) {
				if s := strings.Join(got, " | "); s != tc.want {
					t.Errorf("%s:\n got %s\nwant %s", name, s, tc.want)
				}
			}
			rr := NewRefReader(set, MatcherOptions{Unknown: true, Auto: true})
			var codes, unk, amb []Match
			var sdks catalog.SDKs
			var line []byte
			for _, l := range tc.lines {
				line = []byte(l)
				codes, unk, amb, sdks = rr.Line(line)
			}
			at := func(ms []Match) func(int) []byte { return func(k int) []byte { return line[ms[k].Start:ms[k].End] } }
			check("reference", describeLine(codes, unk, amb, sdks, at(codes), at(unk), at(amb)))
			rec := newRecorder()
			rd := NewReader(NewSetMatcher(set, MatcherOptions{Unknown: true, Auto: true}), Options{})
			if _, err := rd.Scan(strings.NewReader(strings.Join(tc.lines, "\n")), rec); err != nil {
				t.Fatal(err)
			}
			check("matcher", rec.desc[int64(len(tc.lines))])
		})
	}
}
