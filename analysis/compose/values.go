package compose

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/dockwarden/dockwarden/analysis/document"
	"github.com/dockwarden/dockwarden/analysis/internal/spell"
)

// This file checks the literal values that pass the Compose schema but
// that docker compose refuses later. The schema accepts a string wherever
// it accepts a boolean or a number, so that ${VAR} can stand there; after
// interpolation compose-go casts the string (loader/interpolate.go,
// buildInterpolateTypeCastMapping) and rejects the file when the cast
// fails: `privileged: maybe` and `retries: three` never get past
// `docker compose config`. The restart policy is a plain string to the
// schema and to compose-go, but docker compose maps it to Docker Engine's
// policies (pkg/compose/create.go, mapRestartPolicyCondition) and the
// engine refuses any other (api/types/container/hostconfig.go,
// ValidateRestartPolicy), so `restart: sometimes` fails at `docker compose
// up`.

// A valueKind is what a value must read as.
type valueKind int

const (
	boolValue      valueKind = iota // true, false, y, yes, on, n, no, off, any case
	intValue                        // a decimal integer (strconv.Atoi)
	floatValue                      // a number (strconv.ParseFloat)
	umaskValue                      // an unsigned integer, octal with a leading 0
	restartValue                    // no, always, on-failure[:N], unless-stopped
	conditionValue                  // none, on-failure, any (deploy.restart_policy)
)

// castPaths are the places compose-go casts, "*" standing for any mapping
// key and "[]" for any list item, and the restart policies. The casts of
// compose-go's jobs and pre_start containers, which the schema this
// package validates against does not describe, are left out.
var castPaths = []struct {
	path []string
	kind valueKind
}{
	{[]string{"networks", "*", "external"}, boolValue},
	{[]string{"networks", "*", "internal"}, boolValue},
	{[]string{"networks", "*", "attachable"}, boolValue},
	{[]string{"networks", "*", "enable_ipv4"}, boolValue},
	{[]string{"networks", "*", "enable_ipv6"}, boolValue},
	{[]string{"volumes", "*", "external"}, boolValue},
	{[]string{"secrets", "*", "external"}, boolValue},
	{[]string{"configs", "*", "external"}, boolValue},
	{[]string{"services", "*", "cpu_count"}, intValue},
	{[]string{"services", "*", "cpu_percent"}, floatValue},
	{[]string{"services", "*", "cpu_period"}, intValue},
	{[]string{"services", "*", "cpu_quota"}, intValue},
	{[]string{"services", "*", "cpu_rt_period"}, intValue},
	{[]string{"services", "*", "cpu_rt_runtime"}, intValue},
	{[]string{"services", "*", "cpus"}, floatValue},
	{[]string{"services", "*", "cpu_shares"}, intValue},
	{[]string{"services", "*", "init"}, boolValue},
	{[]string{"services", "*", "networks", "*", "use_service_name_alias"}, boolValue},
	{[]string{"services", "*", "oom_kill_disable"}, boolValue},
	{[]string{"services", "*", "oom_score_adj"}, intValue},
	{[]string{"services", "*", "pids_limit"}, intValue},
	{[]string{"services", "*", "privileged"}, boolValue},
	{[]string{"services", "*", "read_only"}, boolValue},
	{[]string{"services", "*", "umask"}, umaskValue},
	{[]string{"services", "*", "ulimits", "*"}, intValue},
	{[]string{"services", "*", "ulimits", "*", "hard"}, intValue},
	{[]string{"services", "*", "ulimits", "*", "soft"}, intValue},
	{[]string{"services", "*", "volumes", "[]", "read_only"}, boolValue},
	{[]string{"services", "*", "volumes", "[]", "volume", "nocopy"}, boolValue},
	{[]string{"services", "*", "depends_on", "*", "required"}, boolValue},
	{[]string{"services", "*", "depends_on", "*", "restart"}, boolValue},
	{[]string{"services", "*", "healthcheck", "retries"}, intValue},
	{[]string{"services", "*", "healthcheck", "disable"}, boolValue},
	{[]string{"services", "*", "ports", "[]", "target"}, intValue},
	{[]string{"services", "*", "stdin_open"}, boolValue},
	{[]string{"services", "*", "tty"}, boolValue},
	{[]string{"services", "*", "deploy", "replicas"}, intValue},
	{[]string{"services", "*", "deploy", "update_config", "parallelism"}, intValue},
	{[]string{"services", "*", "deploy", "update_config", "max_failure_ratio"}, floatValue},
	{[]string{"services", "*", "deploy", "rollback_config", "parallelism"}, intValue},
	{[]string{"services", "*", "deploy", "rollback_config", "max_failure_ratio"}, floatValue},
	{[]string{"services", "*", "deploy", "restart_policy", "max_attempts"}, intValue},
	{[]string{"services", "*", "deploy", "placement", "max_replicas_per_node"}, intValue},
	{[]string{"services", "*", "scale"}, intValue},
	{[]string{"services", "*", "restart"}, restartValue},
	{[]string{"services", "*", "deploy", "restart_policy", "condition"}, conditionValue},
}

// A ValueError is a literal value docker compose refuses: Value is the
// scalar, Replacement the one accepted value close to it ("" when there is
// none or several). Engine reports that compose-go's loader accepts the
// value and Docker Engine refuses it when the container is created.
type ValueError struct {
	Span        document.Span
	Message     string
	Value       *Value
	Replacement string
	Engine      bool
}

// ValidateValues checks the literal values at the places compose casts
// (booleans and numbers written as strings) and the restart policies.
// Values written with interpolation are not judged, as in ValidateSchema;
// a value shared through an anchor is reported once, where it is written.
func (f *File) ValidateValues() []ValueError {
	if f.Root == nil || len(f.Errors) > 0 || !f.Root.IsMap() {
		return nil
	}
	var out []ValueError
	seen := map[document.Span]bool{}
	for _, c := range castPaths {
		f.Root.walk(c.path, nil, func(loc []string, v *Value) {
			if !v.IsScalar() || seen[v.Span] || interpolated(v) {
				return
			}
			if e, bad := judgeValue(c.kind, loc, v); bad {
				seen[v.Span] = true
				out = append(out, e)
			}
		})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Span.Start < out[j].Span.Start })
	return out
}

// walk calls fn with every value under v at path, and its location.
func (v *Value) walk(path, loc []string, fn func(loc []string, v *Value)) {
	if len(path) == 0 {
		fn(loc, v)
		return
	}
	switch tok := path[0]; {
	case tok == "[]":
		for i, it := range v.Items() {
			it.walk(path[1:], append(loc[:len(loc):len(loc)], strconv.Itoa(i)), fn)
		}
	case tok == "*":
		for _, p := range v.Pairs() {
			if p.Key.IsScalar() {
				p.Value.walk(path[1:], append(loc[:len(loc):len(loc)], p.Key.Str()), fn)
			}
		}
	default:
		if p := v.Get(tok); p != nil {
			p.Value.walk(path[1:], append(loc[:len(loc):len(loc)], tok), fn)
		}
	}
}

// judgeValue reports whether the scalar v, at loc, is a value of kind that
// docker compose refuses, and says so.
func judgeValue(kind valueKind, loc []string, v *Value) (ValueError, bool) {
	text := v.Str()
	where := render(loc)
	e := ValueError{Span: v.Span, Value: v}
	if v.Node.Tag != "!!str" {
		return e, false // a typed value: the schema judges it
	}
	var want string
	var accepted []string
	switch kind {
	case boolValue:
		if v.Bool().OK {
			return e, false
		}
		want, accepted = "true or false", []string{"true", "false"}
	case intValue:
		if _, err := strconv.ParseInt(text, 10, 64); err == nil {
			return e, false
		}
		want = "a whole number"
	case floatValue:
		if _, err := strconv.ParseFloat(text, 64); err == nil {
			return e, false
		}
		want = "a number"
	case umaskValue:
		if _, err := strconv.ParseUint(text, 0, 32); err == nil {
			return e, false
		}
		want = "a file mode mask such as 0022"
	case restartValue:
		if validRestart(text) {
			return e, false
		}
		e.Engine = true
		accepted = []string{"no", "always", "on-failure", "unless-stopped"}
		e.Message = fmt.Sprintf("%s must be no, always, on-failure[:N] or unless-stopped, not `%s`", where, text)
	case conditionValue:
		if text == "" || restartModes[text] != "" {
			return e, false
		}
		e.Engine = true
		accepted = []string{"none", "on-failure", "any"}
		e.Message = fmt.Sprintf("%s must be none, on-failure or any, not `%s`", where, text)
	}
	if e.Message == "" {
		e.Message = fmt.Sprintf("%s must be %s; docker compose refuses `%s`", where, want, text)
	}
	if r, ok := spell.Suggest(text, accepted); ok && !strings.EqualFold(r, text) {
		// The suggestion stands for the list of what is accepted, so
		// that the message stays one short line.
		e.Replacement = r
		e.Message = fmt.Sprintf("%s: docker compose refuses `%s`; did you mean `%s`?", where, text, r)
	}
	return e, true
}

// restartModes maps the policy names docker compose accepts to Docker
// Engine's (mapRestartPolicyCondition: none and no disable restarts, any
// and always restart always).
var restartModes = map[string]string{
	"no": "no", "none": "no", "always": "always", "any": "always",
	"on-failure": "on-failure", "unless-stopped": "unless-stopped",
}

// validRestart reports whether a restart value gives Docker Engine a
// policy it accepts: a known name, and a retry count (after the first
// ":", read as compose reads it: not a number counts as 0) that is used
// with on-failure only and is not negative.
func validRestart(text string) bool {
	if text == "" {
		return true // no policy
	}
	parts := strings.Split(text, ":")
	mode := restartModes[parts[0]]
	if mode == "" {
		return false
	}
	retries := 0
	if len(parts) > 1 {
		retries, _ = strconv.Atoi(parts[1])
	}
	if mode == "on-failure" {
		return retries >= 0
	}
	return retries == 0
}
