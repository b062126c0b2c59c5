package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"

	"github.com/dockwarden/dockwarden/analysis/baseline"
	"github.com/dockwarden/dockwarden/internal/fsroot"
	"github.com/dockwarden/dockwarden/report"
)

// maxBaselineSize bounds a baseline file: a few hundred bytes per entry,
// a hundred thousand entries.
const maxBaselineSize = 64 << 20

// baselines are the baseline files of a run of check: the one --baseline
// names for every file, else the one each file's configuration names
// (baseline:), each read once; and the one --write-baseline writes, in
// which case none is read to hide findings. A finding's path in a
// baseline is relative to the baseline file's folder, so that the file
// holds wherever check runs from.
type baselines struct {
	flag  string // --baseline
	write string // --write-baseline

	loaded   map[string]*baseline.Baseline // by path, nil when it could not be read
	errs     []error
	analysed map[string]bool // absolute paths of the files analysed
	entries  []baseline.Entry
}

func newBaselines(flag, write string) *baselines {
	return &baselines{flag: flag, write: write, loaded: map[string]*baseline.Baseline{}, analysed: map[string]bool{}}
}

// pathFor returns the baseline file that applies to r: the one written,
// --baseline's, or its configuration's; "" for none.
func (b *baselines) pathFor(r *fileResult) string {
	switch {
	case b.write != "":
		return b.write
	case b.flag != "":
		return b.flag
	}
	return r.cfg.BaselinePath()
}

// rel is the path of the file of r as a baseline in dir records it.
func rel(r *fileResult, dir string) string {
	if r.src.abs == "" {
		return r.path // standard input without a name
	}
	absDir, err := filepath.Abs(dir)
	if err != nil {
		return r.path
	}
	p, err := filepath.Rel(absDir, r.src.abs)
	if err != nil {
		return r.path
	}
	return filepath.ToSlash(p)
}

// fingerprints returns the fingerprints of r's findings, its path taken
// relative to the folder of its baseline, or of the working folder when
// it has none (the fingerprints of SARIF and Code Climate, which paths
// relative to the working folder name). It sets r.rel. It only reads b.
func (b *baselines) fingerprints(r *fileResult) []string {
	dir := "."
	if p := b.pathFor(r); p != "" {
		dir = filepath.Dir(p)
	}
	r.rel = rel(r, dir)
	return baseline.Fingerprints(r.res, r.rel)
}

// used reports whether a baseline hid findings in this run (and the
// summary says so).
func (b *baselines) used() bool { return b.write == "" && len(b.loaded) > 0 }

// filter returns findings without those r's baseline holds, counting them
// in hidden; with --write-baseline it records them all and hides none.
func (b *baselines) filter(r fileResult, findings []report.Finding, hidden *int) []report.Finding {
	p := b.pathFor(&r)
	if p == "" {
		return findings
	}
	if r.src.abs != "" {
		b.analysed[r.src.abs] = true
	}
	if b.write != "" {
		for _, x := range findings {
			b.entries = append(b.entries, baseline.Entry{Path: r.rel, Code: x.Rule.Code, Fingerprint: x.Fingerprint, Message: x.Message})
		}
		return findings
	}
	bl := b.load(p)
	if bl == nil {
		return findings
	}
	kept := findings[:0]
	for _, x := range findings {
		if bl.Match(r.rel, x.Fingerprint) {
			*hidden++
			continue
		}
		kept = append(kept, x)
	}
	return kept
}

// load reads the baseline file p once; nil when it cannot be read, which
// is among the errors.
func (b *baselines) load(p string) *baseline.Baseline {
	if bl, seen := b.loaded[p]; seen {
		return bl
	}
	bl, err := readBaseline(p)
	shown := displayPath(p)
	if errors.Is(err, fs.ErrNotExist) {
		err = fmt.Errorf("baseline %s: no such file (dockwarden check --write-baseline %s writes it)", shown, shown)
	} else if err != nil {
		err = fmt.Errorf("baseline %s: %w", shown, err)
	}
	if err != nil {
		b.errs = append(b.errs, err)
	}
	b.loaded[p] = bl
	return bl
}

// readBaseline reads and parses the baseline file p.
func readBaseline(p string) (*baseline.Baseline, error) {
	data, err := fsroot.Unrooted().ReadNamed(filepath.ToSlash(p), maxBaselineSize)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, err
	}
	return baseline.Parse(data)
}

// checked returns whether the entries of a baseline in dir were checked in
// this run: their file was analysed, or it is gone from a folder walked
// or a path named. An entry of a file that was not checked may still hold.
func (b *baselines) checked(in *inputs, dir string) func(string) bool {
	absDir, _ := filepath.Abs(dir)
	return func(p string) bool {
		abs := filepath.Join(absDir, filepath.FromSlash(p))
		if b.analysed[abs] {
			return true
		}
		if fsroot.Unrooted().Exists(filepath.ToSlash(abs)) {
			return false
		}
		for _, named := range in.paths {
			if named == "-" {
				continue
			}
			if a, err := filepath.Abs(named); err == nil && (a == abs || baseline.Within(filepath.ToSlash(abs), filepath.ToSlash(a))) {
				return true
			}
		}
		return false
	}
}

// finish ends the run's use of the baselines: it counts the entries no
// finding matched among those checked (stale), listing them with
// --verbose, or writes the baseline of --write-baseline. It returns the
// stale count and the errors.
func (b *baselines) finish(in *inputs, c *command, stderr io.Writer) (stale int, errs []error) {
	errs = b.errs
	if b.write != "" {
		if err := b.writeFile(in, c, stderr); err != nil {
			errs = append(errs, err)
		}
		return 0, errs
	}
	for p, bl := range b.loaded {
		for _, e := range bl.Stale(b.checked(in, filepath.Dir(p))) {
			stale++
			if in.verbose {
				c.errorf(stderr, "%s: %s %s no longer found in %s (--write-baseline prunes it)", displayPath(p), e.Code, e.Fingerprint, e.Path)
			}
		}
	}
	return stale, errs
}

// writeFile writes the baseline of --write-baseline: the findings of this
// run, and the entries the file held for files this run did not check.
func (b *baselines) writeFile(in *inputs, c *command, stderr io.Writer) error {
	entries := b.entries
	kept, pruned := 0, 0
	old, err := readBaseline(b.write)
	switch {
	case err == nil:
		checked := b.checked(in, filepath.Dir(b.write))
		k := old.Kept(checked)
		kept = len(k)
		entries = append(entries, k...)
		for _, e := range b.entries {
			old.Match(e.Path, e.Fingerprint)
		}
		pruned = len(old.Stale(checked))
	case !errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("--write-baseline: %s: %v (remove it to start a new baseline)", b.write, err)
	}
	w, err := fsroot.Unrooted().CreateReplacement(filepath.ToSlash(b.write))
	if err != nil {
		return fmt.Errorf("--write-baseline: %w", pathError(b.write, err))
	}
	if _, err := w.Write(baseline.Marshal(entries)); err != nil {
		w.Abort()
		return fmt.Errorf("--write-baseline: %w", pathError(b.write, err))
	}
	if err := w.Commit(); err != nil {
		return fmt.Errorf("--write-baseline: %w", pathError(b.write, err))
	}
	msg := fmt.Sprintf("wrote %d findings to %s", len(b.entries), b.write)
	if old != nil {
		msg += fmt.Sprintf(" (kept %d entries of files not checked, pruned %d no longer found)", kept, pruned)
	}
	c.errorf(stderr, "%s", msg)
	return nil
}
