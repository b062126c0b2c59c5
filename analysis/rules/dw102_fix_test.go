package rules

import (
	"testing"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/document"
)

// TestRootUserFixes checks every fix DW102 offers, not only the preferred
// one a golden shows: titles, results and that none is safe for fix-all.
func TestRootUserFixes(t *testing.T) {
	cases := []struct {
		name, text string
		want       []string // fixed text of each fix, in order
		titles     []string
	}{
		{
			"replace or delete",
			"FROM alpine:3.20\nRUN adduser -D app\nUSER app\nRUN id\nUSER root\nCMD [\"sh\"]\n",
			[]string{
				"FROM alpine:3.20\nRUN adduser -D app\nUSER app\nRUN id\nUSER app\nCMD [\"sh\"]\n",
				"FROM alpine:3.20\nRUN adduser -D app\nUSER app\nRUN id\nCMD [\"sh\"]\n",
			},
			[]string{"Replace USER root with USER app", "Delete USER root so that USER app applies"},
		},
		{
			"delete the last line without a line break, crlf",
			"FROM alpine:3.20\r\nUSER 1000\r\nUSER 0",
			[]string{"FROM alpine:3.20\r\nUSER 1000\r\nUSER 1000", "FROM alpine:3.20\r\nUSER 1000"},
			[]string{"Replace USER 0 with USER 1000", "Delete USER 0 so that USER 1000 applies"},
		},
		{
			"earlier user in a parent stage",
			"FROM node:22 AS base\nUSER node\nFROM base\nUSER root\nCMD [\"node\"]\n",
			[]string{
				"FROM node:22 AS base\nUSER node\nFROM base\nUSER node\nCMD [\"node\"]\n",
				"FROM node:22 AS base\nUSER node\nFROM base\nCMD [\"node\"]\n",
			},
			[]string{"Replace USER root with USER node", "Delete USER root so that USER node applies"},
		},
		{
			"the USER before is root too: replace only, with the created user",
			"FROM debian:12\nRUN useradd svc\nUSER root\nRUN id\nUSER root\n",
			[]string{"FROM debian:12\nRUN useradd svc\nUSER root\nRUN id\nUSER svc\n"},
			[]string{"Replace USER root with USER svc"},
		},
		{
			"an earlier ARG spelling that means something else at the root USER",
			"FROM alpine:3.20\nARG U=1000\nUSER $U\nARG U=0\nUSER $U\n",
			[]string{"FROM alpine:3.20\nARG U=1000\nUSER $U\nARG U=0\nUSER 1000\n", "FROM alpine:3.20\nARG U=1000\nUSER $U\nARG U=0\n"},
			[]string{"Replace USER $U with USER 1000", "Delete USER $U so that USER $U applies"},
		},
	}
	reg := analysis.NewRegistry(RootUser)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := runDockerfile(reg, c.text)
			fixes := onlyFinding(t, res).Fixes
			if len(fixes) != len(c.want) {
				t.Fatalf("%d fixes, want %d: %+v", len(fixes), len(c.want), fixes)
			}
			for i, fix := range fixes {
				if fix.Safe {
					t.Errorf("fix %q is safe; DW102 fixes change how the container runs", fix.Title)
				}
				if fix.Title != c.titles[i] {
					t.Errorf("fix %d title %q, want %q", i, fix.Title, c.titles[i])
				}
				got := applyFix(t, res, fix)
				if string(got) != c.want[i] {
					t.Errorf("fix %q:\n%q\nwant\n%q", fix.Title, got, c.want[i])
				}
				again := analysis.Run(reg, document.New("file:///fixed", 2, document.Dockerfile, got))
				if len(again.Findings) != 0 {
					t.Errorf("after %q: %s", fix.Title, again.Findings[0].Message)
				}
			}
		})
	}
}
