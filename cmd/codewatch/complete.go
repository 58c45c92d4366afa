package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/pflag"
)

const completionHelp = `Usage: codewatch completion bash|zsh|fish

Print a script that completes codewatch's commands, catalog's
subcommands, each command's flags, the values of --format, --sdk,
--color, --min-severity, --fail-on, --log-level and --log-format, and
file names where a command or flag takes files. The scripts are made from
the same flag sets the commands parse.

Examples:
  source <(codewatch completion bash)                    # in ~/.bashrc
  codewatch completion zsh > "${fpath[1]}/_codewatch"    # then compinit
  codewatch completion fish > ~/.config/fish/completions/codewatch.fish
`

var shells = map[string]func(io.Writer, []cmdInfo){"bash": writeBash, "zsh": writeZsh, "fish": writeFish}

func cmdCompletion(e *env, args []string) error {
	f := newFlags("completion", completionHelp)
	if err := f.parse(e, args); err != nil {
		return err
	}
	if f.NArg() != 1 || shells[f.Arg(0)] == nil {
		return f.usage("want one shell: bash, zsh or fish")
	}
	var b strings.Builder
	shells[f.Arg(0)](&b, describeCommands())
	if _, err := io.WriteString(e.stdout, b.String()); err != nil {
		return &writeError{err: err}
	}
	return nil
}

// flagWords are a flag set's flags as typed: --name, and -x for those
// with a short name.
func flagWords(fs *pflag.FlagSet) []string {
	var w []string
	if fs == nil {
		return nil
	}
	fs.VisitAll(func(fl *pflag.Flag) {
		if fl.Hidden {
			return
		}
		w = append(w, "--"+fl.Name)
		if fl.Shorthand != "" {
			w = append(w, "-"+fl.Shorthand)
		}
	})
	return w
}

// argWords are the words completed for a command's arguments, "" for
// file names.
func argWords(c cmdInfo) (words string, files bool) {
	switch c.args {
	case "files":
		return "", true
	case "commands":
		return strings.Join(commandNames(), " "), false
	case "shells":
		return "bash zsh fish", false
	case "subcommands":
		var s []string
		for _, sc := range catalogSubcommands {
			s = append(s, sc.name)
		}
		return strings.Join(s, " "), false
	}
	return "", false
}

// writeBash writes the bash script: _codewatch, registered with complete.
func writeBash(w io.Writer, cmds []cmdInfo) {
	fmt.Fprint(w, `# bash completion for codewatch: source <(codewatch completion bash)
_codewatch() {
	local cur="${COMP_WORDS[COMP_CWORD]}" prev="" cmd="" i
	[ "$COMP_CWORD" -gt 0 ] && prev="${COMP_WORDS[COMP_CWORD-1]}"
	if [ "$cur" = "=" ]; then cur=""; fi
	if [ "$prev" = "=" ] && [ "$COMP_CWORD" -gt 1 ]; then prev="${COMP_WORDS[COMP_CWORD-2]}"; fi
	[ "$COMP_CWORD" -gt 1 ] && cmd="${COMP_WORDS[1]}"
	if [ "$cmd" = catalog ]; then
		for ((i = 2; i < COMP_CWORD; i++)); do
			case "${COMP_WORDS[i]}" in list|export|import|validate) cmd="catalog ${COMP_WORDS[i]}"; break ;; esac
		done
	fi
	COMPREPLY=()
	case "$cmd" in
	"")
		COMPREPLY=($(compgen -W "`+strings.Join(commandNames(), " ")+` --help --version" -- "$cur"))
		return ;;
`)
	for _, c := range cmds {
		writeBashCommand(w, c)
	}
	fmt.Fprint(w, `	esac
}
complete -o default -F _codewatch codewatch
`)
}

// writeBashCommand writes the case of one command: its flags' values,
// its flags, then its arguments.
func writeBashCommand(w io.Writer, c cmdInfo) {
	fmt.Fprintf(w, "\t%q)\n\t\tcase \"$prev\" in\n", c.name)
	if c.fs != nil {
		c.fs.VisitAll(func(fl *pflag.Flag) {
			if fl.Hidden || fl.Value.Type() == "bool" {
				return
			}
			names := "--" + fl.Name
			if fl.Shorthand != "" {
				names += "|-" + fl.Shorthand
			}
			switch vals := flagValues(c.name, fl.Name); {
			case vals != nil:
				fmt.Fprintf(w, "\t\t%s) COMPREPLY=($(compgen -W %q -- \"$cur\")); return ;;\n", names, strings.Join(vals, " "))
			case takesFile(fl):
				fmt.Fprintf(w, "\t\t%s) COMPREPLY=($(compgen -f -- \"$cur\")); return ;;\n", names)
			default:
				fmt.Fprintf(w, "\t\t%s) return ;;\n", names)
			}
		})
	}
	fmt.Fprintf(w, "\t\tesac\n\t\tcase \"$cur\" in -*) COMPREPLY=($(compgen -W %q -- \"$cur\")); return ;; esac\n", strings.Join(flagWords(c.fs), " "))
	words, files := argWords(c)
	switch {
	case files:
		fmt.Fprintf(w, "\t\tCOMPREPLY=($(compgen -f -- \"$cur\")) ;;\n")
	case words != "":
		fmt.Fprintf(w, "\t\tCOMPREPLY=($(compgen -W %q -- \"$cur\")) ;;\n", words)
	default:
		fmt.Fprintf(w, "\t\t;;\n")
	}
}

// writeZsh writes the zsh script: the bash one, through zsh's
// bashcompinit, so that both complete alike.
func writeZsh(w io.Writer, cmds []cmdInfo) {
	fmt.Fprint(w, `#compdef codewatch
# zsh completion for codewatch: codewatch completion zsh > "${fpath[1]}/_codewatch"
# (or source <(codewatch completion zsh)); it runs the bash completion
# through zsh's bashcompinit.
autoload -U +X bashcompinit && bashcompinit
`)
	writeBash(w, cmds)
}

// writeFish writes the fish script: complete -c codewatch lines.
func writeFish(w io.Writer, cmds []cmdInfo) {
	fmt.Fprintln(w, "# fish completion for codewatch: codewatch completion fish > ~/.config/fish/completions/codewatch.fish")
	fmt.Fprintln(w, "complete -c codewatch -f")
	top := commandNames()
	fmt.Fprintf(w, "complete -c codewatch -n 'not __fish_seen_subcommand_from %s' -a %q\n", strings.Join(top, " "), strings.Join(top, " "))
	for _, c := range cmds {
		cond := "__fish_seen_subcommand_from " + c.name
		if sub, ok := strings.CutPrefix(c.name, "catalog "); ok {
			cond = "__fish_seen_subcommand_from catalog; and __fish_seen_subcommand_from " + sub
		} else if c.name == "catalog" {
			cond += "; and not __fish_seen_subcommand_from list export import validate"
		}
		if words, files := argWords(c); files {
			fmt.Fprintf(w, "complete -c codewatch -n '%s' -F\n", cond)
		} else if words != "" {
			fmt.Fprintf(w, "complete -c codewatch -n '%s' -a %q\n", cond, words)
		}
		if c.fs == nil {
			continue
		}
		c.fs.VisitAll(func(fl *pflag.Flag) {
			if fl.Hidden {
				return
			}
			line := fmt.Sprintf("complete -c codewatch -n '%s' -l %s", cond, fl.Name)
			if fl.Shorthand != "" {
				line += " -s " + fl.Shorthand
			}
			if vals := flagValues(c.name, fl.Name); vals != nil {
				line += fmt.Sprintf(" -x -a %q", strings.Join(vals, " "))
			} else if takesFile(fl) {
				line += " -r -F"
			} else if fl.Value.Type() != "bool" {
				line += " -x"
			}
			_, usage := pflag.UnquoteUsage(fl)
			fmt.Fprintf(w, "%s -d %s\n", line, fishQuote(usage))
		})
	}
}

// fishQuote quotes s for fish, in single quotes.
func fishQuote(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}
