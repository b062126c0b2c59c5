package report

import (
	"fmt"
	"io"
	"sort"
	"strings"
)

// `--format text`, the default, writes a line per finding,
//
//	path:line:column: severity CODE message
//
// and ends with the run's summary (Summary.Line). Paths and messages may
// quote what a file holds, so they are made safe for a terminal
// (TerminalSafe).

type textWriter struct {
	out sticky
}

func newText(w io.Writer, _ Options) Writer { return &textWriter{out: sticky{w: w}} }

func (t *textWriter) File(f *File) error {
	path := TerminalSafe(f.Path)
	for _, x := range f.Findings {
		t.out.printf("%s:%d:%d: %s %s %s\n", path, x.Start.Line, x.Start.Column, x.Severity, x.Rule.Code, TerminalSafe(x.Message))
	}
	return t.out.err
}

// Close writes the summary, unless no file was analysed: then there is
// nothing to sum up (and standard error says why).
func (t *textWriter) Close(s *Summary) error {
	if s.Files > 0 {
		t.out.printf("%s\n", s.Line())
	}
	return t.out.err
}

// `--statistics` writes, instead of the findings, how many each rule
// found, most first (then by code), with how many `dockwarden fix` can
// fix, and the summary:
//
//	   53  DW205  no-new-privileges  (53 fixable)
//	   49  DW203  cap-drop-all-missing
//
// It shows which rules make the noise in a project before it is
// configured.

type statisticsWriter struct {
	out   sticky
	rules map[string]*ruleCount
}

type ruleCount struct {
	code, name     string
	found, fixable int
}

// NewStatistics returns the writer of --statistics.
func NewStatistics(w io.Writer) Writer {
	return &statisticsWriter{out: sticky{w: w}, rules: map[string]*ruleCount{}}
}

func (s *statisticsWriter) File(f *File) error {
	for _, x := range f.Findings {
		c := s.rules[x.Rule.Code]
		if c == nil {
			c = &ruleCount{code: x.Rule.Code, name: x.Rule.Name}
			s.rules[x.Rule.Code] = c
		}
		c.found++
		if x.Fixable() {
			c.fixable++
		}
	}
	return nil
}

func (s *statisticsWriter) Close(sum *Summary) error {
	counts := make([]*ruleCount, 0, len(s.rules))
	width := 1
	for _, c := range s.rules {
		counts = append(counts, c)
		width = max(width, len(fmt.Sprint(c.found)))
	}
	sort.Slice(counts, func(i, j int) bool {
		if counts[i].found != counts[j].found {
			return counts[i].found > counts[j].found
		}
		return counts[i].code < counts[j].code
	})
	for _, c := range counts {
		line := fmt.Sprintf("%*d  %s  %s", width, c.found, c.code, c.name)
		if c.fixable > 0 {
			line += fmt.Sprintf("  (%d fixable)", c.fixable)
		}
		s.out.write(strings.TrimRight(line, " ") + "\n")
	}
	if sum.Files > 0 {
		s.out.printf("%s\n", sum.Line())
	}
	return s.out.err
}
