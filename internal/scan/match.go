// Package scan turns bytes into matches: the line reader (CRLF, no final
// newline, lines of any length in bounded memory) and the matcher that finds
// catalog codes by name, alias, phrase and value in context (SPEC §2).
//
// Two matchers implement the same rules: Matcher, built for speed, and
// Reference, written to be obviously correct. Tests and fuzz targets hold
// them equal.
package scan

import (
	"fmt"

	"github.com/codewatch/codewatch/internal/catalog"
)

// By says how a code was recognised.
type By uint8

// The ways a code is recognised. The order is the tie-break between two
// matches of one code at the same place.
const (
	ByName By = iota + 1
	ByAlias
	ByPhrase
	ByValue
)

func (b By) String() string {
	switch b {
	case ByName:
		return "name"
	case ByAlias:
		return "alias"
	case ByPhrase:
		return "phrase"
	case ByValue:
		return "value"
	}
	return fmt.Sprintf("By(%d)", b)
}

// Match is one code found in a line. Start and End are byte offsets of the
// matched text in the line: the name, alias or phrase, or for a value the
// keyword through the number ("code: 101").
type Match struct {
	// Code is the catalog entry, which knows its catalog; nil for an
	// unknown code: a code-like thing the catalog does not know, an
	// ERR_*/WARN_*/K_* identifier (By is ByName) or a number of 100 or
	// more in code context (By is ByValue).
	Code  *catalog.Code
	By    By
	Start int
	End   int
	Value int // the number, for ByValue matches (known or unknown)
}

// IsUnknown reports whether m is an unknown code.
func (m *Match) IsUnknown() bool { return m.Code == nil }

// codeOrder orders the codes of two matches at the same place: unknown
// first, then by place in the catalog.
func codeOrder(c *catalog.Code) int {
	if c == nil {
		return -1
	}
	return c.Index()
}

// less orders matches: by start, then end, then how they were found, then
// by code. It is the order of a line's codes and decides which occurrence of a
// code a line reports.
func less(a, b *Match) bool {
	if a.Start != b.Start {
		return a.Start < b.Start
	}
	if a.End != b.End {
		return a.End < b.End
	}
	if a.By != b.By {
		return a.By < b.By
	}
	return codeOrder(a.Code) < codeOrder(b.Code)
}

// Limits that keep every decision local: a match depends only on the bytes
// at most Lookback before and Lookahead after its anchor (the first byte of
// a name or phrase, or of a number). This is what lets lines of any length
// be read in bounded memory. The reference matcher applies the same limits.
const (
	// MaxWord is the longest keyword word: a longer run of [A-Za-z0-9_-]
	// before a number is not a keyword.
	MaxWord = 64
	// MaxGap is the longest gap of spaces, tabs, quotes and one punctuation
	// mark between a keyword and its number.
	MaxGap = 32
	// MaxDigits is the longest number read as a code value (values are
	// below one billion), so that ids and epoch times never count.
	MaxDigits = 9
	// MaxUnknownName bounds unknown ERR_/WARN_/K_ identifiers.
	MaxUnknownName = catalog.MaxNameLen

	// Lookback and Lookahead bound the context of any match.
	Lookback  = 256
	Lookahead = 256
)

// MinValue is the smallest value matched in context: smaller values collide
// with everything in real logs and count only by name (SPEC §2).
const MinValue = 100
