package dockerfile

import (
	"path"
	"strings"
)

// A SecretMount is one `--mount=type=secret,...` of a RUN: the secret's
// id, and where the RUN finds it, a file (Target) and, with the env=
// option of Dockerfile syntax 1.10, an environment variable (Env).
type SecretMount struct {
	ID     string
	Target string
	Env    string
	Flag   Flag
}

// SecretMounts returns the secret mounts of a RUN instruction. As in
// BuildKit (instructions/commands_runmount.go), the id defaults to the
// base name of the target, and the target to /run/secrets/<id> when no
// env= is given.
func (in *Instruction) SecretMounts() []SecretMount {
	var out []SecretMount
	for _, fl := range in.Flags {
		if fl.Name != "mount" || !fl.HasValue {
			continue
		}
		m := SecretMount{Flag: fl}
		secret := false
		for _, field := range strings.Split(fl.Value, ",") {
			key, val, _ := strings.Cut(strings.TrimSpace(field), "=")
			switch strings.ToLower(key) {
			case "type":
				secret = strings.EqualFold(val, "secret")
			case "id":
				m.ID = val
			case "target", "dst", "destination":
				m.Target = val
			case "env":
				m.Env = val
			}
		}
		if !secret {
			continue
		}
		if m.ID == "" && m.Target != "" {
			m.ID = path.Base(m.Target)
		}
		if m.Target == "" && m.Env == "" && m.ID != "" {
			m.Target = "/run/secrets/" + m.ID
		}
		out = append(out, m)
	}
	return out
}
