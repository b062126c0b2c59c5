// Command testreport reads the JSON stream of `go test -json` on standard
// input and prints what `go test` prints (a line per package, the output of
// failing tests), then a summary that plain `go test` does not give: how
// many tests ran, passed, failed and were skipped, with each skip's reason.
// A test that skips (for instance because ../shared/corpus is missing in a
// clone elsewhere) is then visible rather than silently green. It exits 1
// when any test or package failed, or when the stream holds no test.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
)

// An event is one line of test2json output (go doc cmd/test2json).
type event struct {
	Action  string
	Package string
	Test    string
	Output  string
	Elapsed float64
}

type key struct{ pkg, test string }

func main() { os.Exit(report(os.Stdin, os.Stdout)) }

func report(in io.Reader, out io.Writer) int {
	outputs := map[key][]string{}
	var passed, failed, skipped int
	var skips []string
	failedPkg := false
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		line := sc.Bytes()
		var e event
		if err := json.Unmarshal(line, &e); err != nil || e.Action == "" {
			fmt.Fprintf(out, "%s\n", line) // a build error, printed as is
			continue
		}
		k := key{e.Package, e.Test}
		switch e.Action {
		case "output":
			outputs[k] = append(outputs[k], e.Output)
		case "pass":
			if e.Test == "" {
				fmt.Fprintf(out, "ok  \t%s\t%.3fs\n", e.Package, e.Elapsed)
			} else if !strings.Contains(e.Test, "/") {
				passed++
			}
			delete(outputs, k)
		case "skip":
			if e.Test == "" {
				fmt.Fprintf(out, "?   \t%s\t[no test files]\n", e.Package)
			} else if !strings.Contains(e.Test, "/") {
				skipped++
				skips = append(skips, fmt.Sprintf("%s %s: %s", short(e.Package), e.Test, skipReason(outputs[k])))
			}
			delete(outputs, k)
		case "fail":
			if e.Test == "" {
				failedPkg = true
				fmt.Fprint(out, strings.Join(outputs[k], ""))
				fmt.Fprintf(out, "FAIL\t%s\t%.3fs\n", e.Package, e.Elapsed)
			} else {
				if !strings.Contains(e.Test, "/") {
					failed++
				}
				fmt.Fprint(out, strings.Join(outputs[k], ""))
			}
			delete(outputs, k)
		}
	}
	if err := sc.Err(); err != nil {
		fmt.Fprintf(out, "testreport: %v\n", err)
		return 1
	}
	sort.Strings(skips)
	fmt.Fprintf(out, "\n%d tests: %d passed, %d failed, %d skipped\n", passed+failed+skipped, passed, failed, skipped)
	for _, s := range skips {
		fmt.Fprintf(out, "  skipped: %s\n", s)
	}
	if failed > 0 || failedPkg || passed+failed+skipped == 0 {
		return 1
	}
	return 0
}

// short drops the module path from a package path.
func short(pkg string) string {
	if i := strings.Index(pkg, "dockwarden/dockwarden/"); i >= 0 {
		return pkg[i+len("dockwarden/dockwarden/"):]
	}
	return pkg
}

// skipReason is the message a test gave t.Skip: the last output line that
// is not test2json's own "--- SKIP" or "=== RUN" line.
func skipReason(lines []string) string {
	for i := len(lines) - 1; i >= 0; i-- {
		l := strings.TrimSpace(lines[i])
		if l == "" || strings.HasPrefix(l, "---") || strings.HasPrefix(l, "===") {
			continue
		}
		return l
	}
	return "(no reason given)"
}
