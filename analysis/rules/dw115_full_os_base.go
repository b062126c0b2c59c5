package rules

import (
	"fmt"
	"strconv"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/dockerfile"
	"github.com/dockwarden/dockwarden/analysis/document"
	"github.com/dockwarden/dockwarden/analysis/images"
)

// FullOSBase is DW115: the final image is a full operating system with a
// shell and a package manager, built in one stage.
var FullOSBase = &analysis.Rule{
	Code:     "DW115",
	Name:     "full-os-base",
	Kind:     document.Dockerfile,
	Severity: analysis.Hint,
	Off:      true,
	Doc: `Final stage is a full-OS image with package manager
Everything in the final image is there for an attacker who gets in: a
shell, a package manager to fetch more tools, compilers and the libraries
that came with them, each with its own vulnerabilities to patch
(guideline c). A multi-stage build compiles in one stage and copies only
the result into a minimal base.

Reported, as a hint and only when enabled, on the final FROM when the image
the final stage starts from (through FROM <alias> parents) is not a minimal
one (scratch, distroless, Chainguard, a -slim tag, Alpine, ubi*-micro,
busybox) and the final stages copy nothing from another stage with
COPY --from. Unresolvable bases are not judged.

Fix: move the build into a first stage and COPY --from it into a minimal
base. There is no quick fix: which base fits is a choice only the author
can make.`,
	Run: runFullOSBase,
}

func runFullOSBase(pass *analysis.Pass) {
	f := pass.Dockerfile
	final := f.Final()
	if final == nil {
		return
	}
	root := final.Root()
	if root.Unknown || root.IsScratch() || images.LooksMinimal(dockerfile.ParseImageRef(root.Base)) {
		return
	}
	chain := final.Chain()
	if handsOff(f, chain) {
		return
	}
	pass.Report(analysis.Finding{
		Span:    final.From.FirstLine(pass.Doc),
		Message: fmt.Sprintf("final image is full-OS %s; COPY --from a build stage to a minimal base", clip(root.Base, quoteMax)),
	})
}

// handsOff reports whether a stage of chain copies files from another
// stage of the file (by alias or index): the multi-stage hand-off that
// leaves the build tools behind. COPY --from an image is not one.
func handsOff(f *dockerfile.File, chain []*dockerfile.Stage) bool {
	for _, st := range chain {
		for _, in := range st.Instructions {
			if in.Keyword != "COPY" {
				continue
			}
			flag := in.Flag("from")
			if flag == nil {
				continue
			}
			from, ok := f.Expand(flag.Value, in)
			if !ok {
				continue
			}
			if f.StageNamed(from) != nil {
				return true
			}
			if n, err := strconv.Atoi(from); err == nil && n >= 0 && n < st.Index {
				return true
			}
		}
	}
	return false
}
