package compose

import (
	"reflect"
	"testing"
)

func TestTruth(t *testing.T) {
	src := `services:
  web:
    a: true
    b: "True"
    c: yes
    d: ${PRIV:-true}
    e: ${PRIV}
    f: false
    g: maybe
    h:
`
	f := mustParse(t, src)
	s := service(t, f, "web")
	for key, want := range map[string]struct{ val, ok, y11 bool }{
		"a": {true, true, false}, "b": {true, true, false}, "c": {true, true, true},
		"d": {true, true, false}, "e": {false, false, false}, "f": {false, true, false},
		"g": {false, false, false}, "h": {false, false, false},
	} {
		b, ok := f.Truth(s.Lookup(key))
		if b.Value != want.val || ok != want.ok || b.YAML11 != want.y11 {
			t.Errorf("%s: got %+v ok=%v, want %+v", key, b, ok, want)
		}
	}
}

// ScalarIs compares the interpolated value, in any case and without the
// white space around it; a value that needs an unset variable, a list and
// a missing key are not the word.
func TestScalarIs(t *testing.T) {
	src := `services:
  web:
    a: host
    b: " HOST "
    c: ${MODE:-host}
    d: ${MODE}
    e: hosts
    f: [host]
`
	f := mustParse(t, src)
	s := service(t, f, "web")
	for key, want := range map[string]bool{"a": true, "b": true, "c": true, "d": false, "e": false, "f": false, "missing": false} {
		if got := f.ScalarIs(s.Lookup(key), "host"); got != want {
			t.Errorf("%s: ScalarIs = %v, want %v", key, got, want)
		}
	}
}

func TestSecurityOpts(t *testing.T) {
	src := `services:
  list:
    security_opt:
      - "no-new-privileges=true"
      - SECCOMP=Unconfined
      - label:type:svirt_apache_t
      - no-new-privileges: false
      - ${OPT}
      - apparmor:${PROFILE:-unconfined}
  flow:
    security_opt: [no-new-privileges, 'label=disable']
  map:
    security_opt:
      seccomp: unconfined
      no-new-privileges:
`
	f := mustParse(t, src)
	norms := func(name string) []string {
		var out []string
		for _, o := range f.SecurityOpts(service(t, f, name)) {
			out = append(out, o.Norm)
		}
		return out
	}
	for name, want := range map[string][]string{
		"list": {"no-new-privileges:true", "seccomp:unconfined", "label:type:svirt_apache_t", "no-new-privileges:false", "${opt}", "apparmor:unconfined"},
		"flow": {"no-new-privileges", "label:disable"},
		"map":  {"seccomp:unconfined", "no-new-privileges"},
	} {
		if got := norms(name); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: %q, want %q", name, got, want)
		}
	}
	opts := f.SecurityOpts(service(t, f, "list"))
	if set, known := opts[0].NoNewPrivileges(); !set || !known {
		t.Errorf("%q: set=%v known=%v", opts[0].Norm, set, known)
	}
	if set, known := opts[3].NoNewPrivileges(); set || !known {
		t.Errorf("%q: set=%v known=%v", opts[3].Norm, set, known)
	}
	if opts[3].Item == nil || opts[3].Pair == nil || f.Text(opts[3].ValueSpan) != "false" {
		t.Errorf("mapping item: %+v", opts[3].Entry)
	}
	if !opts[4].Unresolved || opts[1].Name != "seccomp" || opts[1].Arg != "unconfined" {
		t.Errorf("opts %+v", opts)
	}
	if set, _ := f.SecurityOpts(service(t, f, "flow"))[0].NoNewPrivileges(); !set {
		t.Error("bare no-new-privileges is not set")
	}
}

func TestListOrMap(t *testing.T) {
	f := mustParse(t, "services:\n  web:\n    environment:\n      - A=1\n      - B\n      - \"C=x=y\"\n    labels: {a: b, c: }\n")
	s := service(t, f, "web")
	env := f.ListOrMap(s.Lookup("environment"), "=")
	if len(env) != 3 || env[0].Key != "A" || env[0].Value != "1" || !env[0].HasValue || env[1].HasValue || env[2].Value != "x=y" {
		t.Fatalf("environment %+v", env)
	}
	if f.Text(env[2].KeySpan) != "C" || f.Text(env[2].ValueSpan) != "x=y" || env[1].ValueSpan.Len() != 0 {
		t.Errorf("spans %q %q", f.Text(env[2].KeySpan), f.Text(env[2].ValueSpan))
	}
	labels := f.ListOrMap(s.Lookup("labels"), "=")
	if len(labels) != 2 || labels[0].Value != "b" || labels[1].HasValue || labels[0].Node() != labels[0].Pair.Key {
		t.Errorf("labels %+v", labels)
	}
}

func TestCapabilities(t *testing.T) {
	f := mustParse(t, "services:\n  a:\n    cap_add: [cap_sys_admin, ' Net_Admin ', '${CAP:-SYS_PTRACE}', $X]\n    cap_drop: ALL\n  b:\n    cap_add:\n      - CHOWN\n")
	a := service(t, f, "a")
	var names []string
	for _, c := range f.Capabilities(a, "cap_add") {
		names = append(names, c.Name)
	}
	if want := []string{"SYS_ADMIN", "NET_ADMIN", "SYS_PTRACE", "$X"}; !reflect.DeepEqual(names, want) {
		t.Errorf("cap_add %q, want %q", names, want)
	}
	if caps := f.Capabilities(a, "cap_add"); !caps[3].Unresolved || caps[2].Unresolved {
		t.Errorf("unresolved flags %+v", caps)
	}
	if caps := f.Capabilities(a, "cap_drop"); len(caps) != 1 || caps[0].Name != "ALL" {
		t.Errorf("cap_drop %+v", caps)
	}
	if caps := f.Capabilities(service(t, f, "b"), "cap_drop"); caps != nil {
		t.Errorf("absent cap_drop %+v", caps)
	}
}

func TestDevices(t *testing.T) {
	src := `services:
  web:
    devices:
      - /dev/kmsg
      - "/dev//sda:/dev/xvda:rwm"
      - ${DEV:-/dev/fuse}:/dev/fuse
      - nvidia.com/gpu=all
      - source: /dev/dri/
        target: /dev/dri
        permissions: r
    deploy:
      resources:
        reservations:
          devices:
            - capabilities: [gpu]
`
	f := mustParse(t, src)
	ds := f.Devices(service(t, f, "web"))
	if len(ds) != 5 {
		t.Fatalf("%d devices", len(ds))
	}
	type got struct {
		host, target, perms string
		cdi, long           bool
	}
	want := []got{
		{"/dev/kmsg", "", "", false, false},
		{"/dev/sda", "/dev/xvda", "rwm", false, false},
		{"/dev/fuse", "/dev/fuse", "", false, false},
		{"", "", "", true, false},
		{"/dev/dri", "/dev/dri", "r", false, true},
	}
	for i, d := range ds {
		if g := (got{d.Host, d.Target, d.Perms, d.CDI, d.Long}); g != want[i] {
			t.Errorf("device %d: %+v, want %+v", i, g, want[i])
		}
	}
	rules := f.StringItems(mustParse(t, "r: ['c 1:3 mr', a *:* rwm]\n").Root.Lookup("r"))
	if len(rules) != 2 || rules[1].Interp.Value != "a *:* rwm" {
		t.Errorf("string items %+v", rules)
	}
}
