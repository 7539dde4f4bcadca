//go:build linux

package privacy

import (
	"reflect"
	"syscall"
	"testing"
)

// TestScanReadsOnlyText scans texts that end just before, or start just
// after, a page that may not be read: reading a byte outside the text
// crashes the test.
func TestScanReadsOnlyText(t *testing.T) {
	size := syscall.Getpagesize()
	mem, err := syscall.Mmap(-1, 0, 3*size, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
	if err != nil {
		t.Skip(err)
	}
	defer syscall.Munmap(mem)
	if err := syscall.Mprotect(mem[:size], syscall.PROT_NONE); err != nil {
		t.Skip(err)
	}
	if err := syscall.Mprotect(mem[2*size:], syscall.PROT_NONE); err != nil {
		t.Skip(err)
	}
	page := mem[size : 2*size]
	s := New(nil)
	for _, body := range []string{"13812345678", "1", "秘密★", "内部资料", "１２", "的，"} {
		for n := 0; n <= 100; n++ {
			var text []byte
			for len(text) < n {
				text = append(text, body...)
			}
			text = text[:n]
			for _, at := range []int{0, size - n} {
				in := page[at : at+n : at+n]
				copy(in, text)
				want := s.refScan(text)
				avx2 := useAVX2
				for _, useAVX2 = range []bool{avx2, false} {
					if got := s.Scan(in); !reflect.DeepEqual(got, want) {
						t.Errorf("Scan(%q) = %v, want %v", text, got, want)
					}
				}
				useAVX2 = avx2
			}
		}
	}
}
