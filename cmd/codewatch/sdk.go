package main

import (
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/codewatch/codewatch/internal/catalog"
	"github.com/codewatch/codewatch/internal/input"
	"github.com/codewatch/codewatch/internal/report"
	"github.com/codewatch/codewatch/internal/scan"
)

// sdkHelp is --sdk's line in --help.
const sdkHelp = "read codes in these SDKs' catalogs: auto (each line's SDK from its cues; the default, or $CODEWATCH_SDK), or `IDS`, some of web-2.x, web-4.x, native-4.x, native-3.x, rtm-2.x, rtm-1.x, joined by commas"

// catalogs is the set of catalogs the flags select, and how to read it.
type catalogs struct {
	set   *catalog.Set
	auto  bool     // each line's SDK read from its cues
	name  string   // for reports: the ids, with +FILE for each file layered over them
	names []string // each catalog's part of name, in the set's order
}

// matcher returns a matcher of the catalogs.
func (c *catalogs) matcher(unknown bool) *scan.Matcher {
	return scan.NewSetMatcher(c.set, scan.MatcherOptions{Unknown: unknown, Auto: c.auto})
}

// named is the set when outputs name each code's catalog: every set but
// the legacy one, whose outputs stay as they were.
func (c *catalogs) named() *catalog.Set {
	if c.set.Legacy() {
		return nil
	}
	return c.set
}

// newReport returns an empty report of the catalogs: Named unless the set
// is the legacy one.
func (c *catalogs) newReport() *report.Report {
	r := report.New(c.name)
	r.Named = c.named() != nil
	return r
}

// sdkValue is --sdk as given, or $CODEWATCH_SDK, or auto.
func (f *flags) sdkValue(e *env) string {
	if f.Changed("sdk") {
		return f.sdk
	}
	if v := e.getenv("CODEWATCH_SDK"); v != "" {
		return v
	}
	return "auto"
}

// loadCatalogs returns the built-in catalogs --sdk selects, with the
// --catalog files layered over them by id (a file without an id layers
// over agora-web-2.x, as before there were several), and the catalogs of
// files with ids of their own after them. With --sdk web-2.x alone it is
// codewatch as it was: SPEC §1-§5, and today's outputs byte for byte.
func (f *flags) loadCatalogs(e *env) (*catalogs, error) {
	spec := f.sdkValue(e)
	files, err := f.catalogFiles()
	if err != nil {
		return nil, err
	}
	c := &catalogs{auto: spec == "auto"}
	var ids []string
	if c.auto {
		ids = catalog.BuiltinIDs()
	} else {
		for _, s := range strings.Split(spec, ",") {
			s = strings.TrimSpace(s)
			id, ok := catalog.BuiltinID(s)
			if !ok && slices.ContainsFunc(files, func(fl *catalog.File) bool { return fl.ID == s }) {
				id, ok = s, true
			}
			if !ok {
				return nil, f.usage("--sdk %q: want auto, or some of web-2.x, web-4.x, native-4.x, native-3.x, rtm-2.x, rtm-1.x (or a --catalog file's id) joined by commas", s)
			}
			if !slices.Contains(ids, id) {
				ids = append(ids, id)
			}
		}
		// In the built-in order (the order of precedence), files' own
		// catalogs after.
		slices.SortStableFunc(ids, func(a, b string) int { return builtinRank(a) - builtinRank(b) })
	}
	for _, fl := range files {
		if !slices.Contains(ids, fl.ID) && builtinRank(fl.ID) == len(catalog.BuiltinIDs()) && c.auto {
			ids = append(ids, fl.ID)
		}
	}
	cats := make([]*catalog.Catalog, len(ids))
	c.names = make([]string, len(ids))
	for i, id := range ids {
		if cats[i], c.names[i], err = f.layered(id, files); err != nil {
			return nil, err
		}
	}
	if c.set, err = catalog.NewSet(cats...); err != nil {
		return nil, err
	}
	c.name = strings.Join(c.names, ",")
	return c, nil
}

// catalogFiles reads the --catalog files, in order. A file without an id
// is given agora-web-2.x's, the catalog it layers over, and a built-in's
// short id ("native-4.x") is made its full one, as --sdk reads them: the
// file layers over that catalog rather than make one that would be shown
// under the same name.
func (f *flags) catalogFiles() ([]*catalog.File, error) {
	files := make([]*catalog.File, len(f.catalogs))
	for i, path := range f.catalogs {
		file, err := os.Open(path)
		if err != nil {
			return nil, fmt.Errorf("%s: %s", path, input.Reason(err))
		}
		files[i], err = catalog.DecodeFile(path, file)
		file.Close()
		if err != nil {
			return nil, err
		}
		if files[i].ID == "" {
			files[i].ID = catalog.DefaultName
		}
		if id, ok := catalog.BuiltinID(files[i].ID); ok {
			files[i].ID = id
		}
	}
	return files, nil
}

// layered returns the catalog of the id, the built-in one or else a new,
// empty one, with the files of that id (of catalogFiles) layered over it
// in order, and its name: the id, with +FILE for each file.
func (f *flags) layered(id string, files []*catalog.File) (*catalog.Catalog, string, error) {
	cat, name := catalog.BuiltinByID(id), id
	if cat == nil {
		cat = &catalog.Catalog{ID: id}
	}
	for k, fl := range files {
		if fl.ID != id {
			continue
		}
		var err error
		if cat, err = cat.WithFile(fl); err != nil {
			return nil, "", err
		}
		name += "+" + f.catalogs[k]
	}
	return cat, name, nil
}

// builtinRank is the place of a built-in catalog's id among BuiltinIDs,
// or len(BuiltinIDs) for another id.
func builtinRank(id string) int {
	if i := slices.Index(catalog.BuiltinIDs(), id); i >= 0 {
		return i
	}
	return len(catalog.BuiltinIDs())
}
