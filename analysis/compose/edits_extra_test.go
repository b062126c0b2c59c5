package compose

import "testing"

// TestInsertIntoMapping inserts lines into the mapping that is the value of
// the last key of path (keys from the service down), or, with item set,
// into that value's list item of that index.
func TestInsertIntoMapping(t *testing.T) {
	tests := []struct {
		name, src, want string
		path            []string
		item            int // -1: the value itself
		lines           []string
	}{
		{"nested block mapping",
			"services:\n  web:\n    image: x\n    deploy:\n      replicas: 2\n      resources:\n        reservations:\n          memory: 1G\n    ports: []\n",
			"services:\n  web:\n    image: x\n    deploy:\n      replicas: 2\n      resources:\n        reservations:\n          memory: 1G\n        limits:\n          memory: 512M\n    ports: []\n",
			[]string{"deploy", "resources"}, -1, []string{"limits:", "  memory: 512M"}},
		{"four-space step",
			"services:\n    web:\n        deploy:\n            replicas: 2\n",
			"services:\n    web:\n        deploy:\n            replicas: 2\n            resources:\n                limits:\n                    cpus: \"0.50\"\n",
			[]string{"deploy"}, -1, []string{"resources:", "  limits:", "    cpus: \"0.50\""}},
		{"null value",
			"services:\n  web:\n    deploy:\n    image: x\n",
			"services:\n  web:\n    deploy:\n      resources: {}\n    image: x\n",
			[]string{"deploy"}, -1, []string{"resources: {}"}},
		{"list item mapping",
			"services:\n  web:\n    ports:\n      - target: 80   # web\n        published: 8080\n      - \"443:443\"\n",
			"services:\n  web:\n    ports:\n      - target: 80   # web\n        published: 8080\n        host_ip: 127.0.0.1\n      - \"443:443\"\n",
			[]string{"ports"}, 0, []string{"host_ip: 127.0.0.1"}},
		{"flow item mapping",
			"services:\n  web:\n    ports:\n      - {target: 80, published: 8080}\n",
			"services:\n  web:\n    ports:\n      - {target: 80, published: 8080, host_ip: 127.0.0.1}\n",
			[]string{"ports"}, 0, []string{"host_ip: 127.0.0.1"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := mustParse(t, tc.src)
			s := f.Services[0]
			path := []*Pair{s.Get(tc.path[0])}
			for _, key := range tc.path[1:] {
				path = append(path, path[len(path)-1].Value.Get(key))
			}
			m := path[len(path)-1].Value
			if tc.item >= 0 {
				m = m.Items()[tc.item]
			}
			es, err := f.InsertIntoMapping(s, m, tc.lines, path...)
			if got := applyOK(t, f, es, err); got != tc.want {
				t.Errorf("got\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
}

func TestInsertIntoMappingRefusals(t *testing.T) {
	src := "x-d: &d\n  replicas: 2\nservices:\n  web:\n    deploy: *d\n  api:\n    deploy: {replicas: 2,\n      mode: global}\n"
	f := mustParse(t, src)
	web, api := service(t, f, "web"), service(t, f, "api")
	d := web.Get("deploy")
	es, err := f.InsertIntoMapping(web, d.Value, []string{"resources: {}"}, d)
	wantRefusal(t, es, err, "anchor")
	d = api.Get("deploy")
	es, err = f.InsertIntoMapping(api, d.Value, []string{"resources: {}"}, d)
	wantRefusal(t, es, err, "spans several lines")
}

func TestDeletePairIn(t *testing.T) {
	src := "services:\n  web:\n    volumes:\n      - type: bind\n        source: ./a\n        target: /a\n        bind:\n          propagation: rshared\n      - type: bind\n        source: ./b\n        target: /b\n        bind:\n          create_host_path: true\n          propagation: slave\n"
	f := mustParse(t, src)
	s := f.Services[0]
	vols := s.Get("volumes")
	one := vols.Value.Items()[0]
	es, err := f.DeletePairIn(s, one, []*Pair{vols}, one.Get("bind"), one.Lookup("bind").Get("propagation"))
	got := applyOK(t, f, es, err)
	want := "services:\n  web:\n    volumes:\n      - type: bind\n        source: ./a\n        target: /a\n      - type: bind\n        source: ./b\n        target: /b\n        bind:\n          create_host_path: true\n          propagation: slave\n"
	if got != want {
		t.Errorf("cascade: got\n%s", got)
	}
	two := vols.Value.Items()[1]
	es, err = f.DeletePairIn(s, two, []*Pair{vols}, two.Get("bind"), two.Lookup("bind").Get("propagation"))
	got = applyOK(t, f, es, err)
	want = "services:\n  web:\n    volumes:\n      - type: bind\n        source: ./a\n        target: /a\n        bind:\n          propagation: rshared\n      - type: bind\n        source: ./b\n        target: /b\n        bind:\n          create_host_path: true\n"
	if got != want {
		t.Errorf("no cascade: got\n%s", got)
	}
}

func TestAppendTopLevelEntry(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"absent",
			"services:\n  db:\n    image: postgres:17\n",
			"services:\n  db:\n    image: postgres:17\nsecrets:\n  db_password:\n    file: ./secrets/db_password.txt\n"},
		{"absent, no final newline, four-space step",
			"services:\n    db:\n        image: postgres:17",
			"services:\n    db:\n        image: postgres:17\nsecrets:\n    db_password:\n        file: ./secrets/db_password.txt\n"},
		{"existing",
			"services:\n  db:\n    image: postgres:17\nsecrets:\n  other:\n    file: o.txt\nvolumes:\n  data:\n",
			"services:\n  db:\n    image: postgres:17\nsecrets:\n  other:\n    file: o.txt\n  db_password:\n    file: ./secrets/db_password.txt\nvolumes:\n  data:\n"},
		{"empty key",
			"services:\n  db:\n    image: postgres:17\nsecrets:\nvolumes: {}\n",
			"services:\n  db:\n    image: postgres:17\nsecrets:\n  db_password:\n    file: ./secrets/db_password.txt\nvolumes: {}\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := mustParse(t, tc.src)
			es, err := f.AppendTopLevelEntry("secrets", "db_password", "file: ./secrets/db_password.txt")
			if got := applyOK(t, f, es, err); got != tc.want {
				t.Errorf("got\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
	f := mustParse(t, "services:\n  db:\n    image: x\nsecrets: {a: {file: a}}\n")
	es, err := f.AppendTopLevelEntry("secrets", "b", "file: b")
	wantRefusal(t, es, err, "flow style")
}
