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
	return s.applyDoc(p, doc, why, err)
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

// applyDoc sets p's rendered fields from doc and returns its problems.
func (s *Site) applyDoc(p *Page, doc *markdown.Doc, why string, err error) []*diag.Problem {
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
	p.Content = template.HTML(doc.HTML)
	p.Summary = template.HTML(doc.SummaryHTML)
	p.PlainSummary = doc.Summary
	if src.Front.Summary != "" {
		p.PlainSummary = src.Front.Summary
		p.Summary = template.HTML("<p>" + template.HTMLEscapeString(src.Front.Summary) + "</p>")
	}
	if p.Description == "" {
		p.Description = p.PlainSummary
	}
	p.ReadingMinutes = doc.ReadingMinutes
	for _, h := range doc.TOC {
		p.TOC = append(p.TOC, Heading{Level: h.Level, ID: h.ID, Text: h.Text})
	}
	return out
}
