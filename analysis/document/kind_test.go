package document

import "testing"

func TestDetectKind(t *testing.T) {
	compose := []byte("# app\nservices:\n  web:\n    image: nginx\n")
	other := []byte("apiVersion: v1\nkind: Pod\nspec:\n  services: x\n")
	cases := []struct {
		name, lang string
		text       []byte
		want       Kind
	}{
		{"/w/Dockerfile", "", nil, Dockerfile},
		{"/w/dockerfile", "plaintext", nil, Dockerfile},
		{"/w/Dockerfile.prod", "", nil, Dockerfile},
		{"/w/api.Dockerfile", "", nil, Dockerfile},
		{"/w/api.dockerfile", "", nil, Dockerfile},
		{"/w/Containerfile", "", nil, Dockerfile},
		{"/w/Containerfile.dev", "", nil, Dockerfile},
		{"C:\\w\\Dockerfile", "", nil, Dockerfile},
		{"/w/compose.yaml", "yaml", nil, Compose},
		{"/w/compose.yml", "", nil, Compose},
		{"/w/compose.prod.yaml", "", nil, Compose},
		{"/w/docker-compose.yml", "", nil, Compose},
		{"/w/docker-compose.override.yaml", "", nil, Compose},
		{"/w/composer.yaml", "yaml", nil, Unknown},
		{"/w/docker-compose.json", "", nil, Unknown},
		{"/w/Dockerfile-old.txt", "", nil, Unknown},
		{"/w/build/image", "dockerfile", nil, Dockerfile},
		{"/w/stack.yml", "dockercompose", nil, Compose},
		{"/w/stack.yml", "yaml", compose, Compose},
		{"/w/pod.yaml", "yaml", other, Unknown},
		{"/w/notes.md", "markdown", compose, Unknown},
		// The names teams give Dockerfiles, in any case.
		{"/w/Dockerfile-dev", "", nil, Dockerfile},
		{"/w/Dockerfile_prod", "", nil, Dockerfile},
		{"/w/dockerfile_ci", "", nil, Dockerfile},
		{"/w/Containerfile-build", "", nil, Dockerfile},
		{"/w/Containerfile_x", "", nil, Dockerfile},
		{"/w/worker.Dockerfile", "", nil, Dockerfile},
		// Variants that are documentation, templates or ignore files.
		{"/w/Dockerfile.md", "", nil, Unknown},
		{"/w/Dockerfile-notes.txt", "", nil, Unknown},
		{"/w/Dockerfile.j2", "", nil, Unknown},
		{"/w/Dockerfile.template", "", nil, Unknown},
		{"/w/Dockerfile.dockerignore", "", nil, Unknown},
		{"/w/dockerfile-generator.js", "", nil, Unknown},
		{"/w/Dockerfile-", "", nil, Unknown},
		{"/w/Dockerfiles", "", nil, Unknown},
		// Compose candidates count only with a top-level services key.
		{"/w/docker-compose-prod.yml", "", compose, Compose},
		{"/w/docker-compose_override.yml", "", compose, Compose},
		{"/w/compose-dev.yaml", "", compose, Compose},
		{"/w/compose_ci.yaml", "", compose, Compose},
		{"/w/app.compose.yml", "", compose, Compose},
		{"/w/app-compose.yaml", "", compose, Compose},
		{"/w/docker-stack.yml", "", compose, Compose},
		{"/w/stack.yml", "", compose, Compose},
		{"/w/Stack-Prod.YML", "", compose, Compose},
		{"/w/stack.yml", "", other, Unknown},
		{"/w/compose-dev.yaml", "", other, Unknown},
		{"/w/stack.json", "", compose, Unknown},
		{"/w/mystack.yml", "", compose, Unknown},
	}
	for _, c := range cases {
		if got := DetectKind(c.name, c.lang, c.text); got != c.want {
			t.Errorf("DetectKind(%q, %q) = %v, want %v", c.name, c.lang, got, c.want)
		}
	}
}

func TestCandidate(t *testing.T) {
	for name, want := range map[string]bool{
		"Dockerfile": true, "Dockerfile-dev": true, "compose.yaml": true, "stack.yml": true,
		"compose-dev.yaml": true, "values.yaml": false, "Dockerfile.md": false, "README.md": false,
	} {
		if got := Candidate(name); got != want {
			t.Errorf("Candidate(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestHasTopLevelServices(t *testing.T) {
	for text, want := range map[string]bool{
		"services:\n":                   true,
		"version: '3'\r\nservices:\r\n": true,
		"services: # the app\n":         true,
		"services: {}\n":                true,
		"\"services\":\n":               true,
		"  services:\n":                 false,
		"# services:\n":                 false,
		"servicesx:\n":                  false,
		"services: none\n":              false,
	} {
		if got := HasTopLevelServices([]byte(text)); got != want {
			t.Errorf("HasTopLevelServices(%q) = %v, want %v", text, got, want)
		}
	}
}
