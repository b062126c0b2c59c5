package dockerfile

import "strings"

// An ImageRef is an image reference split into its parts:
// [registry/]path[:tag][@digest]. Registry is empty for Docker Hub
// references written without one ("nginx", "bitnami/redis"); Path is as
// written (no "library/" is added).
type ImageRef struct {
	Registry string // "gcr.io", "localhost:5000"
	Path     string // "distroless/static-debian12"
	Tag      string // "nonroot"; empty when absent
	Digest   string // "sha256:..."; empty when absent
}

// ParseImageRef splits ref. Like Docker, it takes the first path component
// as a registry only when it contains "." or ":" or is "localhost", so that
// the port of `localhost:5000/img` is not mistaken for a tag.
func ParseImageRef(ref string) ImageRef {
	var r ImageRef
	if at := strings.IndexByte(ref, '@'); at >= 0 {
		ref, r.Digest = ref[:at], ref[at+1:]
	}
	if slash := strings.IndexByte(ref, '/'); slash >= 0 {
		first := ref[:slash]
		if strings.ContainsAny(first, ".:") || first == "localhost" {
			r.Registry, ref = first, ref[slash+1:]
		}
	}
	// A tag follows the last ":" after the last "/".
	if colon := strings.LastIndexByte(ref, ':'); colon > strings.LastIndexByte(ref, '/') {
		ref, r.Tag = ref[:colon], ref[colon+1:]
	}
	r.Path = ref
	return r
}

// Name is the reference without tag and digest: "gcr.io/distroless/base".
func (r ImageRef) Name() string {
	if r.Registry == "" {
		return r.Path
	}
	return r.Registry + "/" + r.Path
}

// DockerHub reports whether the reference names an image on Docker Hub.
func (r ImageRef) DockerHub() bool {
	switch r.Registry {
	case "", "docker.io", "index.docker.io", "registry-1.docker.io":
		return true
	}
	return false
}

// Repository is the path on Docker Hub without the implicit "library/"
// ("nginx" for "docker.io/library/nginx"), else Path.
func (r ImageRef) Repository() string {
	if r.DockerHub() {
		return strings.TrimPrefix(r.Path, "library/")
	}
	return r.Path
}

func (r ImageRef) String() string {
	s := r.Name()
	if r.Tag != "" {
		s += ":" + r.Tag
	}
	if r.Digest != "" {
		s += "@" + r.Digest
	}
	return s
}
