package scan

import (
	"bytes"
	"errors"
	"io"
	"sync"

	"github.com/codewatch/codewatch/internal/catalog"
)

// block is a buffer of complete lines on its way through the parallel
// reader: read by the producer, searched by a worker, its lines with codes
// read in their SDK by the ahead stage, and emitted in order by the
// consumer (the goroutine that called Scan).
type block struct {
	buf []byte
	n   int     // bytes in buf
	end int     // the complete lines are buf[:end] (all of buf[:n] when final)
	ms  []Match // found by a worker
	// pre are the block's lines with codes, read ahead in their SDK (see
	// preLines), unless every line goes to the sink.
	pre   preLines
	bytes int64 // bytes read from the input up to the end of this block
	err   error // the read error that ended the input, on the final block
	final bool  // the input ends with this block
	long  bool  // buf holds the start of a line longer than the buffer
	done  chan struct{}
}

// resumeAt tells the producer where to go on after a long line: the bytes
// read after it, and the count of bytes read so far.
type resumeAt struct {
	rest  []byte
	total int64
}

// pipeline is what the goroutines of the parallel reader pass blocks on.
type pipeline struct {
	free      chan *block       // blocks to fill
	order     chan *block       // every block, in input order
	work      chan *block       // blocks to search
	ready     chan *block       // the blocks, in order, their lines read in their SDK
	resume    chan resumeAt     // after a long line: where the producer goes on
	afterLong chan catalog.SDKs // after a long line: the context it left
	quit      chan struct{}     // the consumer stopped early
}

// scanParallel is Scan with a goroutine reading ahead (produce), Workers
// goroutines searching blocks of lines for codes (search), and one more
// reading their lines with codes in their SDK, in order, for the context
// runs from block to block (readAhead): what is left to this goroutine is
// handing the lines on (consume). The sink is called, in order, from this
// goroutine only.
//
// A line longer than the buffer stops the pipeline: when every block
// before it has been emitted, it is read here, serially, by the same code
// as in serial mode, and the producer goes on from the bytes after it.
func (rd *Reader) scanParallel(r io.Reader) (Stats, error) {
	nbuf := rd.opt.Workers + 2
	p := &pipeline{
		free:      make(chan *block, nbuf),
		order:     make(chan *block, nbuf),
		work:      make(chan *block, nbuf),
		ready:     make(chan *block, nbuf),
		resume:    make(chan resumeAt),
		afterLong: make(chan catalog.SDKs),
		quit:      make(chan struct{}),
	}
	if len(rd.blocks) != nbuf {
		rd.blocks = make([]*block, nbuf)
		for i := range rd.blocks {
			rd.blocks[i] = &block{buf: make([]byte, rd.opt.BufSize), done: make(chan struct{}, 1)}
		}
	}
	for _, b := range rd.blocks {
		select {
		case <-b.done: // left signalled by an early return
		default:
		}
		p.free <- b
	}
	if rd.ahead == nil {
		rd.ahead = &lineState{scratch: new(scratch)}
	}
	rd.ahead.m, rd.ahead.opt, rd.ahead.ctx = rd.m, rd.opt, rd.ctx
	// The producer's carry buffer, kept from scan to scan (one made for
	// each input cost more than reading small inputs).
	if cap(rd.carry) < rd.opt.BufSize {
		rd.carry = make([]byte, 0, rd.opt.BufSize)
	}

	// On an early return the producer may still be blocked in r.Read: it is
	// not waited for, and ends when the read returns.
	var wg sync.WaitGroup
	finished := false
	defer func() {
		close(p.quit)
		if finished {
			wg.Wait()
		} else {
			// The producer may still write into them, and the ahead
			// stage use its state.
			rd.blocks, rd.carry, rd.ahead = nil, nil, nil
		}
	}()
	for range rd.opt.Workers {
		wg.Go(func() { rd.search(p) })
	}
	ahead, carry := rd.ahead, rd.carry[:0]
	wg.Go(func() { rd.readAhead(p, ahead) })
	wg.Go(func() { produce(p, r, carry) })
	return rd.consume(p, r, &finished)
}

// search finds the matches of the blocks it is given.
func (rd *Reader) search(p *pipeline) {
	for b := range p.work {
		b.ms = rd.find(b.buf[:b.end], b.ms[:0])
		b.done <- struct{}{}
	}
}

// readAhead is the reading of lines in their SDK, in order, a stage of
// its own between the workers and the consumer: it takes each block as
// its matches are found, reads its lines with codes in the context the
// block before left (unless every line goes to the sink), and hands it
// on; the consumer then only hands those lines to the sink. After a long
// line, which the consumer reads, it waits for the context the line left.
func (rd *Reader) readAhead(p *pipeline, ahead *lineState) {
	defer close(p.ready)
	prep := !ahead.opt.EveryLine
	for b := range p.order {
		long := b.long // b is not this stage's once handed on
		if !long {
			select {
			case <-b.done:
			case <-p.quit:
				return
			}
			if prep {
				ahead.pre(b.buf[:b.end], b.ms, &b.pre)
			}
		}
		select {
		case p.ready <- b:
		case <-p.quit:
			return
		}
		if long {
			select {
			case ahead.ctx = <-p.afterLong:
			case <-p.quit:
				return
			}
		}
	}
}

// produce reads r into blocks of complete lines, carry holding the bytes
// after the last line end of the block before.
func produce(p *pipeline, r io.Reader, carry []byte) {
	defer close(p.work)
	defer close(p.order)
	var total int64
	empty := 0
	for {
		var b *block
		select {
		case b = <-p.free:
		case <-p.quit:
			return
		}
		b.n = copy(b.buf, carry)
		b.end, b.err, b.final, b.long = 0, nil, false, false
		if nl := bytes.LastIndexByte(b.buf[:b.n], '\n'); nl >= 0 {
			// After a long line the carry may hold complete lines:
			// send them before waiting for more input.
			b.end = nl + 1
		}
		for b.end == 0 {
			k, err := readSome(r, b.buf[b.n:], &empty)
			total += int64(k)
			nl := bytes.LastIndexByte(b.buf[b.n:b.n+k], '\n')
			if nl >= 0 {
				b.end = b.n + nl + 1
			}
			b.n += k
			if err != nil {
				b.err, b.final, b.end = err, true, b.n
				break
			}
			if nl < 0 && b.n == len(b.buf) {
				b.long = true
				break
			}
		}
		b.bytes = total
		if b.long {
			p.order <- b
			select {
			case at := <-p.resume:
				carry, total = append(carry[:0], at.rest...), at.total
			case <-p.quit:
				return
			}
			continue
		}
		carry = append(carry[:0], b.buf[b.end:b.n]...)
		b.n = b.end
		p.order <- b
		p.work <- b
		if b.final {
			return
		}
	}
}

// consume hands the lines of the blocks to the sink, in order, and reads
// long lines itself; finished is set when the input was read to its end.
func (rd *Reader) consume(p *pipeline, r io.Reader, finished *bool) (Stats, error) {
	var st Stats
	idle := func() error {
		if rd.opt.Idle != nil {
			return rd.opt.Idle()
		}
		return nil
	}
	for {
		var b *block
		var ok bool
		select {
		case b, ok = <-p.ready:
		default:
			if err := idle(); err != nil {
				return st, err
			}
			b, ok = <-p.ready
		}
		if !ok {
			return st, nil // the producer stopped on quit; not reached otherwise
		}
		if b.long {
			// Read the long line serially, from where the producer left it.
			n := copy(rd.buf, b.buf[:b.n])
			st.Bytes = b.bytes
			p.free <- b
			if n != len(rd.buf) {
				panic("scan: long block smaller than the buffer") // both are BufSize
			}
			rest, rerr, serr := rd.long(r, &st)
			if serr != nil {
				return st, serr
			}
			if rerr != nil {
				if rest > 0 {
					if serr := rd.block(rd.buf[:rest], &st); serr != nil {
						return st, serr
					}
				}
				*finished = errors.Is(rerr, io.EOF)
				if *finished {
					return st, nil
				}
				return st, &ReadError{rerr}
			}
			p.afterLong <- rd.ctx
			p.resume <- resumeAt{rest: rd.buf[:rest], total: st.Bytes}
			continue
		}
		st.Bytes = b.bytes
		var err error
		switch {
		case rd.opt.EveryLine:
			err = rd.emit(b.buf[:b.end], b.ms, &st)
		case b.pre.start == rd.ctx:
			rd.ctx = b.pre.end
			err = rd.replay(b.buf[:b.end], &b.pre, &st)
		default:
			rd.redone++
			err = rd.emit(b.buf[:b.end], b.ms, &st)
		}
		if err != nil {
			return st, err
		}
		final, err := b.final, b.err
		p.free <- b
		if final {
			*finished = true
			if errors.Is(err, io.EOF) {
				return st, nil
			}
			return st, &ReadError{err}
		}
	}
}
