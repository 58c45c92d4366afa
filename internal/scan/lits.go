package scan

import (
	"bytes"
	"sort"
)

// litSet finds exact literals (case matters) in a buffer: each literal is
// searched for by one of a few anchor bytes chosen by coverBytes, so that
// the buffer is passed over once per anchor byte, whatever the number of
// literals, and each hit is checked against the bytes around it first.
type litSet struct {
	lits   []literal
	groups []litGroup
	maxLen int
}

type litGroup struct {
	anchor byte
	refs   []litRef
	// the bytes just before and after the anchor in some literal of the
	// group; any*: some literal starts/ends at its anchor
	before, after       [256]bool
	anyBefore, anyAfter bool
}

type litRef struct {
	text []byte
	off  int // of the anchor in text
	id   int32
}

func newLitSet(lits []literal) *litSet {
	ls := &litSet{lits: lits}
	texts := make([][]byte, len(lits))
	for i, l := range lits {
		texts[i] = []byte(l.text)
		ls.maxLen = max(ls.maxLen, len(l.text))
	}
	done := make([]bool, len(lits))
	for _, a := range coverBytes(texts, true) {
		g := litGroup{anchor: a}
		for i, t := range texts {
			off := bytes.IndexByte(t, a)
			if done[i] || off < 0 {
				continue
			}
			done[i] = true
			g.refs = append(g.refs, litRef{text: t, off: off, id: int32(i)})
			if off == 0 {
				g.anyBefore = true
			} else {
				g.before[t[off-1]] = true
			}
			if off == len(t)-1 {
				g.anyAfter = true
			} else {
				g.after[t[off+1]] = true
			}
		}
		ls.groups = append(ls.groups, g)
	}
	sort.Slice(ls.groups, func(i, j int) bool { return ls.groups[i].anchor < ls.groups[j].anchor })
	return ls
}

// find calls fn for every occurrence of a literal that starts in
// buf[from:to], with the literal's index and its start. Occurrences come
// in order within a group, not across groups.
func (ls *litSet) find(buf []byte, from, to int, fn func(id int32, s int)) {
	end := min(len(buf), to+ls.maxLen)
	for gi := range ls.groups {
		g := &ls.groups[gi]
		for i := from; i < end; {
			k := bytes.IndexByte(buf[i:end], g.anchor)
			if k < 0 {
				break
			}
			p := i + k
			i = p + 1
			if !g.anyBefore && (p == 0 || !g.before[buf[p-1]]) ||
				!g.anyAfter && (p+1 == len(buf) || !g.after[buf[p+1]]) {
				continue
			}
			for _, r := range g.refs {
				s := p - r.off
				if s < from || s >= to || s+len(r.text) > len(buf) || !bytes.Equal(buf[s:s+len(r.text)], r.text) {
					continue
				}
				fn(r.id, s)
			}
		}
	}
}
