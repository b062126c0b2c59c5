package baseline

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
)

// Version is the format of the file Marshal writes; Parse refuses others.
const Version = 1

// An Entry is one accepted finding. Path is slash-separated, relative to
// the folder of the baseline file. Message is for the people who read the
// file in review; matching ignores it.
type Entry struct {
	Path        string `json:"path"`
	Code        string `json:"code"`
	Fingerprint string `json:"fingerprint"`
	Message     string `json:"message,omitempty"`
}

// compare orders entries by path, code and fingerprint: the file's order.
func compare(a, b Entry) int {
	if c := cmp.Compare(a.Path, b.Path); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Code, b.Code); c != 0 {
		return c
	}
	return cmp.Compare(a.Fingerprint, b.Fingerprint)
}

// A Baseline is the findings a project has accepted. Matching a finding
// uses up one entry, so that of two identical entries each hides one
// finding; what is not used up by the end of a run is stale. It is not
// safe for concurrent use.
type Baseline struct {
	entries []Entry
	left    map[string]int // path \x00 fingerprint -> entries not yet used
}

// file is the JSON form.
type file struct {
	Version  int     `json:"version"`
	Findings []Entry `json:"findings"`
}

var fingerprintPattern = regexp.MustCompile(`^[0-9a-f]{32}$`)

// Parse reads a baseline file.
func Parse(data []byte) (*Baseline, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var f file
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("not a dockwarden baseline: %v", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, errors.New("not a dockwarden baseline: text after the JSON object")
	}
	if f.Version != Version {
		return nil, fmt.Errorf("baseline version %d, this dockwarden reads version %d", f.Version, Version)
	}
	for i, e := range f.Findings {
		if e.Path == "" || e.Code == "" || !fingerprintPattern.MatchString(e.Fingerprint) {
			return nil, fmt.Errorf("baseline entry %d: want a path, a code and a fingerprint of 32 hexadecimal digits", i+1)
		}
	}
	return New(f.Findings), nil
}

// New returns a baseline of entries.
func New(entries []Entry) *Baseline {
	b := &Baseline{entries: slices.Clone(entries), left: map[string]int{}}
	slices.SortFunc(b.entries, compare)
	for _, e := range b.entries {
		b.left[e.Path+"\x00"+e.Fingerprint]++
	}
	return b
}

// Len is the number of entries.
func (b *Baseline) Len() int { return len(b.entries) }

// Match reports whether the baseline accepts a finding of the file at
// path with fingerprint, and uses up the entry that does.
func (b *Baseline) Match(path, fingerprint string) bool {
	if b == nil {
		return false
	}
	key := path + "\x00" + fingerprint
	if b.left[key] == 0 {
		return false
	}
	b.left[key]--
	return true
}

// Stale returns the entries no finding has used up among those for which
// checked says their file was checked in this run: the findings fixed or
// gone since the baseline was written. An entry of a file that was not
// checked is not stale: it may still hold.
func (b *Baseline) Stale(checked func(path string) bool) []Entry {
	if b == nil {
		return nil
	}
	left := map[string]int{}
	for k, n := range b.left {
		left[k] = n
	}
	var out []Entry
	for _, e := range b.entries {
		key := e.Path + "\x00" + e.Fingerprint
		if left[key] > 0 && checked(e.Path) {
			left[key]--
			out = append(out, e)
		}
	}
	return out
}

// Kept returns the entries of files that checked says were not checked in
// this run: writing a baseline after checking part of a project keeps
// what it recorded of the rest.
func (b *Baseline) Kept(checked func(path string) bool) []Entry {
	if b == nil {
		return nil
	}
	var out []Entry
	for _, e := range b.entries {
		if !checked(e.Path) {
			out = append(out, e)
		}
	}
	return out
}

// Marshal returns the file of entries: indented JSON, one entry per
// line, sorted by path, code and fingerprint, so that a new or fixed
// finding is one line of a diff.
func Marshal(entries []Entry) []byte {
	entries = slices.Clone(entries)
	slices.SortFunc(entries, compare)
	var b bytes.Buffer
	fmt.Fprintf(&b, "{\n  \"version\": %d,\n  \"findings\": [", Version)
	var line bytes.Buffer
	enc := json.NewEncoder(&line)
	enc.SetEscapeHTML(false)
	for i, e := range entries {
		line.Reset()
		if err := enc.Encode(e); err != nil {
			panic(err) // strings only: cannot fail
		}
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString("\n    ")
		b.Write(bytes.TrimSuffix(line.Bytes(), []byte("\n")))
	}
	if len(entries) > 0 {
		b.WriteString("\n  ")
	}
	b.WriteString("]\n}\n")
	return b.Bytes()
}

// Within reports whether path, slash-separated, is the file named or lies
// in the folder named (also slash-separated; "." for every path).
func Within(path, named string) bool {
	named = strings.TrimSuffix(named, "/")
	return named == "." || named == "" || path == named || strings.HasPrefix(path, named+"/")
}
