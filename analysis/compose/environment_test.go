package compose

import "testing"

func TestEnvironmentForms(t *testing.T) {
	src := "x-env: &env\n  SHARED: one\n" +
		"services:\n" +
		"  list:\n    environment:\n" +
		"      - PLAIN=value\n" +
		"      - \"QUOTED=a b\"\n" +
		"      - EMPTY=\n" +
		"      - FROM_SHELL\n" +
		"      - WITH_EQ=a=b\n" +
		"      - DEF=${X:-admin}\n" +
		"      # - COMMENTED=1\n" +
		"  map:\n    environment:\n" +
		"      <<: *env\n" +
		"      PLAIN: value\n" +
		"      QUOTED: \"\"\n" +
		"      NUMBER: 5432\n" +
		"      NULL:\n" +
		"      TILDE: ~\n" +
		"  flow:\n    environment: [A=1, B]\n" +
		"  build:\n    build:\n      context: .\n      args:\n        TOKEN: abc\n" +
		"  ctx:\n    build: .\n"
	f := mustParse(t, src)
	type want struct {
		name, value string
		has         bool
		interp      string
		nameSp      string
		valueSp     string
		aliased     bool
	}
	check := func(svc string, vars []*EnvVar, wants []want) {
		t.Helper()
		if len(vars) != len(wants) {
			t.Fatalf("%s: %d vars, want %d", svc, len(vars), len(wants))
		}
		for i, w := range wants {
			e := vars[i]
			if e.Name != w.name || e.Value != w.value || e.HasValue != w.has || e.Interp.Value != w.interp || e.Aliased() != w.aliased {
				t.Errorf("%s %d: got %q=%q has=%v interp=%q aliased=%v, want %+v", svc, i, e.Name, e.Value, e.HasValue, e.Interp.Value, e.Aliased(), w)
			}
			if f.Text(e.NameSpan) != w.nameSp || f.Text(e.ValueSpan) != w.valueSp {
				t.Errorf("%s %d: spans read %q %q", svc, i, f.Text(e.NameSpan), f.Text(e.ValueSpan))
			}
		}
	}
	check("list", f.Environment(f.Services[0]), []want{
		{"PLAIN", "value", true, "value", "PLAIN", "value", false},
		{"QUOTED", "a b", true, "a b", "QUOTED", "a b", false},
		{"EMPTY", "", true, "", "EMPTY", "", false},
		{"FROM_SHELL", "", false, "", "FROM_SHELL", "", false},
		{"WITH_EQ", "a=b", true, "a=b", "WITH_EQ", "a=b", false},
		{"DEF", "${X:-admin}", true, "admin", "DEF", "${X:-admin}", false},
	})
	check("map", f.Environment(f.Services[1]), []want{
		{"PLAIN", "value", true, "value", "PLAIN", "value", false},
		{"QUOTED", "", true, "", "QUOTED", `""`, false},
		{"NUMBER", "5432", true, "5432", "NUMBER", "5432", false},
		{"NULL", "", false, "", "NULL", "", false},
		{"TILDE", "", false, "", "TILDE", "~", false},
		{"SHARED", "one", true, "one", "SHARED", "one", true},
	})
	check("flow", f.Environment(f.Services[2]), []want{
		{"A", "1", true, "1", "A", "1", false},
		{"B", "", false, "", "B", "", false},
	})
	check("build", f.BuildArgs(f.Services[3]), []want{
		{"TOKEN", "abc", true, "abc", "TOKEN", "abc", false},
	})
	if got := f.BuildArgs(f.Services[4]); got != nil {
		t.Errorf("build context string has args %v", got)
	}
	if e := LookupEnv(f.Environment(f.Services[0]), "EMPTY"); e == nil || !e.HasValue {
		t.Errorf("LookupEnv: %+v", e)
	}
	if LookupEnv(f.Environment(f.Services[0]), "COMMENTED") != nil {
		t.Errorf("a comment is not an entry")
	}
}
