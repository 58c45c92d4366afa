package report

import "github.com/codewatch/codewatch/internal/catalog"

// Recount returns a counter of the same input whose lines' codes are found
// with cat: for a catalog reloaded while an input is being read.
func (c *Counter) Recount(cat *catalog.Catalog) *Counter {
	return &Counter{r: c.r, cat: cat, in: c.in}
}
