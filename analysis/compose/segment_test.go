package compose

import (
	"strings"
	"testing"
)

func TestSegment(t *testing.T) {
	for _, c := range []struct {
		name, text string
		services   []string // the text of each service segment
		ok         bool
	}{
		{
			name:     "services then a top-level key",
			text:     "name: app\nservices:\n  web:\n    image: nginx\n\n  # the database\n  db:\n    image: postgres\nvolumes:\n  data: {}\n",
			services: []string{"  web:\n    image: nginx\n\n  # the database\n", "  db:\n    image: postgres\n"},
			ok:       true,
		},
		{
			name:     "comment after the key, comments at column 0 inside",
			text:     "services: # all of them\n# first\n    a:\n      image: x\n# second\n    b: {image: y}\n",
			services: []string{"    a:\n      image: x\n# second\n", "    b: {image: y}\n"},
			ok:       true,
		},
		{name: "CRLF", text: "services:\r\n  a:\r\n    image: x\r\n", services: []string{"  a:\r\n    image: x\r\n"}, ok: true},
		{name: "no services", text: "volumes:\n  data: {}\n"},
		{name: "flow services", text: "services: {a: {image: x}}\n"},
		{name: "services as a list", text: "services:\n  - a\n"},
		{name: "two documents", text: "services:\n  a:\n    image: x\n---\nservices:\n  b:\n    image: y\n"},
		{name: "services twice", text: "services:\n  a:\n    image: x\nservices:\n  b:\n    image: y\n"},
		{name: "a line less indented than the services", text: "services:\n    a:\n      image: x\n  b:\n    image: y\n"},
		{name: "empty services", text: "services:\nvolumes: {}\n"},
	} {
		t.Run(c.name, func(t *testing.T) {
			segs, ok := Segment([]byte(c.text))
			if ok != c.ok {
				t.Fatalf("ok = %v, want %v", ok, c.ok)
			}
			if !ok {
				return
			}
			var got []string
			for _, sp := range segs.Services {
				got = append(got, c.text[sp.Start:sp.End])
			}
			if strings.Join(got, "|") != strings.Join(c.services, "|") {
				t.Errorf("services %q, want %q", got, c.services)
			}
			if segs.Prefix.Start != 0 || segs.Prefix.End != segs.Services[0].Start || segs.Suffix.Start != segs.Services[len(segs.Services)-1].End || segs.Suffix.End != len(c.text) {
				t.Errorf("prefix %v and suffix %v do not cover the rest", segs.Prefix, segs.Suffix)
			}
		})
	}
}

func TestPlain(t *testing.T) {
	for _, c := range []struct {
		text           string
		plain, context bool
	}{
		{"services:\n  a:\n    image: x\n", true, true},
		{"x-common: &c\n  restart: always\nservices:\n  a:\n    <<: *c\n", false, false},
		{"services:\n  a: &a\n    image: x\n", false, true},
		{"services:\n  a:\n    extends: b\n  b:\n    image: x\n", false, true},
		{"services:\n  a:\n    image: x\nvolumes:\n  d: &d {}\n", true, false},
	} {
		f := parse(t, c.text)
		if got := f.Services[0].Plain(); got != c.plain {
			t.Errorf("%q: service plain = %v, want %v", c.text, got, c.plain)
		}
		if got := f.PlainContext(); got != c.context {
			t.Errorf("%q: context plain = %v, want %v", c.text, got, c.context)
		}
	}
}
