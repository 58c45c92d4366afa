package catalog

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
)

// BuildOptions say how Build makes a catalog.
type BuildOptions struct {
	// ID is the catalog's id ("agora-web-4.x"); an overlay that gives an
	// "id" must give this one.
	ID string
	// Name names the catalog's SDK in the description Build gives a code
	// that the vendor gives none ("Agora Web SDK 4.x error PB_ERROR (the
	// vendor gives no description)").
	Name string
	// Rows select rows by a column, as "column=value": in a TSV table that
	// has the column, only the rows whose cell is the value are read
	// ("sdk=3.x" reads the 3.x rows of native-java-aliases.tsv). A column
	// that no vendor table has is an error.
	Rows []string
}

// Build makes a catalog from vendors' tables (read by Import), in order,
// with overlay catalog files layered over it in order. It is what
// "codewatch catalog import" does, and so how the embedded catalogs are
// generated.
//
// The tables' code rows are the codes, in the order the files give them;
// their alias rows attach spellings to them; rows left out (Import) and
// rows not selected (Rows) make nothing. Rules for what the tables leave
// open, in the order Build applies them:
//
//   - Rows of TSV tables that give one name make one code (names are
//     unique in a catalog): its kind, value and table are those of the
//     first of the rows that has a value (else the first row's), its
//     phrases all of theirs, its description the first row's followed by
//     "[also <vendor kind> <value>: <description>]" for each later one.
//   - A code whose description is empty gets "<Name> <kind> <NAME> (the
//     vendor gives no description)".
//   - Where a TSV table gives two codes of one kind and table the same
//     value, the SDK cannot tell them apart by number: the first keeps it;
//     the later one keeps its name but no value, and its description says
//     "[value N, as NAME: a number N is read as NAME]".
//   - An alias row attaches its spellings as aliases to the code its cpp
//     column names (the first name of it that is a code), which must have
//     the row's value, kind and table. A row whose cpp names only codes
//     that were left out (ERR_OK, a state) is left out with them; one that
//     names no code of the import is an error. A spelling that is the
//     code's own name adds nothing; one that is already another code's
//     name or alias stays that code's (the first row that gives it wins).
//
// An overlay may change the codes (aliases, phrases, hints, severity,
// same_as, sdk_only) but not add any: an entry that names no code of the
// tables is refused, so that a misspelt name cannot slip in as a new code.
// Its "values" member, if any, says how the catalog's numbers are read
// (the last overlay that gives one wins); every table it names must be
// some code's.
func Build(vendors []Source, overlays []Source, opt BuildOptions) (*Catalog, error) {
	if len(vendors) == 0 {
		return nil, fmt.Errorf("no vendor table")
	}
	sel := map[string]string{}
	for _, f := range opt.Rows {
		c, v, ok := strings.Cut(f, "=")
		if !ok || c == "" {
			return nil, fmt.Errorf("rows %q: want column=value", f)
		}
		sel[c] = v
	}
	seen := map[string]bool{} // the selecting columns some table has

	var codes []VendorRow   // code rows, as selected
	var aliases []VendorRow // alias rows
	left := map[string]bool{}
	names := vendors[0].Name
	for i, v := range vendors {
		if i > 0 {
			names += ", " + v.Name
		}
		rows, err := Import(v.Name, bytes.NewReader(v.Data))
		if err != nil {
			return nil, err
		}
	rows:
		for _, r := range rows {
			for c, want := range sel {
				if got, ok := r.Cells[c]; ok {
					seen[c] = true
					if got != want {
						continue rows
					}
				}
			}
			switch {
			case r.Left != "":
				if r.Of == nil && r.Code.Name != "" {
					left[r.Code.Name] = true
				}
			case r.Of != nil:
				aliases = append(aliases, r)
			default:
				codes = append(codes, r)
			}
		}
	}
	for c := range sel {
		if !seen[c] {
			return nil, fmt.Errorf("rows %s=%s: no vendor table has a column %q", c, sel[c], c)
		}
	}

	if len(codes) == 0 {
		return nil, posErr(Pos{File: names}, "no codes: every row is left out or an alias row")
	}
	entries, stated := merge(codes, opt)
	index := map[string]int{}
	for i := range entries {
		index[entries[i].Code.Name] = i
	}
	if err := attach(entries, index, aliases, stated, left); err != nil {
		return nil, err
	}
	cat, err := (&Catalog{}).With(entries)
	if err != nil {
		return nil, err
	}

	id, values := opt.ID, Values{}
	for _, o := range overlays {
		f, err := ParseFile(o.Name, o.Data)
		if err != nil {
			return nil, err
		}
		if f.ID != "" {
			if id != "" && f.ID != id {
				return nil, posErr(Pos{File: o.Name}, "the overlay is for catalog %q, not %q", f.ID, id)
			}
			id = f.ID
		}
		for _, e := range f.Entries {
			if i := cat.IndexOf(e.Code.Name); i < 0 || cat.Codes[i].Name != e.Code.Name {
				return nil, posErr(e.Pos, "%s: the overlay names a code that %s does not have", e.Code.Name, names)
			}
		}
		if cat, err = cat.With(f.Entries); err != nil {
			return nil, err
		}
		if f.Values != nil {
			values = *f.Values
			for _, t := range append(slices.Clone(values.Tables), mapValues(values.Methods)...) {
				if !hasTable(cat, t) {
					return nil, posErr(Pos{File: o.Name}, "\"values\": no code of the catalog stands in table %q", t)
				}
			}
		}
	}
	cat.ID, cat.Values = id, values
	return cat, nil
}

func mapValues(m map[string]string) []string {
	var out []string
	for _, v := range m {
		out = append(out, v)
	}
	slices.Sort(out)
	return out
}

func hasTable(c *Catalog, t string) bool {
	for i := range c.Codes {
		if c.Codes[i].Table == t {
			return true
		}
	}
	return false
}

// merge makes the entries of the code rows: one per name for the rows of
// TSV tables (Markdown rows stay one each, for With to refuse a name given
// twice), with descriptions where the vendor gives none and each value
// used once per kind and table. stated holds the value each code's rows
// give, before a value used twice is taken away.
func merge(rows []VendorRow, opt BuildOptions) ([]Entry, map[string]VendorRow) {
	var entries []Entry
	var groups [][]VendorRow
	at := map[string]int{}
	for _, r := range rows {
		if i, ok := at[r.Code.Name]; ok && r.Vendor != "" && groups[i][0].Vendor != "" {
			groups[i] = append(groups[i], r)
			continue
		}
		at[r.Code.Name] = len(groups)
		groups = append(groups, []VendorRow{r})
	}
	stated := map[string]VendorRow{}
	label := opt.Name
	if label == "" {
		label = opt.ID
	}
	if label == "" {
		label = "the vendor's"
	}
	type vkey struct {
		kind  Kind
		table string
		value int
	}
	valued := map[vkey]string{}
	for _, g := range groups {
		base := g[0]
		for _, r := range g {
			if r.Code.HasValue {
				base = r
				break
			}
		}
		c := g[0].Code
		c.Value, c.HasValue, c.Kind, c.Table = base.Code.Value, base.Code.HasValue, base.Code.Kind, base.Code.Table
		c.Phrases = nil
		for _, r := range g {
			for _, p := range r.Code.Phrases {
				if !slices.Contains(c.Phrases, p) {
					c.Phrases = append(c.Phrases, p)
				}
			}
		}
		if c.Description == "" {
			c.Description = fallbackDescription(label, c.Kind, c.Name)
		}
		for _, r := range g[1:] {
			c.Description += " " + alsoNote(r.Vendor, r.Code)
		}
		stated[c.Name] = base
		if c.HasValue && base.Vendor != "" {
			k := vkey{c.Kind, c.Table, c.Value}
			if first, dup := valued[k]; dup {
				c.Description += " " + sharedValueNote(c.Value, first)
				c.Value, c.HasValue = 0, false
			} else {
				valued[k] = c.Name
			}
		}
		entries = append(entries, Entry{Code: c, Set: FName | FValue | FKind | FDescription | FPhrases | FTable, Pos: g[0].Pos})
	}
	return entries, stated
}

// fallbackDescription is the description of a code that the vendor gives
// none: "Agora Web SDK 4.x error PB_ERROR (the vendor gives no
// description)".
func fallbackDescription(sdk string, k Kind, name string) string {
	return fmt.Sprintf("%s %s %s (the vendor gives no description)", sdk, k, name)
}

// alsoNote is what a code's description says of a later row that gives
// the same name: "[also disconnected_reason: The network is down, …]".
func alsoNote(vendor string, c Code) string {
	v := ""
	if c.HasValue {
		v = " " + c.ValueString()
	}
	d := c.Description
	if d == "" {
		d = "no description"
	}
	return fmt.Sprintf("[also %s%s: %s]", vendor, v, d)
}

// sharedValueNote is what the description of a code says whose value an
// earlier code of its kind and table has too: "[value 157, as
// ERR_MODULE_NOT_FOUND: a number 157 is read as ERR_MODULE_NOT_FOUND]".
func sharedValueNote(v int, first string) string {
	return fmt.Sprintf("[value %d, as %s: a number %d is read as %s]", v, first, v, first)
}

// attach adds the alias rows' spellings to the entries.
func attach(entries []Entry, index map[string]int, rows []VendorRow, stated map[string]VendorRow, left map[string]bool) error {
	owner := map[string]int{} // spelling → the entry that has it
	for i := range entries {
		owner[entries[i].Code.Name] = i
	}
	for _, r := range rows {
		target := -1
		for _, n := range r.Of {
			if i, ok := index[n]; ok {
				target = i
				break
			}
		}
		cpp := strings.Join(r.Of, " / ")
		if target < 0 {
			if slices.ContainsFunc(r.Of, func(n string) bool { return left[n] }) {
				continue // left out with its code
			}
			return posErr(r.Pos, "%s: the alias row names no code of the vendor tables", cpp)
		}
		c := &entries[target].Code
		s := stated[c.Name].Code
		switch {
		case r.Code.HasValue != s.HasValue || r.Code.Value != s.Value:
			return posErr(r.Pos, "%s: the alias row gives value %s, the code %s", cpp, orNone(r.Code.ValueString()), orNone(s.ValueString()))
		case r.Code.Kind != 0 && r.Code.Kind != c.Kind:
			return posErr(r.Pos, "%s: the alias row gives kind %s, the code %s", cpp, r.Code.Kind, c.Kind)
		case r.Cells["table"] != "" && r.Code.Table != c.Table:
			return posErr(r.Pos, "%s: the alias row gives table %s, the code %s", cpp, r.Code.Table, orNone(c.Table))
		}
		for _, a := range r.Code.Aliases {
			if _, taken := owner[a]; taken {
				continue
			}
			owner[a] = target
			c.Aliases = append(c.Aliases, a)
			entries[target].Set |= FAliases
		}
	}
	return nil
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}
