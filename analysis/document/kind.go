package document

import (
	"bytes"
	"path"
	"strings"
)

// KindFromName decides the kind of a file from its base name alone, the
// first and most reliable signal: editors often send compose files as plain
// "yaml" and Dockerfiles under many language ids. Dockerfiles are named
// Dockerfile or Containerfile, alone or followed by ".", "-" or "_" and a
// variant (Dockerfile.prod, Dockerfile-dev, Containerfile_ci), or end in
// ".dockerfile" (api.Dockerfile), in any case; a variant that ends in an
// extension of another kind of file (Dockerfile.md, Dockerfile-old.txt, a
// template such as Dockerfile.j2, BuildKit's Dockerfile.dockerignore) is
// not one. Compose files are compose.y(a)ml, docker-compose.y(a)ml and
// their dotted variants (compose.prod.yaml); the YAML names teams give
// compose files otherwise are only candidates (ComposeCandidate).
func KindFromName(name string) Kind {
	lower := strings.ToLower(baseName(name))
	if dockerfileName(lower) {
		return Dockerfile
	}
	ext := path.Ext(lower)
	if ext != ".yaml" && ext != ".yml" {
		return Unknown
	}
	stem := strings.TrimSuffix(lower, ext)
	for _, prefix := range []string{"compose", "docker-compose"} {
		if stem == prefix || strings.HasPrefix(stem, prefix+".") {
			return Compose
		}
	}
	return Unknown
}

// baseName is the last element of a slash- or backslash-separated path.
func baseName(name string) string { return path.Base(strings.ReplaceAll(name, "\\", "/")) }

// dockerfileName reports whether a lower-case base name is a Dockerfile's.
func dockerfileName(lower string) bool {
	if strings.HasSuffix(lower, ".dockerfile") {
		return true
	}
	for _, stem := range []string{"dockerfile", "containerfile"} {
		rest, ok := strings.CutPrefix(lower, stem)
		switch {
		case !ok:
			continue
		case rest == "":
			return true
		case rest[0] == '.' || rest[0] == '-' || rest[0] == '_':
			return len(rest) > 1 && !notDockerfileExts[path.Ext(lower)]
		}
	}
	return false
}

// notDockerfileExts are the extensions that make a variant of a Dockerfile
// name something else: documentation, scripts, data, editor leftovers and
// templates, which hold placeholders a build replaces first.
var notDockerfileExts = map[string]bool{
	".dockerignore": true,
	".md":           true, ".markdown": true, ".rst": true, ".adoc": true, ".txt": true, ".html": true, ".pdf": true,
	".json": true, ".yml": true, ".yaml": true, ".toml": true, ".xml": true, ".ini": true, ".cfg": true,
	".sh": true, ".bash": true, ".ps1": true, ".bat": true, ".cmd": true,
	".py": true, ".js": true, ".mjs": true, ".cjs": true, ".ts": true, ".go": true, ".rb": true, ".rs": true, ".java": true, ".php": true, ".pl": true,
	".orig": true, ".rej": true, ".bak": true, ".swp": true, ".tmp": true, ".patch": true, ".diff": true, ".lock": true,
	".j2": true, ".jinja": true, ".jinja2": true, ".tmpl": true, ".tpl": true, ".template": true, ".in": true, ".erb": true, ".mustache": true, ".hbs": true, ".gotmpl": true,
}

// ComposeCandidate reports whether a file name is one that teams give
// compose files but that other YAML uses too: docker-compose-*.y(a)ml,
// docker-compose_*, compose-*, compose_*, *.compose.y(a)ml,
// *-compose.y(a)ml, docker-stack*.y(a)ml and stack*.y(a)ml, in any case.
// Such a file is a compose file only when its top level has services
// (HasTopLevelServices); DetectKind decides so.
func ComposeCandidate(name string) bool {
	lower := strings.ToLower(baseName(name))
	ext := path.Ext(lower)
	if ext != ".yaml" && ext != ".yml" {
		return false
	}
	stem := strings.TrimSuffix(lower, ext)
	for _, prefix := range []string{"docker-compose-", "docker-compose_", "compose-", "compose_", "docker-stack", "stack"} {
		if strings.HasPrefix(stem, prefix) {
			return true
		}
	}
	return strings.HasSuffix(stem, ".compose") || strings.HasSuffix(stem, "-compose")
}

// Candidate reports whether a walk should read a file of this name to
// analyse it: a Dockerfile or compose file by name, or a compose candidate
// whose content decides.
func Candidate(name string) bool {
	return KindFromName(name) != Unknown || ComposeCandidate(name)
}

// DetectKind decides the kind of a document: by file name first (a
// compose candidate's name with a top-level services key), then by the
// client's languageId, and for plain YAML by whether the top level has a
// services key. Anything else is Unknown and gets no diagnostics.
func DetectKind(name, languageID string, text []byte) Kind {
	if k := KindFromName(name); k != Unknown {
		return k
	}
	if ComposeCandidate(name) && HasTopLevelServices(text) {
		return Compose
	}
	switch strings.ToLower(languageID) {
	case "dockerfile", "containerfile":
		return Dockerfile
	case "dockercompose", "docker-compose", "compose":
		return Compose
	case "yaml", "yml":
		if HasTopLevelServices(text) {
			return Compose
		}
	}
	return Unknown
}

// HasTopLevelServices reports whether YAML text has a "services:" key at
// the top level (column 0), which is what makes a YAML file a compose file.
func HasTopLevelServices(text []byte) bool {
	for len(text) > 0 {
		line := text
		if i := bytes.IndexByte(text, '\n'); i >= 0 {
			line, text = text[:i], text[i+1:]
		} else {
			text = nil
		}
		line = bytes.TrimRight(line, "\r")
		for _, key := range []string{"services:", `"services":`, `'services':`} {
			if bytes.HasPrefix(line, []byte(key)) {
				rest := bytes.TrimSpace(line[len(key):])
				if len(rest) == 0 || rest[0] == '#' || rest[0] == '{' || rest[0] == '&' {
					return true
				}
			}
		}
	}
	return false
}
