package ledger

import "testing"

func TestParseStatus(t *testing.T) {
	tests := []struct {
		in     string
		status Status
		detail string
	}{
		{"已完成", Done, ""},
		{"  已完成　", Done, ""},
		{"已完成：印发目录", Done, "印发目录"},
		{"已完成:印发目录", Done, "印发目录"},
		{"已完成+具体情况：印发目录", Done, "印发目录"},
		{"已完成（具体情况：印发目录）", Done, "印发目录"},
		{"已完成全部整改", Done, "全部整改"},
		{"完成", Done, ""},
		{"完成。", Done, ""},
		{"已经完成，已公开", Done, "已公开"},
		{"未完成，正在推进起草工作", InProgress, "正在推进起草工作"},
		{"未完成,正在推进", InProgress, "正在推进"},
		{"未完成+正在推进", InProgress, "正在推进"},
		{"未完成＋正在推进情况：已起草初稿", InProgress, "已起草初稿"},
		{"尚未完成", InProgress, ""},
		{"推进中", InProgress, ""},
		{"推进中；已起草", InProgress, "已起草"},
		{"正在推进，已起草初稿", InProgress, "正在推进，已起草初稿"},
		{"进行中", InProgress, ""},
	}
	for _, tt := range tests {
		status, detail, err := ParseStatus(tt.in)
		if err != nil || status != tt.status || detail != tt.detail {
			t.Errorf("ParseStatus(%q) = %q, %q, %v; want %q, %q", tt.in, status, detail, err, tt.status, tt.detail)
		}
	}
	for _, bad := range []string{"", "   ", "done", "完成率80%", "基本完成", "未报送", "√"} {
		if s, d, err := ParseStatus(bad); err == nil {
			t.Errorf("ParseStatus(%q) = %q, %q; want an error", bad, s, d)
		}
	}
}
