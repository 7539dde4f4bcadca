package check

import (
	"bytes"
	"errors"
	"hash/maphash"
	"io/fs"

	"fzzf/generator/diag"
	"fzzf/generator/site"
)

// Memo is what the checkers of one preview session keep from one build to
// the next, so that a save costs only the outputs it changed. Give each
// build's new Checker the same Memo (Checker.Memo); its zero value is ready
// to use. A Memo serves one build at a time, and relies on what the build
// guarantees: the bytes passed to Inspect never change afterwards.
//
// What it keeps:
//
//   - for each output, what Inspect extracted from it: ids, links (as
//     numbers in a link table that lives as long as the memo), images
//     without alt text, broken links to places in the output itself. An
//     output with the same path, source and bytes as in the last build is
//     not scanned again: the incremental builder passes the very same
//     slice for a page it did not render again, which is tested first;
//     other outputs (feeds, redirects) are compared byte by byte, which
//     costs a fraction of a scan; outputs that are neither HTML nor XML
//     hold nothing that depends on their bytes.
//   - what is wrong with each link table key, judged against the last
//     build's outputs. When the outputs of a build are the same paths as
//     the last build's, only keys with a #fragment (they depend on the ids
//     of their target) and new keys are judged again.
//   - the URL registry, parsed again only when urls.txt changes.
//
// So that reusing a record is right whatever changed elsewhere, a checker
// with a memo leaves out of a record only links that are good whatever
// the other outputs are (to a place in the output, to the output itself,
// to another site); a checker without one also leaves out links to
// outputs it has seen already, which are good in this build only.
//
// Everything is dropped, and the next build scans every output again,
// when the site's base URL changes or the link table has grown to several
// times its first size (keys of links that no output holds any more).
type Memo struct {
	ready         bool
	seed          maphash.Seed
	base, ownHost string               // of the site the records were made for
	links         [numShards]shard     // the link table, numbers stable across builds
	outputs       map[string]*record   // output path -> the last finished build's record
	verdicts      [numShards][]verdict // per link table key, against outputs (Checker.verdicts)
	limit         int                  // keys in the table that make it start over; 0: not set

	regData   []byte // urls.txt as last read; nil: none
	registry  *Registry
	regErr    error
	regOut    []string // output path of each registry entry
	regOutFor *Registry

	// Figures of the last build, for tests and benchmarks.
	Scanned, Reused int
}

// record is what a checker extracted from one output.
type record struct {
	data   []byte // the output's bytes, for HTML and XML outputs
	f      file
	broken []occurrence // with file unset
}

// verdict is what is wrong with one link table key ("" if nothing), and
// whether it depends on more than which outputs exist.
type verdict struct {
	msg    string
	anchor bool
}

// begin readies the memo for a build of a site with the given base path
// and host, starting over when they changed or the link table got too big.
func (m *Memo) begin(base, ownHost string) {
	keys := 0
	for i := range m.links {
		keys += len(m.links[i].keys)
	}
	if m.ready && m.base == base && m.ownHost == ownHost && (m.limit == 0 || keys <= m.limit) {
		return
	}
	regData, registry, regErr := m.regData, m.registry, m.regErr
	*m = Memo{ready: true, seed: maphash.MakeSeed(), base: base, ownHost: ownHost, outputs: map[string]*record{}}
	// The registry does not depend on the base URL.
	m.regData, m.registry, m.regErr = regData, registry, regErr
	for i := range m.links {
		m.links[i].reset(0)
	}
}

// loadRegistry is LoadRegistry, parsing urls.txt only when it changed.
func (m *Memo) loadRegistry(fsys fs.FS) (*Registry, error) {
	data, err := fs.ReadFile(fsys, RegistryFile)
	if errors.Is(err, fs.ErrNotExist) {
		m.regData = nil
		return &Registry{}, nil
	}
	if err != nil {
		m.regData = nil
		return nil, diag.Errorf(RegistryFile, 0, "read: %v", err)
	}
	if m.regData != nil && bytes.Equal(m.regData, data) {
		return m.registry, m.regErr
	}
	m.registry, m.regErr = ParseRegistry(data)
	m.regData = append([]byte{}, data...)
	return m.registry, m.regErr
}

// registryOutputs returns the output path of each entry of r, the
// registry that loadRegistry returned (for a site with the memo's base
// path).
func (m *Memo) registryOutputs(r *Registry, s *site.Site) []string {
	if m.regOutFor == r && len(m.regOut) == len(r.Entries) {
		return m.regOut
	}
	out := make([]string, len(r.Entries))
	for i, e := range r.Entries {
		out[i] = site.OutPath(s.Config, s.Config.RelURL(e.Path))
	}
	m.regOut, m.regOutFor = out, r
	return out
}

// reuse returns the last build's record of an output when it still holds:
// same source and same bytes (or no bytes that matter), and whether the
// last build had the output at all. It is safe for concurrent use during
// a build.
func (m *Memo) reuse(outPath, source string, data []byte, html, xml bool) (*record, bool) {
	r := m.outputs[outPath]
	if r == nil {
		return nil, false
	}
	if r.f.source != source || r.f.html != html {
		return nil, true
	}
	if !html && !xml {
		return r, true // nothing of the bytes was kept
	}
	if len(r.data) != len(data) {
		return nil, true
	}
	// The incremental builder passes the same slice for an output it did
	// not render again; bytes never change once passed in.
	if len(data) == 0 || &r.data[0] == &data[0] || bytes.Equal(r.data, data) {
		return r, true
	}
	return nil, true
}

// finish makes a build's records the memo's (recs: every output; fresh:
// those scanned; found: how many the last build had too) and reports
// whether the build's outputs are the same paths as the last build's.
func (m *Memo) finish(recs, fresh []*record, found int) bool {
	if found == len(m.outputs) && len(recs) == found {
		for _, r := range fresh {
			m.outputs[r.f.path] = r
		}
		return true
	}
	m.outputs = make(map[string]*record, len(recs))
	for _, r := range recs {
		m.outputs[r.f.path] = r
	}
	return false
}

// setLimit fixes how big the link table may grow before the memo starts
// over, once its first build filled it.
func (m *Memo) setLimit() {
	if m.limit > 0 {
		return
	}
	keys := 0
	for i := range m.links {
		keys += len(m.links[i].keys)
	}
	m.limit = 3*keys + 20000
}

// output returns the last finished build's output at path rel, or nil.
func (m *Memo) output(rel string) *file {
	if r := m.outputs[rel]; r != nil {
		return &r.f
	}
	return nil
}
