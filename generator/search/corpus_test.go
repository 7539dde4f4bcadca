package search

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

// domainWords are mixed into the synthetic corpus so that realistic
// queries have realistic hit counts.
var domainWords = strings.Fields(`行政复议 行政诉讼 法治政府 示范市 自然资源 规划 政策解读 实施方案 依法行政
	执法监督 权责清单 政务公开 责任单位 工作台账 测评方式 报送材料 网络检索 随机访谈 实地查看 问卷调查
	不动产登记 国土空间 耕地保护 测绘地理信息 生态修复 矿产资源 土地征收 信访 听证 合法性审查
	规范性文件 重大行政决策 法律顾问 公职律师 普法宣传 行政执法 三项制度 公示 全过程记录 法制审核`)

// syntheticCorpus returns n pages of about runes Han characters each: words
// drawn from a Zipf distribution over a vocabulary of 2–4 character words
// built from 3,000 characters (themselves Zipf-distributed), punctuation
// every few words, some numbers, a 文号 in every 50th page.
func syntheticCorpus(n, runes int) []Doc {
	r := rand.New(rand.NewPCG(1, 2))
	charZipf := rand.NewZipf(r, 1.1, 8, 2999)
	chars := make([]rune, 3000)
	for i := range chars {
		chars[i] = rune(0x4E00 + (i*7919)%20000)
	}
	vocab := make([]string, 0, 20000)
	for len(vocab) < cap(vocab) {
		if len(vocab) == 300 {
			// Mid-frequency ranks, like real subject words.
			vocab = append(vocab, domainWords...)
		}
		k := 2 + r.IntN(3)
		var b strings.Builder
		for range k {
			b.WriteRune(chars[charZipf.Uint64()])
		}
		vocab = append(vocab, b.String())
	}
	wordZipf := rand.NewZipf(r, 1.05, 4, uint64(len(vocab)-1))
	sections := []string{"政策文件", "政策解读", "创建动态", "回应关切", "指标体系"}
	punct := []string{"，", "。", "、", "；", "：", "（", "）"}
	base := time.Date(2022, 8, 1, 9, 0, 0, 0, time.FixedZone("CST", 8*3600))

	docs := make([]Doc, n)
	for i := range docs {
		text := func(runes int) string {
			var b strings.Builder
			count := 0
			for count < runes {
				w := vocab[wordZipf.Uint64()]
				b.WriteString(w)
				count += len([]rune(w))
				switch x := r.IntN(40); {
				case x < 8:
					b.WriteString(punct[r.IntN(len(punct))])
				case x == 8:
					fmt.Fprintf(&b, "%d", r.IntN(2030))
				}
			}
			return b.String()
		}
		d := Doc{
			URL:     fmt.Sprintf("/fzzf/%s/%05d/", []string{"policies", "interpretations", "news", "responses", "indicators"}[i%5], i),
			Title:   text(12 + r.IntN(12)),
			Section: sections[i%5],
			Date:    base.AddDate(0, 0, r.IntN(600)),
		}
		for range 3 + r.IntN(4) {
			d.Headings = append(d.Headings, text(4+r.IntN(8)))
		}
		d.Body = text(runes)
		if i%50 == 0 {
			d.Body += fmt.Sprintf("依据许自规〔2022〕%d号文件。", 100+i/50)
		}
		if i%115 == 0 {
			d.Headings = append(d.Headings, fmt.Sprintf("第%d项", 1+i/115))
		}
		docs[i] = d
	}
	return docs
}
