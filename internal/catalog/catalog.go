// Package catalog owns the codes codewatch knows: their names, values,
// kinds, severities, descriptions, the other spellings the SDK prints for
// them, and what to do about them.
//
// Six catalogs are embedded in the binary, one per Agora SDK (Builtin): the
// default, the Agora Web SDK 2.x/3.x table of 51 error and warning codes
// with the phrases of Web SDK 4.x (Default); Web SDK 4.x; the native SDKs
// 4.x and 3.x; Signaling (RTM) 2.x; and RTM 1.x. User catalogs are JSON
// files in the format documented in the README; they are decoded with
// positioned errors ("file:line: reason") and layered over a catalog with
// Catalog.With, and Check reports every problem of one rather than the
// first. Import reads a vendor's code tables (Markdown, HTML tables, the
// vendor TSVs of data/vendor) and Build makes a catalog of them with
// overlays: it is how every built-in catalog is made (data/README.md has
// the rules). WriteJSON and WriteMarkdown write catalogs. A Set is the
// catalogs in use, in their order of precedence; Set.Find looks a word up
// in all of them as "codewatch explain" does, and SameMeaning ties the
// codes of different SDKs that mean the same.
package catalog

import (
	"fmt"
	"sort"
	"strings"
)

// Kind says which kind of the vendor's tables a code stands in.
type Kind uint8

// The kinds. The zero value is not a valid kind.
const (
	Error Kind = iota + 1
	Warning
	// Reason is a connection or disconnection reason, or a server's
	// reason for refusing a request: what made something happen, whose
	// severity follows its meaning (a reason "joined" is info, "banned by
	// the server" an error).
	Reason
)

// Kinds lists the kinds, in the order a value with no keyword of a kind
// before it is looked up in: errors, then warnings, then reasons.
var Kinds = []Kind{Error, Warning, Reason}

func (k Kind) String() string {
	switch k {
	case Error:
		return "error"
	case Warning:
		return "warning"
	case Reason:
		return "reason"
	}
	return fmt.Sprintf("Kind(%d)", k)
}

// ParseKind parses "error", "warning" (and "warn") or "reason".
func ParseKind(s string) (Kind, error) {
	switch strings.ToLower(s) {
	case "error":
		return Error, nil
	case "warning", "warn":
		return Warning, nil
	case "reason":
		return Reason, nil
	}
	return 0, fmt.Errorf("unknown kind %q (want error, warning or reason)", s)
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

// SeverityOf returns the default severity of a kind: a reason's is info
// (a catalog says which reasons are worse).
func SeverityOf(k Kind) Severity {
	switch k {
	case Warning:
		return Warn
	case Reason:
		return Info
	}
	return Err
}

// Code is one catalog entry.
type Code struct {
	Name        string   // exactly as the vendor spells it, typos included
	Value       int      // meaningful only when HasValue
	HasValue    bool     // false where the vendor's table says "/"
	Kind        Kind     // error, warning or reason
	Severity    Severity // defaults to the kind
	Description string
	Aliases     []string // other spellings the SDK itself prints
	Phrases     []string // fixed English phrases (matched case-insensitively)
	Hint        string   // what a developer should do about it
	// Table names the vendor's table (enum) the code stands in, where a
	// catalog holds several whose values overlap ("LOGIN_ERR_CODE",
	// "unilbs"); "" for the catalog's main tables. Values are unique
	// within a kind and table.
	Table string
	// SameAs names a code that means the same as this one under another
	// name, in another SDK's catalog (native ERR_INVALID_TOKEN is Web
	// ERR_NO_AUTHORIZED, 110, "invalid token"): codes agree in meaning
	// when their Meaning is the same. Codes of one name mean the same
	// unless one says otherwise: SameAs "-" is a meaning of the code's own
	// (Web 4.x INVALID_OPERATION, "illegal operation", is not Web 2.x's,
	// "failed to join").
	SameAs string
	// SDKOnly lists the spellings (the name, aliases) that are words of
	// other software too ("TIMEOUT", "InvalidToken", "NOT_LOGIN"): they
	// count only in a line whose SDK is known to be this catalog's.
	SDKOnly []string

	cat   *Catalog // the catalog that holds the code, once it is in one
	index int      // its place in that catalog's Codes
}

// Catalog returns the catalog that holds the code (nil for a code that is
// in none yet).
func (c *Code) Catalog() *Catalog { return c.cat }

// Index returns the code's place in its catalog's Codes.
func (c *Code) Index() int { return c.index }

// IsSDKOnly reports whether the spelling counts only where the line's SDK
// is known to be the code's catalog's.
func (c *Code) IsSDKOnly(spelling string) bool {
	for _, s := range c.SDKOnly {
		if s == spelling {
			return true
		}
	}
	return false
}

// Meaning is the key by which codes of different catalogs are the same
// condition: SameAs, or else the name.
func (c *Code) Meaning() string {
	switch c.SameAs {
	case "":
		return c.Name
	case OwnMeaning:
		if c.cat != nil {
			return c.cat.ID + ":" + c.Name
		}
		return ":" + c.Name
	}
	return c.SameAs
}

// OwnMeaning is the SameAs of a code whose name other catalogs have with
// another meaning.
const OwnMeaning = "-"

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
	// Values say how the SDK's numbers are read (see Values).
	Values Values

	byName   map[string]int   // names and aliases
	byValue  map[valueKey]int // by kind, table and value
	byPhrase map[string]int   // lower-cased
	valued   [Reason + 1]int  // codes with a value, by kind
}

// Values says how numbers in an SDK's lines name its codes.
type Values struct {
	// Tables are the tables a value after a keyword is looked up in, in
	// order; nil means the main tables only ([""]). A catalog whose values
	// overlap between tables (RTM 1.x) lists none, or one, and picks the
	// others by Methods.
	Tables []string
	// Methods name the table of errors that a call names on the line
	// ("login failed errorCode:5" reads 5 in LOGIN_ERR_CODE), by the
	// call's name, as the SDK prints it.
	Methods map[string]string
	// Abs says that a negative number is the error code of its absolute
	// value: the native SDKs return -code from a failed call.
	Abs bool
	// ReasonWords, when set, are the words one of which a line must hold
	// (in any case) for a number after "reason" to be one of the SDK's
	// reasons: the native SDKs' modules log reasons of their own
	// ("[ADGM-UPDOWN](0x…): … reason 101"), and only the connection's
	// are the catalog's ("connection state changed … caused by reason[1]").
	ReasonWords []string
}

// valueKey indexes codes by value.
type valueKey struct {
	kind  Kind
	table string
	value int
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
	c := &Catalog{Codes: codes, byName: make(map[string]int), byPhrase: make(map[string]int), byValue: make(map[valueKey]int)}
	for i := range codes {
		codes[i].cat, codes[i].index = c, i
	}
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
		k := valueKey{code.Kind, code.Table, code.Value}
		if j, ok := c.byValue[k]; ok {
			in := ""
			if code.Table != "" {
				in = " in table " + code.Table
			}
			errs = append(errs, &clash{other: j, field: FValue, msg: fmt.Sprintf("%s: %s value %d%s is already used by %s", code.Name, code.Kind, code.Value, in, c.Codes[j].Name)})
		} else {
			c.byValue[k] = i
			c.valued[code.Kind]++
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
// preference: errors, then warnings, then reasons), in the main tables. It
// returns -1 when no code has it.
func (c *Catalog) ByValue(v int, first Kind) int {
	for _, k := range KindOrder(first) {
		if i, ok := c.byValue[valueKey{k, "", v}]; ok {
			return i
		}
	}
	return -1
}

// ValueIn finds the code of kind k with value v in table t, or nil.
func (c *Catalog) ValueIn(k Kind, t string, v int) *Code {
	if i, ok := c.byValue[valueKey{k, t, v}]; ok {
		return &c.Codes[i]
	}
	return nil
}

// KindOrder is the order of kinds a value is looked up in after a keyword
// of kind first: that kind alone for a reason; errors then warnings (or
// warnings then errors) for an error or warning keyword; errors, warnings
// and reasons after any other keyword.
func KindOrder(first Kind) []Kind {
	switch first {
	case Error:
		return kindsError
	case Warning:
		return kindsWarning
	case Reason:
		return kindsReason
	}
	return Kinds
}

var (
	kindsError   = []Kind{Error, Warning}
	kindsWarning = []Kind{Warning, Error}
	kindsReason  = []Kind{Reason}
)

// HasValues reports whether some code of kind k has a value: a number
// after "reason" is read as any keyword's in a catalog with no valued
// reasons (Web 2.x's).
func (c *Catalog) HasValues(k Kind) bool { return k >= 0 && int(k) < len(c.valued) && c.valued[k] > 0 }

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
