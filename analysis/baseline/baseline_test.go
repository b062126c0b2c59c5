package baseline

import (
	"strings"
	"testing"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/document"
	"github.com/dockwarden/dockwarden/analysis/rules"
)

// fingerprintsOf analyses text as a file of kind and returns each
// finding's code and fingerprint, as "CODE fingerprint".
func fingerprintsOf(t *testing.T, kind document.Kind, path, text string) []string {
	t.Helper()
	res := analysis.Run(rules.All, document.New("file:///w/"+path, 1, kind, []byte(text)))
	var out []string
	for i, fp := range Fingerprints(res, path) {
		out = append(out, res.Findings[i].Rule.Code+" "+fp)
	}
	return out
}

// composeFingerprints are the fingerprints of the findings of code in
// the compose file text.
func composeFingerprints(t *testing.T, code, text string) []string {
	t.Helper()
	var out []string
	for _, s := range fingerprintsOf(t, document.Compose, "compose.yaml", text) {
		if fp, ok := strings.CutPrefix(s, code+" "); ok {
			out = append(out, fp)
		}
	}
	return out
}

const dockerfile = "FROM alpine:3.20\nRUN apk add curl\nADD app.conf /etc/app.conf\nCMD [\"sh\"]\n"

const composeFile = `services:
  web:
    image: nginx:1.27
    volumes:
      - /var/run/docker.sock:/var/run/docker.sock
      - ./data:/data
  db:
    image: postgres:16
`

// TestFingerprintsSurviveUnrelatedEdits: lines inserted above, blank
// lines, a reflowed instruction and a reordered service keep every
// fingerprint; the path and the flagged text change them.
func TestFingerprintsSurviveUnrelatedEdits(t *testing.T) {
	before := fingerprintsOf(t, document.Dockerfile, "Dockerfile", dockerfile)
	if len(before) < 3 {
		t.Fatalf("findings %v: want DW101, DW105, DW112 at least", before)
	}
	for name, text := range map[string]string{
		"comment and blank lines above": "# syntax=docker/dockerfile:1\n\n# the app\n" + dockerfile,
		"instruction reflowed":          strings.Replace(dockerfile, "ADD app.conf /etc/app.conf", "ADD   app.conf \\\n    /etc/app.conf", 1),
	} {
		if got := fingerprintsOf(t, document.Dockerfile, "Dockerfile", text); strings.Join(got, ",") != strings.Join(before, ",") {
			t.Errorf("%s: fingerprints\n%v\nwant\n%v", name, got, before)
		}
	}
	if got := fingerprintsOf(t, document.Dockerfile, "api/Dockerfile", dockerfile); got[0] == before[0] {
		t.Error("the path is not part of the fingerprint")
	}
	changed := fingerprintsOf(t, document.Dockerfile, "Dockerfile", strings.Replace(dockerfile, "app.conf /etc/app.conf", "web.conf /etc/web.conf", 1))
	if strings.Join(changed, ",") == strings.Join(before, ",") {
		t.Error("another ADD has the same fingerprint")
	}

	composeBefore := fingerprintsOf(t, document.Compose, "compose.yaml", composeFile)
	moved := "# the stack\nservices:\n  db:\n    image: postgres:16\n" + strings.TrimPrefix(strings.Replace(composeFile, "  db:\n    image: postgres:16\n", "", 1), "services:\n")
	got := fingerprintsOf(t, document.Compose, "compose.yaml", moved)
	if !sameSet(got, composeBefore) {
		t.Errorf("services reordered: fingerprints\n%v\nwant the same set as\n%v", got, composeBefore)
	}
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	count := map[string]int{}
	for _, s := range a {
		count[s]++
	}
	for _, s := range b {
		count[s]--
	}
	for _, n := range count {
		if n != 0 {
			return false
		}
	}
	return true
}

// TestFingerprintsOfDuplicates: two identical findings in one file get an
// occurrence index each, so a baseline holding one still reports the
// other.
func TestFingerprintsOfDuplicates(t *testing.T) {
	text := "services:\n  web:\n    image: nginx:1.27\n    ports: [\"8080:80\", \"8080:80\"]\n"
	dw217 := composeFingerprints(t, "DW217", text)
	if len(dw217) != 2 || dw217[0] == dw217[1] {
		t.Fatalf("DW217 fingerprints %v: want two different ones", dw217)
	}
	b := New([]Entry{{Path: "compose.yaml", Code: "DW217", Fingerprint: dw217[0]}})
	if !b.Match("compose.yaml", dw217[0]) || b.Match("compose.yaml", dw217[1]) {
		t.Error("the baseline of the first does not hide exactly the first")
	}
}

func TestKeyPathInFingerprint(t *testing.T) {
	// The same text under two services is two findings of two services.
	text := "services:\n  a:\n    image: x:1\n    privileged: true\n  b:\n    image: x:1\n    privileged: true\n"
	dw202 := composeFingerprints(t, "DW202", text)
	if len(dw202) != 2 || dw202[0] == dw202[1] {
		t.Fatalf("DW202 fingerprints %v", dw202)
	}
}

func TestParseAndMarshal(t *testing.T) {
	fp := strings.Repeat("ab", 16)
	entries := []Entry{
		{Path: "b/compose.yaml", Code: "DW203", Fingerprint: fp, Message: "service <web> & co"},
		{Path: "a/Dockerfile", Code: "DW101", Fingerprint: fp},
		{Path: "a/Dockerfile", Code: "DW101", Fingerprint: fp},
	}
	data := Marshal(entries)
	want := "{\n  \"version\": 1,\n  \"findings\": [\n" +
		"    {\"path\":\"a/Dockerfile\",\"code\":\"DW101\",\"fingerprint\":\"" + fp + "\"},\n" +
		"    {\"path\":\"a/Dockerfile\",\"code\":\"DW101\",\"fingerprint\":\"" + fp + "\"},\n" +
		"    {\"path\":\"b/compose.yaml\",\"code\":\"DW203\",\"fingerprint\":\"" + fp + "\",\"message\":\"service <web> & co\"}\n" +
		"  ]\n}\n"
	if string(data) != want {
		t.Errorf("Marshal:\n%s\nwant\n%s", data, want)
	}
	if string(Marshal(nil)) != "{\n  \"version\": 1,\n  \"findings\": []\n}\n" {
		t.Errorf("Marshal(nil) = %q", Marshal(nil))
	}
	b, err := Parse(data)
	if err != nil || b.Len() != 3 {
		t.Fatalf("Parse: %v, %d entries", err, b.Len())
	}
	// Two identical entries hide two findings, not three.
	if !b.Match("a/Dockerfile", fp) || !b.Match("a/Dockerfile", fp) || b.Match("a/Dockerfile", fp) {
		t.Error("two entries did not hide exactly two findings")
	}
	checked := func(p string) bool { return Within(p, "b") }
	if stale := b.Stale(checked); len(stale) != 1 || stale[0].Path != "b/compose.yaml" {
		t.Errorf("Stale = %+v", stale)
	}
	if kept := b.Kept(checked); len(kept) != 2 || kept[0].Path != "a/Dockerfile" {
		t.Errorf("Kept = %+v", kept)
	}
	for _, bad := range []string{
		"", "[]", `{"version": 2, "findings": []}`, `{"version": 1, "findings": [{"path": "a", "code": "DW101", "fingerprint": "x"}]}`,
		`{"version": 1, "findings": [], "extra": 1}`, `{"version": 1, "findings": []} {}`,
	} {
		if _, err := Parse([]byte(bad)); err == nil {
			t.Errorf("Parse(%q) accepted", bad)
		}
	}
}

func TestWithin(t *testing.T) {
	for _, tc := range []struct {
		path, named string
		want        bool
	}{
		{"a/Dockerfile", ".", true}, {"a/Dockerfile", "a", true}, {"a/Dockerfile", "a/", true},
		{"a/Dockerfile", "a/Dockerfile", true}, {"ab/Dockerfile", "a", false}, {"a/Dockerfile", "b", false},
	} {
		if got := Within(tc.path, tc.named); got != tc.want {
			t.Errorf("Within(%q, %q) = %v", tc.path, tc.named, got)
		}
	}
}
