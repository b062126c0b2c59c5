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
	}
	for _, c := range cases {
		if got := DetectKind(c.name, c.lang, c.text); got != c.want {
			t.Errorf("DetectKind(%q, %q) = %v, want %v", c.name, c.lang, got, c.want)
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
