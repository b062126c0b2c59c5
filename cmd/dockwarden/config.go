package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/dockwarden/dockwarden/analysis/config"
	"github.com/dockwarden/dockwarden/analysis/rules"
	"github.com/dockwarden/dockwarden/internal/fsroot"
)

// configs finds the .dockwarden.yaml that applies to each checked file and
// loads each file once. With --config one file applies to everything and
// nothing is looked for.
type configs struct {
	explicit *config.Config
	byDir    map[string]string // folder -> configuration path ("" for none)
	byPath   map[string]*config.Config
	broken   map[string]bool
	// errs are the problems of the files loaded so far, each file's once.
	errs []error
}

func newConfigs(explicit *config.Config) *configs {
	return &configs{explicit: explicit, byDir: map[string]string{}, byPath: map[string]*config.Config{}, broken: map[string]bool{}}
}

// forDir returns the configuration for files in dir: nil when there is
// none, ok=false when it cannot be used (its problems are in c.errs). The
// nearest .dockwarden.yaml is looked for up to the filesystem root, and
// read by its path, wherever its links lead: it is the configuration the
// person running check keeps above the files, not content of the tree.
func (c *configs) forDir(dir string) (cfg *config.Config, ok bool) {
	if c.explicit != nil {
		return c.explicit, true
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, true
	}
	path, found := c.byDir[abs]
	if !found {
		path = filepath.FromSlash(config.Find(fsroot.Unrooted(), filepath.ToSlash(abs)))
		c.byDir[abs] = path
	}
	if path == "" {
		return nil, true
	}
	if c.broken[path] {
		return nil, false
	}
	if cfg := c.byPath[path]; cfg != nil {
		return cfg, true
	}
	cfg, _, err = config.Load(fsroot.Unrooted(), filepath.ToSlash(displayPath(path)), rules.All)
	if err != nil {
		c.broken[path] = true
		c.errs = append(c.errs, splitConfigErrors(err)...)
		return nil, false
	}
	cfg.Dir = filepath.Dir(path)
	c.byPath[path] = cfg
	return cfg, true
}

// forget drops what forDir found for each folder, keeping the files
// loaded: a walk of a large tree looked up every folder.
func (c *configs) forget() { c.byDir = map[string]string{} }

// skipDir reports whether the configuration that applies in dir ignores
// dir itself, so that a walk need not enter it.
func (c *configs) skipDir(dir string) bool {
	cfg, ok := c.forDir(dir)
	return ok && cfg.Ignored(dir)
}

// splitConfigErrors returns the problems of a configuration one by one,
// each as "path:line:column: message", so that each gets a line.
func splitConfigErrors(err error) []error {
	var list *config.Errors
	if !errors.As(err, &list) {
		return []error{err}
	}
	out := make([]error, len(list.List))
	for i, e := range list.List {
		out[i] = fmt.Errorf("%s:%v", filepath.ToSlash(list.Source), e)
	}
	return out
}

// displayPath shortens an absolute path to one relative to the working
// folder when it is inside it, for messages, with forward slashes as in
// the findings' paths.
func displayPath(path string) string {
	wd, err := os.Getwd()
	if err != nil {
		return filepath.ToSlash(path)
	}
	if rel, err := filepath.Rel(wd, path); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return filepath.ToSlash(rel)
	}
	return filepath.ToSlash(path)
}
