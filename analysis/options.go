package analysis

import (
	"github.com/dockwarden/dockwarden/analysis/dockerfile"
	"github.com/dockwarden/dockwarden/analysis/document"
	"github.com/dockwarden/dockwarden/analysis/hosts"
)

// Options change what RunWith does: the preset of default severities,
// rules switched off or on, findings moved to another severity, and the
// lists of non-root base images and
// floating tags extended. They come from configuration
// (analysis/config); a nil *Options, like the zero value, means the
// defaults, which is what Run uses.
type Options struct {
	// Preset chooses the default severities; a severity that Rules sets
	// for a rule wins over it.
	Preset Preset
	// Rules overrides rules by code. A code that no rule has is ignored
	// here: configuration reports it.
	Rules map[string]RuleConfig
	// NonRootImages are image patterns (dockerfile.MatchImage) of base
	// images known to run as a non-root user, in addition to the
	// built-in ones, for DW101.
	NonRootImages []string
	// FloatingTags are tags, or words of tags, that follow a release
	// channel instead of naming a version (dockerfile.HasTagWord), in
	// addition to the built-in ones, for DW103 and DW213.
	FloatingTags []string
	// InternalHosts are host patterns (hosts.Match) of the build's own
	// network, which DW118 does not report when reached over plain HTTP.
	InternalHosts []string
	// NoSyntax switches off the rules marked Syntax, whatever Rules says:
	// the editor's other language servers report syntax errors already.
	NoSyntax bool

	// Builders are the compose services of the workspace that build the
	// Dockerfile analysed: DW101, DW102 and DW112 judge the stages they
	// build, and a non-root user: on every service that builds a stage
	// satisfies DW101 for it.
	Builders []Builder
	// Builds tells, for the services of the compose file analysed that
	// build a Dockerfile of the workspace, by service name, the user that
	// Dockerfile leaves the built stage running as (DW214's fix) and the
	// image it starts from (the image profile DW203 and DW207 use).
	Builds map[string]BuiltImage
	// Contexts are the build contexts of the analysed Dockerfile that the
	// workspace can read: its own folder, which `docker build` sends by
	// default, and the folders the compose services that build it name
	// (DW116).
	Contexts []BuildContext
}

// A BuildContext is a folder a build of the analysed Dockerfile sends to
// the builder: what its ignore file keeps out, and the secret-looking
// entries it holds (see package buildcontext).
type BuildContext struct {
	// Dir is the folder, relative to the Dockerfile's folder,
	// slash-separated and cleaned: "." for the Dockerfile's own folder,
	// ".." or "api" for another.
	Dir string
	// Services are the compose services that build the Dockerfile with
	// this context, "compose.yaml: api" style; none when only `docker
	// build` in the Dockerfile's folder uses it.
	Services []string
	// IgnoreFile is the ignore file that applies, relative to the
	// Dockerfile's folder: <Dockerfile>.dockerignore beside the
	// Dockerfile when there is one, else .dockerignore in Dir.
	// IgnoreExists tells whether it exists, and Ignore holds its patterns
	// as BuildKit reads them.
	IgnoreFile   string
	IgnoreExists bool
	Ignore       []string
	// Secrets are the secret-looking entries of the context that the
	// ignore file does not exclude, relative to Dir, sorted, folders
	// with a trailing "/". Partial is set when the listing stopped at its
	// bounds: there may be more.
	Secrets []string
	Partial bool
}

// A Builder is a compose service that builds a Dockerfile.
type Builder struct {
	// Compose is the compose file's URI and Service the service's name.
	Compose string
	Service string
	// Context is the absolute path of the build context's folder; "" when
	// it is not a local folder.
	Context string
	// Target is the stage built, "" for the last one.
	Target string
	// User is the service's user: value, "" when it sets none; UserAt is
	// where it is written in the compose file.
	User   string
	UserAt document.Position
}

// A BuiltImage is what a service's build produces, as far as its user
// and the image it starts from go.
type BuiltImage struct {
	// Dockerfile is the Dockerfile's URI.
	Dockerfile string
	// User is the value of the USER in force at the end of the built
	// stage, variables expanded; "" when no USER is set or its value is
	// not known.
	User string
	// Base is the registry image the built stage starts from (through
	// FROM <alias> parents), build arguments expanded; "" when it is
	// scratch or not known.
	Base string
	// Entrypoint is true when the built stage or a stage it is built on
	// sets ENTRYPOINT, so that the base image's entrypoint does not run.
	Entrypoint bool
}

// A RuleConfig overrides one rule. Off disables it. Otherwise the rule
// runs, even when it is shipped disabled (Rule.Off), and a non-zero
// Severity replaces the severity of every one of its findings, including
// those the rule reports below or above its default.
type RuleConfig struct {
	Off      bool
	Severity Severity
}

// enabled reports whether r runs under o.
func (o *Options) enabled(r *Rule) bool {
	if o != nil && o.NoSyntax && r.Syntax {
		return false
	}
	if o != nil {
		if rc, ok := o.Rules[r.Code]; ok {
			return !rc.Off
		}
	}
	return !r.Off
}

// severity returns the severity of a finding of r reported at sev, under
// o's preset and rule overrides.
func (o *Options) severity(r *Rule, sev Severity) Severity {
	if o == nil {
		return sev
	}
	if override := o.Rules[r.Code].Severity; override != 0 {
		return override
	}
	if o.Preset == Strict && r.StrictSeverity != 0 {
		return min(max(sev+r.StrictSeverity-r.Severity, Error), Hint)
	}
	return sev
}

// NonRootImage reports whether the configuration lists ref among the base
// images that already run as a non-root user. The built-in list is the
// rule's own; this is what users add to it.
func (p *Pass) NonRootImage(ref dockerfile.ImageRef) bool {
	if p.opts == nil {
		return false
	}
	for _, pattern := range p.opts.NonRootImages {
		if dockerfile.MatchImage(pattern, ref) {
			return true
		}
	}
	return false
}

// FloatingTag reports whether the configuration lists tag, or one of its
// words, among the floating tags. The built-in lists are the rules' own;
// this is what users add to them.
func (p *Pass) FloatingTag(tag string) bool {
	return p.opts != nil && dockerfile.HasTagWord(tag, p.opts.FloatingTags)
}

// InternalHost reports whether the configuration lists host among the
// hosts of the build's own network.
func (p *Pass) InternalHost(host string) bool {
	return p.opts != nil && hosts.Match(host, p.opts.InternalHosts)
}

// Builders returns the compose services of the workspace that build the
// analysed Dockerfile (Options.Builders), for messages that say how to
// pass something to the build through compose.
func (p *Pass) Builders() []Builder {
	if p.opts == nil {
		return nil
	}
	return p.opts.Builders
}

// A BuildStage is a stage of the analysed Dockerfile that becomes an image,
// and the compose services that build it (none for the last stage when no
// compose file is known to build it).
type BuildStage struct {
	Stage    *dockerfile.Stage
	Builders []Builder
}

// BuildStages returns the stages whose image runs: the last stage, which
// is what `docker build` produces without --target whatever compose files
// build (so that what is said about it never depends on which compose
// files can be seen, from the folder check runs in, say), and the stages
// the compose services of Options.Builders build. The last stage comes
// first; a target no stage is named is left out: the build itself would
// fail.
func (p *Pass) BuildStages() []BuildStage {
	f := p.Dockerfile
	final := f.Final()
	if final == nil {
		return nil
	}
	out := []BuildStage{{Stage: final}}
	if p.opts == nil {
		return out
	}
	index := map[*dockerfile.Stage]int{final: 0}
	for _, b := range p.opts.Builders {
		st := final
		if b.Target != "" {
			if st = f.StageNamed(b.Target); st == nil {
				continue
			}
		}
		i, ok := index[st]
		if !ok {
			i = len(out)
			index[st] = i
			out = append(out, BuildStage{Stage: st})
		}
		out[i].Builders = append(out[i].Builders, b)
	}
	return out
}

// Contexts returns the build contexts of the analysed Dockerfile that
// the workspace knows (Options.Contexts): none when it is analysed alone.
func (p *Pass) Contexts() []BuildContext {
	if p.opts == nil {
		return nil
	}
	return p.opts.Contexts
}

// BuiltImage returns what the service of the analysed compose file builds,
// when it builds a Dockerfile of the workspace.
func (p *Pass) BuiltImage(service string) (BuiltImage, bool) {
	if p.opts == nil {
		return BuiltImage{}, false
	}
	b, ok := p.opts.Builds[service]
	return b, ok
}
