package analysistest

import (
	"testing"

	"github.com/dockwarden/dockwarden/analysis/document"
)

func TestParseWants(t *testing.T) {
	doc := document.New("x", 1, document.Compose, []byte(`services:
  web:
    # want "DW212:hint"

    volumes:
      - ./a:/a # want "DW211" "DW212"
`))
	wants, err := parseWants(doc)
	if err != nil {
		t.Fatal(err)
	}
	type got struct {
		line      int
		code, sev string
	}
	var list []got
	for _, w := range wants {
		list = append(list, got{w.line, w.code, w.severity})
	}
	expect := []got{{4, "DW212", "hint"}, {5, "DW211", ""}, {5, "DW212", ""}}
	if len(list) != len(expect) {
		t.Fatalf("wants = %v, want %v", list, expect)
	}
	for i := range expect {
		if list[i] != expect[i] {
			t.Errorf("want %d = %v, expected %v", i, list[i], expect[i])
		}
	}
}

func TestDanglingWant(t *testing.T) {
	doc := document.New("x", 1, document.Dockerfile, []byte("FROM a\n# want \"DW101\"\n"))
	if _, err := parseWants(doc); err == nil {
		t.Error("a want with no line after it was accepted")
	}
}
