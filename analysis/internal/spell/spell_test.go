package spell

import "testing"

func TestSuggest(t *testing.T) {
	known := []string{"volumes", "ports", "image", "networks", "network_mode"}
	for name, want := range map[string]string{"volumnes": "volumes", "volmues": "volumes", "prots": "ports", "imgae": "image", "xyz": "", "network": "networks"} {
		got, ok := Suggest(name, known)
		if (want == "") == ok || (ok && got != want) {
			t.Errorf("Suggest(%q) = %q, %v; want %q", name, got, ok, want)
		}
	}
}
