//go:build !unix

package fsroot

// openNonblock is zero where a FIFO cannot sit in a folder as a file name.
const openNonblock = 0
