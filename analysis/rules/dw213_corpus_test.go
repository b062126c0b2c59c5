package rules

import (
	"testing"

	"github.com/dockwarden/dockwarden/analysis"
)

const (
	portainerYAML = "awesome-compose/portainer/compose.yaml"
	traefikGoYAML = "awesome-compose/traefik-golang/compose.yaml"
	plexYAML      = "awesome-compose/plex/compose.yaml"
	nginxGoPgYAML = "awesome-compose/nginx-golang-postgres/compose.yaml"
	exportersYAML = "dockprom/docker-compose.exporters.yml"
	hardenedYAML  = "compose-lint/docs/examples/netdata-socket-proxy/docker-compose.hardened.yml"
	edgeProxyYAML = "compose-lint/docs/examples/clean-edge-proxy/docker-compose.yml"
	aioYAML       = "all-in-one/compose.yaml"
	nginxProxyYML = "nginx-proxy/docker-compose.yml"
	watchtowerYML = "watchtower/docker-compose.yml"
	immichYML     = "immich/docker/docker-compose.yml"
	traefikYML    = "traefik/docs/content/user-guides/docker-compose/basic-example/docker-compose.yml"
	mastodonYML   = "mastodon/docker-compose.yml"
)

// composeExpectations say that code must (or must not) be reported on
// every non-comment line of file containing text ("" means every line of
// the file, comments included), at severity when it is not zero.
var composeExpectations = []corpusExpectation{
	{1, portainerYAML, "DW217", `"9000:9000"`, true, analysis.Warning},
	{1, portainerYAML, "DW213", "", false, 0},
	{2, traefikGoYAML, "DW217", `"80:80"`, true, analysis.Hint},
	{2, traefikGoYAML, "DW213", "", false, 0},
	{6, plexYAML, "DW213", "image: linuxserver/plex", true, analysis.Information},
	{6, plexYAML, "DW217", "", false, 0},
	{7, nginxGoPgYAML, "DW213", "image: postgres", true, analysis.Information},
	{7, nginxGoPgYAML, "DW213", "image: nginx", true, analysis.Information},
	{7, nginxGoPgYAML, "DW217", "- 80:80", true, analysis.Hint},
	{7, nginxGoPgYAML, "DW215", "", false, 0},
	{7, nginxGoPgYAML, "DW214", "", false, 0},
	{7, nginxGoPgYAML, "DW219", "", false, 0},
	{7, nginxGoPgYAML, "DW213", "build:", false, 0},
	{17, exportersYAML, "DW217", "", false, 0},
	{30, hardenedYAML, "DW214", "", false, 0},
	{30, hardenedYAML, "DW213", "", false, 0},
	{30, hardenedYAML, "DW216", "docker-socket-proxy:", true, analysis.Information},
	{31, edgeProxyYAML, "DW217", "'80:80'", true, analysis.Hint},
	{31, edgeProxyYAML, "DW217", "'443:443'", true, analysis.Hint},
	{31, edgeProxyYAML, "DW215", "", false, 0},
	{31, edgeProxyYAML, "DW213", "", false, 0},
	{32, aioYAML, "DW213", "image: ghcr.io/nextcloud-releases/all-in-one:latest", true, analysis.Information},
	{32, aioYAML, "DW218", "network_mode: bridge", true, analysis.Information},
	{32, aioYAML, "DW217", `"8080:8080"`, true, analysis.Warning},
	{32, aioYAML, "DW217", `"8443:8443"`, true, analysis.Warning},
	{32, aioYAML, "DW217", `"80:80"`, true, analysis.Hint},
	{35, nginxProxyYML, "DW213", "image: nginxproxy/nginx-proxy", true, analysis.Information},
	{35, nginxProxyYML, "DW213", "image: jwilder/whoami", true, analysis.Information},
	{35, nginxProxyYML, "DW217", `"80:80"`, true, analysis.Hint},
	{36, watchtowerYML, "DW213", "image: prom/prometheus", true, analysis.Information},
	{36, watchtowerYML, "DW213", "image: grafana/grafana", true, analysis.Information},
	{36, watchtowerYML, "DW213", "image: nginx", true, 0}, // one line: `image: nginx` (and not nginx:alpine, below)
	{36, watchtowerYML, "DW213", "image: nginx:alpine", false, 0},
	{36, watchtowerYML, "DW213", "build:", false, 0},
	{36, watchtowerYML, "DW217", "8080:8080", true, analysis.Warning},
	{36, watchtowerYML, "DW217", "9090:9090", true, analysis.Warning},
	{36, watchtowerYML, "DW217", "3000:3000", true, analysis.Warning},
	{36, watchtowerYML, "DW215", "", false, 0}, // known false negative: the token in command:
	{40, immichYML, "DW213", "immich-server:${IMMICH_VERSION:-release}", true, analysis.Hint},
	{40, immichYML, "DW213", "immich-machine-learning:${IMMICH_VERSION:-release}", true, analysis.Hint},
	{40, immichYML, "DW213", "@sha256:", false, 0},
	{40, immichYML, "DW217", "${EXPOSE_PORT-:2283:2283}", true, 0},
	{40, immichYML, "DW215", "", false, 0},
	{40, immichYML, "DW219", "", false, 0},
	{41, traefikYML, "DW213", `image: "traefik/whoami"`, true, analysis.Information},
	{41, traefikYML, "DW213", `image: "traefik:v3.1"`, false, 0},
	{41, traefikYML, "DW217", `"8080:8080"`, true, analysis.Warning},
	{41, traefikYML, "DW217", `"80:80"`, true, analysis.Hint},
	{42, mastodonYML, "DW217", "", false, 0},
	{42, mastodonYML, "DW218", "", false, 0},
	{42, mastodonYML, "DW213", "", false, 0},
	{42, mastodonYML, "DW215", "", false, 0},
	// trust on a database the service does not publish: a warning.
	{42, mastodonYML, "DW224", "POSTGRES_HOST_AUTH_METHOD=trust", true, analysis.Warning},
}

// limitsBaselineFiles are the rows marked B: DW216 fires on every service (none
// of them sets limits).
var limitsBaselineFiles = []struct {
	row  int
	file string
}{
	{1, portainerYAML}, {2, traefikGoYAML}, {6, plexYAML}, {7, nginxGoPgYAML},
	{17, exportersYAML}, {32, aioYAML}, {35, nginxProxyYML}, {36, watchtowerYML},
	{40, immichYML}, {41, traefikYML}, {42, mastodonYML}, {31, edgeProxyYAML},
}

// composeRules are the rules this test covers.
var composeRules = analysis.NewRegistry(ImageNotPinned, ComposeRootUser, LiteralComposeSecret, NoResourceLimits,
	PortAllInterfaces, DefaultBridge, HealthcheckDisabled, DockerTCPWithoutTLS, SharedPropagation, LoggingDisabled,
	AuthenticationDisabled)

// TestComposeRulesCorpus checks DW213-DW222 and DW224 against the corpus table:
// must-fire lines fire at the stated severity, must-not-fire lines stay
// quiet, commented-out lines never fire, and every baseline service gets
// DW216 on its name.
func TestComposeRulesCorpus(t *testing.T) {
	c := newCorpusResults(t, corpusRoot, composeRules)
	for _, e := range composeExpectations {
		checkLines(t, c.result(e.file), lineExpectation{row: e.row, file: e.file, code: e.code, text: e.text,
			fire: e.fire, severity: e.severity, exact: e.fire && e.text == "image: nginx"})
	}
	for _, b := range limitsBaselineFiles {
		res := c.result(b.file)
		if len(res.Compose.Services) == 0 {
			t.Errorf("row %d %s: no services", b.row, b.file)
		}
		for _, s := range res.Compose.Services {
			line := res.Doc.LineOf(s.Key.Span.Start)
			if len(findingsOn(res, line, "DW216")) == 0 {
				t.Errorf("row %d %s: service %s has no DW216", b.row, b.file, s.Name)
			}
		}
	}
	for _, file := range c.files {
		checkNotOnComments(t, file, c.result(file))
	}
}
