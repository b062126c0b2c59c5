package document

import (
	"bytes"
	"path"
	"strings"
)

// KindFromName decides the kind of a file from its base name alone, the
// first and most reliable signal: editors often send compose files as plain
// "yaml" and Dockerfiles under many language ids.
func KindFromName(name string) Kind {
	base := path.Base(strings.ReplaceAll(name, "\\", "/"))
	lower := strings.ToLower(base)
	switch {
	case lower == "dockerfile", lower == "containerfile",
		strings.HasPrefix(lower, "dockerfile."), strings.HasPrefix(lower, "containerfile."),
		strings.HasSuffix(lower, ".dockerfile"):
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

// DetectKind decides the kind of a document: by file name first, then by
// the client's languageId, and for plain YAML by whether the top level has
// a services key. Anything else is Unknown and gets no diagnostics.
func DetectKind(name, languageID string, text []byte) Kind {
	if k := KindFromName(name); k != Unknown {
		return k
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
