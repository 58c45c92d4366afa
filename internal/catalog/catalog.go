// Package catalog owns the codes codewatch knows: their names, values,
// kinds, severities, descriptions, the other spellings the SDK prints for
// them, and what to do about them.
//
// The default catalog is the Agora Web SDK 2.x/3.x table of 51 error and
// warning codes, with the phrases of Web SDK 4.x, embedded in the binary (see
// Default). User catalogs are JSON files in the format documented in the
// README; they are decoded with positioned errors ("file:line: reason") and
// layered over the default with Catalog.With, and Check reports every
// problem of one rather than the first. Import reads a vendor's code table
// (Markdown, HTML tables) and Build makes a catalog of it with overlays: it
// is how the default is made. WriteJSON and WriteMarkdown write catalogs.
package catalog

import (
	"fmt"
	"sort"
	"strings"
)

// Kind says which of the vendor's two tables a code stands in.
type Kind uint8

// The kinds. The zero value is not a valid kind.
const (
	Error Kind = iota + 1
	Warning
)

func (k Kind) String() string {
	switch k {
	case Error:
		return "error"
	case Warning:
		return "warning"
	}
	return fmt.Sprintf("Kind(%d)", k)
}

// ParseKind parses "error" or "warning" (and "warn").
func ParseKind(s string) (Kind, error) {
	switch strings.ToLower(s) {
	case "error":
		return Error, nil
	case "warning", "warn":
		return Warning, nil
	}
	return 0, fmt.Errorf("unknown kind %q (want error or warning)", s)
}

// Severity orders codes for filtering (--min-severity) and gating
// (--fail-on). A code's severity defaults to its kind.
type Severity uint8

// The severities, lowest first. The zero value means "not set".
const (
	Info Severity = iota + 1
	Warn
	Err
	Critical
)

// Severities lists every severity, lowest first.
var Severities = []Severity{Info, Warn, Err, Critical}

func (s Severity) String() string {
	switch s {
	case Info:
		return "info"
	case Warn:
		return "warning"
	case Err:
		return "error"
	case Critical:
		return "critical"
	}
	return fmt.Sprintf("Severity(%d)", s)
}

// ParseSeverity parses a severity name: info, warning (or warn), error,
// critical. Case does not matter.
func ParseSeverity(s string) (Severity, error) {
	switch strings.ToLower(s) {
	case "info":
		return Info, nil
	case "warning", "warn":
		return Warn, nil
	case "error", "err":
		return Err, nil
	case "critical", "crit":
		return Critical, nil
	}
	return 0, fmt.Errorf("unknown severity %q (want info, warning, error or critical)", s)
}

// SeverityOf returns the default severity of a kind.
func SeverityOf(k Kind) Severity {
	if k == Warning {
		return Warn
	}
	return Err
}

// Code is one catalog entry.
type Code struct {
	Name        string   // exactly as the vendor spells it, typos included
	Value       int      // meaningful only when HasValue
	HasValue    bool     // false where the vendor's table says "/"
	Kind        Kind     // error or warning
	Severity    Severity // defaults to the kind
	Description string
	Aliases     []string // other spellings the SDK itself prints
	Phrases     []string // fixed English phrases (matched case-insensitively)
	Hint        string   // what a developer should do about it

	cat   *Catalog // the catalog that holds the code, once it is in one
	index int      // its place in that catalog's Codes
}

// Catalog returns the catalog that holds the code (nil for a code that is
// in none yet).
func (c *Code) Catalog() *Catalog { return c.cat }

// Index returns the code's place in its catalog's Codes.
func (c *Code) Index() int { return c.index }

// ValueString returns the value in decimal, or "" when the code has none.
func (c *Code) ValueString() string {
	if !c.HasValue {
		return ""
	}
	return fmt.Sprint(c.Value)
}

// Catalog is an immutable, indexed set of codes. A code's ID is its index
// in Codes; each code knows its catalog (Code.Catalog), so that a match
// names its code without a catalog beside it.
type Catalog struct {
	// ID names the catalog ("agora-web-2.x"); a catalog layered over
	// another (With) keeps its ID.
	ID    string
	Codes []Code

	byName   map[string]int // names and aliases
	byValue  [3]map[int]int // indexed by Kind
	byPhrase map[string]int // lower-cased
}

// New indexes codes into a catalog. It fails when two codes share a name,
// alias or phrase, when two codes of one kind share a value, or when an
// entry is incomplete.
func New(codes []Code) (*Catalog, error) {
	c := newCatalog(codes)
	for i := range codes {
		if errs := c.add(i); len(errs) > 0 {
			return nil, errs[0]
		}
	}
	return c, nil
}

func newCatalog(codes []Code) *Catalog {
	c := &Catalog{Codes: codes, byName: make(map[string]int), byPhrase: make(map[string]int)}
	for i := range codes {
		codes[i].cat, codes[i].index = c, i
	}
	c.byValue[Error] = make(map[int]int)
	c.byValue[Warning] = make(map[int]int)
	return c
}

// add indexes code i. It returns what is wrong with the code, or every
// name, alias, value and phrase that an earlier code already has (those
// stay with the earlier code).
func (c *Catalog) add(i int) []error {
	code := &c.Codes[i]
	if err := code.Validate(); err != nil {
		return []error{err}
	}
	if code.Severity == 0 {
		code.Severity = SeverityOf(code.Kind)
	}
	var errs []error
	for k, n := range append([]string{code.Name}, code.Aliases...) {
		if j, ok := c.byName[n]; ok {
			f, what := FAliases, "alias"
			if k == 0 {
				f, what = FName, "name"
			}
			errs = append(errs, &clash{other: j, field: f, msg: fmt.Sprintf("%s: %s %q is already used by %s", code.Name, what, n, c.Codes[j].Name)})
			continue
		}
		c.byName[n] = i
	}
	if code.HasValue {
		m := c.byValue[code.Kind]
		if j, ok := m[code.Value]; ok {
			errs = append(errs, &clash{other: j, field: FValue, msg: fmt.Sprintf("%s: %s value %d is already used by %s", code.Name, code.Kind, code.Value, c.Codes[j].Name)})
		} else {
			m[code.Value] = i
		}
	}
	for _, p := range code.Phrases {
		l := strings.ToLower(p)
		if j, ok := c.byPhrase[l]; ok {
			errs = append(errs, &clash{other: j, field: FPhrases, msg: fmt.Sprintf("%s: phrase %q is already used by %s", code.Name, p, c.Codes[j].Name)})
			continue
		}
		c.byPhrase[l] = i
	}
	return errs
}

// clash is a name, value or phrase that two codes share; other is the
// code that had it first, field the kind of thing they share.
type clash struct {
	other int
	field Fields
	msg   string
}

func (e *clash) Error() string { return e.msg }

// Lookup finds a code by name or alias. The second result says whether the
// name was an alias.
func (c *Catalog) Lookup(name string) (code *Code, alias bool, ok bool) {
	i, ok := c.byName[name]
	if !ok {
		return nil, false, false
	}
	return &c.Codes[i], c.Codes[i].Name != name, true
}

// IndexOf returns the index of the named code or alias, or -1.
func (c *Catalog) IndexOf(name string) int {
	if i, ok := c.byName[name]; ok {
		return i
	}
	return -1
}

// ByValue finds the code with the value, preferring kind first (0 means no
// preference: errors, then warnings). It returns -1 when no code has it.
func (c *Catalog) ByValue(v int, first Kind) int {
	order := [2]Kind{Error, Warning}
	if first == Warning {
		order = [2]Kind{Warning, Error}
	}
	for _, k := range order {
		if i, ok := c.byValue[k][v]; ok {
			return i
		}
	}
	return -1
}

// Names returns every name and alias with the ID of its code, sorted by
// name.
func (c *Catalog) Names() []NameRef {
	refs := make([]NameRef, 0, len(c.byName))
	for n, i := range c.byName {
		refs = append(refs, NameRef{Name: n, ID: i, Alias: c.Codes[i].Name != n})
	}
	sort.Slice(refs, func(a, b int) bool { return refs[a].Name < refs[b].Name })
	return refs
}

// NameRef ties a spelling to a code.
type NameRef struct {
	Name  string
	ID    int
	Alias bool
}

// Len returns the number of codes.
func (c *Catalog) Len() int { return len(c.Codes) }
