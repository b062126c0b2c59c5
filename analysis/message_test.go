package analysis

import (
	"strings"
	"testing"
)

func TestCheckMessage(t *testing.T) {
	long := "service " + strings.Repeat("x", 60) + ": root filesystem is writable; set read_only: true"
	for msg, ok := range map[string]bool{
		"service web: root filesystem is writable; set read_only: true":  true,
		"ADD only copies local files here; use COPY":                     true,
		"NODE_TLS_REJECT_UNAUTHORIZED=0 turns off TLS checks; remove it": true,
		"`services.web.tty` must be true or false":                       true,
		long: true, // a long name counts as MaxWord
		"":   false,
		"Service web: root filesystem is writable":                              false,
		"service web: root filesystem is writable.":                             false,
		"service web: root filesystem is writable\nset read_only: true":         false,
		strings.Repeat("word ", 30):                                             false,
		"service " + strings.Repeat("x", 150) + ": root filesystem is writable": false, // over MaxMessageBytes
	} {
		if err := CheckMessage(msg); (err == nil) != ok {
			t.Errorf("CheckMessage(%q) = %v, want ok=%v", msg, err, ok)
		}
	}
}
