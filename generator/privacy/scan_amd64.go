//go:build amd64 && !purego

package privacy

// skipAVX2 reads text 32 bytes at a time from text[i:], i >= 2, and
// returns the offset j of the first 32 bytes that hold a byte Scan may
// have to look into, with flags bit k set for such a byte text[j+k]; or,
// with flags 0, the offset where fewer than 34 bytes are left. A byte is
// flagged when it is
//
//   - 0x86 after E5 AF (密) or between E5 and 85 (内);
//   - 0xEF before BC and one of 0x90-0x99 (a full-width digit);
//   - the last digit of a run followed by a full-width digit or by 0xEF,
//     or by a space or '-' and then a digit or 0xEF;
//   - the ninth digit of a run of at least 11 digits that starts at or
//     after i.
//
// It reads text[j-2:j+34].
//
//go:noescape
func skipAVX2(text []byte, i int) (j int, flags uint32)

// cpuHasAVX2 reports whether the processor and the system support AVX2.
func cpuHasAVX2() bool

// useAVX2 says whether nextCandidate uses skipAVX2. Tests turn it off to
// test nextCandidateSWAR.
var useAVX2 = cpuHasAVX2()
