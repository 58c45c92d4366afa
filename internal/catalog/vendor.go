package catalog

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"html"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// VendorRow is one row of a vendor's table, as Import reads it: a code, a
// row of an alias table (the other spellings of a code), or a row left out.
type VendorRow struct {
	// Code is the row's code: name, value, kind, table, description (empty
	// where a TSV table gives none: Build gives those a fallback) and, for
	// a Web 4.x server reason, its reason string as a phrase. In an alias
	// row, Aliases holds the spellings, and Value, Kind and Table what the
	// row says of its code (Kind 0 where the table has no kind column).
	Code Code
	Pos  Pos

	// The rest is set by the vendor's TSV tables only.

	// Vendor is the vendor's kind of the row ("connection_changed_reason").
	Vendor string
	// Of, in an alias row, names the code the row gives spellings of: its
	// cpp column (several names where the vendor joins them with " / ").
	Of []string
	// Left says why the row is neither a code nor spellings of one (a
	// state, a success value, a row with no name or no C++ name): one of
	// the Left* reasons.
	Left string
	// Cells holds the row's cells by column name (Build selects rows by
	// them).
	Cells map[string]string
}

// Import reads a vendor's code table: Markdown with HTML tables inside
// (the Agora docs' shape, malformed header cells included), Markdown pipe
// tables, or a vendor TSV table (see tsv.go: code tables and alias tables,
// recognised by their header row). In Markdown, the kind of each row comes
// from the heading of the section it stands in ("Error Codes", "Warning
// Codes"); "/" in the value column means no value; text whose UTF-8 was
// once decoded as Windows-1252 is repaired. In a TSV table, the kind
// column gives the kind (vendorKind), and states and success values are
// returned as rows left out. Severity is left to default from the kind.
func Import(name string, r io.Reader) ([]VendorRow, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(data) > MaxFileSize {
		return nil, posErr(Pos{File: name}, "file larger than %d MiB, not a code table", MaxFileSize>>20)
	}
	im := &importer{name: name}
	if isTSV(data) {
		if err := im.tsv(data); err != nil {
			return nil, err
		}
		return im.rows, nil
	}
	if err := im.run(data); err != nil {
		return nil, err
	}
	if len(im.rows) == 0 {
		return nil, posErr(Pos{File: name}, "no code table found (want an HTML or Markdown table under an \"Error Codes\" or \"Warning Codes\" heading)")
	}
	return im.rows, nil
}

type importer struct {
	name string
	rows []VendorRow
	kind Kind

	// HTML table state
	inTable bool
	cells   []string
	cellAt  int // line of the row's first cell
	header  bool
	cols    columns

	// Markdown pipe-table state
	pipeCols  columns
	pipeReady bool
}

// columns maps the table's columns: which holds the name, the value and the
// description. -1 means unknown.
type columns struct{ name, value, desc int }

var defaultColumns = columns{0, 1, 2}

var (
	mdHeading   = regexp.MustCompile(`^\s{0,3}#{1,6}\s+(.*)$`)
	htmlHeading = regexp.MustCompile(`(?i)<h[1-6][^>]*>(.*?)</h[1-6]>`)
	tagRE       = regexp.MustCompile(`(?i)<(/?)(table|thead|tbody|tr|td|th)\b[^>]*>`)
	anyTag      = regexp.MustCompile(`<[^>]*>`)
	pipeSep     = regexp.MustCompile(`^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$`)
)

func (im *importer) run(data []byte) error {
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64<<10), MaxFileSize)
	ln := 0
	var cell *strings.Builder
	for sc.Scan() {
		ln++
		line := sc.Text()
		if m := mdHeading.FindStringSubmatch(line); m != nil && !im.inTable {
			im.section(m[1])
			im.pipeReady = false
			continue
		}
		if m := htmlHeading.FindStringSubmatch(line); m != nil && !im.inTable {
			im.section(anyTag.ReplaceAllString(m[1], ""))
			continue
		}
		if im.inTable || tagRE.MatchString(line) {
			// HTML: walk the table tags on this line; text between an
			// opening cell tag and the next tag belongs to the cell.
			rest := line
			for {
				loc := tagRE.FindStringSubmatchIndex(rest)
				if loc == nil {
					if cell != nil {
						cell.WriteString(rest)
						cell.WriteByte(' ')
					}
					break
				}
				if cell != nil {
					cell.WriteString(rest[:loc[0]])
				}
				closing := rest[loc[2]:loc[3]] == "/"
				tag := strings.ToLower(rest[loc[4]:loc[5]])
				rest = rest[loc[1]:]
				// Any table tag ends the cell being read: vendors write
				// "<th>Error Code</td>", so the closing tag's name cannot
				// be trusted.
				if cell != nil {
					im.cells = append(im.cells, cell.String())
					cell = nil
				}
				switch {
				case tag == "table" && !closing:
					im.inTable, im.cols = true, defaultColumns
				case tag == "table" && closing:
					im.inTable = false
				case tag == "tr" && !closing:
					im.cells, im.header, im.cellAt = im.cells[:0], false, ln
				case tag == "tr" && closing:
					if err := im.row(im.cells, im.header, Pos{im.name, im.cellAt}, &im.cols); err != nil {
						return err
					}
					im.cells = im.cells[:0]
				case (tag == "td" || tag == "th") && !closing:
					if tag == "th" {
						im.header = true
					}
					if len(im.cells) == 0 {
						im.cellAt = ln // (also for a row without its <tr>)
					}
					cell = new(strings.Builder)
				}
			}
			continue
		}
		if strings.Contains(line, "|") {
			cells := splitPipes(line)
			switch {
			case pipeSep.MatchString(line):
				im.pipeReady = true
			case !im.pipeReady:
				// the header row of a pipe table
				im.pipeCols = defaultColumns
				if err := im.row(cells, true, Pos{im.name, ln}, &im.pipeCols); err != nil {
					return err
				}
			default:
				if err := im.row(cells, false, Pos{im.name, ln}, &im.pipeCols); err != nil {
					return err
				}
			}
			continue
		}
		if strings.TrimSpace(line) == "" {
			continue
		}
		im.pipeReady = false
	}
	return sc.Err()
}

func splitPipes(line string) []string {
	s := strings.TrimSpace(line)
	s = strings.TrimPrefix(s, "|")
	s = strings.TrimSuffix(s, "|")
	var cells []string
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '\\' && i+1 < len(s) && s[i+1] == '|':
			b.WriteByte('|')
			i++
		case s[i] == '|':
			cells = append(cells, b.String())
			b.Reset()
		default:
			b.WriteByte(s[i])
		}
	}
	return append(cells, b.String())
}

func (im *importer) section(title string) {
	t := strings.ToLower(title)
	warn, errs, reason := strings.Contains(t, "warn"), strings.Contains(t, "error"), strings.Contains(t, "reason")
	switch {
	case warn && !errs && !reason:
		im.kind = Warning
	case errs && !warn && !reason:
		im.kind = Error
	case reason && !warn && !errs:
		im.kind = Reason
	default: // none, or a title over several tables
		im.kind = 0
	}
}

// row turns one table row into a code, or reads the header's columns.
func (im *importer) row(raw []string, header bool, pos Pos, cols *columns) error {
	cells := make([]string, len(raw))
	for i, c := range raw {
		cells[i] = cleanCell(c)
	}
	if header {
		*cols = columns{-1, -1, -1}
		for i, c := range cells {
			l := strings.ToLower(c)
			switch {
			case strings.Contains(l, "value") || l == "number" || l == "no.":
				cols.value = i
			case strings.Contains(l, "desc") || strings.Contains(l, "meaning"):
				cols.desc = i
			case strings.Contains(l, "code") || strings.Contains(l, "name"):
				cols.name = i
			}
		}
		if cols.name < 0 || cols.value < 0 || cols.desc < 0 {
			*cols = defaultColumns
		}
		return nil
	}
	if len(cells) == 0 || len(cells) == 1 && cells[0] == "" {
		return nil
	}
	if im.kind == 0 {
		return posErr(pos, "table row outside an \"Error Codes\", \"Warning Codes\" or \"Reason Codes\" section")
	}
	get := func(i int) string {
		if i >= 0 && i < len(cells) {
			return cells[i]
		}
		return ""
	}
	for _, c := range cells {
		if !utf8.ValidString(c) {
			return posErr(pos, "table row is not UTF-8 text (convert the file to UTF-8, e.g. with iconv)")
		}
	}
	name := strings.Trim(get(cols.name), "`* ")
	c := Code{Name: name, Kind: im.kind, Description: get(cols.desc)}
	if err := CheckName(name); err != nil {
		return posErr(pos, "code name %q %v", name, err)
	}
	switch v := strings.Trim(get(cols.value), "`* "); v {
	case "/", "", "-", "—", "N/A", "n/a":
	default:
		n, err := strconv.Atoi(v)
		if err == nil {
			err = CheckValue(n)
		}
		if err != nil {
			return posErr(pos, "%s: value %q is not a whole number -%d..%d or \"/\"", name, v, MaxValue, MaxValue)
		}
		c.Value, c.HasValue = n, true
	}
	if err := CheckDescription(c.Description); errors.Is(err, ErrEmpty) {
		return posErr(pos, "%s: empty description", name)
	} else if err != nil {
		return posErr(pos, "%s: description %v", name, err)
	}
	im.rows = append(im.rows, VendorRow{Code: c, Pos: pos})
	return nil
}

// cleanCell strips tags and entities, repairs mojibake and collapses white
// space.
func cleanCell(s string) string {
	s = anyTag.ReplaceAllString(s, "")
	s = html.UnescapeString(s)
	s = RepairText(s)
	return strings.Join(strings.Fields(s), " ")
}

// cp1252 maps the runes that Windows-1252 puts at bytes 0x80..0x9F back to
// those bytes.
var cp1252 = map[rune]byte{
	'€': 0x80, '‚': 0x82, 'ƒ': 0x83, '„': 0x84, '…': 0x85, '†': 0x86, '‡': 0x87,
	'ˆ': 0x88, '‰': 0x89, 'Š': 0x8A, '‹': 0x8B, 'Œ': 0x8C, 'Ž': 0x8E,
	'‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '•': 0x95, '–': 0x96, '—': 0x97,
	'˜': 0x98, '™': 0x99, 'š': 0x9A, '›': 0x9B, 'œ': 0x9C, 'ž': 0x9E, 'Ÿ': 0x9F,
}

// RepairText undoes the common mojibake where UTF-8 text was decoded as
// Windows-1252 and encoded again ("userâ€™s" → "user's"). Each run of
// non-ASCII characters is mapped back to bytes and kept only when those bytes
// are valid UTF-8; text that was not broken is left alone. Typographic
// apostrophes become ASCII ones, as the catalog's descriptions are shown on
// terminals.
func RepairText(s string) string {
	if isASCII(s) {
		return s
	}
	var out strings.Builder
	i := 0
	for i < len(s) {
		if s[i] < utf8.RuneSelf {
			out.WriteByte(s[i])
			i++
			continue
		}
		j := i
		for j < len(s) && s[j] >= utf8.RuneSelf {
			j++
		}
		out.WriteString(repairRun(s[i:j]))
		i = j
	}
	return strings.NewReplacer("’", "'", "‘", "'").Replace(out.String())
}

func repairRun(run string) string {
	b := make([]byte, 0, len(run))
	for _, r := range run {
		switch {
		case r >= 0x80 && r <= 0xFF && (r >= 0xA0 || cp1252[r] == 0):
			// Latin-1, and the C1 code points that decoders keep for the
			// bytes Windows-1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D)
			b = append(b, byte(r))
		case cp1252[r] != 0:
			b = append(b, cp1252[r])
		default:
			return run
		}
	}
	if !utf8.Valid(b) {
		return run
	}
	return string(b)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
