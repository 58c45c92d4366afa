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
	// unknown code (a code-like thing no catalog knows: an ERR_*/WARN_*/K_*
	// identifier, By ByName, or a number of 100 or more in code context,
	// By ByValue), and for an ambiguous one.
	Code *catalog.Code
	// Ambiguous, for a value read with no SDK known whose catalogs give it
	// different meanings, holds those meanings: nothing picks one.
	Ambiguous *Ambiguity
	By        By
	// Chosen says how Code's catalog was chosen among the set's.
	Chosen Choice
	Start  int
	End    int
	Value  int // the number, for ByValue matches (known or unknown)
	// Agree, for Chosen == ByAgreement, is the other catalogs whose codes
	// for the value mean the same as Code.
	Agree catalog.SDKs

	// before Resolve: what Find found (a spelling's or phrase's index; -1
	// for an unknown name; for a value, how it was read).
	ref   int32
	flags valueFlags
	kind  catalog.Kind // for a value: the kind its keyword names first
	sdks  catalog.SDKs // for a cue: the SDKs it names
}

// Choice says how the catalog of a match's code was chosen.
type Choice uint8

// The choices.
const (
	// BySDK: the code is the one of the line's SDK (or one of its SDKs),
	// told by the line's cues or those of the lines before, or by --sdk.
	BySDK Choice = iota + 1
	// ByOnly: no SDK known, and only one catalog of the set has it.
	ByOnly
	// ByAgreement: no SDK known, and the catalogs that have it agree on
	// its meaning: the first one's code is reported (Agree says the
	// others).
	ByAgreement
	// ByFirst: no SDK known, a name several catalogs have: the first
	// one's (SPEC §6.2).
	ByFirst
)

func (c Choice) String() string {
	switch c {
	case BySDK:
		return "sdk"
	case ByOnly:
		return "only"
	case ByAgreement:
		return "agreement"
	case ByFirst:
		return "first"
	}
	return fmt.Sprintf("Choice(%d)", c)
}

// Ambiguity is a value that means different things in the catalogs that
// have it, when no SDK is known: its candidates, the first code of each
// meaning in the set's order. It is shared: callers must not modify it.
type Ambiguity struct {
	Value      int
	Candidates []*catalog.Code
	max        catalog.Severity
}

// Severity is the highest severity among the candidates.
func (a *Ambiguity) Severity() catalog.Severity { return a.max }

// IsUnknown reports whether m is an unknown code.
func (m *Match) IsUnknown() bool { return m.Code == nil && m.Ambiguous == nil }

// codeLess orders the codes of two matches at the same place: unknown
// first, then by catalog and place in it.
func codeLess(a, b *catalog.Code) bool {
	switch {
	case a == nil || b == nil:
		return a == nil && b != nil
	case a.Catalog() != b.Catalog():
		return a.Catalog().ID < b.Catalog().ID
	}
	return a.Index() < b.Index()
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
	return codeLess(a.Code, b.Code)
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

	// ContextWindow is how much of a line the words that decide a value's
	// table are looked for in: the RTM 1.x call a line names, the
	// connection a native reason is of. A long line's head holds it.
	ContextWindow = 1024
)

// MinValue is the smallest value matched in context: smaller values collide
// with everything in real logs and count only by name (SPEC §2).
const MinValue = 100
