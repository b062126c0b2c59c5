package compose

import (
	"fmt"
	"strings"
	"testing"
)

func TestFileRefs(t *testing.T) {
	// Each want entry is key=path@text, text being what the span covers.
	for _, tc := range []struct {
		name string
		src  string
		want []string
	}{
		{
			name: "build short form names no Dockerfile",
			src:  "services:\n  web:\n    build: ./app\n",
		},
		{
			name: "build dockerfile with the default context",
			src:  "services:\n  web:\n    build:\n      dockerfile: Dockerfile.dev\n",
			want: []string{"build.dockerfile=Dockerfile.dev@Dockerfile.dev"},
		},
		{
			name: "build dockerfile joined to its context",
			src:  "services:\n  web:\n    build:\n      context: ./app/\n      dockerfile: ../docker/web.Dockerfile\n",
			want: []string{"build.dockerfile=docker/web.Dockerfile@../docker/web.Dockerfile"},
		},
		{
			name: "build in flow style, quoted",
			src:  "services:\n  web:\n    build: {context: app, dockerfile: \"dev/Dockerfile\"}\n",
			want: []string{"build.dockerfile=app/dev/Dockerfile@dev/Dockerfile"},
		},
		{
			name: "empty or null context is the compose directory",
			src:  "services:\n  a:\n    build: {context: '', dockerfile: A}\n  b:\n    build: {context: ~, dockerfile: B}\n",
			want: []string{"build.dockerfile=A@A", "build.dockerfile=B@B"},
		},
		{
			name: "absolute dockerfile kept whatever the context",
			src:  "services:\n  web:\n    build: {context: https://github.com/x/y.git, dockerfile: /srv//Dockerfile}\n",
			want: []string{"build.dockerfile=/srv/Dockerfile@/srv//Dockerfile"},
		},
		{
			name: "remote and absolute contexts are skipped",
			src: "services:\n" +
				"  a:\n    build: {context: https://github.com/x/y.git, dockerfile: Dockerfile}\n" +
				"  b:\n    build: {context: git@github.com:x/y.git, dockerfile: Dockerfile}\n" +
				"  c:\n    build: {context: /srv/app, dockerfile: Dockerfile}\n" +
				"  d:\n    build: {context: [x], dockerfile: Dockerfile}\n",
		},
		{
			name: "interpolation is skipped in the context and the file",
			src: "services:\n" +
				"  a:\n    build: {context: '${DIR}', dockerfile: Dockerfile}\n" +
				"  b:\n    build: {dockerfile: Dockerfile.$ENV}\n" +
				"  c:\n    env_file: ${ENV_FILE:-.env}\n",
		},
		{
			name: "env_file string",
			src:  "services:\n  web:\n    env_file: ./a.env\n",
			want: []string{"env_file=a.env@./a.env"},
		},
		{
			name: "env_file list, mappings and junk",
			src: "services:\n  web:\n    env_file:\n      - a.env\n      - 'config/b.env'\n" +
				"      - path: c.env\n        required: false\n      - {required: true}\n      - ''\n      - [x]\n      - ~\n",
			want: []string{"env_file=a.env@a.env", "env_file=config/b.env@config/b.env", "env_file=c.env@c.env"},
		},
		{
			name: "env_file outside the directory keeps its ..",
			src:  "services:\n  web:\n    env_file: [../shared/x.env, /etc/app.env]\n",
			want: []string{"env_file=../shared/x.env@../shared/x.env", "env_file=/etc/app.env@/etc/app.env"},
		},
		{
			name: "extends file; the short form names a service",
			src:  "services:\n  a:\n    extends: {file: common.yml, service: base}\n  b:\n    extends: a\n",
			want: []string{"extends.file=common.yml@common.yml"},
		},
		{
			name: "block scalars and non-services are ignored",
			src:  "x-env: &e\n  env_file: a.env\nservices:\n  web:\n    env_file: |\n      a.env\n    image: alpine\n",
		},
		{
			name: "an anchor shared by services is one ref",
			src: "x-build: &b\n  context: app\n  dockerfile: Dockerfile\nservices:\n" +
				"  a:\n    build: *b\n  b:\n    build: *b\n",
			want: []string{"build.dockerfile=app/Dockerfile@Dockerfile"},
		},
		{
			name: "an anchor services resolve differently is none",
			src: "x-build: &b\n  context: app\n  dockerfile: Dockerfile\nservices:\n" +
				"  a:\n    build: *b\n  b:\n    build:\n      <<: *b\n      context: other\n    env_file: b.env\n",
			want: []string{"env_file=b.env@b.env"},
		},
		{
			name: "sorted by position across services and keys",
			src: "services:\n  a:\n    extends: {file: base.yml, service: x}\n    env_file: a.env\n" +
				"    build: {dockerfile: A}\n  b:\n    env_file: b.env\n",
			want: []string{"extends.file=base.yml@base.yml", "env_file=a.env@a.env", "build.dockerfile=A@A", "env_file=b.env@b.env"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := mustParse(t, tc.src)
			var got []string
			for _, r := range f.FileRefs() {
				got = append(got, fmt.Sprintf("%s=%s@%s", r.Key, r.Path, f.Text(r.Span)))
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("got\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(tc.want, "\n  "))
			}
		})
	}
}
