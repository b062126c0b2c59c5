package rules

import (
	"bytes"
	"os"
	"path/filepath"
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

// lines returns the 0-based line range [from, to) the expectation covers
// and the text to look for.
func (e hardeningExpectation) lines(t *testing.T, res *analysis.Result) (from, to int, text string) {
	rest, ok := strings.CutPrefix(e.text, "service ")
	if !ok {
		return 0, res.Doc.LineCount(), e.text
	}
	name, text, _ := strings.Cut(rest, ": ")
	for _, s := range res.Compose.Services {
		if s.Name == name && s.Value != nil {
			return res.Doc.LineOf(s.Key.Span.Start), res.Doc.LineOf(s.Value.Span.End) + 1, text
		}
	}
	t.Fatalf("row %d %s: no service %s", e.row, e.file, name)
	return 0, 0, ""
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

// hardeningCorpus analyses corpus files with DW201-DW210, once each.
type hardeningCorpus struct {
	t       *testing.T
	reg     *analysis.Registry
	results map[string]*analysis.Result
}

func (c *hardeningCorpus) result(file string) *analysis.Result {
	c.t.Helper()
	if res, ok := c.results[file]; ok {
		return res
	}
	text, err := os.ReadFile(filepath.Join(corpusRoot, filepath.FromSlash(file)))
	if err != nil {
		c.t.Fatalf("%s: %v", file, err)
	}
	res := analysis.Run(c.reg, document.New("file:///"+file, 1, document.Compose, text))
	if len(res.Panics) > 0 {
		c.t.Fatalf("%s: %s", file, res.Panics[0])
	}
	c.results[file] = res
	return res
}

func newHardeningCorpus(t *testing.T) *hardeningCorpus {
	if _, err := os.Stat(corpusRoot); err != nil {
		t.Skipf("corpus not present: %v", err)
	}
	return &hardeningCorpus{t: t, reg: analysis.NewRegistry(hardeningRules...), results: map[string]*analysis.Result{}}
}

// TestHardeningCorpus checks DW201-DW210 against the expectations of the
// corpus table: must-fire lines fire, must-not-fire lines stay quiet.
func TestHardeningCorpus(t *testing.T) {
	c := newHardeningCorpus(t)
	for _, e := range hardeningExpectations {
		res := c.result(e.file)
		from, to, text := e.lines(t, res)
		matched := 0
		for line := from; line < to; line++ {
			content := strings.TrimSpace(string(res.Doc.Line(line)))
			if exact, ok := strings.CutPrefix(text, "="); ok && content != exact ||
				!ok && !strings.Contains(content, text) || text != "" && strings.HasPrefix(content, "#") {
				continue
			}
			matched++
			got := findingsOn(res, line, e.code)
			switch {
			case e.fire && len(got) == 0:
				t.Errorf("row %d %s:%d: want %s on %q", e.row, e.file, line+1, e.code, content)
			case !e.fire && len(got) > 0:
				t.Errorf("row %d %s:%d: unexpected %s on %q: %s", e.row, e.file, line+1, e.code, content, got[0].Message)
			}
		}
		if text != "" && matched == 0 {
			t.Errorf("row %d %s: no line contains %q (corpus changed?)", e.row, e.file, e.text)
		}
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
			n := 0
			for _, f := range res.Findings {
				if f.Rule.Code == code {
					n++
				}
			}
			if n != want[code] {
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
	err := filepath.WalkDir(corpusRoot, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !(strings.HasSuffix(path, ".yml") || strings.HasSuffix(path, ".yaml")) {
			return err
		}
		rel, _ := filepath.Rel(corpusRoot, path)
		res := c.result(filepath.ToSlash(rel))
		n++
		for _, f := range res.Findings {
			line := res.Doc.Line(res.Doc.LineOf(f.Span.Start))
			if bytes.HasPrefix(bytes.TrimSpace(line), []byte("#")) {
				t.Errorf("%s:%d: %s on a comment line: %s", rel, res.Doc.LineOf(f.Span.Start)+1, f.Rule.Code, f.Message)
			}
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
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Fatal("no compose files in the corpus")
	}
}
