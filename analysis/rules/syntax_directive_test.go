package rules

import (
	"testing"

	"github.com/dockwarden/dockwarden/analysis"
)

// TestBuildSecretFixReadsTheSyntaxDirective checks how the build-secret
// fix of DW117 reads # syntax=: the env= mount for a frontend known to
// have it, the line raised for an older docker/dockerfile version it can
// name, and the secret file read in place for anything else (another
// frontend, whatever its tag, or a version a digest pins).
func TestBuildSecretFixReadsTheSyntaxDirective(t *testing.T) {
	const env = "RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci --token=$NPM_TOKEN\n"
	const file = "RUN --mount=type=secret,id=npm_token npm ci --token=$(cat /run/secrets/npm_token)\n"
	const pinned = "@sha256:9857836c9ee4268391bb5b09f9f157f3c91bb15821bb77969642813b0d00518d"
	for _, tc := range []struct{ syntax, wantSyntax, wantRun string }{
		{"", "", file},
		{"docker/dockerfile:1", "docker/dockerfile:1", env},
		{"docker/dockerfile", "docker/dockerfile", env},
		{"docker/dockerfile:1-labs", "docker/dockerfile:1-labs", env},
		{"docker/dockerfile:1.12.0", "docker/dockerfile:1.12.0", env},
		{"docker.io/docker/dockerfile:1.4", "docker.io/docker/dockerfile:1.10", env},
		{"docker/dockerfile:1.5.2-labs", "docker/dockerfile:1.10-labs", env},
		{"docker/dockerfile-upstream:1.9", "docker/dockerfile-upstream:1.10", env},
		{"docker/dockerfile:1.4" + pinned, "docker/dockerfile:1.4" + pinned, file},
		{"docker/dockerfile:1" + pinned, "docker/dockerfile:1" + pinned, file},
		{"example.com/frontend:2.0", "example.com/frontend:2.0", file},
		{"localhost:5000/docker/dockerfile:1.12", "localhost:5000/docker/dockerfile:1.12", file},
	} {
		t.Run(tc.syntax, func(t *testing.T) {
			head, wantHead := "", ""
			if tc.syntax != "" {
				head, wantHead = "# syntax="+tc.syntax+"\n", "# syntax="+tc.wantSyntax+"\n"
			}
			res := runDockerfile(analysis.NewRegistry(CredentialsWithoutSecretMount),
				head+"FROM node:22\nARG NPM_TOKEN\nRUN npm ci --token=$NPM_TOKEN\n")
			f := onlyFinding(t, res)
			if len(f.Fixes) != 1 {
				t.Fatalf("fixes %+v, want one", f.Fixes)
			}
			want := wantHead + "FROM node:22\n" + tc.wantRun
			if got := applyFix(t, res, f.Fixes[0]); string(got) != want {
				t.Errorf("%q:\n%s\nwant\n%s", f.Fixes[0].Title, got, want)
			}
		})
	}
}
