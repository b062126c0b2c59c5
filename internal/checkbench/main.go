//go:build unix

// Command checkbench measures `dockwarden check` on a large tree the way CI
// meets it: it copies a corpus of real Dockerfiles and Compose files into a
// temporary folder many times over, runs the binary on the folder in each
// output format as a separate process, and reports the wall time, the CPU
// time and the peak resident memory (the kernel's ru_maxrss for the child,
// exact even for a short-lived process).
//
//	go run ./internal/checkbench -bin bin/dockwarden -before /tmp/old/dockwarden
//
// With -before, the two binaries run back to back, alternating, so that
// the load of a shared machine falls on both alike. Each figure is the
// median of -runs runs. It builds on Unix only: the peak memory of a
// finished process (syscall.Rusage.Maxrss) is not known elsewhere.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

func main() {
	bin := flag.String("bin", "bin/dockwarden", "the dockwarden binary to measure")
	before := flag.String("before", "", "an older binary to measure alongside, run for run")
	corpus := flag.String("corpus", "../shared/corpus", "the folder of real files to copy")
	copies := flag.String("copies", "50,500", "comma-separated numbers of copies of the corpus, one tree each")
	formats := flag.String("formats", "text,json,sarif,github,junit,codeclimate,checkstyle", "comma-separated output formats")
	runs := flag.Int("runs", 3, "runs per binary, format and tree; the median is reported")
	flag.Parse()
	cfg := config{formats: strings.Split(*formats, ","), runs: *runs}
	for _, c := range strings.Split(*copies, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(c))
		if err != nil || n < 1 {
			fail(fmt.Errorf("-copies: %q is not a positive number", c))
		}
		cfg.copies = append(cfg.copies, n)
	}
	for _, b := range []string{*bin, *before} {
		if b == "" {
			continue
		}
		abs, err := filepath.Abs(b)
		if err != nil {
			fail(err)
		}
		cfg.bins = append(cfg.bins, abs)
	}
	if err := run(cfg, *corpus, os.Stdout); err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "checkbench:", err)
	os.Exit(1)
}

type config struct {
	bins    []string // the binary measured first, then -before's
	copies  []int
	formats []string
	runs    int
}

// A sample is one run of one binary.
type sample struct {
	wall, cpu time.Duration
	rssKiB    int64
}

func run(cfg config, corpus string, out io.Writer) error {
	tmp, err := os.MkdirTemp("", "checkbench")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	fmt.Fprintf(out, "GOMAXPROCS=%s, %d CPUs, %d runs each, median shown\n\n", orDefault(os.Getenv("GOMAXPROCS"), "unset"), runtime.NumCPU(), cfg.runs)
	fmt.Fprintln(out, "| files | format | binary | wall | CPU | cores used | peak RSS |")
	fmt.Fprintln(out, "|---|---|---|---|---|---|---|")
	for _, n := range cfg.copies {
		tree := filepath.Join(tmp, fmt.Sprintf("tree%d", n))
		files, err := makeTree(corpus, tree, n)
		if err != nil {
			return err
		}
		for _, format := range cfg.formats {
			samples := make([][]sample, len(cfg.bins))
			for r := 0; r < cfg.runs; r++ {
				for i, bin := range cfg.bins {
					s, err := once(bin, tree, format)
					if err != nil {
						samples[i] = nil
						fmt.Fprintf(os.Stderr, "checkbench: %s --format %s: %v\n", bin, format, err)
						continue
					}
					samples[i] = append(samples[i], s)
				}
			}
			for i := range cfg.bins {
				name := "now"
				if i > 0 {
					name = "before"
				}
				if len(samples[i]) < cfg.runs {
					fmt.Fprintf(out, "| %d | %s | %s | - | - | - | - |\n", files, format, name)
					continue
				}
				m := median(samples[i])
				fmt.Fprintf(out, "| %d | %s | %s | %.2f s | %.2f s | %.2f | %.1f MiB |\n", files, format, name,
					m.wall.Seconds(), m.cpu.Seconds(), m.cpu.Seconds()/m.wall.Seconds(), float64(m.rssKiB)/1024)
			}
		}
	}
	return nil
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// once runs `bin check --format format --fail-level none .` in dir, its
// report thrown away, and measures it.
func once(bin, dir, format string) (sample, error) {
	cmd := exec.Command(bin, "check", "--format", format, "--fail-level", "none", ".")
	cmd.Dir = dir
	devnull, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		return sample{}, err
	}
	defer devnull.Close()
	var stderr strings.Builder
	cmd.Stdout, cmd.Stderr = devnull, &stderr
	start := time.Now()
	err = cmd.Run()
	wall := time.Since(start)
	if err != nil {
		return sample{}, fmt.Errorf("%v: %s", err, firstLine(stderr.String()))
	}
	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		return sample{}, errors.New("no resource usage for the process")
	}
	return sample{wall: wall, cpu: cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime(), rssKiB: ru.Maxrss}, nil
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
	return line
}

// median returns, field by field, the median of samples.
func median(samples []sample) sample {
	mid := func(vals []int64) int64 {
		slices.Sort(vals)
		return vals[len(vals)/2]
	}
	var wall, cpu, rss []int64
	for _, s := range samples {
		wall = append(wall, int64(s.wall))
		cpu = append(cpu, int64(s.cpu))
		rss = append(rss, s.rssKiB)
	}
	return sample{wall: time.Duration(mid(wall)), cpu: time.Duration(mid(cpu)), rssKiB: mid(rss)}
}

// makeTree copies the regular files of corpus n times into tree
// (tree/copy-0001/...) and returns how many Dockerfiles and Compose files
// it holds: those with the names the walk takes, counted by the copy.
func makeTree(corpus, tree string, n int) (int, error) {
	type file struct {
		rel  string
		text []byte
	}
	var files []file
	err := filepath.WalkDir(corpus, func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		text, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(corpus, path)
		if err != nil {
			return err
		}
		files = append(files, file{rel, text})
		return nil
	})
	if err != nil {
		return 0, err
	}
	counted := 0
	for _, f := range files {
		if !strings.HasSuffix(f.rel, ".tsv") {
			counted++
		}
	}
	for i := 1; i <= n; i++ {
		dir := filepath.Join(tree, fmt.Sprintf("copy-%04d", i))
		for _, f := range files {
			p := filepath.Join(dir, f.rel)
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				return 0, err
			}
			if err := os.WriteFile(p, f.text, 0o644); err != nil {
				return 0, err
			}
		}
	}
	return counted * n, nil
}
