package compose

import (
	"encoding/json"
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/compose-spec/compose-go/v2/schema"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/dockwarden/dockwarden/analysis/document"
)

// A SchemaError is one way the file breaks the Compose specification's
// JSON schema, placed on the key or value it concerns.
type SchemaError struct {
	Span    document.Span
	Message string
	// Key is the misspelt key of an unknown-key error, and Suggestion the
	// one known key close to it, when there is exactly one.
	Key        *Value
	Suggestion string
}

// The schema is the one compose-go embeds: the Compose specification's own,
// which is what `docker compose` validates against.
var (
	compileOnce sync.Once
	compiled    *jsonschema.Schema
	rawSchema   map[string]any
	compileErr  error
)

func composeSchema() (*jsonschema.Schema, error) {
	compileOnce.Do(func() {
		doc, err := jsonschema.UnmarshalJSON(strings.NewReader(schema.Schema))
		if err != nil {
			compileErr = err
			return
		}
		if err := json.Unmarshal([]byte(schema.Schema), &rawSchema); err != nil {
			compileErr = err
			return
		}
		c := jsonschema.NewCompiler()
		if err := c.AddResource("compose-spec.json", doc); err != nil {
			compileErr = err
			return
		}
		c.RegisterFormat(&jsonschema.Format{Name: "duration", Validate: func(v any) error {
			s, ok := v.(string)
			if !ok {
				return fmt.Errorf("expected a string")
			}
			_, err := time.ParseDuration(s)
			return err
		}})
		compiled, compileErr = c.Compile("compose-spec.json")
	})
	return compiled, compileErr
}

// instance is the file as the generic value the schema validates, with the
// model's values indexed by their JSON pointer so that errors can be placed.
type instance struct {
	values map[string]*Value // by pointer: the value
	keys   map[string]*Value // by pointer: the key that introduces it
	interp map[string]bool   // pointers of scalars with ${...} interpolation
	// budget bounds the values built: aliases share values in the model,
	// but the schema needs them written out, and an alias bomb would not
	// fit in memory.
	budget int
}

// ValidateSchema checks the file against the Compose specification schema.
// Files that do not parse get nothing: their syntax errors come first. A
// value written with interpolation is not judged by type, since its type is
// only known once the variable is set (compose interpolates first too).
func (f *File) ValidateSchema() []SchemaError {
	if f.Root == nil || len(f.Errors) > 0 || !f.Root.IsMap() {
		return nil
	}
	sch, err := composeSchema()
	if err != nil {
		return []SchemaError{{Span: f.lineSpan(1), Message: "the Compose schema cannot be loaded: " + err.Error()}}
	}
	in := &instance{values: map[string]*Value{}, keys: map[string]*Value{}, interp: map[string]bool{}, budget: 10000 + 20*len(f.Doc.Text)}
	generic := in.convert(f.Root, "")
	if in.budget < 0 {
		return []SchemaError{{Span: f.lineSpan(1), Message: "the anchors and aliases of this file expand to too many values to validate; docker compose refuses such files too"}}
	}
	data, err := json.Marshal(generic)
	if err != nil {
		return nil
	}
	doc, err := jsonschema.UnmarshalJSON(strings.NewReader(string(data)))
	if err != nil {
		return nil
	}
	verr, ok := sch.Validate(doc).(*jsonschema.ValidationError)
	if !ok {
		return nil
	}
	var leaves []*jsonschema.ValidationError
	collect(verr, &leaves)
	var out []SchemaError
	seen := map[string]bool{}
	for _, e := range leaves {
		se, ok := in.describe(f, e)
		if !ok {
			continue
		}
		// A value shared through an anchor fails once per use; report it
		// once, where it is written.
		id := fmt.Sprint(se.Span)
		if !seen[id] {
			seen[id] = true
			out = append(out, se)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Span.Start < out[j].Span.Start })
	return out
}

func pointer(parent, token string) string {
	return parent + "/" + strings.ReplaceAll(strings.ReplaceAll(token, "~", "~0"), "/", "~1")
}

func (in *instance) convert(v *Value, at string) any {
	if in.budget--; in.budget < 0 {
		return nil
	}
	in.values[at] = v
	switch {
	case v.IsMap():
		m := map[string]any{}
		for _, p := range v.Pairs() {
			k := p.Key.Str()
			if _, dup := m[k]; dup {
				continue
			}
			child := pointer(at, k)
			in.keys[child] = p.Key
			m[k] = in.convert(p.Value, child)
		}
		return m
	case v.IsSeq():
		items := v.Items()
		s := make([]any, len(items))
		for i, it := range items {
			s[i] = in.convert(it, pointer(at, strconv.Itoa(i)))
		}
		return s
	case v.IsNull():
		return nil
	}
	text := v.Str()
	if strings.Contains(text, "$") && v.Node.Tag == "!!str" {
		in.interp[at] = true
	}
	switch v.Node.Tag {
	case "!!int":
		if n, err := strconv.ParseInt(strings.ReplaceAll(text, "_", ""), 0, 64); err == nil {
			return n
		}
	case "!!float":
		if n, err := strconv.ParseFloat(text, 64); err == nil {
			return n
		}
	case "!!bool":
		return strings.EqualFold(text, "true")
	}
	return text
}

// collect gathers the errors worth reporting. Of the alternatives of a
// oneOf or anyOf only the one that got furthest into the value is kept:
// the others only say that the value is not what they describe.
func collect(e *jsonschema.ValidationError, out *[]*jsonschema.ValidationError) {
	if len(e.Causes) == 0 {
		*out = append(*out, e)
		return
	}
	switch e.ErrorKind.(type) {
	case *kind.OneOf, *kind.AnyOf:
		if t, ok := unionOfTypes(e); ok {
			*out = append(*out, t)
			return
		}
		// The furthest alternative wins; at equal depth, one that got
		// past the type of the value says more than one that did not.
		best, score := e.Causes[0], -1
		for _, c := range e.Causes {
			sc := 2 * deepest(c)
			if _, typeOnly := unionOfTypes(c); !typeOnly {
				sc++
			}
			if sc > score {
				best, score = c, sc
			}
		}
		collect(best, out)
		return
	}
	for _, c := range e.Causes {
		collect(c, out)
	}
}

// unionOfTypes turns "matches none of the alternatives", when every
// alternative failed on the type of the value itself, into one type error
// listing every type that would do.
func unionOfTypes(e *jsonschema.ValidationError) (*jsonschema.ValidationError, bool) {
	var leaves []*jsonschema.ValidationError
	var flat func(*jsonschema.ValidationError)
	flat = func(x *jsonschema.ValidationError) {
		if len(x.Causes) == 0 {
			leaves = append(leaves, x)
		}
		for _, c := range x.Causes {
			flat(c)
		}
	}
	flat(e)
	union := &kind.Type{}
	for _, l := range leaves {
		t, ok := l.ErrorKind.(*kind.Type)
		if !ok || len(l.InstanceLocation) != len(e.InstanceLocation) {
			return nil, false
		}
		union.Got = t.Got
		for _, w := range t.Want {
			if !contains(union.Want, w) {
				union.Want = append(union.Want, w)
			}
		}
	}
	return &jsonschema.ValidationError{SchemaURL: e.SchemaURL, InstanceLocation: e.InstanceLocation, ErrorKind: union}, len(leaves) > 0
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func deepest(e *jsonschema.ValidationError) int {
	d := len(e.InstanceLocation)
	for _, c := range e.Causes {
		d = max(d, deepest(c))
	}
	return d
}

var printer = message.NewPrinter(language.English)

// describe places an error and words it for a person.
func (in *instance) describe(f *File, e *jsonschema.ValidationError) (SchemaError, bool) {
	at := ""
	for _, tok := range e.InstanceLocation {
		at = pointer(at, tok)
		if in.interp[at] {
			return SchemaError{}, false
		}
	}
	where := render(e.InstanceLocation)
	switch k := e.ErrorKind.(type) {
	case *kind.FalseSchema, *kind.AdditionalProperties:
		names := []string{}
		parent := e.InstanceLocation
		if ap, ok := k.(*kind.AdditionalProperties); ok {
			names = ap.Properties
		} else if len(parent) > 0 {
			names = []string{parent[len(parent)-1]}
			parent = parent[:len(parent)-1]
		}
		if len(names) == 0 {
			break
		}
		name := names[0]
		known := knownKeys(e.SchemaURL)
		if contains(known, name) {
			// unevaluatedProperties also lists a known key whose value
			// failed; that failure is reported where it is.
			return SchemaError{}, false
		}
		parentAt := ""
		for _, tok := range parent {
			parentAt = pointer(parentAt, tok)
		}
		key := in.keys[pointer(parentAt, name)]
		se := SchemaError{Key: key, Message: fmt.Sprintf("unknown key `%s`%s", name, inPlace(parent))}
		if key != nil {
			se.Span = key.Span
		} else {
			se.Span = in.span(f, parentAt)
		}
		if s, ok := suggest(name, known); ok {
			se.Suggestion = s
			se.Message += fmt.Sprintf("; did you mean `%s`?", s)
		}
		return se, true
	case *kind.Type:
		return SchemaError{Span: in.span(f, at), Message: fmt.Sprintf("%s must be %s", where, typeNames(k.Want))}, true
	case *kind.Required:
		return SchemaError{Span: in.keySpan(f, at), Message: fmt.Sprintf("%s is missing the required key `%s`", where, strings.Join(k.Missing, "`, `"))}, true
	case *kind.Enum:
		var want []string
		for _, w := range k.Want {
			want = append(want, fmt.Sprint(w))
		}
		return SchemaError{Span: in.span(f, at), Message: fmt.Sprintf("%s must be one of %s", where, strings.Join(want, ", "))}, true
	}
	return SchemaError{Span: in.span(f, at), Message: fmt.Sprintf("%s: %s", where, e.ErrorKind.LocalizedString(printer))}, true
}

// span is where an error about the value at pointer at is reported: the
// value itself, or the nearest enclosing value the model has.
func (in *instance) span(f *File, at string) document.Span {
	for {
		if v := in.values[at]; v != nil && at != "" {
			if v.IsMap() || v.IsSeq() {
				if k := in.keys[at]; k != nil {
					return k.Span // a whole block: underline its key
				}
			}
			return v.Span
		}
		i := strings.LastIndex(at, "/")
		if i <= 0 {
			return f.lineSpan(1)
		}
		at = at[:i]
	}
}

// keySpan prefers the key of the value at pointer at.
func (in *instance) keySpan(f *File, at string) document.Span {
	if k := in.keys[at]; k != nil {
		return k.Span
	}
	return in.span(f, at)
}

// render writes an instance location the way a person reads it:
// `services.web.ports[0]`.
func render(loc []string) string {
	if len(loc) == 0 {
		return "the file"
	}
	var b strings.Builder
	for i, tok := range loc {
		if _, err := strconv.Atoi(tok); err == nil && i > 0 {
			fmt.Fprintf(&b, "[%s]", tok)
			continue
		}
		if i > 0 {
			b.WriteByte('.')
		}
		b.WriteString(tok)
	}
	return "`" + b.String() + "`"
}

// inPlace says where a key sits: "in service `web`", "at the top level".
func inPlace(parent []string) string {
	switch {
	case len(parent) == 0:
		return " at the top level"
	case len(parent) == 2 && parent[0] == "services":
		return fmt.Sprintf(" in service `%s`", parent[1])
	}
	return " in " + render(parent)
}

func typeNames(want []string) string {
	names := make([]string, len(want))
	for i, w := range want {
		switch w {
		case "object":
			names[i] = "a mapping"
		case "array":
			names[i] = "a list"
		case "integer":
			names[i] = "an integer"
		case "null":
			names[i] = "empty"
		default:
			names[i] = "a " + w
		}
	}
	sort.Strings(names)
	if len(names) == 1 {
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// knownKeys lists the property names of the schema object that holds the
// keyword at schemaURL, following allOf, anyOf, oneOf and $ref.
func knownKeys(schemaURL string) []string {
	_, frag, _ := strings.Cut(schemaURL, "#")
	frag, _ = url.PathUnescape(frag)
	parts := strings.Split(strings.TrimPrefix(frag, "/"), "/")
	if n := len(parts); n > 0 && (parts[n-1] == "additionalProperties" || parts[n-1] == "unevaluatedProperties") {
		parts = parts[:n-1] // the false schema: its object is the parent
	}
	node := resolve(parts)
	seen := map[string]bool{}
	var keys []string
	var walk func(n any, depth int)
	walk = func(n any, depth int) {
		m, ok := n.(map[string]any)
		if !ok || depth > 8 {
			return
		}
		if props, ok := m["properties"].(map[string]any); ok {
			for k := range props {
				if !seen[k] {
					seen[k] = true
					keys = append(keys, k)
				}
			}
		}
		if ref, ok := m["$ref"].(string); ok && strings.HasPrefix(ref, "#/") {
			walk(resolve(strings.Split(strings.TrimPrefix(ref, "#/"), "/")), depth+1)
		}
		for _, group := range []string{"allOf", "anyOf", "oneOf"} {
			if list, ok := m[group].([]any); ok {
				for _, sub := range list {
					walk(sub, depth+1)
				}
			}
		}
	}
	walk(node, 0)
	sort.Strings(keys)
	return keys
}

func resolve(parts []string) any {
	var node any = rawSchema
	for _, p := range parts {
		if p == "" {
			continue
		}
		p = strings.ReplaceAll(strings.ReplaceAll(p, "~1", "/"), "~0", "~")
		switch n := node.(type) {
		case map[string]any:
			node = n[p]
		case []any:
			i, err := strconv.Atoi(p)
			if err != nil || i < 0 || i >= len(n) {
				return nil
			}
			node = n[i]
		default:
			return nil
		}
	}
	return node
}

// suggest returns the one known key within a small edit distance of name.
func suggest(name string, known []string) (string, bool) {
	limit := 2
	if len(name) <= 4 {
		limit = 1
	}
	best, count := "", 0
	bestDist := limit + 1
	for _, k := range known {
		d := editDistance(strings.ToLower(name), strings.ToLower(k))
		switch {
		case d < bestDist:
			best, bestDist, count = k, d, 1
		case d == bestDist:
			count++
		}
	}
	return best, count == 1 && bestDist <= limit
}

// editDistance is the Damerau-Levenshtein distance (with adjacent
// transpositions), which counts "volmues" as one slip from "volumes".
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range rb {
		d[0][j+1] = j + 1
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}
