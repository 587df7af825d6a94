// ts2go Go runtime: how Go tells a JS thread that frames are ready, without ever calling into JS.
//
// Each JS thread (the main thread or a Worker) opens one waker per library it loads; the clients
// (hosts) it opens share it. When a host's queue gets its first frame since JS last drained it, Go
// posts the host's id to its waker:
//   - wait (Deno): JS keeps one call of ts2go_wait pending, declared `nonblocking`, so that Deno runs
//     it on its blocking pool; it returns the posted ids, and the Promise resolves on the JS thread.
//   - socket (Bun): Go writes the ids to its end of a socket pair; Bun's event loop reads the other.
// Go never calls a JS function: a JS thread that goes away (a terminated Worker) leaves at most a
// wait that returns into nothing, or a socket that Bun has closed.
//
// A thread-exit hook, set on the JS thread when it opens a waker, tells Go when that thread is gone:
// Go then closes the waker's hosts (their Go → TS calls fail, their argument memory is freed once
// no call of theirs runs).
//
// The C half (ts2go_wait, the socket pair, the thread-exit hook) is in waiter.go.

package main

import "C"

import (
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"sync"
	"sync/atomic"
	"unsafe"
)

// Waker kinds, as JS passes them to ts2go_waker_open.
const (
	ts2goWakeWait   = 0 // Deno: ts2go_wait
	ts2goWakeSocket = 1 // Bun: a socket pair
)

// ts2goWaker is how Go reaches one JS thread (for one library): see the file's header.
type ts2goWaker struct {
	id     uint32
	kind   uint32
	waiter *ts2goWaiter // kind wait
	fd     int          // kind socket: Go's end
	jsFD   int          // kind socket: JS's end, which Bun owns once it has it
	thread uintptr      // the JS thread
	// mu is held for reading while posting to fd, for writing to mark the waker gone and close fd:
	// a number closed under a send could name another file by then.
	mu   sync.RWMutex
	gone bool
	// inSync names the sync method the JS thread is in, if any (see ts2goHostCall).
	inSync atomic.Pointer[string]
}

var (
	ts2goWakersMu sync.Mutex
	ts2goWakers   []*ts2goWaker
	// ts2goGonePipe carries the ids of wakers whose JS thread exited (written by ts2go_thread_exit).
	ts2goGonePipe *os.File
)

func ts2goWakerByID(id uint32) *ts2goWaker {
	ts2goWakersMu.Lock()
	defer ts2goWakersMu.Unlock()
	if int(id) >= len(ts2goWakers) {
		return nil
	}
	return ts2goWakers[id]
}

// ts2go_waker_open opens a waker for the calling JS thread; kind is ts2goWakeWait or ts2goWakeSocket.
// It returns the waker's id, or 0xFFFFFFFF when the system refused what it needs.
//
//export ts2go_waker_open
func ts2go_waker_open(kind uint32) uint32 {
	w := &ts2goWaker{kind: kind, fd: -1, jsFD: -1, thread: ts2goThreadSelf()}
	switch kind {
	case ts2goWakeWait:
		if w.waiter = ts2goNewWaiter(); w.waiter == nil {
			return 0xFFFFFFFF
		}
	case ts2goWakeSocket:
		var ok bool
		if w.fd, w.jsFD, ok = ts2goSocketPair(); !ok {
			return 0xFFFFFFFF
		}
	default:
		return 0xFFFFFFFF
	}
	ts2goWakersMu.Lock()
	defer ts2goWakersMu.Unlock()
	if ts2goGonePipe == nil {
		r, wr, err := os.Pipe()
		if err != nil {
			return 0xFFFFFFFF
		}
		ts2goGonePipe = wr // kept reachable: its finalizer would close the fd
		go ts2goWatchGone(r)
	}
	w.id = uint32(len(ts2goWakers))
	if !ts2goThreadNoteWaker(ts2goGonePipe.Fd(), w.id) {
		return 0xFFFFFFFF
	}
	ts2goWakers = append(ts2goWakers, w)
	return w.id
}

// ts2go_waker_fd is the JS end of a socket waker (Bun reads it; it owns it from then on).
//
//export ts2go_waker_fd
func ts2go_waker_fd(id uint32) int32 {
	if w := ts2goWakerByID(id); w != nil {
		return int32(w.jsFD)
	}
	return -1
}

// ts2go_waker_waiter is the waiter a wait waker's ts2go_wait takes (Deno); ts2go_wait puts the
// ready host ids at its address.
//
//export ts2go_waker_waiter
func ts2go_waker_waiter(id uint32) unsafe.Pointer {
	if w := ts2goWakerByID(id); w != nil {
		return unsafe.Pointer(w.waiter)
	}
	return nil
}

// post tells the JS thread that host id has frames.
func (w *ts2goWaker) post(id uint32) {
	if w.kind == ts2goWakeWait {
		ts2goWaiterPost(w.waiter, id, false)
		return
	}
	w.mu.RLock()
	failed := !w.gone && !ts2goSocketPost(w.fd, id)
	w.mu.RUnlock()
	if failed { // Bun closed its end: the thread is gone, or going
		ts2goWakerGone(w)
	}
}

// onThread reports whether the calling goroutine runs on the waker's JS thread, which only the
// goroutine of a sync call made from there does (a cgo callback keeps its thread until it returns).
func (w *ts2goWaker) onThread() bool { return ts2goThreadSelf() == w.thread }

// ts2goWatchGone closes the wakers whose JS thread exited.
func ts2goWatchGone(r *os.File) {
	var b [4]byte
	for {
		if _, err := io.ReadFull(r, b[:]); err != nil {
			panic(fmt.Sprintf("ts2go: reading exited threads: %v", err))
		}
		if w := ts2goWakerByID(binary.LittleEndian.Uint32(b[:])); w != nil {
			ts2goWakerGone(w)
		}
	}
}

// ts2goWakerGone closes a waker whose JS thread is gone, and every host that used it.
func ts2goWakerGone(w *ts2goWaker) {
	w.mu.Lock()
	if w.gone {
		w.mu.Unlock()
		return
	}
	w.gone = true
	if w.kind == ts2goWakeWait {
		ts2goWaiterPost(w.waiter, 0, true)
	} else {
		ts2goSocketClose(w.fd)
	}
	w.mu.Unlock()
	if hosts := ts2goHosts.Load(); hosts != nil {
		for _, h := range *hosts {
			if h.waker == w {
				h.close()
			}
		}
	}
}
