package rules

import (
	"testing"

	"github.com/dockwarden/dockwarden/analysis/analysistest"
)

// TestUnusedSuppressionWithRules runs DW004 with the rules its comments
// name, so that used and unused codes can be told apart; TestArchives runs
// it alone, where every other code is unknown.
func TestUnusedSuppressionWithRules(t *testing.T) {
	analysistest.Run(t, UnusedSuppression, "testdata/DW004_unused-suppression-with-rules.txtar",
		MissingUser, RootUser, UnpinnedBaseImage, WritableRootFilesystem, SensitiveBindMount, WritableBindMount)
}
