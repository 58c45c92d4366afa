package catalog

import (
	"bufio"
	"encoding/json"
	"io"
	"strconv"
)

// Meta is what a catalog file says about itself.
type Meta struct {
	Name        string
	Description string
	Source      string
}

// WriteJSON writes the catalog in codewatch's catalog format, one member
// per line so that errors in edited copies point at a useful line. Severity
// is written only where it differs from the kind's default.
func WriteJSON(w io.Writer, c *Catalog, meta Meta) error {
	bw := bufio.NewWriter(w)
	q := func(s string) string {
		b, _ := json.Marshal(s)
		return string(b)
	}
	bw.WriteString("{\n  \"format\": " + q(Format) + ",\n")
	if meta.Name != "" {
		bw.WriteString("  \"name\": " + q(meta.Name) + ",\n")
	}
	if meta.Description != "" {
		bw.WriteString("  \"description\": " + q(meta.Description) + ",\n")
	}
	if meta.Source != "" {
		bw.WriteString("  \"source\": " + q(meta.Source) + ",\n")
	}
	bw.WriteString("  \"codes\": [")
	for i := range c.Codes {
		code := &c.Codes[i]
		if i > 0 {
			bw.WriteString(",")
		}
		bw.WriteString("\n    {\n      \"name\": " + q(code.Name) + ",\n")
		v := "null"
		if code.HasValue {
			v = strconv.Itoa(code.Value)
		}
		bw.WriteString("      \"value\": " + v + ",\n")
		bw.WriteString("      \"kind\": " + q(code.Kind.String()) + ",\n")
		if code.Severity != 0 && code.Severity != SeverityOf(code.Kind) {
			bw.WriteString("      \"severity\": " + q(code.Severity.String()) + ",\n")
		}
		bw.WriteString("      \"description\": " + q(code.Description))
		writeList := func(key string, list []string) {
			if len(list) == 0 {
				return
			}
			bw.WriteString(",\n      \"" + key + "\": [")
			for j, s := range list {
				if j > 0 {
					bw.WriteString(", ")
				}
				bw.WriteString(q(s))
			}
			bw.WriteString("]")
		}
		writeList("aliases", code.Aliases)
		writeList("phrases", code.Phrases)
		if code.Hint != "" {
			bw.WriteString(",\n      \"hint\": " + q(code.Hint))
		}
		bw.WriteString("\n    }")
	}
	bw.WriteString("\n  ]\n}\n")
	return bw.Flush()
}
