package main

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestCompletionShells: the zsh and fish scripts parse in their shells
// (bash's is checked by completion.txtar). .ci/run installs both; where
// one is missing, its check is skipped, saying so — a failure with
// CI=true.
func TestCompletionShells(t *testing.T) {
	for shell, check := range map[string][]string{"zsh": {"zsh", "-n"}, "fish": {"fish", "--no-execute"}} {
		t.Run(shell, func(t *testing.T) {
			if _, err := exec.LookPath(check[0]); err != nil {
				if os.Getenv("CI") == "true" {
					t.Fatalf("%s is not installed, and CI=true: .ci/run installs it", shell)
				}
				t.Skipf("%s is not installed: its completion script is not checked", shell)
			}
			var b strings.Builder
			shells[shell](&b, describeCommands())
			cmd := exec.Command(check[0], check[1:]...)
			cmd.Stdin = strings.NewReader(b.String())
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("%s: %v\n%s", shell, err, out)
			}
		})
	}
}

// TestCatalogSubcommands: the subcommands that completion and the man
// page list are those catalog runs, with the summaries its help gives.
func TestCatalogSubcommands(t *testing.T) {
	if len(catalogSubcommands) != len(catalogCommands) {
		t.Errorf("%d subcommands described, %d run", len(catalogSubcommands), len(catalogCommands))
	}
	for _, s := range catalogSubcommands {
		if catalogCommands[s.name] == nil {
			t.Errorf("%s: not a subcommand", s.name)
		}
		if line := "  " + s.name + strings.Repeat(" ", 11-len(s.name)) + s.summary + "\n"; !strings.Contains(catalogHelp, line) {
			t.Errorf("catalog --help has no line %q", line)
		}
	}
}
