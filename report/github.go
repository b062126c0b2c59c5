package report

import (
	"fmt"
	"io"
	"strings"
)

// `--format github` writes each finding as a GitHub Actions workflow
// command, which the runner turns into an annotation on the file and line
// in the pull request and the job summary:
//
//	::warning file=app/Dockerfile,line=1,col=1,endLine=1,endColumn=17,title=DW101::the final image runs as root ...
//
// Errors are error annotations, warnings warning ones, information and
// hints notices. The run's summary ends the output as a plain line of the
// log. Values are escaped as the Actions toolkit escapes them (its
// command.ts): % as %25, CR as %0D and LF as %0A everywhere, and in
// properties also : as %3A and , as %2C, so that a path or a message can
// neither end the command early nor start another one. Other control
// characters and the marks that reorder text, which would reach the log as
// they are, are written as \xNN or \uNNNN.
// GitHub shows at most 10 error and 10 warning annotations per step and
// 50 per job; the rest are in the log.

type githubWriter struct {
	out sticky
}

func newGitHub(w io.Writer, _ Options) Writer { return &githubWriter{out: sticky{w: w}} }

func (g *githubWriter) File(f *File) error {
	for _, x := range f.Findings {
		props := []string{"file=" + githubProperty(f.Path), fmt.Sprintf("line=%d", x.Start.Line)}
		if x.End.Line == x.Start.Line {
			// Columns are for one-line annotations; the end column is the
			// last character's.
			props = append(props, fmt.Sprintf("col=%d", x.Start.Column), fmt.Sprintf("endLine=%d", x.End.Line), fmt.Sprintf("endColumn=%d", max(x.End.Column-1, x.Start.Column)))
		} else {
			props = append(props, fmt.Sprintf("endLine=%d", x.End.Line))
		}
		props = append(props, "title="+githubProperty(x.Rule.Code))
		g.out.printf("::%s %s::%s\n", githubCommands.of(x.Severity), strings.Join(props, ","), githubData(x.Message))
	}
	for _, p := range f.Panics {
		first, _, _ := strings.Cut(p, "\n")
		g.out.printf("::error file=%s,title=dockwarden::%s\n", githubProperty(f.Path), githubData("internal error: "+first))
	}
	return g.out.err
}

func (g *githubWriter) Close(s *Summary) error {
	if s.Files > 0 {
		g.out.printf("%s\n", githubData(s.Line()))
	}
	return g.out.err
}

// githubCommands are the workflow commands of the severities.
var githubCommands = severityScale{"error", "warning", "notice", "notice"}

// The Actions toolkit's escapes, made once: a Replacer builds its table
// when it is made, and the writer escapes a few values per finding.
var (
	githubDataEscapes     = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	githubPropertyEscapes = strings.NewReplacer(":", "%3A", ",", "%2C")
)

// githubData escapes the message of a workflow command: the toolkit's
// escapes for % and the line breaks, then TerminalSafe's for the rest.
func githubData(s string) string {
	return TerminalSafe(githubDataEscapes.Replace(s))
}

// githubProperty escapes a property value of a workflow command.
func githubProperty(s string) string {
	return githubPropertyEscapes.Replace(githubData(s))
}
