package fsroot

import (
	"encoding/binary"
	"io/fs"
	"os"

	"golang.org/x/sys/windows"
)

// What Stat says of a file on Windows (GetFileInformationByHandle) has no
// change time. The file's FILE_BASIC_INFO has it: ChangeTime is set when
// the file is created and on every change to its data or attributes, and
// SetFileTime (os.Chtimes) does not set it back, like the inode change
// time of Unix. The file index alone tells a file deleted and written
// again on NTFS, which puts a sequence number in it, but not on every
// file system: FAT and exFAT have no file ids, and Wine reports Unix inode
// numbers, which Linux gives again at once to the next file made. The
// creation time does not tell either: NTFS gives a file made under a
// name deleted in the last 15 seconds the old file's creation time
// ("file system tunneling"), which is precisely the delete-and-write-again
// that an editor's save can be.

// changeTimed is what Stat said of an open file, with the file's
// FILE_BASIC_INFO as GetFileInformationByHandleEx wrote it: the creation,
// last access, last write and change times (a LARGE_INTEGER each), then
// the attributes (a DWORD), padded to 40 bytes. Placed after an interface
// value, the array is aligned on 8 bytes, as the LARGE_INTEGERs must be.
type changeTimed struct {
	fs.FileInfo
	basic [40]byte
}

// Unwrap returns what Stat said, for os.SameFile.
func (c *changeTimed) Unwrap() fs.FileInfo { return c.FileInfo }

// withChangeTime returns info, Stat of the open file f, with f's change
// time; info alone when the file system does not tell it.
func withChangeTime(f *os.File, info fs.FileInfo) fs.FileInfo {
	conn, err := f.SyscallConn()
	if err != nil {
		return info
	}
	c := &changeTimed{FileInfo: info}
	var qerr error
	if err := conn.Control(func(h uintptr) {
		qerr = windows.GetFileInformationByHandleEx(windows.Handle(h), windows.FileBasicInfo, &c.basic[0], uint32(len(c.basic)))
	}); err != nil || qerr != nil {
		return info
	}
	return c
}

// changeTime is the change time withChangeTime added to info, in
// 100-nanosecond intervals since 1601 as Windows counts; 0 when it added
// none.
func changeTime(info fs.FileInfo) (sec, nsec int64) {
	c, ok := info.(*changeTimed)
	if !ok {
		return 0, 0
	}
	t := int64(binary.LittleEndian.Uint64(c.basic[24:32]))
	return t / 1e7, t % 1e7 * 100
}
