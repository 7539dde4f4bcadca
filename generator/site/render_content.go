package site

import (
	"html/template"
	"strings"

	"fzzf/generator/diag"
	"fzzf/generator/markdown"
	"fzzf/generator/parallel"
)

// RenderContent renders the Markdown of every page that has a source file,
// on all cores. Links between Markdown files resolve to page URLs; a link to
// a file that is not published is an error at its line. The result does not
// depend on scheduling: each page's output is computed independently.
func (s *Site) RenderContent(md *markdown.Renderer) error {
	var pages []*Page
	for _, p := range s.All() {
		if p.Source != nil {
			pages = append(pages, p)
		}
	}
	problems := make([][]*diag.Problem, len(pages))
	parallel.For(len(pages), func(i int) {
		problems[i] = s.renderPage(md, pages[i])
	})
	var list diag.List
	for _, ps := range problems {
		list.Add(ps...)
	}
	return list.Err()
}

func (s *Site) renderPage(md *markdown.Renderer, p *Page) []*diag.Problem {
	doc, why, err := s.renderDoc(md, p, nil)
	return s.applyDoc(p, doc, why, err, nil)
}

// renderDoc renders p's Markdown. Every link resolution is passed to
// record (when not nil), so a cache can tell later whether the same links
// still resolve the same way.
func (s *Site) renderDoc(md *markdown.Renderer, p *Page, record func(target, u string, ok bool, why string)) (*markdown.Doc, string, error) {
	src := p.Source
	var why string
	doc, err := md.Render(markdown.Input{
		Source:   src.Body,
		BasePath: s.Config.BasePath(),
		ResolveLink: func(target string) (string, bool) {
			u, ok, w := s.ResolveLink(src.Path, target)
			if record != nil {
				record(target, u, ok, w)
			}
			if !ok && w != "" {
				why = w
			}
			return u, ok
		},
	})
	return doc, why, err
}

// made is what applyDoc derives from a rendered document for a page: a
// cache keeps it with the document, so that unchanged pages share it from
// build to build instead of getting equal copies (which would also have
// to be hashed again to tell that they are equal).
type made struct {
	toc            []Heading
	front, summary string // the front-matter summary and its HTML
}

// applyDoc sets p's rendered fields from doc and returns its problems. m,
// when not nil, holds what an earlier call made from the same doc.
func (s *Site) applyDoc(p *Page, doc *markdown.Doc, why string, err error, m *made) []*diag.Problem {
	src := p.Source
	if err != nil {
		return []*diag.Problem{diag.Errorf(src.File, src.BodyLine, "render Markdown: %v", err)}
	}
	var out []*diag.Problem
	for _, pr := range doc.Problems {
		msg := pr.Message
		if why != "" && strings.HasPrefix(msg, "link to missing page") {
			msg = strings.Replace(msg, "missing page", "unpublished page", 1) + ": the target is not published because " + why
		}
		out = append(out, diag.Errorf(src.File, src.BodyLine-1+pr.Line, "%s", msg))
	}
	if m == nil {
		m = new(made)
	}
	p.Content = template.HTML(doc.HTML)
	p.Summary = template.HTML(doc.SummaryHTML)
	p.PlainSummary = doc.Summary
	if f := src.Front.Summary; f != "" {
		if m.summary == "" || m.front != f {
			m.front, m.summary = f, "<p>"+template.HTMLEscapeString(f)+"</p>"
		}
		p.PlainSummary = f
		p.Summary = template.HTML(m.summary)
	}
	if p.Description == "" {
		p.Description = p.PlainSummary
	}
	p.ReadingMinutes = doc.ReadingMinutes
	if m.toc == nil && len(doc.TOC) > 0 {
		m.toc = make([]Heading, len(doc.TOC))
		for i, h := range doc.TOC {
			m.toc[i] = Heading{Level: h.Level, ID: h.ID, Text: h.Text}
		}
	}
	p.TOC = m.toc[:len(m.toc):len(m.toc)]
	return out
}
