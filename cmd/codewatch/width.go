package main

import (
	"os"
	"strconv"

	"golang.org/x/term"
)

// defaultWidth is the width of a terminal that does not say its size.
const defaultWidth = 80

// width is the width in cells that output to standard output is fitted to:
// 0 (no limit) when standard output is not a terminal, whatever COLUMNS
// says, so that pipes and files get the full output. On a terminal it is
// COLUMNS when that is a positive whole number (an override, as many
// tools take it), else the terminal's own width (TIOCGWINSZ), else 80.
func (e *env) width() int {
	if !e.isTerminal(e.stdout) {
		return 0
	}
	if n, err := strconv.Atoi(e.getenv("COLUMNS")); err == nil && n > 0 {
		return n
	}
	if e.termWidth != nil {
		if n := e.termWidth(e.stdout); n > 0 {
			return n
		}
	}
	return defaultWidth
}

// termWidth is the width of the terminal f, or 0 when it does not say.
func termWidth(f any) int {
	file, ok := f.(*os.File)
	if !ok {
		return 0
	}
	w, _, err := term.GetSize(int(file.Fd()))
	if err != nil {
		return 0
	}
	return w
}
