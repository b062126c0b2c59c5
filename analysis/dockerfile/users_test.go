package dockerfile

import "testing"

func TestIsRootUser(t *testing.T) {
	cases := map[string]bool{
		"root": true, "0": true, "root:root": true, "0:0": true, "root:1000": true, " root ": true, "00": true,
		"rootless": false, "1000:0": false, "ROOT": false, "app": false, "": false, ":0": false, "1000": false, "10": false,
	}
	for value, want := range cases {
		if got := IsRootUser(value); got != want {
			t.Errorf("IsRootUser(%q) = %v, want %v", value, got, want)
		}
	}
}

func TestUserCreatedBy(t *testing.T) {
	cases := []struct {
		cmd  []string
		want string
	}{
		{[]string{"useradd", "-m", "-u", "1000", "-g", "app", "appuser"}, "appuser"},
		{[]string{"/usr/sbin/useradd", "--uid=1000", "app"}, "app"},
		{[]string{"adduser", "-D", "-H", "-h", "/app", "web"}, "web"},
		{[]string{"useradd", "-m", "${USERNAME}"}, ""},
		{[]string{"apt-get", "install", "adduser"}, ""},
		{[]string{"usermod", "-u", "33", "www-data"}, ""},
		{nil, ""},
	}
	for _, c := range cases {
		if got := UserCreatedBy(c.cmd); got != c.want {
			t.Errorf("UserCreatedBy(%q) = %q, want %q", c.cmd, got, c.want)
		}
	}
}
