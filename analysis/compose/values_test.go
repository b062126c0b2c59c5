package compose

import "testing"

// TestValidRestart pins the restart policies docker compose passes to
// Docker Engine and the engine accepts (ValidateRestartPolicy: a retry
// count only with on-failure, never negative; compose reads a count that
// is not a number as 0).
func TestValidRestart(t *testing.T) {
	for text, want := range map[string]bool{
		"": true, "no": true, "none": true, "always": true, "any": true, "unless-stopped": true,
		"on-failure": true, "on-failure:3": true, "on-failure:x": true, "on-failure:1:2": true, "no:0": true,
		"sometimes": false, "Always": false, "always:3": false, "unless-stopped:1": false,
		"on-failure:-1": false, ":3": false, "on_failure": false,
	} {
		if got := validRestart(text); got != want {
			t.Errorf("validRestart(%q) = %v, want %v", text, got, want)
		}
	}
}

func TestValidateValuesSkipsTypedAndInterpolated(t *testing.T) {
	f := parse(t, "services:\n  a:\n    image: x\n    privileged: 1\n    tty: ${TTY:-maybe}\n    init: $$x\n    stdin_open: \"yes\"\n")
	if errs := f.ValidateValues(); len(errs) != 0 {
		t.Errorf("got %+v, want none: a typed value is the schema's, an interpolated one unknown", errs)
	}
}
