package report

import "io"

// `--format checkstyle` writes Checkstyle's XML report, which Jenkins'
// Warnings plugin, reviewdog and many code review tools read: a <file>
// element per file analysed, with an <error> per finding carrying its
// line, column, severity (error, warning, or info for information and
// hints: the three Checkstyle's report schema allows), message and source
// (dockwarden.DW101). Rules that failed on a file are <error> elements of
// source dockwarden.

type checkstyleWriter struct {
	out sticky
}

func newCheckstyle(w io.Writer, _ Options) Writer {
	c := &checkstyleWriter{out: sticky{w: w}}
	c.out.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<checkstyle version=\"4.3\">\n")
	return c
}

func (c *checkstyleWriter) File(f *File) error {
	if len(f.Findings)+len(f.Panics) == 0 {
		c.out.printf("  <file name=\"%s\"/>\n", xmlAttr(f.Path))
		return c.out.err
	}
	c.out.printf("  <file name=\"%s\">\n", xmlAttr(f.Path))
	for _, x := range f.Findings {
		c.out.printf("    <error line=\"%d\" column=\"%d\" severity=\"%s\" message=\"%s\" source=\"dockwarden.%s\"/>\n",
			x.Start.Line, x.Start.Column, checkstyleSeverities.of(x.Severity), xmlAttr(x.Message), x.Rule.Code)
	}
	for _, p := range f.Panics {
		c.out.printf("    <error severity=\"error\" message=\"%s\" source=\"dockwarden\"/>\n", xmlAttr("internal error: "+p))
	}
	c.out.write("  </file>\n")
	return c.out.err
}

func (c *checkstyleWriter) Close(*Summary) error {
	c.out.write("</checkstyle>\n")
	return c.out.err
}

// checkstyleSeverities are the three severities Checkstyle's report schema
// allows.
var checkstyleSeverities = severityScale{"error", "warning", "info", "info"}
