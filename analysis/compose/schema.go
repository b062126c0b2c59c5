package compose

import (
	"fmt"
	"math"
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
	"github.com/dockwarden/dockwarden/analysis/internal/spell"
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
	// Taken reports that the mapping already has the suggested key, so a
	// rename would write it twice.
	Taken bool
	// Shared reports that the key is written inside a value that carries
	// a YAML anchor or is reached through an alias or merge key, so that
	// other places use the same text.
	Shared bool

	object  string   // the JSON pointer of the mapping an unknown or missing key concerns
	missing []string // the keys a required-key error asks for
}

// The schema is the one compose-go embeds: the Compose specification's own,
// which is what `docker compose` validates against.
var (
	compileOnce sync.Once
	compiled    *jsonschema.Schema
	compileErr  error
)

func composeSchema() (*jsonschema.Schema, error) {
	compileOnce.Do(func() {
		doc, err := jsonschema.UnmarshalJSON(strings.NewReader(schema.Schema))
		if err != nil {
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

// instance is the file as the generic value the schema validates.
type instance struct {
	root *Value
	// budget bounds the values built: aliases share values in the model,
	// but the schema needs them written out, and an alias bomb would not
	// fit in memory.
	budget int
}

// find returns the value at the JSON pointer at, and the key that
// introduces it when its parent is a mapping. Of repeated keys the first
// counts, as in convert.
func (in *instance) find(at string) (key, val *Value, ok bool) {
	val = in.root
	if at == "" {
		return nil, val, true
	}
	for _, tok := range strings.Split(at[1:], "/") {
		tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
		switch {
		case val.IsMap():
			var next *Pair
			for _, p := range val.Pairs() {
				if p.Key.Str() == tok {
					next = p
					break
				}
			}
			if next == nil {
				return nil, nil, false
			}
			key, val = next.Key, next.Value
		case val.IsSeq():
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(val.Items()) {
				return nil, nil, false
			}
			key, val = nil, val.Items()[i]
		default:
			return nil, nil, false
		}
	}
	return key, val, true
}

// interpolated reports whether v is a scalar written with ${...}
// interpolation (or a $$ escape, which is just as well left alone).
func interpolated(v *Value) bool {
	return v.IsScalar() && v.Node.Tag == "!!str" && strings.Contains(v.Node.Value, "$")
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
	in := &instance{root: f.Root, budget: 10000 + 20*len(f.Doc.Text)}
	generic := in.convert(f.Root)
	if in.budget < 0 {
		return []SchemaError{{Span: f.lineSpan(1), Message: "the anchors and aliases of this file expand to too many values to validate; docker compose refuses such files too"}}
	}
	// The generic value holds only the types the validator takes as they
	// are (maps, slices, strings, bools, int64, float64, nil), so it needs
	// none of the JSON round trip compose-go makes for its derived types.
	verr, ok := sch.Validate(generic).(*jsonschema.ValidationError)
	if !ok {
		return nil
	}
	var leaves []*jsonschema.ValidationError
	collect(verr, &leaves)
	var out []SchemaError
	seen := map[string]bool{}
	for _, e := range leaves {
		for _, se := range in.describe(f, e) {
			// A value shared through an anchor fails once per use; report
			// it once, where it is written.
			id := fmt.Sprint(se.Span)
			if !seen[id] {
				seen[id] = true
				out = append(out, se)
			}
		}
	}
	out = dropRequiredMisspelt(out)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Span.Start < out[j].Span.Start })
	return out
}

// dropRequiredMisspelt drops a missing-key error when every key it asks
// for is written, misspelt, in the same mapping: the unknown-key error
// with its rename already says so (`condtion` for `condition`).
func dropRequiredMisspelt(errs []SchemaError) []SchemaError {
	suggested := map[string]bool{}
	for _, e := range errs {
		if e.Suggestion != "" {
			suggested[pointer(e.object, e.Suggestion)] = true
		}
	}
	kept := errs[:0]
	for _, e := range errs {
		covered := len(e.missing) > 0
		for _, m := range e.missing {
			covered = covered && suggested[pointer(e.object, m)]
		}
		if !covered {
			kept = append(kept, e)
		}
	}
	return kept
}

func pointer(parent, token string) string {
	return parent + "/" + strings.ReplaceAll(strings.ReplaceAll(token, "~", "~0"), "/", "~1")
}

// convert builds the generic value of v. Pointers are not recorded: the
// few values an error concerns are found again by walking the model.
func (in *instance) convert(v *Value) any {
	if in.budget--; in.budget < 0 {
		return nil
	}
	switch {
	case v.IsMap():
		m := map[string]any{}
		for _, p := range v.Pairs() {
			k := p.Key.Str()
			if _, dup := m[k]; dup {
				continue
			}
			m[k] = in.convert(p.Value)
		}
		return m
	case v.IsSeq():
		items := v.Items()
		s := make([]any, len(items))
		for i, it := range items {
			s[i] = in.convert(it)
		}
		return s
	case v.IsNull():
		return nil
	}
	text := v.Str()
	switch v.Node.Tag {
	case "!!int":
		digits := strings.ReplaceAll(text, "_", "")
		if n, err := strconv.ParseInt(digits, 0, 64); err == nil {
			return n
		}
		if n, err := strconv.ParseFloat(digits, 64); err == nil && !math.IsInf(n, 0) {
			return n
		}
	case "!!float":
		if n, err := strconv.ParseFloat(strings.ReplaceAll(text, "_", ""), 64); err == nil && !math.IsInf(n, 0) && !math.IsNaN(n) {
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
func (in *instance) describe(f *File, e *jsonschema.ValidationError) []SchemaError {
	at := ""
	for _, tok := range e.InstanceLocation {
		at = pointer(at, tok)
		if _, v, _ := in.find(at); interpolated(v) {
			return nil
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
		known := knownKeys(e.SchemaURL)
		parentAt := ""
		for _, tok := range parent {
			parentAt = pointer(parentAt, tok)
		}
		var out []SchemaError
		for _, name := range names {
			// unevaluatedProperties also lists a known key whose value
			// failed; that failure is reported where it is.
			if !contains(known, name) {
				out = append(out, in.unknownKey(f, parent, parentAt, name, known))
			}
		}
		return out
	case *kind.UniqueItems:
		if deduplicated(e.InstanceLocation) {
			return nil
		}
		dup := strconv.Itoa(k.Duplicates[1])
		return []SchemaError{{Span: in.span(f, pointer(at, dup)), Message: fmt.Sprintf("%s repeats item %d of the list; each item must be unique",
			render(append(append([]string(nil), e.InstanceLocation...), dup)), k.Duplicates[0])}}
	case *kind.Type:
		return []SchemaError{{Span: in.span(f, at), Message: fmt.Sprintf("%s must be %s", where, typeNames(k.Want))}}
	case *kind.Required:
		return []SchemaError{{Span: in.keySpan(f, at), Message: fmt.Sprintf("%s is missing the required key `%s`", where, strings.Join(k.Missing, "`, `")),
			object: at, missing: k.Missing}}
	case *kind.Enum:
		var want []string
		for _, w := range k.Want {
			want = append(want, fmt.Sprint(w))
		}
		return []SchemaError{{Span: in.span(f, at), Message: fmt.Sprintf("%s must be one of %s", where, strings.Join(want, ", "))}}
	}
	return []SchemaError{{Span: in.span(f, at), Message: fmt.Sprintf("%s: %s", where, e.ErrorKind.LocalizedString(printer))}}
}

// unknownKey describes the key name, unknown in the mapping at parentAt
// (parent as tokens), whose known keys are known.
func (in *instance) unknownKey(f *File, parent []string, parentAt, name string, known []string) SchemaError {
	key, _, _ := in.find(pointer(parentAt, name))
	se := SchemaError{Key: key, Message: fmt.Sprintf("unknown key `%s`%s", name, inPlace(parent)), object: parentAt}
	if key != nil {
		se.Span = key.Span
	} else {
		se.Span = in.span(f, parentAt)
	}
	if s, ok := spell.Suggest(name, known); ok {
		se.Suggestion = s
		_, taken, _ := in.find(pointer(parentAt, s))
		se.Taken = taken != nil
		se.Shared = in.shared(parentAt, key)
		se.Message += fmt.Sprintf("; did you mean `%s`?", s)
	}
	return se
}

// shared reports whether key, or any value from the root down to the
// mapping at pointer at, is anchored or reached through an alias.
func (in *instance) shared(at string, key *Value) bool {
	if key == nil || key.Aliased {
		return true
	}
	for {
		if _, v, _ := in.find(at); v != nil && (v.Aliased || v.Node.Anchor != "") {
			return true
		}
		i := strings.LastIndex(at, "/")
		if i < 0 {
			return false
		}
		at = at[:i]
	}
}

// span is where an error about the value at pointer at is reported: the
// value itself, or the nearest enclosing value the model has.
func (in *instance) span(f *File, at string) document.Span {
	for {
		if k, v, _ := in.find(at); v != nil && at != "" {
			if (v.IsMap() || v.IsSeq()) && (!v.Flow() || f.MultiLine(v)) {
				if k != nil {
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
	if k, _, _ := in.find(at); k != nil {
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

// knownKeysOf holds what knownKeys found, by schema URL: a key being
// typed is an unknown key on every keystroke until it is complete, and
// searching the compiled schema for its object each time was 90 of the
// 210 µs that validating a one-service file with such a key took. The
// schema URLs are those of the schema's objects, a bounded set. The
// lists are shared: not to be changed.
var knownKeysOf sync.Map

// knownKeys lists the property names of the schema object that holds the
// keyword at schemaURL, following allOf, anyOf, oneOf and $ref.
func knownKeys(schemaURL string) []string {
	if keys, ok := knownKeysOf.Load(schemaURL); ok {
		return keys.([]string)
	}
	keys := findKnownKeys(schemaURL)
	knownKeysOf.Store(schemaURL, keys)
	return keys
}

// findKnownKeys is knownKeys without the memory.
func findKnownKeys(schemaURL string) []string {
	loc := schemaURL
	if i := strings.LastIndexByte(loc, '/'); i >= 0 {
		if kw := loc[i+1:]; kw == "additionalProperties" || kw == "unevaluatedProperties" {
			loc = loc[:i] // the false schema: its object is the parent
		}
	}
	seen := map[string]bool{}
	var keys []string
	var walk func(s *jsonschema.Schema, depth int)
	walk = func(s *jsonschema.Schema, depth int) {
		if s == nil || depth > 8 {
			return
		}
		for k := range s.Properties {
			if !seen[k] {
				seen[k] = true
				keys = append(keys, k)
			}
		}
		walk(s.Ref, depth+1)
		for _, group := range [][]*jsonschema.Schema{s.AllOf, s.AnyOf, s.OneOf} {
			for _, sub := range group {
				walk(sub, depth+1)
			}
		}
	}
	walk(schemaAt(compiled, loc), 0)
	sort.Strings(keys)
	return keys
}

// schemaAt returns the schema of the compiled graph from root whose
// location is loc, or nil. The graph, not the schema's JSON, is searched:
// keeping that JSON decoded beside the compiled schema held 300 KB.
func schemaAt(root *jsonschema.Schema, loc string) *jsonschema.Schema {
	seen := map[*jsonschema.Schema]bool{}
	var find func(s *jsonschema.Schema) *jsonschema.Schema
	find = func(s *jsonschema.Schema) *jsonschema.Schema {
		if s == nil || seen[s] {
			return nil
		}
		seen[s] = true
		if s.Location == loc {
			return s
		}
		next := []*jsonschema.Schema{s.Ref, s.Not, s.If, s.Then, s.Else, s.PropertyNames, s.Contains,
			s.Items2020, s.UnevaluatedItems, s.UnevaluatedProperties, s.ContentSchema}
		next = append(append(append(append(next, s.AllOf...), s.AnyOf...), s.OneOf...), s.PrefixItems...)
		for _, p := range s.Properties {
			next = append(next, p)
		}
		for _, p := range s.PatternProperties {
			next = append(next, p)
		}
		for _, p := range s.DependentSchemas {
			next = append(next, p)
		}
		for _, v := range []any{s.AdditionalProperties, s.Items, s.AdditionalItems} {
			switch v := v.(type) {
			case *jsonschema.Schema:
				next = append(next, v)
			case []*jsonschema.Schema:
				next = append(next, v...)
			}
		}
		for _, n := range next {
			if found := find(n); found != nil {
				return found
			}
		}
		return nil
	}
	return find(root)
}

// deduplicatedLists are the lists in which docker compose keeps only the
// last entry for a key before it validates (compose-go's override package,
// EnforceUnicity), so a repeated entry there is never a schema error.
var deduplicatedLists = [][]string{
	{"networks", "*", "labels"},
	{"networks", "*", "ipam", "options"},
	{"services", "*", "annotations"},
	{"services", "*", "build", "args"},
	{"services", "*", "build", "additional_contexts"},
	{"services", "*", "build", "platform"},
	{"services", "*", "build", "tags"},
	{"services", "*", "build", "labels"},
	{"services", "*", "cap_add"},
	{"services", "*", "cap_drop"},
	{"services", "*", "configs"},
	{"services", "*", "deploy", "labels"},
	{"services", "*", "devices"},
	{"services", "*", "dns"},
	{"services", "*", "dns_opt"},
	{"services", "*", "dns_search"},
	{"services", "*", "environment"},
	{"services", "*", "env_file"},
	{"services", "*", "expose"},
	{"services", "*", "labels"},
	{"services", "*", "links"},
	{"services", "*", "networks", "*", "aliases"},
	{"services", "*", "networks", "*", "link_local_ips"},
	{"services", "*", "ports"},
	{"services", "*", "profiles"},
	{"services", "*", "secrets"},
	{"services", "*", "sysctls"},
	{"services", "*", "tmpfs"},
	{"services", "*", "volumes"},
}

func deduplicated(loc []string) bool {
	for _, pattern := range deduplicatedLists {
		if len(pattern) != len(loc) {
			continue
		}
		match := true
		for i, tok := range pattern {
			if tok != "*" && tok != loc[i] {
				match = false
				break
			}
		}
		if match {
			return true
		}
	}
	return false
}
