package rules

import (
	"slices"
	"strings"
	"testing"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/compose"
	"github.com/dockwarden/dockwarden/analysis/document"
)

// hardeningRules are the service hardening rules DW201-DW210.
var hardeningRules = []*analysis.Rule{
	RuntimeSocketMount, Privileged, CapDropAll, DangerousCapability, NoNewPrivileges,
	ConfinementDisabled, WritableRootFilesystem, HostNetwork, HostNamespace, HostDevice,
}

// A hardeningExpectation says that code must (or must not) be reported on
// every non-comment line of file that contains text; "" means every line,
// and is used only for must-not expectations. A text of the form
// "service NAME: TEXT" only looks at the lines of service NAME, its name
// line included; a TEXT starting with "=" must be the whole line.
type hardeningExpectation struct {
	row  int // the row of the corpus table in rules.md section 7
	file string
	code string
	text string
	fire bool
}

// lineExpectation reads the service and the exact line the text names.
func (e hardeningExpectation) lineExpectation() lineExpectation {
	le := lineExpectation{row: e.row, file: e.file, code: e.code, text: e.text, fire: e.fire}
	if rest, ok := strings.CutPrefix(le.text, "service "); ok {
		le.service, le.text, _ = strings.Cut(rest, ": ")
	}
	le.text, le.exact = strings.CutPrefix(le.text, "=")
	return le
}

const (
	netdataHardened = "compose-lint/docs/examples/netdata-socket-proxy/docker-compose.hardened.yml"
	cleanEdgeProxy  = "compose-lint/docs/examples/clean-edge-proxy/docker-compose.yml"
	dockprom        = "dockprom/docker-compose.exporters.yml"
)

var hardeningExpectations = []hardeningExpectation{
	{1, "awesome-compose/portainer/compose.yaml", "DW201", `"/var/run/docker.sock:/var/run/docker.sock"`, true},
	{2, "awesome-compose/traefik-golang/compose.yaml", "DW201", "/var/run/docker.sock:/var/run/docker.sock", true},
	{6, "awesome-compose/plex/compose.yaml", "DW208", "network_mode: host", true},
	{6, "awesome-compose/plex/compose.yaml", "DW201", "", false},
	{17, dockprom, "DW208", "network_mode: host", true},
	{17, dockprom, "DW201", "- /:/rootfs:ro", true},
	{17, dockprom, "DW201", "/var/run:/var/run:ro", true},
	{17, dockprom, "DW201", "/proc:/host/proc:ro", false},
	{17, dockprom, "DW202", "privileged: true", true},
	{17, dockprom, "DW210", "/dev/kmsg:/dev/kmsg", true},
	{30, netdataHardened, "DW206", "apparmor:unconfined", true},
	{30, netdataHardened, "DW208", "network_mode: host", true},
	{30, netdataHardened, "DW209", "pid: host", true},
	{30, netdataHardened, "DW204", "- SYS_PTRACE", true},
	{30, netdataHardened, "DW204", "- DAC_OVERRIDE", false},
	{30, netdataHardened, "DW205", "service netdata: security_opt:", true}, // present without the option
	{30, netdataHardened, "DW207", "service netdata: =netdata:", true},
	{30, netdataHardened, "DW203", "service netdata: ", false},
	{30, netdataHardened, "DW201", "service netdata: ", false},
	{30, netdataHardened, "DW201", "/var/run/docker.sock:/var/run/docker.sock:ro", true},
	{30, netdataHardened, "DW203", "service docker-socket-proxy: ", false},
	{30, netdataHardened, "DW205", "service docker-socket-proxy: ", false},
	{30, netdataHardened, "DW207", "service docker-socket-proxy: ", false},
	{31, cleanEdgeProxy, "DW203", "", false},
	{31, cleanEdgeProxy, "DW205", "", false},
	{31, cleanEdgeProxy, "DW207", "", false},
	{31, cleanEdgeProxy, "DW204", "", false},
	{32, "all-in-one/compose.yaml", "DW201", "/var/run/docker.sock:/var/run/docker.sock:ro", true},
	{32, "all-in-one/compose.yaml", "DW206", "", false},
	{32, "all-in-one/compose.yaml", "DW208", "", false},
	{35, "nginx-proxy/docker-compose.yml", "DW201", "/var/run/docker.sock:/tmp/docker.sock:ro", true},
	{35, "nginx-proxy/docker-compose.yml", "DW208", "", false},
	{36, "watchtower/docker-compose.yml", "DW201", "/var/run/docker.sock:/var/run/docker.sock:ro", true},
	{41, "traefik/docs/content/user-guides/docker-compose/basic-example/docker-compose.yml", "DW201", `"/var/run/docker.sock:/var/run/docker.sock:ro"`, true},
}

// baselineFiles are the corpus rows marked B: DW203, DW205 and DW207 fire
// on every service, since none of them sets cap_drop: [ALL],
// no-new-privileges or read_only. privileged lists services that run
// privileged, where DW203 gives way to DW202 (rules.md DW203).
var baselineFiles = []struct {
	row        int
	file       string
	privileged []string
}{
	{1, "awesome-compose/portainer/compose.yaml", nil},
	{2, "awesome-compose/traefik-golang/compose.yaml", nil},
	{6, "awesome-compose/plex/compose.yaml", nil},
	{7, "awesome-compose/nginx-golang-postgres/compose.yaml", nil},
	{17, dockprom, []string{"cadvisor"}},
	{32, "all-in-one/compose.yaml", nil},
	{35, "nginx-proxy/docker-compose.yml", nil},
	{36, "watchtower/docker-compose.yml", nil},
	{40, "immich/docker/docker-compose.yml", nil},
	{41, "traefik/docs/content/user-guides/docker-compose/basic-example/docker-compose.yml", nil},
	{42, "mastodon/docker-compose.yml", nil},
}

// newHardeningCorpus analyses corpus files with DW201-DW210, once each.
func newHardeningCorpus(t *testing.T) *corpusResults {
	return newCorpusResults(t, corpusRoot, analysis.NewRegistry(hardeningRules...))
}

// TestHardeningCorpus checks DW201-DW210 against the expectations of the
// corpus table: must-fire lines fire, must-not-fire lines stay quiet.
func TestHardeningCorpus(t *testing.T) {
	c := newHardeningCorpus(t)
	for _, e := range hardeningExpectations {
		checkLines(t, c.result(e.file), e.lineExpectation())
	}
}

// TestHardeningBaseline checks legend B of the corpus table: every service
// of the B rows gets DW203, DW205 and DW207 on its name, and nothing else of
// those three is reported.
func TestHardeningBaseline(t *testing.T) {
	c := newHardeningCorpus(t)
	for _, b := range baselineFiles {
		res := c.result(b.file)
		if res.Compose == nil || len(res.Compose.Services) == 0 {
			t.Errorf("row %d %s: no services", b.row, b.file)
			continue
		}
		want := map[string]int{}
		for _, s := range res.Compose.Services {
			line := res.Doc.LineOf(s.Key.Span.Start)
			codes := []string{"DW205", "DW207"}
			if !slices.Contains(b.privileged, s.Name) {
				codes = append(codes, "DW203")
			}
			for _, code := range codes {
				want[code]++
				if len(findingsOn(res, line, code)) != 1 {
					t.Errorf("row %d %s: service %s: want one %s on its name", b.row, b.file, s.Name, code)
				}
			}
		}
		for _, code := range []string{"DW203", "DW205", "DW207"} {
			if n := len(codesOn(res, code)); n != want[code] {
				t.Errorf("row %d %s: %d %s findings, want %d (one per service)", b.row, b.file, n, code, want[code])
			}
		}
	}
}

// TestHardeningCorpusComments: across every compose file of the corpus, no
// DW201-DW210 finding starts on a comment line (nextcloud AIO's
// `# security_opt: ["label:disable"]`, mastodon's commented es/tor blocks),
// and every fix leaves a file that still parses.
func TestHardeningCorpusComments(t *testing.T) {
	c := newHardeningCorpus(t)
	n := 0
	eachCorpusFile(t, corpusRoot, document.Compose, func(rel string, _ []byte) {
		res := c.result(rel)
		n++
		checkNotOnComments(t, rel, res)
		for _, f := range res.Findings {
			for _, fix := range f.Fixes {
				out, err := document.Apply(res.Doc.Text, fix.Edits)
				if err != nil {
					t.Errorf("%s: %s fix %q: %v", rel, f.Rule.Code, fix.Title, err)
					continue
				}
				again := compose.Parse(document.New("file:///fixed.yaml", 2, document.Compose, out))
				if len(again.Errors) > 0 {
					t.Errorf("%s: %s fix %q leaves a file that does not parse: %s", rel, f.Rule.Code, fix.Title, again.Errors[0].Message)
				}
			}
		}
	})
	if n == 0 {
		t.Fatal("no compose files in the corpus")
	}
}
