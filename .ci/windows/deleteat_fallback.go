// This file is added to Go's internal/syscall/windows package (through
// go test -overlay) in the test binaries that .ci/windows/run.sh builds.
//
// Go deletes files with FILE_DISPOSITION_INFORMATION_EX (POSIX semantics)
// and falls back to FILE_DISPOSITION_INFO where Windows answers that it
// does not support it; Wine 8 answers "not implemented" instead, so every
// os.RemoveAll, and so every t.TempDir clean-up, would fail. This selects
// the fallback, the path Go takes on Windows before 10 1607 and on FAT32.

package windows

func init() { TestDeleteatFallback = true }
