//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package fsroot

import (
	"io/fs"
	"os"
	"syscall"
)

// withChangeTime has nothing to add: Stat tells the change time here.
func withChangeTime(_ *os.File, info fs.FileInfo) fs.FileInfo { return info }

// changeTime is when the file's inode last changed (st_ctim), which no
// program can set back: a file deleted and written again under the same
// name, size and modification time, even on the same inode, has a new one.
func changeTime(info fs.FileInfo) (sec, nsec int64) {
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, 0
	}
	return ctim(st)
}
