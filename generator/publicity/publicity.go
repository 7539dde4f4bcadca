// Package publicity adds the content types of the campaign's publicity
// mechanism (舆论宣传机制): policy documents (政策文件), their
// interpretations (政策解读), news (创建动态) and responses to public
// concerns (回应关切). It is a build.Extension: Schemas gives each section
// its own front-matter keys, checked at their lines when a file is read;
// Extend links the pages both ways once the site is assembled.
//
// # Front matter for authors
//
// Besides the keys every page has (title, date, tags, units, indicators …):
//
// content/policies/*.md — 政策文件:
//
//	number        = "许自规〔2022〕133号"   # 文号 (optional: not every document has one)
//	issuer        = "许昌市自然资源和规划局" # 发文机关 (required; also the page's 来源)
//	issued        = 2022-08-29              # 成文/印发日期 (required)
//	status        = "现行有效"              # 现行有效 (default), 已修订, 已废止 or 已失效
//	superseded_by = "policies/plan-2023.md" # the policy that replaces it (required for 已修订)
//	status_date   = 2023-06-01              # the day the status took effect (default: the
//	                                        # replacement's issued date; required for 已废止/已失效
//	                                        # without a replacement)
//	[[attachments]]                         # 附件, any number
//	title = "附件1 指标体系责任分工表"
//	file  = "files/annex-1.pdf"
//
// content/interpretations/*.md — 政策解读:
//
//	policy = "policies/plan.md"  # the policy it explains (required)
//	form   = "文字"              # 文字, 图解, 问答 or 音视频 (required)
//	source = "政策法规科"         # 来源 (optional; default: the site's 主办单位)
//
// A 图解 must carry its full text in the body under a heading containing
// 文字版 (e.g. "## 图解文字版"); an 音视频 must carry a transcript under a
// heading containing 文字实录 or 文字版. Neither may be empty.
//
// content/news/*.md — 创建动态: source (来源, optional).
//
// content/responses/*.md — 回应关切:
//
//	question = "工作台账会向社会公开吗？"  # the concern, as asked (required)
//	asked    = 2022-10-08                # when it was raised (required)
//	answered = 2022-10-12                # when it was answered (default: the page's date)
//	answer   = "……"                      # a one-line answer (optional; the body is the full answer)
//
// # References between pages
//
// policy and superseded_by name a Markdown file under content/: "policies/plan.md"
// (a bundle may be named by its folder, "policies/plan"). A value starting with
// "./" or "../" is relative to the file's own folder instead. Attachment files
// follow the same rule, so a bundle writes file = "./annex.pdf".
//
// # Dates and the as-of day
//
// A policy's status is shown as of the build's as-of day: one repealed on
// 2023-06-01 is 现行有效 in a rebuild as of 2023-05-31, and its banner (with
// the date and a link to the replacement) appears from that day on.
//
// # What Extend reports (warnings only when Extension.Warnings is set)
//
// Errors: an interpretation whose policy does not exist, is not a policy or is
// not published as of the as-of day; a superseded_by target that does not
// exist (or is not published when the banner must show); a missing
// attachment file. Warnings: an interpretation published more than 3 working
// days after its policy (weekends and the 2022–2023 public holidays, with
// their make-up working days, are not working days); a policy without any
// interpretation once 3 working days have passed; a response answered more
// than 3 months after it was asked, or still unanswered 3 months on.
//
// # What layouts get
//
// Each page of these sections gets .Data: a *Policy, *Interpretation,
// *Response or *News (see their fields).
package publicity

import (
	"io/fs"

	"fzzf/generator/content"
	"fzzf/generator/diag"
	"fzzf/generator/site"
)

// The sections (content folders) this package gives a schema.
const (
	SectionPolicies        = "policies"
	SectionInterpretations = "interpretations"
	SectionNews            = "news"
	SectionResponses       = "responses"
)

// Statuses of a policy.
const (
	StatusValid    = "现行有效"
	StatusRevised  = "已修订"
	StatusRepealed = "已废止"
	StatusExpired  = "已失效"
)

// Forms of an interpretation.
const (
	FormText    = "文字"
	FormDiagram = "图解"
	FormQA      = "问答"
	FormMedia   = "音视频"
)

// Extension is the publicity build extension. The zero value is ready to use.
type Extension struct {
	// Warnings turns on the warnings (late interpretations, policies
	// without one, late answers). The build command leaves them off and
	// runs only the error-level checks; the check command sets it.
	Warnings bool
}

// New returns the publicity extension.
func New() *Extension { return &Extension{} }

// Schemas returns the front-matter schemas of the four sections.
func (e *Extension) Schemas() map[string]content.Schema {
	return map[string]content.Schema{
		SectionPolicies:        {New: func() any { return &policyFront{} }, Check: checkPolicy},
		SectionInterpretations: {New: func() any { return &interpretationFront{} }, Check: checkInterpretation},
		SectionNews:            {New: func() any { return &newsFront{} }, Check: nil},
		SectionResponses:       {New: func() any { return &responseFront{} }, Check: checkResponse},
	}
}

// Extend links policies and interpretations both ways, resolves
// replacements and attachments and gives each page its .Data. It returns
// every problem found; warnings alone do not fail the build.
func (e *Extension) Extend(fsys fs.FS, s *site.Site) error {
	l := &linker{fsys: fsys, s: s}
	l.run()
	if !e.Warnings {
		errs := l.list.Errors()
		l.list = diag.List{}
		l.list.Add(errs...)
	}
	if len(l.list.Problems()) == 0 {
		return nil
	}
	return &l.list
}
