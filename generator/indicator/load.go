package indicator

import (
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
)

// Error is a problem in a data file, at a line (0 when the whole file is
// meant). It prints as `file:line: message`.
type Error struct {
	File string
	Line int
	Msg  string
}

func (e *Error) Error() string {
	if e.Line <= 0 {
		return e.File + ": " + e.Msg
	}
	return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
}

type fileCategories struct {
	Category []struct {
		N       int    `toml:"n"`
		Numeral string `toml:"numeral"`
		Name    string `toml:"name"`
		Group   []struct {
			N    int    `toml:"n"`
			Name string `toml:"name"`
		} `toml:"group"`
	} `toml:"category"`
}

type fileIndicator struct {
	ID          int      `toml:"id"`
	Category    int      `toml:"category"`
	Group       int      `toml:"group"`
	Text        string   `toml:"text"`
	TextMissing bool     `toml:"text_missing"`
	Methods     []string `toml:"methods"`
	Materials   []string `toml:"materials"`
	Units       []string `toml:"units"`
	Line        int      `toml:"line"`
}

type fileIndicators struct {
	Indicator []fileIndicator `toml:"indicator"`
}

type fileUnits struct {
	Unit []struct {
		Code    string   `toml:"code"`
		Name    string   `toml:"name"`
		Kind    string   `toml:"kind"`
		Aliases []string `toml:"aliases"`
	} `toml:"unit"`
}

type fileStages struct {
	Stage []struct {
		N     int    `toml:"n"`
		Name  string `toml:"name"`
		Start string `toml:"start"`
		End   string `toml:"end"`
		Text  string `toml:"text"`
	} `toml:"stage"`
}

type fileTitled struct {
	N     int    `toml:"n"`
	Title string `toml:"title"`
	Text  string `toml:"text"`
}

type fileItem struct {
	N           int      `toml:"n"`
	Text        string   `toml:"text"`
	TextMissing bool     `toml:"text_missing"`
	Methods     []string `toml:"methods"`
	Materials   []string `toml:"materials"`
	Units       []string `toml:"units"`
	Line        int      `toml:"line"`
}

type filePlan struct {
	Task      []fileTitled `toml:"task"`
	Mechanism []fileTitled `toml:"mechanism"`
	Bonus     []fileItem   `toml:"bonus"`
	Veto      []fileItem   `toml:"veto"`
}

// Load reads the seeds data files from fsys (the seeds directory). It returns
// (nil, nil) when indicators.toml is absent: a site without seeds data. When it
// is present the other files must be too. Errors name file:line.
func Load(fsys fs.FS) (*Data, error) {
	if _, err := fs.Stat(fsys, IndicatorsFile); errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	var (
		d    Data
		cats fileCategories
		inds fileIndicators
		us   fileUnits
		sts  fileStages
		pl   filePlan
	)
	src := map[string]string{}
	for _, f := range []struct {
		name string
		v    any
	}{{CategoriesFile, &cats}, {IndicatorsFile, &inds}, {UnitsFile, &us}, {StagesFile, &sts}, {PlanFile, &pl}} {
		text, err := decodeFile(fsys, f.name, f.v)
		if err != nil {
			return nil, err
		}
		src[f.name] = text
	}

	for _, u := range us.Unit {
		d.Units = append(d.Units, Unit{Code: u.Code, Name: u.Name, Kind: u.Kind, Aliases: u.Aliases})
	}
	for _, c := range cats.Category {
		cat := Category{N: c.N, Numeral: c.Numeral, Name: c.Name}
		for _, g := range c.Group {
			cat.Groups = append(cat.Groups, Group{Category: c.N, N: g.N, Name: g.Name})
		}
		d.Categories = append(d.Categories, cat)
	}
	for _, in := range inds.Indicator {
		d.Indicators = append(d.Indicators, Indicator{
			ID: in.ID, Category: in.Category, Group: in.Group, Text: in.Text, TextMissing: in.TextMissing,
			Methods: in.Methods, Materials: in.Materials, Units: in.Units, Line: in.Line,
		})
	}
	for _, s := range sts.Stage {
		d.Stages = append(d.Stages, Stage{N: s.N, Name: s.Name, Start: s.Start, End: s.End, Text: s.Text})
	}
	for _, t := range pl.Task {
		d.Tasks = append(d.Tasks, Task{N: t.N, Title: t.Title, Text: t.Text})
	}
	for _, m := range pl.Mechanism {
		d.Mechanisms = append(d.Mechanisms, Mechanism{N: m.N, Title: m.Title, Text: m.Text})
	}
	toItems := func(list []fileItem) []Item {
		var out []Item
		for _, it := range list {
			out = append(out, Item{N: it.N, Text: it.Text, TextMissing: it.TextMissing,
				Methods: it.Methods, Materials: it.Materials, Units: it.Units, Line: it.Line})
		}
		return out
	}
	d.Bonus = toItems(pl.Bonus)
	d.Veto = toItems(pl.Veto)
	if err := d.validate(src); err != nil {
		return nil, err
	}
	return &d, nil
}

// decodeFile decodes one data file strictly (unknown keys are errors) and
// returns its text for locating later problems.
func decodeFile(fsys fs.FS, name string, v any) (string, error) {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return "", &Error{File: name, Msg: "missing: indicators.toml is present, so all seeds data files must be"}
		}
		return "", &Error{File: name, Msg: err.Error()}
	}
	text := string(b)
	md, err := toml.Decode(text, v)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return "", &Error{File: name, Line: pe.Position.Line, Msg: pe.Message}
		}
		return "", &Error{File: name, Msg: err.Error()}
	}
	if und := md.Undecoded(); len(und) > 0 {
		k := und[0]
		return "", &Error{File: name, Line: keyLine(text, k[len(k)-1]), Msg: fmt.Sprintf("unknown key %q", k.String())}
	}
	return text, nil
}

// keyLine finds the first line that assigns key, or 0.
func keyLine(text, key string) int {
	re := regexp.MustCompile(`^\s*"?` + regexp.QuoteMeta(key) + `"?\s*=`)
	for i, l := range strings.Split(text, "\n") {
		if re.MatchString(l) {
			return i + 1
		}
	}
	return 0
}

// tableLine returns the line of the n-th (0-based) occurrence of header, or 0.
func tableLine(text, header string, n int) int {
	for i, l := range strings.Split(text, "\n") {
		if strings.TrimSpace(l) == header {
			if n == 0 {
				return i + 1
			}
			n--
		}
	}
	return 0
}

// validate checks references and uniqueness; src holds each file's text so
// problems can be placed on the line of their table.
func (d *Data) validate(src map[string]string) error {
	var errs []error
	bad := func(file, header string, n int, format string, args ...any) {
		errs = append(errs, &Error{File: file, Line: tableLine(src[file], header, n), Msg: fmt.Sprintf(format, args...)})
	}

	codes := map[string]bool{}
	keys := map[string]string{}
	for i, u := range d.Units {
		switch {
		case !validCode(u.Code):
			bad(UnitsFile, "[[unit]]", i, "unit code %q: want lowercase ASCII letters, digits and hyphens", u.Code)
		case codes[u.Code]:
			bad(UnitsFile, "[[unit]]", i, "duplicate unit code %q", u.Code)
		}
		codes[u.Code] = true
		switch u.Kind {
		case KindOffice, KindCentre, KindBranch, KindGroup, KindOutside:
		default:
			bad(UnitsFile, "[[unit]]", i, "unit %s: kind %q is not office, centre, branch, group or outside", u.Code, u.Kind)
		}
		for _, name := range append([]string{u.Name}, u.Aliases...) {
			k := UnitKey(name)
			if other, ok := keys[k]; ok && other != u.Code {
				bad(UnitsFile, "[[unit]]", i, "unit %s: name %q is already used by unit %s", u.Code, name, other)
			}
			keys[k] = u.Code
		}
	}

	for i, c := range d.Categories {
		if c.N != i+1 {
			bad(CategoriesFile, "[[category]]", i, "category numbered %d, want %d", c.N, i+1)
		}
		if c.N >= 1 && c.N <= len(Numerals) && c.Numeral != Numerals[c.N-1] {
			bad(CategoriesFile, "[[category]]", i, "category %d: numeral %q, want %q", c.N, c.Numeral, Numerals[c.N-1])
		}
		for j, g := range c.Groups {
			if g.N != j+1 {
				bad(CategoriesFile, "[[category]]", i, "category %d: group numbered %d, want %d", c.N, g.N, j+1)
			}
		}
	}

	checkUnits := func(file, header string, i int, what string, us []string) {
		for _, u := range us {
			if !codes[u] {
				bad(file, header, i, "%s: unknown unit code %q (not in units.toml)", what, u)
			}
		}
	}
	for i, in := range d.Indicators {
		what := "indicator " + itoa(in.ID)
		if in.ID != i+1 {
			bad(IndicatorsFile, "[[indicator]]", i, "indicator numbered %d, want %d", in.ID, i+1)
		}
		if _, ok := d.Group(in.Category, in.Group); !ok {
			bad(IndicatorsFile, "[[indicator]]", i, "%s: no group %d in category %d", what, in.Group, in.Category)
		}
		if in.TextMissing != (in.Text == "") {
			bad(IndicatorsFile, "[[indicator]]", i, "%s: text_missing must be true exactly when text is empty", what)
		}
		if i > 0 {
			p := d.Indicators[i-1]
			if in.Category < p.Category || in.Category == p.Category && in.Group < p.Group {
				bad(IndicatorsFile, "[[indicator]]", i, "%s: category %d group %d comes after category %d group %d", what, in.Category, in.Group, p.Category, p.Group)
			}
		}
		checkUnits(IndicatorsFile, "[[indicator]]", i, what, in.Units)
	}
	for i, it := range d.Bonus {
		checkUnits(PlanFile, "[[bonus]]", i, "bonus item "+itoa(it.N), it.Units)
	}
	for i, it := range d.Veto {
		checkUnits(PlanFile, "[[veto]]", i, "veto item "+itoa(it.N), it.Units)
	}

	prevEnd := ""
	for i, s := range d.Stages {
		start, err1 := time.Parse(time.DateOnly, s.Start)
		end, err2 := time.Parse(time.DateOnly, s.End)
		switch {
		case err1 != nil || err2 != nil:
			bad(StagesFile, "[[stage]]", i, "stage %d: start and end must be yyyy-mm-dd dates", s.N)
		case end.Before(start):
			bad(StagesFile, "[[stage]]", i, "stage %d ends (%s) before it starts (%s)", s.N, s.End, s.Start)
		case prevEnd != "" && s.Start <= prevEnd:
			bad(StagesFile, "[[stage]]", i, "stage %d starts (%s) before the previous stage ends (%s)", s.N, s.Start, prevEnd)
		}
		prevEnd = s.End
	}
	return errors.Join(errs...)
}

var codeRE = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

func validCode(s string) bool { return codeRE.MatchString(s) }

// LoadUnits reads only units.toml from fsys: the reviewed alias table the
// importer needs before any other data file exists. A missing file gives no
// units and no error.
func LoadUnits(fsys fs.FS) ([]Unit, error) {
	if _, err := fs.Stat(fsys, UnitsFile); errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	var us fileUnits
	text, err := decodeFile(fsys, UnitsFile, &us)
	if err != nil {
		return nil, err
	}
	d := &Data{}
	for _, u := range us.Unit {
		d.Units = append(d.Units, Unit{Code: u.Code, Name: u.Name, Kind: u.Kind, Aliases: u.Aliases})
	}
	if err := d.validate(map[string]string{UnitsFile: text}); err != nil {
		return nil, err
	}
	return d.Units, nil
}
