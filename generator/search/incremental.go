package search

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"maps"
	"slices"
	"time"
)

// An Index is a search index kept from one build to the next, for the
// preview server: Update tokenizes only the docs that changed since the
// last Update and re-encodes only the shard and record files they touch.
// Its files are byte-identical to Build's for the same docs (Build is an
// Index's first Update). An Index is not safe for concurrent use.
//
// How an Update goes:
//
//   - Same URLs and dates in the same input order (an edit), so doc ids
//     stay: each doc is compared with the last Update's doc at its
//     position, strings by content, which costs nothing for the HTML the
//     site reuses for unchanged pages. A changed doc is analysed before
//     and after, and only the terms whose fields in it changed get their
//     postings re-encoded; then the shards that hold them and the doc's
//     record file are encoded again.
//   - Pages added, removed or re-dated shift doc ids: every posting list
//     is mapped to the new ids (remap.go) without tokenizing any page but
//     the new and changed ones, and the record files whose docs moved are
//     joined again from the records they hold.
//   - When many docs changed (more than an eighth of them, more than 64),
//     or dead terms (terms no page has any more) outnumber live ones,
//     Update indexes everything as Build does.
//
// It keeps the docs of the last Update (their strings are the caller's,
// shared with the site when unchanged), the term table, and the index
// files with their SHA-256 sums; each term's postings and each doc's
// record are slices of its file. That is little more than the index
// itself: about 5 MB besides the 12 MB of files on the 10,000-page corpus.
type Index struct {
	opts  Options
	dir   string
	valid bool // the fields below describe the last Update's docs

	docs []Doc    // doc id -> doc
	in   []int32  // position in the last Update's input -> doc id
	recs [][]byte // doc id -> its record, a slice of its record file

	x      *indexer  // term table; analyses changed docs
	lists  [][]byte  // term number -> final postings, nil if no doc has the term
	live   int       // terms with postings
	size   int       // postingBytes of the live terms
	bits   int       // shard bits of the files
	groups [][]int32 // shard -> its live terms, sorted by text

	changed []changedTerm // terms whose lists changed, for commitTerms

	files map[string][]byte   // output path -> content, records and shards
	sums  map[string][32]byte // output path -> SHA-256 of files[path]
	paths []string            // sorted keys of files; nil when files changed

	// Scratch.
	ps, ps2   []posting
	tmp, tmp2 []byte
}

// changedTerm is a term whose posting list changed and whether it had
// postings before.
type changedTerm struct {
	n   int32
	was bool
}

// termFlags is a term of a doc and the fields it occurs in.
type termFlags struct {
	n     int32
	flags uint8
}

// edit sets the flags of doc in the postings of term (0: remove it).
type edit struct {
	term, doc int32
	flags     uint8
}

// NewIndex returns an empty index with the given options.
func NewIndex(opts Options) (*Index, error) {
	dir, err := cleanDir(opts.Dir)
	if err != nil {
		return nil, err
	}
	if opts.ShardBits < 0 || opts.ShardBits > maxShardBits {
		return nil, fmt.Errorf("search: shard bits %d out of range 0..%d", opts.ShardBits, maxShardBits)
	}
	return &Index{opts: opts, dir: dir}, nil
}

// Update makes the index hold docs and returns its files, as Build does.
// The returned slices are never modified later, and a file an update
// does not touch is the same slice as in the last result, so callers can
// tell unchanged files cheaply. On error the index still holds the last
// docs.
func (ix *Index) Update(docs []Doc) (map[string][]byte, error) {
	if ix.valid && len(ix.x.terms) > 2*ix.live+4096 {
		ix.valid = false // too many dead terms: start afresh
	}
	if !ix.valid || !ix.sameOrder(docs) || !ix.patch(docs) {
		sorted, in, err := sortDocs(docs)
		if err != nil {
			return nil, err
		}
		if !ix.valid || !ix.remap(sorted, in) {
			ix.rebuild(sorted, in)
		}
	}
	return ix.output()
}

// tooMany reports whether re-indexing changed of n docs one by one would
// be slower than indexing all n on all cores.
func tooMany(changed, n int) bool { return changed > 64 && changed*8 > n }

// sameOrder reports whether docs have the URLs and dates of the last
// Update's, in the same input order, so doc ids stay the same.
func (ix *Index) sameOrder(docs []Doc) bool {
	if len(docs) != len(ix.in) {
		return false
	}
	for i := range docs {
		d := &ix.docs[ix.in[i]]
		if docs[i].URL != d.URL || !docs[i].Date.Equal(d.Date) {
			return false
		}
	}
	return true
}

// sameDoc reports whether a and b give the same postings and record.
func sameDoc(a, b *Doc) bool {
	return a.URL == b.URL && a.Title == b.Title && a.Section == b.Section &&
		a.Body == b.Body && a.HTML == b.HTML && slices.Equal(a.Headings, b.Headings) &&
		sameDate(a.Date, b.Date)
}

// sameDate reports whether a and b sort alike and show the same day.
func sameDate(a, b time.Time) bool {
	return a.Equal(b) && (a.Location() == b.Location() || formatDate(a) == formatDate(b))
}

// patch updates the index for docs whose ids are those of the last
// Update (sameOrder). It reports false, changing nothing, if too many
// docs changed.
func (ix *Index) patch(docs []Doc) bool {
	var changed []int32 // input positions
	for i := range docs {
		if !sameDoc(&ix.docs[ix.in[i]], &docs[i]) {
			changed = append(changed, int32(i))
		}
	}
	if tooMany(len(changed), len(docs)) {
		return false
	}
	var edits []edit
	dirty := map[int]bool{} // record groups
	for _, i := range changed {
		id := ix.in[i]
		before, _ := ix.analysis(&ix.docs[id])
		after, text := ix.analysis(&docs[i])
		edits = diffTerms(edits, id, before, after)
		ix.recs[id] = appendRecord(nil, &docs[i], text)
		dirty[int(id)/groupSize] = true
	}
	// Keep the new strings, so the old ones can go.
	for i := range docs {
		ix.docs[ix.in[i]] = docs[i]
	}
	slices.SortFunc(edits, func(a, b edit) int {
		if a.term != b.term {
			return int(a.term - b.term)
		}
		return int(a.doc - b.doc)
	})
	ix.applyEdits(edits)
	ix.commitTerms()
	ix.encodeRecordGroups(slices.Sorted(maps.Keys(dirty)))
	return true
}

// analysis tokenizes d and returns its terms sorted by number with their
// fields, and its stored text.
func (ix *Index) analysis(d *Doc) ([]termFlags, string) {
	x := ix.x
	text := x.analyse(d)
	tf := slices.Clone(x.docTerms)
	slices.SortFunc(tf, func(a, b termFlags) int { return int(a.n - b.n) })
	if n := len(x.terms) - len(ix.lists); n > 0 {
		ix.lists = append(ix.lists, make([][]byte, n)...)
	}
	return tf, text
}

// diffTerms appends to edits the changes to the postings of doc when its
// terms go from before to after (both sorted by term).
func diffTerms(edits []edit, doc int32, before, after []termFlags) []edit {
	i, j := 0, 0
	for i < len(before) || j < len(after) {
		switch {
		case j == len(after) || i < len(before) && before[i].n < after[j].n:
			edits = append(edits, edit{before[i].n, doc, 0})
			i++
		case i == len(before) || after[j].n < before[i].n:
			edits = append(edits, edit{after[j].n, doc, after[j].flags})
			j++
		default:
			if before[i].flags != after[j].flags {
				edits = append(edits, edit{after[j].n, doc, after[j].flags})
			}
			i++
			j++
		}
	}
	return edits
}

// applyEdits applies edits, sorted by term and doc, to the posting lists.
func (ix *Index) applyEdits(edits []edit) {
	for k := 0; k < len(edits); {
		n := edits[k].term
		e := k
		for e < len(edits) && edits[e].term == n {
			e++
		}
		ps := decodeFinal(ix.ps[:0], ix.lists[n])
		out := ix.ps2[:0]
		i := 0
		for _, ed := range edits[k:e] {
			for i < len(ps) && ps[i].doc < int(ed.doc) {
				out = append(out, ps[i])
				i++
			}
			if i < len(ps) && ps[i].doc == int(ed.doc) {
				i++
			}
			if ed.flags != 0 {
				out = append(out, posting{doc: int(ed.doc), flags: int(ed.flags)})
			}
		}
		out = append(out, ps[i:]...)
		ix.ps, ix.ps2 = ps, out
		ix.setList(n, encodeFinal(out))
		k = e
	}
}

// setList replaces the postings of term n, keeping count of live terms
// and of the size estimate; commitTerms then updates the shards.
func (ix *Index) setList(n int32, list []byte) {
	old := ix.lists[n]
	if bytes.Equal(old, list) {
		return
	}
	tb := ix.x.termBytes(n)
	if len(old) > 0 {
		ix.size -= tb + len(old)
		ix.live--
	}
	if len(list) > 0 {
		ix.size += tb + len(list)
		ix.live++
	}
	ix.lists[n] = list
	ix.changed = append(ix.changed, changedTerm{n, len(old) > 0})
}

// commitTerms re-encodes the shards of the terms setList changed, or all
// shards if the shard count changes.
func (ix *Index) commitTerms() {
	bits := ix.opts.ShardBits
	if bits == 0 {
		bits = autoBits(ix.size)
	}
	dirty := make([]bool, 1<<bits)
	var texts []byte
	var offs []int
	if bits != ix.bits {
		for s := range ix.groups {
			ix.removeFile(ix.shardPath(s, ix.bits))
		}
		texts, offs = ix.x.termTexts()
		ix.groups = shardGroups(ix.lists, bits, texts, offs)
		ix.bits = bits
		for s := range dirty {
			dirty[s] = true
		}
	} else {
		for _, c := range ix.changed {
			ix.tmp = ix.x.appendTerm(ix.tmp[:0], int(c.n))
			s := hashBytes(ix.tmp) & (1<<bits - 1)
			dirty[s] = true
			if now := len(ix.lists[c.n]) > 0; now != c.was {
				g := ix.groups[s]
				i, found := slices.BinarySearchFunc(g, ix.tmp, func(m int32, t []byte) int {
					ix.tmp2 = ix.x.appendTerm(ix.tmp2[:0], int(m))
					return bytes.Compare(ix.tmp2, t)
				})
				switch {
				case now && !found:
					ix.groups[s] = slices.Insert(g, i, c.n)
				case !now && found:
					ix.groups[s] = slices.Delete(g, i, i+1)
				}
			}
		}
	}
	ix.changed = ix.changed[:0]
	var shards []int
	for s, d := range dirty {
		if d {
			shards = append(shards, s)
		}
	}
	ix.encodeShards(shards, texts, offs)
}

// encodeShards encodes the given shards on all cores and stores their
// files. texts and offs are the term texts (termTexts) if the caller has
// them; otherwise each shard collects the texts of its terms.
func (ix *Index) encodeShards(shards []int, texts []byte, offs []int) {
	out := make([][]byte, len(shards))
	forEach(len(shards), func(i int) {
		g := ix.groups[shards[i]]
		if offs != nil {
			out[i] = encodeShard(g, func(k int) []byte { return texts[offs[g[k]]:offs[g[k]+1]] }, ix.lists)
			return
		}
		var buf []byte
		ends := make([]int, len(g)+1)
		for k, n := range g {
			buf = ix.x.appendTerm(buf, int(n))
			ends[k+1] = len(buf)
		}
		out[i] = encodeShard(g, func(k int) []byte { return buf[ends[k]:ends[k+1]] }, ix.lists)
	})
	paths := make([]string, len(shards))
	for i, s := range shards {
		paths[i] = ix.shardPath(s, ix.bits)
	}
	ix.setFiles(paths, out, false)
}

// setFiles stores files and their sums, hashing on all cores. With keep,
// a file equal to the one stored stays the same slice.
func (ix *Index) setFiles(paths []string, data [][]byte, keep bool) {
	sums := make([][32]byte, len(paths))
	forEach(len(paths), func(i int) {
		if old, ok := ix.files[paths[i]]; keep && ok && bytes.Equal(old, data[i]) {
			data[i] = old
			sums[i] = ix.sums[paths[i]]
			return
		}
		sums[i] = sha256.Sum256(data[i])
	})
	for i, p := range paths {
		if _, ok := ix.files[p]; !ok {
			ix.paths = nil
		}
		ix.files[p] = data[i]
		ix.sums[p] = sums[i]
	}
}

func (ix *Index) removeFile(p string) {
	if _, ok := ix.files[p]; ok {
		delete(ix.files, p)
		delete(ix.sums, p)
		ix.paths = nil
	}
}

func (ix *Index) shardPath(s, bits int) string { return ix.dir + "/" + shardName(s, bits) }
func (ix *Index) recordPath(id int) string     { return ix.dir + "/" + recordName(id, groupSize) }

// remap updates the index for docs whose ids differ from the last
// Update's: every posting list is mapped to the new ids, and only new and
// changed docs are tokenized. It reports false, changing nothing, if too
// many docs are new or changed.
func (ix *Index) remap(sorted []Doc, in []int32) bool {
	oldID := make(map[string]int32, len(ix.docs))
	for id := range ix.docs {
		oldID[ix.docs[id].URL] = int32(id)
	}
	oldToNew := make([]int32, len(ix.docs))
	for i := range oldToNew {
		oldToNew[i] = -1
	}
	newToOld := make([]int32, len(sorted))
	var fresh []int32
	for j := range sorted {
		newToOld[j] = -1
		if o, ok := oldID[sorted[j].URL]; ok && sameDoc(&ix.docs[o], &sorted[j]) {
			oldToNew[o], newToOld[j] = int32(j), o
		} else {
			fresh = append(fresh, int32(j))
		}
	}
	if tooMany(len(fresh), len(sorted)) {
		return false
	}

	recs := make([][]byte, len(sorted))
	for j, o := range newToOld {
		if o >= 0 {
			recs[j] = ix.recs[o]
		}
	}
	var adds []edit
	for _, j := range fresh {
		tf, text := ix.analysis(&sorted[j])
		recs[j] = appendRecord(nil, &sorted[j], text)
		for _, t := range tf {
			adds = append(adds, edit{t.n, j, t.flags})
		}
	}
	slices.SortFunc(adds, func(a, b edit) int {
		if a.term != b.term {
			return int(a.term - b.term)
		}
		return int(a.doc - b.doc)
	})

	// Map every list to the new ids, on all cores.
	runs := shiftRuns(oldToNew)
	next := make([][]byte, len(ix.lists))
	const chunk = 256
	forEach((len(next)+chunk-1)/chunk, func(c int) {
		var ps, merged []posting
		var dense denseRemap
		lo, hi := c*chunk, min(len(next), (c+1)*chunk)
		a, _ := slices.BinarySearchFunc(adds, int32(lo), func(e edit, n int32) int { return int(e.term - n) })
		for n := lo; n < hi; n++ {
			e := a
			for e < len(adds) && adds[e].term == int32(n) {
				e++
			}
			add := adds[a:e]
			a = e
			if l := ix.lists[n]; len(l) > 0 && l[0] == denseMark {
				if out, ok := dense.remap(l, runs, oldToNew, add, len(sorted)); ok {
					next[n] = out
					continue
				}
			} else if out, ok := remapSparse(l, oldToNew, add); ok {
				next[n] = out
				continue
			}
			ps = decodeFinal(ps[:0], ix.lists[n])
			out := ps[:0]
			last, inOrder := -1, true
			for _, p := range ps {
				if m := int(oldToNew[p.doc]); m >= 0 {
					inOrder = inOrder && m > last
					last = m
					out = append(out, posting{doc: m, flags: p.flags})
				}
			}
			if !inOrder {
				// Kept docs keep their order, so this is only a safeguard.
				slices.SortFunc(out, func(p, q posting) int { return p.doc - q.doc })
			}
			if len(add) > 0 {
				// Merge the new docs' postings (sorted by doc) in.
				merged = merged[:0]
				i := 0
				for _, ad := range add {
					for i < len(out) && out[i].doc < int(ad.doc) {
						merged = append(merged, out[i])
						i++
					}
					merged = append(merged, posting{doc: int(ad.doc), flags: int(ad.flags)})
				}
				merged = append(merged, out[i:]...)
				out, merged = merged, out
			}
			next[n] = encodeFinal(out)
			ps = out
		}
	})
	for n := range next {
		ix.setList(int32(n), next[n])
	}

	oldN := len(ix.docs)
	ix.docs, ix.in, ix.recs = sorted, in, recs
	ix.commitTerms()
	var groups []int
	for g := 0; g*groupSize < len(sorted); g++ {
		start, end := g*groupSize, min((g+1)*groupSize, len(sorted))
		moved := end != min((g+1)*groupSize, oldN)
		for j := start; j < end && !moved; j++ {
			moved = newToOld[j] != int32(j)
		}
		if moved {
			groups = append(groups, g)
		}
	}
	ix.encodeRecordGroups(groups)
	for g := (len(sorted) + groupSize - 1) / groupSize; g*groupSize < oldN; g++ {
		ix.removeFile(ix.recordPath(g * groupSize))
	}
	return true
}

// encodeRecordGroups joins the records of the given record groups into
// their files, on all cores, and stores them. A file equal to the one
// stored stays the same slice.
func (ix *Index) encodeRecordGroups(groups []int) {
	out := make([][]byte, len(groups))
	paths := make([]string, len(groups))
	for i, g := range groups {
		paths[i] = ix.recordPath(g * groupSize)
	}
	forEach(len(groups), func(i int) {
		start := groups[i] * groupSize
		recs := ix.recs[start:min(start+groupSize, len(ix.docs))]
		out[i] = joinRecords(recs)
		if old := ix.files[paths[i]]; bytes.Equal(old, out[i]) {
			out[i] = old
			repoint(recs, old)
		}
	})
	ix.setFiles(paths, out, true)
}

// rebuild indexes sorted (in doc id order) from scratch.
func (ix *Index) rebuild(sorted []Doc, in []int32) {
	x := buildIndex(sorted)
	lists := x.finalPostings()
	*ix = Index{
		opts: ix.opts, dir: ix.dir, valid: true,
		docs: sorted, in: in, recs: make([][]byte, len(sorted)),
		x: x.indexer, lists: lists, live: len(lists), size: x.postingBytes(lists),
		files: map[string][]byte{}, sums: map[string][32]byte{},
	}
	ix.bits = ix.opts.ShardBits
	if ix.bits == 0 {
		ix.bits = autoBits(ix.size)
	}
	texts, offs := x.termTexts()
	ix.groups = shardGroups(lists, ix.bits, texts, offs)
	shards := make([]int, len(ix.groups))
	for s := range shards {
		shards[s] = s
	}
	ix.encodeShards(shards, texts, offs)
	// The lists are slices of the shards now: drop the lists built while
	// indexing.
	for n := range x.lists {
		x.lists[n] = termList{}
	}
	x.arena, x.flagged = nil, nil
	out := make([][]byte, (len(sorted)+groupSize-1)/groupSize)
	paths := make([]string, len(out))
	forEach(len(out), func(g int) {
		start := g * groupSize
		out[g] = recordFile(sorted, x.texts, ix.recs, start, min(start+groupSize, len(sorted)))
	})
	for g := range out {
		paths[g] = ix.recordPath(g * groupSize)
	}
	ix.setFiles(paths, out, false)
}

// output returns the index files with meta.json and search.js.
func (ix *Index) output() (map[string][]byte, error) {
	m := meta{Version: ix.version(), Bits: ix.bits, Docs: len(ix.docs), Group: groupSize, Weights: [3]int{weightTitle, weightHeading, weightBody}}
	b, err := marshal(m)
	if err != nil {
		return nil, err
	}
	out := make(map[string][]byte, len(ix.files)+2)
	maps.Copy(out, ix.files)
	out[ix.dir+"/meta.json"] = b
	out[ix.dir+"/search.js"] = script
	return out, nil
}

// version hashes the paths (relative to the index directory) and SHA-256
// sums of the shard and record files, in path order.
func (ix *Index) version() string {
	if ix.paths == nil {
		ix.paths = slices.Sorted(maps.Keys(ix.files))
	}
	h := sha256.New()
	for _, p := range ix.paths {
		io.WriteString(h, p[len(ix.dir)+1:])
		h.Write([]byte{0})
		sum := ix.sums[p]
		h.Write(sum[:])
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))[:12]
}
