package dockerfile

import (
	"regexp"
	"slices"
	"strings"

	"github.com/dockwarden/dockwarden/analysis/document"
)

// A Stage is one build stage: a FROM instruction and the instructions up to
// the next FROM.
//
// BaseRaw is the image argument of FROM as written. Base is BaseRaw with
// the global ARG defaults substituted; when that needs a variable that has
// no default (a build argument, BUILDPLATFORM, ...) Unknown is set and Base
// is empty, and rules must not judge the base. Parent is set when Base
// names an earlier stage's alias (case-insensitively, as BuildKit compares
// stage names); Parent.Index < Index always holds.
type Stage struct {
	Index    int
	From     *Instruction
	BaseRaw  string
	BaseSpan document.Span
	Base     string
	Unknown  bool
	// Undeclared are the variables BaseRaw uses that no global ARG
	// declares and BuildKit does not predefine: BuildKit expands them to
	// nothing, and so does Base.
	Undeclared []string
	// Name is the alias of `FROM image AS name` as written, NameSpan where;
	// both empty without an alias.
	Name     string
	NameSpan document.Span
	Parent   *Stage
	// Instructions are the stage's instructions, From first.
	Instructions []*Instruction
}

// buildStages groups the instructions into stages and resolves bases.
func (f *File) buildStages() {
	var cur *Stage
	global := vars{}
	byName := map[string]*Stage{}
	for _, in := range f.Instructions {
		switch {
		case in.Keyword == "FROM":
			cur = &Stage{Index: len(f.Stages), From: in}
			f.Stages = append(f.Stages, cur)
			cur.resolveBase(in, global, byName)
		case cur == nil && in.Keyword == "ARG":
			f.GlobalArgs = append(f.GlobalArgs, in)
			for _, p := range in.Pairs {
				global.declare(p, global, in.escape())
			}
		case cur == nil:
			if in.checked {
				// The message BuildKit's instructions.Parse gives.
				f.Errors = append(f.Errors, Error{Span: in.FirstLine(f.Doc), Message: "no build stage in current context"})
			}
		}
		if cur != nil {
			in.Stage = cur
			if in.Sub != nil {
				in.Sub.Stage = cur
			}
			cur.Instructions = append(cur.Instructions, in)
		}
	}
	if len(f.Stages) == 0 && len(f.Instructions) > 0 {
		// BuildKit reports this when it converts the file to a build
		// (dockerfile2llb), before anything runs.
		last := f.Instructions[len(f.Instructions)-1]
		f.Errors = append(f.Errors, Error{Span: last.FirstLine(f.Doc), Message: "dockerfile contains no stages to build"})
	}
}

func (s *Stage) resolveBase(from *Instruction, global vars, byName map[string]*Stage) {
	if len(from.Args) == 0 {
		s.Unknown = true
		return
	}
	base := from.Args[0]
	s.BaseRaw, s.BaseSpan = base.Value, base.Span
	if len(from.Args) >= 3 && strings.EqualFold(from.Args[1].Value, "as") {
		s.Name, s.NameSpan = from.Args[2].Value, from.Args[2].Span
	}
	v, ok := expand(s.BaseRaw, fromScope{global, s}, from.escape())
	if ok && len(s.Undeclared) > 0 && !validReference(v) {
		ok = false // `FROM ${BASE}` or `node:${TAG}` with nothing declared: the build fails
	}
	if ok {
		s.Base = v
		s.Parent = byName[strings.ToLower(v)]
	} else {
		s.Unknown = true
	}
	if s.Name != "" {
		byName[strings.ToLower(s.Name)] = s
	}
}

// fromScope is what FROM sees: the global ARGs, the arguments BuildKit
// predefines (set, with a value the file does not know), and, for any
// other name, nothing: BuildKit expands it to the empty string, so its
// value is known. Such names are recorded in the stage's Undeclared.
type fromScope struct {
	global vars
	stage  *Stage
}

func (fs fromScope) get(name string) (varValue, bool) {
	if x, ok := fs.global[name]; ok {
		return x, true
	}
	if predefinedArgs[name] {
		return varValue{}, true
	}
	if !slices.Contains(fs.stage.Undeclared, name) {
		fs.stage.Undeclared = append(fs.stage.Undeclared, name)
	}
	return varValue{Known: true}, false
}

// predefinedArgs are the build arguments BuildKit sets without an ARG
// instruction and lets FROM use: the platform of the build and of its
// target. Other names a FROM uses without declaring them are empty
// (BuildKit's UndefinedArgInFrom check warns about them). The proxy
// variables, which builds also accept without declaration, are counted
// too: their value is not known from the file.
var predefinedArgs = map[string]bool{
	"BUILDPLATFORM": true, "BUILDOS": true, "BUILDARCH": true, "BUILDVARIANT": true,
	"TARGETPLATFORM": true, "TARGETOS": true, "TARGETARCH": true, "TARGETVARIANT": true,
	"HTTP_PROXY": true, "http_proxy": true, "HTTPS_PROXY": true, "https_proxy": true,
	"FTP_PROXY": true, "ftp_proxy": true, "NO_PROXY": true, "no_proxy": true,
	"ALL_PROXY": true, "all_proxy": true,
}

// referenceGrammar is the grammar of an image reference, after the
// distribution project's reference package (reference/regexp.go): an
// optional registry, lower-case path components joined by ".", "_", "__"
// or dashes, an optional tag and an optional digest.
var referenceGrammar = regexp.MustCompile(`^` +
	`(?:(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\[[a-fA-F0-9:]+\])(?::[0-9]+)?/)?` +
	`[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)*` +
	`(?::[\w][\w.-]{0,127})?` +
	`(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?$`)

// validReference reports whether an image reference that variables
// expanded to nothing helped make is still one: `FROM ${BASE}` or
// `FROM node:${TAG}` with nothing declared leaves none, and the build
// fails.
func validReference(ref string) bool { return referenceGrammar.MatchString(ref) }

// Final returns the last stage, the one `docker build` produces without
// --target; nil when the file has no FROM.
func (f *File) Final() *Stage {
	if len(f.Stages) == 0 {
		return nil
	}
	return f.Stages[len(f.Stages)-1]
}

// StageNamed returns the stage whose alias is name (case-insensitive), or
// nil.
func (f *File) StageNamed(name string) *Stage {
	for _, s := range f.Stages {
		if s.Name != "" && strings.EqualFold(s.Name, name) {
			return s
		}
	}
	return nil
}

// Chain returns s and the stages it is built on through aliases, nearest
// first: for `FROM base AS dev`, [dev, base, ...]. The last element is the
// stage whose base is an image (or scratch, or Unknown).
func (s *Stage) Chain() []*Stage {
	var chain []*Stage
	for st := s; st != nil; st = st.Parent {
		chain = append(chain, st)
		if len(chain) > 1 && st.Index >= chain[len(chain)-2].Index {
			break // cannot happen: parents come earlier; guards a loop
		}
	}
	return chain
}

// Root returns the last stage of Chain: the one that names the image the
// final filesystem starts from.
func (s *Stage) Root() *Stage {
	chain := s.Chain()
	return chain[len(chain)-1]
}

// IsScratch reports whether the stage starts from the empty image.
func (s *Stage) IsScratch() bool {
	return !s.Unknown && s.Parent == nil && strings.EqualFold(s.Base, "scratch")
}

// EffectiveUser returns the USER instruction in force at the end of s: the
// last USER of the nearest stage in s.Chain() that has one, nil when none
// does (the image runs as its base image's user, root for most bases).
// ONBUILD USER is not counted: it applies to images built later.
func EffectiveUser(s *Stage) *Instruction {
	for _, st := range s.Chain() {
		for i := len(st.Instructions) - 1; i >= 0; i-- {
			if st.Instructions[i].Keyword == "USER" {
				return st.Instructions[i]
			}
		}
	}
	return nil
}

// SetsEntrypoint reports whether s or a stage in its Chain sets
// ENTRYPOINT, so that the base image's entrypoint does not run.
func (s *Stage) SetsEntrypoint() bool {
	for _, st := range s.Chain() {
		for _, in := range st.Instructions {
			if in.Keyword == "ENTRYPOINT" {
				return true
			}
		}
	}
	return false
}

// Expand substitutes variables in word as BuildKit would when it runs the
// instruction at: ENV set earlier in its stage or inherited from parent
// stages, ARG declared earlier in its stage (with its default, or the
// global default of the same name). It reports false when a variable
// without a known value is needed. Instructions before the first FROM see
// the global ARGs only.
func (f *File) Expand(word string, at *Instruction) (string, bool) {
	escape := f.Escape
	if escape == 0 {
		escape = '\\'
	}
	if strings.IndexByte(word, '$') < 0 {
		// Nothing to substitute: the scope, which costs a map per stage
		// walked, is not needed to remove quotes and escapes.
		return expand(word, vars(nil), escape)
	}
	return expand(word, f.scope(at), escape)
}

// scope returns the variables visible to the instruction at.
func (f *File) scope(at *Instruction) vars {
	global := vars{}
	for _, in := range f.GlobalArgs {
		if at != nil && in.Index >= at.Index {
			break
		}
		for _, p := range in.Pairs {
			global.declare(p, global, in.escape())
		}
	}
	if at == nil || at.Stage == nil {
		return global
	}
	env := vars{}
	chain := at.Stage.Chain()
	// ENV is inherited from parent stages, outermost first; ARG is not.
	for i := len(chain) - 1; i >= 1; i-- {
		for _, in := range chain[i].Instructions {
			if in.Keyword == "ENV" {
				for _, p := range in.Pairs {
					env.declare(p, env, in.escape())
				}
			}
		}
	}
	args := vars{}
	for _, in := range at.Stage.Instructions {
		if in.Index >= at.Index {
			break
		}
		switch in.Keyword {
		case "ENV":
			for _, p := range in.Pairs {
				env.declare(p, env.over(args), in.escape())
			}
		case "ARG":
			for _, p := range in.Pairs {
				if !p.HasValue {
					// A bare ARG brings the global default into the stage.
					args[p.Key] = global[p.Key]
					continue
				}
				args.declare(p, env.over(args), in.escape())
			}
		}
	}
	// ENV wins over ARG of the same name, whatever the order.
	return env.over(args)
}

// Declaration returns the ENV or ARG instruction that gives the variable
// name its value when the instruction at runs: an ENV earlier in its stage
// or in a stage it is built on, or an ARG earlier in its stage (ENV wins
// over ARG of the same name, as in Expand). nil when neither declares it:
// a global ARG that the stage does not declare again is not visible to
// RUN, and neither is a --build-arg without an ARG.
func (f *File) Declaration(name string, at *Instruction) *Instruction {
	if at == nil || at.Stage == nil {
		return nil
	}
	var env, arg *Instruction
	declares := func(in *Instruction) bool {
		for _, p := range in.Pairs {
			if p.Key == name {
				return true
			}
		}
		return false
	}
	chain := at.Stage.Chain()
	for i := len(chain) - 1; i >= 1; i-- {
		for _, in := range chain[i].Instructions {
			if in.Keyword == "ENV" && declares(in) {
				env = in
			}
		}
	}
	for _, in := range at.Stage.Instructions {
		if in.Index >= at.Index {
			break
		}
		switch {
		case in.Keyword == "ENV" && declares(in):
			env = in
		case in.Keyword == "ARG" && declares(in):
			arg = in
		}
	}
	if env != nil {
		return env
	}
	return arg
}
