package testgen

var (
	levelsWeb    = [4]string{"DEBUG", "INFO", "WARNING", "ERROR"}
	levelsRTM    = [4]string{"DEBUG", "INFO", "WARNING", "ERROR"}
	native4Level = [4]byte{'I', 'I', 'W', 'E'}
	appTagNames  = []string{"I/flutter ( ", "I/ReactNativeJS( ", "I/Unity   ( "}
)

// prefix writes the start of a line of kind p at level lvl.
func (sg *sgen) prefix(p prefixKind, lvl int) {
	switch p {
	case pApp:
		sg.isoDate(' ')
		sg.str(" [")
		sg.str(sg.st.apps[sg.intn(len(sg.st.apps))])
		sg.str("] ")
	case pWeb4Chrome:
		sg.str("AgoraRTC_N-production.js:383 ")
		sg.webTag(lvl)
		sg.str("[client-")
		sg.buf = append(sg.buf, sg.cid[:]...)
		sg.str("] ")
	case pWeb4Safari:
		sg.buf = append(sg.buf, '[')
		sg.str(safariTags[lvl])
		sg.str("] ")
		sg.webTag(lvl)
		sg.str("– \"[client-")
		sg.buf = append(sg.buf, sg.cid[:]...)
		sg.str("] ")
	case pWebTag:
		sg.webTag(lvl)
	case pWeb2, pWeb3Chrome:
		if p == pWeb3Chrome {
			sg.str("AgoraRTCSDK-3.3.1.js:2 ")
		}
		sg.webTag(lvl)
		sg.buf = append(sg.buf, '[')
		sg.buf = append(sg.buf, sg.cidUp[:]...)
		sg.str("] ")
	case pNative4:
		sg.native4(lvl)
	default:
		sg.prefix2(p, lvl)
	}
}

// prefix2 writes the prefixes of the native and RTM shapes.
func (sg *sgen) prefix2(p prefixKind, lvl int) {
	switch p {
	case pIris:
		sg.buf = append(sg.buf, '[')
		sg.isoDate(' ')
		sg.str("][")
		sg.num(sg.tid)
		sg.str("][")
		sg.buf = append(sg.buf, native4Level[lvl])
		sg.str("][iris_logger.cc:157] ")
	case pFlutterErr:
		sg.str("[ERROR:flutter/lib/ui/ui_dart_state.cc(209)] Unhandled Exception: ")
	case pAppTag:
		sg.logcatTime()
		sg.str(appTagNames[sg.intn(len(appTagNames))])
		sg.num(sg.pid)
		sg.str("): ")
	case pLogcat:
		sg.logcatTime()
		sg.buf = append(sg.buf, logcatLetter[lvl])
		sg.str("/AGORA_SDK( ")
		sg.num(sg.pid)
		sg.str("): ")
		sg.nativePrefix(lvl, false)
	case pIOS:
		sg.isoDate(' ')
		sg.str("+0800 Demo[")
		sg.num(sg.pid)
		sg.buf = append(sg.buf, ':')
		sg.num(sg.tid)
		sg.str("] AGORA_SDK: ")
	case pRTM:
		sg.isoDate('T')
		sg.str("Z [RTM] ")
	case pRTMWeb:
		sg.str("agora-rtm-sdk-1.2.2.js:7 RTM:")
		sg.str(levelsRTM[lvl])
		sg.buf = append(sg.buf, ' ')
	}
}

// webTag writes "10:05:49:744 Agora-SDK [ERROR]: ".
func (sg *sgen) webTag(lvl int) {
	sg.clockSDK()
	sg.str(" Agora-SDK [")
	sg.str(levelsWeb[lvl])
	sg.str("]: ")
}

// native4 writes agorasdk.log's "[03/14/26 17:57:00:576][1026][I]:".
func (sg *sgen) native4(lvl int) {
	sg.str("[03/")
	sg.two(sg.day)
	sg.str("/26 ")
	sg.two(sg.clock / 3600000)
	sg.buf = append(sg.buf, ':')
	sg.two(sg.clock / 60000 % 60)
	sg.buf = append(sg.buf, ':')
	sg.two(sg.clock / 1000 % 60)
	sg.buf = append(sg.buf, ':')
	sg.three(sg.clock % 1000)
	sg.str("][")
	sg.num(sg.tid)
	sg.str("][")
	sg.buf = append(sg.buf, native4Level[lvl])
	sg.str("]:")
}

// isoDate writes "2026-03-14 15:36:52.459" (sep between date and time).
func (sg *sgen) isoDate(sep byte) {
	sg.str("2026-03-")
	sg.two(sg.day)
	sg.buf = append(sg.buf, sep)
	sg.clockISO(true)
}

// render writes a template, with the every-SDK placeholders.
func (sg *sgen) render(t *tmpl) {
	for i := range t.segs {
		s := &t.segs[i]
		switch s.op {
		case opM:
			sg.str(sg.meth)
		case opMsg:
			sg.str(sg.st.messages[sg.intn(len(sg.st.messages))])
		case opCid:
			sg.buf = append(sg.buf, sg.cid[:]...)
		case opCID:
			sg.buf = append(sg.buf, sg.cidUp[:]...)
		case opSeq:
			sg.seq = (sg.seq + 1) % 100000000
			for d := 10000000; d > 0; d /= 10 {
				sg.buf = append(sg.buf, byte('0'+sg.seq/d%10))
			}
		case opTid:
			sg.num(sg.tid)
		default:
			sg.gen.seg(s)
		}
	}
}
