package compose

import (
	"fmt"
	"testing"
)

func TestBuilds(t *testing.T) {
	src := `services:
  short:
    build: ./api
  long:
    build:
      context: web
      dockerfile: docker/Dockerfile.prod
      target: prod
    user: "1000:1000"
  default:
    build: {}
  abs:
    build:
      context: /srv
      dockerfile: /opt/Dockerfile
  remote:
    build: https://github.com/acme/app.git
  variable:
    build:
      context: ${DIR}
  vartarget:
    build:
      context: .
      target: ${TARGET}
  image:
    image: nginx
    user: root
`
	var got []string
	for _, b := range parse(t, src).Builds() {
		got = append(got, fmt.Sprintf("%s %s %q %q", b.Service.Name, b.Dockerfile, b.Target, b.User))
	}
	want := []string{
		`short api/Dockerfile "" ""`,
		`long web/docker/Dockerfile.prod "prod" "1000:1000"`,
		`default Dockerfile "" ""`,
		`abs /opt/Dockerfile "" ""`,
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("builds\n%q\nwant\n%q", got, want)
	}
}
