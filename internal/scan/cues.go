package scan

import (
	"github.com/codewatch/codewatch/internal/catalog"
)

// The cues that tell which SDK wrote a line (SPEC §6.2, FORMATS.md §8):
// text the SDKs' builds print, and shapes of their log files, each with the
// SDKs it names. A cue is strong when it names the SDK outright (a prefix,
// a class name, a script name), weak when it only hints (a callback's name
// that apps of other platforms use too): a weak cue narrows what is known,
// or says something where nothing is, but never overrides a strong one.
// Every cue has its evidence here and a test line from a real log shape in
// cues_test.go.

// cueSpec is one cue of the table.
type cueSpec struct {
	text string   // the literal, case as printed
	sdks []string // the catalogs it names
	weak bool
	// check, when set, looks at the bytes around the literal (it is at
	// buf[s:e]): 0 when it is no cue after all, 1 for sdks, 2 for alt, 3
	// for both.
	check func(buf []byte, s, e int) int
	alt   []string
	// set by cueTable for the active set
	mask, altMask catalog.SDKs
}

const (
	web2    = "agora-web-2.x"
	web4    = "agora-web-4.x"
	native4 = "agora-native-4.x"
	native3 = "agora-native-3.x"
	rtm2    = "agora-rtm-2.x"
	rtm1    = "agora-rtm-1.x"
)

var cueSpecs = []cueSpec{
	// The Web SDK's console prefix, "HH:MM:SS:ms Agora-SDK [LEVEL]:",
	// printed alike by 2.x, 3.x and 4.x (the same format code in the 2.9.0,
	// 3.6.11 and 4.24.8 bundles): only "Web". 2.x and 3.x put an
	// upper-case five-hex client id after it ("[5D242]"), 4.x a
	// "[client-…]".
	{text: "Agora-SDK [", sdks: []string{web2, web4}, check: checkWebPrefix, alt: []string{web2}},
	// AgoraRTCException / "AgoraRTCError CODE:": the error class of Web
	// 4.x. (Web 3.x has it too, for the live streaming and WebSocket codes,
	// which none of the 2.x table's are: the codes these lines carry are
	// 4.x's.)
	{text: "AgoraRTCError", sdks: []string{web4}},
	{text: "AgoraRTCException", sdks: []string{web4}},
	// The 2.x/3.x script, AgoraRTCSDK-3.1.1.js, AgoraRTCSDK.min.js.
	{text: "AgoraRTCSDK", sdks: []string{web2}},
	// The 4.x script, AgoraRTC_N.js, AgoraRTC_N-production.js.
	{text: "AgoraRTC_N", sdks: []string{web4}},
	// 4.x client prefixes: [client-f541a], [client-7873b-sub-1].
	{text: "[client-", sdks: []string{web4}, check: checkClientID},
	// 4.x join failures and gateway responses.
	{text: "join number:", sdks: []string{web4}},
	{text: "unexpected response from type", sdks: []string{web4}},
	{text: "CAN_NOT_GET_GATEWAY_SERVER", sdks: []string{web4}},
	// 2.x/3.x: the choose-server failure, and the join failure with the
	// access point's name ("Join failed: NO_AUTHORIZED"; 4.x writes
	// "Joining channel failed").
	{text: "Get server node failed", sdks: []string{web2}},
	{text: "Join failed: ", sdks: []string{web2}},
	// Native 2.x/3.x on Android: the logcat tag AGORA_SDK
	// (E/AGORA_SDK( 5986): …), and the tag named alone.
	{text: "/AGORA_SDK(", sdks: []string{native3}},
	{text: "AGORA_SDK", sdks: []string{native3, native4}, check: checkBareTag},
	// Native 4.x agorasdk.log: [MM/DD/YY HH:MM:SS:mmm][tid][L]: at the
	// line's start, L one of I W E U A (D too).
	{text: "][I]:", sdks: []string{native4}, check: checkNative4x},
	{text: "][W]:", sdks: []string{native4}, check: checkNative4x},
	{text: "][E]:", sdks: []string{native4}, check: checkNative4x},
	{text: "][U]:", sdks: []string{native4}, check: checkNative4x},
	{text: "][A]:", sdks: []string{native4}, check: checkNative4x},
	{text: "][D]:", sdks: []string{native4}, check: checkNative4x},
	// Native 4.x through iris (Flutter, Electron, React Native, Unity):
	// [2025-08-08 15:17:28.605][11996][I][iris_logger.cc:157].
	{text: "][iris_", sdks: []string{native4}},
	// The 4.x API trace: RtcEngine::enableLocalAudio(…).
	{text: "RtcEngine::", sdks: []string{native4}},
	// Flutter 6.x (native 4.x) throws AgoraRtcException(-17, null);
	// Flutter 5.x and earlier PlatformException(17, …), which other
	// plugins throw too: weak.
	{text: "AgoraRtcException(", sdks: []string{native4}},
	{text: "PlatformException(", sdks: []string{native3, native4}, weak: true},
	// The native callbacks, as apps log them: onError, onWarning, Unity's
	// OnError err:, onConnectionStateChanged. Web apps may name handlers
	// so too: weak.
	{text: "onError", sdks: []string{native3, native4}, weak: true},
	{text: "OnError", sdks: []string{native3, native4}, weak: true},
	{text: "onWarning", sdks: []string{native3, native4}, weak: true},
	{text: "onConnectionStateChanged", sdks: []string{native3, native4}, weak: true},
	{text: "onJoinChannelSuccess", sdks: []string{native3, native4}, weak: true},
	// The Flutter (5.x and earlier) and React Native 3.x enums as Dart
	// prints them: ErrorCode.InvalidToken; 6.x: ErrorCodeType.errInvalidToken.
	// Java's ErrorCode.ERR_… is either.
	{text: "ErrorCode.", sdks: []string{native3}, check: checkDartEnum, alt: []string{native3, native4}},
	{text: "WarningCode.", sdks: []string{native3}, check: checkDartEnum, alt: []string{native3, native4}},
	{text: "ErrorCodeType.", sdks: []string{native4}},
	{text: "ConnectionChangedReasonType.", sdks: []string{native4}},
	// Versions: the Flutter package (agora_rtc_engine: ^6.3.0 is 4.x, 5 and
	// earlier 3.x) and the native 3.x logcat's [tactics] version:3.1.2.
	{text: "agora_rtc_engine", sdks: []string{native4}, check: checkFlutterVersion, alt: []string{native3}},
	{text: "[tactics] version:", sdks: []string{native4}, check: checkTactics, alt: []string{native3}},
	// The native SDK's banner, "Agora SDK ver 2.9.1 build 101" (logcat,
	// agorasdk.log), and apps' "sdk ver: 4.2.2": 4 is 4.x, 1 to 3 the
	// 3.x-era catalog.
	{text: "SDK ver", sdks: []string{native4}, check: checkSDKVer, alt: []string{native3}},
	{text: "sdk ver", sdks: []string{native4}, check: checkSDKVer, alt: []string{native3}},
	// RTM 1.x for the Web: the RTM:ERROR / RTM:INFO namespace; the npm
	// package agora-rtm-sdk (1.x or 2.x by its version); Flutter RTM 1.x's
	// "login failed errorCode:5" and AgoraRtmClient; its
	// RtmConnectionState.connecting.
	{text: "RTM:", sdks: []string{rtm1}, check: checkRTMLevel},
	{text: "agora-rtm-sdk", sdks: []string{rtm1, rtm2}, check: checkRTMPackage, alt: []string{rtm1}},
	{text: "agora-rtm-sdk", sdks: []string{rtm2}, check: checkRTMPackage2},
	{text: "login failed errorCode", sdks: []string{rtm1}},
	{text: "AgoraRtmClient", sdks: []string{rtm1, rtm2}},
	{text: "AgoraRtmChannel", sdks: []string{rtm1}},
	{text: "RtmConnectionState.", sdks: []string{rtm1}},
	// RTM 2.x error names.
	{text: "RTM_ERROR_", sdks: []string{rtm2}},
	// "RTM" as a word ("login through RTM"): weak.
	{text: "RTM", sdks: []string{rtm1, rtm2}, weak: true, check: checkWord},
}

// cueTable returns the cues of the catalogs of set, with their masks; a
// cue none of whose catalogs is in the set is left out.
func cueTable(set *catalog.Set) []cueSpec {
	var out []cueSpec
	mask := func(ids []string) catalog.SDKs {
		var m catalog.SDKs
		for _, id := range ids {
			if i := set.Index(id); i >= 0 {
				m |= 1 << uint(i)
			}
		}
		return m
	}
	for _, c := range cueSpecs {
		c.mask, c.altMask = mask(c.sdks), mask(c.alt)
		if c.mask == 0 && c.altMask == 0 {
			continue
		}
		out = append(out, c)
	}
	return out
}

// checkWebPrefix: "Agora-SDK [LEVEL]" (DEBUG, INFO, WARNING, WARN, ERROR,
// DEFAULT, NONE); alt when a 2.x/3.x client id follows: "]: [5D242]" (or
// Safari's "]: – \"[5D242]").
func checkWebPrefix(buf []byte, s, e int) int {
	j := e
	for j < len(buf) && j-e < 8 && 'A' <= buf[j] && buf[j] <= 'Z' {
		j++
	}
	switch string(buf[e:j]) {
	case "DEBUG", "INFO", "WARNING", "WARN", "ERROR", "DEFAULT", "NONE":
	default:
		return 0
	}
	if j+2 > len(buf) || buf[j] != ']' || buf[j+1] != ':' {
		return 1
	}
	k := j + 2
	for k < len(buf) && k-j < 12 && (buf[k] == ' ' || buf[k] == '"' || buf[k] == 0xE2 || buf[k] == 0x80 || buf[k] == 0x93) {
		k++ // " – \"" (U+2013 is E2 80 93)
	}
	if k+7 <= len(buf) && buf[k] == '[' && buf[k+6] == ']' {
		letter := false
		for _, c := range buf[k+1 : k+6] {
			switch {
			case 'A' <= c && c <= 'F':
				letter = true
			case '0' <= c && c <= '9':
			default:
				return 1
			}
		}
		if letter {
			return 2
		}
	}
	return 1
}

// checkClientID: [client- then four or more lower-case hex digits.
func checkClientID(buf []byte, s, e int) int {
	n := 0
	for j := e; j < len(buf) && n < 8 && ('0' <= buf[j] && buf[j] <= '9' || 'a' <= buf[j] && buf[j] <= 'f'); j++ {
		n++
	}
	if n >= 4 {
		return 1
	}
	return 0
}

// checkBareTag: AGORA_SDK as a word of its own (not /AGORA_SDK(, its
// logcat form, nor part of a longer name).
func checkBareTag(buf []byte, s, e int) int {
	if s > 0 && (isWord(buf[s-1]) || buf[s-1] == '/') || e < len(buf) && isWord(buf[e]) {
		return 0
	}
	return 1
}

// checkNative4x: the line starts "[MM/DD/YY " before the "][L]:".
func checkNative4x(buf []byte, s, e int) int {
	ls := s
	for ls > 0 && buf[ls-1] != '\n' && s-ls < 64 {
		ls--
	}
	if ls > 0 && buf[ls-1] != '\n' {
		return 0
	}
	d := buf[ls:s]
	if len(d) < 10 || d[0] != '[' || d[3] != '/' || d[6] != '/' || d[9] != ' ' {
		return 0
	}
	for _, i := range []int{1, 2, 4, 5, 7, 8} {
		if !isDigit(d[i]) {
			return 0
		}
	}
	return 1
}

// checkDartEnum: ErrorCode. then a capital and a small letter (Dart's
// toString of a Flutter 5.x enum: ErrorCode.InvalidToken); alt for any
// other member (Java's ErrorCode.ERR_…).
func checkDartEnum(buf []byte, s, e int) int {
	if s > 0 && isWord(buf[s-1]) || e >= len(buf) || !isWord(buf[e]) {
		return 0
	}
	if e+1 < len(buf) && class[buf[e]]&cUpper != 0 && class[buf[e+1]]&cLower != 0 {
		return 1
	}
	return 2
}

// checkFlutterVersion: agora_rtc_engine: ^6.3.0 (4.x, sdks) or 5.x and
// earlier (3.x, alt); without a version, either (both).
func checkFlutterVersion(buf []byte, s, e int) int {
	j := e
	for j < len(buf) && j-e < 4 && (buf[j] == ':' || buf[j] == ' ' || buf[j] == '^' || buf[j] == '"' || buf[j] == '\'') {
		j++
	}
	if j == len(buf) || !isDigit(buf[j]) {
		return 3
	}
	if '1' <= buf[j] && buf[j] <= '5' && (j+1 == len(buf) || !isDigit(buf[j+1])) {
		return 2
	}
	return 1
}

// maskFor is the SDKs a check's answer names (0: none).
func (c *cueSpec) maskFor(sel int) catalog.SDKs {
	switch sel {
	case 1:
		return c.mask
	case 2:
		return c.altMask
	case 3:
		return c.mask | c.altMask
	}
	return 0
}

// checkTactics: "[tactics] version:" then 4 (sdks) or 2 or 3 (alt).
func checkTactics(buf []byte, s, e int) int {
	if e < len(buf) {
		switch buf[e] {
		case '4':
			return 1
		case '2', '3':
			return 2
		}
	}
	return 0
}

// checkSDKVer: "SDK ver 2.9.1", "sdk ver: 4.2.2": a major version of 4
// (sdks) or 1 to 3 (alt) after the word.
func checkSDKVer(buf []byte, s, e int) int {
	if s > 0 && isWord(buf[s-1]) {
		return 0
	}
	j := e
	for j < len(buf) && j-e < 3 && (buf[j] == ':' || buf[j] == ' ') {
		j++
	}
	if j == e || j+1 >= len(buf) || buf[j+1] != '.' {
		return 0
	}
	switch buf[j] {
	case '4':
		return 1
	case '1', '2', '3':
		return 2
	}
	return 0
}

// checkRTMLevel: RTM:ERROR, RTM:WARNING, RTM:INFO, RTM:DEBUG.
func checkRTMLevel(buf []byte, s, e int) int {
	if s > 0 && isWord(buf[s-1]) {
		return 0
	}
	j := e
	for j < len(buf) && j-e < 8 && 'A' <= buf[j] && buf[j] <= 'Z' {
		j++
	}
	switch string(buf[e:j]) {
	case "ERROR", "WARNING", "WARN", "INFO", "DEBUG":
		return 1
	}
	return 0
}

// checkRTMPackage: agora-rtm-sdk-1.2.2.js or agora-rtm-sdk@1.5.1 is 1.x
// (alt); without a version, both (sdks); 2.x is checkRTMPackage2's.
func checkRTMPackage(buf []byte, s, e int) int {
	switch rtmMajor(buf, e) {
	case '1':
		return 2
	case 0:
		return 1
	}
	return 0
}

// checkRTMPackage2: agora-rtm-sdk@2.1.0 is 2.x.
func checkRTMPackage2(buf []byte, s, e int) int {
	if rtmMajor(buf, e) == '2' {
		return 1
	}
	return 0
}

// rtmMajor is the major version after agora-rtm-sdk ("-1.2.2", "@2.1.0"),
// or 0.
func rtmMajor(buf []byte, e int) byte {
	if e+2 < len(buf) && (buf[e] == '-' || buf[e] == '@') && isDigit(buf[e+1]) && buf[e+2] == '.' {
		return buf[e+1]
	}
	return 0
}

// checkWord: the literal is a word of its own.
func checkWord(buf []byte, s, e int) int {
	if s > 0 && isWord(buf[s-1]) || e < len(buf) && isWord(buf[e]) {
		return 0
	}
	return 1
}
