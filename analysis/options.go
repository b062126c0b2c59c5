package analysis

import "github.com/dockwarden/dockwarden/analysis/dockerfile"

// Options change what RunWith does: rules switched off or on, findings
// moved to another severity, and the lists of non-root base images and
// floating tags extended. They come from configuration
// (analysis/config); a nil *Options, like the zero value, means the
// defaults, which is what Run uses.
type Options struct {
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
	if o != nil {
		if rc, ok := o.Rules[r.Code]; ok {
			return !rc.Off
		}
	}
	return !r.Off
}

// severity returns the severity o imposes on r's findings, or 0.
func (o *Options) severity(r *Rule) Severity {
	if o == nil {
		return 0
	}
	return o.Rules[r.Code].Severity
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
