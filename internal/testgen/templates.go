package testgen

import "strings"

// Templates are written as text with ${name} placeholders; compile turns
// them into segments once. The placeholders are:
//
//	N     the spelling (name or alias) of the code being inserted
//	V     the value of the code being inserted
//	T     a trap value: a catalog value (or another number >= 100) in a
//	      place where it is not a code
//	T2    a second trap value, larger than T (for ranges)
//	U     a value in keyword context that no catalog code has
//	X5    five upper-case hex digits (Web 2.9/3.x client id)
//	x5    five lower-case hex digits (Web 4.x client id)
//	x8    eight lower-case hex digits (track ids, pointers)
//	x32   32 lower-case hex digits (app ids)
//	uuid  a UUID
//	uid   a user id (5 to 9 digits)
//	big   a 10-digit user id
//	epoch a 13-digit epoch in milliseconds
//	ip    an IPv4 address
//	ipT   an IPv4 address with a trap value as one octet
//	port  a port number (1024 to 65535)
//	n     a number below 100
//	s     a small number from 2 to 99
//	k     a number from 100 to 99999 (never after a keyword)
//	d     a digit from 1 to 4
//	ch    a channel name
//	url   a choose-server URL
//	fn    a minified JavaScript function name
//	hms   a time of day, HH:MM:SS
//	pid   a process id
//	this  the engine pointer of the block, 0x and 8 hex digits
//
// and, in the every-SDK shapes only (sdkgen.go):
//
//	M     the RTM 1.x call of the value being inserted (login, sendMessageToPeer)
//	msg   a short English message that holds no code
//	cid   the block's Web 4.x client id (five lower-case hex digits)
//	CID   the block's Web 2.x/3.x client id (five upper-case hex digits, one a letter)
//	seq   a native 4.x API trace number, eight digits with leading zeros
//	tid   the block's thread id
const (
	opLit = iota
	opN
	opV
	opT
	opT2
	opU
	opX5
	opx5
	opx8
	opx32
	opUUID
	opUID
	opBig
	opEpoch
	opIP
	opIPT
	opPort
	opSmall
	opSmall2
	opK
	opD
	opCh
	opURL
	opFn
	opHMS
	opPID
	opThis
	opM
	opMsg
	opCid
	opCID
	opSeq
	opTid
)

var placeholders = map[string]uint8{
	"N": opN, "V": opV, "T": opT, "T2": opT2, "U": opU,
	"X5": opX5, "x5": opx5, "x8": opx8, "x32": opx32, "uuid": opUUID,
	"uid": opUID, "big": opBig, "epoch": opEpoch, "ip": opIP, "ipT": opIPT,
	"port": opPort, "n": opSmall, "s": opSmall2, "k": opK, "d": opD,
	"ch": opCh, "url": opURL, "fn": opFn, "hms": opHMS, "pid": opPID, "this": opThis,
	"M": opM, "msg": opMsg, "cid": opCid, "CID": opCID, "seq": opSeq, "tid": opTid,
}

// seg is one piece of a template: literal text, or a placeholder.
type seg struct {
	op  uint8
	lit string
}

// tmpl is a compiled template.
type tmpl struct {
	segs []seg
	src  string
	api  bool // a native 4.x API call
}

// has reports whether the template uses the placeholder op.
func (t *tmpl) has(op uint8) bool {
	for _, s := range t.segs {
		if s.op == op {
			return true
		}
	}
	return false
}

// compile parses ${name} placeholders. A malformed template is a
// programming error in this file, caught by the tests at init.
func compile(src string) tmpl {
	t := tmpl{src: src, api: strings.HasPrefix(src, "RtcEngine::")}
	rest := src
	for rest != "" {
		i := strings.Index(rest, "${")
		if i < 0 {
			t.segs = append(t.segs, seg{op: opLit, lit: rest})
			break
		}
		if i > 0 {
			t.segs = append(t.segs, seg{op: opLit, lit: rest[:i]})
		}
		j := strings.IndexByte(rest[i:], '}')
		if j < 0 {
			panic("testgen: unterminated placeholder in " + src)
		}
		op, ok := placeholders[rest[i+2:i+j]]
		if !ok {
			panic("testgen: unknown placeholder " + rest[i:i+j+1] + " in " + src)
		}
		t.segs = append(t.segs, seg{op: op})
		rest = rest[i+j+1:]
	}
	return t
}

func compileAll(srcs []string) []tmpl {
	out := make([]tmpl, len(srcs))
	for i, s := range srcs {
		out[i] = compile(s)
	}
	return out
}

// Families of line syntax: free text (browser consoles and native logs),
// JSON Lines and logfmt. Code and trap forms differ per family.
const (
	famText = iota
	famJSON
	famLogfmt
	numFamilies
)

// The value-form classes: which kind of code a keyword suits. A warning
// keyword only ever carries warning values and an error keyword error
// values, so that no reading of "errors first" can differ.
const (
	clsAny = iota
	clsError
	clsWarning
	numClasses
)

// source holds every template as written; compiled below.
type source struct {
	webOrdinary    []string
	nativeOrdinary []string
	api4Ordinary   []string
	logcatOther    []string
	jsonMsgs       []string
	jsonFields     []string
	logfmtMsgs     []string
	logfmtFields   []string
	stackFrames    []string

	textLeads   []string
	jsonLeads   []string
	logfmtLeads []string

	// Code forms: by spelling (${N}) and by value (${V}, per class).
	webNames    []string // SDK message templates, Web shapes only
	textNames   []string
	jsonNames   []string
	logfmtNames []string
	textValues  [numClasses][]string
	jsonValues  [numClasses][]string
	logfmtVals  [numClasses][]string

	textTraps   []string
	jsonTraps   []string
	logfmtTraps []string
}

var src = source{
	webOrdinary: []string{
		"Creating client, MODE: rtc CODEC: vp8",
		"Creating client, MODE: live CODEC: h264",
		"Initializing AgoraRTC client, appId: ${x32}.",
		"processId: process-${uuid}",
		"Flush cached event reporting: ${n}",
		"Connect to choose_server: ${url}",
		"Get gateway address: Array(${d})",
		"Joining channel: ${ch}",
		"Adding event handler on stream-published",
		"Added event handler on stream-published, stream-added, stream-subscribed, peer-leave, mute-audio, unmute-audio",
		"Publish local stream success, stream ${uid}",
		"Subscribe remote stream success, uid ${uid}",
		"Stream.play, elementID: remote-${uid}",
		"Receive disconnect message",
		"current web page is hidden",
		"current web page is visible",
		"signal connection state change: DISCONNECTED -> CONNECTING",
		"signal connection state change: CONNECTING -> CONNECTED",
		"[lock-client-publish-${n}] is created.",
		"[lock-client-publish-${n}] is not locked, current queue ${n}.",
		"start join channel ${ch}, join number: ${d}",
		"[client-${x5}-pub-${d}] ice-state: pub p2p connected",
		"[track-${x8}] video-element-status change canplay => playing",
		"remote user ${uid} published video",
		"set avoidJoinStart to ${epoch}",
		`[track-mic-${x8}] GetUserMedia {"audio":{"channelCount":1,"sampleRate":48000}}`,
		`start create microphone audio track with config {"encoderConfig":"music_standard"} trackId track-mic-${x8}`,
		"[apiInvoke-${n}][track-mic-${x8}][createMicrophoneAudioTrack] start [{…}]",
		"network quality: uplink ${d}, downlink ${d}",
		"stats: sendBitrate ${k}, recvBitrate ${k}, rtt ${n}ms",
		"Leave channel success",
		"Stream.disableVideo is deprecated, use Stream.muteVideo instead",
		"multi unilbs ${url} failed, flag: 4096, message: AgoraRTCError CAN_NOT_GET_GATEWAY_SERVER: no active status, retry: false",
		"multi unilbs network error, retry AgoraRTCException: AgoraRTCError NETWORK_TIMEOUT: timeout of 5000ms exceeded",
		"getUserMedia failed, NotReadableError: Could not start video source",
		"websocket connection to ${ip}:${port} opened",
		"Disconnect from server [{“type”:“disconnect”}], attempt to recover [#${d}] after ${d} seconds",
		"browser info: Chrome 122.0.0.0, Windows 10",
		"Publish success, id track-${x8} ,track-${x8}",
	},
	nativeOrdinary: []string{
		"[nt/et] tcp connected with 0x${x8}",
		"[nt/et] request voet list......",
		"[nt/et] receive pong from tcp:${ip}:${port}, seq: ${n}, ts: ${k}",
		"[nt/et] socket error on tcp 0x${x8}",
		"[rs] resend report list size: ${n}",
		"[vocs] waiting for response timeout, size ${d}",
		"[vocs] selected: ${ip}:${port}",
		"[vocs] report bitrate: a/v/t: 50/400/450",
		"[vocs] creating channel with ${ip}:${port}, ts ${epoch}",
		"[ep] audio encoder/decoder 0/0 ms/50 frames",
		"SSRCDatabase created",
		"RTPSender created",
		"Agora Engine video codec index ${d}",
		"Agora Engine video stream type = 0",
		"[cm] network type changed to ${d}",
		"[vd] video decoder created, codec h264, ${k} kbps",
		"[ap] ap connected to ${ip}:${port}",
		"Agora SDK ver 2.9.1 build ${k}, built on Oct 12 2019 14:21:04",
	},
	api4Ordinary: []string{
		`RtcEngine::enableLocalAudio(this:${this}, {"enabled":1})`,
		`RtcEngine::setClientRole(this:${this}, role:1, options:{"audienceLatencyLevel":2})`,
		"RtcEngine::muteLocalAudioStream(this:${this}, mute:0)",
		"RtcEngine::setChannelProfile(this:${this}, profile:1)",
		"RtcEngine::joinChannel(this:${this}, token:006***, channelId:${ch}, info:, uid:${uid})",
		"RtcEngine::enableVideo(this:${this})",
		`RtcEngine::setParameters(this:${this}, {"rtc.log_filter":65535})`,
		"RtcEngine::leaveChannel(this:${this})",
		"RtcEngine::renewToken(this:${this}, token:006***)",
	},
	logcatOther: []string{
		"I/ActivityManager( ${pid}): Start proc ${pid}:io.agora.demo/u0a213 for activity io.agora.demo/.MainActivity",
		"D/HostConnection( ${pid}): HostComposition ext ANDROID_EMU_CHECKSUM_HELPER_v1 ANDROID_EMU_native_sync_v2",
		"W/System.err( ${pid}): java.net.SocketTimeoutException: timeout",
		"I/chatty  ( ${pid}): uid=10213(io.agora.demo) identical ${d} lines",
		"W/AudioRecord( ${pid}): AUDIO_INPUT_FLAG_FAST denied by server; frameCount 0 -> 1920",
		"D/EGL_emulation( ${pid}): eglCreateContext: 0x${x8}: maj 3 min 0 rcv 3",
		"I/flutter ( ${pid}): engine created",
		"D/NetworkMonitor( ${pid}): probe to ${ip} done",
	},
	jsonMsgs: []string{
		"client created", "joining", "joined", "token refreshed", "metrics",
		"publish", "subscribe", "left channel", "fetching token", "device list updated",
	},
	jsonFields: []string{
		`"uid":${uid}`, `"channel":"${ch}"`, `"rtt":${n}`, `"fps":${n}`,
		`"bitrate":${k}`, `"url":"${url}"`, `"trackId":"track-${x8}"`,
	},
	logfmtMsgs: []string{
		"rtc engine started", "join channel", "joined", "token refreshed",
		"publish", "subscribe", "heartbeat", "left channel", "retry scheduled",
	},
	logfmtFields: []string{
		"uid=${uid}", "channel=${ch}", "rtt_ms=${n}", "elapsed=${k}ms",
		"attempt=${d}", "addr=${ip}:${port}", "track=track-${x8}",
	},
	stackFrames: []string{
		"    at ${fn} (AgoraRTC_N-production.js?e671:383:${k})",
		"    at async ${fn}.join (AgoraRTC_N-production.js?e671:383:${k})",
		"    at async joinChannel (App.vue?11c4:${k}:${n})",
		"log @ AgoraRTC_N-production.js?8c5e:23",
		"error @ AgoraRTC_N-production.js?8c5e:23",
		"    at new Promise (<anonymous>)",
	},

	textLeads: []string{
		"", "", "", "join failed", "client exception", "rtc exception:",
		"callback", "event from gateway", "handler:", "renew token failed",
	},
	jsonLeads: []string{
		"join failed", "sdk error", "sdk warning", "rtc exception",
		"token server rejected request", "callback",
	},
	logfmtLeads: []string{
		"join failed", "sdk error", "sdk warning", "rtc exception", "callback",
	},

	webNames: []string{
		"User join failed [${N}]",
		"Get server node failed [${N}] ${url} ${N}",
		"Re-join to channel failed [${N}]",
		"Join channel failed ${N}",
		"Got error msg: ${N}",
		"Join failed: ${N}",
		`join number: ${d}, Joining channel failed, rollback AgoraRTCException: AgoraRTCError UNEXPECTED_RESPONSE: ${N} data: {"retry":false}`,
		"AgoraRTCException: AgoraRTCError ${N}: request rejected",
	},
	textNames: []string{
		`{code: "${N}", data: {retry: false}}`,
		"onFailure ${N}",
		"onError: ${N}",
		"报错信息：${N}",
		`reason: "${N}"`,
		"[${N}]",
	},
	jsonNames: []string{
		`"reason":"${N}"`, `"error":"${N}"`, `"code":"${N}"`, `"err":"${N}"`,
	},
	logfmtNames: []string{
		"reason=${N}", "err=${N}", `error="${N}"`,
	},
	textValues: [numClasses][]string{
		clsAny: {
			"code: ${V}", `data: {"code":${V},"retry":false}`, `{"errorCode":"${V}"}`,
			"reason ${V}", "X-Error-Code: ${V}", "errorCode: ${V}",
			"errcode=${V}", "closeReason: ${V}", "{“code”:${V}}",
		},
		clsError: {
			"error ${V}", "onError(${V})", "onError：${V}", "onError: ${V}",
			"err=${V}", "lastError: ${V}", "错误 ${V}", "错误码：${V}",
		},
		clsWarning: {
			"Warning ${V}", "warning ${V}", "onWarning: ${V}", "warn=${V}", "警告 ${V}", "警告码：${V}",
		},
	},
	jsonValues: [numClasses][]string{
		clsAny: {
			`"code":${V}`, `"errorCode":${V}`, `"errorCode":"${V}"`, `"reason":${V}`,
			`"headers":{"X-Error-Code":"${V}"}`,
		},
		clsError:   {`"err":${V}`, `"lastError":${V}`, `"error":"${V}"`, `"error":${V}`},
		clsWarning: {`"warn":${V}`, `"warning":${V}`, `"warningCode":${V}`},
	},
	logfmtVals: [numClasses][]string{
		clsAny:     {"code=${V}", "error_code=${V}", "errcode=${V}", "reason=${V}"},
		clsError:   {"err=${V}", "last_error=${V}", "error=${V}"},
		clsWarning: {"warn=${V}", "warning=${V}"},
	},

	textTraps: []string{
		"uid: ${T}",
		"uid ${T}",
		"remote user ${T} published audio",
		"port ${T}",
		"statusCode: ${T}",
		"X-Status-Code: ${T}",
		"keyCode: ${T}",
		"upgraded: HTTP/1.1 101 Switching Protocols",
		"HTTP status code ${T}",
		"response code ${T}",
		"exit code ${T}",
		"errno=${T}",
		"decode ${T} frames",
		"stderr ${T} bytes",
		"errors ${T}",
		"join number: ${T}",
		"app build v2.9.${T}",
		"handle 0x${T}",
		"ports ${T}-${T2}",
		"connected to ${ipT}:${port}",
		"next retry at ${hms}",
		"seq (00000${T})",
		"ERR_FAILED_TO_CONNECT",
		"MY_K_IP_BANNED_X",
		"status err_failed",
		"Failed to load resource: net::ERR_FAILED",
		"GET ${url} net::ERR_CONNECTION_REFUSED",
		"result FAILED",
		"token says TIMESTAMP_EXPIRED",
		"state ${d} reason ${s}",
		"error ${s}",
		"User join failed [${T}]",
		"[track-mic-8f${T}c19] created",
		"onError: ERR_OPEN_CHANNEL_TIMEOUT (${T})",
		"ERR_PUBLISH_REQUEST_INVALID: publish low stream before high",
		"code: 0x${T}",
		"reason ${T}-${T2}",
		"error ${T}.5",
		"error v2.9.${T}",
		"SDK Error code '${s}'",
		"AgoraRtcException(-17, null)",
		"with error: ${s}, elapsed: ${k}",
		"socket ${n} ${ip}:8000 error ${s}",
		"data: {“code”:${U}}",
		"ws closed, code ${U}",
		"flag: 4096",
		"duration ${T}",
	},
	jsonTraps: []string{
		`"uid":${T}`,
		`"statusCode":${T}`,
		`"headers":{"X-Status-Code":"${T}"}`,
		`"keyCode":${T}`,
		`"exitCode":${T}`,
		`"errno":${T}`,
		`"port":${T}`,
		`"errors":${T}`,
		`"decode":${T}`,
		`"app":"v2.9.${T}"`,
		`"error":"net::ERR_FAILED"`,
		`"code":"ERR_FAILED_TO_CONNECT"`,
		`"reason":${s}`,
		`"error":${s}`,
		`"code":${U}`,
		`"line":"HTTP/1.1 101 Switching Protocols"`,
		`"addr":"${ipT}"`,
		`"range":"${T}-${T2}"`,
		`"duration":${T}`,
		`"channel":"ops-${T}"`,
		`"err":"err_failed"`,
		`"status":${T}`,
		`"code":"0x${T}"`,
	},
	logfmtTraps: []string{
		"uid=${T}", "port=${T}", "errno=${T}", "status_code=${T}", "exit_code=${T}",
		"http_code=${T}", "keyCode=${T}", "decode=${T}", "stderr=${T}", "errors=${T}",
		"reason=${s}", "err=${s}", "err=err_failed", `err="net::ERR_FAILED"`,
		"ports=${T}-${T2}", "version=v2.9.${T}", "addr=${ipT}:${port}", "seq=${T}",
		"status=${T}", "err=MY_K_IP_BANNED_X", "code=${U}", "result=FAILED",
	},
}

// Word lists for the fillers. Filtered against the catalog like templates.
var (
	channelNames = []string{
		"lobby", "team-sync", "standup", "demo", "720p", "class-7", "ops-room",
		"live_show", "test", "room42", "gaming", "support",
	}
	chooseServerURLs = []string{
		"https://webrtc2-ap-web-1.agora.io/api/v1",
		"https://webrtc2-ap-web-2.agoraio.cn/api/v1",
		"https://webrtc2-ap-web-3.agora.io/api/v2/transpond/webrtc?v=2",
		"https://webrtc2-4.ap.sd-rtn.com/api/v2/transpond/webrtc?v=2",
		"http://webcs-2.agora.io:5669/getwebgw/jsonp",
	}
	jsFuncs = []string{"s_", "Ih", "Mk.eval", "t2.publish", "e.join", "m_", "Ca", "_this39.onWebsocketMessage"}
	// unknownValues are numbers seen in keyword context in real logs that
	// the Agora Web catalog does not have: Web 3.x gateway codes, Web 4.x
	// exception codes, WebSocket close codes.
	unknownValues = []int{2021, 2020, 2011, 4001, 1006, 2023, 1003, 3001, 2010}
)
