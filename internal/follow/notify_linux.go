package follow

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// inotify is Linux's inotify, in two instances read through an epoll set
// of their own: one for writes, armed once (EPOLLONESHOT), so that once
// writes are read the set stays quiet while the reader pauses
// (Options.Batch), however many come, and they are read together after
// it; and one for names created, renamed or removed, always armed, which
// ends a pause at once. (With one inotify descriptor in the Go runtime's
// netpoller, as fsnotify has it, every event wakes a thread, read or not:
// with 2,000 busy files, those wakes cost more than reading the lines.)
// The epoll set itself is in the netpoller, so waiting costs no thread.
//
// After a name was created, renamed or removed — a rotation under way —
// writes are read at once for a while (hot): copytruncate's truncation
// must be seen before logrotate compresses the copy and removes it.
type inotify struct {
	writes int // inotify, for writes to the files in the directories
	moves  int // inotify, for everything else
	ep     *os.File
	epfd   int
	w      *Follower
	quit   chan struct{}

	mu  sync.Mutex          // for wds, and quit with the epoll set's deadline
	wds [2]map[int32]string // watch descriptor → directory, of writes and of moves
}

// The events watched for: those fsnotify watches for (writes, creations,
// removals, renames and attribute changes in the directory, and the
// directory's own removal or move), writes in one instance, the rest in
// the other.
const (
	writeMask = unix.IN_MODIFY
	moveMask  = unix.IN_ATTRIB | unix.IN_CREATE | unix.IN_DELETE | unix.IN_MOVED_FROM | unix.IN_MOVED_TO |
		unix.IN_DELETE_SELF | unix.IN_MOVE_SELF
)

// hot is how long writes are read at once after a name was created,
// renamed or removed.
const hot = time.Second

// inotifyInit and inotifyAddWatch are the system calls (seams for tests:
// the limits cannot be reached for real without changing the system's).
var (
	inotifyInit     = unix.InotifyInit1
	inotifyAddWatch = unix.InotifyAddWatch
)

func newNotifier(w *Follower) (notifier, error) {
	in := &inotify{writes: -1, moves: -1, epfd: -1, w: w, quit: make(chan struct{}),
		wds: [2]map[int32]string{{}, {}}}
	err := in.open()
	if err != nil {
		in.release()
		return nil, err
	}
	in.ep = os.NewFile(uintptr(in.epfd), "epoll")
	return in, nil
}

func (in *inotify) open() error {
	var err error
	for _, fd := range []*int{&in.writes, &in.moves} {
		if *fd, err = inotifyInit(unix.IN_CLOEXEC | unix.IN_NONBLOCK); err != nil {
			return watchError("inotify_init1", "", err)
		}
	}
	if in.epfd, err = unix.EpollCreate1(unix.EPOLL_CLOEXEC); err != nil {
		return os.NewSyscallError("epoll_create1", err)
	}
	if err := unix.SetNonblock(in.epfd, true); err != nil {
		return os.NewSyscallError("fcntl", err)
	}
	if err := in.ctl(unix.EPOLL_CTL_ADD, in.writes, unix.EPOLLONESHOT); err != nil {
		return os.NewSyscallError("epoll_ctl", err)
	}
	if err := in.ctl(unix.EPOLL_CTL_ADD, in.moves, 0); err != nil {
		return os.NewSyscallError("epoll_ctl", err)
	}
	return nil
}

// ctl adds fd to the epoll set, or arms it again (EPOLL_CTL_MOD).
func (in *inotify) ctl(op, fd int, flags uint32) error {
	ev := unix.EpollEvent{Events: unix.EPOLLIN | flags, Fd: int32(fd)}
	// (Raw: epoll_ctl does not block, and a system call the runtime is
	// told of wakes its monitor thread, sysmon, each time.)
	if _, _, e := unix.RawSyscall6(unix.SYS_EPOLL_CTL, uintptr(in.epfd), uintptr(op), uintptr(fd), uintptr(unsafe.Pointer(&ev)), 0, 0); e != 0 {
		return e
	}
	return nil
}

func (in *inotify) release() {
	if in.ep != nil {
		in.ep.Close()
	} else if in.epfd >= 0 {
		unix.Close(in.epfd)
	}
	for _, fd := range []int{in.writes, in.moves} {
		if fd >= 0 {
			unix.Close(fd)
		}
	}
}

func (in *inotify) add(dir string) error {
	for i, fd := range []int{in.writes, in.moves} {
		wd, err := inotifyAddWatch(fd, dir, []uint32{writeMask, moveMask}[i])
		if err != nil {
			return watchError("inotify_add_watch", dir, err)
		}
		in.mu.Lock()
		in.wds[i][int32(wd)] = dir
		in.mu.Unlock()
	}
	return nil
}

func (in *inotify) stop() {
	in.mu.Lock()
	defer in.mu.Unlock()
	close(in.quit)
	in.ep.SetReadDeadline(time.Unix(1, 0)) // ends a wait
}

// until sets when the next wait ends (the zero time: with events only); it
// reports false once stopped.
func (in *inotify) until(t time.Time) bool {
	in.mu.Lock()
	defer in.mu.Unlock()
	select {
	case <-in.quit:
		return false
	default:
	}
	in.ep.SetReadDeadline(t)
	return true
}

func (in *inotify) close() error {
	in.release()
	return nil
}

func (in *inotify) run(wt *watcher) {
	rc, err := in.ep.SyscallConn()
	if err != nil {
		wt.lost(in.w)
		wt.signal()
		return
	}
	buf := make([]byte, 64<<10)
	var evs [2]unix.EpollEvent
	ready := func(uintptr) bool {
		n, _, e := unix.RawSyscall6(unix.SYS_EPOLL_WAIT, uintptr(in.epfd), uintptr(unsafe.Pointer(&evs[0])), uintptr(len(evs)), 0, 0, 0)
		return e == 0 && n > 0
	}
	var hotUntil time.Time
	for pausing := false; ; {
		// Wait for events: a write (when armed), a move, or the pause's end.
		var end time.Time
		if pausing {
			end = time.Now().Add(wt.batch)
		}
		if !in.until(end) {
			return
		}
		if err := rc.Read(ready); err != nil && !(pausing && errors.Is(err, os.ErrDeadlineExceeded)) {
			select {
			case <-in.quit:
			default:
				wt.lost(in.w) // the Waker alone, from now on
				wt.signal()
			}
			return
		}
		select {
		case <-in.quit:
			return
		default:
		}
		moved, ok := in.read(wt, 1, buf)
		if !ok {
			return
		}
		if moved {
			hotUntil = time.Now().Add(hot)
		}
		wrote, ok := in.read(wt, 0, buf)
		if !ok {
			return
		}
		if moved || wrote {
			wt.signal()
		}
		// Writes read, and no rotation under way: pause, the writes'
		// instance not armed, so that those that come meanwhile wake
		// nothing and are read together after it. Otherwise armed again
		// (writes that came since the read make the set ready at once).
		pausing = wrote && wt.batch > 0 && time.Now().After(hotUntil)
		if !pausing {
			if err := in.ctl(unix.EPOLL_CTL_MOD, in.writes, unix.EPOLLONESHOT); err != nil {
				wt.lost(in.w)
				wt.signal()
				return
			}
		}
	}
}

// read reads the events waiting in instance i (0 writes, 1 moves) and
// hands them to wt; it reports whether there were any, and false for ok
// when the instance cannot be read.
func (in *inotify) read(wt *watcher, i int, buf []byte) (any, ok bool) {
	fd := []int{in.writes, in.moves}[i]
	n, _, e := unix.RawSyscall(unix.SYS_READ, uintptr(fd), uintptr(unsafe.Pointer(&buf[0])), uintptr(len(buf)))
	switch {
	case e == unix.EAGAIN || e == unix.EINTR:
		return false, true
	case e != 0:
		wt.lost(in.w) // the Waker alone, from now on
		wt.signal()
		return false, false
	}
	in.events(wt, i, buf[:n])
	return n > 0, true
}

// events hands the events in b, read from instance i, to wt.
func (in *inotify) events(wt *watcher, i int, b []byte) {
	for len(b) >= unix.SizeofInotifyEvent {
		ev := (*unix.InotifyEvent)(unsafe.Pointer(&b[0]))
		end := unix.SizeofInotifyEvent + int(ev.Len)
		if end > len(b) {
			break
		}
		name := b[unix.SizeofInotifyEvent:end]
		if k := bytes.IndexByte(name, 0); k >= 0 {
			name = name[:k]
		}
		b = b[end:]
		if ev.Mask&unix.IN_Q_OVERFLOW != 0 {
			wt.lost(in.w)
			continue
		}
		in.mu.Lock()
		dir, ok := in.wds[i][ev.Wd]
		if ev.Mask&unix.IN_IGNORED != 0 {
			delete(in.wds[i], ev.Wd) // the directory went, or was unmounted
		}
		in.mu.Unlock()
		if !ok || ev.Mask&unix.IN_IGNORED != 0 {
			continue
		}
		path := dir
		if len(name) > 0 {
			path = filepath.Join(dir, string(name))
		}
		moved := ev.Mask&(unix.IN_CREATE|unix.IN_DELETE|unix.IN_MOVED_FROM|unix.IN_MOVED_TO|unix.IN_DELETE_SELF|unix.IN_MOVE_SELF) != 0
		wt.event(in.w, path, moved)
	}
}

// watchError is err from the system call op (on dir), saying which of
// the system's limits was reached, with its value, when that is why it
// failed.
func watchError(op, dir string, err error) error {
	we := &WatchError{Dir: dir, Err: err}
	switch {
	case op == "inotify_add_watch" && errors.Is(err, unix.ENOSPC):
		we.Limit = "inotify watches (fs.inotify.max_user_watches = " + sysctl("fs/inotify/max_user_watches") + ")"
	case op == "inotify_init1" && errors.Is(err, unix.EMFILE):
		// The user's inotify instances, or this process's open files.
		var rl unix.Rlimit
		if ents, derr := os.ReadDir("/proc/self/fd"); derr == nil && unix.Getrlimit(unix.RLIMIT_NOFILE, &rl) == nil && uint64(len(ents))+2 >= rl.Cur {
			we.Limit = fmt.Sprintf("open files (ulimit -n = %d)", rl.Cur)
		} else {
			we.Limit = "inotify instances (fs.inotify.max_user_instances = " + sysctl("fs/inotify/max_user_instances") + ")"
		}
	}
	return we
}

// sysctl reads a setting of the kernel from /proc/sys ("?" when it
// cannot be read).
func sysctl(name string) string {
	b, err := os.ReadFile("/proc/sys/" + name)
	if err != nil {
		return "?"
	}
	return string(bytes.TrimSpace(b))
}
