//go:build unix

package build

import (
	"io/fs"
	"syscall"
)

// writeFile is os.WriteFile(p, data, 0o644) in three system calls: an
// os.File also asks whether the file is non-blocking and tries to add it
// to the network poller, which for ~16,000 outputs is measurable.
func writeFile(p string, data []byte) error {
	fd, err := openRetry(p)
	if err != nil {
		return &fs.PathError{Op: "open", Path: p, Err: err}
	}
	for len(data) > 0 {
		n, err := syscall.Write(fd, data)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			syscall.Close(fd)
			return &fs.PathError{Op: "write", Path: p, Err: err}
		}
		data = data[n:]
	}
	if err := syscall.Close(fd); err != nil {
		return &fs.PathError{Op: "close", Path: p, Err: err}
	}
	return nil
}

func openRetry(p string) (int, error) {
	for {
		fd, err := syscall.Open(p, syscall.O_WRONLY|syscall.O_CREAT|syscall.O_TRUNC|syscall.O_CLOEXEC, 0o644)
		if err != syscall.EINTR {
			return fd, err
		}
	}
}

// readFileFast reads the file p in open, read until the end and
// close, through a buffer of the common size, and returns a copy of exactly
// the file's length. It reports false on any error (a folder gives
// EISDIR), leaving the caller to read the file the usual way and report.
// It opens in blocking mode, as os.ReadFile does: a named pipe is read to
// its end, never half read and then read again.
func readFileFast(p string) ([]byte, bool) {
	var fd int
	var err error
	for {
		fd, err = syscall.Open(p, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		return nil, false
	}
	defer syscall.Close(fd)
	var buf [16 << 10]byte
	var big []byte // past len(buf)
	n := 0
	for {
		b := buf[n:]
		if big != nil {
			if len(big) == cap(big) {
				big = append(big, 0)[:len(big)]
			}
			b = big[len(big):cap(big)]
		}
		m, err := syscall.Read(fd, b)
		if err == syscall.EINTR {
			continue
		}
		if err != nil { // EISDIR, EAGAIN on a fifo, ...
			return nil, false
		}
		if m == 0 {
			break
		}
		if big != nil {
			big = big[:len(big)+m]
			continue
		}
		n += m
		if n == len(buf) {
			big = append(make([]byte, 0, 2*len(buf)), buf[:]...)
		}
	}
	if big != nil {
		return big, true
	}
	return append([]byte(nil), buf[:n]...), true
}
