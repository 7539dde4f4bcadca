package plan

// This file holds the small amount of reviewed knowledge the importer needs
// beyond the alias table: the ten category names, the vocabulary of
// assessment methods, and the phrases that tie an indicator's content to its
// category. NOTES.md in seeds/ explains each choice.

// categoryNames are the ten 一级指标 as reviewed, categoryNames[n-1] for
// category n. The OCR garbles several of them (三、重大政策学科立法,
// 六、行政权力制约监督学效, 十、法治政府建; see NOTES.md); printed labels are matched
// against these by numeral or, without one, by similarity.
var categoryNames = [10]string{
	"政府依法全面履行职能",
	"依法行政制度体系完善",
	"重大行政决策科学民主合法",
	"行政执法责任制严格落实",
	"服务型行政执法建设整体推进",
	"行政权力制约监督科学有效",
	"社会矛盾纠纷依法有效化解",
	"重大突发事件依法预防处置",
	"政府工作人员法治思维和依法行政能力全面提高",
	"法治政府建设组织领导落实到位",
}

// methodWords are the assessment methods (测评方式) the table uses. A cell made
// only of these, separated by 、, is the methods cell of its row.
var methodWords = map[string]bool{
	"查看资料":    true,
	"网络检索":    true,
	"随机访谈":    true,
	"实地查看":    true,
	"问卷调查":    true,
	"随机抽查":    true,
	"查阅案卷":    true,
	"网络考试":    true,
	"群众满意度测评": true,
}

// contentKeywords tie a phrase in an indicator's requirement or materials to a
// category. The first phrase found wins, so specific phrases come first
// (服务型行政执法 before 执法). They are evidence, weighed against the printed
// category labels; they never decide alone against strong labels.
var contentKeywords = []struct {
	phrase   string
	category int
}{
	{"服务型行政执法", 5},
	{"行政指导", 5},
	{"行政调解", 5},
	{"法律风险防控", 5},
	{"治未病", 5},
	{"重大行政决策", 3},
	{"规范性文件", 2},
	{"政府规章", 2},
	{"突发事件", 8},
	{"矛盾纠纷", 7},
	{"政务服务", 1},
	{"行政审批", 1},
	{"监督体系", 6},
	{"执法", 4},
}
