package analysis

import (
	"strconv"
	"strings"
	"testing"

	"github.com/dockwarden/dockwarden/analysis/document"
)

// compatRegistry has stand-ins for the DW rules that hadolint and BuildKit
// IDs map to, each reporting every line that contains its marker.
func compatRegistry(kind document.Kind) *Registry {
	return NewRegistry(
		lineRule("DW102", kind, "ROOT"),
		lineRule("DW103", kind, "LATEST"),
		lineRule("DW105", kind, "ADD"),
		lineRule("DW107", kind, "SECRET"),
		lineRule("DW112", kind, "HEALTH"),
	)
}

// findingLines lists the findings as CODE@LINE, lines counted from 1.
func findingLines(res *Result) []string {
	var out []string
	for _, f := range res.Findings {
		out = append(out, f.Rule.Code+"@"+strconv.Itoa(res.Doc.LineOf(f.Span.Start)+1))
	}
	return out
}

func runCompat(t *testing.T, kind document.Kind, text string) *Result {
	t.Helper()
	name := "file:///Dockerfile"
	if kind == document.Compose {
		name = "file:///compose.yaml"
	}
	res := Run(compatRegistry(kind), document.New(name, 1, kind, []byte(text)))
	if len(res.Panics) > 0 {
		t.Fatal(res.Panics)
	}
	return res
}

func TestHadolintIgnoreAboveInstruction(t *testing.T) {
	text := `FROM alpine:3.20
# hadolint ignore=DL3002,DL3020
USER ROOT
# hadolint ignore=DL3002
ADD app.tar /ADD
# hadolint ignore=DL3008
USER ROOT

# hadolint ignore=DL3002

USER ROOT
# hadolint ignore=DL3006, DL3007 -- both forms of the base image rule
# the comment block goes on
FROM LATEST AS b
# HADOLINT ignore=DL3002 is not hadolint's spelling
USER ROOT
#hadolint ignore=dl3002
USER ROOT
RUN echo ADD \
# hadolint ignore=DL3020
  && echo ROOT
`
	res := runCompat(t, document.Dockerfile, text)
	// 3: DL3002 hides DW102, and DL3020 would hide DW105.
	// 5: DL3002 does not hide DW105.
	// 7: DL3008 has no DW equivalent.
	// 11: a blank line separates the comment from the instruction.
	// 14: DL3006/DL3007 hide DW103 through a longer comment block.
	// 16: the keyword is case-sensitive.
	// 18: no blank needed after "#"; codes are read case-insensitively.
	// 19-21: a comment inside a continuation is not above the instruction.
	got := strings.Join(findingLines(res), " ")
	if want := "DW105@5 DW102@7 DW102@11 DW102@16 DW105@19 DW102@21"; got != want {
		t.Errorf("findings = %s, want %s", got, want)
	}
	if res.Suppressed != 3 {
		t.Errorf("Suppressed = %d, want 3", res.Suppressed)
	}
}

func TestHadolintGlobalIgnore(t *testing.T) {
	text := `FROM LATEST
USER ROOT

# hadolint global ignore=DL3006
RUN <<EOF
# hadolint global ignore=DL3002
echo ROOT
EOF
FROM LATEST
`
	res := runCompat(t, document.Dockerfile, text)
	// DW103 is hidden everywhere, before the comment too; the comment in
	// the heredoc body is shell text, not a hadolint comment.
	if got, want := strings.Join(findingLines(res), " "), "DW102@2 DW102@7"; got != want {
		t.Errorf("findings = %s, want %s", got, want)
	}
}

func TestHadolintIgnoreNotInCompose(t *testing.T) {
	text := "services:\n  # hadolint ignore=DL3002\n  a: ROOT\n"
	res := runCompat(t, document.Compose, text)
	if got, want := strings.Join(findingLines(res), " "), "DW102@3"; got != want {
		t.Errorf("findings = %s, want %s: hadolint comments are for Dockerfiles", got, want)
	}
}

func TestBuildKitCheckSkip(t *testing.T) {
	cases := []struct {
		name, text, want string
	}{
		{"one check", "# check=skip=SecretsUsedInArgOrEnv\nFROM a\nARG SECRET\nUSER ROOT\n", "DW102@4"},
		{"several checks and options", "# syntax=docker/dockerfile:1\n# check=skip=JSONArgsRecommended, SecretsUsedInArgOrEnv;error=true\nFROM a\nENV SECRET=x\n", ""},
		{"skip all", "# check=skip=all\nFROM a\nARG SECRET\nUSER ROOT\n", "DW102@4"},
		{"other checks only", "# check=skip=JSONArgsRecommended\nFROM a\nARG SECRET\n", "DW107@3"},
		{"check names are case-sensitive", "# check=skip=secretsusedinargorenv\nFROM a\nARG SECRET\n", "DW107@3"},
		{"error option alone", "# check=error=true\nFROM a\nARG SECRET\n", "DW107@3"},
		// After the first instruction "# check=" is a plain comment, as
		// BuildKit reads directives only at the top of the file.
		{"not a directive", "FROM a\n# check=skip=SecretsUsedInArgOrEnv\nARG SECRET\n", "DW107@3"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := runCompat(t, document.Dockerfile, c.text)
			if got := strings.Join(findingLines(res), " "); got != c.want {
				t.Errorf("findings = %q, want %q", got, c.want)
			}
		})
	}
}

// The compatibility comments add to dockwarden's own; they replace nothing.
func TestCompatKeepsOwnSuppression(t *testing.T) {
	text := "# check=skip=SecretsUsedInArgOrEnv\nFROM a\n# dockwarden:ignore DW112\n# hadolint ignore=DL3002\nUSER ROOT HEALTH\nARG SECRET\n"
	res := runCompat(t, document.Dockerfile, text)
	if len(res.Findings) != 0 || res.Suppressed != 3 {
		t.Errorf("findings %v, %d suppressed; want none and 3", findingLines(res), res.Suppressed)
	}
}

func TestParseHadolintIgnore(t *testing.T) {
	cases := []struct {
		comment string
		codes   string
		global  bool
	}{
		{"# hadolint ignore=DL3002", "DW102", false},
		{"# hadolint ignore=DL3002,DL3020", "DW102,DW105", false},
		{"# hadolint ignore=DL3006,DL3007", "DW103", false},
		{"# hadolint ignore=DL3004, DL3064 because", "DW111,DW107", false},
		{"# hadolint ignore=DL3008,SC2086", "", false},
		{"# hadolint global ignore=DL3002", "DW102", true},
		{"#  hadolint  ignore = DL3020", "DW105", false},
	}
	for _, c := range cases {
		codes, global, ok := ParseHadolintIgnore(c.comment)
		if !ok || strings.Join(codes, ",") != c.codes || global != c.global {
			t.Errorf("ParseHadolintIgnore(%q) = %v, %v, %v; want %s, %v", c.comment, codes, global, ok, c.codes, c.global)
		}
	}
	for _, comment := range []string{"# hadolint", "# hadolintignore=DL3002", "# hadolint disable=DL3002", "# dockwarden:ignore DW102", "# not hadolint ignore=DL3002"} {
		if _, _, ok := ParseHadolintIgnore(comment); ok {
			t.Errorf("ParseHadolintIgnore(%q) accepted a comment that is no hadolint suppression", comment)
		}
	}
}

func TestCompatTable(t *testing.T) {
	// Rule catalogue §6: the hadolint and BuildKit columns.
	want := map[string]string{
		"DL3002": "DW102", "DL3004": "DW111", "DL3006": "DW103", "DL3007": "DW103",
		"DL3020": "DW105", "DL3064": "DW107",
	}
	for dl, dw := range want {
		if got := strings.Join(HadolintEquivalents(dl), ","); got != dw {
			t.Errorf("HadolintEquivalents(%s) = %s, want %s", dl, got, dw)
		}
	}
	if len(hadolintRules) != len(want) {
		t.Errorf("hadolint table has %d entries, want %d", len(hadolintRules), len(want))
	}
	if got := strings.Join(BuildKitEquivalents("SecretsUsedInArgOrEnv"), ","); got != "DW107" {
		t.Errorf("BuildKitEquivalents(SecretsUsedInArgOrEnv) = %s", got)
	}
	if BuildKitEquivalents("secretsusedinargorenv") != nil {
		t.Error("BuildKit check names must match case-sensitively")
	}
}
