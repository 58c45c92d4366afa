package catalog

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"sort"
	"strconv"
	"strings"
)

// Format is the value of the "format" member that names a catalog file's
// version. Files without it are read as this version.
const Format = "codewatch-catalog/1"

// MaxFileSize bounds a catalog file, so that a wrong --catalog argument (a
// log, an image) is refused rather than read into memory.
const MaxFileSize = 8 << 20

// Entry is one code as a catalog file gives it. Fields a file leaves out
// are marked absent, so that an entry that overrides an earlier code by
// name changes only what it sets.
type Entry struct {
	Code Code
	Set  Fields // which fields the file gave
	Pos  Pos    // where the entry starts

	bad Fields         // fields the file gave that are not valid (Check reports them once)
	at  map[Fields]Pos // where each field stands, for messages
}

// Fields is a set of entry fields.
type Fields uint16

// The fields of an entry.
const (
	FName Fields = 1 << iota
	FValue
	FKind
	FSeverity
	FDescription
	FAliases
	FPhrases
	FHint
	FTable
	FSameAs
	FSDKOnly
)

// Pos is a place in a catalog file.
type Pos struct {
	File string
	Line int
}

func (p Pos) String() string {
	if p.Line == 0 {
		return p.File
	}
	return fmt.Sprintf("%s:%d", p.File, p.Line)
}

// PosError is an error at a place in a catalog file. Its message reads
// "file:line: reason".
type PosError struct {
	Pos Pos
	Msg string
}

func (e *PosError) Error() string { return e.Pos.String() + ": " + e.Msg }

func posErr(p Pos, format string, args ...any) error {
	return &PosError{Pos: p, Msg: fmt.Sprintf(format, args...)}
}

// Load reads and decodes the catalog file name from fsys.
func Load(fsys fs.FS, name string) ([]Entry, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return Decode(name, f)
}

// Decode reads a catalog file from r; name is used in error messages. Every
// error that concerns the file's content is a *PosError.
func Decode(name string, r io.Reader) ([]Entry, error) {
	f, err := DecodeFile(name, r)
	if err != nil {
		return nil, err
	}
	return f.Entries, nil
}

// File is a catalog file as read: what it says of itself, and its codes.
type File struct {
	// ID is the catalog the file makes or layers over ("agora-web-4.x");
	// "" for a file that says none, which layers over DefaultName.
	ID   string
	Meta Meta
	// Values, when the file gives them, say how the SDK's numbers are
	// read.
	Values  *Values
	Entries []Entry
}

// DecodeFile is Decode returning the whole file.
func DecodeFile(name string, r io.Reader) (*File, error) {
	data, err := readFile(name, r)
	if err != nil {
		return nil, err
	}
	return ParseFile(name, data)
}

func readFile(name string, r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err // name says the path: "mine.json: is a directory"
		}
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(data) > MaxFileSize {
		return nil, posErr(Pos{File: name}, "file larger than %d MiB, not a catalog", MaxFileSize>>20)
	}
	return data, nil
}

// Parse decodes a catalog file held in data. It returns the first problem
// it finds; Check finds them all.
func Parse(name string, data []byte) ([]Entry, error) {
	f, err := ParseFile(name, data)
	if err != nil {
		return nil, err
	}
	return f.Entries, nil
}

// ParseFile is Parse returning the whole file.
func ParseFile(name string, data []byte) (*File, error) {
	f, errs := parse(name, data)
	if len(errs) > 0 {
		return nil, errs[0]
	}
	return f, nil
}

// Check reads a catalog file from r as Decode and base.With would (a nil
// base checks the file on its own), but rather than stop at the first
// problem it reports every problem it finds, in line order: malformed JSON
// (after which nothing more can be read), unknown or mistyped fields,
// invalid names, aliases, phrases, kinds, severities and values, empty
// descriptions, a name, alias or phrase used twice, a value used twice
// within one kind, and clashes with base. Each problem is a *PosError; an
// error reading r is returned alone, as it is.
func Check(base *Catalog, name string, r io.Reader) []error {
	return CheckOver(func(string) *Catalog { return base }, name, r)
}

// CheckOver is Check over the catalog that base returns for the file's
// "id" ("" when it gives none, or gives one that is not valid): a file
// layers over the catalog of its id, so that is the one to check it over
// (a nil catalog checks it on its own).
func CheckOver(base func(id string) *Catalog, name string, r io.Reader) []error {
	data, err := readFile(name, r)
	if err != nil {
		return []error{err}
	}
	f, errs := parse(name, data)
	id := f.ID
	if CheckID(id) != nil {
		id = ""
	}
	cat := base(id)
	if cat == nil {
		cat = &Catalog{}
	}
	_, more := cat.layer(f.Entries, true)
	errs = append(errs, more...)
	sort.SliceStable(errs, func(i, j int) bool { return errLine(errs[i]) < errLine(errs[j]) })
	return errs
}

func errLine(err error) int {
	var pe *PosError
	if errors.As(err, &pe) {
		return pe.Pos.Line
	}
	return 0
}

// parse decodes a catalog file and returns its entries with every problem
// found, in the order found. The entries hold what could be read of them:
// an entry without a valid name is left out, and so are the fields (or the
// aliases, phrases and values used twice) that are at fault, so that Check
// can go on to layer them without reporting a problem twice.
func parse(name string, data []byte) (*File, []error) {
	p := &parser{name: name, data: data, dec: json.NewDecoder(bytes.NewReader(data))}
	p.dec.UseNumber()
	entries, err := p.file()
	if err != nil {
		var pe *PosError
		if !errors.As(err, &pe) {
			err = p.wrap(err)
		}
		p.errs = append(p.errs, err)
	}
	p.out.Entries = entries
	return &p.out, p.errs
}

type parser struct {
	name string
	data []byte
	dec  *json.Decoder
	errs []error // the problems found so far

	newlines []int64 // offsets of the newlines in data, for line

	// what the entries read so far use, to find what is used twice
	names   map[string]owner   // names and aliases
	values  map[valueKey]owner // kind, table and value
	phrases map[string]owner   // lower-cased

	out File // the file's own members, as read
}

// owner is the code that first used a name, value or phrase.
type owner struct {
	name string
	line int
}

func (p *parser) fail(at Pos, format string, args ...any) {
	p.errs = append(p.errs, posErr(at, format, args...))
}

// line returns the 1-based line of a byte offset.
func (p *parser) line(off int64) int {
	if p.newlines == nil {
		p.newlines = make([]int64, 0, bytes.Count(p.data, []byte{'\n'}))
		for i, b := range p.data {
			if b == '\n' {
				p.newlines = append(p.newlines, int64(i))
			}
		}
	}
	// the number of newlines before off
	return sort.Search(len(p.newlines), func(i int) bool { return p.newlines[i] >= off }) + 1
}

// skip returns the offset of the next token in data at or after off,
// skipping white space and the separators that a decoder has not consumed
// yet.
func skip(data []byte, off int64) int64 {
	for off < int64(len(data)) {
		switch data[off] {
		case ' ', '\t', '\r', '\n', ',', ':':
			off++
			continue
		}
		break
	}
	return off
}

// next returns the offset of the decoder's next token.
func (p *parser) next() int64 { return skip(p.data, p.dec.InputOffset()) }

func (p *parser) at(off int64) Pos { return Pos{File: p.name, Line: p.line(off)} }

// wrap turns a decoder error into a positioned one.
func (p *parser) wrap(err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		// A Decoder's offsets count from where its current value began;
		// Unmarshal's count from the start of the data, after the
		// offending byte.
		var v any
		if errors.As(json.Unmarshal(p.data, &v), &syn) {
			return posErr(p.at(max(syn.Offset-1, 0)), "invalid JSON: %s", strings.TrimPrefix(syn.Error(), "json: "))
		}
		return posErr(p.at(syn.Offset), "invalid JSON: %s", strings.TrimPrefix(syn.Error(), "json: "))
	case errors.As(err, &typ):
		return posErr(p.at(typ.Offset), "%s must be %s, not %s", fieldName(typ.Field), typ.Type, typ.Value)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return posErr(p.at(int64(len(p.data))), "unexpected end of file")
	}
	return posErr(p.at(p.dec.InputOffset()), "%s", strings.TrimPrefix(err.Error(), "json: "))
}

func fieldName(f string) string {
	if f == "" {
		return "value"
	}
	return "\"" + f + "\""
}

// jsonKind names the kind of a JSON value, for messages.
func jsonKind(raw json.RawMessage) string {
	if len(raw) == 0 {
		return "nothing"
	}
	switch raw[0] {
	case '"':
		return "a string"
	case '{':
		return "an object"
	case '[':
		return "an array"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "a number"
}

func (p *parser) delim(want json.Delim, what string) error {
	off := p.next()
	tok, err := p.dec.Token()
	if err != nil {
		return err
	}
	if d, ok := tok.(json.Delim); !ok || d != want {
		return posErr(p.at(off), "%s must be a JSON %s", what, map[json.Delim]string{'{': "object", '[': "array"}[want])
	}
	return nil
}

// file reads the catalog object. Problems it can read past are recorded
// in p.errs; the error it returns is one that ends the reading.
func (p *parser) file() ([]Entry, error) {
	if err := p.delim('{', "a catalog file"); err != nil {
		return nil, err
	}
	var entries []Entry
	seen := map[string]bool{}
	for p.dec.More() {
		off := p.next()
		tok, err := p.dec.Token()
		if err != nil {
			return entries, err
		}
		key, _ := tok.(string)
		if seen[key] {
			p.fail(p.at(off), "member %q given twice", key)
		}
		seen[key] = true
		if key == "codes" {
			es, err := p.codes()
			entries = append(entries, es...)
			if err != nil {
				return entries, err
			}
			continue
		}
		voff := p.next()
		var raw json.RawMessage
		if err := p.dec.Decode(&raw); err != nil {
			return entries, err
		}
		switch key {
		case "format", "id", "name", "description", "source":
			var v string
			if err := json.Unmarshal(raw, &v); err != nil {
				p.fail(p.at(voff), "%q must be a string, not %s", key, jsonKind(raw))
				break
			}
			switch key {
			case "format":
				if v != Format {
					// A later format may mean other things: read no further.
					return entries, posErr(p.at(voff), "unsupported format %q (this codewatch reads %q)", v, Format)
				}
			case "id":
				if err := CheckID(v); err != nil {
					p.fail(p.at(voff), "\"id\" %q %v", v, err)
				}
				p.out.ID = v
			case "name":
				p.out.Meta.Name = v
			case "description":
				p.out.Meta.Description = v
			case "source":
				p.out.Meta.Source = v
			}
		case "values":
			p.valuesMember(raw, voff)
		default:
			p.fail(p.at(off), "unknown member %q (want format, id, name, description, source, values, codes)", key)
		}
	}
	if _, err := p.dec.Token(); err != nil {
		return entries, err
	}
	if off := p.next(); off < int64(len(p.data)) {
		return entries, posErr(p.at(off), "data after the end of the catalog object")
	}
	if !seen["codes"] {
		p.fail(p.at(0), "no \"codes\" array")
	}
	return entries, nil
}

func (p *parser) codes() ([]Entry, error) {
	if err := p.delim('[', "\"codes\""); err != nil {
		return nil, err
	}
	var entries []Entry
	p.names = make(map[string]owner)
	p.values = make(map[valueKey]owner)
	p.phrases = make(map[string]owner)
	for p.dec.More() {
		off := p.next()
		var raw json.RawMessage
		if err := p.dec.Decode(&raw); err != nil {
			return entries, err
		}
		if e := p.entry(raw, off); e.Set&FName != 0 {
			entries = append(entries, e)
		}
	}
	if _, err := p.dec.Token(); err != nil {
		return entries, err
	}
	return entries, nil
}

// valuesMember reads the "values" member: how the SDK's numbers are read.
func (p *parser) valuesMember(raw json.RawMessage, off int64) {
	var v struct {
		Tables      []string          `json:"tables"`
		Methods     map[string]string `json:"methods"`
		Abs         bool              `json:"abs"`
		ReasonWords []string          `json:"reason_words"`
	}
	d := json.NewDecoder(bytes.NewReader(raw))
	d.DisallowUnknownFields()
	if err := d.Decode(&v); err != nil {
		p.fail(p.at(off), "\"values\" must be an object of \"tables\" (an array of table names), \"methods\" (call names to tables), \"abs\" (true or false) and \"reason_words\" (an array of words): %s", strings.TrimPrefix(err.Error(), "json: "))
		return
	}
	for _, t := range v.Tables {
		if err := CheckTable(t); err != nil {
			p.fail(p.at(off), "\"values\": table %q %v", t, err)
			return
		}
	}
	for m, t := range v.Methods {
		if err := CheckName(m); err != nil {
			p.fail(p.at(off), "\"values\": method %q %v", m, err)
			return
		}
		if err := CheckTable(t); err != nil || t == "" {
			p.fail(p.at(off), "\"values\": the table of method %q must be a table's name", m)
			return
		}
	}
	for _, w := range v.ReasonWords {
		if w == "" || strings.TrimSpace(w) != w || CheckText(w) != nil {
			p.fail(p.at(off), "\"values\": reason word %q must be a word of plain text", w)
			return
		}
	}
	p.out.Values = &Values{Tables: v.Tables, Methods: v.Methods, Abs: v.Abs, ReasonWords: v.ReasonWords}
}

// field is one member of an entry.
type field struct {
	raw json.RawMessage
	pos Pos
}

var entryFields = map[string]Fields{
	"name": FName, "value": FValue, "kind": FKind, "severity": FSeverity,
	"description": FDescription, "aliases": FAliases, "phrases": FPhrases, "hint": FHint,
	"table": FTable, "same_as": FSameAs, "sdk_only": FSDKOnly,
}

// entry reads one code, which starts at offset off, recording every
// problem in it. The fields it could not read are left unset.
func (p *parser) entry(raw json.RawMessage, off int64) Entry {
	pos := p.at(off)
	e := Entry{Pos: pos}
	if len(raw) == 0 || raw[0] != '{' {
		p.fail(pos, "each code must be a JSON object")
		return e
	}
	// Walk the members, to know each one's line. raw is valid JSON: the
	// file's decoder has read it.
	fields := map[string]field{}
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	d.Token()
	for d.More() {
		at := p.at(off + skip(raw, d.InputOffset()))
		tok, err := d.Token()
		if err != nil {
			p.fail(at, "%s", strings.TrimPrefix(err.Error(), "json: "))
			return e
		}
		key, _ := tok.(string)
		var v json.RawMessage
		if err := d.Decode(&v); err != nil {
			p.fail(at, "%s", strings.TrimPrefix(err.Error(), "json: "))
			return e
		}
		switch _, known := entryFields[key]; {
		case !known:
			p.fail(at, "unknown field %q", key)
		case fields[key].raw != nil:
			p.fail(at, "field %q given twice", key)
		default:
			fields[key] = field{v, at}
			if e.at == nil {
				e.at = make(map[Fields]Pos)
			}
			e.at[entryFields[key]] = at
		}
	}

	c := &e.Code
	label := "" // how messages name the code
	f, ok := fields["name"]
	var name string
	switch {
	case !ok || string(f.raw) == "null":
		p.fail(pos, "code without a \"name\"")
	case json.Unmarshal(f.raw, &name) != nil:
		p.fail(f.pos, "\"name\" must be a string, not %s", jsonKind(f.raw))
	case name == "":
		p.fail(f.pos, "code without a \"name\"")
	case CheckName(name) != nil:
		p.fail(f.pos, "name %q %v", name, CheckName(name))
		label = strconv.Quote(name) + ": "
	default:
		c.Name, label = name, name+": "
		e.Set |= FName
	}

	// str reads a string member; null is the same as leaving it out.
	str := func(key string) (string, Pos, bool) {
		f, ok := fields[key]
		if !ok || string(f.raw) == "null" {
			return "", f.pos, false
		}
		var s string
		if json.Unmarshal(f.raw, &s) != nil {
			p.fail(f.pos, "%s%q must be a string, not %s", label, key, jsonKind(f.raw))
			e.bad |= entryFields[key]
			return "", f.pos, false
		}
		return s, f.pos, true
	}
	list := func(key string) ([]string, Pos, bool) {
		f, ok := fields[key]
		if !ok || string(f.raw) == "null" {
			return nil, f.pos, false
		}
		var l []string
		if json.Unmarshal(f.raw, &l) != nil {
			p.fail(f.pos, "%s%q must be an array of strings, not %s", label, key, jsonKind(f.raw))
			e.bad |= entryFields[key]
			return nil, f.pos, false
		}
		return l, f.pos, true
	}

	if f, ok := fields["value"]; ok {
		if v, err := parseValue(f.raw); err != nil {
			p.fail(f.pos, "%s%v", label, err)
			e.bad |= FValue
		} else {
			c.Value, c.HasValue = v, string(f.raw) != "null"
			e.Set |= FValue
		}
	}
	if s, at, ok := str("kind"); ok {
		if k, err := ParseKind(s); err != nil {
			p.fail(at, "%s%v", label, err)
			e.bad |= FKind
		} else {
			c.Kind = k
			e.Set |= FKind
		}
	}
	if s, at, ok := str("severity"); ok {
		if sev, err := ParseSeverity(s); err != nil {
			p.fail(at, "%s%v", label, err)
			e.bad |= FSeverity
		} else {
			c.Severity = sev
			e.Set |= FSeverity
		}
	}
	if s, at, ok := str("description"); ok {
		if err := CheckDescription(s); errors.Is(err, ErrEmpty) {
			p.fail(at, "%sempty \"description\"", label)
			e.bad |= FDescription
		} else if err != nil {
			p.fail(at, "%s\"description\" %v", label, err)
			e.bad |= FDescription
		} else {
			c.Description = s
			e.Set |= FDescription
		}
	}
	if l, at, ok := list("aliases"); ok {
		for _, a := range l {
			if err := CheckName(a); err == nil {
				c.Aliases = append(c.Aliases, a)
			} else {
				p.fail(at, "%salias %q %v", label, a, err)
				e.bad |= FAliases
			}
		}
		e.Set |= FAliases
	}
	if l, at, ok := list("phrases"); ok {
		for _, ph := range l {
			if err := CheckPhrase(ph); err == nil {
				c.Phrases = append(c.Phrases, ph)
			} else {
				p.fail(at, "%sphrase %q %v", label, ph, err)
				e.bad |= FPhrases
			}
		}
		e.Set |= FPhrases
	}
	if s, at, ok := str("hint"); ok {
		if err := CheckHint(s); err != nil {
			p.fail(at, "%s\"hint\" %v", label, err)
			e.bad |= FHint
		} else {
			c.Hint = s
			e.Set |= FHint
		}
	}
	if s, at, ok := str("table"); ok {
		if err := CheckTable(s); err != nil {
			p.fail(at, "%s\"table\" %q %v", label, s, err)
			e.bad |= FTable
		} else {
			c.Table = s
			e.Set |= FTable
		}
	}
	if l, at, ok := list("sdk_only"); ok {
		for _, n := range l {
			if err := CheckName(n); err == nil {
				c.SDKOnly = append(c.SDKOnly, n)
			} else {
				p.fail(at, "%s\"sdk_only\" spelling %q %v", label, n, err)
				e.bad |= FSDKOnly
			}
		}
		e.Set |= FSDKOnly
	}
	if s, at, ok := str("same_as"); ok {
		if err := CheckName(s); err != nil && s != OwnMeaning {
			p.fail(at, "%s\"same_as\" %q %v", label, s, err)
			e.bad |= FSameAs
		} else {
			c.SameAs = s
			e.Set |= FSameAs
		}
	}
	p.unique(&e, fields)
	return e
}

// parseValue reads a "value" member: a whole number -MaxValue..MaxValue, or null.
func parseValue(raw json.RawMessage) (int, error) {
	if string(raw) == "null" {
		return 0, nil
	}
	if b := raw[0]; b != '-' && (b < '0' || b > '9') {
		return 0, fmt.Errorf("\"value\" must be a whole number or null, not %s", raw)
	}
	v, err := json.Number(raw).Int64()
	if err == nil {
		err = CheckValue(int(v))
	}
	if err != nil {
		return 0, fmt.Errorf("\"value\" %v or null, not %s", errValue, raw)
	}
	return int(v), nil
}

// unique records the entry's names, aliases, value and phrases, and
// reports those that an earlier entry of the file (or this one) already
// uses.
func (p *parser) unique(e *Entry, fields map[string]field) {
	c := &e.Code
	me := owner{c.Name, e.Pos.Line}
	if e.Set&FName != 0 {
		if o, dup := p.names[c.Name]; dup {
			if o.name == c.Name {
				p.fail(fields["name"].pos, "duplicate name %q (also at line %d)", c.Name, o.line)
			} else {
				p.fail(fields["name"].pos, "name %q is already an alias of %s at line %d", c.Name, o.name, o.line)
			}
		} else {
			p.names[c.Name] = me
		}
	}
	label := c.Name
	if label == "" {
		label = "code"
	}
	at := fields["aliases"].pos
	aliases := c.Aliases[:0:0]
	for _, a := range c.Aliases {
		o, dup := p.names[a]
		switch {
		case !dup:
			p.names[a] = me
			aliases = append(aliases, a)
		case o == me && a == c.Name:
			p.fail(at, "%s: alias %q is the code's own name", label, a)
		case o == me:
			p.fail(at, "%s: alias %q is listed twice", label, a)
		case o.name == a:
			p.fail(at, "%s: alias %q is already the name of the code at line %d", label, a, o.line)
		default:
			p.fail(at, "%s: alias %q is already an alias of %s at line %d", label, a, o.name, o.line)
		}
	}
	if len(aliases) < len(c.Aliases) {
		c.Aliases = aliases
		e.bad |= FAliases
	}
	if e.Set&FValue != 0 && c.HasValue && e.Set&FKind != 0 {
		k := valueKey{c.Kind, c.Table, c.Value}
		if o, dup := p.values[k]; dup {
			p.fail(fields["value"].pos, "%s value %d of %s is already used by %s at line %d", c.Kind, c.Value, label, o.name, o.line)
			e.Set &^= FValue
			e.bad |= FValue
		} else {
			p.values[k] = me
		}
	}
	at = fields["phrases"].pos
	phrases := c.Phrases[:0:0]
	for _, ph := range c.Phrases {
		l := strings.ToLower(ph)
		o, dup := p.phrases[l]
		switch {
		case !dup:
			p.phrases[l] = me
			phrases = append(phrases, ph)
		case o == me:
			p.fail(at, "%s: phrase %q is listed twice", label, ph)
		default:
			p.fail(at, "%s: phrase %q is already used by %s at line %d", label, ph, o.name, o.line)
		}
	}
	if len(phrases) < len(c.Phrases) {
		c.Phrases = phrases
		e.bad |= FPhrases
	}
}

// With returns a new catalog: c with the entries layered over it in order.
// An entry whose name is already a code's name changes the fields it sets;
// any other entry adds a code and must give at least a kind and a
// description. Errors name the entry's file and line.
func (c *Catalog) With(entries []Entry) (*Catalog, error) {
	out, errs := c.layer(entries, false)
	if len(errs) > 0 {
		return nil, errs[0]
	}
	return out, nil
}

// WithFile is With for a whole catalog file: its entries, and the
// values it gives, if it gives them.
func (c *Catalog) WithFile(f *File) (*Catalog, error) {
	out, err := c.With(f.Entries)
	if err != nil {
		return nil, err
	}
	if f.Values != nil {
		out.Values = *f.Values
	}
	return out, nil
}

// layer is With. With all set, it goes on past problems and returns all
// of them (and a catalog that is not to be used); otherwise it stops at
// the first.
func (c *Catalog) layer(entries []Entry, all bool) (*Catalog, []error) {
	var errs []error
	codes := make([]Code, len(c.Codes), len(c.Codes)+len(entries))
	copy(codes, c.Codes)
	origin := make([]*Entry, len(codes), cap(codes)) // the last entry that set each code
	index := make(map[string]int, len(codes))
	for i := range codes {
		index[codes[i].Name] = i
	}
	for k := range entries {
		e := &entries[k]
		i, ok := index[e.Code.Name]
		if !ok {
			var err error
			switch {
			case e.Set&FKind == 0 && e.bad&FKind != 0, e.Set&FDescription == 0 && e.bad&FDescription != 0:
				continue // reported where it was read
			case e.Set&FKind == 0:
				err = posErr(e.Pos, "%s: a new code needs a \"kind\" (error or warning)", e.Code.Name)
			case e.Set&FDescription == 0:
				err = posErr(e.Pos, "%s: a new code needs a \"description\"", e.Code.Name)
			}
			if err != nil {
				if errs = append(errs, err); !all {
					return nil, errs
				}
				continue
			}
			codes = append(codes, Code{Name: e.Code.Name})
			origin = append(origin, e)
			i = len(codes) - 1
			index[e.Code.Name] = i
		}
		origin[i] = e
		dst, src := &codes[i], &e.Code
		if e.Set&FValue != 0 {
			dst.Value, dst.HasValue = src.Value, src.HasValue
		}
		if e.Set&FKind != 0 {
			if dst.Kind != src.Kind && e.Set&FSeverity == 0 {
				dst.Severity = 0 // follow the new kind
			}
			dst.Kind = src.Kind
		}
		if e.Set&FSeverity != 0 {
			dst.Severity = src.Severity
		}
		if e.Set&FDescription != 0 {
			dst.Description = src.Description
		}
		if e.Set&FAliases != 0 {
			dst.Aliases = append([]string(nil), src.Aliases...)
		}
		if e.Set&FPhrases != 0 {
			dst.Phrases = append([]string(nil), src.Phrases...)
		}
		if e.Set&FHint != 0 {
			dst.Hint = src.Hint
		}
		if e.Set&FTable != 0 {
			dst.Table = src.Table
		}
		if e.Set&FSameAs != 0 {
			dst.SameAs = src.SameAs
		}
		if e.Set&FSDKOnly != 0 {
			dst.SDKOnly = append([]string(nil), src.SDKOnly...)
		}
	}
	out := newCatalog(codes)
	out.ID, out.Values = c.ID, c.Values
	for i := range codes {
		for _, err := range out.add(i) {
			var cl *clash
			isClash := errors.As(err, &cl)
			e := origin[i]
			if e == nil && isClash {
				e = origin[cl.other] // the user's entry, not the default one
			}
			if e != nil {
				pos := e.Pos
				if isClash && e == origin[i] {
					if p, ok := e.at[cl.field]; ok {
						pos = p // the line of the field at fault
					}
				}
				err = &PosError{Pos: pos, Msg: err.Error()}
			}
			if errs = append(errs, err); !all {
				return nil, errs
			}
		}
	}
	return out, errs
}
