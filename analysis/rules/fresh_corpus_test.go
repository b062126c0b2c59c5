package rules

import (
	"testing"

	"github.com/dockwarden/dockwarden/analysis"
)

// freshExpectations use row 0: these files are not in rules.md's table.
var freshExpectations = []lineExpectation{
	// A switch, not a key (DW107), and an option that takes no value (DW108).
	{file: "blakeblackshear__frigate/docker/main/Dockerfile", code: "DW107", text: "APT_KEY_DONT_WARN_ON_DANGEROUS_USAGE"},
	{file: "coder__code-server/ci/release-image/Dockerfile", code: "DW108", text: "--disabled-password"},
	// DW215: what a default ships is judged; REDIS_AUTH and SALT are secrets.
	{file: "langfuse__langfuse/docker-compose.yml", code: "DW215", text: "SALT: ${SALT:-mysalt}", fire: true, severity: analysis.Warning},
	{file: "langfuse__langfuse/docker-compose.yml", code: "DW215", text: "REDIS_AUTH: ${REDIS_AUTH:-myredissecret}", fire: true, severity: analysis.Warning},
	{file: "jitsi__docker-jitsi-meet/docker-compose.yml", code: "DW215", text: "SENTRY_DSN"},
	// DW213 shares DW103's floating channels.
	{file: "jitsi__docker-jitsi-meet/docker-compose.yml", code: "DW213", text: "${JITSI_IMAGE_VERSION:-unstable}", fire: true, severity: analysis.Hint},
	// DW109: downloaded to a file, then run unchecked.
	{file: "blakeblackshear__frigate/docker/main/Dockerfile", code: "DW109", text: `&& python3 get-pip.py "pip"`, fire: true},
	{file: "blakeblackshear__frigate/docker/main/Dockerfile", code: "DW109", text: "./nsolid_setup_deb.sh 20", fire: true},
	{file: "pi-hole__docker-pi-hole/src/Dockerfile", code: "DW109", text: "&& /usr/bin/pihole-FTL  -vv", fire: true},
	{file: "docker-library__redis/7.2/alpine/Dockerfile", code: "DW109"},
	// DW118: plain HTTP, unchecked; the redis download over HTTP is checked.
	{file: "blakeblackshear__frigate/docker/main/Dockerfile", code: "DW118", text: "wget http://download.tensorflow.org/", fire: true},
	{file: "docker-library__redis/7.2/alpine/Dockerfile", code: "DW118"},
	{file: "outline__outline/Dockerfile", code: "DW118"},
	// DW101 judges the published last stage whatever stage compose builds
	// (docker-compose.yml builds target: devcontainer of this file).
	{file: "blakeblackshear__frigate/docker/main/Dockerfile", code: "DW101", text: "FROM deps AS frigate", fire: true, exact: true},
	// DW117: a token from a build argument.
	{file: "louislam__uptime-kuma/docker/dockerfile", code: "DW117", text: "github_api_token=$GITHUB_TOKEN", fire: true},
	{file: "langfuse__langfuse/web/Dockerfile", code: "DW117"},
	// DW116: the corpus holds the files without their repositories' trees,
	// so they are analysed without a build context and only explicit
	// copies are judged. A project's .npmrc copied by name is registry
	// settings as often as a token (uptime-kuma's holds
	// legacy-peer-deps=true); a .pem or a key copied into a build stage
	// whose files do not reach the image, or to a .pub, is not a leak.
	{file: "louislam__uptime-kuma/docker/dockerfile", code: "DW116", text: "COPY --chown=node:node .npmrc .npmrc"},
	{file: "getredash__redash/Dockerfile", code: "DW116", text: ".npmrc /frontend/"},
	{file: "amir20__dozzle/Dockerfile", code: "DW116", text: "COPY shared_key.pem shared_cert.pem ./"},
	{file: "jenkinsci__docker/debian/Dockerfile", code: "DW116", text: "COPY jenkins.io-2026.key /war/jenkins-key.pub"},
	// DW224: authentication switched off, an error where the port is
	// published; a password from a variable is no opt-out.
	{file: "blakeblackshear__frigate/docker-compose.yml", code: "DW224", text: "mosquitto -c /mosquitto-no-auth.conf", fire: true, severity: analysis.Error},
	{file: "getredash__redash/compose.yaml", code: "DW224", text: `POSTGRES_HOST_AUTH_METHOD: "trust"`, fire: true, severity: analysis.Error},
	{file: "getsentry__self-hosted/docker-compose.yml", code: "DW224", text: `POSTGRES_HOST_AUTH_METHOD: "trust"`, fire: true, severity: analysis.Warning},
	{file: "temporalio__docker-compose/docker-compose.yml", code: "DW224", text: "xpack.security.enabled=false", fire: true, severity: analysis.Warning},
	{file: "netbox-community__netbox-docker/docker-compose.yml", code: "DW224", text: "--requirepass $$REDIS_PASSWORD"},
	{file: "langfuse__langfuse/docker-compose.yml", code: "DW224", text: "--requirepass ${REDIS_AUTH:-myredissecret}"},
}

// TestFreshCorpus checks the expectations above with every rule on.
func TestFreshCorpus(t *testing.T) {
	c := newCorpusResults(t, freshCorpusRoot, All)
	for _, e := range freshExpectations {
		checkLines(t, c.result(e.file), e)
	}
}

// TestFreshCorpusFixes applies every fix of the shell and secret rules on
// every Dockerfile of the fresh corpus: the file still parses and the fix
// removes its finding.
func TestFreshCorpusFixes(t *testing.T) {
	needCorpus(t, freshCorpusRoot)
	reg := analysis.NewRegistry(SecretInArgOrEnv, HardcodedCredential, RemoteScriptPipedToShell, VerificationDisabled,
		CredentialsWithoutSecretMount, PlainHTTPDownload)
	fixes := checkDockerfileFixes(t, freshCorpusRoot, reg)
	if fixes < 2 {
		t.Errorf("only %d fixes in the fresh corpus: the DW117 and DW118 fixes are missing", fixes)
	}
}
