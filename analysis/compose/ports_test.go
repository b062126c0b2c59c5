package compose

import (
	"testing"

	"github.com/dockwarden/dockwarden/analysis/document"
)

func TestShortPorts(t *testing.T) {
	src := "services:\n  web:\n    ports:\n" +
		"      - \"3000\"\n" +
		"      - 3000-3005\n" +
		"      - 80\n" +
		"      - 8000:8000\n" +
		"      - \"9090-9091:8080-8081\"\n" +
		"      - '127.0.0.1:8001:8001'\n" +
		"      - \"0.0.0.0:53:53/udp\"\n" +
		"      - \"::1:6000:6000\"\n" +
		"      - \"[::1]:6001:6001\"\n" +
		"      - \"[::]:6002:6002\"\n" +
		"      - ${EXPOSE_PORT-:2283:2283}\n" +
		"      - ${KONG_HTTP_PORT}:8000/tcp\n" +
		"      - \"${BIND:-127.0.0.1}:5432:5432\"\n" +
		"      - ${BIND_ADDR}:6379:6379\n" +
		"      - ${PORTS}\n" +
		"      - \"${WEB_PORT:-8080}:80\"\n"
	f := mustParse(t, src)
	type want struct {
		bind          Binding
		ip, pub, tgt  string
		proto         string
		exact         bool
		ipSp, pubSp   string
		tgtSp         string
		pubUnresolved bool
	}
	wants := []want{
		{BindAll, "", "", "3000", "tcp", true, "", "", "3000", false},
		{BindAll, "", "", "3000-3005", "tcp", true, "", "", "3000-3005", false},
		{BindAll, "", "", "80", "tcp", true, "", "", "80", false},
		{BindAll, "", "8000", "8000", "tcp", true, "", "8000", "8000", false},
		{BindAll, "", "9090-9091", "8080-8081", "tcp", true, "", "9090-9091", "8080-8081", false},
		{BindLoopback, "127.0.0.1", "8001", "8001", "tcp", true, "127.0.0.1", "8001", "8001", false},
		{BindAll, "0.0.0.0", "53", "53", "udp", true, "0.0.0.0", "53", "53", false},
		{BindLoopback, "::1", "6000", "6000", "tcp", true, "::1", "6000", "6000", false},
		{BindLoopback, "::1", "6001", "6001", "tcp", true, "[::1]", "6001", "6001", false},
		{BindAll, "::", "6002", "6002", "tcp", true, "[::]", "6002", "6002", false},
		{BindAll, "", "2283", "2283", "tcp", false, "", "", "", false},
		{BindAll, "", "${KONG_HTTP_PORT}", "8000", "tcp", true, "", "${KONG_HTTP_PORT}", "8000", true},
		{BindLoopback, "127.0.0.1", "5432", "5432", "tcp", true, "${BIND:-127.0.0.1}", "5432", "5432", false},
		{BindUnknown, "${BIND_ADDR}", "6379", "6379", "tcp", true, "${BIND_ADDR}", "6379", "6379", false},
		{BindUnknown, "", "", "${PORTS}", "tcp", true, "", "", "${PORTS}", false},
		{BindAll, "", "8080", "80", "tcp", true, "", "${WEB_PORT:-8080}", "80", false},
	}
	ports := f.Ports(f.Services[0])
	if len(ports) != len(wants) {
		t.Fatalf("%d ports, want %d", len(ports), len(wants))
	}
	for i, w := range wants {
		p := ports[i]
		if p.Binding() != w.bind || p.HostIP != w.ip || p.Published != w.pub || p.Target != w.tgt || p.Protocol != w.proto || p.PublishedUnresolved != w.pubUnresolved {
			t.Errorf("%d %q: got %v ip=%q pub=%q tgt=%q proto=%q unresolved=%v, want %+v", i, p.Raw, p.Binding(), p.HostIP, p.Published, p.Target, p.Protocol, p.PublishedUnresolved, w)
		}
		if p.Exact != w.exact {
			t.Errorf("%d %q: exact %v", i, p.Raw, p.Exact)
			continue
		}
		if !p.Exact {
			continue
		}
		if got := [3]string{f.Text(p.HostIPSpan), f.Text(p.PublishedSpan), f.Text(p.TargetSpan)}; got != [3]string{w.ipSp, w.pubSp, w.tgtSp} {
			t.Errorf("%d %q: spans read %q", i, p.Raw, got)
		}
	}
	// An absent address sits at the start of the scalar's content.
	if p := ports[0]; p.HostIPSpan.Start != p.Item.Inner.Start || p.HostIPSpan.Len() != 0 {
		t.Errorf("empty host ip span %v, item %v", p.HostIPSpan, p.Item.Inner)
	}
}

func TestLongPorts(t *testing.T) {
	src := "services:\n  web:\n    ports:\n" +
		"      - target: 80\n        published: \"8080\"\n        host_ip: 127.0.0.1\n        protocol: UDP\n" +
		"      - target: 443\n" +
		"      - {target: 9000, published: 9000, host_ip: \"0.0.0.0\"}\n" +
		"      - target: 5432\n        host_ip: ${DB_BIND}\n" +
		"      - target: 22\n        published: ${SSH_PORT:-2222}\n"
	f := mustParse(t, src)
	ports := f.Ports(f.Services[0])
	if len(ports) != 5 {
		t.Fatalf("%d ports", len(ports))
	}
	type want struct {
		bind     Binding
		pub, tgt string
		proto    string
	}
	wants := []want{
		{BindLoopback, "8080", "80", "udp"},
		{BindAll, "", "443", "tcp"},
		{BindAll, "9000", "9000", "tcp"},
		{BindUnknown, "", "5432", "tcp"},
		{BindAll, "2222", "22", "tcp"},
	}
	for i, w := range wants {
		p := ports[i]
		if !p.Long || p.Binding() != w.bind || p.Published != w.pub || p.Target != w.tgt || p.Protocol != w.proto {
			t.Errorf("%d: got long=%v %v pub=%q tgt=%q proto=%q, want %+v", i, p.Long, p.Binding(), p.Published, p.Target, p.Protocol, w)
		}
	}
	if got := f.Text(ports[0].HostIPSpan); got != "127.0.0.1" {
		t.Errorf("host_ip span reads %q", got)
	}
	if ports[1].HostIPPair != nil || ports[2].HostIPPair == nil {
		t.Errorf("host_ip pairs")
	}
	if lo, hi, ok := ports[4].PublishedRange(); !ok || lo != 2222 || hi != 2222 {
		t.Errorf("published range %d-%d %v", lo, hi, ok)
	}
}

func TestPortsResolvedFromLookup(t *testing.T) {
	doc := document.New("file:///compose.yaml", 1, document.Compose, []byte("services:\n  web:\n    ports:\n      - ${EXPOSE_PORT-:2283:2283}\n"))
	env := map[string]string{"EXPOSE_PORT": "127.0.0.1:2283:2283"}
	f := ParseWith(doc, Options{Lookup: func(k string) (string, bool) { v, ok := env[k]; return v, ok }})
	p := f.Ports(f.Services[0])[0]
	if p.Binding() != BindLoopback || p.Exact {
		t.Errorf("binding %v exact %v", p.Binding(), p.Exact)
	}
}

func TestParsePortRange(t *testing.T) {
	for _, tc := range []struct {
		in     string
		lo, hi int
		ok     bool
	}{
		{"80", 80, 80, true},
		{"9090-9093", 9090, 9093, true},
		{"9093-9090", 0, 0, false},
		{"", 0, 0, false},
		{"${P}", 0, 0, false},
		{"70000", 0, 0, false},
	} {
		lo, hi, ok := ParsePortRange(tc.in)
		if lo != tc.lo || hi != tc.hi || ok != tc.ok {
			t.Errorf("ParsePortRange(%q) = %d, %d, %v", tc.in, lo, hi, ok)
		}
	}
}

func TestClassifyHostIP(t *testing.T) {
	for ip, want := range map[string]Binding{
		"": BindAll, "0.0.0.0": BindAll, "::": BindAll, "[::]": BindAll,
		"127.0.0.1": BindLoopback, "127.0.0.53": BindLoopback, "::1": BindLoopback, "[::1]": BindLoopback,
		"192.168.1.10": BindSpecific, "fe80::1": BindSpecific, "localhost": BindSpecific,
	} {
		if got := ClassifyHostIP(ip); got != want {
			t.Errorf("ClassifyHostIP(%q) = %v, want %v", ip, got, want)
		}
	}
}
