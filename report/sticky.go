package report

import (
	"fmt"
	"io"
)

// A sticky writes to w until the first error, which it keeps: a writer
// formats a whole file's findings and looks at the error once.
type sticky struct {
	w   io.Writer
	err error
}

func (s *sticky) printf(format string, args ...any) {
	if s.err == nil {
		_, s.err = fmt.Fprintf(s.w, format, args...)
	}
}

func (s *sticky) write(text string) {
	if s.err == nil {
		_, s.err = io.WriteString(s.w, text)
	}
}
