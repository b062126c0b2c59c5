package rules

import (
	"fmt"
	"strings"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/dockerfile"
	"github.com/dockwarden/dockwarden/analysis/document"
)

// VerificationDisabled is DW110: a download or a package install with TLS
// certificate or package signature checks turned off.
var VerificationDisabled = &analysis.Rule{
	Code:     "DW110",
	Name:     "verification-disabled",
	Kind:     document.Dockerfile,
	Severity: analysis.Warning,
	Doc: `TLS / package-signature verification disabled
A RUN turns off the checks that make a download trustworthy: curl -k or
--insecure, wget --no-check-certificate, pip --trusted-host, npm/yarn
strict-ssl false, apk add --allow-untrusted, apt-get
--allow-unauthenticated or --force-yes, yum/dnf --nogpgcheck, zypper
--no-gpg-checks, sslverify or gpgcheck set to 0/false/no/off through
--setopt (also scoped to repositories, epel.sslverify=0, and saved with
yum-config-manager, dnf-config-manager or dnf config-manager setopt), rpm
--nosignature/--nodigest/--nofiledigest/--noverify, git -c
http.sslVerify=false; or an ENV/ARG does it for every later command
(NODE_TLS_REJECT_UNAUTHORIZED=0, PYTHONHTTPSVERIFY=0, GIT_SSL_NO_VERIFY,
PIP_TRUSTED_HOST, NPM_CONFIG_STRICT_SSL=false). Anyone between the build
and the server can then swap what gets installed (guideline c: trusted,
verified sources).

The RUN is read with a shell parser, so only real options of the real
commands count: apk index --allow-untrusted, which indexes packages built
in the same RUN, is not reported, and neither is the text of an echo.
ONBUILD instructions are reported as information, marked "(in ONBUILD)":
they run when an image is built FROM this one. An option saved with a
config-manager (yum-config-manager --setopt, dnf config-manager setopt)
keeps the check off for every later install.

Fix: remove the option (the quick fix deletes it: -fsSLk becomes -fsSL)
and make the certificate or key trusted instead (install the CA or the
repository key). The fix is not applied by fix-all: a build behind a
TLS-intercepting proxy may need the CA first. Suppress with
# dockwarden:ignore DW110 on the line above.`,
	Run:   runVerificationDisabled,
	Local: true,
}

// A verificationIssue is one place where a check is turned off.
type verificationIssue struct {
	span document.Span
	msg  string
	fix  *analysis.Fix
}

func runVerificationDisabled(pass *analysis.Pass) {
	f := pass.Dockerfile
	for _, top := range pass.Instructions() {
		in, onbuild := top, false
		if top.Keyword == "ONBUILD" && top.Sub != nil {
			in, onbuild = top.Sub, true
		}
		var issues []verificationIssue
		switch in.Keyword {
		case "ENV", "ARG":
			flagged := make([]bool, len(in.Pairs))
			for i, p := range in.Pairs {
				_, flagged[i] = tlsEnvironment(p.Key, unquoteValue(p.Value), p.HasValue)
			}
			for i, p := range in.Pairs {
				effect, ok := tlsEnvironment(p.Key, unquoteValue(p.Value), p.HasValue)
				if !ok {
					continue
				}
				is := verificationIssue{
					span: document.Span{Start: p.KeySpan.Start, End: max(p.KeySpan.End, p.ValueSpan.End)},
					msg:  fmt.Sprintf("%s in later steps; %s", effect, trustCA),
				}
				if edit, ok := removePair(f, top, in, i, flagged); ok {
					is.fix = &analysis.Fix{Title: fmt.Sprintf("Remove %s %s", in.Keyword, p.Key), Edits: []document.Edit{edit}}
				}
				issues = append(issues, is)
			}
		case "RUN":
			if s := f.Script(top); s != nil && s.Err == nil {
				for _, c := range s.Commands {
					issues = append(issues, commandVerification(c)...)
				}
			}
		}
		for _, is := range issues {
			finding := analysis.Finding{Span: is.span, Message: is.msg}
			if is.fix != nil {
				finding.Fixes = []analysis.Fix{*is.fix}
			}
			if onbuild {
				finding.Severity = analysis.Information
				finding.Message += onBuildNote
			}
			pass.Report(finding)
		}
	}
}

// The remedies DW110's messages end with: trust what was distrusted
// instead of turning the check off.
const (
	trustCA  = "remove it, trust the CA instead"
	trustKey = "remove it, trust the key instead"
)

// tlsEnvironment reports whether an environment variable set to value
// turns a check off, and what it does.
func tlsEnvironment(name, value string, hasValue bool) (string, bool) {
	if !hasValue {
		return "", false
	}
	switch upper := strings.ToUpper(name); {
	case name == "NODE_TLS_REJECT_UNAUTHORIZED" && value == "0":
		return "NODE_TLS_REJECT_UNAUTHORIZED=0 turns off TLS checks", true
	case name == "PYTHONHTTPSVERIFY" && value == "0":
		return "PYTHONHTTPSVERIFY=0 turns off TLS checks", true
	case name == "GIT_SSL_NO_VERIFY":
		return "GIT_SSL_NO_VERIFY (any value) turns off TLS checks", true
	case upper == "PIP_TRUSTED_HOST" && value != "":
		return "PIP_TRUSTED_HOST makes pip accept invalid HTTPS", true
	case upper == "NPM_CONFIG_STRICT_SSL" && strings.EqualFold(value, "false"):
		return "NPM_CONFIG_STRICT_SSL=false turns off TLS checks", true
	}
	return "", false
}

func unquoteValue(v string) string {
	v = strings.TrimSpace(v)
	if len(v) >= 2 && (v[0] == '"' || v[0] == '\'') && v[len(v)-1] == v[0] {
		return v[1 : len(v)-1]
	}
	return v
}

// deleteWords returns the edit that deletes words[i:j] of a command with
// the blanks that separate them from the rest.
func deleteWords(words []dockerfile.Word, i, j int) document.Edit {
	if j < len(words) {
		return document.Edit{Span: document.Span{Start: words[i].Span.Start, End: words[j].Span.Start}}
	}
	start := words[i].Span.Start
	if i > 0 {
		start = words[i-1].Span.End
	}
	return document.Edit{Span: document.Span{Start: start, End: words[j-1].Span.End}}
}

// commandVerification finds the options of one command that turn a check
// off.
func commandVerification(c *dockerfile.Command) []verificationIssue {
	var issues []verificationIssue
	words := c.Args
	add := func(span document.Span, msg string, fix *analysis.Fix) {
		issues = append(issues, verificationIssue{span: span, msg: msg, fix: fix})
	}
	remove := func(i, j int, title string) *analysis.Fix {
		return &analysis.Fix{Title: title, Edits: []document.Edit{deleteWords(words, i, j)}}
	}
	replace := func(w dockerfile.Word, text, title string) *analysis.Fix {
		return &analysis.Fix{Title: title, Edits: []document.Edit{{Span: w.Span, NewText: text}}}
	}

	// Environment set for this command: NAME=value prefixes, export,
	// env NAME=value.
	for k, a := range c.Assigns {
		effect, ok := tlsEnvironment(a.Name, a.Value.Value, a.HasValue)
		if !ok {
			continue
		}
		var fix *analysis.Fix
		switch {
		case len(c.Args) > 0 && c.Args[0].Span.Start > a.Span.Start:
			fix = &analysis.Fix{Title: "Remove " + a.Name, Edits: []document.Edit{{Span: document.Span{Start: a.Span.Start, End: c.Args[0].Span.Start}}}}
		case len(c.Assigns) > 1 && k+1 < len(c.Assigns):
			fix = &analysis.Fix{Title: "Remove " + a.Name, Edits: []document.Edit{{Span: document.Span{Start: a.Span.Start, End: c.Assigns[k+1].Span.Start}}}}
		}
		add(a.Span, effect+"; "+trustCA, fix)
	}
	wrappers, run := c.Unwrap()
	base := 0
	for _, w := range wrappers {
		if len(w) > 0 && w[0].Value == "env" {
			for i, x := range w[1:] {
				name, value, ok := strings.Cut(x.Value, "=")
				if effect, bad := tlsEnvironment(name, value, ok); bad && x.Literal {
					from := base + 1 + i
					if len(w) == 2 {
						from = base // `env NAME=value cmd`: the env goes too
					}
					add(x.Span, effect+"; "+trustCA, remove(from, base+2+i, "Remove "+name))
				}
			}
		}
		base += len(w)
	}
	if len(run) == 0 || !run[0].Literal {
		return issues
	}
	name := lastPathElem(run[0].Value)
	at := func(i int) int { return base + i } // index in words
	isPip := name == "pip" || strings.HasPrefix(name, "pip3") || strings.HasPrefix(name, "pip2")
	if (strings.HasPrefix(name, "python") || name == "uv") && len(run) > 2 && (run[1].Value == "-m" && run[2].Value == "pip" || name == "uv" && run[1].Value == "pip") {
		isPip = true
	}
	switch {
	case name == "curl":
		for i := 1; i < len(run); i++ {
			w := run[i]
			v := w.Value
			if !w.Literal || !strings.HasPrefix(v, "-") {
				continue
			}
			if v == "--insecure" || v == "-k" {
				add(w.Span, "curl "+v+" turns off TLS checks; "+trustCA, remove(at(i), at(i)+1, "Remove "+v))
				continue
			}
			if strings.HasPrefix(v, "--") {
				if curlLongWithValue[v] {
					i++
				}
				continue
			}
			for j := 1; j < len(v); j++ {
				if v[j] == 'k' {
					var fix *analysis.Fix
					if s, ok := w.SubSpan(j, j+1); ok {
						fix = &analysis.Fix{Title: fmt.Sprintf("Remove k from %s", v), Edits: []document.Edit{{Span: s}}}
					}
					add(w.Span, "curl -k turns off TLS checks; "+trustCA, fix)
					break
				}
				if strings.IndexByte(curlValueOpts, v[j]) >= 0 {
					if j == len(v)-1 {
						i++
					}
					break
				}
			}
		}
	case name == "wget":
		for i := 1; i < len(run); i++ {
			if w := run[i]; w.Literal && w.Value == "--no-check-certificate" {
				add(w.Span, "wget --no-check-certificate turns off TLS checks; "+trustCA, remove(at(i), at(i)+1, "Remove --no-check-certificate"))
			}
		}
	case isPip:
		for i := 1; i < len(run); i++ {
			w := run[i]
			switch v := w.Value; {
			case !w.Literal:
			case v == "--trusted-host" && i+1 < len(run):
				add(w.Span, "pip --trusted-host accepts invalid HTTPS; "+trustCA, remove(at(i), at(i)+2, "Remove --trusted-host "+run[i+1].Value))
				i++
			case strings.HasPrefix(v, "--trusted-host="):
				add(w.Span, "pip --trusted-host accepts invalid HTTPS; "+trustCA, remove(at(i), at(i)+1, "Remove "+v))
			case strings.HasSuffix(v, ".trusted-host") || v == "trusted-host":
				add(w.Span, "pip config trusted-host accepts invalid HTTPS; "+trustCA, nil)
			}
		}
	case name == "npm" || name == "yarn" || name == "pnpm":
		for i := 1; i < len(run); i++ {
			w := run[i]
			v := w.Value
			if !w.Literal {
				continue
			}
			switch {
			case v == "--no-strict-ssl" || strings.EqualFold(v, "--strict-ssl=false"):
				add(w.Span, name+" "+v+" turns off TLS checks; "+trustCA, remove(at(i), at(i)+1, "Remove "+v))
			case (v == "strict-ssl" || v == "enableStrictSsl") && i+1 < len(run) && strings.EqualFold(run[i+1].Value, "false") && hasWord(run[:i], "set"):
				add(document.Span{Start: w.Span.Start, End: run[i+1].Span.End}, name+" strict-ssl false turns off TLS checks; "+trustCA, replace(run[i+1], "true", "Set "+v+" back to true"))
			case strings.EqualFold(v, "strict-ssl=false") && hasWord(run[:i], "set"):
				add(w.Span, name+" strict-ssl false turns off TLS checks; "+trustCA, replace(w, "strict-ssl=true", "Set strict-ssl back to true"))
			}
		}
	case name == "apk":
		sub := apkSubcommand(run)
		switch sub {
		case "add", "upgrade", "fix", "update":
		default:
			return issues // apk index --allow-untrusted signs nothing it installs
		}
		for i := 1; i < len(run); i++ {
			if w := run[i]; w.Literal && w.Value == "--allow-untrusted" {
				add(w.Span, "apk "+sub+" --allow-untrusted skips package signature checks; "+trustKey, remove(at(i), at(i)+1, "Remove --allow-untrusted"))
			}
		}
	case name == "apt-get" || name == "apt" || name == "aptitude":
		for i := 1; i < len(run); i++ {
			w := run[i]
			switch w.Value {
			case "--allow-unauthenticated", "--force-yes", "--allow-insecure-repositories":
				if w.Literal {
					add(w.Span, name+" "+w.Value+" skips package signature checks; "+trustKey, remove(at(i), at(i)+1, "Remove "+w.Value))
				}
			}
		}
	case rpmPackageManagers[name]:
		setopt := false // after dnf5's `config-manager setopt`: operands are settings
		for i := 1; i < len(run); i++ {
			w := run[i]
			v := strings.ToLower(w.Value)
			if !w.Literal {
				continue
			}
			switch {
			case v == "--nogpgcheck" || v == "--no-gpg-checks":
				add(w.Span, name+" "+w.Value+" turns off package signature checks; "+trustKey, remove(at(i), at(i)+1, "Remove "+w.Value))
			case strings.HasPrefix(v, "--setopt="):
				if key, ok := repoOptionOff(w.Value[len("--setopt="):]); ok {
					add(w.Span, fmt.Sprintf("%s %s disables %s; %s", name, w.Value, repoOptionEffect(key), repoRemedy(key)), remove(at(i), at(i)+1, "Remove "+w.Value))
				}
			case v == "--setopt" && i+1 < len(run) && run[i+1].Literal:
				if key, ok := repoOptionOff(run[i+1].Value); ok {
					add(document.Span{Start: w.Span.Start, End: run[i+1].Span.End}, fmt.Sprintf("%s --setopt %s disables %s; %s", name, run[i+1].Value, repoOptionEffect(key), repoRemedy(key)), remove(at(i), at(i)+2, "Remove --setopt "+run[i+1].Value))
				}
				i++
			case v == "setopt" && i > 1 && run[i-1].Value == "config-manager":
				setopt = true
			case setopt && !strings.HasPrefix(v, "-"):
				if key, ok := repoOptionOff(w.Value); ok {
					k, _, _ := strings.Cut(w.Value, "=")
					add(w.Span, fmt.Sprintf("%s config-manager setopt %s disables %s; %s", name, w.Value, repoOptionEffect(key), repoRemedy(key)), replace(w, k+"=1", "Set "+k+" back to 1"))
				}
			}
		}
	case name == "rpm":
		for i := 1; i < len(run); i++ {
			w := run[i]
			switch w.Value {
			case "--nosignature", "--nodigest", "--nofiledigest", "--noverify":
				if w.Literal {
					add(w.Span, "rpm "+w.Value+" skips signature or digest checks; "+trustKey, remove(at(i), at(i)+1, "Remove "+w.Value))
				}
			}
		}
	case name == "git":
		for i := 1; i < len(run); i++ {
			w := run[i]
			v := w.Value
			if !w.Literal {
				continue
			}
			switch {
			case v == "-c" && i+1 < len(run) && gitSSLVerifyOff(run[i+1].Value):
				add(document.Span{Start: w.Span.Start, End: run[i+1].Span.End}, "git -c "+run[i+1].Value+" turns off TLS checks; "+trustCA, remove(at(i), at(i)+2, "Remove -c "+run[i+1].Value))
				i++
			case strings.HasPrefix(v, "-c") && len(v) > 2 && gitSSLVerifyOff(v[2:]):
				add(w.Span, "git "+v+" turns off TLS checks; "+trustCA, remove(at(i), at(i)+1, "Remove "+v))
			case v == "config" && i+2 < len(run):
				for j := i + 1; j+1 < len(run); j++ {
					key, val := run[j].Value, run[j+1].Value
					if strings.HasPrefix(key, "-") {
						continue
					}
					if gitSSLVerifyOff(key + "=" + val) {
						add(document.Span{Start: run[j].Span.Start, End: run[j+1].Span.End}, "git config "+key+" "+val+" turns off TLS checks; "+trustCA, replace(run[j+1], "true", "Set "+key+" back to true"))
					}
					break
				}
				return issues
			case !strings.HasPrefix(v, "-"):
				return issues // the subcommand: options after it are its own
			}
		}
	}
	return issues
}

// rpmPackageManagers are the commands that take dnf/yum repository
// options: the package managers themselves and yum-config-manager and
// dnf-config-manager, which save options to the repository files
// (`yum config-manager` and `dnf config-manager` are the same tool).
var rpmPackageManagers = map[string]bool{
	"yum": true, "dnf": true, "dnf5": true, "tdnf": true, "microdnf": true, "zypper": true,
	"yum-config-manager": true, "dnf-config-manager": true,
}

// repoOptionOff reports whether a dnf/yum setting (key=value, as given to
// --setopt) turns a check off: sslverify or gpgcheck, global or scoped to
// repositories (epel.sslverify, *.gpgcheck), set to one of the false
// values dnf reads (0, false, no, off; any case). key is the setting's
// name without the repository.
func repoOptionOff(kv string) (key string, ok bool) {
	k, val, found := strings.Cut(kv, "=")
	if !found {
		return "", false
	}
	k = strings.ToLower(k)
	if i := strings.LastIndexByte(k, '.'); i >= 0 {
		k = k[i+1:]
	}
	if k != "sslverify" && k != "gpgcheck" {
		return "", false
	}
	switch strings.ToLower(val) {
	case "0", "false", "no", "off":
		return k, true
	}
	return "", false
}

// repoRemedy is what to do instead of turning off the check of key.
func repoRemedy(key string) string {
	if key == "gpgcheck" {
		return trustKey
	}
	return trustCA
}

// repoOptionEffect says what turning a repository check off does.
func repoOptionEffect(key string) string {
	if key == "gpgcheck" {
		return "package signature checks"
	}
	return "repo TLS checks"
}

// gitSSLVerifyOff reports whether a git configuration assignment
// (key=value) turns TLS certificate checks off: http.sslVerify or
// http.<url>.sslVerify set to false.
func gitSSLVerifyOff(kv string) bool {
	key, val, ok := strings.Cut(kv, "=")
	if !ok {
		return false
	}
	key = strings.ToLower(key)
	if !strings.HasPrefix(key, "http.") || !strings.HasSuffix(key, ".sslverify") {
		return false
	}
	switch strings.ToLower(val) {
	case "false", "0", "no", "off":
		return true
	}
	return false
}

// apkOptsWithValue are apk's global options that take a separate value.
var apkOptsWithValue = map[string]bool{
	"-X": true, "--repository": true, "-p": true, "--root": true, "--arch": true, "--cache-dir": true,
	"--keys-dir": true, "--repositories-file": true, "--cache-max-age": true, "--timeout": true,
	"-t": true, "--virtual": true,
}

// apkSubcommand returns the applet of an apk command line (add, index, ...).
func apkSubcommand(run []dockerfile.Word) string {
	for i := 1; i < len(run); i++ {
		v := run[i].Value
		if !strings.HasPrefix(v, "-") {
			return v
		}
		if apkOptsWithValue[v] {
			i++
		}
	}
	return ""
}
