package catalog

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
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
	data, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(data) > MaxFileSize {
		return nil, posErr(Pos{File: name}, "file larger than %d MiB, not a catalog", MaxFileSize>>20)
	}
	return Parse(name, data)
}

// Parse decodes a catalog file held in data.
func Parse(name string, data []byte) ([]Entry, error) {
	p := &parser{name: name, data: data, dec: json.NewDecoder(bytes.NewReader(data))}
	p.dec.UseNumber()
	entries, err := p.file()
	if err != nil {
		var pe *PosError
		if errors.As(err, &pe) {
			return nil, err
		}
		return nil, p.wrap(err)
	}
	return entries, nil
}

type parser struct {
	name string
	data []byte
	dec  *json.Decoder
}

// line returns the 1-based line of a byte offset.
func (p *parser) line(off int64) int {
	if off > int64(len(p.data)) {
		off = int64(len(p.data))
	}
	return bytes.Count(p.data[:off], []byte{'\n'}) + 1
}

// next returns the offset of the next token, skipping white space and the
// separators that the decoder has not consumed yet.
func (p *parser) next() int64 {
	off := p.dec.InputOffset()
	for off < int64(len(p.data)) {
		switch p.data[off] {
		case ' ', '\t', '\r', '\n', ',', ':':
			off++
			continue
		}
		break
	}
	return off
}

func (p *parser) at(off int64) Pos { return Pos{File: p.name, Line: p.line(off)} }

// wrap turns a decoder error into a positioned one.
func (p *parser) wrap(err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
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

func (p *parser) file() ([]Entry, error) {
	if err := p.delim('{', "a catalog file"); err != nil {
		return nil, err
	}
	var entries []Entry
	sawCodes := false
	for p.dec.More() {
		off := p.next()
		tok, err := p.dec.Token()
		if err != nil {
			return nil, err
		}
		key, _ := tok.(string)
		switch key {
		case "format":
			off := p.next()
			var v string
			if err := p.dec.Decode(&v); err != nil {
				return nil, err
			}
			if v != Format {
				return nil, posErr(p.at(off), "unsupported format %q (this codewatch reads %q)", v, Format)
			}
		case "name", "description", "source":
			var v string
			if err := p.dec.Decode(&v); err != nil {
				return nil, err
			}
		case "codes":
			sawCodes = true
			if entries, err = p.codes(); err != nil {
				return nil, err
			}
		default:
			return nil, posErr(p.at(off), "unknown member %q (want format, name, description, source, codes)", key)
		}
	}
	if _, err := p.dec.Token(); err != nil {
		return nil, err
	}
	if off := p.next(); off < int64(len(p.data)) {
		return nil, posErr(p.at(off), "data after the end of the catalog object")
	}
	if !sawCodes {
		return nil, posErr(p.at(0), "no \"codes\" array")
	}
	return entries, nil
}

type entryJSON struct {
	Name        *string         `json:"name"`
	Value       json.RawMessage `json:"value"`
	Kind        *string         `json:"kind"`
	Severity    *string         `json:"severity"`
	Description *string         `json:"description"`
	Aliases     *[]string       `json:"aliases"`
	Phrases     *[]string       `json:"phrases"`
	Hint        *string         `json:"hint"`
}

func (p *parser) codes() ([]Entry, error) {
	if err := p.delim('[', "\"codes\""); err != nil {
		return nil, err
	}
	var entries []Entry
	seen := make(map[string]int) // name or alias → line
	values := make(map[[2]int]struct {
		line int
		name string
	})
	for p.dec.More() {
		off := p.next()
		pos := p.at(off)
		var raw json.RawMessage
		if err := p.dec.Decode(&raw); err != nil {
			return nil, err
		}
		e, err := p.entry(raw, off, pos)
		if err != nil {
			return nil, err
		}
		for _, n := range append([]string{e.Code.Name}, e.Code.Aliases...) {
			if l, dup := seen[n]; dup {
				return nil, posErr(pos, "duplicate name %q (also at line %d)", n, l)
			}
			seen[n] = pos.Line
		}
		if e.Set&FValue != 0 && e.Code.HasValue && e.Set&FKind != 0 {
			k := [2]int{int(e.Code.Kind), e.Code.Value}
			if prev, dup := values[k]; dup {
				return nil, posErr(pos, "%s value %d of %s is already used by %s at line %d", e.Code.Kind, e.Code.Value, e.Code.Name, prev.name, prev.line)
			}
			values[k] = struct {
				line int
				name string
			}{pos.Line, e.Code.Name}
		}
		entries = append(entries, e)
	}
	if _, err := p.dec.Token(); err != nil {
		return nil, err
	}
	return entries, nil
}

func (p *parser) entry(raw json.RawMessage, off int64, pos Pos) (Entry, error) {
	var j entryJSON
	d := json.NewDecoder(bytes.NewReader(raw))
	d.DisallowUnknownFields()
	if err := d.Decode(&j); err != nil {
		var syn *json.SyntaxError
		var typ *json.UnmarshalTypeError
		switch {
		case errors.As(err, &typ):
			return Entry{}, posErr(p.at(off+typ.Offset), "%s must be %s, not %s", fieldName(typ.Field), typ.Type, typ.Value)
		case errors.As(err, &syn):
			return Entry{}, posErr(p.at(off+syn.Offset), "invalid JSON: %s", strings.TrimPrefix(syn.Error(), "json: "))
		case len(raw) > 0 && raw[0] != '{':
			return Entry{}, posErr(pos, "each code must be a JSON object")
		}
		return Entry{}, posErr(pos, "%s", strings.TrimPrefix(err.Error(), "json: "))
	}
	var e Entry
	e.Pos = pos
	if j.Name == nil || *j.Name == "" {
		return e, posErr(pos, "code without a \"name\"")
	}
	c := &e.Code
	c.Name = *j.Name
	e.Set |= FName
	if !IsToken(c.Name) {
		return e, posErr(pos, "name %q must be 1 to %d letters, digits and underscores", c.Name, MaxNameLen)
	}
	if j.Value != nil {
		e.Set |= FValue
		if string(j.Value) != "null" {
			if b := j.Value[0]; b != '-' && (b < '0' || b > '9') {
				return e, posErr(pos, "%s: \"value\" must be a whole number or null, not %s", c.Name, j.Value)
			}
			var n json.Number
			if err := json.Unmarshal(j.Value, &n); err != nil {
				return e, posErr(pos, "%s: \"value\" must be a whole number or null, not %s", c.Name, j.Value)
			}
			v, err := n.Int64()
			if err != nil || v < 0 || v > MaxValue {
				return e, posErr(pos, "%s: \"value\" must be a whole number 0..%d or null, not %s", c.Name, MaxValue, j.Value)
			}
			c.Value, c.HasValue = int(v), true
		}
	}
	if j.Kind != nil {
		e.Set |= FKind
		k, err := ParseKind(*j.Kind)
		if err != nil {
			return e, posErr(pos, "%s: %v", c.Name, err)
		}
		c.Kind = k
	}
	if j.Severity != nil {
		e.Set |= FSeverity
		s, err := ParseSeverity(*j.Severity)
		if err != nil {
			return e, posErr(pos, "%s: %v", c.Name, err)
		}
		c.Severity = s
	}
	if j.Description != nil {
		e.Set |= FDescription
		c.Description = *j.Description
		if strings.TrimSpace(c.Description) == "" {
			return e, posErr(pos, "%s: empty \"description\"", c.Name)
		}
	}
	if j.Aliases != nil {
		e.Set |= FAliases
		c.Aliases = *j.Aliases
		for _, a := range c.Aliases {
			if !IsToken(a) {
				return e, posErr(pos, "%s: alias %q must be 1 to %d letters, digits and underscores", c.Name, a, MaxNameLen)
			}
		}
	}
	if j.Phrases != nil {
		e.Set |= FPhrases
		c.Phrases = *j.Phrases
		for _, ph := range c.Phrases {
			if err := checkPhrase(ph); err != nil {
				return e, posErr(pos, "%s: phrase %q %v", c.Name, ph, err)
			}
		}
	}
	if j.Hint != nil {
		e.Set |= FHint
		c.Hint = *j.Hint
	}
	return e, nil
}

// With returns a new catalog: c with the entries layered over it in order.
// An entry whose name is already a code's name changes the fields it sets;
// any other entry adds a code and must give at least a kind and a
// description. Errors name the entry's file and line.
func (c *Catalog) With(entries []Entry) (*Catalog, error) {
	codes := make([]Code, len(c.Codes), len(c.Codes)+len(entries))
	copy(codes, c.Codes)
	origin := make([]Pos, len(codes), cap(codes))
	index := make(map[string]int, len(codes))
	for i := range codes {
		index[codes[i].Name] = i
	}
	for _, e := range entries {
		i, ok := index[e.Code.Name]
		if !ok {
			if e.Set&FKind == 0 {
				return nil, posErr(e.Pos, "%s: a new code needs a \"kind\" (error or warning)", e.Code.Name)
			}
			if e.Set&FDescription == 0 {
				return nil, posErr(e.Pos, "%s: a new code needs a \"description\"", e.Code.Name)
			}
			codes = append(codes, Code{Name: e.Code.Name})
			origin = append(origin, e.Pos)
			i = len(codes) - 1
			index[e.Code.Name] = i
		}
		origin[i] = e.Pos
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
	}
	out := &Catalog{Codes: codes, byName: make(map[string]int)}
	out.byValue[Error] = make(map[int]int)
	out.byValue[Warning] = make(map[int]int)
	for i := range codes {
		if err := out.add(i); err != nil {
			pos := origin[i]
			var cl *clash
			if pos.File == "" && errors.As(err, &cl) {
				pos = origin[cl.other] // the user's entry, not the default one
			}
			if pos.File != "" {
				return nil, &PosError{Pos: pos, Msg: err.Error()}
			}
			return nil, err
		}
	}
	return out, nil
}
