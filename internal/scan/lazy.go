package scan

import (
	"bytes"
	"math/bits"

	"github.com/codewatch/codewatch/internal/catalog"
)

// The SDK of a line, looked for only where it is needed.
//
// With --sdk auto a line is read in the SDKs its cues name, or in what the
// lines before it said (cueAcc.apply folds each line's cues into the
// context). Most lines carry no code, and their SDK matters only as the
// context of a later line that does. So the reader does not look for cues
// in every line: for a line with codes it folds the lines since the last
// one it folded, and it finds those lines' part in the fold from the end:
// a line whose strong cues name one SDK sets the context whatever it was,
// so the fold can start there. In a log of one SDK nearly every line
// names it (Agora-SDK [INFO]: [client-…], [12/13/23 …][I]:), and one or
// two lines are looked at per line with codes. Where no line names one
// SDK within walkBack lines, the lines since the last fold are folded
// forward, skipping those with no cue that could change the context: a
// cue whose every reading holds the context does not (relevantCues), and
// in a log of one SDK, once the context is that SDK, few are left. The
// result is that of folding every line (TestSDKRandom holds it to the
// reference, which does).

// walkBack is how many lines with cues before a line with codes are
// looked at, one by one, for one that sets the context (lines without
// cues change nothing, and are passed over at the prefilter's pace).
const walkBack = 4

// lazySDKs says the SDKs of the line b[ls:le] and folds it into the
// context (the lines before it are folded: foldTo).
func (rd *lineState) lazySDKs(b []byte, ls, le int) catalog.SDKs {
	if !rd.m.auto {
		return rd.m.set.All()
	}
	acc := rd.cuesOf(b, ls, le)
	rd.ctxAt = min(le+1, len(b))
	return acc.apply(&rd.ctx)
}

// foldTo folds the lines of b from rd.ctxAt to to (a line start, or the
// end of b) into the context.
func (rd *lineState) foldTo(b []byte, to int) {
	if !rd.m.auto || rd.ctxAt >= to {
		return
	}
	from := rd.ctxAt
	rd.ctxAt = to
	var later [walkBack]cueAcc // the lines walked back over, the last first
	n := 0
	end := to // the lines before end are not folded yet
	all := rd.m.relevantCues(0)
	for n < walkBack && end > from {
		// The last line with a cue: the lines after it change nothing.
		q, ok := rd.m.lastCue(all, b, from, end, rd.scratch)
		if !ok {
			end = from
			break
		}
		ls := from + bytes.LastIndexByte(b[from:q], '\n') + 1
		le := end
		if k := bytes.IndexByte(b[q:end], '\n'); k >= 0 {
			le = q + k
		}
		acc := rd.cuesOf(b, ls, le)
		end = ls
		if acc.resets() {
			acc.apply(&rd.ctx)
			end = from
			break
		}
		later[n] = acc
		n++
	}
	if end > from {
		rd.foldForward(b, from, end)
	}
	for k := n - 1; k >= 0; k-- {
		later[k].apply(&rd.ctx)
	}
}

// foldForward folds the lines of b[from:to] (from a line start) into the
// context. Only a line with a cue that could change the context matters
// (relevantCues): the others are skipped without a look at their cues.
func (rd *lineState) foldForward(b []byte, from, to int) {
	for pos := from; pos < to; {
		f := rd.m.relevantCues(rd.ctx)
		if f == nil {
			return // no cue can change it
		}
		q, ok := rd.m.firstCue(f, b, pos, to, rd.scratch)
		if !ok {
			return
		}
		ls := pos + bytes.LastIndexByte(b[pos:q], '\n') + 1
		le := to
		if k := bytes.IndexByte(b[q:to], '\n'); k >= 0 {
			le = q + k
		}
		acc := rd.cuesOf(b, ls, le)
		acc.apply(&rd.ctx)
		pos = le + 1
	}
}

// cuesOf gathers the cues of the line b[ls:le].
func (rd *lineState) cuesOf(b []byte, ls, le int) cueAcc {
	cues := rd.m.FindCues(b, ls, le, rd.cues[:0])
	rd.cues = cues
	var acc cueAcc
	for i := range cues {
		acc.add(&cues[i])
	}
	return acc
}

// resets reports whether the line's cues set the context whatever it was:
// its strong cues name one SDK (apply then makes the context that one).
func (a *cueAcc) resets() bool {
	if !a.haveStrong {
		return false
	}
	strong := a.strongAnd
	if strong == 0 {
		strong = a.strongOr
	}
	return bits.OnesCount64(uint64(strong)) == 1
}
