package privacy

import (
	"fmt"
	"strings"
	"testing"
)

var benchPhrases = []string{
	"深入推进法治政府建设", "全面落实行政执法公示制度", "持续优化营商环境", "国土空间规划",
	"不动产登记便民服务", "耕地保护责任目标考核", "行政规范性文件合法性审核", "重大行政决策程序",
	"自然资源执法监察", "政务服务“一网通办”", "保守工作秘密", "严格依法行政", "政策法规科",
	"许昌市自然资源和规划局", "矿产资源开发利用", "生态修复工程", "测绘地理信息管理",
}

// benchHTML returns about size bytes of Chinese HTML pages with the numbers
// a real page has (dates, document numbers, landlines, masked mobiles, ids
// in URLs) and no findings.
func benchHTML(size int) []byte {
	var b strings.Builder
	x := uint32(12345)
	next := func(n int) int {
		x = x*1664525 + 1013904223
		return int(x>>8) % n
	}
	for page := 0; b.Len() < size; page++ {
		fmt.Fprintf(&b, "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"+
			"<meta name=\"PubDate\" content=\"2023-%02d-%02d 09:30\"><title>第%d号通知</title>"+
			"<link rel=\"stylesheet\" href=\"/fzzf/css/main.%08x.css\"></head>\n<body><main><article>\n",
			1+next(12), 1+next(28), page, x)
		for p := 0; p < 12; p++ {
			b.WriteString("<p>")
			for s := 0; s < 6; s++ {
				b.WriteString(benchPhrases[next(len(benchPhrases))])
				switch next(8) {
				case 0:
					fmt.Fprintf(&b, "（许自规〔20%d〕%d号）", 20+next(4), 1+next(200))
				case 1:
					fmt.Fprintf(&b, "，咨询电话0374-%07d", 2000000+next(999999))
				case 2:
					fmt.Fprintf(&b, "，联系人手机138****%04d", next(10000))
				case 3:
					fmt.Fprintf(&b, "，详见<a href=\"/fzzf/news/p%05d/\">相关文件</a>", next(10000))
				case 4:
					fmt.Fprintf(&b, "，共办理%d件，面积%d.%d公顷", next(5000), next(900), next(100))
				}
				b.WriteString("。")
			}
			b.WriteString("</p>\n")
		}
		b.WriteString("</article></main></body></html>\n")
	}
	return []byte(b.String())
}

func TestBenchHTMLHasNoFindings(t *testing.T) {
	if got := New(nil).Scan(benchHTML(200 << 10)); got != nil {
		t.Errorf("benchmark text has findings: %v", got[:min(len(got), 5)])
	}
}

// BenchmarkScan scans about 1 MB of Chinese HTML.
func BenchmarkScan(b *testing.B) {
	text := benchHTML(1 << 20)
	s := New([]string{"0374-2961234"})
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		s.Scan(text)
	}
}
