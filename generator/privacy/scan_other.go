//go:build !amd64 || purego

package privacy

// useAVX2 is false: there is no skipAVX2 here.
var useAVX2 = false

func skipAVX2(text []byte, i int) (j int, flags uint32) {
	panic("privacy: skipAVX2 without AVX2")
}
