package markdown

import (
	"bufio"
	"io"
	"sync"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// nodeRenderers is goldmark's renderer.Renderer (renderer.NewRenderer,
// goldmark v1.8.7) with its table of node renderer functions at hand, so
// that Render can analyse and render a tree in one walk (see walker).
type nodeRenderers struct {
	config *renderer.Config
	tmp    map[ast.NodeKind]renderer.NodeRendererFunc
	funcs  []renderer.NodeRendererFunc
	once   sync.Once

	// registering is the node renderer whose functions are being
	// registered, textOwner the one whose function renders ast.Text.
	registering, textOwner renderer.NodeRenderer
	// text is the textRenderer that renders ast.Text, if it is one: the
	// walker then calls it directly (see walker.text).
	text *textRenderer
}

var _ renderer.Renderer = (*nodeRenderers)(nil)

func newNodeRenderers(opts ...renderer.Option) *nodeRenderers {
	r := &nodeRenderers{config: renderer.NewConfig(), tmp: map[ast.NodeKind]renderer.NodeRendererFunc{}}
	r.AddOptions(opts...)
	return r
}

// AddOptions implements renderer.Renderer.
func (r *nodeRenderers) AddOptions(opts ...renderer.Option) {
	for _, opt := range opts {
		opt.SetConfig(r.config)
	}
}

// Register implements renderer.NodeRendererFuncRegisterer.
func (r *nodeRenderers) Register(kind ast.NodeKind, v renderer.NodeRendererFunc) {
	r.tmp[kind] = v
	if kind == ast.KindText {
		r.textOwner = r.registering
	}
}

// table returns the node renderer functions by kind. The first call sets
// them up as goldmark's renderer does on its first Render: options go to
// every node renderer, and for a kind the renderer of the lowest priority
// value wins.
func (r *nodeRenderers) table() []renderer.NodeRendererFunc {
	r.once.Do(func() {
		options := r.config.Options
		r.config.NodeRenderers.Sort()
		for i := len(r.config.NodeRenderers) - 1; i >= 0; i-- {
			v := r.config.NodeRenderers[i]
			nr, _ := v.Value.(renderer.NodeRenderer)
			if se, ok := v.Value.(renderer.SetOptioner); ok {
				for name, value := range options {
					se.SetOption(name, value)
				}
			}
			r.registering = nr
			nr.RegisterFuncs(r)
		}
		r.text, _ = r.textOwner.(*textRenderer)
		r.registering, r.textOwner = nil, nil
		maxKind := 0
		for kind := range r.tmp {
			maxKind = max(maxKind, int(kind))
		}
		r.funcs = make([]renderer.NodeRendererFunc, maxKind+1)
		for kind, f := range r.tmp {
			r.funcs[kind] = f
		}
		r.config, r.tmp = nil, nil
	})
	return r.funcs
}

// Render implements renderer.Renderer as goldmark's renderer does.
func (r *nodeRenderers) Render(w io.Writer, source []byte, n ast.Node) error {
	funcs := r.table()
	writer, ok := w.(util.BufWriter)
	if !ok {
		writer = bufio.NewWriter(w)
	}
	err := ast.Walk(n, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if f := funcs[n.Kind()]; f != nil {
			return f(writer, source, n, entering)
		}
		return ast.WalkContinue, nil
	})
	if err != nil {
		return err
	}
	return writer.Flush()
}

// walker visits a top-level block for the analyzer and the node renderers
// in one pass. The result is what ast.Walk(block, analyzer.visit) followed
// by rendering the block gives: the analyzer only changes the destinations
// of links and images, when entering them, before they are rendered, and
// the renderers change nothing the analyzer reads.
type walker struct {
	a      *analyzer
	w      util.BufWriter
	src    []byte
	funcs  []renderer.NodeRendererFunc
	tr     *textRenderer // renders ast.Text, if not nil (see text)
	render bool          // the renderers have not stopped the walk
	err    error
}

// block walks one top-level block.
func (k *walker) block(n ast.Node) error {
	k.render, k.err = true, nil
	k.walk(n, true, true)
	return k.err
}

// walk visits n and its descendants: for the analyzer if analyse, and for
// the renderers if render (and they have not stopped). It returns false
// when rendering failed with k.err.
func (k *walker) walk(n ast.Node, analyse, render bool) bool {
	if t, ok := n.(*ast.Text); ok && k.tr != nil && t.FirstChild() == nil {
		k.text(t, analyse, render && k.render)
		return true
	}
	sa := ast.WalkSkipChildren
	if analyse {
		sa, _ = k.a.visit(n, true)
	}
	render = render && k.render
	sr := ast.WalkSkipChildren
	if render {
		if sr = k.call(n, true); k.err != nil {
			return false
		}
	}
	childAnalyse := analyse && sa != ast.WalkSkipChildren
	childRender := render && sr != ast.WalkSkipChildren
	if childAnalyse || childRender {
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			if !k.walk(c, childAnalyse, childRender) {
				return false
			}
		}
	}
	if analyse {
		_, _ = k.a.visit(n, false)
	}
	if render && k.render {
		k.call(n, false)
	}
	return k.err == nil
}

// text visits a text node without children, the most common node, for
// the analyzer if analyse and for the renderers if render, as walk does:
// the analyzer's visit (analyzer.textNode) and textRenderer.renderText
// (textRenderer.render), whose calls when leaving the node do nothing
// and which never stop the walk. The renderer needs textRun of the text,
// which the analyzer finds while counting it.
func (k *walker) text(t *ast.Text, analyse, render bool) {
	value := t.Segment.Value(k.src)
	var run int
	if analyse {
		run = k.a.textNode(t, value)
	} else {
		run = textRun(value)
	}
	if render {
		k.tr.render(k.w, k.src, t, value, run)
	}
}

// call runs the renderer of n's kind. When it stops the walk, the
// renderers are not called again for this block, as in ast.Walk.
func (k *walker) call(n ast.Node, entering bool) ast.WalkStatus {
	kind := int(n.Kind())
	if kind >= len(k.funcs) || k.funcs[kind] == nil {
		return ast.WalkContinue
	}
	s, err := k.funcs[kind](k.w, k.src, n, entering)
	if err != nil {
		k.err, k.render = err, false
		return ast.WalkStop
	}
	if s == ast.WalkStop {
		k.render = false
	}
	return s
}
