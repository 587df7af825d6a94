// ts2go Go runtime: how Go tells a JS thread that frames are ready, without ever calling into a JS
// thread that can go away.
//
// Each JS thread (the main thread or a Worker) opens one waker per library it loads; the clients
// (hosts) it opens share it. When a host's queue gets its first frame since JS last drained it, Go
// posts the host's id to the waker's ready list (waiter.go), and JS takes the list:
//   - through ts2go_wait, which JS keeps pending on Deno's blocking pool (declared `nonblocking`):
//     it returns once the list has ids, and its Promise resolves on the JS thread;
//   - or, when no ts2go_wait is pending, through ts2go_ready once the waker's doorbell rang:
//       - a byte on a socket pair whose other end Bun's event loop reads (Bun workers);
//       - a thread-safe callback (main threads only, which go away only with the process): Bun's
//         returns at once; Deno's blocks its caller until JS ran it, so only the waker's
//         dispatcher goroutine calls it;
//       - none: JS keeps a ts2go_wait pending at all times (Deno workers).
// A Worker's thread can go away (terminate, self.close) at any time, so Go never calls a JS function
// there: what is left after it is a wait that returns into nothing, or a socket Bun closed.
//
// A thread-exit hook, set on the JS thread when it opens a waker, tells Go when that thread is gone:
// Go then closes the waker's hosts (their calls' ctx is cancelled, their Go → TS calls fail, their
// argument memory is freed once no call of theirs runs).

package main

import "C"

import (
	"encoding/binary"
	"io"
	"os"
	"sync"
	"sync/atomic"
	"unsafe"
)

// Doorbells, as JS passes them to ts2go_waker_open (see the file's header).
const (
	ts2goBellNone             = 0
	ts2goBellSocket           = 1
	ts2goBellCallback         = 2
	ts2goBellBlockingCallback = 3
)

// ts2goWaker is how Go reaches one JS thread (for one library): see the file's header.
type ts2goWaker struct {
	id       uint32
	bell     uint32
	waiter   *ts2goWaiter
	callback unsafe.Pointer // bells 2 and 3
	ring     chan struct{}  // bell 3: wakes the dispatcher
	fd, jsFD int            // bell 1: Go's and JS's ends of the socket pair (Bun owns JS's)
	thread   uintptr        // the JS thread
	// mu is held for reading while ringing a socket or a callback that returns at once, and for
	// writing to mark the waker gone: a socket closed under a send could name another file by then.
	mu   sync.RWMutex
	gone atomic.Bool
	// inSync names the sync method the JS thread is in, if any (see ts2goHostCall).
	inSync atomic.Pointer[string]
	// Bell 3: held while JS keeps the dispatcher from calling the callback (ts2go_waker_hold), and
	// ringing while the dispatcher is inside it (under ringMu).
	ringMu           sync.Mutex
	held, inCallback bool
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

// ts2go_waker_open opens a waker for the calling JS thread with the given doorbell (and callback,
// for bells 2 and 3). It returns the waker's id, or 0xFFFFFFFF when the system refused what it needs.
//
//export ts2go_waker_open
func ts2go_waker_open(bell uint32, callback unsafe.Pointer) uint32 {
	w := &ts2goWaker{bell: bell, callback: callback, fd: -1, jsFD: -1, thread: ts2goThreadSelf()}
	if w.waiter = ts2goNewWaiter(); w.waiter == nil || bell > ts2goBellBlockingCallback {
		return 0xFFFFFFFF
	}
	if bell == ts2goBellSocket {
		var ok bool
		if w.fd, w.jsFD, ok = ts2goSocketPair(); !ok {
			return 0xFFFFFFFF
		}
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
	if bell == ts2goBellBlockingCallback {
		w.ring = make(chan struct{}, 1)
		go w.dispatch()
	}
	return w.id
}

// ts2go_waker_fd is the JS end of a socket waker's pair (Bun reads it, and owns it from then on).
//
//export ts2go_waker_fd
func ts2go_waker_fd(id uint32) int32 {
	if w := ts2goWakerByID(id); w != nil {
		return int32(w.jsFD)
	}
	return -1
}

// ts2go_waker_waiter is the waker's ready list, which ts2go_wait and ts2go_ready take; they put the
// ids at its address.
//
//export ts2go_waker_waiter
func ts2go_waker_waiter(id uint32) unsafe.Pointer {
	if w := ts2goWakerByID(id); w != nil {
		return unsafe.Pointer(w.waiter)
	}
	return nil
}

// ts2go_waker_close closes a waker and its hosts: Go rings it no more. JS calls it at process exit
// for a waker with a callback.
//
//export ts2go_waker_close
func ts2go_waker_close(id uint32) {
	if w := ts2goWakerByID(id); w != nil {
		ts2goWakerGone(w)
	}
}

// post tells the JS thread that host id has frames.
func (w *ts2goWaker) post(id uint32) {
	if !ts2goWaiterPost(w.waiter, id) {
		return // a ts2go_wait takes it, or the doorbell rang already
	}
	switch w.bell {
	case ts2goBellSocket:
		w.mu.RLock()
		failed := !w.gone.Load() && !ts2goSocketRing(w.fd)
		w.mu.RUnlock()
		if failed { // Bun closed its end: the thread is gone, or going
			ts2goWakerGone(w)
		}
	case ts2goBellCallback:
		w.mu.RLock()
		if !w.gone.Load() {
			ts2goCallDoorbell(w.callback)
		}
		w.mu.RUnlock()
	case ts2goBellBlockingCallback:
		select {
		case w.ring <- struct{}{}:
		default:
		}
	}
}

// dispatch is the only goroutine that calls a callback that blocks (Deno's), so that at most one
// thread waits on JS however many calls are in flight, and no goroutine that queues a frame does.
func (w *ts2goWaker) dispatch() {
	for range w.ring {
		if w.gone.Load() {
			return
		}
		w.ringMu.Lock()
		if w.held {
			w.ringMu.Unlock()
			continue // JS takes the ready list itself when it lets go (ts2go_waker_hold)
		}
		w.inCallback = true
		w.ringMu.Unlock()
		ts2goCallDoorbell(w.callback)
		w.ringMu.Lock()
		w.inCallback = false
		w.ringMu.Unlock()
	}
}

// ts2go_waker_hold keeps (on = 1) or lets (on = 0) the dispatcher of a waker with a blocking
// callback (Deno's main thread) from calling it, and returns 1 while a call of it is still waiting
// for JS. Deno's runtime frees a callback, and fails the caller blocked in it, when it ends without
// "unload" (an uncaught error): JS holds the waker first, and lets the process end only once no
// call is waiting (see src/deno.ts). While held, posts only queue; JS takes the list after letting go.
//
//export ts2go_waker_hold
func ts2go_waker_hold(id uint32, on uint32) uint32 {
	w := ts2goWakerByID(id)
	if w == nil {
		return 0
	}
	w.ringMu.Lock()
	defer w.ringMu.Unlock()
	w.held = on != 0
	if w.inCallback {
		return 1
	}
	return 0
}

// onThread reports whether the calling goroutine runs on the waker's JS thread, which only the
// goroutine of a sync call made from there does (a cgo callback keeps its thread until it returns).
func (w *ts2goWaker) onThread() bool { return ts2goThreadSelf() == w.thread }

// ts2goWatchGone closes the wakers whose JS thread exited.
func ts2goWatchGone(r *os.File) {
	var b [4]byte
	for {
		if _, err := io.ReadFull(r, b[:]); err != nil {
			return // cannot happen while ts2goGonePipe is open; ended threads' clients then stay open
		}
		if w := ts2goWakerByID(binary.LittleEndian.Uint32(b[:])); w != nil {
			ts2goWakerGone(w)
		}
	}
}

// ts2goWakerGone closes a waker whose JS thread is gone (or that JS closed at exit), and every host
// that used it.
func ts2goWakerGone(w *ts2goWaker) {
	w.mu.Lock()
	if w.gone.Swap(true) {
		w.mu.Unlock()
		return
	}
	ts2goWaiterClose(w.waiter)
	if w.bell == ts2goBellSocket {
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
