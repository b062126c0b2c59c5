package dockerfile

import "strings"

// A varValue is what is known of a variable: Known is false when it is
// declared without a value (`ARG NAME`), so that only a build argument
// could give it one.
type varValue struct {
	Value string
	Known bool
}

// vars maps variable names to values.
type vars map[string]varValue

// A scope tells what is known of a variable: its value, and whether it is
// set at all (an unset variable takes the default of ${NAME:-word}).
type scope interface {
	get(name string) (x varValue, set bool)
}

func (v vars) get(name string) (varValue, bool) {
	x, ok := v[name]
	return x, ok
}

// declare sets the variable of an ARG/ENV pair, expanding its value with
// scope; `ARG NAME` without a value is declared unknown.
func (v vars) declare(p Pair, scope scope, escape byte) {
	if !p.HasValue {
		if _, ok := v[p.Key]; !ok {
			v[p.Key] = varValue{}
		}
		return
	}
	val, ok := expand(p.Value, scope, escape)
	v[p.Key] = varValue{Value: val, Known: ok}
}

// over returns v layered over base: v's variables win.
func (v vars) over(base vars) vars {
	out := make(vars, len(v)+len(base))
	for k, x := range base {
		out[k] = x
	}
	for k, x := range v {
		out[k] = x
	}
	return out
}

// expand substitutes $NAME, ${NAME} and the ${NAME:-word}, ${NAME-word},
// ${NAME:+word} and ${NAME+word} forms in word and removes quotes, as
// BuildKit does for FROM, ARG, ENV and USER values. It reports false when
// the result depends on a variable that is unset or whose value is not
// known from the file; a default word then counts as known only where it is
// actually used.
func expand(word string, scope scope, escape byte) (string, bool) {
	var b strings.Builder
	known := true
	var quote byte
	for i := 0; i < len(word); i++ {
		c := word[i]
		switch {
		case c == escape && quote != '\'' && i+1 < len(word):
			i++
			b.WriteByte(word[i])
		case quote == 0 && (c == '\'' || c == '"'):
			quote = c
		case quote != 0 && c == quote:
			quote = 0
		case c == '$' && quote != '\'':
			val, ok, n := expandVar(word[i+1:], scope, escape)
			if n == 0 {
				b.WriteByte('$')
				continue
			}
			b.WriteString(val)
			known = known && ok
			i += n
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), known
}

// expandVar reads the variable reference after a "$" in s and returns its
// value, whether it is known and how many bytes of s it used (0: not a
// reference, the "$" is literal).
func expandVar(s string, scope scope, escape byte) (string, bool, int) {
	if s == "" {
		return "", true, 0
	}
	if s[0] != '{' {
		n := nameLen(s)
		if n == 0 {
			return "", true, 0
		}
		x, _ := scope.get(s[:n])
		return x.Value, x.Known, n
	}
	end := matchingBrace(s)
	if end < 0 {
		return "", false, len(s)
	}
	inner := s[1:end]
	n := nameLen(inner)
	name, op := inner[:n], inner[n:]
	x, set := scope.get(name)
	known := x.Known
	switch {
	case op == "":
		return x.Value, known, end + 1
	case strings.HasPrefix(op, ":-"), strings.HasPrefix(op, "-"):
		def := strings.TrimPrefix(strings.TrimPrefix(op, ":"), "-")
		useDefault := !set || (strings.HasPrefix(op, ":") && known && x.Value == "")
		if set && !x.Known {
			// Declared without a default: a build argument may or may
			// not set it, so the result is not known.
			return "", false, end + 1
		}
		if useDefault {
			v, ok := expand(def, scope, escape)
			return v, ok, end + 1
		}
		return x.Value, true, end + 1
	case strings.HasPrefix(op, ":+"), strings.HasPrefix(op, "+"):
		alt := strings.TrimPrefix(strings.TrimPrefix(op, ":"), "+")
		if set && !x.Known {
			return "", false, end + 1
		}
		if set && (op[0] == '+' || x.Value != "") {
			v, ok := expand(alt, scope, escape)
			return v, ok, end + 1
		}
		return "", true, end + 1
	}
	// Other operators (${X%suffix}, ${X/a/b}, ...) are left to BuildKit.
	return "", false, end + 1
}

func nameLen(s string) int {
	n := 0
	for n < len(s) {
		c := s[n]
		if c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || n > 0 && c >= '0' && c <= '9' {
			n++
			continue
		}
		break
	}
	return n
}

// matchingBrace returns the index of the "}" closing the "{" at s[0].
func matchingBrace(s string) int {
	depth := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '{':
			depth++
		case '}':
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}

// PlainValue returns the value pair i of in gives, quotes and escapes
// removed as BuildKit does, when it holds no variable; ok is false when it
// does, or when the pair has no value.
func (in *Instruction) PlainValue(i int) (value string, ok bool) {
	p := in.Pairs[i]
	if !p.HasValue {
		return "", false
	}
	return expand(p.Value, vars(nil), in.escape())
}
