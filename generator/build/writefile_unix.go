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
