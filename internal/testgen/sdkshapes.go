package testgen

import "github.com/codewatch/codewatch/internal/catalog"

// The every-SDK shapes (Config.SDKs): one per kind of block, in the forms
// FORMATS.md and the vendor README §3 give, with the real lines of
// testdata/real and real2 as models. A form says how a line carries a
// code, and how the keyword before a number reads it: the oracle resolves
// what was written by that reading, in the catalogs of the line's SDKs.

// insKind says what a form's placeholders stand for.
type insKind uint8

const (
	insNone      insKind = iota // fixed text (and the spellings it holds)
	insName                     // ${N}: a spelling of a code
	insPhrase                   // ${N}: a phrase of a code
	insValue                    // ${V}: a code's value (${M}: the RTM 1.x call whose table has it)
	insValueName                // ${V} and ${N}: a code's value and its name
	insNumber                   // ${V}: a number of no code in particular (a look-alike)
)

// sdkForm is one way a line carries a code, or a look-alike.
type sdkForm struct {
	src   string
	what  insKind
	first catalog.Kind // the kind the keyword looks up first (0: any)
	small bool         // values below 100 count where the SDK is known
	meth  bool         // errorCode: the RTM 1.x call on the line picks the table
	neg   bool         // the value may be a failed call's -code
	call  string       // the RTM 1.x call the fixed text names
	fixed []string     // spellings in the fixed text
	t     tmpl
}

// Shorthands for the forms' readings.
var (
	kAny    = sdkForm{}
	kErr    = sdkForm{first: catalog.Error}
	kWarn   = sdkForm{first: catalog.Warning}
	kReason = sdkForm{first: catalog.Reason, small: true}
	kSmall  = sdkForm{first: catalog.Error, small: true}
)

func form(src string, what insKind, how sdkForm) sdkForm {
	how.src, how.what = src, what
	return how
}

func neg(f sdkForm) sdkForm { f.neg = true; return f }

// prefixKind is the start of a line of a shape.
type prefixKind uint8

const (
	pApp        prefixKind = iota // 2026-03-04 10:00:00.123 [app]
	pWeb4Chrome                   // AgoraRTC_N-production.js:383 10:05:49:744 Agora-SDK [ERROR]: [client-f541a]
	pWeb4Safari                   // [Error] 10:05:49:744 Agora-SDK [ERROR]: – "[client-f541a] … " (AgoraRTC_N.js, line 402)
	pWebTag                       // 10:05:49:744 Agora-SDK [ERROR]:
	pWeb2                         // 10:05:49:744 Agora-SDK [ERROR]: [5D242]
	pWeb3Chrome                   // AgoraRTCSDK-3.3.1.js:2 10:05:49:744 Agora-SDK [ERROR]: [5D242]
	pNative4                      // [12/13/23 17:57:00:576][1026][I]:
	pIris                         // [2026-03-04 15:17:28.605][11996][I][iris_logger.cc:157]
	pFlutterErr                   // [ERROR:flutter/lib/ui/ui_dart_state.cc(209)] Unhandled Exception:
	pAppTag                       // 03-04 15:36:52.459: I/flutter ( 4716):
	pLogcat                       // 03-04 15:36:52.459: E/AGORA_SDK( 4716): ERROR   (15:36:52:460 |    0)   5163;
	pIOS                          // 2026-03-04 10:00:00.123+0800 Demo[4716:5163] AGORA_SDK:
	pRTM                          // 2026-03-04T10:00:00.123Z [RTM]
	pRTMWeb                       // agora-rtm-sdk-1.2.2.js:7 RTM:ERROR
)

// sdkShapeSrc is a kind of block as written.
type sdkShapeSrc struct {
	name     string
	draw     []string     // the catalogs its codes are drawn from
	prefixes []prefixKind // the first is its first line's, which holds its cue
	forms    []sdkForm
	traps    []sdkForm
	ordinary []string
	leads    []string
	// single: one form a line (RTM 1.x: the first call a line names
	// picks the table of every errorCode on it, and the SDK logs one call
	// a line)
	single bool
	// cue is the message of the block's first line where its prefix holds
	// no strong cue of the block's SDK
	cue string
}

// sdkShapeSrcs: the first is the block an input starts with, whose lines
// hold no cue.
var sdkShapeSrcs = []sdkShapeSrc{{
	name: "no SDK", prefixes: []prefixKind{pApp},
	draw: []string{idWeb2, idWeb4, idNative4, idNative3, idRTM2, idRTM1},
	forms: []sdkForm{
		form("failed: ${N}", insName, kAny), form("error: ${N}", insName, kAny), form(`{"reason":"${N}"}`, insName, kAny),
		form("[${N}]", insName, kAny), form("got ${N}", insPhrase, kAny),
		form("error ${V}", insValue, kErr), form("code: ${V}", insValue, kAny), form("errcode=${V}", insValue, kErr),
		form("warning ${V}", insValue, kWarn), form(`{"code":${V}}`, insValue, kAny), form("error: ${V}", insValue, neg(kErr)),
	},
	traps: []sdkForm{
		form("reason ${V}", insNumber, kReason), form("error ${V}", insNumber, kErr), form("uid ${uid}", insNone, kAny),
		form("port ${port}", insNone, kAny), form("HTTP status code ${k}", insNone, kAny), form("seq (00000${k})", insNone, kAny),
	},
	ordinary: []string{"${msg}", "${msg}, uid ${uid}", "${msg} in ${k} ms", "listening on ${ip}:${port}", "started, pid ${pid}"},
	leads:    []string{"", "", "join failed", "callback", "handler:"},
}, {
	name: "Web 4.x", draw: []string{idWeb4}, prefixes: []prefixKind{pWeb4Chrome, pWeb4Chrome, pWebTag, pWeb4Safari},
	forms: []sdkForm{
		form("AgoraRTCException: AgoraRTCError ${N}: request rejected", insName, kAny),
		form("AgoraRTCError ${N}: ${msg}", insName, kAny),
		form(`{code: "${N}", data: {retry: false}}`, insName, kAny),
		form("connection-state-change: DISCONNECTED, reason: ${N}", insName, kAny),
		form("join number: ${d}, Joining channel failed, rollback AgoraRTCException: AgoraRTCError CAN_NOT_GET_GATEWAY_SERVER: flag: 4096, message: AgoraRTCError CAN_NOT_GET_GATEWAY_SERVER: ${N}",
			insPhrase, sdkForm{fixed: []string{"CAN_NOT_GET_GATEWAY_SERVER"}}),
		form("unexpected response from type join, error_code: ${V}, message: ${N}, action: failed", insValueName, kAny),
		form(`data: {"code":${V},"retry":false}`, insValue, kAny),
	},
	traps: []sdkForm{
		form("join number: ${d}", insNone, kAny), form("uid ${uid}", insNone, kAny), form("HTTP status code ${k}", insNone, kAny),
		form("flag: 4096", insNone, kAny), form("websocket ${ip}:${port} closed", insNone, kAny),
	},
	ordinary: []string{
		"current web page is visible", "[track-${x8}] video-element-status change canplay => playing",
		"remote user ${uid} published video", "start join channel ${ch}, join number: ${d}",
		"[lock-client-publish-${n}] is created.", "network quality: uplink ${d}, downlink ${d}",
		"Publish success, id track-${x8}", "${msg}",
	},
	leads: []string{"", "", "join failed,", "publish failed,"},
}, {
	name: "Web 2.x", draw: []string{idWeb2}, prefixes: []prefixKind{pWeb3Chrome, pWeb2, pWeb2},
	forms: []sdkForm{
		form("Get server node failed [${N}] ${url} ${N}", insName, kAny), form("User join failed [${N}]", insName, kAny),
		form("Join failed: ${N}", insName, kAny), form("Got error msg: ${N}", insName, kAny), form("Join failed: ${N}", insPhrase, kAny),
		form("code: ${V}", insValue, kAny), form("error ${V}", insValue, kErr), form("Warning ${V}", insValue, kWarn),
	},
	traps:    []sdkForm{form("uid ${uid}", insNone, kAny), form("port ${port}", insNone, kAny), form("error ${V}", insNumber, kErr)},
	ordinary: []string{"Joining channel: ${ch}", "Publish local stream success, stream ${uid}", "Stream.play, elementID: remote-${uid}", "${msg}"},
	leads:    []string{"", "", "client exception"},
}, {
	name: "Web", draw: []string{idWeb2, idWeb4}, prefixes: []prefixKind{pWebTag},
	forms: []sdkForm{
		form("Join channel failed ${N}", insName, kAny), form("[${N}]", insName, kAny),
		form("code: ${V}", insValue, kAny), form("error ${V}", insValue, kErr),
	},
	traps:    []sdkForm{form("uid ${uid}", insNone, kAny), form("error ${V}", insNumber, kErr)},
	ordinary: []string{"Joining channel: ${ch}", "remote user ${uid} published audio", "${msg}"},
}, {
	name: "native 4.x", draw: []string{idNative4}, prefixes: []prefixKind{pNative4},
	forms: []sdkForm{
		form("[CONN-0][CM]: connection state changed from ${d} to ${d} caused by reason[${V}]", insValue, kReason),
		form("(${seq}): ChannelProxy::emitConnStateChanged->onConnectionStateChanged(this:${this}, state:${d}, reason:${V})", insValue, kReason),
		form("onError: ${V}", insValue, neg(kSmall)), form("onWarning: ${V}", insValue, kWarn),
		form("(${seq}): IRtcEngineEventHandler::onError(err:${V}, msg:${msg})", insValue, kErr),
		form("joinChannel failed: ${N}", insName, kAny), form("onError: ${N}", insName, kAny),
	},
	traps: []sdkForm{
		form("[ADGM-UP](${this}): state 50, category 53, reason ${V} due to invalid send bitrate 0", insNumber, neg(kReason)),
		form("Fluency TX: reason ${V}, delay ${k}", insNumber, kReason),
		form("audio_device_generic.cc: (line ${k}): SetPlayoutDevice: Not supported on this platform", insNone, kAny),
		form("(${seq}): RtcEngine::setParameters(this:${this}, {\"rtc.log_filter\":65535})", insNone, kAny),
		form("[VideoAbility] code:${V}", insNumber, kAny),
	},
	ordinary: []string{
		"[CONN-0][CM]: emit join channel signal, uid: size=${d}",
		"(${seq}): RtcEngine::enableLocalAudio(this:${this}, {\"enabled\":1})",
		"on proxy connected: cname '${ch}' uid ${uid} proxytype ${d} ip ${ip} elapsed ${k}",
		"[ADGM-UPDOWN](${this}): module internal state change, state 50 to 0, category 53 to 0",
	},
}, {
	name: "native 4.x, iris and Flutter", draw: []string{idNative4}, prefixes: []prefixKind{pIris, pIris, pFlutterErr, pAppTag},
	forms: []sdkForm{
		form("AgoraRtcException(${V}, null)", insValue, neg(kSmall)), form("onError: ${N}", insName, kAny),
		form(`result {"errorCode":${V}}`, insValue, neg(sdkForm{first: catalog.Error, meth: true})),
		form("[Agora] OnError err: ${V}, msg: ${msg}", insValue, kSmall), form("error: ${N}", insName, kAny),
	},
	traps:    []sdkForm{form("uid ${uid}", insNone, kAny), form("state ${d} elapsed ${k}", insNone, kAny)},
	ordinary: []string{"api name RtcEngine_joinChannel_cd94dbd params", "event name RtcEngineEventHandler_onUserJoined", "${msg}"},
}, {
	name: "native 3.x, logcat", draw: []string{idNative3}, prefixes: []prefixKind{pLogcat, pLogcat, pAppTag},
	forms: []sdkForm{
		form("onError: ${N}", insName, kAny), form("error: ${N}", insName, kAny),
		form("PlatformException(${V}, ${msg}, null, null)", insValue, neg(kSmall)),
		form("onConnectionStateChanged state ${d} reason ${V}", insValue, kReason),
		form("onError: ${V}", insValue, kSmall), form("getErrorDescription(${V})", insValue, kSmall),
		form("onWarning: ${V}", insValue, kWarn), form("LogTemp: onError err: ${V}", insValue, kSmall),
	},
	traps: []sdkForm{
		form("W/System.err( ${pid}): \tat io.agora.rtc.internal.RtcEngineImpl.nativeJoinChannel(Native Method)", insNone, kAny),
		form("socket ${n} error ${V}", insNumber, kErr), form("[ERROR:flutter/lib/ui/ui_dart_state.cc(${k})] ${msg}", insNone, kAny),
	},
	ordinary: []string{"[tactics] version:3.${d}.${d}", "[cm] network type changed to ${d}", "[vocs] selected: ${ip}:${port}", "${msg}"},
}, {
	name: "native, iOS", draw: []string{idNative4, idNative3}, prefixes: []prefixKind{pIOS},
	forms: []sdkForm{
		form("onError: ${V}", insValue, kSmall), form("onError: ${N}", insName, kAny),
		form("onConnectionStateChanged state ${d} reason ${V}", insValue, kReason),
	},
	traps:    []sdkForm{form("uid ${uid}", insNone, kAny)},
	ordinary: []string{"${msg}", "local video frame ${d}x${d}"},
}, {
	name: "RTM 2.x", draw: []string{idRTM2}, prefixes: []prefixKind{pRTM, pRTM, pAppTag},
	forms: []sdkForm{
		form("login failed: ${N}", insName, kAny), form(`{"errorCode":${V},"reason":"${N}"}`, insValueName, sdkForm{first: catalog.Error, meth: true}),
		form("errorCode: ${V}", insValue, sdkForm{first: catalog.Error, meth: true}), form("status ${N}", insName, kAny),
	},
	traps:    []sdkForm{form(`"timestamp": ${epoch}`, insNone, kAny), form(`"currentState": ${d}`, insNone, kAny)},
	ordinary: []string{"agora-rtm-sdk@2.${d}.${d} ready, appId ${x32}", "subscribe channel ${ch}", "${msg}"},
	cue:      "agora-rtm-sdk@2.${d}.${d} ready, appId ${x32}",
}, {
	name: "RTM 1.x", draw: []string{idRTM1}, prefixes: []prefixKind{pRTMWeb, pRTMWeb, pAppTag},
	forms: []sdkForm{
		form("login failed errorCode:${V}", insValue, sdkForm{first: catalog.Error, meth: true, call: "login"}),
		form("AgoraRtmClient ${M} failed errorCode: ${V}", insValue, sdkForm{first: catalog.Error, meth: true}),
		form("AgoraRtmChannel ${M} failed errorCode: ${V}", insValue, sdkForm{first: catalog.Error, meth: true}),
		form("Connection state changed: ${d}, reason: ${V}", insValue, kReason),
		form("onFailure: ${N}", insName, kAny),
	},
	traps:    []sdkForm{form("Error Code ${V}", insNumber, kAny), form("peer ${uid} online", insNone, kAny)},
	ordinary: []string{"${msg}", "channel ${ch} members ${d}"},
	single:   true,
}}

// sdkMessages are the ${msg} fillers: English that holds no code, no cue,
// no keyword and no RTM call.
var sdkMessages = []string{
	"request to the server was rejected", "camera opened", "microphone muted", "stream published",
	"token will expire soon", "remote video stalled", "network type changed", "device list updated",
	"audio route changed to speakerphone", "first remote frame rendered", "user offline",
}

// sdkApps are the names in pApp's brackets.
var sdkApps = []string{"app", "rtc", "net", "main", "ui"}
