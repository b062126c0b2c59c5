package fileuri

import "testing"

func TestWindowsURIs(t *testing.T) {
	for uri, want := range map[string]string{
		"file:///c%3A/Users/me/proj/Dockerfile":  `C:\Users\me\proj\Dockerfile`, // VS Code
		"file:///c%3a/Users/me/proj/Dockerfile":  `C:\Users\me\proj\Dockerfile`,
		"file:///C:/Users/me/proj/Dockerfile":    `C:\Users\me\proj\Dockerfile`, // Neovim, Emacs, Go
		"file:///C:/Users/me/My%20Proj/./a/../x": `C:\Users\me\My Proj\x`,
		"file://C:/Users/me/x":                   `C:\Users\me\x`,
		"file://localhost/C:/x":                  `C:\x`,
		"file:///d:":                             `D:\`,
		"file:///D:/":                            `D:\`,
		"file://server/share/compose.yaml":       `\\server\share\compose.yaml`,
		"FILE:///C:/x":                           `C:\x`,
	} {
		if got, ok := toPath(uri, true); !ok || got != want {
			t.Errorf("toPath(%s) = %q, %v; want %q", uri, got, ok, want)
		}
	}
	for _, uri := range []string{"file:///Users/me/x", "file:///C:x", "untitled:Untitled-1", "https://example.com/C:/x", "file:x", "file://server"} {
		if got, ok := toPath(uri, true); ok {
			t.Errorf("toPath(%s) = %q; want no path", uri, got)
		}
	}
	for abs, want := range map[string]string{
		`C:\Users\me\proj\Dockerfile`: "file:///C:/Users/me/proj/Dockerfile",
		`C:\Users\me\My Proj\x#1`:     "file:///C:/Users/me/My%20Proj/x%231",
		`\\server\share\compose.yaml`: "file://server/share/compose.yaml",
	} {
		got := fromPath(abs, true)
		if got != want {
			t.Errorf("fromPath(%s) = %s; want %s", abs, got, want)
		}
		if back, ok := toPath(got, true); !ok || back != abs {
			t.Errorf("toPath(fromPath(%s)) = %q, %v", abs, back, ok)
		}
	}
}

func TestUnixURIs(t *testing.T) {
	for uri, want := range map[string]string{
		"file:///home/me/proj/Dockerfile":  "/home/me/proj/Dockerfile",
		"file://localhost/home/me/x":       "/home/me/x",
		"file:///home/me/c%3A/x/../y":      "/home/me/c:/y",
		"file:///home/me/My%20Proj/a%23b/": "/home/me/My Proj/a#b",
	} {
		if got, ok := toPath(uri, false); !ok || got != want {
			t.Errorf("toPath(%s) = %q, %v; want %q", uri, got, ok, want)
		}
	}
	// A file on another host is not this machine's file of the same path.
	for _, uri := range []string{"file://server/share/x", "file://C:/x", "untitled:Untitled-1", "file:x", "file://"} {
		if got, ok := toPath(uri, false); ok {
			t.Errorf("toPath(%s) = %q; want no path", uri, got)
		}
	}
	for abs, want := range map[string]string{
		"/home/me/proj/Dockerfile": "file:///home/me/proj/Dockerfile",
		"/home/me/My Proj/x#1?":    "file:///home/me/My%20Proj/x%231%3F",
		"/home/me/c:/x":            "file:///home/me/c:/x",
	} {
		got := fromPath(abs, false)
		if got != want {
			t.Errorf("fromPath(%s) = %s; want %s", abs, got, want)
		}
		if back, ok := toPath(got, false); !ok || back != abs {
			t.Errorf("toPath(fromPath(%s)) = %q, %v", abs, back, ok)
		}
	}
}

// TestThisSystem checks that the exported functions use this system's rules.
func TestThisSystem(t *testing.T) {
	abs := t.TempDir()
	back, ok := Path(FromPath(abs))
	if !ok || back != abs {
		t.Errorf("Path(FromPath(%s)) = %q, %v", abs, back, ok)
	}
}
