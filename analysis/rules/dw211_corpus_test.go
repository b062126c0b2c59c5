package rules

import (
	"testing"

	"github.com/dockwarden/dockwarden/analysis"
)

// mountExpectation is a lineExpectation whose must-fire DW212 findings are
// hints.
type mountExpectation struct {
	row  int // the row of the corpus table in rules.md section 7
	file string
	code string
	text string
	fire bool
}

var mountExpectations = []mountExpectation{
	{1, "awesome-compose/portainer/compose.yaml", "DW212", "portainer_data:/data", false},
	{1, "awesome-compose/portainer/compose.yaml", "DW212", "docker.sock", false},
	{1, "awesome-compose/portainer/compose.yaml", "DW211", "", false},
	{6, "awesome-compose/plex/compose.yaml", "DW212", "${PLEX_MEDIA_PATH}:/media/", true},
	{7, "awesome-compose/nginx-golang-postgres/compose.yaml", "DW211", "", false},
	{7, "awesome-compose/nginx-golang-postgres/compose.yaml", "DW212", "", false},
	{17, "dockprom/docker-compose.exporters.yml", "DW211", "/var/lib/docker/:/var/lib/docker:ro", true},
	{17, "dockprom/docker-compose.exporters.yml", "DW211", "/proc:/host/proc:ro", true},
	{17, "dockprom/docker-compose.exporters.yml", "DW211", "/sys:", true},
	{17, "dockprom/docker-compose.exporters.yml", "DW211", "- /:/rootfs:ro", false},
	{17, "dockprom/docker-compose.exporters.yml", "DW211", "/var/run:/var/run:ro", false},
	{17, "dockprom/docker-compose.exporters.yml", "DW212", "", false},
	{30, "compose-lint/docs/examples/netdata-socket-proxy/docker-compose.hardened.yml", "DW212", "./sockets:/sock", true},
	{30, "compose-lint/docs/examples/netdata-socket-proxy/docker-compose.hardened.yml", "DW211", "/proc:/host/proc:ro", true},
	{30, "compose-lint/docs/examples/netdata-socket-proxy/docker-compose.hardened.yml", "DW211", "/sys:/host/sys:ro", true},
	{30, "compose-lint/docs/examples/netdata-socket-proxy/docker-compose.hardened.yml", "DW211", "/var/log:/host/var/log:ro", true},
	{30, "compose-lint/docs/examples/netdata-socket-proxy/docker-compose.hardened.yml", "DW211", "/etc/passwd:/host/etc/passwd:ro", true},
	{30, "compose-lint/docs/examples/netdata-socket-proxy/docker-compose.hardened.yml", "DW211", "/etc/group:/host/etc/group:ro", true},
	{30, "compose-lint/docs/examples/netdata-socket-proxy/docker-compose.hardened.yml", "DW211", "docker.sock", false},
	{30, "compose-lint/docs/examples/netdata-socket-proxy/docker-compose.hardened.yml", "DW212", "docker.sock", false},
	{30, "compose-lint/docs/examples/netdata-socket-proxy/docker-compose.hardened.yml", "DW212", "netdata_lib:", false},
	{31, "compose-lint/docs/examples/clean-edge-proxy/docker-compose.yml", "DW212", "", false},
	{31, "compose-lint/docs/examples/clean-edge-proxy/docker-compose.yml", "DW211", "", false},
	{32, "all-in-one/compose.yaml", "DW212", "", false},
	{32, "all-in-one/compose.yaml", "DW211", "", false},
	{36, "watchtower/docker-compose.yml", "DW212", "./prometheus/:/etc/prometheus/", true},
	{36, "watchtower/docker-compose.yml", "DW212", "./grafana:/etc/grafana/provisioning", true},
	{36, "watchtower/docker-compose.yml", "DW212", "docker.sock", false},
	{36, "watchtower/docker-compose.yml", "DW212", "prometheus:/prometheus/", false},
	{36, "watchtower/docker-compose.yml", "DW211", "", false},
	{40, "immich/docker/docker-compose.yml", "DW212", "${UPLOAD_LOCATION}:/data", true},
	{40, "immich/docker/docker-compose.yml", "DW212", "${DB_DATA_LOCATION}:/var/lib/postgresql/data", true},
	{40, "immich/docker/docker-compose.yml", "DW212", "/etc/localtime", false},
	{40, "immich/docker/docker-compose.yml", "DW211", "", false},
	{42, "mastodon/docker-compose.yml", "DW212", "./postgres14:/var/lib/postgresql/data", true},
	{42, "mastodon/docker-compose.yml", "DW212", "./redis:/data", true},
	{42, "mastodon/docker-compose.yml", "DW212", "./public/system:/mastodon/public/system", true},
	{42, "mastodon/docker-compose.yml", "DW211", "", false},
	// Not in the table (row 0): KICS reports the writable kernel sources of
	// the WireGuard example, from which the host builds its modules.
	{0, "awesome-compose/wireguard/compose.yaml", "DW211", "/usr/src:/usr/src", true},
	{0, "awesome-compose/wireguard/compose.yaml", "DW212", "/usr/src:/usr/src", false},
	{0, "awesome-compose/wireguard/compose.yaml", "DW211", "/usr/share/appdata/wireguard/config", false},
}

// TestMountCorpus checks DW211 and DW212 against the expectations of the
// corpus table: must-fire lines fire, must-not-fire lines stay quiet, and
// commented-out entries never fire.
func TestMountCorpus(t *testing.T) {
	c := newCorpusResults(t, corpusRoot, analysis.NewRegistry(SensitiveBindMount, WritableBindMount))
	for _, e := range mountExpectations {
		res := c.result(e.file)
		sev := analysis.Severity(0)
		if e.fire && e.code == "DW212" {
			sev = analysis.Hint
		}
		checkLines(t, res, lineExpectation{row: e.row, file: e.file, code: e.code, text: e.text, fire: e.fire, severity: sev})
	}
}
