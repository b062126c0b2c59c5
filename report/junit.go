package report

import (
	"fmt"
	"io"
	"strings"
)

// `--format junit` writes JUnit XML as GitLab's unit test reports and
// Jenkins read it: one <testsuite> per file, named by its path, with a
// <testcase> per finding whose classname is the path (GitLab shows it as
// the suite) and whose name is the rule code and position, unique in the
// file (GitLab keeps only the first of two test cases of the same name).
// A finding at or above its file's fail level, which makes the run fail,
// is a <failure> of the severity's type; one below it is reported but not
// enforced, a <skipped> test case (whose text says why, since the oldest
// Jenkins schema allows <skipped> no attributes), so the test report fails when the
// build does. A file without findings is one passing test case. Files
// that could not be read are <error> test cases of a last suite named
// dockwarden. The suites carry the tests, failures, errors and skipped
// counts the Jenkins schemas ask of them; <testsuites> has none, since it
// is written before the files are.

type junitWriter struct {
	out sticky
}

func newJUnit(w io.Writer, _ Options) Writer {
	j := &junitWriter{out: sticky{w: w}}
	j.out.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"dockwarden\">\n")
	return j
}

func (j *junitWriter) File(f *File) error {
	failures, skipped := 0, 0
	for _, x := range f.Findings {
		if x.Failing {
			failures++
		} else {
			skipped++
		}
	}
	tests := len(f.Findings) + len(f.Panics)
	if tests == 0 {
		tests = 1
	}
	path := xmlAttr(f.Path)
	j.out.printf("  <testsuite name=\"%s\" tests=\"%d\" failures=\"%d\" errors=\"%d\" skipped=\"%d\">\n", path, tests, failures, len(f.Panics), skipped)
	if tests == 1 && len(f.Findings)+len(f.Panics) == 0 {
		j.out.printf("    <testcase classname=\"%s\" name=\"dockwarden\"/>\n", path)
	}
	names := map[string]int{}
	for _, x := range f.Findings {
		name := fmt.Sprintf("%s %d:%d", x.Rule.Code, x.Start.Line, x.Start.Column)
		names[name]++
		if n := names[name]; n > 1 {
			name = fmt.Sprintf("%s (%d)", name, n)
		}
		j.out.printf("    <testcase classname=\"%s\" name=\"%s\">\n", path, xmlAttr(name))
		detail := fmt.Sprintf("%s:%d:%d: %s %s %s\n%s\n%s", f.Path, x.Start.Line, x.Start.Column, x.Severity, x.Rule.Code, x.Message, x.Rule.Title(), RuleURL(x.Rule))
		if x.Failing {
			j.out.printf("      <failure type=\"%s\" message=\"%s\">%s</failure>\n", x.Severity, xmlAttr(x.Message), xmlAttr(detail))
		} else {
			j.out.printf("      <skipped>%s</skipped>\n", xmlAttr(x.Severity.String()+", below the fail level: "+x.Message))
			j.out.printf("      <system-out>%s</system-out>\n", xmlAttr(detail))
		}
		j.out.write("    </testcase>\n")
	}
	for i, p := range f.Panics {
		first, _, _ := strings.Cut(p, "\n")
		j.out.printf("    <testcase classname=\"%s\" name=\"internal error %d\">\n      <error type=\"internal\" message=\"%s\">%s</error>\n    </testcase>\n", path, i+1, xmlAttr(first), xmlAttr(p))
	}
	j.out.write("  </testsuite>\n")
	return j.out.err
}

func (j *junitWriter) Close(s *Summary) error {
	if len(s.Errors) > 0 {
		j.out.printf("  <testsuite name=\"dockwarden\" tests=\"%d\" failures=\"0\" errors=\"%d\">\n", len(s.Errors), len(s.Errors))
		for i, err := range s.Errors {
			j.out.printf("    <testcase classname=\"dockwarden\" name=\"input %d\">\n      <error type=\"input\" message=\"%s\"/>\n    </testcase>\n", i+1, xmlAttr(err.Error()))
		}
		j.out.write("  </testsuite>\n")
	}
	j.out.write("</testsuites>\n")
	return j.out.err
}
