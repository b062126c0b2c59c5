package hosts

import (
	"strings"
	"testing"
)

func TestServesHTTPS(t *testing.T) {
	for host, want := range map[string]bool{
		"github.com": true, "Download.Redis.IO": true, "download.tensorflow.org": true,
		"example.com": false, "mirror.internal": false, "": false,
	} {
		if got := ServesHTTPS(host); got != want {
			t.Errorf("ServesHTTPS(%q) = %v", host, got)
		}
	}
	for host, source := range httpsHosts {
		if source == "" || host != strings.ToLower(host) {
			t.Errorf("%q: every host is lower case and says where it is shown to serve HTTPS", host)
		}
	}
}

func TestLoopback(t *testing.T) {
	for host, want := range map[string]bool{
		"localhost": true, "LOCALHOST": true, "api.localhost": true, "127.0.0.1": true, "127.1.2.3": true,
		"::1": true, "[::1]": true, "0.0.0.0": true, "localhost.": true,
		"localhost.example.com": false, "10.0.0.1": false, "mylocalhost": false, "example.com": false,
	} {
		if got := Loopback(host); got != want {
			t.Errorf("Loopback(%q) = %v, want %v", host, got, want)
		}
	}
}

func TestMatch(t *testing.T) {
	patterns := []string{"nexus", "*.corp.example.com", "10.1.2.3"}
	for host, want := range map[string]bool{
		"nexus": true, "NEXUS": true, "mirror.corp.example.com": true, "a.b.corp.example.com": true,
		"corp.example.com": false, "10.1.2.3": true, "nexus.example.com": false, "evilcorp.example.com": false,
	} {
		if got := Match(host, patterns); got != want {
			t.Errorf("Match(%q) = %v, want %v", host, got, want)
		}
	}
	for p, want := range map[string]bool{
		"nexus": true, "*.corp.example.com": true, "10.1.2.3": true, "::1": true, "mirror-1.example": true,
		"": false, "*": false, "a..b": false, "-bad.example": false, "http://x": false, "a b": false, "x:8080": false,
	} {
		if got := ValidPattern(p); got != want {
			t.Errorf("ValidPattern(%q) = %v, want %v", p, got, want)
		}
	}
}
