package follow

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// TestCompressedSiblings: a file beside the name that is compressed — by
// its name (.gz .zst .bz2 .xz .lz4 .zip) or by its first bytes — or still
// empty is never read as a rotated file: logrotate's compress (without
// delaycompress) creates app.log.1.gz empty, then gzip fills it.
func TestCompressedSiblings(t *testing.T) {
	log, w, c, _ := followEmpty(t)
	appendFile(t, log, "a1\n")
	check(t, "a1", poll(t, w, c), "a1\n")
	appendFile(t, log, "a2\n")
	os.Rename(log, log+".1")
	appendFile(t, log+".1.gz", "")                      // gzip about to fill it
	appendFile(t, log+".2.xz", "plain text in a .xz\n") // compressed by its name
	appendFile(t, log+".0", "")                         // still empty
	appendFile(t, log, "b1\n")
	check(t, "rotated", poll(t, w, c), "a2\nb1\n")
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte("a1\na2\n"))
	zw.Close()
	appendFile(t, log+".1.gz", gz.String())
	appendFile(t, log, "b2\n")
	check(t, "after gzip filled it", poll(t, w, c), "b2\n")
	// Rotated twice between two looks: the file in between is read, the
	// compressed ones beside it are not.
	appendFile(t, log, "b3\n")
	os.Rename(log, log+".1")
	appendFile(t, log, "c1\n")
	os.Rename(log, log+".3")
	appendFile(t, log+".4", gz.String()) // gzip by its first bytes
	appendFile(t, log, "d1\n")
	check(t, "rotated twice", poll(t, w, c), "b3\nc1\nd1\n")
}

// header is a constant first row longer than FingerprintSize: a CSV
// header, a banner.
var header = "time,level,message," + strings.Repeat("field,", 50) + "end\n"

// TestSharedHeaderLive: files that begin with the same bytes are not
// taken for one another: a new file is read from its start, not from
// where an earlier file with the same header was left.
func TestSharedHeaderLive(t *testing.T) {
	log, w, c, clk := followEmpty(t)
	appendFile(t, log, header+"a1\na2\na3\na4\na5\n")
	check(t, "a", poll(t, w, c), header+"a1\na2\na3\na4\na5\n")
	for _, gen := range []string{"b", "c"} {
		os.Rename(log, log+".1")
		var lines string
		for i := 1; i <= 20; i++ {
			lines += fmt.Sprintf("%s%d\n", gen, i)
		}
		appendFile(t, log, header+lines)
		check(t, "rotated to "+gen, poll(t, w, c), header+lines)
		clk.t = clk.t.Add(time.Minute)
		check(t, "closed", poll(t, w, c), "")
	}
}

// TestSharedHeaderCopyTruncate: the rest of a copytruncated file is read
// from its copy, not from an older copy with the same header that is long
// enough (dateext names: the older sorts first).
func TestSharedHeaderCopyTruncate(t *testing.T) {
	log, w, c, _ := followEmpty(t)
	appendFile(t, log+"-20260101", header+"old1\nold2\nold3\nold4\nold5\nold6\n")
	// Older than the start. (Written just after it, it was taken for a
	// file rotated in between and read whole, unless the file system's
	// coarse clock dated it before the start: the test failed now and
	// then.)
	old := time.Now().Add(-time.Hour)
	if err := os.Chtimes(log+"-20260101", old, old); err != nil {
		t.Fatal(err)
	}
	appendFile(t, log, header+"a1\na2\n")
	check(t, "a", poll(t, w, c), header+"a1\na2\n")
	appendFile(t, log, "a3\n")
	copyTruncate(t, log, log+"-20260102")
	appendFile(t, log, header+"b1\n")
	check(t, "copytruncate", poll(t, w, c), "a3\n"+header+"b1\n")
	// Truncated and written past the old offset before a look, with the
	// same header: seen, and read from its start.
	appendFile(t, log, "b2\n")
	check(t, "b2", poll(t, w, c), "b2\n")
	os.Truncate(log, 0)
	appendFile(t, log, header+"c1 a longer line than before\nc2\n")
	check(t, "rewritten", poll(t, w, c), header+"c1 a longer line than before\nc2\n")
}

// TestSharedHeaderRestart: positions restored after a clean stop are exact
// for files that share a header, rotated by rename (dateext, the older
// copy sorting first) or by copytruncate while stopped.
func TestSharedHeaderRestart(t *testing.T) {
	dir := t.TempDir()
	log := filepath.Join(dir, "app.log")
	save := func(w *Follower) *Positions {
		t.Helper()
		var buf bytes.Buffer
		if _, err := w.Positions().WriteTo(&buf); err != nil {
			t.Fatal(err)
		}
		w.Close()
		p, err := ReadPositions(&buf)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	appendFile(t, log+"-20260101", header+"old1\nold2\nold3\nold4\nold5\nold6\nold7\n")
	old := time.Now().Add(-time.Hour) // rotated long before
	os.Chtimes(log+"-20260101", old, old)
	appendFile(t, log, header+"a1\na2\n")
	w, c, _ := newTest(t, []string{log}, Options{Start: AtStart})
	check(t, "a", poll(t, w, c), header+"a1\na2\n")
	pos := save(w)

	// Renamed while stopped (dateext), a new file with the same header.
	appendFile(t, log, "a3\n")
	os.Rename(log, log+"-20260102")
	appendFile(t, log, header+"b1\n")
	w, c, _ = newTest(t, []string{log}, Options{Positions: pos})
	check(t, "renamed while stopped", poll(t, w, c), "a3\n"+header+"b1\n")
	pos = save(w)

	// Truncated and written again past the offset while stopped: same
	// inode, same header, another file.
	os.Truncate(log, 0)
	appendFile(t, log, header+"c1 longer than b1 was\nc2\n")
	w, c, _ = newTest(t, []string{log}, Options{Positions: pos})
	check(t, "rewritten while stopped", poll(t, w, c), header+"c1 longer than b1 was\nc2\n")
}

// openFDs counts the descriptors of this process open on path.
func openFDs(t *testing.T, path string) int {
	t.Helper()
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skipf("no /proc/self/fd: %v", err)
	}
	n := 0
	for _, e := range ents {
		if l, err := os.Readlink("/proc/self/fd/" + e.Name()); err == nil && strings.TrimSuffix(l, " (deleted)") == path {
			n++
		}
	}
	return n
}

// TestDeletedClosed: a deleted file is read to its end and closed (after
// the grace a rotated-away file gets, for a writer still writing), so that
// its disk space is freed; a renamed file is not deleted, and is drained
// as before.
func TestDeletedClosed(t *testing.T) {
	log, w, c, clk := followEmpty(t)
	appendFile(t, log, "a1\n")
	check(t, "a1", poll(t, w, c), "a1\n")
	appendFile(t, log, "a2\n")
	os.Remove(log)
	check(t, "deleted: read to its end", poll(t, w, c), "a2\n")
	clk.t = clk.t.Add(3 * time.Second)
	poll(t, w, c)
	if n := openFDs(t, log); n != 0 {
		t.Errorf("a deleted file read to its end is still open (%d descriptors)", n)
	}
	appendFile(t, log, "b1\n")
	check(t, "re-created", poll(t, w, c), "b1\n")

	// Renamed away and not re-created: kept open, and read.
	os.Rename(log, log+".1")
	clk.t = clk.t.Add(time.Minute)
	poll(t, w, c)
	appendFile(t, log+".1", "b2\n")
	check(t, "renamed, still read", poll(t, w, c), "b2\n")
	if n := openFDs(t, log+".1"); n != 1 {
		t.Errorf("a renamed file: %d descriptors, want 1", n)
	}
}

// TestForgetMatched: names matched by a pattern are forgotten once their
// file is gone and read to its end, so that following a directory where
// files come and go keeps no state for the names that went.
func TestForgetMatched(t *testing.T) {
	dir := t.TempDir()
	w, c, clk := newTest(t, []string{filepath.Join(dir, "*.log")}, Options{})
	poll(t, w, c)
	read := 0
	for round := range 3 {
		for i := range 100 {
			appendFile(t, filepath.Join(dir, fmt.Sprintf("r%d-%d.log", round, i)), fmt.Sprintf("x %d %d\n", round, i))
		}
		w.Rescan()
		read += strings.Count(poll(t, w, c), "x ")
		for i := range 100 {
			os.Remove(filepath.Join(dir, fmt.Sprintf("r%d-%d.log", round, i)))
		}
		poll(t, w, c)
		clk.t = clk.t.Add(3 * time.Second)
		poll(t, w, c)
		if n := w.retained(); n != 0 {
			t.Fatalf("round %d: %d names kept after their files went", round, n)
		}
	}
	if read != 300 {
		t.Errorf("%d lines read, want 300", read)
	}
}

// BenchmarkChurn: files matching a pattern created, read and deleted: the
// follower's state (names, open files, fingerprints) stays flat. Bounds:
// no name kept once its file is gone (retained-names 0), and the live heap
// after the churn within 256 KiB of the heap before it (heap-growth-B:
// 90 KiB over 2,000 files as over 14,000, the ring of past generations
// filling; with names kept, 650 KiB over 2,000 files, 330 bytes a name).
// Run it with at least 1,000 files: go test -bench Churn -benchtime 2000x
func BenchmarkChurn(b *testing.B) {
	dir := b.TempDir()
	clk := &clock{t: time.Now()}
	w := New([]string{filepath.Join(dir, "*.log")}, Options{Now: clk.now})
	defer w.Close()
	h := &collector{}
	w.Poll(h)
	heap := func() int64 {
		var ms runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&ms)
		return int64(ms.HeapAlloc)
	}
	before := heap()
	i := 0
	b.ReportAllocs()
	for b.Loop() {
		name := filepath.Join(dir, fmt.Sprintf("f%d.log", i))
		i++
		os.WriteFile(name, fmt.Appendf(nil, "x %d\n", i), 0o644)
		w.Rescan()
		w.Poll(h)
		os.Remove(name)
		w.Poll(h)
		clk.t = clk.t.Add(3 * time.Second)
		w.Poll(h)
		h.take()
	}
	b.StopTimer()
	growth := heap() - before
	b.ReportMetric(float64(w.retained()), "retained-names")
	b.ReportMetric(float64(growth), "heap-growth-B")
	if n := w.retained(); n > 0 {
		b.Errorf("%d names kept after %d files came and went", n, i)
	}
	if growth > 256<<10 {
		b.Errorf("the live heap grew by %d bytes over %d files that came and went, want under 256 KiB", growth, i)
	}
}

// TestLongLineSearchedOnce: a long line written slowly in parts is
// searched for its end once, not again from its start at every look.
func TestLongLineSearchedOnce(t *testing.T) {
	log, w, c, _ := followEmpty(t)
	part := strings.Repeat("z", 4<<10)
	const parts = 256
	for range parts {
		appendFile(t, log, part)
		check(t, "part", poll(t, w, c), "")
	}
	appendFile(t, log, "\n")
	if got := poll(t, w, c); len(got) != parts*len(part)+1 {
		t.Fatalf("the long line: %d bytes, want %d", len(got), parts*len(part)+1)
	}
	g := w.byName[log].cur
	if total := int64(parts * len(part)); g.searched > 2*total {
		t.Errorf("searched %d bytes for the end of a line of %d", g.searched, total)
	}
}

// TestPositionsForgedLine: a positions file whose line count cannot be
// (more lines than bytes before the offset: a forged one, which would
// overflow) is refused.
func TestPositionsForgedLine(t *testing.T) {
	for _, s := range []string{
		`{"format":"codewatch-positions/1","saved":"2026-01-01T00:00:00Z","files":[{"name":"x","files":[{"dev":1,"ino":2,"offset":10,"line":9223372036854775807,"fingerprint":"","fingerprint_len":0}]}]}`,
		`{"format":"codewatch-positions/1","saved":"2026-01-01T00:00:00Z","files":[{"name":"x","files":[{"dev":1,"ino":2,"offset":10,"line":11,"fingerprint":"","fingerprint_len":0}]}]}`,
	} {
		if _, err := ReadPositions(strings.NewReader(s)); err == nil {
			t.Errorf("%s: read, want refused", s)
		}
	}
	ok := `{"format":"codewatch-positions/1","saved":"2026-01-01T00:00:00Z","files":[{"name":"x","files":[{"dev":1,"ino":2,"offset":10,"line":10,"fingerprint":"","fingerprint_len":0}]}]}`
	if _, err := ReadPositions(strings.NewReader(ok)); err != nil {
		t.Errorf("10 lines in 10 bytes: %v", err)
	}
}

// TestPollOnlyWhatChanged: an inotify event polls the files it concerns,
// not every followed file; the waker's wake polls them all.
func TestPollOnlyWhatChanged(t *testing.T) {
	dir := t.TempDir()
	var names []string
	for i := range 50 {
		n := filepath.Join(dir, fmt.Sprintf("f%d.log", i))
		appendFile(t, n, "")
		names = append(names, n)
	}
	w, c, _ := newTest(t, names, Options{})
	waker := NewManualWaker()
	wake, err := w.Watch(waker, true)
	if err != nil {
		t.Skipf("no inotify: %v", err)
	}
	poll(t, w, c)
	w.polls = 0
	appendFile(t, names[7], "hello\n")
	got := ""
	for deadline := time.Now().Add(30 * time.Second); got == "" && time.Now().Before(deadline); {
		select {
		case <-wake:
		case <-time.After(time.Second):
		}
		got += poll(t, w, c)
	}
	check(t, "woken", got, "hello\n")
	if w.polls > 5 {
		t.Errorf("a write to one of 50 files polled %d files", w.polls)
	}
	w.polls = 0
	waker.WakeNow()
	<-wake
	poll(t, w, c)
	if w.polls != 50 {
		t.Errorf("the waker's wake polled %d files, want all 50", w.polls)
	}
}

// TestCopyShorterThanRead: copytruncate's copy made before the last lines
// read were written (logrotate copies, the writer writes on, we read,
// logrotate truncates) is shorter than what was read: it is a copy still,
// not a file in between to read whole.
func TestCopyShorterThanRead(t *testing.T) {
	log, w, c, _ := followEmpty(t)
	appendFile(t, log, header+"a1\na2\n")
	check(t, "a1 a2", poll(t, w, c), header+"a1\na2\n")
	appendFile(t, log, "a3\n")
	check(t, "a3", poll(t, w, c), "a3\n")
	b, _ := os.ReadFile(log)
	os.WriteFile(log+".1", b, 0o644) // the copy
	appendFile(t, log, "a4 written between the copy and the truncate\n")
	check(t, "a4", poll(t, w, c), "a4 written between the copy and the truncate\n")
	os.Truncate(log, 0)
	appendFile(t, log, "b1\n")
	check(t, "truncated", poll(t, w, c), "b1\n")
}

// syscr returns the read system calls this process has made
// (/proc/self/io), less those of reading it.
func syscr(t *testing.T) int {
	t.Helper()
	b, err := os.ReadFile("/proc/self/io")
	if err != nil {
		t.Skipf("no /proc/self/io: %v", err)
	}
	for _, l := range strings.Split(string(b), "\n") {
		if n, ok := strings.CutPrefix(l, "syscr: "); ok {
			var v int
			fmt.Sscan(n, &v)
			return v
		}
	}
	t.Skip("no syscr in /proc/self/io")
	return 0
}

// TestOneReadALook: a look at a file that grew by a line is one read of
// it — the bytes it compares (the first bytes while they grow, or those
// just before the offset) and the new ones, read together — where it was
// four (a read of the first bytes and one of the new bytes, each made
// twice by os.File.ReadAt to be told where the file ends): with 2,000
// files followed, reads are most of the cost of a line (issue 14,
// Medium 6).
func TestOneReadALook(t *testing.T) {
	for _, tc := range []struct{ name, start string }{
		{"small file", "a1\n"},
		{"past the first bytes", header + "a1\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			log, w, c, _ := followEmpty(t)
			c.buf = make([]byte, 64<<10) // as the monitor reads: lines fit
			appendFile(t, log, tc.start)
			check(t, "start", poll(t, w, c), tc.start)
			self := syscr(t) - syscr(t) // what reading /proc/self/io costs (negated)
			for i := range 3 {
				line := fmt.Sprintf("line %d\n", i)
				appendFile(t, log, line)
				before := syscr(t)
				got := poll(t, w, c)
				reads := syscr(t) - before + self
				check(t, line, got, line)
				if reads != 1 {
					t.Errorf("a look at a line appended: %d reads, want 1", reads)
				}
			}
		})
	}
}

// TestBatch: with Options.Batch, the writes that follow one are gathered
// and read together, a wake for many (2,000 busy files cost a wake, and
// its thread's scheduling, per line: 4–5× the CPU of GNU tail -F); the
// first write after a quiet spell wakes at once. A name created, renamed
// or removed ends a pause at once, and for a while writes are read at
// once again: copytruncate's truncation must be seen while its copy is
// still there to read, before logrotate compresses and removes it.
func TestBatch(t *testing.T) {
	dir := t.TempDir()
	var names []string
	for i := range 20 {
		n := filepath.Join(dir, fmt.Sprintf("f%02d.log", i))
		appendFile(t, n, "")
		names = append(names, n)
	}
	follow := func(t *testing.T, batch time.Duration) (*Follower, *collector, <-chan struct{}) {
		w, c, _ := newTest(t, names, Options{Batch: batch})
		c.buf = make([]byte, 64<<10)
		wake, err := w.Watch(NewManualWaker(), true)
		if err != nil {
			t.Skipf("no inotify: %v", err)
		}
		poll(t, w, c)
		return w, c, wake
	}
	// wakes writes n lines, one every 2 ms to the files in turn, polling
	// at each wake, and counts the wakes until every line is read.
	wakes := func(t *testing.T, w *Follower, c *collector, wake <-chan struct{}, n int) int {
		done := make(chan struct{})
		go func() {
			defer close(done)
			for i := range n {
				appendFile(t, names[i%len(names)], fmt.Sprintf("line %d\n", i))
				time.Sleep(2 * time.Millisecond)
			}
		}()
		count, lines := 0, 0
		for deadline := time.After(30 * time.Second); lines < n; {
			select {
			case <-wake:
				count++
				lines += strings.Count(poll(t, w, c), "\n")
			case <-deadline:
				t.Fatalf("%d of %d lines after 30 s", lines, n)
			}
		}
		<-done
		return count
	}
	t.Run("gathered", func(t *testing.T) {
		w, c, wake := follow(t, 100*time.Millisecond)
		if n := wakes(t, w, c, wake, 100); n > 8 { // 100 lines over 200 ms: 3 or 4
			t.Errorf("100 writes over 200 ms woke %d times with Batch 100 ms", n)
		}
	})
	t.Run("each at once without Batch", func(t *testing.T) {
		w, c, wake := follow(t, 0)
		if n := wakes(t, w, c, wake, 100); n < 30 {
			t.Errorf("100 writes 2 ms apart woke %d times without Batch", n)
		}
	})
	t.Run("a rotation ends a pause", func(t *testing.T) {
		w, c, wake := follow(t, time.Hour)
		appendFile(t, names[0], "a1\n")
		<-wake
		check(t, "first write, at once", poll(t, w, c), "a1\n")
		appendFile(t, names[0], "a2\n") // pausing: no wake
		select {
		case <-wake:
			t.Fatal("a write during a pause woke")
		case <-time.After(200 * time.Millisecond):
		}
		appendFile(t, filepath.Join(dir, "f00.log.1"), "") // copytruncate's copy, created
		select {
		case <-wake:
		case <-time.After(10 * time.Second):
			t.Fatal("a file created during a pause did not end it")
		}
		check(t, "after the creation", poll(t, w, c), "a2\n")
		appendFile(t, names[0], "a3\n") // a rotation under way: at once
		select {
		case <-wake:
		case <-time.After(10 * time.Second):
			t.Fatal("a write just after a file was created waited")
		}
		check(t, "hot", poll(t, w, c), "a3\n")
	})
}

// TestCatchUpInChunks: a long catch-up comes to the Handler in chunks of
// about chunkSize, each ending at a line end (a longer line is one chunk),
// each with its line number: between two, the monitor flushes its output
// and takes positions (issue 14, Medium 7).
func TestCatchUpInChunks(t *testing.T) {
	dir := t.TempDir()
	log := filepath.Join(dir, "app.log")
	var b strings.Builder
	b.WriteString(strings.Repeat("x", chunkSize*5/2) + " a long line\n")
	for i := 0; b.Len() < 5*chunkSize; i++ {
		fmt.Fprintf(&b, "line %d\n", i)
	}
	appendFile(t, log, b.String())
	w, c, _ := newTest(t, []string{log}, Options{Start: AtStart})
	c.buf = make([]byte, 64<<10)
	check(t, "all of it", poll(t, w, c), b.String())
	if len(c.bases) < 3 {
		t.Fatalf("%d chunks for %d bytes", len(c.bases), b.Len())
	}
	// Each chunk begins at its line number, the lines before it: the
	// first at 0, with the long line whole, the next after it.
	lines := int64(strings.Count(b.String(), "\n"))
	if c.bases[0] != 0 || c.bases[1] < 1 {
		t.Errorf("chunks begin at lines %v", c.bases)
	}
	for i := 1; i < len(c.bases); i++ {
		if c.bases[i] <= c.bases[i-1] || c.bases[i] >= lines {
			t.Errorf("chunk %d begins at line %d (of %d)", i, c.bases[i], lines)
		}
	}
}

// TestRestartAfterCopyTruncate: after a kill, a restart under
// copytruncate repeats at most what was read since the save. A copy that
// held nothing unread was closed at once, so it was not in the positions
// saved a moment later, and a restart that found the file truncated again
// meanwhile read it whole as a file rotated since the save (every copy of
// the second before the save: ~1.9 s of lines again; issue 14, Low 15).
// Such a copy is kept, read to its end, for Grace like any other.
func TestRestartAfterCopyTruncate(t *testing.T) {
	log, w, c, _ := followEmpty(t)
	appendFile(t, log, "a1\na2\na3\n")
	check(t, "a", poll(t, w, c), "a1\na2\na3\n")
	copyTruncate(t, log, log+".1")
	appendFile(t, log, "b1\n")
	check(t, "copytruncated, nothing left unread in the copy", poll(t, w, c), "b1\n")
	var buf bytes.Buffer
	if _, err := w.Positions().WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	w.Close() // killed: nothing saved after
	appendFile(t, log, "b2\n")
	copyTruncate(t, log, log+".2")
	appendFile(t, log, "c1\n")
	p, err := ReadPositions(&buf)
	if err != nil {
		t.Fatal(err)
	}
	w2, c2, _ := newTest(t, []string{log}, Options{Positions: p})
	check(t, "restarted", poll(t, w2, c2), "b2\nc1\n")
}

// TestReadFromStartFingerprints: a read from a file's start makes the
// handle's fingerprint the bytes it read. A fingerprint taken at a look
// (the file found truncated) can be of a content that is gone by the read
// — truncated and written again in between, copytruncate five times a
// second —, and with it the copy of what was read is not recognised at
// the next truncation: its lines were read twice (the fault harness's
// polling copytruncate, about one run in four: 999 lines duplicated).
func TestReadFromStartFingerprints(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "app.log")
	next := strings.Repeat("6001 the next generation's line\n", 20)
	if err := os.WriteFile(name, []byte(next), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	// Taken at the look: the first bytes of the generation before.
	g := &handle{f: f, fi: fi, fp: []byte("5001 the generation before\n")}
	r := &chunkReader{h: g, end: -1}
	buf := make([]byte, 4096)
	if _, err := r.Read(buf); err != nil {
		t.Fatal(err)
	}
	if want := next[:min(len(next), FingerprintSize)]; string(g.fp) != want {
		t.Fatalf("fingerprint after reading from the start: %q, want the bytes read, %q", g.fp, want)
	}
	// A fingerprint that agrees with what was read, and is longer, stays.
	long := []byte(next[:64])
	g2 := &handle{f: f, fi: fi, fp: long}
	r2 := &chunkReader{h: g2, end: -1}
	if _, err := r2.Read(buf[:32]); err != nil {
		t.Fatal(err)
	}
	if string(g2.fp) != next[:64] {
		t.Fatalf("a longer fingerprint of the same content became %q", g2.fp)
	}
}
