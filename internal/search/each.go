package search

import (
	"errors"
	"fmt"
	"io"

	"github.com/codewatch/codewatch/internal/input"
	"github.com/codewatch/codewatch/internal/scan"
	"github.com/codewatch/codewatch/internal/timestamp"
)

// SkippedError is an input that was not read, as ripgrep passes over them
// in its walks: a binary file (a NUL byte in the first input.BinaryPeek
// bytes of its content) found by walking a directory or matching a
// pattern, or a member of an archive. Config.Text reads them anyway.
type SkippedError struct {
	Input  string
	Offset int // of the first NUL byte
}

func (e *SkippedError) Error() string {
	return fmt.Sprintf("%s: binary file skipped (a NUL byte at offset %d); --text reads it", e.Input, e.Offset)
}

// EmptyError is an archive that holds no file to read: not a failure, but
// not a silent nothing either.
type EmptyError struct {
	Input  string
	Format string // "zip" or "tar"
}

func (e *EmptyError) Error() string {
	return fmt.Sprintf("%s: %s archive with no files in it", e.Input, e.Format)
}

// Each reads in as one input or, when it is a zip or tar archive
// (input.OpenAny), as one input per file in it, named in.Name + ":" +
// the member's name, in the archive's order. Before an input's lines,
// start(name) gives the sink they go to (and the sink's Start(name) is
// called, if it has one); after them, done(name, stats, err) ends it. An
// input that could not be opened, was skipped (*SkippedError) or is an
// empty archive (*EmptyError) has done alone, without start. err is nil,
// or an *InputError, *DroppedError, *SkippedError or *EmptyError; Each
// returns only what stops everything: an *OutputError, or the context's
// error.
func (w *Worker) Each(in input.Input, start func(name string) scan.Sink, done func(name string, st scan.Stats, err error)) error {
	op, err := input.OpenAny(in, w.cfg.Stdin, w.cfg.Counted)
	if err != nil {
		done(in.Name, scan.Stats{}, &InputError{Input: in.Name, Err: err})
		return nil
	}
	defer op.Close()
	if op.Archive == nil {
		_, err := w.one(in.Name, op.R, in.Found && !w.cfg.Text, start, done)
		return err
	}
	a := op.Archive
	members := 0
	for {
		name, r, err := a.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil && name == "" { // the archive cannot be read on
			if members > 0 {
				err = afterFiles{err, members}
			}
			done(in.Name, scan.Stats{}, &InputError{Input: in.Name, Err: err})
			return nil
		}
		members++
		name = in.Name + ":" + name
		if err != nil {
			done(name, scan.Stats{}, &InputError{Input: name, Err: err})
			continue
		}
		ok, err := w.one(name, r, !w.cfg.Text, start, done)
		if err != nil {
			return err
		}
		if !ok && a.Format() == "tar" {
			return nil // a tar is one stream: what broke a member broke the rest
		}
		if err := w.ctx.Err(); err != nil {
			return err
		}
	}
	if members == 0 {
		done(in.Name, scan.Stats{}, &EmptyError{Input: in.Name, Format: a.Format()})
	}
	return nil
}

// afterFiles is an archive that could not be read on after n files. It
// does not unwrap: input.Reason would say the cause without the count.
type afterFiles struct {
	err error
	n   int
}

func (a afterFiles) Error() string {
	files := "files"
	if a.n == 1 {
		files = "file"
	}
	return fmt.Sprintf("%s, after %d %s", input.Reason(a.err), a.n, files)
}

// one reads r as the input name, after looking for a NUL byte in its
// first bytes when sniff says so. ok says that it could be read whole.
func (w *Worker) one(name string, r io.Reader, sniff bool, start func(string) scan.Sink, done func(string, scan.Stats, error)) (ok bool, err error) {
	if sniff {
		rc, ok := r.(io.ReadCloser)
		if !ok {
			rc = io.NopCloser(r)
		}
		rc, at, err := input.Sniff(rc)
		if err != nil {
			done(name, scan.Stats{}, &InputError{Input: name, Err: err, Opened: true})
			return false, nil
		}
		if at >= 0 {
			done(name, scan.Stats{}, &SkippedError{Input: name, Offset: at})
			return true, nil
		}
		r = rc
	}
	sink := start(name)
	if s, ok := sink.(interface{ Start(name string) }); ok {
		s.Start(name)
	}
	w.rd.SetContext(0) // a new input: nothing known of its SDK yet, nor its time
	w.last = timestamp.Time{}
	st, err := w.Scan(r, 0, sink)
	if errors.Is(err, Enough) {
		err = nil // the sink has read enough of this input (grep -l)
	}
	var re *scan.ReadError
	switch {
	case err == nil && st.Dropped > 0:
		err = &DroppedError{Input: name, First: st.FirstDropped, Lines: st.Dropped}
	case errors.As(err, &re):
		err = &InputError{Input: name, Err: re.Err, Opened: true, Lines: st.Lines}
	case err != nil:
		return false, err
	}
	done(name, st, err)
	var ie *InputError
	return !errors.As(err, &ie), nil
}
