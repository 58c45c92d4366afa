package prefilter

import (
	"math/bits"
	"sort"
)

// Literal is a text to be found; with Fold, in either case (Text is
// then lower case).
type Literal struct {
	Text []byte
	Fold bool
}

// Plan chooses, for each literal of 3 bytes or more, the window it is
// searched for by and its bucket, so that the filter passes as few
// positions as it can, and returns the filter and the windows' offsets
// in the literals (-1 for a literal shorter than 3 bytes, which the
// filter does not find). freq is how common each byte is in the text to
// be searched (any scale); exact, when not nil, is the share of positions
// where a window stands exactly (in either case with Fold), for windows
// that bytes taken one by one would make seem rare ("uid", "cod").
//
// A bucket passes a position when each of the 3 bytes there passes that
// bucket's nibble tables at its place; with bytes independent, the share
// of positions it passes is the product over the places of the summed
// frequencies of the bytes that pass. Literals are placed one by one,
// those with the costliest best window first, each where it adds the
// least to the sum of the buckets' shares: a window of rare bytes, in a
// bucket whose tables it widens least.
func Plan(lits []Literal, freq *[256]float64, exact func(Window) float64) (*Filter, []int) {
	if exact == nil {
		exact = func(Window) float64 { return 0 }
	}
	var total float64
	for _, v := range freq {
		total += v
	}
	var p [16][16]float64 // p[hi][lo]: the share of a byte
	for b, v := range freq {
		p[b>>4][b&15] = v / total
	}
	type choice struct {
		lit   int
		order float64
	}
	offs := make([]int, len(lits))
	var order []choice
	for i, l := range lits {
		offs[i] = -1
		if len(l.Text) < 3 {
			continue
		}
		best := 2.0
		for off := 0; off+3 <= len(l.Text); off++ {
			var b bucketSets
			b.add(window(l, off))
			best = min(best, b.share(&p)+exact(window(l, off)))
		}
		order = append(order, choice{i, best})
	}
	sort.SliceStable(order, func(a, b int) bool { return order[a].order > order[b].order })
	var buckets [Buckets]bucketSets
	var ws []Window
	var bs []int
	for _, c := range order {
		l := lits[c.lit]
		bestOff, bestB, bestAdd := 0, 0, 2.0
		for off := 0; off+3 <= len(l.Text); off++ {
			w := window(l, off)
			ex := exact(w)
			for b := range buckets {
				before := buckets[b].share(&p)
				after := buckets[b]
				after.add(w)
				if add := after.share(&p) - before + ex; add < bestAdd {
					bestOff, bestB, bestAdd = off, b, add
				}
			}
		}
		w := window(l, bestOff)
		buckets[bestB].add(w)
		offs[c.lit] = bestOff
		ws = append(ws, w)
		bs = append(bs, bestB)
	}
	return build(ws, bs), offs
}

func window(l Literal, off int) Window {
	var w Window
	copy(w.B[:], l.Text[off:off+3])
	w.Fold = l.Fold
	return w
}

// bucketSets are the nibbles a bucket's windows have at each place.
type bucketSets struct {
	lo, hi [3]uint16
	used   bool
}

func (s *bucketSets) add(w Window) {
	s.used = true
	for k, c := range w.B {
		for _, b := range variants(c, w.Fold) {
			s.lo[k] |= 1 << (b & 15)
			s.hi[k] |= 1 << (b >> 4)
		}
	}
}

// share is the share of positions the bucket passes (0 for an empty one).
func (s *bucketSets) share(p *[16][16]float64) float64 {
	if !s.used {
		return 0
	}
	share := 1.0
	for k := range 3 {
		var q float64
		for hs := s.hi[k]; hs != 0; hs &= hs - 1 {
			row := &p[bits.TrailingZeros16(hs)]
			for ls := s.lo[k]; ls != 0; ls &= ls - 1 {
				q += row[bits.TrailingZeros16(ls)]
			}
		}
		share *= q
	}
	return share
}
