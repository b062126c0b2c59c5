package compose

import "strings"

// An Interpolated is a string after Compose variable interpolation
// (compose-spec interpolation.md): `$VAR`, `${VAR}`, `${VAR:-default}`,
// `${VAR-default}`, `${VAR:?err}`, `${VAR?err}`, `${VAR:+alt}`, `$$`.
type Interpolated struct {
	// Value is the interpolated text. A variable that could not be resolved
	// stays as written (`${VAR}`), so Value still shows where it was.
	Value string
	// HasVars reports that the raw text used interpolation at all.
	HasVars bool
	// Unresolved reports that at least one variable kept its raw form:
	// Value is then only partly known.
	Unresolved bool
	// Defaulted reports that a default was used because the variable was
	// unknown: the shipped value is the default unless the .env says
	// otherwise.
	Defaulted bool
}

// Interpolate expands raw with f.Lookup (nil: every variable is unknown, and
// `${VAR:-default}` / `${VAR-default}` give their default).
func (f *File) Interpolate(raw string) Interpolated {
	var lookup func(string) (string, bool)
	if f != nil {
		lookup = f.Lookup
	}
	return Interpolate(raw, lookup)
}

// Interpolate expands raw with lookup; see Interpolated.
func Interpolate(raw string, lookup func(string) (string, bool)) Interpolated {
	if !strings.Contains(raw, "$") {
		return Interpolated{Value: raw}
	}
	res := Interpolated{}
	var b strings.Builder
	for i := 0; i < len(raw); {
		c := raw[i]
		if c != '$' || i+1 >= len(raw) {
			b.WriteByte(c)
			i++
			continue
		}
		next := raw[i+1]
		switch {
		case next == '$':
			b.WriteByte('$')
			i += 2
		case next == '{':
			end := closingBrace(raw, i+2)
			if end < 0 {
				b.WriteString(raw[i:])
				i = len(raw)
				res.HasVars, res.Unresolved = true, true
				continue
			}
			res.HasVars = true
			b.WriteString(expandBraced(raw[i:end+1], raw[i+2:end], lookup, &res))
			i = end + 1
		case isNameStart(next):
			j := i + 1
			for j < len(raw) && isNameChar(raw[j]) {
				j++
			}
			res.HasVars = true
			if v, ok := lookupVar(lookup, raw[i+1:j]); ok {
				b.WriteString(v)
			} else {
				b.WriteString(raw[i:j])
				res.Unresolved = true
			}
			i = j
		default:
			b.WriteByte(c)
			i++
		}
	}
	res.Value = b.String()
	return res
}

func lookupVar(lookup func(string) (string, bool), name string) (string, bool) {
	if lookup == nil {
		return "", false
	}
	return lookup(name)
}

// closingBrace finds the `}` closing a `${` whose body starts at from,
// allowing nested `${...}` in defaults.
func closingBrace(s string, from int) int {
	depth := 1
	for i := from; i < len(s); i++ {
		switch {
		case s[i] == '$' && i+1 < len(s) && s[i+1] == '{':
			depth++
			i++
		case s[i] == '}':
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}

func expandBraced(whole, body string, lookup func(string) (string, bool), res *Interpolated) string {
	n := 0
	for n < len(body) && isNameChar(body[n]) {
		n++
	}
	name, op := body[:n], body[n:]
	val, known := lookupVar(lookup, name)
	switch {
	case op == "":
		if known {
			return val
		}
	case strings.HasPrefix(op, ":-"), strings.HasPrefix(op, "-"):
		colon := op[0] == ':'
		def := strings.TrimPrefix(strings.TrimPrefix(op, ":"), "-")
		if known && !(colon && val == "") {
			return val
		}
		if !known {
			res.Defaulted = true
		}
		sub := Interpolate(def, lookup)
		res.Unresolved = res.Unresolved || sub.Unresolved
		res.Defaulted = res.Defaulted || sub.Defaulted
		return sub.Value
	case strings.HasPrefix(op, ":+"), strings.HasPrefix(op, "+"):
		colon := op[0] == ':'
		if known {
			if colon && val == "" {
				return ""
			}
			sub := Interpolate(strings.TrimPrefix(strings.TrimPrefix(op, ":"), "+"), lookup)
			res.Unresolved = res.Unresolved || sub.Unresolved
			return sub.Value
		}
	case strings.HasPrefix(op, ":?"), strings.HasPrefix(op, "?"):
		if known && !(op[0] == ':' && val == "") {
			return val
		}
	}
	res.Unresolved = true
	return whole
}

func isNameStart(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func isNameChar(c byte) bool { return isNameStart(c) || c >= '0' && c <= '9' }
