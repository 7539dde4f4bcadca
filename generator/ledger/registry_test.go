package ledger

// testRegistry is a small indicator system for tests: indicators 1 … 115;
// 政策法规科 (zcfgk) is responsible for 21, 22, 111 and 115, 测绘科 (chkc) for
// 30, and both for 115.
type testRegistry struct{}

var testOwners = map[string][]int{
	"zcfgk": {21, 22, 111, 115},
	"chkc":  {30, 115},
}

var testNames = map[string]string{
	"zcfgk":   "zcfgk",
	"政策法规科":   "zcfgk",
	"chkc":    "chkc",
	"测绘科":     "chkc",
	"测绘地理信息科": "chkc",
}

func (testRegistry) IndicatorExists(id int) bool { return id >= 1 && id <= 115 }

func (testRegistry) UnitOwns(unit string, id int) bool {
	for _, n := range testOwners[unit] {
		if n == id {
			return true
		}
	}
	return false
}

func (testRegistry) UnitCode(s string) (string, bool) {
	code, ok := testNames[s]
	return code, ok
}
