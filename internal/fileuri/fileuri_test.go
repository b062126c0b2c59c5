package fileuri

import "testing"

// TestPath reads the URIs editors send, with Windows' rules and with the
// others', and rejects what names no local file.
func TestPath(t *testing.T) {
	for _, tc := range []struct {
		windows bool
		uri     string
		want    string // "": no path
	}{
		{true, "file:///c%3A/Users/me/proj/Dockerfile", `C:\Users\me\proj\Dockerfile`}, // VS Code
		{true, "file:///c%3a/Users/me/proj/Dockerfile", `C:\Users\me\proj\Dockerfile`},
		{true, "file:///C:/Users/me/proj/Dockerfile", `C:\Users\me\proj\Dockerfile`}, // Neovim, Emacs, Go
		{true, "file:///C:/Users/me/My%20Proj/./a/../x", `C:\Users\me\My Proj\x`},
		{true, "file://C:/Users/me/x", `C:\Users\me\x`},
		{true, "file://localhost/C:/x", `C:\x`},
		{true, "file:///d:", `D:\`},
		{true, "file:///D:/", `D:\`},
		{true, "file://server/share/compose.yaml", `\\server\share\compose.yaml`},
		{true, "FILE:///C:/x", `C:\x`},
		{true, "file:///Users/me/x", ""},
		{true, "file:///C:x", ""}, // relative to the drive's current folder
		{true, "file://server", ""},
		{false, "file:///home/me/proj/Dockerfile", "/home/me/proj/Dockerfile"},
		{false, "file://localhost/home/me/x", "/home/me/x"},
		{false, "file:///home/me/c%3A/x/../y", "/home/me/c:/y"},
		{false, "file:///home/me/My%20Proj/a%23b/", "/home/me/My Proj/a#b"},
		{false, "file://server/share/x", ""}, // another host's file is not this one's
		{false, "file://C:/x", ""},
		{false, "file://", ""},
		{false, "untitled:Untitled-1", ""},
		{false, "https://example.com/x", ""},
		{false, "file:x", ""},
	} {
		got, ok := toPath(tc.uri, tc.windows)
		if got != tc.want || ok != (tc.want != "") {
			t.Errorf("toPath(%s, windows=%v) = %q, %v; want %q", tc.uri, tc.windows, got, ok, tc.want)
		}
	}
}

// TestFromPath writes URIs that editors read, and that Path reads back.
func TestFromPath(t *testing.T) {
	for _, tc := range []struct {
		windows   bool
		abs, want string
	}{
		{true, `C:\Users\me\proj\Dockerfile`, "file:///C:/Users/me/proj/Dockerfile"},
		{true, `C:\Users\me\My Proj\x#1`, "file:///C:/Users/me/My%20Proj/x%231"},
		{true, `\\server\share\compose.yaml`, "file://server/share/compose.yaml"},
		{false, "/home/me/proj/Dockerfile", "file:///home/me/proj/Dockerfile"},
		{false, "/home/me/My Proj/x#1?", "file:///home/me/My%20Proj/x%231%3F"},
		{false, "/home/me/c:/x", "file:///home/me/c:/x"},
	} {
		got := fromPath(tc.abs, tc.windows)
		if got != tc.want {
			t.Errorf("fromPath(%s, windows=%v) = %s; want %s", tc.abs, tc.windows, got, tc.want)
		}
		if back, ok := toPath(got, tc.windows); !ok || back != tc.abs {
			t.Errorf("toPath(fromPath(%s)) = %q, %v", tc.abs, back, ok)
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
