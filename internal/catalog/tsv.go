package catalog

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The vendor TSV tables (data/vendor/*.tsv): one header row of column
// names, then one row per line, cells split at tabs, no quoting. Two
// shapes, told apart by their header:
//
//   - a code table, "name value kind description", or with a first
//     column "table" (RTM 1.x, whose values overlap between its enums):
//     each row is a code, or a row left out (VendorRow.Left);
//   - an alias table: a "cpp" column (the code's C++ name) and a "value"
//     column, maybe "kind", "table" and "sdk" (which say more of the row),
//     "doc_key" and "java_class" (which are no spellings), and one or more
//     columns of the names a platform spells the code with ("flutter_dart",
//     "ios_objc", "rn_name", "android", …): each row gives the spellings of
//     the code its cpp column names.
//
// The vendor's kinds map to codewatch's: error and rtm2_error to error;
// warning to warning; every *_reason (connection_changed_reason,
// disconnected_reason, connection_change_reason, leave_channel_reason) and
// server_code to reason; the Web 4.x server tables ap_code, unilbs_code and
// string_uid_code to reasons in tables "ap", "unilbs" and "string_uid";
// gateway_code to an error (a warning for a WARN_ name) in table "gateway".
// A code table's "table" column is the code's table.
//
// Left out, as never occurrences (SPEC 6.1): states (connection_state,
// peer_online_state, invitation_state) and success values (value 0 of an
// error or warning table: ERR_OK, RTM_ERROR_OK, LOGIN_ERR_OK, …); and rows
// that cannot be codes: a code row without a name (a value documented with
// no enum member), an alias row without a cpp name (a value the C++ enum
// does not have: an iOS-, Dart- or Java-only member; joining it by value
// would be wrong where the value changed meaning). A spelling longer than
// MaxNameLen is not read (five Flutter 6.x ConnectionChangedReasonType
// names): no name can be that long. White space in a description is
// collapsed, as in Markdown tables.

// The reasons a row is left out.
const (
	LeftState   = "a state, not an occurrence"
	LeftSuccess = "a success value (value 0 of an error table), not an occurrence"
	LeftNoName  = "no name (a value documented without an enum member)"
	LeftNoCpp   = "no C++ name (a value the C++ enum does not have)"
)

// vendorKinds maps the vendor's kinds to codewatch's, with the table a
// kind puts its codes in; Kind 0 marks a state.
var vendorKinds = map[string]struct {
	kind  Kind
	table string
}{
	"error":                     {Error, ""},
	"rtm2_error":                {Error, ""},
	"warning":                   {Warning, ""},
	"connection_changed_reason": {Reason, ""},
	"disconnected_reason":       {Reason, ""},
	"connection_change_reason":  {Reason, ""},
	"leave_channel_reason":      {Reason, ""},
	"server_code":               {Reason, ""},
	"ap_code":                   {Reason, "ap"},
	"unilbs_code":               {Reason, "unilbs"},
	"string_uid_code":           {Reason, "string_uid"},
	"gateway_code":              {Error, "gateway"},
	"connection_state":          {0, ""},
	"peer_online_state":         {0, ""},
	"invitation_state":          {0, ""},
}

// vendorKind maps a vendor's kind (and, for gateway codes, the code's
// name) to codewatch's kind and the table it puts the code in. A state
// maps to kind 0. It fails for a kind it does not know.
func vendorKind(vendor, name string) (Kind, string, error) {
	k, ok := vendorKinds[vendor]
	if !ok {
		return 0, "", fmt.Errorf("unknown kind %q", vendor)
	}
	if vendor == "gateway_code" && strings.HasPrefix(name, "WARN_") {
		return Warning, k.table, nil
	}
	return k.kind, k.table, nil
}

// The columns of an alias table that hold no spelling.
var aliasMeta = []string{"value", "kind", "cpp", "table", "sdk", "doc_key", "java_class"}

var (
	tsvColumn = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
	// reasonString is how web4x-server.tsv gives the text the SDK prints
	// for a server reason.
	reasonString = regexp.MustCompile(`^reason string "([^"]*)"`)
)

// isTSV reports whether data starts with a vendor TSV header: column
// names (lower-case words) split by tabs, one of them "value".
func isTSV(data []byte) bool {
	line, _, _ := bytes.Cut(data, []byte{'\n'})
	line = bytes.TrimSuffix(line, []byte{'\r'})
	if !bytes.Contains(line, []byte{'\t'}) {
		return false
	}
	cols := strings.Split(string(line), "\t")
	for _, c := range cols {
		if !tsvColumn.MatchString(c) {
			return false
		}
	}
	return slices.Contains(cols, "value")
}

// tsv reads a vendor TSV table.
func (im *importer) tsv(data []byte) error {
	lines := strings.Split(string(data), "\n")
	header := strings.Split(strings.TrimSuffix(lines[0], "\r"), "\t")
	col := map[string]int{}
	for i, c := range header {
		if _, dup := col[c]; dup {
			return posErr(Pos{im.name, 1}, "column %q given twice", c)
		}
		col[c] = i
	}
	codeTable := slices.Equal(header, []string{"name", "value", "kind", "description"}) ||
		slices.Equal(header, []string{"table", "name", "value", "kind", "description"})
	var spellings []int // an alias table's spelling columns
	if !codeTable {
		_, cpp := col["cpp"]
		for i, c := range header {
			if !slices.Contains(aliasMeta, c) {
				spellings = append(spellings, i)
			}
		}
		if !cpp || len(spellings) == 0 {
			return posErr(Pos{im.name, 1}, "unknown vendor table header %q (want name, value, kind, description, maybe after table; or an alias table: cpp, value and spelling columns)", strings.Join(header, " "))
		}
	}
	for n, line := range lines[1:] {
		pos := Pos{im.name, n + 2}
		line = strings.TrimSuffix(line, "\r")
		if line == "" {
			continue
		}
		if !utf8.ValidString(line) {
			return posErr(pos, "row is not UTF-8 text (convert the file to UTF-8, e.g. with iconv)")
		}
		cells := strings.Split(line, "\t")
		if len(cells) != len(header) {
			return posErr(pos, "row has %d cells, the header %d", len(cells), len(header))
		}
		r := VendorRow{Pos: pos, Cells: make(map[string]string, len(header))}
		for i, c := range header {
			r.Cells[c] = cells[i]
		}
		var err error
		if codeTable {
			err = im.tsvCode(&r)
		} else {
			err = im.tsvAliases(&r, header, spellings)
		}
		if err != nil {
			return err
		}
		im.rows = append(im.rows, r)
	}
	if len(im.rows) == 0 {
		return posErr(Pos{File: im.name}, "no rows under the header")
	}
	return nil
}

// tsvValue reads a value cell: empty for none.
func tsvValue(cell string) (int, bool, error) {
	if cell == "" {
		return 0, false, nil
	}
	v, err := strconv.Atoi(cell)
	if err == nil {
		err = CheckValue(v)
	}
	if err != nil {
		return 0, false, fmt.Errorf("value %q is not a whole number -%d..%d or empty", cell, MaxValue, MaxValue)
	}
	return v, true, nil
}

// tsvKind reads the row's kind and table into r.Code, or marks a state
// left out.
func tsvKind(r *VendorRow) error {
	r.Vendor = r.Cells["kind"]
	k, table, err := vendorKind(r.Vendor, r.Cells["name"])
	if err != nil {
		return posErr(r.Pos, "%s", err)
	}
	if k == 0 {
		r.Left = LeftState
	}
	r.Code.Kind, r.Code.Table = k, table
	if t, ok := r.Cells["table"]; ok {
		if err := CheckTable(t); err != nil {
			return posErr(r.Pos, "table %q %v", t, err)
		}
		r.Code.Table = t
	}
	return nil
}

func (im *importer) tsvCode(r *VendorRow) error {
	c := &r.Code
	c.Name = r.Cells["name"]
	if c.Name == "" {
		r.Vendor, r.Left = r.Cells["kind"], LeftNoName
		return nil
	}
	if err := CheckName(c.Name); err != nil {
		return posErr(r.Pos, "code name %q %v", c.Name, err)
	}
	label := c.Name + ": "
	if err := tsvKind(r); err != nil {
		return err
	}
	v, ok, err := tsvValue(r.Cells["value"])
	if err != nil {
		return posErr(r.Pos, "%s%v", label, err)
	}
	c.Value, c.HasValue = v, ok
	if r.Left == "" && (c.Kind == Error || c.Kind == Warning) && c.HasValue && c.Value == 0 {
		r.Left = LeftSuccess
	}
	if err := CheckText(r.Cells["description"]); err != nil {
		return posErr(r.Pos, "%sdescription %v", label, err)
	}
	// White space is collapsed, as in Markdown tables (the vendor's TSVs
	// have none to collapse).
	c.Description = strings.Join(strings.Fields(r.Cells["description"]), " ")
	if m := reasonString.FindStringSubmatch(c.Description); m != nil && c.Kind == Reason {
		if err := CheckPhrase(m[1]); err != nil {
			return posErr(r.Pos, "%sreason string %q: %v", label, m[1], err)
		}
		c.Phrases = []string{m[1]}
	}
	return nil
}

func (im *importer) tsvAliases(r *VendorRow, header []string, spellings []int) error {
	cpp := r.Cells["cpp"]
	if cpp == "" {
		r.Vendor, r.Left = r.Cells["kind"], LeftNoCpp
		return nil
	}
	r.Of = strings.Split(cpp, " / ")
	for _, n := range r.Of {
		if err := CheckName(n); err != nil {
			return posErr(r.Pos, "cpp name %q %v", n, err)
		}
	}
	label := cpp + ": "
	if _, ok := r.Cells["kind"]; ok {
		if err := tsvKind(r); err != nil {
			return err
		}
	} else if t, ok := r.Cells["table"]; ok {
		if err := CheckTable(t); err != nil {
			return posErr(r.Pos, "table %q %v", t, err)
		}
		r.Code.Table = t
	}
	v, ok, err := tsvValue(r.Cells["value"])
	if err != nil {
		return posErr(r.Pos, "%s%v", label, err)
	}
	r.Code.Value, r.Code.HasValue = v, ok
	for _, i := range spellings {
		s := r.Cells[header[i]]
		if s == "" || len(s) > MaxNameLen {
			continue
		}
		if err := CheckName(s); err != nil {
			return posErr(r.Pos, "%s%s spelling %q %v", label, header[i], s, err)
		}
		r.Code.Aliases = append(r.Code.Aliases, s)
	}
	return nil
}
