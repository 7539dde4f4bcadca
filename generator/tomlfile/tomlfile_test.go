package tomlfile

import (
	"strings"
	"testing"
	"time"
)

func TestKeyLine(t *testing.T) {
	src := []byte("title = \"a\"\n# comment\n[identity]\nsponsor = \"b\"\n\"quoted\" = 1\n[[menu.main]]\nname = \"x\"\nparams.deep = 2\n")
	for key, want := range map[string]int{
		"title":            1,
		"identity":         3,
		"identity.sponsor": 4,
		"identity.quoted":  5,
		"menu.main":        6,
		"menu.main.name":   7,
		"missing":          1,
	} {
		if got := KeyLine(src, strings.Split(key, ".")); got != want {
			t.Errorf("KeyLine(%s) = %d, want %d", key, got, want)
		}
	}
}

func TestDecodeProblems(t *testing.T) {
	var v struct {
		Title string `toml:"title"`
		N     int    `toml:"n"`
	}
	tests := []struct {
		src, want string
		first     int
	}{
		{"title = \"a\"\nnope = 1\n", `f.toml:2: unknown key "nope"`, 1},
		{"title = \"a\"\nnope = 1\n", `f.toml:3: unknown key "nope"`, 2}, // front matter after +++
		{"title = \n", `f.toml:1: invalid TOML`, 1},
		{"n = \"x\"\n", `f.toml:1: "n" has the wrong type`, 1},
		{"[table]\na = 1\nb = 2\n", `f.toml:1: unknown key "table"`, 1},
	}
	for _, tt := range tests {
		_, err := Decode("f.toml", tt.first, []byte(tt.src), &v, nil)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Decode(%q) = %v, want %q", tt.src, err, tt.want)
		}
	}
	// A misspelt table is reported once, not once per key inside it.
	_, err := Decode("f.toml", 1, []byte("[table]\na = 1\nb = 2\n"), &v, nil)
	if n := strings.Count(err.Error(), "unknown key"); n != 1 {
		t.Errorf("misspelt table reported %d times:\n%v", n, err)
	}
	if _, err := Decode("f.toml", 1, []byte("title = \"a\"\nextra = 1\n"), &v, func(k string) bool { return k == "extra" }); err != nil {
		t.Errorf("allowed key rejected: %v", err)
	}
}

func TestChinaTime(t *testing.T) {
	// Decoded into `any`, as content and ledgers do (see InChina).
	var v struct {
		D any `toml:"d"`
		Z any `toml:"z"`
	}
	if _, err := Decode("f.toml", 1, []byte("d = 2023-03-15T23:30:00\nz = 2023-03-15T23:30:00Z\n"), &v, nil); err != nil {
		t.Fatal(err)
	}
	d := InChina(v.D.(time.Time))
	if d.Location() != China || d.Hour() != 23 || d.Day() != 15 {
		t.Errorf("local datetime = %v, want 23:30 on the 15th in China", d)
	}
	z := InChina(v.Z.(time.Time))
	if z.Day() != 16 || z.Hour() != 7 {
		t.Errorf("UTC datetime in China = %v, want 07:30 on the 16th", z)
	}
	for in, want := range map[string]string{
		"2023-03-15":           "2023-03-15 00:00",
		"2023-03-15 09:30":     "2023-03-15 09:30",
		"2023-03-15T09:30:05":  "2023-03-15 09:30",
		"2023-03-15T01:30:00Z": "2023-03-15 09:30",
	} {
		got, err := ParseDate(in)
		if err != nil || got.Format("2006-01-02 15:04") != want {
			t.Errorf("ParseDate(%q) = %v, %v; want %s", in, got, err, want)
		}
	}
	if _, err := ParseDate("2023年3月15日"); err == nil {
		t.Error("ParseDate accepted a Chinese date")
	}
}
