package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestReport(t *testing.T) {
	stream := strings.Join([]string{
		`{"Action":"run","Package":"m/dockwarden/dockwarden/a","Test":"TestA"}`,
		`{"Action":"pass","Package":"m/dockwarden/dockwarden/a","Test":"TestA"}`,
		`{"Action":"run","Package":"m/dockwarden/dockwarden/a","Test":"TestCorpus"}`,
		`{"Action":"output","Package":"m/dockwarden/dockwarden/a","Test":"TestCorpus","Output":"    x_test.go:9: ../shared/corpus is missing\n"}`,
		`{"Action":"output","Package":"m/dockwarden/dockwarden/a","Test":"TestCorpus","Output":"--- SKIP: TestCorpus (0.00s)\n"}`,
		`{"Action":"skip","Package":"m/dockwarden/dockwarden/a","Test":"TestCorpus"}`,
		`{"Action":"pass","Package":"m/dockwarden/dockwarden/a","Elapsed":0.5}`,
	}, "\n")
	var out bytes.Buffer
	if code := report(strings.NewReader(stream), &out); code != 0 {
		t.Fatalf("exit %d:\n%s", code, out.String())
	}
	for _, want := range []string{"2 tests: 1 passed, 0 failed, 1 skipped", "skipped: a TestCorpus: x_test.go:9: ../shared/corpus is missing"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	out.Reset()
	failing := `{"Action":"output","Package":"p","Test":"TestB","Output":"boom\n"}` + "\n" +
		`{"Action":"fail","Package":"p","Test":"TestB"}` + "\n" + `{"Action":"fail","Package":"p"}`
	if code := report(strings.NewReader(failing), &out); code != 1 || !strings.Contains(out.String(), "boom") {
		t.Errorf("failing stream: exit %d, output %q", code, out.String())
	}
	if code := report(strings.NewReader(""), &out); code != 1 {
		t.Error("an empty stream passed")
	}
}
