package rules

import (
	"strings"
	"testing"

	"github.com/dockwarden/dockwarden/analysis"
)

// TestSecretAndShellRulesCorpus checks DW107-DW111 against the rule
// catalogue's real-world corpus: the expectations of section 7 and the
// traps of section 1 that name corpus files. Each case lists, per rule,
// the text of every expected finding in file order (with its severity), or
// nothing when the rule must stay quiet.
func TestSecretAndShellRulesCorpus(t *testing.T) {
	needCorpus(t, corpusRoot)
	type want struct {
		text     string // the text the finding's span covers, or its start
		severity analysis.Severity
	}
	cases := []struct {
		row  string // §7 row, or §1 trap
		path string
		want map[string][]want // code -> findings; a listed code with no findings must not fire
	}{
		{"45", "OrderManagerWithExcelExport/Dockerfile", map[string][]want{
			// MYSQL_DATABASE and MYSQL_USER are not secrets.
			"DW107": {{"MYSQL_ROOT_PASSWORD", analysis.Error}, {"MYSQL_PASSWORD", analysis.Error}},
		}},
		{"18", "postgres/17/bookworm/Dockerfile", map[string][]want{
			"DW107": nil, // GOSU_VERSION, PG_MAJOR, PGDATA
			"DW109": nil, // wget to a file, then gpg --verify
			"DW111": nil,
		}},
		{"15", "awesome-compose/wasmedge-kafka-mysql/etl/Dockerfile", map[string][]want{
			"DW109": {{"curl -sSf https://raw.githubusercontent.com/WasmEdge/WasmEdge/master/utils/install.sh | bash", analysis.Warning}},
		}},
		{"23", "docker-nginx-unprivileged/mainline/alpine-perl/Dockerfile", map[string][]want{
			"DW110": nil, // apk index --allow-untrusted of locally built packages
			"DW109": nil,
		}},
		{"3", "awesome-compose/traefik-golang/backend/Dockerfile", map[string][]want{"DW109": nil}},
		{"10", "awesome-compose/react-express-mysql/backend/Dockerfile", map[string][]want{"DW107": nil}}, // ARG NODE_ENV, ARG PORT
		{"28", "compose-lint/Dockerfile", map[string][]want{"DW109": nil, "DW110": nil}},
		{"33", "all-in-one/Containers/mastercontainer/Dockerfile", map[string][]want{"DW107": nil}},  // ARG CADDY_REMOTE_HOST_HASH
		{"§1 secret names", "python/3.13/slim-bookworm/Dockerfile", map[string][]want{"DW107": nil}}, // ENV GPG_KEY
		{"§1.8", "docker-stacks/images/docker-stacks-foundation/Dockerfile", map[string][]want{"DW111": nil}},
	}
	rules := []*analysis.Rule{SecretInArgOrEnv, HardcodedCredential, RemoteScriptPipedToShell, VerificationDisabled, SudoInRun}
	reg := analysis.NewRegistry(rules...)
	for _, c := range cases {
		res := analyseCorpusFile(t, corpusRoot, c.path, reg)
		doc, text := res.Doc, res.Doc.Text
		for code, wants := range c.want {
			got := codesOn(res, code)
			if len(got) != len(wants) {
				for _, f := range got {
					line, _ := doc.Column(f.Span.Start)
					t.Logf("row %s %s:%d: %s %s", c.row, c.path, line, code, f.Message)
				}
				t.Errorf("row %s %s: %d %s findings, want %d", c.row, c.path, len(got), code, len(wants))
				continue
			}
			for i, w := range wants {
				f := got[i]
				span := string(text[f.Span.Start:f.Span.End])
				if !strings.HasPrefix(span, w.text) {
					t.Errorf("row %s %s: %s finding %d at %q, want %q", c.row, c.path, code, i, span, w.text)
				}
				if f.Severity != w.severity {
					t.Errorf("row %s %s: %s at %q has severity %s, want %s", c.row, c.path, code, span, f.Severity, w.severity)
				}
			}
		}
	}
}

// TestSecretAndShellRulesWholeCorpus runs DW107-DW111 over every corpus
// Dockerfile: none may panic, and every fix they offer must apply cleanly
// and remove its own finding.
func TestSecretAndShellRulesWholeCorpus(t *testing.T) {
	needCorpus(t, corpusRoot)
	reg := analysis.NewRegistry(SecretInArgOrEnv, HardcodedCredential, RemoteScriptPipedToShell, VerificationDisabled, SudoInRun)
	checkDockerfileFixes(t, corpusRoot, reg)
}
