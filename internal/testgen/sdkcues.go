package testgen

import (
	"bytes"

	"github.com/codewatch/codewatch/internal/catalog"
)

// The cues of FORMATS.md §8, restated for the oracle: the text each SDK
// prints that says which SDK wrote a line. Each is a literal, found
// anywhere in the line, and, where FORMATS says more than the literal, a
// check of the bytes around it that returns the SDKs it names (nil: no cue
// after all). The generator writes them only in the shapes FORMATS gives.
type sdkCue struct {
	text  string
	weak  bool // a callback's name apps of other SDKs use too: only narrows
	sdks  []string
	check func(line []byte, s, e int) []string
}

const (
	idWeb2    = catalog.DefaultName
	idWeb4    = "agora-web-4.x"
	idNative4 = "agora-native-4.x"
	idNative3 = "agora-native-3.x"
	idRTM2    = "agora-rtm-2.x"
	idRTM1    = "agora-rtm-1.x"
)

var (
	sdkWeb    = []string{idWeb2, idWeb4}
	sdkNative = []string{idNative3, idNative4}
	sdkRTM    = []string{idRTM1, idRTM2}
)

var sdkCueTable = []sdkCue{
	// "HH:MM:SS:ms Agora-SDK [LEVEL]:" is every Web SDK's; a 2.x/3.x
	// five-hex client id with a letter after it ("]: [5D242]") makes it 2.x.
	{text: "Agora-SDK [", check: webPrefix},
	{text: "AgoraRTCError", sdks: []string{idWeb4}},
	{text: "AgoraRTCException", sdks: []string{idWeb4}},
	{text: "AgoraRTC_N", sdks: []string{idWeb4}},
	{text: "[client-", sdks: []string{idWeb4}},
	{text: "join number:", sdks: []string{idWeb4}},
	{text: "unexpected response from type", sdks: []string{idWeb4}},
	{text: "CAN_NOT_GET_GATEWAY_SERVER", sdks: []string{idWeb4}},
	{text: "AgoraRTCSDK", sdks: []string{idWeb2}},
	{text: "Get server node failed", sdks: []string{idWeb2}},
	// Logcat's AGORA_SDK tag (native 2.x/3.x era); the tag named alone.
	{text: "/AGORA_SDK(", sdks: []string{idNative3}},
	{text: "AGORA_SDK", check: bareTag},
	// Native 4.x: agorasdk.log's "[MM/DD/YY HH:MM:SS:mmm][tid][L]:" at the
	// line's start; iris; the API trace; Flutter 6.x.
	{text: "][I]:", check: native4Prefix},
	{text: "][W]:", check: native4Prefix},
	{text: "][E]:", check: native4Prefix},
	{text: "][U]:", check: native4Prefix},
	{text: "][A]:", check: native4Prefix},
	{text: "][D]:", check: native4Prefix},
	{text: "][iris_", sdks: []string{idNative4}},
	{text: "RtcEngine::", sdks: []string{idNative4}},
	{text: "AgoraRtcException(", sdks: []string{idNative4}},
	{text: "ErrorCodeType.", sdks: []string{idNative4}},
	{text: "ConnectionChangedReasonType.", sdks: []string{idNative4}},
	// Callbacks and Flutter 5.x's exception: weak.
	{text: "PlatformException(", weak: true, sdks: sdkNative},
	{text: "onError", weak: true, sdks: sdkNative},
	{text: "OnError", weak: true, sdks: sdkNative},
	{text: "onWarning", weak: true, sdks: sdkNative},
	{text: "onConnectionStateChanged", weak: true, sdks: sdkNative},
	{text: "onJoinChannelSuccess", weak: true, sdks: sdkNative},
	// Dart's ErrorCode.InvalidToken (Flutter 5.x, native 3.x); Java's
	// ErrorCode.ERR_… is either native SDK.
	{text: "ErrorCode.", check: dartEnum},
	{text: "WarningCode.", check: dartEnum},
	{text: "[tactics] version:", check: tactics},
	// RTM.
	{text: "RTM:", check: rtmLevel},
	{text: "agora-rtm-sdk", check: rtmPackage},
	{text: "login failed errorCode", sdks: []string{idRTM1}},
	{text: "AgoraRtmClient", sdks: sdkRTM},
	{text: "AgoraRtmChannel", sdks: []string{idRTM1}},
	{text: "RtmConnectionState.", sdks: []string{idRTM1}},
	{text: "RTM_ERROR_", sdks: []string{idRTM2}},
	{text: "RTM", weak: true, check: rtmWord},
}

func webPrefix(l []byte, s, e int) []string {
	j := e
	for j < len(l) && l[j] >= 'A' && l[j] <= 'Z' {
		j++
	}
	switch string(l[e:j]) {
	case "DEBUG", "INFO", "WARNING", "WARN", "ERROR", "DEFAULT", "NONE":
	default:
		return nil
	}
	rest := l[j:]
	for _, lead := range [][]byte{[]byte("]: "), []byte("]: – \"")} {
		if id := bytes.TrimPrefix(rest, lead); len(id) != len(rest) && len(id) >= 7 && id[0] == '[' && id[6] == ']' && hexWithLetter(id[1:6]) {
			return []string{idWeb2}
		}
	}
	return sdkWeb
}

func hexWithLetter(b []byte) bool {
	letter := false
	for _, c := range b {
		switch {
		case c >= 'A' && c <= 'F':
			letter = true
		case c < '0' || c > '9':
			return false
		}
	}
	return letter
}

func bareTag(l []byte, s, e int) []string {
	if s > 0 && (catalog.IsWordByte(l[s-1]) || l[s-1] == '/') || e < len(l) && catalog.IsWordByte(l[e]) {
		return nil
	}
	return sdkNative
}

// native4Prefix: "][L]:" within the first 64 bytes of a line that
// starts "[MM/DD/YY ".
func native4Prefix(l []byte, s, e int) []string {
	d := l[:s]
	if len(d) < 10 || len(d) > 64 || d[0] != '[' || d[3] != '/' || d[6] != '/' || d[9] != ' ' {
		return nil
	}
	for _, i := range []int{1, 2, 4, 5, 7, 8} {
		if d[i] < '0' || d[i] > '9' {
			return nil
		}
	}
	return []string{idNative4}
}

func dartEnum(l []byte, s, e int) []string {
	if s > 0 && catalog.IsWordByte(l[s-1]) || e >= len(l) || !catalog.IsWordByte(l[e]) {
		return nil
	}
	if e+1 < len(l) && l[e] >= 'A' && l[e] <= 'Z' && l[e+1] >= 'a' && l[e+1] <= 'z' {
		return []string{idNative3}
	}
	return sdkNative
}

func tactics(l []byte, s, e int) []string {
	if e < len(l) {
		switch l[e] {
		case '4':
			return []string{idNative4}
		case '2', '3':
			return []string{idNative3}
		}
	}
	return nil
}

func rtmLevel(l []byte, s, e int) []string {
	if s > 0 && catalog.IsWordByte(l[s-1]) {
		return nil
	}
	for _, lv := range []string{"ERROR", "WARNING", "WARN", "INFO", "DEBUG"} {
		if bytes.HasPrefix(l[e:], []byte(lv)) && (e+len(lv) == len(l) || l[e+len(lv)] < 'A' || l[e+len(lv)] > 'Z') {
			return []string{idRTM1}
		}
	}
	return nil
}

// rtmPackage: agora-rtm-sdk-1.2.2.js, agora-rtm-sdk@1.5.1 (1.x),
// agora-rtm-sdk@2.1.0 (2.x), or no version (either).
func rtmPackage(l []byte, s, e int) []string {
	if e+2 < len(l) && (l[e] == '-' || l[e] == '@') && l[e+1] >= '0' && l[e+1] <= '9' && l[e+2] == '.' {
		switch l[e+1] {
		case '1':
			return []string{idRTM1}
		case '2':
			return []string{idRTM2}
		}
		return nil
	}
	return sdkRTM
}

func rtmWord(l []byte, s, e int) []string {
	if s > 0 && catalog.IsWordByte(l[s-1]) || e < len(l) && catalog.IsWordByte(l[e]) {
		return nil
	}
	return sdkRTM
}

// lineMask works out the SDKs of a line from its cues and ctx, what the
// lines before said, and updates ctx (SPEC §6.2): the strong cues name
// the SDKs they all name, or, where they agree on none, any of them;
// weak cues narrow those, and say something only where nothing is known;
// with ctx, what the two agree on, else the line's.
func (s *sdkCats) lineMask(line []byte, ctx *mask) mask {
	var strongAnd, strongOr, weakAnd mask
	haveStrong, haveWeak := false, false
	for _, c := range sdkCueTable {
		for at := bytes.Index(line, []byte(c.text)); at >= 0; {
			ids := c.sdks
			if c.check != nil {
				ids = c.check(line, at, at+len(c.text))
			}
			if m := s.maskOf(ids); m != 0 {
				switch {
				case c.weak && !haveWeak:
					weakAnd, haveWeak = m, true
				case c.weak:
					weakAnd &= m
				case !haveStrong:
					strongAnd, strongOr, haveStrong = m, m, true
				default:
					strongAnd &= m
					strongOr |= m
				}
			}
			n := bytes.Index(line[at+1:], []byte(c.text))
			if n < 0 {
				break
			}
			at += 1 + n
		}
	}
	switch {
	case haveStrong:
		strong := strongAnd
		if strong == 0 {
			strong = strongOr
		}
		if strong&weakAnd != 0 {
			strong &= weakAnd
		}
		if *ctx&strong != 0 {
			*ctx &= strong
		} else {
			*ctx = strong
		}
	case weakAnd != 0:
		if *ctx&weakAnd != 0 {
			*ctx &= weakAnd
		} else if *ctx == 0 {
			*ctx = weakAnd
		}
	}
	return *ctx
}

func (s *sdkCats) maskOf(ids []string) mask {
	var m mask
	for _, id := range ids {
		if i, ok := s.byID[id]; ok {
			m |= 1 << uint(i)
		}
	}
	return m
}

// cueless reports whether text holds no cue at all.
func (s *sdkCats) cueless(text string) bool {
	var ctx mask
	return s.lineMask([]byte(text), &ctx) == 0
}
