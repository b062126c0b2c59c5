package compose

import (
	"bufio"
	"bytes"
	"strings"
)

// The .env file of a Compose project gives values to the variables the
// compose file interpolates. Its syntax is compose-go's dotenv parser:
// `NAME=value` (or `NAME: value`, or `export NAME=value`), `#` comments,
// and three kinds of value: unquoted (read to the end of the line, ` #`
// starts a comment, variables are expanded), single-quoted (taken
// literally up to the closing quote; only `\'` is an escape) and
// double-quoted (`\\`, `\"`, `\$`, `\n` and the like are escapes,
// variables are expanded).

// DotEnvLine returns the line of a .env file that gives name exactly
// value, without its line break: single-quoted when that reads back
// literally (no single quote in the value, no backslash at its end),
// else double-quoted with every character the parser would take as an
// escape or a variable escaped.
func DotEnvLine(name, value string) string {
	if !strings.Contains(value, "'") && !strings.HasSuffix(value, `\`) && !strings.ContainsAny(value, "\r\n") {
		return name + "='" + value + "'"
	}
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, `$`, `\$`, "\n", `\n`, "\r", `\r`)
	return name + `="` + r.Replace(value) + `"`
}

// ValidVariableName reports whether name can be interpolated as
// ${name} in a compose file: a letter or underscore, then letters,
// digits and underscores (compose-spec interpolation.md).
func ValidVariableName(name string) bool {
	if name == "" || !isNameStart(name[0]) {
		return false
	}
	for i := 1; i < len(name); i++ {
		if !isNameChar(name[i]) {
			return false
		}
	}
	return true
}

// DotEnvValue finds what the .env text gives name, by its last
// assignment (a later one wins). set reports that some line assigns
// name; known, that its value could be read: values this reader does
// not follow (escapes, variables, quotes spanning lines) are set but
// not known, so that a caller never takes them for a value they are
// not.
func DotEnvValue(text []byte, name string) (value string, set, known bool) {
	sc := bufio.NewScanner(bytes.NewReader(text))
	sc.Buffer(nil, len(text)+1)
	for sc.Scan() {
		line := strings.TrimLeft(sc.Text(), " \t")
		if strings.HasPrefix(line, "export ") || strings.HasPrefix(line, "export\t") {
			line = strings.TrimLeft(line[len("export"):], " \t")
		}
		end := strings.IndexAny(line, "=:")
		if end < 0 || strings.TrimRight(line[:end], " \t") != name {
			continue
		}
		set = true
		value, known = dotEnvValue(strings.TrimLeft(line[end+1:], " \t"))
	}
	return value, set, known
}

// dotEnvValue reads the value part of one line, when it is simple
// enough to read without the whole parser.
func dotEnvValue(raw string) (string, bool) {
	raw = strings.TrimRight(raw, "\r")
	switch {
	case strings.HasPrefix(raw, "'"):
		end := strings.Index(raw[1:], "'")
		if end < 0 || strings.Contains(raw[1:end+1], `\`) {
			return "", false
		}
		return raw[1 : end+1], true
	case strings.HasPrefix(raw, `"`):
		end := strings.Index(raw[1:], `"`)
		if end < 0 || strings.ContainsAny(raw[1:end+1], `\$`) {
			return "", false
		}
		return raw[1 : end+1], true
	}
	v, _, _ := strings.Cut(raw, " #")
	v = strings.TrimRight(v, " \t")
	if strings.Contains(v, "$") {
		return "", false
	}
	return v, true
}
