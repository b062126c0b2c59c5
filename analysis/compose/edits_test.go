package compose

import (
	"errors"
	"strings"
	"testing"

	"github.com/dockwarden/dockwarden/analysis/document"
)

// service returns the named service of f.
func service(t *testing.T, f *File, name string) *Service {
	t.Helper()
	for _, s := range f.Services {
		if s.Name == name {
			return s
		}
	}
	t.Fatalf("no service %s", name)
	return nil
}

// applyOK applies edits to f's text, checks that the result still parses,
// and returns it.
func applyOK(t *testing.T, f *File, edits []document.Edit, err error) string {
	t.Helper()
	if err != nil {
		t.Fatalf("refused: %v", err)
	}
	out, aerr := document.Apply(f.Doc.Text, edits)
	if aerr != nil {
		t.Fatal(aerr)
	}
	again := Parse(document.New("file:///compose.yaml", 2, document.Compose, out))
	for _, e := range again.Errors {
		t.Errorf("edited file does not parse: %s\n%s", e.Message, out)
	}
	return string(out)
}

func wantRefusal(t *testing.T, edits []document.Edit, err error, reason string) {
	t.Helper()
	var r *Refusal
	if !errors.As(err, &r) {
		t.Fatalf("got edits %v, want a refusal about %q", edits, reason)
	}
	if edits != nil {
		t.Errorf("a refusal comes with edits %v", edits)
	}
	if !strings.Contains(r.Error(), reason) || !strings.HasPrefix(r.Error(), "no automatic fix: ") {
		t.Errorf("refusal %q, want it to mention %q", r.Error(), reason)
	}
}

func TestInsertList(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"two-space block",
			"services:\n  web:\n    image: x\n    volumes:\n      - a:/a\n",
			"services:\n  web:\n    cap_drop:\n      - ALL\n    image: x\n    volumes:\n      - a:/a\n"},
		{"four-space step, dashes at key column",
			"services:\n    web:  # the web\n        image: x\n        ports:\n        - 80\n",
			"services:\n    web:  # the web\n        cap_drop:\n        - ALL\n        image: x\n        ports:\n        - 80\n"},
		{"list style from another service",
			"services:\n  a:\n    image: x\n  b:\n    image: y\n    ports:\n    - 80\n",
			"services:\n  a:\n    cap_drop:\n    - ALL\n    image: x\n  b:\n    image: y\n    ports:\n    - 80\n"},
		{"flow-style file",
			"services:\n  web:\n    image: x\n    ports: [\"80:80\"]\n    dns: [1.1.1.1]\n",
			"services:\n  web:\n    cap_drop: [ALL]\n    image: x\n    ports: [\"80:80\"]\n    dns: [1.1.1.1]\n"},
		{"CRLF",
			"services:\r\n  web:\r\n    image: x\r\n",
			"services:\r\n  web:\r\n    cap_drop:\r\n      - ALL\r\n    image: x\r\n"},
		{"flow service",
			"services:\n  web: {image: x}\n",
			"services:\n  web: {image: x, cap_drop: [ALL]}\n"},
		{"empty flow service",
			"services:\n  web: {}\n",
			"services:\n  web: {cap_drop: [ALL]}\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := mustParse(t, tc.src)
			name := "web"
			if tc.name == "list style from another service" {
				name = "a"
			}
			edits, err := f.InsertList(service(t, f, name), "cap_drop", "ALL")
			if got := applyOK(t, f, edits, err); got != tc.want {
				t.Errorf("got\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
}

func TestInsertListQuotes(t *testing.T) {
	f := mustParse(t, "services:\n  web:\n    image: x\n")
	edits, err := f.InsertList(service(t, f, "web"), "security_opt", "no-new-privileges:true", "label: x", "yes")
	got := applyOK(t, f, edits, err)
	want := "services:\n  web:\n    security_opt:\n      - no-new-privileges:true\n      - \"label: x\"\n      - \"yes\"\n    image: x\n"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	f = mustParse(t, "services:\n  web: {image: x}\n")
	edits, err = f.InsertList(service(t, f, "web"), "security_opt", "no-new-privileges:true")
	if got := applyOK(t, f, edits, err); got != "services:\n  web: {image: x, security_opt: [\"no-new-privileges:true\"]}\n" {
		t.Errorf("got %q", got)
	}
}

func TestInsertScalarAndLines(t *testing.T) {
	f := mustParse(t, "services:\n   web:\n      image: x\n")
	edits, err := f.InsertScalar(service(t, f, "web"), "read_only", "true")
	if got := applyOK(t, f, edits, err); got != "services:\n   web:\n      read_only: true\n      image: x\n" {
		t.Errorf("got %q", got)
	}
	edits, err = f.InsertLines(service(t, f, "web"), "deploy:", "  resources:", "    limits:", "      memory: 512M", "tmpfs:", "  - /tmp")
	want := "services:\n   web:\n      deploy:\n         resources:\n            limits:\n               memory: 512M\n      tmpfs:\n         - /tmp\n      image: x\n"
	if got := applyOK(t, f, edits, err); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestDeletePair(t *testing.T) {
	src := `services:
  web:
    image: x
    privileged: true   # why
    healthcheck:
      disable: true
    logging:
      driver: none
      options:
        max-size: 1m
    command: >
      run
      --fast
  flow: {image: x, network_mode: host, pid: host}
`
	f := mustParse(t, src)
	web, flow := service(t, f, "web"), service(t, f, "flow")
	cases := []struct {
		name  string
		edits func() ([]document.Edit, error)
		want  string
	}{
		{"one line", func() ([]document.Edit, error) { return f.DeletePair(web, web.Get("privileged")) },
			strings.Replace(src, "    privileged: true   # why\n", "", 1)},
		{"cascade to the empty parent", func() ([]document.Edit, error) {
			return f.DeletePair(web, web.Get("healthcheck"), web.Lookup("healthcheck").Get("disable"))
		}, strings.Replace(src, "    healthcheck:\n      disable: true\n", "", 1)},
		{"no cascade when keys remain", func() ([]document.Edit, error) {
			return f.DeletePair(web, web.Get("logging"), web.Lookup("logging").Get("driver"))
		}, strings.Replace(src, "      driver: none\n", "", 1)},
		{"block scalar value", func() ([]document.Edit, error) { return f.DeletePair(web, web.Get("command")) },
			strings.Replace(src, "    command: >\n      run\n      --fast\n", "", 1)},
		{"flow middle", func() ([]document.Edit, error) { return f.DeletePair(flow, flow.Get("network_mode")) },
			strings.Replace(src, "network_mode: host, ", "", 1)},
		{"flow last", func() ([]document.Edit, error) { return f.DeletePair(flow, flow.Get("pid")) },
			strings.Replace(src, ", pid: host", "", 1)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			edits, err := tc.edits()
			if got := applyOK(t, f, edits, err); got != tc.want {
				t.Errorf("got\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
}

func TestDeletePairLastLineWithoutNewline(t *testing.T) {
	f := mustParse(t, "services:\n  web:\n    image: x\n    pid: host")
	s := service(t, f, "web")
	edits, err := f.DeletePair(s, s.Get("pid"))
	if got := applyOK(t, f, edits, err); got != "services:\n  web:\n    image: x\n" {
		t.Errorf("got %q", got)
	}
}

func TestDeleteItem(t *testing.T) {
	src := `services:
  web:
    image: x
    cap_add:
      - SYS_ADMIN
      - NET_ADMIN  # trailing
    volumes:
      - /var/run/docker.sock:/var/run/docker.sock
    devices: [/dev/sda, "/dev/fuse", /dev/kmsg]
    security_opt: [ "seccomp:unconfined" ]
    ports:
      - type: bind
        source: /x
        target: /y
      - 80
`
	f := mustParse(t, src)
	s := service(t, f, "web")
	item := func(key string, i int) *Value { return s.Lookup(key).Items()[i] }
	cases := []struct {
		name, key string
		i         int
		want      string
	}{
		{"block first", "cap_add", 0, strings.Replace(src, "      - SYS_ADMIN\n", "", 1)},
		{"block last with comment", "cap_add", 1, strings.Replace(src, "      - NET_ADMIN  # trailing\n", "", 1)},
		{"only item deletes the key", "volumes", 0, strings.Replace(src, "    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock\n", "", 1)},
		{"flow first", "devices", 0, strings.Replace(src, "/dev/sda, ", "", 1)},
		{"flow middle quoted", "devices", 1, strings.Replace(src, `"/dev/fuse", `, "", 1)},
		{"flow last", "devices", 2, strings.Replace(src, ", /dev/kmsg", "", 1)},
		{"flow only item deletes the key", "security_opt", 0, strings.Replace(src, "    security_opt: [ \"seccomp:unconfined\" ]\n", "", 1)},
		{"long-syntax item", "ports", 0, strings.Replace(src, "      - type: bind\n        source: /x\n        target: /y\n", "", 1)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			edits, err := f.DeleteItem(s, item(tc.key, tc.i), s.Get(tc.key))
			if got := applyOK(t, f, edits, err); got != tc.want {
				t.Errorf("got\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
}

func TestAppendItem(t *testing.T) {
	src := `services:
  web:
    image: x
    security_opt:
    -   label:type:x   # custom
    cap_drop: ["NET_RAW"]
    cap_add: [ ]
    dns:
      - 'a'
      - long: item
        more: lines
`
	f := mustParse(t, src)
	s := service(t, f, "web")
	cases := []struct{ key, item, want string }{
		{"security_opt", "no-new-privileges:true", strings.Replace(src, "# custom\n", "# custom\n    -   no-new-privileges:true\n", 1)},
		{"cap_drop", "ALL", strings.Replace(src, `["NET_RAW"]`, `["NET_RAW", "ALL"]`, 1)},
		{"cap_add", "CHOWN", strings.Replace(src, "[ ]", "[ CHOWN]", 1)},
		{"dns", "b", strings.Replace(src, "        more: lines\n", "        more: lines\n      - b\n", 1)},
	}
	for _, tc := range cases {
		t.Run(tc.key, func(t *testing.T) {
			edits, err := f.AppendItem(s, tc.item, s.Get(tc.key))
			if got := applyOK(t, f, edits, err); got != tc.want {
				t.Errorf("got\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
	// The quote style follows the last item.
	f2 := mustParse(t, "services:\n  web:\n    dns:\n      - 'a'\n")
	s2 := service(t, f2, "web")
	edits, err := f2.AppendItem(s2, "it's", s2.Get("dns"))
	if got := applyOK(t, f2, edits, err); got != "services:\n  web:\n    dns:\n      - 'a'\n      - 'it''s'\n" {
		t.Errorf("got %q", got)
	}
}

func TestReplace(t *testing.T) {
	f := mustParse(t, "services:\n  web:\n    security_opt:\n      - \"no-new-privileges=false\"\n    read_only: false\n")
	s := service(t, f, "web")
	item := s.Lookup("security_opt").Items()[0]
	edits, err := f.ReplaceWithin(s, item, len("no-new-privileges="), len(item.Str()), "true", s.Get("security_opt"))
	if got := applyOK(t, f, edits, err); !strings.Contains(got, `"no-new-privileges=true"`) {
		t.Errorf("got %q", got)
	}
	edits, err = f.ReplaceScalar(s, s.Lookup("read_only"), "true", s.Get("read_only"))
	if got := applyOK(t, f, edits, err); !strings.Contains(got, "read_only: true\n") {
		t.Errorf("got %q", got)
	}
	f = mustParse(t, "services:\n  web:\n    security_opt: [\"no-new-privileges\\u003dfalse\"]\n")
	s = service(t, f, "web")
	edits, err = f.ReplaceWithin(s, s.Lookup("security_opt").Items()[0], 0, 1, "x", s.Get("security_opt"))
	wantRefusal(t, edits, err, "escapes")
}

func TestRefusals(t *testing.T) {
	src := `x-base: &base
  image: x
  cap_add: &caps
    - SYS_ADMIN
services:
  merged:
    <<: *base
    privileged: true
  aliased: *base
  anchored: &anch
    image: y
    pid: host
  shared-list:
    image: z
    cap_add: *caps
  base:
    image: b
    pid: host
  child:
    extends: base
  multi:
    image: m
    cap_add: [SYS_ADMIN,
      NET_ADMIN]
`
	f := mustParse(t, src)
	get := func(name string) *Service { return service(t, f, name) }
	merged := get("merged")
	edits, err := f.InsertList(merged, "cap_drop", "ALL")
	wantRefusal(t, edits, err, "inherits")
	edits, err = f.DeleteItem(merged, merged.Lookup("cap_add").Items()[0], merged.Get("cap_add"))
	wantRefusal(t, edits, err, "merge key")
	// A key written in a service that merges others may still be deleted.
	edits, err = f.DeletePair(merged, merged.Get("privileged"))
	if got := applyOK(t, f, edits, err); strings.Contains(got, "privileged") {
		t.Errorf("got %q", got)
	}
	edits, err = f.InsertScalar(get("aliased"), "read_only", "true")
	wantRefusal(t, edits, err, "anchor")
	anch := get("anchored")
	edits, err = f.DeletePair(anch, anch.Get("pid"))
	wantRefusal(t, edits, err, "anchor")
	sl := get("shared-list")
	edits, err = f.AppendItem(sl, "NET_ADMIN", sl.Get("cap_add"))
	wantRefusal(t, edits, err, "anchor")
	base := get("base")
	edits, err = f.DeletePair(base, base.Get("pid"))
	wantRefusal(t, edits, err, "service child extends")
	edits, err = f.InsertScalar(get("child"), "read_only", "true")
	wantRefusal(t, edits, err, "inherits")
	multi := get("multi")
	edits, err = f.DeleteItem(multi, multi.Lookup("cap_add").Items()[0], multi.Get("cap_add"))
	wantRefusal(t, edits, err, "spans several lines")
	edits, err = f.AppendItem(multi, "ALL", multi.Get("image"))
	wantRefusal(t, edits, err, "not a list")
	edits, err = f.DeletePair(multi, multi.Get("no-such-key"))
	wantRefusal(t, edits, err, "missing")
}

func TestQuoteYAML(t *testing.T) {
	for in, want := range map[string]string{
		"ALL":                    "ALL",
		"no-new-privileges:true": "no-new-privileges:true",
		"a: b":                   `"a: b"`,
		"true":                   `"true"`,
		"on":                     `"on"`,
		"8080":                   `"8080"`,
		"~":                      `"~"`,
		"*x":                     `"*x"`,
		"- x":                    `"- x"`,
		"-x":                     "-x",
		`say "hi"`:               `say "hi"`,
		"#x":                     `"#x"`,
		"":                       `""`,
	} {
		if got := QuoteYAML(in, false, nil); got != want {
			t.Errorf("QuoteYAML(%q, block) = %s, want %s", in, got, want)
		}
	}
	if got := QuoteYAML("seccomp:unconfined", true, nil); got != `"seccomp:unconfined"` {
		t.Errorf("flow: %s", got)
	}
	if got := QuoteYAML(`a,"b`, true, nil); got != `"a,\"b"` {
		t.Errorf("escape: %s", got)
	}
}

func TestInsertPair(t *testing.T) {
	src := "services:\n  web:\n    image: x\n    logging:\n      driver: json-file  # default\n    healthcheck: {test: [CMD, true]}\n    labels: {}\n"
	f := mustParse(t, src)
	s := service(t, f, "web")
	cases := []struct{ key, want string }{
		{"logging", strings.Replace(src, "# default\n", "# default\n      options: {max-size: 10m}\n", 1)},
		{"healthcheck", strings.Replace(src, "true]}", "true], options: {max-size: 10m}}", 1)},
		{"labels", strings.Replace(src, "{}", "{options: {max-size: 10m}}", 1)},
	}
	for _, tc := range cases {
		t.Run(tc.key, func(t *testing.T) {
			edits, err := f.InsertPair(s, "options", "{max-size: 10m}", s.Get(tc.key))
			if got := applyOK(t, f, edits, err); got != tc.want {
				t.Errorf("got\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
	edits, err := f.InsertPair(s, "x", "y", s.Get("image"))
	wantRefusal(t, edits, err, "not a mapping")
}
