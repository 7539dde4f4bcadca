package privacy

import (
	"fmt"
	"strings"
	"sync"
	"testing"
)

// kinds returns "kind excerpt" for each finding, for compact comparison.
func kinds(fs []Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, string(f.Kind)+" "+f.Excerpt)
	}
	return out
}

type scanCase struct {
	name string
	text string
	want []string // "kind excerpt"
}

func runCases(t *testing.T, s *Scanner, cases []scanCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := kinds(s.Scan([]byte(c.text)))
			if strings.Join(got, "|") != strings.Join(c.want, "|") {
				t.Errorf("Scan(%q)\n got %q\nwant %q", c.text, got, c.want)
			}
		})
	}
}

func TestMobile(t *testing.T) {
	runCases(t, New(nil), []scanCase{
		{"plain", "联系电话13812345678。", []string{"mobile 138****5678"}},
		{"every second digit", "19912345678 14712345678", []string{"mobile 199****5678", "mobile 147****5678"}},
		{"hyphen 3-4-4", "手机：138-1234-5678", []string{"mobile 138****5678"}},
		{"space 3-4-4", "手机：138 1234 5678", []string{"mobile 138****5678"}},
		{"hyphen 3-8", "手机：138-12345678", []string{"mobile 138****5678"}},
		{"plus 86", "+8613812345678", []string{"mobile 138****5678"}},
		{"plus 86 spaced", "+86 138 1234 5678", []string{"mobile 138****5678"}},
		{"0086", "008613812345678", []string{"mobile 138****5678"}},
		{"full-width digits", "电话１３８１２３４５６７８", []string{"mobile 138****5678"}},
		{"in tags", "<td>13812345678</td>", []string{"mobile 138****5678"}},
		{"tel link", `<a href="tel:13812345678">拨打</a>`, []string{"mobile 138****5678"}},
		{"url path", "https://example.gov.cn/art/13812345678.html", []string{"mobile 138****5678"}},
		{"end of text", "13812345678", []string{"mobile 138****5678"}},

		{"second digit 2", "12812345678", nil},
		{"second digit 0", "10012345678", nil},
		{"12 digits", "138123456789", nil},
		{"10 digits", "1381234567", nil},
		{"inside longer run", "2023013812345678", nil},
		{"masked", "138****5678", nil},
		{"masked other", "138****1234、1381234****", nil},
		{"landline", "0374-2961234", nil},
		{"landline spaced", "0374 2961234", nil},
		{"mixed separators", "138-1234 5678", nil},
		{"4-3-4", "1381-234-5678", nil},
		{"after letter", "art_13812345678 a13812345678 13812345678b", nil},
		{"hex", "0x13812345678", nil},
		{"decimal fraction", "113.13812345678", nil},
		{"decimal integer part", "13812345678.5", nil},
		{"sentence end", "电话13812345678.", []string{"mobile 138****5678"}},
		{"amount", "总投资13500000000元，面积13800000000平方米", nil},
		{"date", "2023年3月15日 20230315 2023-03-15", nil},
		{"document number", "许自规〔2022〕133号", nil},
		{"double space", "138  1234  5678", nil},
	})
}

func TestIDNumber(t *testing.T) {
	runCases(t, New(nil), []scanCase{
		{"valid", "身份证号411002198506121237，", []string{"id-number 41*************237"}},
		{"check X", "11010519491231002X", []string{"id-number 11*************02X"}},
		{"check x", "11010519491231002x。", []string{"id-number 11*************02X"}},
		{"leap day", "411002202402291230", []string{"id-number 41*************230"}},
		{"grouped", "411002 19850612 1237", []string{"id-number 41*************237"}},
		{"in cell", "<td>411002198506121237</td>", []string{"id-number 41*************237"}},

		{"bad check digit", "411002198506121238", nil},
		{"bad check X", "11010519491231003X", nil},
		{"month 13", "411002199013011237", nil},
		{"not a leap year", "411002202302291233", nil},
		{"before 1900", "411002189912311234", nil},
		{"masked", "35*************123", nil},
		{"masked 41", "41**************37", nil},
		{"longer run", "4110021985061212370", nil},
		{"X then letter", "11010519491231002Xa", nil},
		{"X glued left", "ID11010519491231002X", nil},
	})
}

func TestBankCard(t *testing.T) {
	runCases(t, New(nil), []scanCase{
		{"16 digits", "卡号4111111111111111", []string{"bank-card 4111********1111"}},
		{"19 digits", "账号：6222021234567890128", []string{"bank-card 6222***********0128"}},
		{"18 digits not an ID", "622202123456789012", []string{"bank-card 6222**********9012"}},
		{"spaced", "6228 4800 1234 5671", []string{"bank-card 6228********5671"}},
		{"hyphens 19", "6222-0212-3456-7890-128", []string{"bank-card 6222***********0128"}},
		{"bad date so card", "411002199002301239", []string{"bank-card 4110**********1239"}},
		{"ID wins over card", "411002202402291230", []string{"id-number 41*************230"}},

		{"Luhn fails", "6222021234567890127", nil},
		{"15 digits", "622848001234567", nil},
		{"20 digits", "62220212345678901280", nil},
		{"prefix 1 (credit code)", "114100001234567895", nil},
		{"prefix 0", "011002198506121232", nil},
		{"groups of five", "62284 80012 34567 1", nil},
		{"mixed separators", "6228 4800-1234 5671", nil},
		{"masked", "6228 **** **** 5671", nil},
		{"five groups of four", "6228 4800 1234 5671 2023", nil},
	})
}

func TestSecretMarker(t *testing.T) {
	runCases(t, New(nil), []scanCase{
		{"绝密", "绝密★启用前", []string{"secret-marker 绝密"}},
		{"机密", "机密★10年", []string{"secret-marker 机密"}},
		{"秘密★", "秘密★1年", []string{"secret-marker 秘密★"}},
		{"秘密☆ spaced", "秘密 ☆", []string{"secret-marker 秘密 ☆"}},
		{"秘密 ideographic space", "秘密\u3000★", []string{"secret-marker 秘密\u3000★"}},
		{"秘密 entity", "秘密&#9733;1年", []string{"secret-marker 秘密&#9733;"}},
		{"秘密 nbsp entity", "秘密&nbsp;&#X2605;", []string{"secret-marker 秘密&nbsp;&#X2605;"}},
		{"内部资料", "（内部资料，请勿外传）", []string{"secret-marker 内部资料"}},
		{"注意保密", "注意保密", []string{"secret-marker 注意保密"}},
		{"inside a phrase", "严格保守国家机密", []string{"secret-marker 机密"}},
		{"two", "绝密文件与机密文件", []string{"secret-marker 绝密", "secret-marker 机密"}},

		{"秘密 alone", "保护商业秘密和个人隐私", nil},
		{"秘密 then text", "秘密文件", nil},
		{"保密 alone", "做好保密工作", nil},
		{"内部 alone", "内部管理、资料整理", nil},
		{"密 alone", "密切配合", nil},
		{"truncated", "内部资", nil},
	})
}

func TestAllowList(t *testing.T) {
	s := New([]string{"0374-2961234", "138 0000 0000", "+86 139-1234-5678", "6228-4800-1234-5671", "", "无"})
	runCases(t, s, []scanCase{
		{"hotline plain", "值班手机13800000000", nil},
		{"hotline grouped", "值班手机138-0000-0000", nil},
		{"prefixed entry", "13912345678", nil},
		{"card", "6228480012345671", nil},
		{"full-width", "１３８００００００００", nil},
		{"not allowed", "13800000001", []string{"mobile 138****0001"}},
	})
}

func TestLineCol(t *testing.T) {
	text := "第一行没有号码\n" +
		"<p>联系人：张三，电话：13812345678</p>\n" +
		"\n" +
		"\t机密\r\n" +
		"一二三 411002198506121237 与 6228 4800 1234 5671"
	got := New(nil).Scan([]byte(text))
	want := []Finding{
		{Line: 2, Col: 14, Kind: Mobile, Excerpt: "138****5678"},
		{Line: 4, Col: 2, Kind: SecretMarker, Excerpt: "机密"},
		{Line: 5, Col: 5, Kind: IDNumber, Excerpt: "41*************237"},
		{Line: 5, Col: 26, Kind: BankCard, Excerpt: "6228********5671"},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("Scan:\n got %v\nwant %v", got, want)
	}
}

func TestHTML(t *testing.T) {
	page := `<!DOCTYPE html>
<html lang="zh-CN"><head><meta name="PubDate" content="2023-03-15 09:30">
<link rel="stylesheet" href="/fzzf/css/main.3f2a9138123456781c.css"></head>
<body><article><h1>关于印发《许昌市自然资源和规划局法治政府建设实施方案》的通知</h1>
<p>许自规〔2022〕133号 发布日期：2023年3月15日</p>
<p>咨询电话：<a href="tel:0374-2961234">0374-2961234</a>，联系人手机：138****1234。</p>
<p>详见<a href="/fzzf/news/p00042/">相关文件</a>，网站标识码4110000001，豫公网安备41100202000123号。</p>
<p>经办人手机：<strong>139 1234 5678</strong></p>
</article></body></html>`
	got := New(nil).Scan([]byte(page))
	want := []Finding{{Line: 8, Col: 18, Kind: Mobile, Excerpt: "139****5678"}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("Scan:\n got %v\nwant %v", got, want)
	}
}

func TestExcerptNeverWholeNumber(t *testing.T) {
	text := "13812345678 411002198506121237 11010519491231002X 6222021234567890128 138-1234-5678"
	for _, f := range New(nil).Scan([]byte(text)) {
		if !strings.Contains(f.Excerpt, "****") {
			t.Errorf("%s excerpt %q is not masked", f.Kind, f.Excerpt)
		}
		for _, whole := range strings.Fields(text) {
			if strings.Contains(f.Message(), whole) {
				t.Errorf("message %q contains the whole number %s", f.Message(), whole)
			}
		}
	}
}

func TestMessage(t *testing.T) {
	for _, c := range []struct {
		f    Finding
		want []string
	}{
		{Finding{Kind: Mobile, Excerpt: "138****5678"}, []string{"mobile number 138****5678", "[privacy] allow"}},
		{Finding{Kind: IDNumber, Excerpt: "41*************237"}, []string{"ID number 41*************237", "mask"}},
		{Finding{Kind: BankCard, Excerpt: "6222********0128"}, []string{"bank card number 6222********0128"}},
		{Finding{Kind: SecretMarker, Excerpt: "机密"}, []string{`marker "机密"`, "reword"}},
	} {
		m := c.f.Message()
		for _, w := range c.want {
			if !strings.Contains(m, w) {
				t.Errorf("Message() = %q, want it to contain %q", m, w)
			}
		}
	}
}

func TestNothingFoundIsNil(t *testing.T) {
	if got := New(nil).Scan([]byte("许昌市自然资源和规划局 2023 0374-2961234")); got != nil {
		t.Errorf("Scan = %v, want nil", got)
	}
	if got := New(nil).Scan(nil); got != nil {
		t.Errorf("Scan(nil) = %v, want nil", got)
	}
}

func TestConcurrent(t *testing.T) {
	s := New([]string{"13800000000"})
	text := []byte(strings.Repeat("电话13812345678，值班13800000000，机密。\n", 200))
	want := fmt.Sprint(s.Scan(text))
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if got := fmt.Sprint(s.Scan(text)); got != want {
				t.Errorf("concurrent Scan differs")
			}
		})
	}
	wg.Wait()
}

// TestTruncatedInput checks that text cut anywhere, even inside a UTF-8
// sequence, does not make Scan panic.
func TestTruncatedInput(t *testing.T) {
	text := "秘密 ★ 机密 内部资料 注意保密 １３８１２３４５６７８ 11010519491231002X 6228 4800 1234 5671 +8613812345678"
	s := New(nil)
	for i := range len(text) + 1 {
		s.Scan([]byte(text[:i]))
		s.Scan([]byte(text[i:]))
	}
}

// TestIDEveryCheckCharacter covers all eleven check characters, each valid
// and with the check character replaced by the next one.
func TestIDEveryCheckCharacter(t *testing.T) {
	ids := []string{
		"411023199002280070", "411023199002280011", "411023199002280062", "411023199002280003",
		"411023199002280054", "411023199002280185", "411023199002280046", "411023199002280097",
		"411023199002280038", "411023199002280089", "41102319900228002X",
	}
	s := New(nil)
	const wrong = "123456789X0" // wrong[k] is not the check character of ids[k]
	for k, id := range ids {
		if got := kinds(s.Scan([]byte(id))); len(got) != 1 || !strings.HasPrefix(got[0], "id-number ") {
			t.Errorf("Scan(%s) = %q, want one id-number", id, got)
		}
		bad := id[:17] + wrong[k:k+1]
		for _, f := range s.Scan([]byte(bad)) {
			if f.Kind == IDNumber {
				t.Errorf("Scan(%s) found an ID number with a wrong check character", bad)
			}
		}
	}
}
