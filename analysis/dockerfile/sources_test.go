package dockerfile

import "testing"

func TestSources(t *testing.T) {
	f := parse(t, `# syntax=docker/dockerfile:1
FROM alpine:3.20
ARG CONF=app.conf
ARG URL
ARG GIT_REF=v1.0
ADD . ${CONF} "quoted name" ./rel ../up /dst/
ADD https://example.com/a.tgz HTTP://example.com/b /dst/
ADD https://github.com/o/r.git#main:sub git@github.com:o/r.git#v1 ssh://git@h/r git://h/r /dst/
ADD https://github.com/o/r.git?tag=v1&commit=2a1f3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c https://github.com/o/r.git#${GIT_REF} /dst/
ADD $URL ${URL}/x dir/${URL} github.com/o/r.git#v1 ftp://example.com/x /dst/
ADD <<EOF plain /dst/
hello
EOF
ADD ["https://example.com/x", "/dst/"]
`)
	noErrors(t, f)
	type want struct {
		value  string
		kind   SourceKind
		known  bool
		ref    string
		pinned bool
	}
	wants := [][]want{
		{{".", LocalSource, true, "", false}, {"app.conf", LocalSource, true, "", false}, {"quoted name", LocalSource, true, "", false}, {"./rel", LocalSource, true, "", false}, {"../up", LocalSource, true, "", false}},
		{{"https://example.com/a.tgz", HTTPSource, true, "", false}, {"HTTP://example.com/b", HTTPSource, true, "", false}},
		{{"https://github.com/o/r.git#main:sub", GitSource, true, "main", false}, {"git@github.com:o/r.git#v1", GitSource, true, "v1", false}, {"ssh://git@h/r", GitSource, true, "", false}, {"git://h/r", GitSource, true, "", false}},
		{{"https://github.com/o/r.git?tag=v1&commit=2a1f3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c", GitSource, true, "v1", true}, {"https://github.com/o/r.git#v1.0", GitSource, true, "v1.0", false}},
		{{"$URL", UnknownSource, false, "", false}, {"${URL}/x", UnknownSource, false, "", false}, {"dir/${URL}", LocalSource, false, "", false}, {"github.com/o/r.git#v1", UnknownSource, true, "", false}, {"ftp://example.com/x", LocalSource, true, "", false}},
		{{"<<EOF", HeredocSource, true, "", false}, {"plain", LocalSource, true, "", false}},
		{{"https://example.com/x", HTTPSource, true, "", false}},
	}
	var adds []*Instruction
	for _, in := range f.Instructions {
		if in.Keyword == "ADD" {
			adds = append(adds, in)
		}
	}
	if len(adds) != len(wants) {
		t.Fatalf("%d ADDs, want %d", len(adds), len(wants))
	}
	for i, in := range adds {
		got := f.Sources(in, in)
		if len(got) != len(wants[i]) {
			t.Errorf("ADD %d: %d sources, want %d", i, len(got), len(wants[i]))
			continue
		}
		for j, w := range wants[i] {
			s := got[j]
			if s.Value != w.value || s.Kind != w.kind || s.Known != w.known || s.GitRef != w.ref || (s.Kind == GitSource && s.GitPinned() != w.pinned) {
				t.Errorf("ADD %d source %d: got {%q kind %d known %v ref %q pinned %v}, want %+v", i, j, s.Value, s.Kind, s.Known, s.GitRef, s.GitPinned(), w)
			}
		}
	}
	if s := f.Sources(adds[5], adds[5]); s[0].Heredoc == nil || s[0].Heredoc.Name != "EOF" {
		t.Errorf("heredoc source not tied to its heredoc: %+v", s[0])
	}
}

func TestSourcesUnderOnbuild(t *testing.T) {
	f := parse(t, "FROM alpine:3.20\nARG CONF=app.conf\nONBUILD ADD ${CONF} plain /dst/\n")
	noErrors(t, f)
	sub := f.Instructions[2].Sub
	got := f.Sources(sub, nil)
	if len(got) != 2 || got[0].Known || got[0].Value != "${CONF}" || !got[1].Known {
		t.Errorf("ONBUILD sources %+v: variables must stay unknown", got)
	}
}

func TestIsCommitID(t *testing.T) {
	for ref, want := range map[string]bool{
		"2a1f3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c":                         true,
		"2a1f3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c2a1f3b4c5d6e7f8091a2b3c4": true,
		"2A1F3B4C5D6E7F8091A2B3C4D5E6F708192A3B4C":                         false,
		"2a1f3b4": false, "v1.0": false, "": false,
	} {
		if got := IsCommitID(ref); got != want {
			t.Errorf("IsCommitID(%q) = %v, want %v", ref, got, want)
		}
	}
}
