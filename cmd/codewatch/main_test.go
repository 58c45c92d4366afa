package main

import (
	"flag"
	"os"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

var update = flag.Bool("update", false, "rewrite the expected output in testscript scripts and golden files")

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){"codewatch": main})
}

// TestScripts runs the CLI end to end: testdata/script/*.txtar, each with
// its stdout, stderr and exit status.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:           "testdata/script",
		UpdateScripts: *update,
		Setup: func(e *testscript.Env) error {
			e.Setenv("NO_COLOR", "")
			e.Setenv("TERM", "xterm")
			if os.Getenv("CI") != "" {
				e.Setenv("CI", os.Getenv("CI"))
			}
			return nil
		},
		Condition: func(cond string) (bool, error) {
			switch cond {
			case "root":
				return os.Geteuid() == 0, nil
			}
			return false, nil
		},
	})
}
