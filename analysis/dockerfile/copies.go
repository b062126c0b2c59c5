package dockerfile

import (
	"path"
	"strconv"
	"strings"
)

// Workdir returns the working folder in force when the instruction at
// runs: the last WORKDIR of its stage or of a stage it is built on,
// variables expanded, a relative one joined to the one before. ok is false
// when it depends on what the base image sets (no WORKDIR, or a relative
// one, on an image's base) or on a variable without a known value; a
// stage built on scratch starts at "/".
func (f *File) Workdir(at *Instruction) (dir string, ok bool) {
	if at == nil || at.Stage == nil {
		return "", false
	}
	chain := at.Stage.Chain()
	root := chain[len(chain)-1]
	dir, ok = "/", root.IsScratch()
	for i := len(chain) - 1; i >= 0; i-- {
		for _, in := range chain[i].Instructions {
			if in.Index >= at.Index && chain[i] == at.Stage {
				break
			}
			if in.Keyword != "WORKDIR" || len(in.Args) == 0 {
				continue
			}
			v, known := f.Expand(in.Args[0].Value, in)
			v = unquote(v)
			switch {
			case !known:
				dir, ok = "", false
			case path.IsAbs(v):
				dir, ok = path.Clean(v), true
			case ok:
				dir = path.Join(dir, v)
			}
		}
	}
	if !ok {
		return "", false
	}
	return dir, true
}

// CopyFrom returns the stage that the --from flag of a COPY or ADD names,
// by alias (case-insensitively) or index, as BuildKit reads it: nil when
// the instruction copies from the build context, from an image, or from
// a name that depends on a variable without a known value. image is set
// when --from names something that is not a stage of the file.
func (f *File) CopyFrom(in *Instruction) (stage *Stage, image bool) {
	fl := in.Flag("from")
	if fl == nil {
		return nil, false
	}
	v, known := f.Expand(fl.Value, in)
	if !known {
		return nil, true
	}
	for _, s := range f.Stages {
		if in.Stage != nil && s.Index >= in.Stage.Index {
			break
		}
		if s.Name != "" && strings.EqualFold(s.Name, v) {
			return s, false
		}
	}
	if n, err := strconv.Atoi(v); err == nil && n >= 0 && n < len(f.Stages) {
		return f.Stages[n], false
	}
	return nil, true
}

// Covers reports whether a COPY source (slash-separated, cleaned, with
// the glob syntax of path.Match) copies the entry p: the source is the
// whole tree ("."), names p, or names a folder above it, itself or
// through a pattern matching that folder.
func Covers(source, p string) bool {
	if source == "." || source == "/" {
		return true
	}
	prefix := ""
	for _, seg := range strings.Split(p, "/") {
		prefix = path.Join(prefix, seg)
		if ok, err := path.Match(source, prefix); err == nil && ok {
			return true
		}
	}
	return false
}

// Landing returns where a COPY that copies the entry p through source
// (Covers(source, p)) puts it, given its destination dest (absolute): a
// folder's content goes into dest, a file named by the source itself to
// dest, or into it when dest ends in "/" or the source is a pattern.
func Landing(source, p, dest string) string {
	if source == "." || source == "/" {
		return path.Join(dest, p)
	}
	prefix := ""
	for _, seg := range strings.Split(p, "/") {
		prefix = path.Join(prefix, seg)
		if ok, err := path.Match(source, prefix); err == nil && ok {
			if prefix == p {
				if strings.HasSuffix(dest, "/") || strings.ContainsAny(source, "*?[") {
					return path.Join(dest, path.Base(p))
				}
				return path.Clean(dest)
			}
			return path.Join(dest, strings.TrimPrefix(p, prefix+"/"))
		}
	}
	return path.Clean(dest)
}
