package compose

import (
	"testing"

	"github.com/dockwarden/dockwarden/analysis/document"
)

func TestShortVolumes(t *testing.T) {
	src := "services:\n  web:\n    volumes:\n" +
		"      - ./data:/data\n" +
		"      - \"/etc/:/host/etc:ro,z\"\n" +
		"      - C:\\x:/y\n" +
		"      - C:\\x:C:\\y:rw\n" +
		"      - \\\\.\\pipe\\docker_engine:\\\\.\\pipe\\docker_engine\n" +
		"      - data:/var/lib/data:nocopy\n" +
		"      - /anon\n" +
		"      - ${DATA:-./d}:/d\n" +
		"      - ${HOST}:/h\n" +
		"      - ~/x:/x:rshared\n" +
		"      - 'é//a/./b/../c/:/c'\n"
	f := mustParse(t, src)
	type want struct {
		typ                MountType
		host, src, dst, md string
		ro                 bool
	}
	wants := []want{
		{MountBind, "./data", "./data", "/data", "", false},
		{MountBind, "/etc", "/etc/", "/host/etc", "ro,z", true},
		{MountBind, "C:/x", `C:\x`, "/y", "", false},
		{MountBind, "C:/x", `C:\x`, `C:\y`, "rw", false},
		{MountNpipe, `\\.\pipe\docker_engine`, `\\.\pipe\docker_engine`, `\\.\pipe\docker_engine`, "", false},
		{MountVolume, "", "data", "/var/lib/data", "nocopy", false},
		{MountAnonymous, "", "", "/anon", "", false},
		{MountBind, "./d", "${DATA:-./d}", "/d", "", false},
		{MountBind, "${HOST}", "${HOST}", "/h", "", false},
		{MountBind, "~/x", "~/x", "/x", "rshared", false},
		{MountVolume, "", "é//a/./b/../c/", "/c", "", false},
	}
	vols := f.Services[0].Volumes
	if len(vols) != len(wants) {
		t.Fatalf("%d volumes, want %d", len(vols), len(wants))
	}
	for i, w := range wants {
		v := vols[i]
		if v.Type != w.typ || v.Host != w.host || v.Source != w.src || v.Target != w.dst || v.ReadOnly != w.ro {
			t.Errorf("%d: got %v host=%q src=%q dst=%q ro=%v, want %+v", i, v.Type, v.Host, v.Source, v.Target, v.ReadOnly, w)
		}
		if !v.Exact {
			t.Errorf("%d: not exact", i)
			continue
		}
		if w.src != "" && f.Text(v.SourceSpan) != w.src {
			t.Errorf("%d: source span reads %q", i, f.Text(v.SourceSpan))
		}
		if f.Text(v.TargetSpan) != w.dst || f.Text(v.ModeSpan) != w.md {
			t.Errorf("%d: target/mode spans read %q %q", i, f.Text(v.TargetSpan), f.Text(v.ModeSpan))
		}
	}
	if vols[9].Propagation != "rshared" || vols[7].Interp.Defaulted != true || !vols[8].Interp.Unresolved {
		t.Errorf("propagation/interpolation flags: %+v %+v %+v", vols[9], vols[7].Interp, vols[8].Interp)
	}
	if q := vols[1]; q.Item.Span.Start+1 != q.Item.Inner.Start || q.ModeSpan.End+1 != q.Item.Span.End {
		t.Errorf("quoted item spans: %+v", q.Item)
	}
}

func TestLongVolumes(t *testing.T) {
	src := `services:
  web:
    volumes:
      - type: bind
        source: ./a
        target: /a
        read_only: true
        bind:
          propagation: rslave
      - {source: /abs, target: /b}
      - {source: name, target: /c}
      - type: volume
        target: /d
      - type: tmpfs
        target: /e
      - source: vol
        target: /f
volumes:
  vol:
    driver: local
    driver_opts:
      type: none
      o: bind,ro
      device: /srv//vol/
`
	f := mustParse(t, src)
	vols := f.Services[0].Volumes
	want := []MountType{MountBind, MountBind, MountVolume, MountAnonymous, MountTmpfs, MountBind}
	for i, w := range want {
		if vols[i].Type != w || !vols[i].Long {
			t.Errorf("%d: %v, want %v", i, vols[i].Type, w)
		}
	}
	a := vols[0]
	if !a.ReadOnly || a.Propagation != "rslave" || f.Text(a.SourceSpan) != "./a" || f.Text(a.ReadOnlyPair.Value.Span) != "true" {
		t.Errorf("long bind: %+v", a)
	}
	if b := vols[5]; !b.BackedBind || b.Host != "/srv/vol" || !b.ReadOnly || b.VolumeName != "vol" {
		t.Errorf("driver_opts bind: %+v", b)
	}
}

func TestNormalizeHostPath(t *testing.T) {
	for in, want := range map[string]string{
		"/var/lib/docker/": "/var/lib/docker", "//etc//ssh": "/etc/ssh", "/etc/./ssh/": "/etc/ssh",
		"/opt/../etc": "/etc", "/../../etc": "/etc", "./data/": "./data", "./a/../b": "./b", "../x/": "../x",
		`C:\Users\me\`: "C:/Users/me", "/": "/", `\\.\pipe\docker_engine`: `\\.\pipe\docker_engine`,
	} {
		if got := NormalizeHostPath(in, false); got != want {
			t.Errorf("NormalizeHostPath(%q) = %q, want %q", in, got, want)
		}
	}
	if got := NormalizeHostPath("${X}/../a//b/", true); got != "${X}/../a/b" {
		t.Errorf("unresolved: %q", got)
	}
}

func TestRuntimeSocket(t *testing.T) {
	yes := []string{"/var/run/docker.sock", "/run/containerd/containerd.sock", "/run/podman/podman.sock",
		"/var/run/crio/crio.sock", "/run/systemd/private", "/run/user/1000/docker.sock", `\\.\pipe\docker_engine`,
		"/var/run", "/run", "/run/docker", "/run/containerd", "/run/systemd", "/", "/var"}
	no := []string{"/tmp/x", "/var/lib/docker", "/etc", "/run/user/1000", "./docker", "/var/run-other", ""}
	for _, p := range yes {
		if !IsRuntimeSocketPath(p) {
			t.Errorf("%q is a runtime socket path", p)
		}
	}
	for _, p := range no {
		if IsRuntimeSocketPath(p) {
			t.Errorf("%q is not a runtime socket path", p)
		}
	}
	src := "services:\n  web:\n    volumes:\n" +
		"      - /tmp/x:/var/run/docker.sock\n" +
		"      - ${SOCK}:/var/run/docker.sock:ro,z\n" +
		"      - ${XDG_RUNTIME_DIR}/docker.sock:/var/run/docker.sock\n" +
		"      - //var//run/:/host/run:ro\n" +
		"      - ${PLEX}:/media\n" +
		"      - sock:/var/run/docker.sock\n"
	f := mustParse(t, src)
	want := []SocketMount{NoSocket, ProbableSocket, RuntimeSocket, RuntimeSocket, NoSocket, NoSocket}
	for i, v := range f.Services[0].Volumes {
		if got := v.RuntimeSocket(); got != want[i] {
			t.Errorf("%d %q: %v, want %v", i, v.Item.Str(), got, want[i])
		}
	}
}

func TestEditHelpers(t *testing.T) {
	src := "services:\r\n  web:\r\n    volumes:\r\n      - type: bind\r\n        source: ./a\r\n    labels: {a: b}\r\n"
	f := mustParse(t, src)
	web := f.Services[0]
	item := web.Lookup("volumes").Items()[0]
	if in, ok := f.ChildIndent(item); !ok || in != "        " {
		t.Errorf("item indent %q %v", in, ok)
	}
	if in, ok := f.ChildIndent(web.Value); !ok || in != "    " {
		t.Errorf("service indent %q %v", in, ok)
	}
	if in, ok := f.ChildIndent(web.Lookup("volumes")); !ok || in != "      " {
		t.Errorf("list indent %q %v", in, ok)
	}
	if _, ok := f.ChildIndent(web.Lookup("labels")); ok {
		t.Errorf("flow mapping has no block indentation")
	}
	e := f.InsertAfterLine(item.Span.End, "        read_only: true")
	out, err := document.Apply(f.Doc.Text, []document.Edit{e})
	if err != nil {
		t.Fatal(err)
	}
	want := "services:\r\n  web:\r\n    volumes:\r\n      - type: bind\r\n        source: ./a\r\n        read_only: true\r\n    labels: {a: b}\r\n"
	if string(out) != want {
		t.Errorf("insert gave %q", out)
	}
	if f.Newline(0) != "\r\n" || mustParse(t, "a: 1\nb: 2").Newline(7) != "\n" {
		t.Errorf("newline detection")
	}
}
