package search

import (
	"bytes"
	"math/bits"
)

// When pages are added or removed, doc ids shift, and every posting list
// must be written again with the new ids. The docs kept keep their order
// (ids follow date and URL, which a kept doc keeps), so the old ids of
// kept docs fall into a few runs that each move by one amount. Dense
// lists, which hold almost all postings, are remapped a machine word at
// a time on their bitmaps; sparse lists are short and are decoded and
// encoded again.

// shiftRun is a run of old doc ids [lo, hi), all kept, that move by d.
type shiftRun struct{ lo, hi, d int }

// shiftRuns returns the runs of kept old ids: oldToNew[o] is the new id of
// old id o, -1 if the doc is gone or changed.
func shiftRuns(oldToNew []int32) []shiftRun {
	var runs []shiftRun
	for o, m := range oldToNew {
		if m < 0 {
			continue
		}
		d := int(m) - o
		if k := len(runs) - 1; k >= 0 && runs[k].hi == o && runs[k].d == d {
			runs[k].hi++
		} else {
			runs = append(runs, shiftRun{o, o + 1, d})
		}
	}
	return runs
}

// denseRemap is the scratch space of remapDense.
type denseRemap struct {
	old, new []uint64
	flagged  []byte
}

// remap returns the final list of the dense list l after moving the old
// ids by runs (oldToNew as for shiftRuns) and adding adds (the postings of
// new docs for this term, sorted by doc); n is the number of new docs.
// It reports false if the result is not certainly dense; the caller then
// decodes and encodes the postings.
func (r *denseRemap) remap(l []byte, runs []shiftRun, oldToNew []int32, adds []edit, n int) ([]byte, bool) {
	end := 1 + bytes.IndexByte(l[1:], denseMark)
	bitmap, flagged := l[1:end], l[end+1:]

	// The old bitmap, 6 docs a character, as words.
	oldBits := len(bitmap) * 6
	r.old = resize(r.old, (oldBits+63)/64+1)
	for i, c := range bitmap {
		v, p := uint64(alphabetIndex[c&127]&63), i*6
		r.old[p/64] |= v << (p % 64)
		if p%64 > 58 {
			r.old[p/64+1] |= v >> (64 - p%64)
		}
	}
	r.new = resize(r.new, (n+63)/64+1)
	for _, run := range runs {
		if run.lo >= oldBits {
			break
		}
		copyBits(r.new, r.old, run.lo, min(run.hi, oldBits), run.d)
	}
	for _, a := range adds {
		r.new[a.doc/64] |= 1 << (a.doc % 64)
	}
	count, last := 0, -1
	for i, w := range r.new {
		if w != 0 {
			count += bits.OnesCount64(w)
			last = i*64 + 63 - bits.LeadingZeros64(w)
		}
	}
	if last < 0 {
		return nil, false
	}

	// The flagged postings: mapped, with the new docs' merged in.
	r.flagged = r.flagged[:0]
	doc, prev, ai := 0, -1, 0
	inOrder := true
	emit := func(doc, flags int) {
		inOrder = inOrder && doc > prev
		r.flagged = appendVarint(r.flagged, (doc-max(prev, 0))<<3|flags)
		prev = doc
	}
	for len(flagged) > 0 {
		v, size := readVarint(flagged)
		flagged = flagged[size:]
		doc += v >> 3
		m := int(oldToNew[doc])
		if m < 0 {
			continue
		}
		for ; ai < len(adds) && int(adds[ai].doc) < m; ai++ {
			if adds[ai].flags != flagBody {
				emit(int(adds[ai].doc), int(adds[ai].flags))
			}
		}
		emit(m, v&7)
	}
	for ; ai < len(adds); ai++ {
		if adds[ai].flags != flagBody {
			emit(int(adds[ai].doc), int(adds[ai].flags))
		}
	}

	// Every posting takes at least a byte in the sparse form, so with
	// more postings than the dense form has bytes, dense is shorter.
	chars := last/6 + 1
	if !inOrder || count <= chars+2+len(r.flagged) {
		return nil, false
	}
	out := make([]byte, 0, chars+2+len(r.flagged))
	out = append(out, denseMark)
	for i := range chars {
		p := i * 6
		v := r.new[p/64] >> (p % 64)
		if p%64 > 58 {
			v |= r.new[p/64+1] << (64 - p%64)
		}
		out = append(out, alphabet[v&63])
	}
	out = append(out, denseMark)
	return append(out, r.flagged...), true
}

// resize returns s with length n, all zero.
func resize(s []uint64, n int) []uint64 {
	if cap(s) < n {
		return make([]uint64, n)
	}
	s = s[:n]
	clear(s)
	return s
}

// copyBits ORs the bits [lo, hi) of src into dst at [lo+d, hi+d).
func copyBits(dst, src []uint64, lo, hi, d int) {
	for i := lo; i < hi; {
		j := i + d
		k := min(hi-i, 64-i%64, 64-j%64)
		v := src[i/64] >> (i % 64)
		if k < 64 {
			v &= 1<<k - 1
		}
		dst[j/64] |= v << (j % 64)
		i += k
	}
}

// remapSparse returns the final list of the sparse list l after mapping
// its ids by oldToNew (-1: dropped) and merging in adds (sorted by doc),
// without decoding into postings. It reports false if the result is
// dense or the ids do not stay in order; the caller then decodes and
// encodes the postings.
func remapSparse(l []byte, oldToNew []int32, adds []edit) ([]byte, bool) {
	out := make([]byte, 0, len(l)+3*len(adds))
	doc, prev, prevFlagged, flagged, ai := 0, -1, 0, 0, 0
	for len(l) > 0 || ai < len(adds) {
		var m, f int
		if len(l) > 0 {
			v, size := readVarint(l)
			doc += v >> 3
			if m = int(oldToNew[doc]); m < 0 {
				l = l[size:]
				continue
			}
			if ai < len(adds) && int(adds[ai].doc) < m {
				m, f = int(adds[ai].doc), int(adds[ai].flags)
				ai++
				doc -= v >> 3 // read the same posting again
			} else {
				f = v & 7
				l = l[size:]
			}
		} else {
			m, f = int(adds[ai].doc), int(adds[ai].flags)
			ai++
		}
		if m <= prev {
			return nil, false
		}
		out = appendVarint(out, (m-max(prev, 0))<<3|f)
		prev = m
		if f != flagBody {
			flagged += varintLen((m-prevFlagged)<<3 | f)
			prevFlagged = m
		}
	}
	if len(out) == 0 {
		return nil, true
	}
	// Dense when shorter (see encodeFinal).
	if prev/6+3 < len(out) && prev/6+3+flagged < len(out) {
		return nil, false
	}
	return out, true
}
