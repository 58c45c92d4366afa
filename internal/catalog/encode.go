package catalog

import (
	"bufio"
	"encoding/json"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
)

// Meta is what a catalog file says about itself.
type Meta struct {
	ID          string // written only when set
	Name        string
	Description string
	Source      string
}

// WriteJSON writes the catalog in codewatch's catalog format, one member
// per line so that errors in edited copies point at a useful line. Severity
// is written only where it differs from the kind's default.
func WriteJSON(w io.Writer, c *Catalog, meta Meta) error {
	bw := bufio.NewWriter(w)
	// Strings as JSON, without json.Marshal's \u0026 for & < >: the file
	// is for people to edit, not for embedding in HTML.
	var qb strings.Builder
	enc := json.NewEncoder(&qb)
	enc.SetEscapeHTML(false)
	q := func(s string) string {
		qb.Reset()
		enc.Encode(s)
		return strings.TrimSuffix(qb.String(), "\n")
	}
	bw.WriteString("{\n  \"format\": " + q(Format) + ",\n")
	if meta.ID != "" {
		bw.WriteString("  \"id\": " + q(meta.ID) + ",\n")
	}
	if meta.Name != "" {
		bw.WriteString("  \"name\": " + q(meta.Name) + ",\n")
	}
	if meta.Description != "" {
		bw.WriteString("  \"description\": " + q(meta.Description) + ",\n")
	}
	if meta.Source != "" {
		bw.WriteString("  \"source\": " + q(meta.Source) + ",\n")
	}
	if v := c.Values; len(v.Tables) > 0 || len(v.Methods) > 0 || v.Abs || len(v.ReasonWords) > 0 {
		bw.WriteString("  \"values\": {")
		sep := ""
		if len(v.Tables) > 0 {
			bw.WriteString("\"tables\": [")
			for i, t := range v.Tables {
				if i > 0 {
					bw.WriteString(", ")
				}
				bw.WriteString(q(t))
			}
			bw.WriteString("]")
			sep = ", "
		}
		if len(v.Methods) > 0 {
			bw.WriteString(sep + "\"methods\": {")
			for i, m := range slices.Sorted(maps.Keys(v.Methods)) {
				if i > 0 {
					bw.WriteString(", ")
				}
				bw.WriteString(q(m) + ": " + q(v.Methods[m]))
			}
			bw.WriteString("}")
			sep = ", "
		}
		if v.Abs {
			bw.WriteString(sep + "\"abs\": true")
			sep = ", "
		}
		if len(v.ReasonWords) > 0 {
			bw.WriteString(sep + "\"reason_words\": [")
			for i, w := range v.ReasonWords {
				if i > 0 {
					bw.WriteString(", ")
				}
				bw.WriteString(q(w))
			}
			bw.WriteString("]")
		}
		bw.WriteString("},\n")
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
		if code.Table != "" {
			bw.WriteString(",\n      \"table\": " + q(code.Table))
		}
		if code.SameAs != "" {
			bw.WriteString(",\n      \"same_as\": " + q(code.SameAs))
		}
		writeList("sdk_only", code.SDKOnly)
		bw.WriteString("\n    }")
	}
	bw.WriteString("\n  ]\n}\n")
	return bw.Flush()
}

// WriteMarkdown writes the catalog as Markdown for people: a section per
// kind ("Error Codes", "Warning Codes", as in the vendor's table), each a
// pipe table of code, value ("/" for none), severity, description, the
// other spellings and phrases the SDK prints, and hint. Import reads the
// code, value and description columns back.
func WriteMarkdown(w io.Writer, c *Catalog, meta Meta) error {
	bw := bufio.NewWriter(w)
	if meta.Name != "" {
		bw.WriteString("# " + mdText(meta.Name) + "\n\n")
	}
	if meta.Description != "" {
		bw.WriteString(mdText(meta.Description) + "\n\n")
	}
	if meta.Source != "" {
		bw.WriteString("Source: " + mdText(meta.Source) + "\n\n")
	}
	for _, k := range Kinds {
		n := 0
		for i := range c.Codes {
			code := &c.Codes[i]
			if code.Kind != k {
				continue
			}
			if n == 0 {
				title := map[Kind]string{Error: "Error Codes", Warning: "Warning Codes", Reason: "Reason Codes"}[k]
				bw.WriteString("## " + title + "\n\n")
				bw.WriteString("| Code | Value | Severity | Description | Also printed as | Hint |\n")
				bw.WriteString("|---|---|---|---|---|---|\n")
			}
			n++
			v := "/"
			if code.HasValue {
				v = strconv.Itoa(code.Value)
			}
			var also []string
			for _, a := range code.Aliases {
				also = append(also, "`"+a+"`")
			}
			for _, p := range code.Phrases {
				also = append(also, "\""+mdText(p)+"\"")
			}
			cells := []string{"`" + code.Name + "`", v, code.Severity.String(), mdText(code.Description), strings.Join(also, ", "), mdText(code.Hint)}
			bw.WriteString("| " + strings.Join(cells, " | ") + " |\n")
		}
		if n > 0 {
			bw.WriteString("\n")
		}
	}
	return bw.Flush()
}

// mdText escapes text for a Markdown table cell: what would end the cell
// or the row, and what would read as HTML.
var mdText = strings.NewReplacer(
	"&", "&amp;", "<", "&lt;", ">", "&gt;", "|", "\\|",
	"\r\n", " ", "\n", " ", "\r", " ",
).Replace
