package rules

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/dockerfile"
	"github.com/dockwarden/dockwarden/analysis/document"
	"github.com/dockwarden/dockwarden/analysis/secrets"
)

// CredentialsWithoutSecretMount is DW117: a RUN gets a credential from a
// build argument or an environment variable, or logs in with one, instead
// of reading it from a secret mount.
var CredentialsWithoutSecretMount = &analysis.Rule{
	Code:     "DW117",
	Name:     "credentials-without-secret-mount",
	Kind:     document.Dockerfile,
	Severity: analysis.Warning,
	Doc: `Credentials handed to a build step without a secret mount
A RUN uses a build argument or an environment variable that holds a
credential ($NPM_TOKEN, $GITHUB_TOKEN, $AWS_SECRET_ACCESS_KEY, a
$PIP_INDEX_URL whose value carries a password), or logs in with one
(docker login -p, az login -p, gcloud auth activate-service-account
--key-file, aws configure set aws_secret_access_key, git clone
https://user:token@..., npm config set //...:_authToken=...), and has no
--mount=type=secret. The value of a build argument is recorded in the image
history (docker history shows it) and the build cache, an ENV value in the
image configuration, and a login writes the credential into a file of the
layer (~/.docker/config.json, ~/.aws/credentials, .git/config, .npmrc):
anyone who can pull the image can read it (guidelines b and c: keep secrets
out of images). A build secret is mounted for the one RUN that needs it and
is never stored.

Variables are those an ARG of the stage or an ENV (of the stage or a stage
it is built on) declares, with a secret-like name as DW107 judges names; a
variable the RUN sets itself, one a secret mount provides (env=) and a
--build-arg without an ARG (which a RUN never sees) are not reported. DW107
reports the ARG or ENV itself; this rule reports the step that hands the
value on. ONBUILD RUN is reported as information, marked "(in ONBUILD)":
it runs when an image is built FROM this one.

Fix: pass the value as a build secret: docker build --secret
id=npm_token,env=NPM_TOKEN, or in compose, build: secrets: [npm_token] with
a top-level secrets: npm_token: environment: NPM_TOKEN. The message gives
the compose way when a compose service builds the Dockerfile, else the
docker build flag; hovering the finding gives both. When an ARG is used by this RUN only, the quick fix removes the ARG
and adds --mount=type=secret,id=<name>,env=<NAME> to the RUN. The env=
option needs Dockerfile syntax 1.10: a file that asks for an older
docker/dockerfile version gets its # syntax= line raised to 1.10 (the
title says so); a file without one, or one that names another frontend
or a digest, gets, instead of env=, the secret file read where the
variable was used ($(cat /run/secrets/<name>)), which any frontend
supports. Rotate any credential that was built into an image.
Suppress with # dockwarden:ignore DW117 on the line above.`,
	Run:      runCredentialsWithoutSecretMount,
	Local:    true,
	Complete: completeCredentialFinding,
}

// A handedCredential is one way a RUN hands on a credential, and where.
type handedCredential struct {
	span document.Span
	credential
}

// A credential is what a RUN's finding keeps of each credential it hands
// on (its Facts): no offsets and nothing of the model, since the finding
// is kept while the RUN and its context are unchanged.
type credential struct {
	// variable is the ARG or ENV name, and declaredBy the keyword of the
	// instruction that declares it; both empty for a login.
	variable, declaredBy string
	// login says what a login does with the credential.
	login string
}

// runCredentialsWithoutSecretMount reads each RUN on its own: what it
// hands on depends on its text and on the ARG and ENV instructions before
// it, which set context. The words and the fix, which depend on the
// compose services that build the file and on the other instructions
// that use an ARG, are made by completeCredentialFinding.
func runCredentialsWithoutSecretMount(pass *analysis.Pass) {
	f := pass.Dockerfile
	for _, s := range pass.Scripts() {
		if s.Err != nil || s.Interpreter != "" {
			continue
		}
		run := s.Instruction
		at := run
		if s.OnBuild != nil {
			at = nil // the trigger's variables belong to a later build
		}
		mounts := run.SecretMounts()
		found := credentialVariables(f, s, at, mounts)
		if len(mounts) == 0 {
			found = append(found, credentialLogins(s)...)
		}
		if len(found) == 0 {
			continue
		}
		facts := make([]credential, len(found))
		for i, h := range found {
			facts[i] = h.credential
		}
		pass.Report(analysis.Finding{Span: found[0].span, Facts: facts})
	}
}

// completeCredentialFinding words the finding for the credentials a RUN
// hands on (its Facts), with the fix when it is mechanical.
func completeCredentialFinding(pass *analysis.Pass, finding *analysis.Finding) {
	found := finding.Facts.([]credential)
	run := pass.Dockerfile.InstructionAt(finding.Span.Start)
	onBuild := run.Keyword == "ONBUILD"
	if onBuild {
		run = run.Sub
	}
	first := found[0]
	var names []string // the variables declared as the first is
	for _, h := range found {
		if first.variable != "" && h.variable != "" && h.declaredBy == first.declaredBy {
			names = append(names, h.variable)
		}
	}
	switch {
	case first.variable == "":
		finding.Message = first.login
	case first.declaredBy == "ARG":
		finding.Message = fmt.Sprintf("RUN uses secret-like %s; %s", declared("ARG", names), secretAdvice(pass, names))
		finding.Detail = secretDetail(pass, names)
	default:
		finding.Message = fmt.Sprintf("RUN uses secret-like %s; %s", declared("ENV", names), secretAdvice(pass, names))
		finding.Detail = secretDetail(pass, names)
	}
	if onBuild {
		finding.Severity = analysis.Information
		finding.Message += onBuildNote
		return
	}
	if len(found) == 1 && first.declaredBy == "ARG" {
		decl := pass.Dockerfile.Declaration(first.variable, run)
		if fix, ok := argSecretFix(pass.Dockerfile, run, decl, first.variable); ok {
			finding.Fixes = []analysis.Fix{fix}
		}
	}
}

// declared names the variables a keyword declares: "ARG NPM_TOKEN", "ARGs
// NPM_TOKEN and GITHUB_TOKEN", "ARGs A, B and 2 more".
func declared(keyword string, names []string) string {
	if len(names) == 1 {
		return keyword + " " + clip(names[0], quoteMax)
	}
	if len(names) > 2 {
		return fmt.Sprintf("%ss %s, %s and %d more", keyword, names[0], names[1], len(names)-2)
	}
	return fmt.Sprintf("%ss %s and %s", keyword, names[0], names[1])
}

// secretAdvice says in a few words how to pass the first of the
// variables names to the build as a secret (its id the name in lower
// case): in the build.secrets of the compose service that builds the
// Dockerfile, else with the docker build flag. secretDetail says it in
// full.
func secretAdvice(pass *analysis.Pass, names []string) string {
	name := clip(names[0], quoteMax)
	id := strings.ToLower(name)
	each := ""
	if len(names) > 1 {
		each = " (each)"
	}
	if b := pass.Builders(); len(b) > 0 {
		return fmt.Sprintf("add %s to build.secrets of service %s%s", id, b[0].Service, each)
	}
	return fmt.Sprintf("build with --secret id=%s,env=%s%s", id, name, each)
}

// secretDetail is the Detail of a finding about variables: how to pass
// each as a build secret, with docker build and, when a compose service
// builds the Dockerfile, in compose.
func secretDetail(pass *analysis.Pass, names []string) string {
	lead := "Pass it as a build secret:"
	if len(names) > 1 {
		lead = "Pass each as a build secret:"
	}
	builders := pass.Builders()
	ways := make([]string, len(names))
	for i, name := range names {
		id := strings.ToLower(name)
		ways[i] = fmt.Sprintf("docker build --secret id=%s,env=%s", id, name)
		if len(builders) > 0 {
			ways[i] += fmt.Sprintf(" (compose service %s: build.secrets: [%s] and a top-level secrets.%s.environment: %s)", builders[0].Service, id, id, name)
		}
	}
	return lead + " " + strings.Join(ways, "; ") + "."
}

// varUse finds $NAME and ${NAME...} in a shell word as written.
var varUse = regexp.MustCompile(`\$\{?([A-Za-z_][A-Za-z0-9_]*)`)

// credentialVariables finds the ARG and ENV variables with a credential
// that the RUN of s expands: each once, at its first use. at is the RUN
// (nil under ONBUILD, where nothing is declared yet).
func credentialVariables(f *dockerfile.File, s *dockerfile.Script, at *dockerfile.Instruction, mounts []dockerfile.SecretMount) []handedCredential {
	if at == nil {
		return nil
	}
	assigned := map[string]bool{}
	for _, c := range s.Commands {
		for _, a := range c.Assigns {
			assigned[a.Name] = true
		}
	}
	for _, m := range mounts {
		if m.Env != "" {
			assigned[m.Env] = true
		}
	}
	var out []handedCredential
	seen := map[string]bool{}
	visit := func(w dockerfile.Word) {
		if w.Literal {
			return
		}
		for _, m := range varUse.FindAllStringSubmatch(w.Value, -1) {
			name := m[1]
			if seen[name] || assigned[name] {
				continue
			}
			seen[name] = true
			decl := f.Declaration(name, at)
			if decl == nil || !credentialVariable(name, decl) {
				continue
			}
			out = append(out, handedCredential{w.Span, credential{variable: name, declaredBy: decl.Keyword}})
		}
	}
	for _, c := range s.Commands {
		for _, a := range c.Assigns {
			visit(a.Value)
		}
		for _, w := range c.Args {
			visit(w)
		}
		if c.Input != nil {
			visit(*c.Input)
		}
	}
	return out
}

// credentialVariable reports whether the variable name, as decl declares
// it, holds a credential: a secret-like name (DW107's judgement, so that
// TOKEN_TTL=3600 or a /run/secrets path is not one), or a URL whose value
// carries a password, written out or from a variable
// (PIP_INDEX_URL=https://__token__:${PYPI_TOKEN}@pypi.example.com/simple).
func credentialVariable(name string, decl *dockerfile.Instruction) bool {
	for _, p := range decl.Pairs {
		if p.Key != name {
			continue
		}
		if secrets.Judge(name, p.Value, p.HasValue).Secret {
			return true
		}
		return p.HasValue && urlWithPassword.MatchString(p.Value)
	}
	return false
}

// urlWithPassword finds scheme://user:password@ userinfo, the password
// written out or a variable.
var urlWithPassword = regexp.MustCompile(`[A-Za-z][A-Za-z0-9+.\-]*://[^/\s:@]*:[^/\s@]+@`)

// credentialLogins finds the commands of s that log in with a credential,
// or store one, in a way that leaves it in the layer or the history.
func credentialLogins(s *dockerfile.Script) []handedCredential {
	var out []handedCredential
	for _, c := range s.Commands {
		_, run := c.Unwrap()
		if len(run) < 2 || !run[0].Literal {
			continue
		}
		name := lastPathElem(run[0].Value)
		add := func(span document.Span, login string) {
			out = append(out, handedCredential{span, credential{login: login}})
		}
		switch {
		case registryClients[name] && hasWord(run, "login"):
			if w, ok := optionWithValue(run, "-p", "--password"); ok {
				add(w.Span, name+" login -p keeps the password in the layer; use --password-stdin and a secret")
			}
		case name == "az" && hasWord(run, "login"):
			if w, ok := optionWithValue(run, "-p", "--password"); ok {
				add(w.Span, "az login -p keeps the password in the history and ~/.azure; log in from a secret mount")
			}
		case name == "gcloud" && hasWord(run, "activate-service-account"):
			if w, ok := optionWithValue(run, "--key-file"); ok {
				add(w.Span, "gcloud auth activate-service-account keeps the key in the layer; mount it as a build secret")
			}
		case name == "aws" && hasWord(run, "configure") && hasWord(run, "set"):
			for _, w := range run {
				if w.Literal && strings.HasSuffix(strings.ToLower(w.Value), "aws_secret_access_key") {
					add(w.Span, "aws configure set aws_secret_access_key writes ~/.aws/credentials; mount it as a build secret")
					break
				}
			}
		case name == "git" && (hasWord(run, "clone") || hasWord(run, "fetch") || hasWord(run, "pull") || hasWord(run, "remote")):
			for _, w := range run {
				if urlWithPassword.MatchString(w.Value) {
					add(w.Span, "git "+clip(run[1].Value, quoteMax)+" with a token in the URL keeps it in .git/config; use a secret mount")
					break
				}
			}
		case (name == "npm" || name == "yarn" || name == "pnpm") && hasWord(run, "config") && hasWord(run, "set"):
			for _, w := range run {
				if strings.Contains(w.Value, ":_authToken") || strings.Contains(w.Value, ":_auth") || strings.Contains(w.Value, ":_password") {
					add(w.Span, name+" config set of an auth token writes it to .npmrc; mount .npmrc as a build secret")
					break
				}
			}
		}
	}
	return out
}

// optionWithValue returns the value of the first of the options names in
// run, written `-p x`, `--password x` or `--password=x`.
func optionWithValue(run []dockerfile.Word, names ...string) (dockerfile.Word, bool) {
	for i := 1; i < len(run); i++ {
		w := run[i]
		for _, name := range names {
			if w.Literal && w.Value == name && i+1 < len(run) {
				return run[i+1], true
			}
			// --key-file=${FILE}: the option is written out, its value may
			// not be.
			if strings.HasPrefix(name, "--") && strings.HasPrefix(w.Value, name+"=") {
				return w, true
			}
		}
	}
	return dockerfile.Word{}, false
}
