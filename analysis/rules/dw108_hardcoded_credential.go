package rules

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/dockerfile"
	"github.com/dockwarden/dockwarden/analysis/document"
	"github.com/dockwarden/dockwarden/analysis/secrets"
)

// HardcodedCredential is DW108: a credential written out in the
// Dockerfile, recognised by its form rather than by a variable's name.
var HardcodedCredential = &analysis.Rule{
	Code:     "DW108",
	Name:     "hardcoded-credential",
	Kind:     document.Dockerfile,
	Severity: analysis.Error,
	Doc: `Hard-coded credential value
A credential is written in the Dockerfile: an AWS access key ID, a private
key block, a GitHub, GitLab, Slack, Stripe, Google or npm token, a password
in a URL (scheme://user:password@host), a password given on a command line
(mysql -p<password>, --password <password>, docker login -p, curl -u
user:password), fed to chpasswd (echo 'user:password' | chpasswd), or a
SendGrid, Mailchimp, Amazon MWS or Square key. An empty password is a
known one too: echo 'root:' | chpasswd, passwd -d root and useradd -p ''
let anyone with a shell in the container log in as that user without one
(the flaw of Alpine's images in CVE-2019-5021); lock the account with
passwd -l instead. Options that take no value (adduser
--disabled-password) are not passwords, and chpasswd reading a file
(chpasswd < users.txt) is not reported, though Checkov's CKV2_DOCKER_17
reports any chpasswd: the passwords are then in that file, not in the
Dockerfile. It is
kept in the source history and, through the image history or its layers,
in every copy of the image (guideline c: keep secrets out of images).
Values taken from variables ($PASSWORD, ${TOKEN}) are not reported; the
variable itself may be (DW107).

Fix: there is no automatic edit, because a secret that was committed must
be rotated. Then pass it at build time with RUN --mount=type=secret and at
run time through the orchestrator's secrets. ONBUILD instructions are
reported as information, marked "(in ONBUILD)": they run when an image is
built FROM this one. Suppress with # dockwarden:ignore DW108 on the
line above (for a test fixture, say so after "--").`,
	Run:   runHardcodedCredential,
	Local: true,
}

// onBuildNote ends the message of a finding in an ONBUILD instruction
// (reported as information by DW107-DW111).
const onBuildNote = " (in ONBUILD)"

// A credentialHit is one credential found in an instruction. msg, when
// set, is the whole message (an empty password is not a secret to rotate).
type credentialHit struct {
	span document.Span
	what string
	msg  string
}

func runHardcodedCredential(pass *analysis.Pass) {
	f := pass.Dockerfile
	doc := pass.Doc
	for _, in := range pass.Instructions() {
		var hits []credentialHit
		for _, c := range secrets.FindCredentials(in.Logical()) {
			hits = append(hits, credentialHit{span: in.SpanOf(c.Start, c.End), what: withArticle(c.Kind)})
		}
		for _, h := range in.Heredocs {
			for _, c := range secrets.FindCredentials(string(doc.Text[h.Body.Start:h.Body.End])) {
				hits = append(hits, credentialHit{span: document.Span{Start: h.Body.Start + c.Start, End: h.Body.Start + c.End}, what: withArticle(c.Kind)})
			}
		}
		if s := f.Script(in); s != nil {
			for _, cmd := range s.Commands {
				hits = append(hits, commandCredentials(cmd)...)
			}
		} else {
			x, _ := in.Unwrap()
			if kw := x.Keyword; kw == "ENV" || kw == "ARG" || kw == "LABEL" {
				for _, m := range passwordOption.FindAllStringSubmatchIndex(in.Logical(), -1) {
					hits = append(hits, credentialHit{span: in.SpanOf(m[2], m[3]), what: "a password option"})
				}
			}
		}
		sort.SliceStable(hits, func(i, j int) bool { return hits[i].span.Start < hits[j].span.Start })
		last := -1
		for _, h := range hits {
			if h.span.Start < last {
				continue // one finding per place
			}
			last = h.span.End
			finding := analysis.Finding{
				Span:    h.span,
				Message: fmt.Sprintf("%s is in the file; rotate it, use RUN --mount=type=secret", h.what),
			}
			if h.msg != "" {
				finding.Message = h.msg
			}
			if in.Keyword == "ONBUILD" {
				finding.Severity = analysis.Information
				finding.Message += onBuildNote
			}
			pass.Report(finding)
		}
	}
}

// withArticle puts "a" or "an" before a kind of credential, by how its
// first word sounds: an AWS access key ID, an npm token, a GitHub token.
func withArticle(kind string) string {
	if kind != "" && (strings.ContainsRune("AEIOUaeiou", rune(kind[0])) || strings.HasPrefix(kind, "npm")) {
		return "an " + kind
	}
	return "a " + kind
}

// passwordOption finds `--password=value` or `--password value` in
// instruction text that is not a shell command (an ENV holding options).
var passwordOption = regexp.MustCompile(`(?:^|[\s"'])--password(?:=|\s+)([^\s$'"\-][^\s'"]*)`)

// mysqlClients take their password glued to -p.
var mysqlClients = map[string]bool{
	"mysql": true, "mysqladmin": true, "mysqldump": true, "mysqlimport": true, "mysqlshow": true,
	"mysqlcheck": true, "mysqlpump": true, "mysqlslap": true, "mariadb": true, "mariadb-admin": true,
	"mariadb-dump": true, "mariadb-import": true, "mariadb-show": true, "mariadb-check": true,
}

// registryClients take `login -p password`.
var registryClients = map[string]bool{"docker": true, "podman": true, "buildah": true, "skopeo": true, "nerdctl": true, "helm": true, "oras": true}

// commandCredentials finds the passwords a simple command is given
// literally.
func commandCredentials(cmd *dockerfile.Command) []credentialHit {
	_, run := cmd.Unwrap()
	if len(run) == 0 {
		return nil
	}
	name := ""
	if run[0].Literal {
		name = lastPathElem(run[0].Value)
	}
	var hits []credentialHit
	hit := func(w dockerfile.Word, from int, what string) {
		span := w.Span
		if s, ok := w.SubSpan(from, len(w.Value)); ok {
			span = s
		}
		hits = append(hits, credentialHit{span: span, what: what})
	}
	login := false
	for _, w := range run[1:] {
		if w.Literal && w.Value == "login" {
			login = true
		}
	}
	for i := 1; i < len(run); i++ {
		w := run[i]
		if !w.Literal {
			continue
		}
		v := w.Value
		var next *dockerfile.Word
		if i+1 < len(run) {
			next = &run[i+1]
		}
		switch {
		case strings.HasPrefix(v, "--") && strings.Contains(v, "="):
			opt, val, _ := strings.Cut(v[2:], "=")
			if passwordOptionName(opt) && literalOptionValue(val) {
				hit(w, len(opt)+3, "a --"+clip(opt, quoteMax/2)+" value")
			}
		case strings.HasPrefix(v, "--") && passwordOptionName(v[2:]):
			if next != nil && next.Literal && literalOptionValue(next.Value) {
				hit(*next, 0, "a "+clip(v, quoteMax/2)+" value")
				i++
			}
		case mysqlClients[name] && strings.HasPrefix(v, "-p") && len(v) > 2:
			if literalOptionValue(v[2:]) {
				hit(w, 2, "a "+name+" -p password")
			}
		case registryClients[name] && login && v == "-p":
			if next != nil && next.Literal && literalOptionValue(next.Value) {
				hit(*next, 0, "a "+name+" login password")
				i++
			}
		case name == "curl" && (v == "-u" || v == "--user"):
			if next != nil && next.Literal {
				if _, pw, ok := strings.Cut(next.Value, ":"); ok && literalOptionValue(pw) {
					hit(*next, strings.IndexByte(next.Value, ':')+1, "a curl -u password")
				}
				i++
			}
		case name == "curl" && strings.HasPrefix(v, "-u") && len(v) > 2:
			if _, pw, ok := strings.Cut(v[2:], ":"); ok && literalOptionValue(pw) {
				hit(w, strings.IndexByte(v, ':')+1, "a curl -u password")
			}
		}
	}
	if name == "chpasswd" || name == "passwd" && hasWord(run, "--stdin") {
		hits = append(hits, fedPasswords(cmd, run, name)...)
	}
	return append(hits, emptyPasswords(name, run)...)
}

// emptyPasswordMsg is the message of a finding for an empty password set
// for user by how.
func emptyPasswordMsg(user, how string) string {
	if user == "" {
		return clip(how, quoteMax) + " sets an empty password; lock the account with passwd -l"
	}
	user = clip(user, quoteMax)
	return fmt.Sprintf("%s gives %s an empty password; lock it with passwd -l %s", clip(how, quoteMax), user, user)
}

// emptyPasswords finds passwords a command deletes or sets to nothing:
// passwd -d user, useradd/usermod -p "" user.
func emptyPasswords(name string, run []dockerfile.Word) []credentialHit {
	var hits []credentialHit
	user := func(from int) string {
		for _, w := range run[from:] {
			if w.Literal && !strings.HasPrefix(w.Value, "-") {
				return w.Value
			}
		}
		return ""
	}
	for i := 1; i < len(run); i++ {
		w := run[i]
		if !w.Literal {
			continue
		}
		switch {
		case name == "passwd" && (w.Value == "-d" || w.Value == "--delete"):
			hits = append(hits, credentialHit{span: w.Span, msg: emptyPasswordMsg(user(i+1), "passwd "+w.Value)})
		case (name == "useradd" || name == "usermod") && (w.Value == "-p" || w.Value == "--password") && i+1 < len(run):
			if v := run[i+1]; v.Literal && v.Value == "" {
				hits = append(hits, credentialHit{span: document.Span{Start: w.Span.Start, End: v.Span.End}, msg: emptyPasswordMsg(user(i+2), name+" "+w.Value+" ''")})
			}
			i++
		}
	}
	return hits
}

// passwordOptionName reports whether a long option (without "--") takes a
// password or token: --password, --db-password, --passphrase, --token,
// --registration-token, --client-secret.
func passwordOptionName(opt string) bool {
	if opt == "password-stdin" || opt == "token-file" {
		return false
	}
	tok, ok := secrets.SecretName(opt)
	if !ok {
		return false
	}
	switch tok {
	case "PASSWORD", "PASSWD", "PWORD", "PASSPHRASE", "PASS", "PWD", "SECRET", "TOKEN":
		return true
	}
	return false
}

// literalOptionValue reports whether an option's value is a secret written out:
// not empty, not a variable, not a file path or "-" (standard input).
func literalOptionValue(v string) bool {
	if v == "" || v == "-" || strings.HasPrefix(v, "$") || strings.HasPrefix(v, "-") {
		return false
	}
	if strings.HasPrefix(v, "/") || strings.HasPrefix(v, "./") || strings.HasPrefix(v, "~") {
		return false
	}
	return true
}

func hasWord(words []dockerfile.Word, v string) bool {
	for _, w := range words {
		if w.Literal && w.Value == v {
			return true
		}
	}
	return false
}

func lastPathElem(p string) string {
	if i := strings.LastIndexByte(p, '/'); i >= 0 {
		return p[i+1:]
	}
	return p
}

// userPassword matches a `user:password` line as chpasswd reads it, and
// userNoPassword a `user:` line, whose password is empty (group 1 is the
// user).
var (
	userPassword   = regexp.MustCompile(`(?m)^[^:\s]+:([^\s$][^\s]*)$`)
	userNoPassword = regexp.MustCompile(`(?m)^([^:\s$]+):$`)
)

// fedPasswords finds the literal passwords given to chpasswd (user:password
// lines) or `passwd --stdin`: in a here-document or here-string, or echoed
// into the pipe. chpasswd -e takes hashes, not passwords.
func fedPasswords(cmd *dockerfile.Command, run []dockerfile.Word, name string) []credentialHit {
	encrypted := name == "chpasswd" && (hasWord(run, "-e") || hasWord(run, "--encrypted"))
	what := "a password fed to " + name
	var hits []credentialHit
	scan := func(w dockerfile.Word) {
		if !w.Literal {
			return
		}
		if name == "chpasswd" {
			// `user:` with nothing after it: an empty password (or, with
			// -e, an empty hash, which is no password either).
			for _, m := range userNoPassword.FindAllStringSubmatchIndex(w.Value, -1) {
				span := w.Span
				if s, ok := w.SubSpan(m[2], m[3]+1); ok {
					span = s
				}
				hits = append(hits, credentialHit{span: span, msg: emptyPasswordMsg(w.Value[m[2]:m[3]], "chpasswd")})
			}
		}
		if encrypted {
			return // hashes, not passwords
		}
		if name == "passwd" {
			if literalOptionValue(strings.TrimSpace(w.Value)) {
				hits = append(hits, credentialHit{span: w.Span, what: what})
			}
			return
		}
		for _, m := range userPassword.FindAllStringSubmatchIndex(w.Value, -1) {
			span := w.Span
			if s, ok := w.SubSpan(m[2], m[3]); ok {
				span = s
			}
			hits = append(hits, credentialHit{span: span, what: what})
		}
	}
	if cmd.Input != nil {
		scan(*cmd.Input)
	}
	if p := cmd.Pipeline; p != nil {
		for _, stage := range p.Stages[:cmd.Stage] {
			for _, src := range stage {
				switch src.Name() {
				case "echo":
					for _, w := range src.Args[1:] {
						if !strings.HasPrefix(w.Value, "-") {
							scan(w)
						}
					}
				case "printf":
					if len(src.Args) > 1 && !strings.Contains(src.Args[1].Value, "%") {
						scan(src.Args[1])
					}
				}
			}
		}
	}
	return hits
}
