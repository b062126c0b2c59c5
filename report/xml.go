package report

import (
	"encoding/xml"
	"strings"
)

// xmlAttr escapes text for an XML attribute value or element content.
// Characters XML 1.0 cannot hold at all (control characters other than
// tab, CR and LF) become U+FFFD, as encoding/xml writes them.
func xmlAttr(text string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(text)) // a strings.Builder never fails
	return b.String()
}
