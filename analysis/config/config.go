// Package config reads dockwarden's configuration: a project's
// .dockwarden.yaml and the editor settings of the section "dockwarden",
// which have the same keys:
//
//	rules:                 # per rule code: off | on | error | warning | information | hint
//	  DW212: off
//	  DW101: error
//	ignore:                # glob patterns relative to the file's folder; ** spans folders
//	  - "vendor/**"
//	non-root-images:       # base images that already run as a non-root user (DW101)
//	  - "registry.example.com/base/*"
//	floating-tags:         # tags, or words of tags, that follow a release channel (DW103, DW213)
//	  - "weekly"
//	internal-hosts:        # hosts of the build's own network, fine over plain HTTP (DW118)
//	  - "nexus"
//	  - "*.corp.example.com"
//	fail-level: warning    # error | warning | information | hint | none (dockwarden check)
//	syntax-diagnostics: auto  # on | off | auto: the editor shows DW001 and DW002
//	rules-url: https://...    # the rules page the editor links each diagnostic to
//	preset: recommended    # recommended | strict: the default severities
//	include:               # glob patterns of more files a folder walk analyses
//	  - "deploy/*.yml"
//	baseline: .dockwarden-baseline.json  # findings dockwarden check accepts
//
// Unknown keys, unknown rule codes and bad values are errors with their
// line and column, never ignored. The file that applies to a document is
// the nearest one in its folder or a parent folder (Find). The JSON schema
// in schema/dockwarden.schema.json describes the same shape.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/dockerfile"
	"github.com/dockwarden/dockwarden/analysis/document"
	"github.com/dockwarden/dockwarden/analysis/hosts"
	"github.com/dockwarden/dockwarden/analysis/internal/glob"
	"github.com/dockwarden/dockwarden/analysis/internal/spell"
	"github.com/dockwarden/dockwarden/internal/fsroot"
)

// The names of the configuration file, in order of preference when a
// folder has both.
const (
	FileName    = ".dockwarden.yaml"
	AltFileName = ".dockwarden.yml"
)

// Code is the diagnostic code of an invalid configuration, which the
// language server reports in the configuration file itself. It is not a
// rule: it cannot be switched off or suppressed, only fixed.
const Code = "DW005"

// MaxSize bounds the size of a configuration file.
const MaxSize = 1 << 20

// The top-level keys.
const (
	KeyRules         = "rules"
	KeyIgnore        = "ignore"
	KeyNonRootImages = "non-root-images"
	KeyFloatingTags  = "floating-tags"
	KeyInternalHosts = "internal-hosts"
	KeyFailLevel     = "fail-level"
	KeySyntax        = "syntax-diagnostics"
	KeyRulesURL      = "rules-url"
	KeyPreset        = "preset"
	KeyInclude       = "include"
	KeyBaseline      = "baseline"
)

// Keys are the top-level keys a configuration may have.
var Keys = []string{KeyRules, KeyIgnore, KeyNonRootImages, KeyFloatingTags, KeyInternalHosts, KeyFailLevel, KeySyntax, KeyRulesURL, KeyPreset, KeyInclude, KeyBaseline}

// RuleValues are the values a rule may be set to: off, on (the default
// severity; enables a rule shipped off) or a severity for all its
// findings. The short severity names of analysis.SeverityAliases (warn,
// info) are accepted too, as they are on the command line.
var RuleValues = append([]string{"off", "on"}, analysis.SeverityNames...)

// FailLevels are the values of fail-level: a severity (or one of its
// short names) or none.
var FailLevels = append(slices.Clone(analysis.SeverityNames), "none")

// SyntaxValues are the values of syntax-diagnostics: whether the language
// server publishes the syntax errors (DW001, DW002) that the editor's
// other Docker language servers publish too. auto leaves it to the
// editor: the VS Code extension sends off when Docker's extension or
// Container Tools is installed and enabled; without such a word from the
// editor, auto is on.
var SyntaxValues = []string{"on", "off", "auto"}

// A Config is one configuration: a file's, the editor settings', or the
// two merged. The zero value is the defaults.
type Config struct {
	// Path is the file it was read from; empty for editor settings.
	Path string
	// Dir is the folder Ignore patterns are relative to: the file's
	// folder; for editor settings the caller sets the workspace folder.
	Dir string

	Rules         map[string]analysis.RuleConfig
	Ignore        []string
	NonRootImages []string
	FloatingTags  []string
	InternalHosts []string
	FailLevel     string // one of FailLevels (never a short name), or "" when not set
	// Syntax is one of SyntaxValues, or "" when not set.
	Syntax string
	// RulesURL is the rules page diagnostics link to, "" for
	// analysis.RulesPage: an absolute http or https URL without fragment.
	RulesURL string
	Preset   analysis.Preset
	// Include are glob patterns, relative to Dir, of files a folder walk
	// analyses whatever their names (Included).
	Include []string
	// Baseline is the baseline file's path as written, relative to Dir;
	// "" when not set.
	Baseline string

	set map[string]bool // the keys given, with a non-null value
}

// Has reports whether the configuration gives key a value.
func (c *Config) Has(key string) bool { return c != nil && c.set[key] }

// Options returns the analysis options the configuration asks for; nil
// for a nil configuration.
func (c *Config) Options() *analysis.Options {
	if c == nil {
		return nil
	}
	return &analysis.Options{Preset: c.Preset, Rules: c.Rules, NonRootImages: c.NonRootImages, FloatingTags: c.FloatingTags, InternalHosts: c.InternalHosts}
}

// EditorOptions are the Options of the language server: those of
// `dockwarden check`, without the syntax rules when syntax-diagnostics is
// off. check itself always reports syntax errors: a file docker cannot
// read must fail the check.
func (c *Config) EditorOptions() *analysis.Options {
	opts := c.Options()
	if opts != nil && c.Syntax == "off" {
		opts.NoSyntax = true
	}
	return opts
}

// RulesPage returns the rules page diagnostics link to.
func (c *Config) RulesPage() string {
	if c == nil || c.RulesURL == "" {
		return analysis.RulesPage
	}
	return c.RulesURL
}

// Threshold returns the severity from which `dockwarden check` fails (0
// for "none") and whether fail-level is set at all.
func (c *Config) Threshold() (analysis.Severity, bool) {
	if c == nil || c.FailLevel == "" {
		return 0, false
	}
	if c.FailLevel == "none" {
		return 0, true
	}
	sev, err := analysis.ParseSeverity(c.FailLevel)
	return sev, err == nil
}

// Ignored reports whether a file at path (absolute, or relative to the
// working folder) is excluded by the ignore patterns. A pattern is matched
// against the path relative to Dir and against each folder on the way, so
// "vendor" and "vendor/**" both exclude everything under vendor; a pattern
// without a "/" matches at any depth, as in .gitignore. Files outside Dir
// are never ignored.
func (c *Config) Ignored(path string) bool {
	return c != nil && c.matches(c.Ignore, path)
}

// Included reports whether the include patterns name a file at path
// (absolute, or relative to the working folder), matched as Ignored
// matches: a folder walk analyses it although its name is not one of a
// Dockerfile or a compose file.
func (c *Config) Included(path string) bool {
	return c != nil && c.matches(c.Include, path)
}

// matches reports whether one of patterns, relative to Dir, matches path
// or a folder on its way.
func (c *Config) matches(patterns []string, path string) bool {
	if len(patterns) == 0 || c.Dir == "" {
		return false
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return false
	}
	dir, err := filepath.Abs(c.Dir)
	if err != nil {
		return false
	}
	rel, err := filepath.Rel(dir, abs)
	if err != nil || rel == "." || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return false
	}
	parts := strings.Split(filepath.ToSlash(rel), "/")
	for _, pattern := range patterns {
		pattern = normalisePattern(pattern)
		if !strings.Contains(pattern, "/") {
			pattern = "**/" + pattern
		}
		for i := 1; i <= len(parts); i++ {
			if glob.Match(pattern, strings.Join(parts[:i], "/")) {
				return true
			}
		}
	}
	return false
}

// Patterns returns a configuration that ignores what patterns (ignore
// patterns, relative to dir) name, such as the --exclude patterns of the
// command line, or the first pattern that is not valid.
func Patterns(dir string, patterns []string) (*Config, error) {
	for _, p := range patterns {
		if problem := checkIgnore(p); problem != "" {
			return nil, fmt.Errorf("%q %s", p, problem)
		}
	}
	return &Config{Dir: dir, Ignore: patterns}, nil
}

// BaselinePath returns the path of the baseline file the configuration
// names, resolved against its folder; "" when it names none.
func (c *Config) BaselinePath() string {
	if c == nil || c.Baseline == "" {
		return ""
	}
	p := filepath.FromSlash(c.Baseline)
	if filepath.IsAbs(p) || c.Dir == "" {
		return p
	}
	return filepath.Join(c.Dir, p)
}

// normalisePattern drops what makes no difference to an ignore pattern: a
// leading "./" or "/" (both mean the configuration's folder) and a
// trailing "/".
func normalisePattern(p string) string {
	p = strings.TrimSpace(p)
	for strings.HasPrefix(p, "./") {
		p = p[2:]
	}
	p = strings.TrimLeft(p, "/")
	return strings.TrimRight(p, "/")
}

// Merge returns base with over laid on it, for editor settings (base)
// under a folder's file (over): the file wins key by key, and within
// rules code by code. Either may be nil.
func Merge(base, over *Config) *Config {
	switch {
	case base == nil && over == nil:
		return nil
	case base == nil:
		return over
	case over == nil:
		return base
	}
	out := *base
	out.Path = over.Path
	out.set = map[string]bool{}
	for k := range base.set {
		out.set[k] = true
	}
	for k := range over.set {
		out.set[k] = true
	}
	if len(base.Rules)+len(over.Rules) > 0 {
		out.Rules = map[string]analysis.RuleConfig{}
		for code, rc := range base.Rules {
			out.Rules[code] = rc
		}
		for code, rc := range over.Rules {
			out.Rules[code] = rc
		}
	}
	if over.Has(KeyIgnore) {
		out.Ignore, out.Dir = over.Ignore, over.Dir
	}
	overlay(over, KeyNonRootImages, &out.NonRootImages, over.NonRootImages)
	overlay(over, KeyFloatingTags, &out.FloatingTags, over.FloatingTags)
	overlay(over, KeyInternalHosts, &out.InternalHosts, over.InternalHosts)
	overlay(over, KeyFailLevel, &out.FailLevel, over.FailLevel)
	if over.Syntax != "auto" { // a file's auto leaves the choice to the editor's settings
		overlay(over, KeySyntax, &out.Syntax, over.Syntax)
	}
	overlay(over, KeyRulesURL, &out.RulesURL, over.RulesURL)
	overlay(over, KeyPreset, &out.Preset, over.Preset)
	overlay(over, KeyInclude, &out.Include, over.Include)
	overlay(over, KeyBaseline, &out.Baseline, over.Baseline)
	return &out
}

// overlay sets *dst to v, over's value of key, when over sets key.
func overlay[T any](over *Config, key string, dst *T, v T) {
	if over.Has(key) {
		*dst = v
	}
}

// An Error is one problem in a configuration. Line and Column are 1-based
// (the column in characters) and Span is in bytes of the text; all are
// zero for editor settings, whose text is the client's JSON.
type Error struct {
	Line, Column int
	Span         document.Span
	Message      string
}

func (e *Error) Error() string {
	if e.Line == 0 {
		return e.Message
	}
	return fmt.Sprintf("%d:%d: %s", e.Line, e.Column, e.Message)
}

// Errors are every problem of one configuration, in the order of the text.
type Errors struct {
	// Source names the configuration: its path, or "settings".
	Source string
	List   []*Error
}

func (e *Errors) Error() string {
	var b strings.Builder
	for i, err := range e.List {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Source + ":" + err.Error())
	}
	return b.String()
}

// Find returns the name, under r, of the configuration file that applies
// to files in the folder dir (a name under r: slash-separated, "." for its
// top; for fsroot.Unrooted a path): the one in dir, else in the nearest
// parent folder, never looking above r's folder (the filesystem root for
// Unrooted). It returns "" when there is none. The name is returned
// whatever it leads to; Load judges that when it opens it.
func Find(r *fsroot.Root, dir string) string {
	p := filepath.Clean(filepath.FromSlash(dir))
	for {
		for _, name := range []string{FileName, AltFileName} {
			if n := filepath.ToSlash(filepath.Join(p, name)); r.Exists(n) {
				return n
			}
		}
		parent := filepath.Dir(p)
		if p == "." || parent == p {
			return ""
		}
		p = parent
	}
}

// Within reports whether path is dir or inside it; both must be clean
// absolute paths.
func Within(path, dir string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// IsConfigFile reports whether a file name is that of a configuration
// file.
func IsConfigFile(name string) bool {
	base := filepath.Base(filepath.FromSlash(name))
	return base == FileName || base == AltFileName
}

// Load reads and parses the configuration file n under r, opened once
// and read only when it is a regular file of at most MaxSize bytes. On a
// parse error it returns what was valid together with *Errors; on a read
// error, a nil Config. It returns what Stat said of the file read, for a
// cache to tell when it changes (fsroot.Root.ReadFileSince).
func Load(r *fsroot.Root, n string, reg *analysis.Registry) (*Config, fs.FileInfo, error) {
	text, info, err := r.ReadFile(n, MaxSize)
	if errors.Is(err, fsroot.ErrTooLarge) {
		return nil, nil, fmt.Errorf("%s: larger than %d bytes", r.Path(n), MaxSize)
	}
	if err != nil {
		return nil, nil, err
	}
	cfg, err := Parse(r.Path(n), text, reg)
	return cfg, info, err
}

// Parse reads a configuration file's text. Rule codes are checked against
// reg. It always returns a Config, holding everything that was valid, and
// *Errors when something was not.
func Parse(path string, text []byte, reg *analysis.Registry) (*Config, error) {
	p := &parser{reg: reg, doc: document.New("", 0, document.Unknown, text), cfg: &Config{Path: path, set: map[string]bool{}}}
	if path != "" {
		p.cfg.Dir = filepath.Dir(path)
	}
	p.parse(text)
	if len(p.errs) == 0 {
		return p.cfg, nil
	}
	return p.cfg, &Errors{Source: path, List: p.errs}
}

// ParseSettings reads editor settings: the JSON value of the section
// "dockwarden", null for none. Errors carry no positions.
func ParseSettings(data []byte, reg *analysis.Registry) (*Config, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return &Config{set: map[string]bool{}}, nil
	}
	cfg, err := Parse("", data, reg)
	var errs *Errors
	if errors.As(err, &errs) {
		errs.Source = "settings"
		for _, e := range errs.List {
			e.Line, e.Column, e.Span = 0, 0, document.Span{}
		}
	}
	cfg.Path = ""
	return cfg, err
}

type parser struct {
	reg  *analysis.Registry
	doc  *document.Document
	cfg  *Config
	errs []*Error
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): `)

func (p *parser) parse(text []byte) {
	dec := yaml.NewDecoder(bytes.NewReader(text))
	var root yaml.Node
	switch err := dec.Decode(&root); {
	case errors.Is(err, io.EOF):
		return // an empty file
	case err != nil:
		p.syntaxError(err)
		return
	}
	var next yaml.Node
	if err := dec.Decode(&next); err == nil {
		p.errorAt(&next, "the file holds more than one YAML document; keep one")
	} else if !errors.Is(err, io.EOF) {
		p.syntaxError(err)
	}
	top := deref(&root)
	if top.Kind == yaml.DocumentNode {
		if len(top.Content) == 0 {
			return
		}
		top = deref(top.Content[0])
	}
	if isNull(top) {
		return
	}
	if top.Kind != yaml.MappingNode {
		p.errorAt(top, "the configuration must be a mapping of keys such as rules and ignore")
		return
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(top.Content); i += 2 {
		k, v := deref(top.Content[i]), deref(top.Content[i+1])
		key := k.Value
		if k.Kind != yaml.ScalarNode || !slices.Contains(Keys, key) {
			if meant, ok := spell.Suggest(key, Keys); ok && k.Kind == yaml.ScalarNode {
				// A slip: the one key meant keeps the message short.
				p.errorAt(k, "unknown key %q; did you mean %q?", key, meant)
			} else {
				// The keys are too many for one line: DW005's
				// documentation lists them.
				p.errorAt(k, "unknown key %q; DW005 in RULES.md lists the keys", key)
			}
			continue
		}
		if seen[key] {
			p.errorAt(k, "duplicate key %q", key)
			continue
		}
		seen[key] = true
		if isNull(v) {
			continue // `ignore:` with nothing after it: not set
		}
		switch key {
		case KeyRules:
			p.rules(v)
		case KeyIgnore:
			p.cfg.Ignore = p.list(key, v, checkIgnore)
		case KeyNonRootImages:
			p.cfg.NonRootImages = p.list(key, v, checkImage)
		case KeyFloatingTags:
			p.cfg.FloatingTags = p.list(key, v, checkTag)
		case KeyInternalHosts:
			p.cfg.InternalHosts = p.list(key, v, checkHost)
		case KeyFailLevel:
			level, ok := failLevel(v)
			if !ok {
				p.errorAt(v, "fail-level: unknown value %q (want %s)", scalarText(v), orList(FailLevels))
				continue
			}
			p.cfg.FailLevel = level
		case KeySyntax:
			if v.Kind != yaml.ScalarNode || !slices.Contains(SyntaxValues, v.Value) {
				p.errorAt(v, "syntax-diagnostics: unknown value %q (want %s)", scalarText(v), orList(SyntaxValues))
				continue
			}
			p.cfg.Syntax = v.Value
		case KeyRulesURL:
			if problem := checkRulesURL(v); problem != "" {
				p.errorAt(v, "rules-url: %q %s", scalarText(v), problem)
				continue
			}
			p.cfg.RulesURL = v.Value
		case KeyPreset:
			preset, err := analysis.ParsePreset(v.Value)
			if v.Kind != yaml.ScalarNode || err != nil {
				p.errorAt(v, "preset: unknown value %q (want %s)", scalarText(v), orList(analysis.PresetNames))
				continue
			}
			p.cfg.Preset = preset
		case KeyInclude:
			p.cfg.Include = p.list(key, v, checkIgnore)
		case KeyBaseline:
			if v.Kind != yaml.ScalarNode || strings.TrimSpace(v.Value) == "" {
				p.errorAt(v, "baseline must be the path of a file, relative to the configuration's folder")
				continue
			}
			p.cfg.Baseline = v.Value
		}
		p.cfg.set[key] = true
	}
}

var ruleCode = regexp.MustCompile(`^DW\d{3}$`)

func (p *parser) rules(v *yaml.Node) {
	if v.Kind != yaml.MappingNode {
		p.errorAt(v, "rules must be a mapping of rule codes to %s", orList(RuleValues))
		return
	}
	p.cfg.Rules = map[string]analysis.RuleConfig{}
	seen := map[string]bool{}
	for i := 0; i+1 < len(v.Content); i += 2 {
		k, val := deref(v.Content[i]), deref(v.Content[i+1])
		code := k.Value
		switch {
		case k.Kind != yaml.ScalarNode || !ruleCode.MatchString(code):
			p.errorAt(k, "rules: %q is not a rule code (DW and three digits, such as DW101)", scalarText(k))
			continue
		case p.reg != nil && p.reg.Lookup(code) == nil:
			p.errorAt(k, "rules: unknown rule code %s (dockwarden rules lists them)", code)
			continue
		case code == Code:
			p.errorAt(k, "rules: %s reports problems of the configuration itself and cannot be configured; fix them instead", code)
			continue
		case seen[code]:
			p.errorAt(k, "rules: duplicate rule code %s", code)
			continue
		}
		seen[code] = true
		rc, ok := ruleConfig(val)
		if !ok {
			p.errorAt(val, "rules: %s: unknown value %q (want %s)", code, scalarText(val), orList(RuleValues))
			continue
		}
		p.cfg.Rules[code] = rc
	}
}

// ruleConfig reads one rule's value.
func ruleConfig(v *yaml.Node) (analysis.RuleConfig, bool) {
	if v.Kind != yaml.ScalarNode {
		return analysis.RuleConfig{}, false
	}
	switch v.Value {
	case "off":
		return analysis.RuleConfig{Off: true}, true
	case "on":
		return analysis.RuleConfig{}, true
	}
	sev, err := analysis.ParseSeverity(v.Value)
	return analysis.RuleConfig{Severity: sev}, err == nil
}

// failLevel reads fail-level's value, a short severity name written out.
func failLevel(v *yaml.Node) (string, bool) {
	if v.Kind != yaml.ScalarNode {
		return "", false
	}
	if v.Value == "none" {
		return "none", true
	}
	sev, err := analysis.ParseSeverity(v.Value)
	if err != nil {
		return "", false
	}
	return sev.String(), true
}

// list reads a list of strings, each checked by check (which returns a
// problem, or "").
func (p *parser) list(key string, v *yaml.Node, check func(string) string) []string {
	if v.Kind != yaml.SequenceNode {
		p.errorAt(v, "%s must be a list", key)
		return nil
	}
	out := []string{}
	for _, item := range v.Content {
		item = deref(item)
		if item.Kind != yaml.ScalarNode || isNull(item) {
			p.errorAt(item, "%s: each item must be a string", key)
			continue
		}
		if problem := check(item.Value); problem != "" {
			p.errorAt(item, "%s: %q %s", key, item.Value, problem)
			continue
		}
		out = append(out, item.Value)
	}
	return out
}

// checkRulesURL returns what is wrong with a rules-url value, or "". The
// link is the URL, "#" and a rule's anchor, so the URL has no fragment of
// its own.
func checkRulesURL(v *yaml.Node) string {
	if v.Kind != yaml.ScalarNode {
		return "is not a URL"
	}
	u, err := url.Parse(v.Value)
	switch {
	case err != nil || u.Host == "" || u.Scheme != "http" && u.Scheme != "https":
		return "is not an absolute http or https URL"
	case strings.Contains(v.Value, "#"):
		return "has a fragment: the rule's anchor is added after a #"
	}
	return ""
}

func checkIgnore(pattern string) string {
	n := normalisePattern(pattern)
	switch {
	case n == "":
		return "matches nothing"
	case slices.Contains(strings.Split(n, "/"), ".."):
		return "leaves the folder of the configuration (no .. allowed)"
	case !glob.Valid(n):
		return "is not a valid glob pattern"
	}
	return ""
}

func checkImage(pattern string) string {
	if !dockerfile.ValidImagePattern(pattern) {
		return "is not an image pattern (such as acme/base/*)"
	}
	return ""
}

func checkHost(pattern string) string {
	if !hosts.ValidPattern(pattern) {
		return "is not a host name, an address or *.domain"
	}
	return ""
}

var tagWord = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$`)

func checkTag(tag string) string {
	if !tagWord.MatchString(tag) {
		return "is not an image tag (letters, digits, _ . and -)"
	}
	return ""
}

// syntaxError records a YAML syntax error. yaml.v3 often names the line
// before the one at fault, or none, so the line is found again as the
// first one whose prefix of the text already fails the same way.
func (p *parser) syntaxError(err error) {
	msg := err.Error()
	line := 1
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = msg[len(m[0]):]
	}
	msg = strings.TrimPrefix(msg, "yaml: ")
	fails := func(l int) bool {
		end := len(p.doc.Text)
		if l < p.doc.LineCount() {
			end = p.doc.LineStart(l)
		}
		e := decodeAll(p.doc.Text[:end])
		return e != nil && strings.HasSuffix(e.Error(), msg)
	}
	// A prefix that fails keeps failing when it grows: binary search.
	if lo, hi := 1, p.doc.LineCount(); fails(hi) {
		for lo < hi {
			if mid := (lo + hi) / 2; fails(mid) {
				hi = mid
			} else {
				lo = mid + 1
			}
		}
		line = lo
	}
	line = min(max(line, 1), p.doc.LineCount())
	start, end := p.doc.LineStart(line-1), p.doc.LineEnd(line-1)
	at := p.failingByte(start, end, msg)
	_, col := p.doc.Column(at)
	p.errs = append(p.errs, &Error{Line: line, Column: col, Span: document.Span{Start: at, End: end}, Message: "not valid YAML: " + msg})
}

// failingByte finds the column of a syntax error on the line [start, end)
// the same way syntaxError finds the line: the shortest prefix of the text
// that ends on the line and already fails with msg ends with the character
// at fault (the ":" of a misplaced mapping, the "{" never closed, the
// tab). It returns start when no prefix ending on the line fails.
func (p *parser) failingByte(start, end int, msg string) int {
	fails := func(n int) bool {
		e := decodeAll(p.doc.Text[:n])
		return e != nil && strings.HasSuffix(e.Error(), msg)
	}
	lo, hi := start+1, end
	if lo > hi || !fails(hi) {
		return start
	}
	for lo < hi {
		if mid := (lo + hi) / 2; fails(mid) {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	// The prefix ends after the character at fault; step back to its
	// first byte.
	at := lo - 1
	for at > start && !utf8.RuneStart(p.doc.Text[at]) {
		at--
	}
	if strings.HasPrefix(msg, "did not find expected ',' or") {
		// A flow collection never closed: the fault is its opening
		// bracket, the last one on the line still open.
		var open []int
		for i := start; i < at; i++ {
			switch p.doc.Text[i] {
			case '{', '[':
				open = append(open, i)
			case '}', ']':
				if len(open) > 0 {
					open = open[:len(open)-1]
				}
			}
		}
		if len(open) > 0 {
			at = open[len(open)-1]
		}
	}
	return at
}

// decodeAll returns the first syntax error of text.
func decodeAll(text []byte) error {
	dec := yaml.NewDecoder(bytes.NewReader(text))
	for {
		var n yaml.Node
		if err := dec.Decode(&n); err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return err
		}
	}
}

// errorAt records a problem at a node.
func (p *parser) errorAt(n *yaml.Node, format string, args ...any) {
	span := p.span(n)
	p.errs = append(p.errs, &Error{Line: n.Line, Column: n.Column, Span: span, Message: fmt.Sprintf(format, args...)})
}

// span finds the bytes a node is written on: a scalar's token, or the
// rest of the line for a collection.
func (p *parser) span(n *yaml.Node) document.Span {
	doc := p.doc
	if n.Line < 1 || n.Line > doc.LineCount() {
		return document.Span{Start: len(doc.Text), End: len(doc.Text)}
	}
	line := n.Line - 1
	start, end := doc.LineStart(line), doc.LineEnd(line)
	for c := 1; c < n.Column && start < end; c++ {
		_, size := utf8.DecodeRune(doc.Text[start:end])
		start += size
	}
	text := doc.Text[start:end]
	if n.Kind != yaml.ScalarNode || len(text) == 0 {
		return document.Span{Start: start, End: start + len(bytes.TrimRight(text, " \t"))}
	}
	switch q := text[0]; q {
	case '"', '\'':
		for i := 1; i < len(text); i++ {
			if text[i] == '\\' && q == '"' {
				i++
				continue
			}
			if text[i] == q {
				return document.Span{Start: start, End: start + i + 1}
			}
		}
		return document.Span{Start: start, End: end}
	}
	i := 0
	for i < len(text) {
		c := text[i]
		if c == ',' || c == ']' || c == '}' ||
			(c == ':' && (i+1 == len(text) || text[i+1] == ' ' || text[i+1] == '\t')) ||
			(c == '#' && i > 0 && (text[i-1] == ' ' || text[i-1] == '\t')) {
			break
		}
		i++
	}
	return document.Span{Start: start, End: start + len(bytes.TrimRight(text[:i], " \t"))}
}

func deref(n *yaml.Node) *yaml.Node {
	for i := 0; n.Kind == yaml.AliasNode && n.Alias != nil && i < 16; i++ {
		n = n.Alias
	}
	return n
}

func isNull(n *yaml.Node) bool {
	return n.Kind == 0 || n.Kind == yaml.ScalarNode && n.Tag == "!!null"
}

// scalarText shows a node in a message: a scalar's value, else its kind.
func scalarText(n *yaml.Node) string {
	switch n.Kind {
	case yaml.ScalarNode:
		return n.Value
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	}
	return ""
}

func orList(words []string) string {
	return strings.Join(words[:len(words)-1], ", ") + " or " + words[len(words)-1]
}
