package compose

import (
	"strings"
	"testing"
)

func TestSegment(t *testing.T) {
	for _, c := range []struct {
		name, text string
		services   []string // the text of each service segment
		sections   []string // the text of each section, the header's marked with a leading "*"
		ok         bool
	}{
		{
			name:     "services then a top-level key",
			text:     "name: app\nservices:\n  web:\n    image: nginx\n\n  # the database\n  db:\n    image: postgres\nvolumes:\n  data: {}\n",
			services: []string{"  web:\n    image: nginx\n\n  # the database\n", "  db:\n    image: postgres\n"},
			sections: []string{"name: app\n", "*services:\n", "volumes:\n  data: {}\n"},
			ok:       true,
		},
		{
			name:     "comments and keys around the services",
			text:     "# head\nx-a: &a\n  restart: always\n# about services\nservices: # all\n\n  web: {image: nginx}\nvolu\nnetworks:\n  front: {}\n# end\n",
			services: []string{"  web: {image: nginx}\n"},
			sections: []string{"# head\nx-a: &a\n  restart: always\n# about services\n", "*services: # all\n\n", "volu\n", "networks:\n  front: {}\n# end\n"},
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
			if c.sections != nil {
				var secs []string
				for k, sp := range segs.Sections {
					mark := ""
					if k == segs.Header {
						mark = "*"
					}
					secs = append(secs, mark+c.text[sp.Start:sp.End])
				}
				if strings.Join(secs, "|") != strings.Join(c.sections, "|") {
					t.Errorf("sections %q, want %q", secs, c.sections)
				}
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

// TestFailure checks how unreadable texts are classed: only a text that
// ends inside a quoted string or a flow collection may be mended by text
// after it.
func TestFailure(t *testing.T) {
	for _, c := range []struct {
		value string
		want  Failure
	}{
		{"nginx", Readable},
		{"[a, b", Open},
		{"[", Open},
		{"{a: 1", Open},
		{"\"nginx", Open},
		{"'nginx", Open},
		{"[a]]", Broken},
		{"a: b: c", Broken},
		{"@x", Broken},
		{"*nowhere", Unanchored},
	} {
		f := parse(t, "services:\n  a:\n    image: "+c.value+"\n")
		if f.Failure != c.want {
			t.Errorf("image: %s: failure %d, want %d", c.value, f.Failure, c.want)
		}
	}
	if f := parse(t, "services:\n  a:\n    image: x\n    read_on\n"); f.Failure != Broken || len(f.Errors) != 1 {
		t.Errorf("a key without a colon: failure %d, errors %v", f.Failure, f.Errors)
	}
}
