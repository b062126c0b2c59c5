package config

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/document"
	"github.com/dockwarden/dockwarden/analysis/rules"
	"github.com/dockwarden/dockwarden/internal/fsroot"
)

func parse(t *testing.T, text string) (*Config, []*Error) {
	t.Helper()
	cfg, err := Parse("/w/.dockwarden.yaml", []byte(text), rules.All)
	if cfg == nil {
		t.Fatal("Parse returned no Config")
	}
	if err == nil {
		return cfg, nil
	}
	var errs *Errors
	if !errors.As(err, &errs) {
		t.Fatalf("error %v is not *Errors", err)
	}
	return cfg, errs.List
}

// checkMessages checks that each problem reads as a DW005 diagnostic
// must: one short line (analysis.CheckMessage).
func checkMessages(t *testing.T, errs []*Error) {
	t.Helper()
	for _, e := range errs {
		if err := analysis.CheckMessage(e.Message); err != nil {
			t.Errorf("%d:%d: %v", e.Line, e.Column, err)
		}
	}
}

// TestKeysDocumented checks that DW005's documentation, which the message
// about an unknown key points to, lists every key.
func TestKeysDocumented(t *testing.T) {
	doc := rules.All.Lookup(Code).Doc
	for _, key := range Keys {
		if !strings.Contains(doc, key) {
			t.Errorf("DW005's Doc does not list the key %s", key)
		}
	}
}

func TestParseEveryKey(t *testing.T) {
	cfg, errs := parse(t, `# every key
rules:
  DW212: off        # off | error | warning | information | hint
  DW101: error
  DW102: warning
  DW103: information
  DW213: hint
  DW104: on
ignore:
  - "vendor/**"
  - legacy
non-root-images:
  - registry.example.com/base/*
floating-tags: [weekly, "nightly-build"]
internal-hosts: [nexus, "*.corp.example.com", 10.0.0.5]
fail-level: information
syntax-diagnostics: auto
rules-url: https://github.com/dockwarden/dockwarden/blob/v0.1.0/RULES.md
preset: strict
include: ["deploy/*.yml", Dockerfile.ci.in]
baseline: ci/baseline.json
`)
	if len(errs) > 0 {
		t.Fatalf("errors: %v", errs)
	}
	want := map[string]analysis.RuleConfig{
		"DW212": {Off: true}, "DW101": {Severity: analysis.Error}, "DW102": {Severity: analysis.Warning},
		"DW103": {Severity: analysis.Information}, "DW213": {Severity: analysis.Hint}, "DW104": {},
	}
	if len(cfg.Rules) != len(want) {
		t.Errorf("rules = %v", cfg.Rules)
	}
	for code, rc := range want {
		if got, ok := cfg.Rules[code]; !ok || got != rc {
			t.Errorf("rules[%s] = %+v, %v; want %+v", code, got, ok, rc)
		}
	}
	if !slices.Equal(cfg.Ignore, []string{"vendor/**", "legacy"}) || cfg.Dir != filepath.FromSlash("/w") {
		t.Errorf("ignore = %q in %q", cfg.Ignore, cfg.Dir)
	}
	if !slices.Equal(cfg.NonRootImages, []string{"registry.example.com/base/*"}) {
		t.Errorf("non-root-images = %q", cfg.NonRootImages)
	}
	if !slices.Equal(cfg.FloatingTags, []string{"weekly", "nightly-build"}) {
		t.Errorf("floating-tags = %q", cfg.FloatingTags)
	}
	if !slices.Equal(cfg.InternalHosts, []string{"nexus", "*.corp.example.com", "10.0.0.5"}) || !slices.Equal(cfg.Options().InternalHosts, cfg.InternalHosts) {
		t.Errorf("internal-hosts = %q", cfg.InternalHosts)
	}
	if sev, ok := cfg.Threshold(); !ok || sev != analysis.Information {
		t.Errorf("Threshold = %v, %v", sev, ok)
	}
	if cfg.Preset != analysis.Strict || cfg.Options().Preset != analysis.Strict {
		t.Errorf("preset = %v", cfg.Preset)
	}
	if !slices.Equal(cfg.Include, []string{"deploy/*.yml", "Dockerfile.ci.in"}) || !cfg.Included("/w/deploy/prod.yml") || cfg.Included("/w/prod.yml") || !cfg.Included("/w/a/Dockerfile.ci.in") {
		t.Errorf("include = %q", cfg.Include)
	}
	if got := cfg.BaselinePath(); got != filepath.FromSlash("/w/ci/baseline.json") {
		t.Errorf("BaselinePath = %q", got)
	}
	for _, key := range Keys {
		if !cfg.Has(key) {
			t.Errorf("Has(%q) = false", key)
		}
	}
}

func TestParseEmpty(t *testing.T) {
	for _, text := range []string{"", "# nothing\n", "---\n", "null\n", "rules:\nignore:\nfail-level:\n"} {
		cfg, errs := parse(t, text)
		if len(errs) > 0 || len(cfg.Rules) > 0 || cfg.Has(KeyIgnore) || cfg.Has(KeyFailLevel) {
			t.Errorf("%q: cfg %+v, errors %v", text, cfg, errs)
		}
	}
	cfg, _ := parse(t, "fail-level: none\n")
	if sev, ok := cfg.Threshold(); !ok || sev != 0 {
		t.Errorf("fail-level none: Threshold = %v, %v", sev, ok)
	}
}

// TestParseErrors checks that every problem is reported, with its line,
// column and span, and that the valid rest is kept.
func TestParseErrors(t *testing.T) {
	text := `rules:
  DW101: loud
  DW999: off
  dw101: off
  DW212: off
  DW212: error
  "DW102": [error]
rulez:
  DW101: off
ignore:
  - "../outside/**"
  - "a/["
  - ok/**
non-root-images: [acme/*, "bad image"]
floating-tags: ["a/b", fine]
fail-level: loud
ignore: []
internal-hosts: ["http://nexus:8081"]
preset: lax
include: ["../x"]
baseline: [a]
`
	cfg, errs := parse(t, text)
	type want struct {
		line, col int
		at, msg   string
	}
	wants := []want{
		{2, 10, "loud", `rules: DW101: unknown value "loud" (want off, on, error, warning, information or hint)`},
		{3, 3, "DW999", "rules: unknown rule code DW999"},
		{4, 3, "dw101", `rules: "dw101" is not a rule code`},
		{6, 3, "DW212", "rules: duplicate rule code DW212"},
		{7, 12, "[error]", `rules: DW102: unknown value "a list"`},
		{8, 1, "rulez", `unknown key "rulez"; did you mean "rules"?`},
		{11, 5, `"../outside/**"`, "leaves the folder"},
		{12, 5, `"a/["`, "is not a valid glob pattern"},
		{14, 27, `"bad image"`, "is not an image pattern"},
		{15, 17, `"a/b"`, "is not an image tag"},
		{16, 13, "loud", `fail-level: unknown value "loud" (want error, warning, information, hint or none)`},
		{17, 1, "ignore", `duplicate key "ignore"`},
		{18, 18, `"http://nexus:8081"`, "is not a host name, an address or *.domain"},
		{19, 9, "lax", `preset: unknown value "lax" (want recommended or strict)`},
		{20, 11, `"../x"`, "leaves the folder"},
		{21, 11, "[a]", "baseline must be the path of a file"},
	}
	checkMessages(t, errs)
	doc := document.New("", 0, document.Unknown, []byte(text))
	if len(errs) != len(wants) {
		for _, e := range errs {
			t.Log(e)
		}
		t.Fatalf("got %d errors, want %d", len(errs), len(wants))
	}
	for i, w := range wants {
		e := errs[i]
		if e.Line != w.line || e.Column != w.col || !strings.Contains(e.Message, w.msg) {
			t.Errorf("error %d = %d:%d %q; want %d:%d containing %q", i, e.Line, e.Column, e.Message, w.line, w.col, w.msg)
		}
		if got := string(doc.Text[e.Span.Start:e.Span.End]); got != w.at {
			t.Errorf("error %d (%s) spans %q, want %q", i, e.Message, got, w.at)
		}
	}
	// The valid parts are kept.
	if rc := cfg.Rules["DW212"]; !rc.Off {
		t.Errorf("DW212 = %+v, want the first value (off)", rc)
	}
	if !slices.Equal(cfg.Ignore, []string{"ok/**"}) || !slices.Equal(cfg.NonRootImages, []string{"acme/*"}) || !slices.Equal(cfg.FloatingTags, []string{"fine"}) {
		t.Errorf("kept %q %q %q", cfg.Ignore, cfg.NonRootImages, cfg.FloatingTags)
	}
	// The error text names the file, line and column.
	_, err := Parse("/w/.dockwarden.yaml", []byte("rulez: {}\n"), rules.All)
	if err == nil || err.Error() != `/w/.dockwarden.yaml:1:1: unknown key "rulez"; did you mean "rules"?` {
		t.Errorf("error text %q", err)
	}
}

func TestParseStructuralErrors(t *testing.T) {
	for text, want := range map[string]string{
		"- a\n- b\n":                                 "1:1: the configuration must be a mapping",
		"rules: [DW101]\n":                           "1:8: rules must be a mapping",
		"ignore: vendor/**\n":                        "1:9: ignore must be a list",
		"rules:\n  DW101: off\n x\n":                 "not valid YAML",
		"fail-level: error\n---\nfail-level: hint\n": "2:1: the file holds more than one YAML document",
		"rules: {DW101: {a: 1}}\n":                   `1:16: rules: DW101: unknown value "a mapping"`,
		"colour: red\n":                              `1:1: unknown key "colour"; DW005 in RULES.md lists the keys`,
	} {
		_, errs := parse(t, text)
		if len(errs) == 0 || !strings.Contains(errs[0].Error(), want) {
			t.Errorf("%q: errors %v, want %q", text, errs, want)
		}
		checkMessages(t, errs)
	}
}

func TestParseSettings(t *testing.T) {
	for _, data := range []string{"", "null", "{}"} {
		cfg, err := ParseSettings([]byte(data), rules.All)
		if err != nil || cfg == nil || len(cfg.Rules) > 0 {
			t.Errorf("%q: %+v, %v", data, cfg, err)
		}
	}
	cfg, err := ParseSettings([]byte(`{"rules": {"DW101": "off"}, "ignore": ["x/**"], "fail-level": "hint", "colour": "red"}`), rules.All)
	if !cfg.Rules["DW101"].Off || !slices.Equal(cfg.Ignore, []string{"x/**"}) || cfg.Path != "" || cfg.Dir != "" {
		t.Errorf("settings = %+v", cfg)
	}
	if err == nil || err.Error() != `settings:unknown key "colour"; DW005 in RULES.md lists the keys` {
		t.Errorf("settings error %q", err)
	}
}

func TestMerge(t *testing.T) {
	settings, _ := ParseSettings([]byte(`{"rules": {"DW101": "off", "DW212": "error"}, "ignore": ["s/**"], "floating-tags": ["weekly"], "fail-level": "hint"}`), rules.All)
	settings.Dir = "/w"
	file, _ := Parse("/w/sub/.dockwarden.yaml", []byte("rules:\n  DW212: off\nignore: [f/**]\n"), rules.All)
	m := Merge(settings, file)
	if !m.Rules["DW101"].Off || !m.Rules["DW212"].Off {
		t.Errorf("rules = %+v: want DW101 from the settings and DW212 from the file", m.Rules)
	}
	if !slices.Equal(m.Ignore, []string{"f/**"}) || m.Dir != filepath.FromSlash("/w/sub") {
		t.Errorf("ignore = %q in %q: the file's wins with its folder", m.Ignore, m.Dir)
	}
	if !slices.Equal(m.FloatingTags, []string{"weekly"}) || m.FailLevel != "hint" {
		t.Errorf("keys the file does not set come from the settings: %+v", m)
	}
	if settings.Rules["DW212"].Off {
		t.Error("Merge changed its input")
	}
	if Merge(nil, file) != file || Merge(settings, nil) != settings || Merge(nil, nil) != nil {
		t.Error("Merge with nil")
	}
}

// TestSyntaxAndRulesURL reads syntax-diagnostics and rules-url: what the
// editor gets, what check keeps, and how a file's auto defers to the
// editor's settings.
func TestSyntaxAndRulesURL(t *testing.T) {
	cfg, errs := parse(t, "syntax-diagnostics: off\nrules-url: https://docs.example.com/dockwarden/rules.html\n")
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if !cfg.EditorOptions().NoSyntax || cfg.Options().NoSyntax {
		t.Error("off switches the syntax rules off in the editor only")
	}
	if cfg.RulesPage() != "https://docs.example.com/dockwarden/rules.html" || (*Config)(nil).RulesPage() != analysis.RulesPage {
		t.Errorf("rules page %q", cfg.RulesPage())
	}
	for _, text := range []string{"syntax-diagnostics: none\n", "syntax-diagnostics: [off]\n", "rules-url: docs/rules.html\n", "rules-url: https://x.example/r#top\n", "rules-url: file:///etc/passwd\n"} {
		if _, errs := parse(t, text); len(errs) != 1 {
			t.Errorf("%q: %v, want one error", text, errs)
		}
	}
	settings, _ := ParseSettings([]byte(`{"syntax-diagnostics": "off"}`), rules.All)
	for file, want := range map[string]bool{"syntax-diagnostics: auto\n": true, "syntax-diagnostics: on\n": false, "ignore: [x]\n": true} {
		f, _ := parse(t, file)
		if got := Merge(settings, f).EditorOptions().NoSyntax; got != want {
			t.Errorf("settings off, file %q: syntax off = %v, want %v", file, got, want)
		}
	}
}

func TestIgnored(t *testing.T) {
	dir := t.TempDir()
	cfg := &Config{Dir: dir, Ignore: []string{"vendor/**", "./build/", "Dockerfile.old", "deploy/*.yaml", "/top/**"}}
	for rel, want := range map[string]bool{
		"vendor/a/Dockerfile":      true,
		"build/Dockerfile":         true,
		"src/Dockerfile.old":       true, // no "/": any depth
		"Dockerfile.old":           true,
		"deploy/compose.yaml":      true,
		"deploy/prod/compose.yaml": false,
		"top/Dockerfile":           true,
		"src/top/Dockerfile":       false,
		"Dockerfile":               false,
		"src/vendor/Dockerfile":    false,
	} {
		if got := cfg.Ignored(filepath.Join(dir, filepath.FromSlash(rel))); got != want {
			t.Errorf("Ignored(%s) = %v, want %v", rel, got, want)
		}
	}
	if cfg.Ignored(filepath.Join(filepath.Dir(dir), "vendor", "Dockerfile")) {
		t.Error("a file outside the configuration's folder was ignored")
	}
}

func TestFind(t *testing.T) {
	root := t.TempDir()
	mk := func(rel string) string {
		p := filepath.Join(root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("rules: {}\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	top := mk(".dockwarden.yml")
	both := mk("both/.dockwarden.yaml")
	mk("both/.dockwarden.yml")
	deep := filepath.Join(root, "a", "b", "c")
	if err := os.MkdirAll(deep, 0o755); err != nil {
		t.Fatal(err)
	}
	rel := func(p string) string {
		n, _ := filepath.Rel(root, p)
		return filepath.ToSlash(n)
	}
	r, err := fsroot.Open(root)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	for _, tc := range []struct{ dir, want string }{
		{"a/b/c", rel(top)},   // the nearest parent, .yml accepted; the root itself is searched
		{"both", rel(both)},   // .yaml before .yml
		{"both/x", rel(both)}, // a folder that does not exist yet
		{".", rel(top)},       // the root's own
	} {
		if got := Find(r, tc.dir); got != tc.want {
			t.Errorf("Find(%s) = %q, want %q", tc.dir, got, tc.want)
		}
	}
	sub, err := fsroot.Open(filepath.Join(root, "a"))
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Close()
	if got := Find(sub, "b/c"); got != "" {
		t.Errorf("Find looked above its root: %q", got)
	}
	if got := Find(fsroot.Unrooted(), filepath.ToSlash(deep)); got != filepath.ToSlash(top) {
		t.Errorf("Find(Unrooted, %s) = %q, want %q", deep, got, top)
	}
	if cfg, info, err := Load(r, rel(top), rules.All); err != nil || cfg.Dir != root || info == nil {
		t.Errorf("Load = %+v, %v", cfg, err)
	}
	if _, _, err := Load(r, "missing.yaml", rules.All); err == nil {
		t.Error("Load of a missing file succeeded")
	}
	if !IsConfigFile("/x/.dockwarden.yml") || IsConfigFile("/x/dockwarden.yaml") {
		t.Error("IsConfigFile")
	}
}

// TestOptionsApply runs the real rules with a configuration: a rule off, a
// severity changed, a rule shipped off switched on, a non-root base image
// and a floating tag added.
func TestOptionsApply(t *testing.T) {
	cfg, errs := parse(t, `rules:
  DW112: off
  DW103: error
  DW104: on
non-root-images: ["registry.example.com/base/*"]
floating-tags: [weekly]
`)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	text := "FROM registry.example.com/base/python:weekly\nCMD [\"python\"]\n"
	doc := document.New("file:///Dockerfile", 1, document.Dockerfile, []byte(text))
	codes := func(res *analysis.Result) string {
		var out []string
		for _, f := range res.Findings {
			out = append(out, f.Rule.Code+":"+f.Severity.String())
		}
		sort.Strings(out)
		return strings.Join(out, " ")
	}
	if got, want := codes(analysis.Run(rules.All, doc)), "DW101:warning DW112:information"; got != want {
		t.Errorf("defaults: %s, want %s", got, want)
	}
	if got, want := codes(analysis.RunWith(rules.All, doc, cfg.Options())), "DW103:error DW104:hint"; got != want {
		t.Errorf("configured: %s, want %s", got, want)
	}
	compose := document.New("file:///compose.yaml", 1, document.Compose, []byte("services:\n  a:\n    image: acme/app:weekly-3\n"))
	found := false
	for _, f := range analysis.RunWith(rules.All, compose, cfg.Options()).Findings {
		found = found || f.Rule.Code == "DW213" && f.Severity == analysis.Hint
	}
	if !found {
		t.Error("DW213 does not treat the configured floating tag as floating")
	}
}

// TestSchemaMatchesParser keeps schema/dockwarden.schema.json and the parser
// in step: the same keys, rule values, fail levels and tag pattern.
func TestSchemaMatchesParser(t *testing.T) {
	data, err := os.ReadFile("../../schema/dockwarden.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	var schema struct {
		AdditionalProperties *bool `json:"additionalProperties"`
		Properties           map[string]struct {
			AdditionalProperties struct {
				Enum []string `json:"enum"`
			} `json:"additionalProperties"`
			PropertyNames struct {
				Pattern string `json:"pattern"`
			} `json:"propertyNames"`
			Items struct {
				Pattern string `json:"pattern"`
			} `json:"items"`
			Enum    []*string `json:"enum"`
			Pattern string    `json:"pattern"`
		} `json:"properties"`
	}
	if err := json.Unmarshal(data, &schema); err != nil {
		t.Fatal(err)
	}
	if schema.AdditionalProperties == nil || *schema.AdditionalProperties {
		t.Error("the schema must refuse unknown keys, as the parser does")
	}
	var keys []string
	for k := range schema.Properties {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	want := slices.Clone(Keys)
	sort.Strings(want)
	if !slices.Equal(keys, want) {
		t.Errorf("schema keys %q, parser keys %q", keys, want)
	}
	var aliases []string
	for a := range analysis.SeverityAliases {
		aliases = append(aliases, a)
	}
	sort.Strings(aliases)
	rulesProp := schema.Properties[KeyRules]
	if want := append(slices.Clone(RuleValues), aliases...); !slices.Equal(rulesProp.AdditionalProperties.Enum, want) {
		t.Errorf("schema rule values %q, parser %q", rulesProp.AdditionalProperties.Enum, want)
	}
	if rulesProp.PropertyNames.Pattern != "^DW[0-9]{3}$" {
		t.Errorf("schema rule code pattern %q", rulesProp.PropertyNames.Pattern)
	}
	enum := func(key string) []string {
		var out []string
		for _, l := range schema.Properties[key].Enum {
			if l != nil {
				out = append(out, *l)
			}
		}
		return out
	}
	if levels, want := enum(KeyFailLevel), append(slices.Clone(FailLevels), aliases...); !slices.Equal(levels, want) {
		t.Errorf("schema fail levels %q, parser %q", levels, want)
	}
	if values := enum(KeySyntax); !slices.Equal(values, SyntaxValues) {
		t.Errorf("schema syntax-diagnostics values %q, parser %q", values, SyntaxValues)
	}
	// The schema's URL pattern accepts what the parser accepts, and
	// refuses a fragment as it does.
	urlPattern := regexp.MustCompile(schema.Properties[KeyRulesURL].Pattern)
	for _, u := range []string{"https://example.com/docs/rules.html", "http://intranet/RULES.md", "https://example.com/r#x", "ftp://example.com/r"} {
		_, errs := parse(t, "rules-url: "+u+"\n")
		if urlPattern.MatchString(u) != (len(errs) == 0) {
			t.Errorf("rules-url %s: the schema and the parser disagree (parser: %v)", u, errs)
		}
	}
	if got := schema.Properties[KeyFloatingTags].Items.Pattern; got != tagWord.String() {
		t.Errorf("schema tag pattern %q, parser %q", got, tagWord.String())
	}
	// Every value the schema allows is accepted by the parser.
	for _, v := range rulesProp.AdditionalProperties.Enum {
		if _, errs := parse(t, "rules:\n  DW101: "+v+"\n"); len(errs) > 0 {
			t.Errorf("value %s: %v", v, errs)
		}
	}
	for _, v := range enum(KeyFailLevel) {
		if _, errs := parse(t, "fail-level: "+v+"\n"); len(errs) > 0 {
			t.Errorf("fail-level %s: %v", v, errs)
		}
	}
}

// TestSeverityNamesAsOnTheCommandLine: the short names warn and info are
// accepted for rules and fail-level, as --fail-level accepts them, and
// stored under their full names; an unknown level's error lists none.
func TestSeverityNamesAsOnTheCommandLine(t *testing.T) {
	cfg, errs := parse(t, "rules:\n  DW101: warn\n  DW212: info\nfail-level: warn\n")
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if cfg.Rules["DW101"].Severity != analysis.Warning || cfg.Rules["DW212"].Severity != analysis.Information || cfg.FailLevel != "warning" {
		t.Errorf("rules %+v, fail-level %q", cfg.Rules, cfg.FailLevel)
	}
	_, errs = parse(t, "fail-level: loud\n")
	if len(errs) != 1 || !strings.Contains(errs[0].Message, "hint or none") {
		t.Errorf("errors %v, want one listing none", errs)
	}
}

// TestEngineCodes: DW006 and DW007 are configured like rules; DW005, the
// configuration's own problems, cannot be.
func TestEngineCodes(t *testing.T) {
	cfg, errs := parse(t, "rules:\n  DW006: error\n  DW007: off\n")
	if len(errs) > 0 || cfg.Rules["DW006"].Severity != analysis.Error || !cfg.Rules["DW007"].Off {
		t.Errorf("rules %+v, errors %v", cfg.Rules, errs)
	}
	if _, errs := parse(t, "rules:\n  DW005: off\n"); len(errs) != 1 || !strings.Contains(errs[0].Message, "cannot be configured") {
		t.Errorf("DW005: off gave %v, want it refused", errs)
	}
}

// TestSyntaxErrorPosition: broken YAML is reported at its own line and
// column, the character at fault, not at the start of a line.
func TestSyntaxErrorPosition(t *testing.T) {
	for text, want := range map[string]string{
		"rules: {DW101: error\n":                                    "1:8:",  // the { never closed
		"rules:\n  DW101: error\n   DW102: off\n":                   "3:9:",  // the : of a mapping where none may be
		"rules:\n\tDW101: error\n":                                  "2:1:",  // a tab
		"fail-level: warning\nrules: \"abc\n":                       "2:8:",  // the quote never closed
		"rules:\n  DW101: error\n  DW102: [off\nfail-level: hint\n": "3:10:", // the [ never closed
	} {
		_, errs := parse(t, text)
		if len(errs) != 1 || !strings.HasPrefix(errs[0].Error(), want) || !strings.Contains(errs[0].Message, "not valid YAML") {
			t.Errorf("%q: errors %v, want one at %s", text, errs, want)
		}
	}
}
