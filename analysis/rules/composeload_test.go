package rules

import (
	"context"
	"io"
	"testing"

	"github.com/compose-spec/compose-go/v2/loader"
	"github.com/compose-spec/compose-go/v2/types"
	"github.com/sirupsen/logrus"
)

// composeLoads loads text with compose-go's loader, the code docker compose
// runs: interpolation, schema validation, normalisation and consistency
// checks. Nothing outside the text is read: environment resolution,
// includes and extends of other files are skipped, and the working
// directory is an empty temporary folder.
func composeLoads(dir string, text []byte) error {
	logrus.SetOutput(io.Discard) // its warnings about unset variables are expected here
	_, err := loader.LoadModelWithContext(context.Background(), types.ConfigDetails{
		WorkingDir:  dir,
		ConfigFiles: []types.ConfigFile{{Filename: dir + "/compose.yaml", Content: text}},
		Environment: types.Mapping{},
	}, func(o *loader.Options) {
		o.SetProjectName("fixcheck", true)
		o.SkipResolveEnvironment = true
		o.SkipInclude = true
		o.SkipExtends = true
	})
	return err
}

// emptyDir is an empty folder for the loader's working directory, removed
// when the test ends.
func emptyDir(tb testing.TB) string { return tb.TempDir() }
