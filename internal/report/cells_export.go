package report

import "github.com/codewatch/codewatch/internal/catalog"

// DisplayWidth is the width of s on a terminal, in cells: East Asian wide
// runes take two, combining marks none (s holds no control characters;
// see package visible). Commands that fit their own text to a terminal
// measure it as the report's table does.
func DisplayWidth(s string) int { return displayWidth(s) }

// Cut cuts s to at most n cells, ending it with "…" when cut.
func Cut(s string, n int) string { return cut(s, n) }

// SeverityColor is the SGR parameters severity s is coloured with ("31"
// for error), as the table and annotate colour it; "" for none.
func SeverityColor(s catalog.Severity) string {
	if int(s) < len(severityColor) {
		return severityColor[s]
	}
	return ""
}
