package main

import (
	"bytes"
	"context"
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestDocsSDKExample: the example of docs/sdks.md ("$ printf '…' |
// codewatch annotate" and what it prints) is what annotate prints.
func TestDocsSDKExample(t *testing.T) {
	doc, err := os.ReadFile("../../docs/sdks.md")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?s)```\n\\$ printf '([^']*)' \\| codewatch annotate\n(.*?)```").FindSubmatch(doc)
	if m == nil {
		t.Fatal("no printf | codewatch annotate example in docs/sdks.md")
	}
	in := strings.ReplaceAll(string(m[1]), `\n`, "\n")
	var stdout, stderr bytes.Buffer
	if st := run(context.Background(), []string{"annotate", "--sdk", "auto"}, strings.NewReader(in), &stdout, &stderr); st != 0 {
		t.Fatalf("status %d: %s", st, stderr.String())
	}
	if got := stdout.String(); got != string(m[2]) {
		t.Errorf("the doc's example prints\n%s\nbut annotate prints\n%s", m[2], got)
	}
}
