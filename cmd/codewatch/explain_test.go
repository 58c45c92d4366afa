package main

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestNumberWords: explain's negative numbers are words, unless they are
// a flag's value; after "--" pflag takes them as they are.
func TestNumberWords(t *testing.T) {
	tests := []struct {
		args, words []string
		format      string
	}{
		{[]string{"-17"}, []string{"-17"}, "text"},
		{[]string{"110", "-17", "token"}, []string{"110", "-17", "token"}, "text"},
		{[]string{"--format", "json", "-10001", "-2"}, []string{"-10001", "-2"}, "json"},
		{[]string{"--format=json", "-3"}, []string{"-3"}, "json"},
		{[]string{"--format", "-3", "x"}, []string{"x"}, "-3"},
		{[]string{"--", "-17", "-x"}, []string{"-17", "-x"}, "text"},
		{[]string{"-1-2", "--", "-3"}, nil, ""}, // not a number: a flag, refused
	}
	for _, tt := range tests {
		f := newFlags("explain", "")
		format := f.String("format", "text", "")
		f.catalogFlag()
		args, restore := numberWords(f, tt.args)
		err := f.Parse(args)
		if tt.words == nil {
			if err == nil {
				t.Errorf("%q: parsed, want an error", tt.args)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", tt.args, err)
			continue
		}
		if got := restore(f.Args()); !cmp.Equal(got, tt.words) || *format != tt.format {
			t.Errorf("%q: words %q, format %q; want %q, %q", tt.args, got, *format, tt.words, tt.format)
		}
	}
}
