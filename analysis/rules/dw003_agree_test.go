package rules

import (
	"fmt"
	"strings"
	"testing"

	"github.com/dockwarden/dockwarden/analysis/compose"
	"github.com/dockwarden/dockwarden/analysis/document"
)

// TestComposeSchemaAgreesOnTraps runs compose-go's loader, the code docker
// compose runs, on files that are easy to judge wrongly, and checks that
// DW003 reports exactly those the loader's schema validation rejects.
func TestComposeSchemaAgreesOnTraps(t *testing.T) {
	for _, text := range []string{
		"services:\n  a:\n    image: x\n    cap_add: [NET_ADMIN, NET_ADMIN]\n",
		"services:\n  a:\n    image: x\n    environment: [A=1, A=1]\n",
		"services:\n  a:\n    image: x\n    security_opt: [no-new-privileges, no-new-privileges]\n",
		"services:\n  a:\n    image: x\n    cpus: ${CPUS:-0.5}\n    mem_limit: ${MEM:-1g}\n",
		"services:\n  a:\n    image: x\n    ports: [\"${P:-80}:80\", 443, {target: 8080, published: \"${Q:-8080}\"}]\n",
		"services:\n  a:\n    image: x\n    healthcheck:\n      retries: ${R:-3}\n      interval: 10s\n",
		"services:\n  a:\n    image: x\n    privileged: yes\n",
		"services:\n  a:\n    image: x\n    read_only: \"true\"\n",
		"services:\n  a:\n    image: x\n    command: [run, 1]\n",
		"services:\n  a:\n    image: x\n    labels: {a: 1, b: true, c: null}\n",
		"services:\n  a:\n    image: x\n    environment: {A: null, B: 1.5}\n",
		"services:\n  a:\n    image: x\n    volumes: [{type: bind, source: ., target: 1}]\n",
		"services:\n  a:\n    image: x\n    volumes: [{type: bind, source: ., target: /x, bind: {propagaton: rshared}}]\n",
		"services:\n  a:\n    image: x\n    deploy: {resources: {limits: {memory: 512M, cpus: '0.5'}}}\n",
		"services:\n  a:\n    image: x\n    ulimits: {nofile: {soft: 1, hard: 2}, nproc: 65535}\n",
		"services:\n  a:\n    image: x\n    x-anything: [1, 2]\n",
		"version: '3.8'\nname: demo\nservices:\n  a:\n    image: x\n",
		"x-c: &c\n  restart: always\nservices:\n  a:\n    <<: *c\n    image: x\n",
		"x-c: &c\n  restrat: always\nservices:\n  a:\n    <<: *c\n    image: x\n",
		"services:\n  a:\n    image: x\nnetworks:\n  default: null\nvolumes:\n  data:\n",
		"services:\n  a:\n    image: x\nconfigs:\n  c:\n    content: hello\n",
		"services:\n  a:\n    image: x\nsecrets:\n  s:\n    file: ./s\n    extrnal: true\n",
		"services:\n  a:\n    image: x\n    networks: {front: {aliases: [a, a]}}\nnetworks: {front: {}}\n",
		"services:\n  a:\n    image: x\n    restart: ${RESTART:-no}\n",
		"services:\n  a:\n    build: {context: ., args: [A=1]}\n",
		"services:\n  a:\n    image: x\n    depends_on: {b: {condition: service_healthy}}\n  b:\n    image: y\n",
		"services:\n  a:\n    image: x\n    depends_on: {b: {condtion: service_healthy}}\n  b:\n    image: y\n",
		"services:\n  a:\n    image: x\n    stop_grace_period: 1m30s\n    shm_size: 64m\n    oom_score_adj: -500\n",
		"include:\n  - other.yaml\nservices: {}\n",
		"volumes:\n  data: {}\n",
		"services:\n  a:\n    image: 5\n",
		"services:\n  a:\n    image: x\n    privileged: maybe\n",
		"services:\n  a:\n    image: x\n    privileged: \"1\"\n",
		"services:\n  a:\n    image: x\n    privileged: \"Off\"\n    tty: Y\n",
		"services:\n  a:\n    image: x\n    read_only: yes please\n",
		"services:\n  a:\n    image: x\n    healthcheck: {retries: three, disable: \"no\"}\n",
		"services:\n  a:\n    image: x\n    healthcheck: {retries: \"+3\"}\n",
		"services:\n  a:\n    image: x\n    cpus: half\n    pids_limit: \"10\"\n",
		"services:\n  a:\n    image: x\n    umask: \"0022\"\n",
		"services:\n  a:\n    image: x\n    umask: \"u=rwx\"\n",
		"services:\n  a:\n    image: x\n    ulimits: {nofile: {soft: \"1k\", hard: 2}}\n",
		"services:\n  a:\n    image: x\n    volumes: [{type: bind, source: ., target: /x, read_only: maybe}]\n",
		"services:\n  a:\n    image: x\n    ports: [{target: \"eighty\"}]\n",
		"x-c: &c\n  privileged: maybe\nservices:\n  a:\n    <<: *c\n    image: x\n",
		"services:\n  a:\n    image: x\n    deploy: {replicas: two}\n",
		"networks:\n  n:\n    internal: sure\nservices:\n  a:\n    image: x\n",
		"services:\n  a:\n    image: x\n    restart: sometimes\n",
		"services:\n  a:\n    image: x\n    restart: always:3\n",
		"services:\n  a:\n    image: x\n    restart: on-failure:5\n",
		"services:\n  a:\n    image: x\n    deploy: {restart_policy: {condition: on_failure}}\n",
	} {
		agreesWithComposeGo(t, "", []byte(text))
	}
}

// agreesWithComposeGo checks that DW003 reports on text if and only if
// compose-go's loader rejects it in schema validation or when it casts an
// interpolated value to a boolean or a number. The loader checks some
// things before (YAML syntax, list entries it cannot index): a file it
// rejects that way may or may not get a DW003. A file in which DW003
// reports only what Docker Engine refuses (restart policies) the loader
// must accept: that is why DW003 reports it, as `docker compose up` fails.
func agreesWithComposeGo(t *testing.T, name string, text []byte) {
	t.Helper()
	if name == "" {
		name = fmt.Sprintf("%q", text)
	}
	err := composeLoads(emptyDir(t), text)
	rejects := err != nil && (strings.Contains(err.Error(), "validating") || strings.Contains(err.Error(), "failed to cast"))
	f := compose.Parse(document.New("file:///compose.yaml", 1, document.Compose, text))
	var got []string
	for _, e := range f.ValidateSchema() {
		got = append(got, e.Message)
	}
	engine := 0
	for _, e := range f.ValidateValues() {
		if e.Engine {
			engine++
			continue
		}
		got = append(got, e.Message)
	}
	if (len(got) > 0 && err == nil) || (rejects && len(got) == 0) {
		t.Errorf("%s:\ncompose-go: %v\nDW003: %q", name, err, got)
	}
	if engine > 0 && len(got) == 0 && err != nil {
		t.Errorf("%s: DW003 reports only values for Docker Engine, but compose-go refuses the file already: %v", name, err)
	}
	if testing.Verbose() {
		t.Logf("%s\n  compose-go: %v", name, err)
		for _, m := range got {
			t.Logf("  DW003: %s", m)
		}
	}
}
