package rules

import (
	"strings"
	"testing"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/document"
)

// A fixCase is one finding's fix applied alone, the way an editor applies
// a quick fix: the archives apply all preferred fixes at once instead.
type fixCase struct {
	name, text string
	finding    int // which finding (in position order)
	title      string
	want       string
}

func checkFixes(t *testing.T, rule *analysis.Rule, cases []fixCase) {
	t.Helper()
	on := *rule
	on.Off = false
	reg := analysis.NewRegistry(&on)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := runDockerfile(reg, c.text)
			if c.finding >= len(res.Findings) || len(res.Findings[c.finding].Fixes) == 0 {
				t.Fatalf("no fix for finding %d among %d", c.finding, len(res.Findings))
			}
			fix := res.Findings[c.finding].Fixes[0]
			if fix.Title != c.title || fix.Safe {
				t.Errorf("fix %q (safe %v), want %q, not safe", fix.Title, fix.Safe, c.title)
			}
			got := applyFix(t, res, fix)
			if string(got) != c.want {
				t.Errorf("fixed text\n%q\nwant\n%q", got, c.want)
			}
			// What the fix leaves must still parse, and must not hold the
			// finding it fixed.
			after := analysis.Run(reg, document.New("file:///Dockerfile", 2, document.Dockerfile, got))
			if len(after.Dockerfile.Errors) > 0 {
				t.Errorf("fixed file does not parse: %v", after.Dockerfile.Errors)
			}
			if len(after.Findings) >= len(res.Findings) {
				t.Errorf("%d findings after the fix, %d before", len(after.Findings), len(res.Findings))
			}
		})
	}
}

func TestSensitivePortFixes(t *testing.T) {
	checkFixes(t, SensitivePort, []fixCase{
		{"first of two sensitive ports", "FROM a\nEXPOSE 22 2375\n", 0, "Remove port 22 from EXPOSE", "FROM a\nEXPOSE 2375\n"},
		{"second of two sensitive ports", "FROM a\nEXPOSE 22 2375\n", 1, "Remove port 2375 from EXPOSE", "FROM a\nEXPOSE 22\n"},
		{"only port, crlf", "FROM a\r\nEXPOSE 22\r\nCMD [\"x\"]\r\n", 0, "Remove the EXPOSE of port 22", "FROM a\r\nCMD [\"x\"]\r\n"},
		{"only port, last line without line break", "FROM a\nEXPOSE 2375", 0, "Remove the EXPOSE of port 2375", "FROM a"},
		{"only port, continued", "FROM a\nEXPOSE \\\n  22\nCMD [\"x\"]\n", 0, "Remove the EXPOSE of port 22", "FROM a\nCMD [\"x\"]\n"},
		{"only port, continued to the end of the file", "FROM a\nEXPOSE 22 \\\n", 0, "Remove the EXPOSE of port 22", "FROM a\n"},
		{"range", "FROM a\nEXPOSE 22-23/udp\n", 0, "Remove port 22 from EXPOSE", "FROM a\nEXPOSE 23/udp\n"},
		{"range with both", "FROM a\nEXPOSE 22-2375\n", 0, "Remove ports 22 and 2375 from EXPOSE", "FROM a\nEXPOSE 23-2374\n"},
		{"onbuild", "FROM a\nONBUILD EXPOSE 22\nCMD [\"x\"]\n", 0, "Remove the ONBUILD EXPOSE of port 22", "FROM a\nCMD [\"x\"]\n"},
		{"variable", "FROM a\nARG P=22/tcp\nEXPOSE 80 $P\n", 0, "Remove port 22 from EXPOSE", "FROM a\nARG P=22/tcp\nEXPOSE 80\n"},
	})
}

// A variable that stands for a range, or several ports, is not rewritten.
func TestSensitivePortNoFixForVariableRange(t *testing.T) {
	for _, text := range []string{
		"FROM a\nARG P=20-30\nEXPOSE $P\n",
		"FROM a\nARG P=\"22 80\"\nEXPOSE $P\n",
	} {
		res := runDockerfile(analysis.NewRegistry(SensitivePort), text)
		if len(res.Findings) != 1 || len(res.Findings[0].Fixes) != 0 {
			t.Errorf("%q: %d findings, want one without a fix", text, len(res.Findings))
		}
	}
}

func TestSensitivePortMessages(t *testing.T) {
	cases := map[string]string{
		"FROM a\nEXPOSE 22\n":                "EXPOSE 22 is SSH; ",
		"FROM a\nEXPOSE 2375/tcp\n":          "EXPOSE 2375/tcp is the Docker API without TLS; ",
		"FROM a\nARG P=22\nEXPOSE ${P}\n":    "EXPOSE ${P} (22) is SSH; ",
		"FROM a\nEXPOSE 1-3000\n":            "EXPOSE 1-3000 includes 22, SSH and 2375, the Docker API without TLS; ",
		"FROM a\nONBUILD EXPOSE 2375\nCMD x": "ONBUILD EXPOSE 2375 is the Docker API",
	}
	for text, prefix := range cases {
		res := runDockerfile(analysis.NewRegistry(SensitivePort), text)
		if len(res.Findings) != 1 || !strings.HasPrefix(res.Findings[0].Message, prefix) {
			t.Errorf("%q: findings %+v, want one whose message starts %q", text, res.Findings, prefix)
		}
	}
}

func TestSensitiveVolumeFixes(t *testing.T) {
	checkFixes(t, SensitiveVolume, []fixCase{
		{"json first element", "FROM a\nVOLUME [\"/proc\", \"/data\"]\n", 0, "Remove /proc from VOLUME", "FROM a\nVOLUME [\"/data\"]\n"},
		{"json only element", "FROM a\nVOLUME [\"/var/run/docker.sock\"]\nCMD x\n", 0, "Remove the VOLUME instruction", "FROM a\nCMD x\n"},
		{"first word", "FROM a\nVOLUME /sys /data\n", 0, "Remove /sys from VOLUME", "FROM a\nVOLUME /data\n"},
		{"second of two", "FROM a\nVOLUME /sys /dev\n", 1, "Remove /dev from VOLUME", "FROM a\nVOLUME /sys\n"},
		{"onbuild, last line", "FROM a\nONBUILD VOLUME /proc", 0, "Remove the ONBUILD VOLUME instruction", "FROM a"},
		{"crlf", "FROM a\r\nVOLUME /data \\\r\n  /proc\r\n", 0, "Remove /proc from VOLUME", "FROM a\r\nVOLUME /data\r\n"},
	})
}

func TestMissingHealthcheckFixes(t *testing.T) {
	const tmpl = "HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 CMD "
	checkFixes(t, MissingHealthcheck, []fixCase{
		{"crlf before CMD", "FROM nginx:1.27\r\nCMD [\"nginx\"]\r\n", 0,
			"Add a HEALTHCHECK before CMD that fetches http://localhost:80/ with curl; check that this path answers with a 2xx or 3xx status",
			"FROM nginx:1.27\r\n" + tmpl + "curl -fsS -o /dev/null http://localhost:80/ || exit 1\r\nCMD [\"nginx\"]\r\n"},
		{"no final line break", "FROM node:20-alpine\nEXPOSE 3000\nCOPY . .", 0,
			"Add a HEALTHCHECK at the end of the final stage that fetches http://localhost:3000/ with wget; check that this path answers with a 2xx or 3xx status",
			"FROM node:20-alpine\nEXPOSE 3000\nCOPY . .\n" + tmpl + "wget -q -O /dev/null http://localhost:3000/ || exit 1"},
		{"end of stage", "FROM postgres:17\nCOPY init.sql /docker-entrypoint-initdb.d/", 0,
			"Add a HEALTHCHECK at the end of the final stage that runs pg_isready, postgres's own check",
			"FROM postgres:17\nCOPY init.sql /docker-entrypoint-initdb.d/\n" + tmpl + "pg_isready -U \"${POSTGRES_USER:-postgres}\" || exit 1"},
		{"none in the final stage", "FROM redis:7\nHEALTHCHECK NONE\nCMD [\"redis-server\"]\n", 0,
			"Replace HEALTHCHECK NONE with a HEALTHCHECK that runs redis-cli ping, redis's own check",
			"FROM redis:7\n" + tmpl + "redis-cli ping || exit 1\nCMD [\"redis-server\"]\n"},
		{"own health endpoint", "FROM grafana/grafana-oss:11.2.0\nCOPY dashboards /var/lib/grafana/dashboards\n", 0,
			"Add a HEALTHCHECK at the end of the final stage that fetches http://localhost:3000/api/health, grafana's own health endpoint",
			"FROM grafana/grafana-oss:11.2.0\nCOPY dashboards /var/lib/grafana/dashboards\n" + tmpl + "curl -fsS -o /dev/null http://localhost:3000/api/health || exit 1\n"},
	})
}

func TestMissingHealthcheckMessages(t *testing.T) {
	reg := analysis.NewRegistry(MissingHealthcheck)
	missing := runDockerfile(reg, "FROM a:1\nCMD x\n")
	disabled := runDockerfile(reg, "FROM a:1\nHEALTHCHECK NONE\nCMD x\n")
	if len(missing.Findings) != 1 || len(disabled.Findings) != 1 {
		t.Fatalf("findings %d and %d, want 1 and 1", len(missing.Findings), len(disabled.Findings))
	}
	if m := missing.Findings[0].Message; !strings.Contains(m, "has no HEALTHCHECK") {
		t.Errorf("missing: %q", m)
	}
	if m := disabled.Findings[0].Message; !strings.Contains(m, "HEALTHCHECK NONE explicitly turns checks off") {
		t.Errorf("disabled: %q", m)
	}
}
