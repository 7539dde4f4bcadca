package fastexec

import (
	"fmt"
	"testing"
)

func TestReviewNumbers(t *testing.T) {
	nums := []string{"0", "-0", "1", "-1", "07", "0o17", "0b101", "0x1F", "0X1e", "0x1p4", "0x1.8p1", "1.0", "1.5", "-2.5", "1e3", "1E3", "1e-3", "1_000", "0x_ff",
		"'a'", "'\\n'", "'\\x41'", "'\\u00e9'", "'世'", "1i", "0i", "2.5i", "1+2i", "1+0i", "9223372036854775807", "-9223372036854775808", "18446744073709551615", "1e100", "0.0", "127", "128", "-129", "255", "256", "3.0e0"}
	d := &rv{A: []int{10, 20, 30}, N: 2}
	var srcs []string
	for _, n := range nums {
		srcs = append(srcs,
			fmt.Sprintf("<p>{{%s}}|{{ident %s}}|{{%s | ident}}</p>", n, n, n),
			fmt.Sprintf("{{i8 %s}}", n), fmt.Sprintf("{{add %s 1}}", n), fmt.Sprintf("{{.Arg %s}}", n),
			fmt.Sprintf("{{eq %s 1}} {{eq .N %s}} {{lt %s 2}}", n, n, n), fmt.Sprintf("{{index .A %s}}", n),
			fmt.Sprintf("{{and %s 1}} {{or 0 %s}} {{not %s}}", n, n, n), fmt.Sprintf("{{cached \"x\" %s %s}}", n, n),
			fmt.Sprintf("<a href=\"{{%s}}\">", n), fmt.Sprintf("{{rvf %s}}", n),
		)
	}
	for _, s := range srcs {
		runBoth(t, s, d)
	}
}
