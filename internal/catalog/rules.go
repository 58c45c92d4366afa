package catalog

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// The rules a code's fields keep, written once: the loader (Parse, and so
// --catalog and Default), the importer (Import), catalog validate (Check),
// New and With, and the report reader all hold codes to them. Each rule is
// a function that says what keeps a field from being valid, in words that
// follow the field's name ("name \"A B\" must be 1 to 64 letters, …");
// callers say where the field stands.

// MaxValue bounds code values (-MaxValue..MaxValue: RTM 2.x codes are
// negative): values have at most 9 digits, so that user ids and epoch
// timestamps are never read as codes.
const MaxValue = 999_999_999

// MaxNameLen bounds names and aliases, so that the matcher needs only a
// bounded view of a line around any match.
const MaxNameLen = 64

// MaxPhraseLen bounds phrases for the same reason.
const MaxPhraseLen = 128

var (
	errName  = fmt.Errorf("must be 1 to %d letters, digits and underscores (words of them may be joined by dots)", MaxNameLen)
	errValue = fmt.Errorf("must be a whole number -%d..%d", MaxValue, MaxValue)
	errKind  = errors.New("must be error, warning or reason")
	// ErrEmpty is a description that says nothing.
	ErrEmpty = errors.New("is empty")
)

// CheckName says what keeps s from being a code's name or alias: 1 to
// MaxNameLen bytes of words of [A-Za-z0-9_] joined by single dots, as the
// SDKs spell their enums ("ERR_INVALID_TOKEN", "ErrorCode.InvalidToken").
func CheckName(s string) error {
	if !IsName(s) {
		return errName
	}
	return nil
}

// IsName reports whether s is a valid name (CheckName).
func IsName(s string) bool {
	if s == "" || len(s) > MaxNameLen || s[0] == '.' || s[len(s)-1] == '.' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if b := s[i]; !IsWordByte(b) && (b != '.' || s[i-1] == '.') {
			return false
		}
	}
	return true
}

// CheckValue says what keeps v from being a code's value.
func CheckValue(v int) error {
	if v < -MaxValue || v > MaxValue {
		return errValue
	}
	return nil
}

// CheckKind says what keeps k from being a code's kind.
func CheckKind(k Kind) error {
	if k != Error && k != Warning && k != Reason {
		return errKind
	}
	return nil
}

// CheckDescription says what keeps s from being a code's description:
// ErrEmpty, or what CheckText says.
func CheckDescription(s string) error {
	if strings.TrimSpace(s) == "" {
		return ErrEmpty
	}
	return CheckText(s)
}

// CheckHint says what keeps s from being a code's hint (which may be
// empty).
func CheckHint(s string) error { return CheckText(s) }

// CheckID says what keeps s from being a catalog's id: 1 to 64 bytes of
// letters, digits and . _ - ("agora-web-4.x", "my-app").
func CheckID(s string) error {
	if s == "" || len(s) > MaxNameLen {
		return errID
	}
	for i := 0; i < len(s); i++ {
		if b := s[i]; !IsWordByte(b) && b != '.' && b != '-' {
			return errID
		}
	}
	return nil
}

var errID = fmt.Errorf("must be 1 to %d letters, digits and . _ -", MaxNameLen)

// CheckTable says what keeps s from being a table's name: "" for the main
// tables, or 1 to MaxNameLen bytes of letters, digits and _ . : - (the
// vendors' enum names: "LOGIN_ERR_CODE", "web:ApResErrorCode").
func CheckTable(s string) error {
	if s == "" {
		return nil
	}
	if len(s) > MaxNameLen {
		return errTable
	}
	for i := 0; i < len(s); i++ {
		if b := s[i]; !IsWordByte(b) && b != '.' && b != ':' && b != '-' {
			return errTable
		}
	}
	return nil
}

var errTable = fmt.Errorf("must be 1 to %d letters, digits and _ . : -", MaxNameLen)

// CheckPhrase says what keeps p from being a phrase: printable ASCII of 1
// to MaxPhraseLen bytes that starts and ends with a letter or digit (so
// that the matcher can hold it to word boundaries).
func CheckPhrase(p string) error {
	if len(p) == 0 || len(p) > MaxPhraseLen {
		return fmt.Errorf("length must be 1..%d bytes", MaxPhraseLen)
	}
	if !IsWordByte(p[0]) || !IsWordByte(p[len(p)-1]) {
		return fmt.Errorf("must start and end with a letter or digit")
	}
	for i := 0; i < len(p); i++ {
		if p[i] < 0x20 || p[i] >= 0x7f {
			return fmt.Errorf("must be printable ASCII")
		}
	}
	return nil
}

// CheckText says what keeps s from being a description or a hint: text
// that codewatch shows as it is, on one line — on a terminal, after a tab
// in annotate's output, in reports. It must be UTF-8 without control
// characters (tabs and line breaks included: JSON's "\n" would split
// annotate's lines) or bidirectional overrides, the characters that
// package visible escapes.
func CheckText(s string) error {
	if !utf8.ValidString(s) {
		return errors.New("is not UTF-8")
	}
	for _, r := range s {
		switch {
		case r < 0x20 || r == 0x7f || r >= 0x80 && r <= 0x9f:
			return fmt.Errorf("holds the control character %U (text is one line, shown as it is)", r)
		case r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069:
			return fmt.Errorf("holds the bidirectional override %U (text is shown as it is)", r)
		}
	}
	return nil
}

// Validate says what is wrong with a code on its own (clashes with other
// codes are New's and With's to find): the first field that breaks a
// rule, as "NAME: field why".
func (c *Code) Validate() error {
	if c.Name == "" {
		return errors.New("code without a name")
	}
	if err := CheckName(c.Name); err != nil {
		return fmt.Errorf("name %q %w", c.Name, err)
	}
	fail := func(field string, err error) error { return fmt.Errorf("%s: %s %w", c.Name, field, err) }
	if err := CheckKind(c.Kind); err != nil {
		return fail("kind", err)
	}
	if c.HasValue {
		if err := CheckValue(c.Value); err != nil {
			return fail(fmt.Sprintf("value %d", c.Value), err)
		}
	}
	if err := CheckDescription(c.Description); err != nil {
		return fail("description", err)
	}
	if err := CheckHint(c.Hint); err != nil {
		return fail("hint", err)
	}
	for _, a := range c.Aliases {
		if err := CheckName(a); err != nil {
			return fail(fmt.Sprintf("alias %q", a), err)
		}
	}
	for _, p := range c.Phrases {
		if err := CheckPhrase(p); err != nil {
			return fail(fmt.Sprintf("phrase %q", p), err)
		}
	}
	if err := CheckTable(c.Table); err != nil {
		return fail(fmt.Sprintf("table %q", c.Table), err)
	}
	for _, n := range c.SDKOnly {
		if n != c.Name && !slices.Contains(c.Aliases, n) {
			return fail(fmt.Sprintf("sdk_only spelling %q", n), errNotSpelling)
		}
	}
	return nil
}

var errNotSpelling = errors.New("is neither the code's name nor one of its aliases")

// IsToken reports whether s is a valid name: 1 to MaxNameLen bytes of
// [A-Za-z0-9_].
func IsToken(s string) bool {
	if s == "" || len(s) > MaxNameLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !IsWordByte(s[i]) {
			return false
		}
	}
	return true
}

// IsWordByte reports whether b is one of [A-Za-z0-9_], the bytes a name
// token is made of.
func IsWordByte(b byte) bool {
	return b == '_' || b >= '0' && b <= '9' || b >= 'A' && b <= 'Z' || b >= 'a' && b <= 'z'
}
