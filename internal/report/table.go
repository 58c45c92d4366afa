package report

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/codewatch/codewatch/internal/catalog"
	"github.com/codewatch/codewatch/internal/scan"
	"github.com/codewatch/codewatch/internal/timestamp"
	"github.com/codewatch/codewatch/internal/visible"
)

// summary is the report's first sentence, for people: "132 occurrences in
// 12 inputs (390 lines, 34.9 kB)".
func (t *Totals) summary() string {
	return fmt.Sprintf("%s in %s (%s lines, %s)", plural(t.Occurrences, "occurrence"), plural(int64(t.Inputs), "input"),
		thousands(t.Lines), Bytes(t.Bytes))
}

// WriteTable writes the report for people: the codes with their counts and
// a bar of their share, then totals per severity, unknown codes and inputs
// that failed. It is read on terminals: file names and the text from
// reports read back are made visible (package visible), never sent to the
// terminal as they are.
func (r *Report) WriteTable(w io.Writer) error {
	r.Sort()
	bw := bufio.NewWriter(w)
	t := &r.Totals
	bw.WriteString(t.summary())
	if t.InputsFailed > 0 {
		fmt.Fprintf(bw, ", %d failed", t.InputsFailed)
	}
	bw.WriteString("\n")
	if b := r.Baseline; b != nil {
		d := t.Occurrences - b.Occurrences
		sign := "+"
		if d < 0 {
			sign = ""
		}
		fmt.Fprintf(bw, "against baseline %s: %s occurrences then, %s now (%s%s)\n", visible.String(b.Name), thousands(b.Occurrences),
			thousands(t.Occurrences), sign, thousands(d))
	}
	if len(r.Codes) > 0 {
		bw.WriteString("\n")
		tw := tabwriter.NewWriter(bw, 0, 0, 2, ' ', 0)
		change := ""
		if r.Baseline != nil {
			change = "CHANGE\t"
		}
		fmt.Fprintf(tw, "COUNT\t%sSHARE\tSEVERITY\tCODE\tVALUE\tFIRST SEEN\tLAST SEEN\tDESCRIPTION\n", change)
		for _, c := range r.Codes {
			share := float64(c.Count) / float64(max(t.Occurrences, 1))
			if ch := r.change(c.Name); ch != nil {
				change = ch.ChangeString() + "\t"
			}
			fmt.Fprintf(tw, "%s\t%s%s %5.1f%%\t%s\t%s\t%s\t%s\t%s\t%s\n", thousands(c.Count), change, Bar(share, 10), 100*share,
				c.Severity, c.Name, value(c), visible.String(PlaceString(c.First)), visible.String(PlaceString(c.Last)),
				Shorten(visible.String(c.Description), 60))
		}
		tw.Flush()
	}
	if b := r.Baseline; b != nil {
		if gone := b.Gone(); len(gone) > 0 {
			bw.WriteString("\ngone since the baseline:\n")
			tw := tabwriter.NewWriter(bw, 0, 0, 2, ' ', 0)
			for _, c := range gone {
				fmt.Fprintf(tw, "  %s\t%s\twas %s\n", c.Severity, c.Name, thousands(c.Baseline))
			}
			tw.Flush()
		}
	}
	if t.Occurrences > 0 {
		bw.WriteString("\nby severity:")
		for s := catalog.Critical; s >= catalog.Info; s-- {
			if n := t.BySeverity[s]; n > 0 {
				fmt.Fprintf(bw, " %s %s", s, thousands(n))
			}
		}
		bw.WriteString("\n")
	}
	dated, clock := r.Timeline.Views(r.Bucket)
	writeTimeline(bw, dated)
	writeTimeline(bw, clock)
	if len(r.Unknown) > 0 {
		fmt.Fprintf(bw, "\nunknown codes (not in the catalog): %s\n", plural(t.Unknown, "occurrence"))
		tw := tabwriter.NewWriter(bw, 0, 0, 2, ' ', 0)
		for i, u := range r.Unknown {
			if i == 20 {
				fmt.Fprintf(tw, "…\t%d more\t\n", len(r.Unknown)-20)
				break
			}
			text := u.Text
			if u.By == scan.ByValue {
				text = "code " + text
			}
			fmt.Fprintf(tw, "%s\t%s\tfirst %s\n", thousands(u.Count), visible.String(text), visible.String(PlaceString(u.First)))
		}
		tw.Flush()
	}
	if t.InputsFailed > 0 {
		bw.WriteString("\ninputs that could not be read whole:\n")
		for _, in := range r.Inputs {
			if in.Error != "" {
				fmt.Fprintf(bw, "  %s: %s (%s lines read)\n", visible.String(in.Name), visible.String(in.Error), thousands(in.Lines))
			}
		}
	}
	return bw.Flush()
}

func value(c *Code) string {
	if !c.HasValue {
		return "-"
	}
	return fmt.Sprint(c.Value)
}

// PlaceString formats a place as "file:line time".
func PlaceString(p Place) string {
	s := fmt.Sprintf("%s:%d", p.File, p.Line)
	if p.Time.Kind != timestamp.None {
		s += " " + p.Time.String()
	}
	return s
}

// Bar draws a share between 0 and 1 as a bar of width cells.
func Bar(share float64, width int) string {
	eighths := int(share*float64(width*8) + 0.5)
	if share > 0 && eighths == 0 {
		eighths = 1
	}
	full, rest := eighths/8, eighths%8
	b := strings.Repeat("█", full)
	if rest > 0 {
		b += string([]rune("▏▎▍▌▋▊▉")[rest-1])
		full++
	}
	return b + strings.Repeat(" ", width-full)
}

func plural(n int64, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return thousands(n) + " " + word + "s"
}

// thousands formats n with thousands separators: 1,234,567.
func thousands(n int64) string {
	sign, mag := "", uint64(n)
	if n < 0 {
		sign, mag = "-", -mag // two's complement: right for math.MinInt64 too
	}
	s := strconv.FormatUint(mag, 10)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return sign + s
}

// Bytes formats a size in bytes for people: 512 B, 56.7 KB, 1.2 GB.
func Bytes(n int64) string {
	const unit = 1000
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %cB", float64(n)/float64(div), "kMGTPE"[exp])
}

// Shorten cuts s to at most n runes, ending it with "…" when cut.
func Shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

// writeTimeline writes a view of the timeline as one sparkline per
// severity seen, with its total and its busiest bucket.
func writeTimeline(w io.Writer, v View) {
	if len(v.Buckets) == 0 {
		return
	}
	if v.Dated {
		fmt.Fprintf(w, "\ntimeline (UTC), %s:\n", v.Span())
	} else {
		fmt.Fprintf(w, "\ntimeline by time of day (lines without a date), %s:\n", v.Span())
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	counts := make([]int64, len(v.Buckets))
	for s := catalog.Critical; s >= catalog.Info; s-- {
		var total, peak int64
		at := 0
		for i, b := range v.Buckets {
			counts[i] = b.Counts[s]
			total += b.Counts[s]
			if b.Counts[s] > peak {
				peak, at = b.Counts[s], i
			}
		}
		if total == 0 {
			continue
		}
		fmt.Fprintf(tw, "  %s\t|%s|\t%s, busiest %s at %s\n", s, Sparkline(counts), thousands(total), thousands(peak),
			v.Label(v.Buckets[at].Start))
	}
	tw.Flush()
}
