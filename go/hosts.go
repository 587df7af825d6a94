// ts2go Go runtime: hosts — one per loaded JS client, with its wake callback, completion queue,
// cancellable calls, Go → TS calls and streams.

package main

import "C"

import (
	"context"
	"sync"
	"sync/atomic"
	"unsafe"
)

// ts2goHost is one loaded JS client: its wake callback and its completion queue.
type ts2goHost struct {
	// ctx carries the host id (see ts2goHostKey); calls without a signal use it as is.
	ctx     context.Context
	wake    unsafe.Pointer
	mu      sync.Mutex
	queue   [][]byte
	stash   []byte
	pending atomic.Bool
	// wakeBlocks: the wake callback blocks its caller until JS has run it (Deno). Such a host has a
	// dispatcher goroutine, and its async calls count for ts2goProcs.
	wakeBlocks bool
	signal     chan struct{}
	done       chan struct{}
	closed     atomic.Bool
	// cancels holds the cancel functions of calls made with an AbortSignal, by slot.
	cancelsMu sync.Mutex
	cancels   map[uint32]context.CancelFunc
	// inSync names the sync method JS is blocked in, if any (see ts2goHostCall).
	inSync atomic.Pointer[string]
	// Go → TS calls waiting for their reply, and the TS services this host provides.
	hostCallsMu sync.Mutex
	hostCalls   map[uint32]*ts2goPendingHostCall
	nextCall    uint32
	provided    map[uint32]bool
	// Streams in flight, by slot.
	streamsMu sync.Mutex
	streams   map[uint32]*ts2goStream
}

// ts2goHostKey is the context key under which calls from TS carry their host id, so that Go → TS
// calls made while serving them go back to the same client.
type ts2goHostKey struct{}

var (
	ts2goHostsMu sync.Mutex
	ts2goHosts   atomic.Pointer[[]*ts2goHost]
)

func ts2goHostByID(id uint32) *ts2goHost {
	hosts := ts2goHosts.Load()
	if hosts == nil || int(id) >= len(*hosts) {
		return nil
	}
	return (*hosts)[id]
}

// ts2go_host_open registers a JS client. wakeBlocks is 1 when the wake callback blocks the calling
// thread until JS has run it (Deno): the client's async calls then count for ts2goProcs.
//
//export ts2go_host_open
func ts2go_host_open(wake unsafe.Pointer, wakeBlocks uint32) uint32 {
	ts2go_fix_signals()
	if wakeBlocks != 0 {
		ts2goProcs.start.Do(func() {
			ts2goProcs.kick = make(chan struct{}, 1)
			go ts2goAdaptProcs()
		})
	}
	h := &ts2goHost{
		wakeBlocks: wakeBlocks != 0,
		wake:       wake,
		signal:     make(chan struct{}, 1),
		done:       make(chan struct{}),
		cancels:    make(map[uint32]context.CancelFunc),
		hostCalls:  make(map[uint32]*ts2goPendingHostCall),
		provided:   make(map[uint32]bool),
		streams:    make(map[uint32]*ts2goStream),
	}
	ts2goHostsMu.Lock()
	defer ts2goHostsMu.Unlock()
	var hosts []*ts2goHost
	if old := ts2goHosts.Load(); old != nil {
		hosts = append(hosts, *old...)
	}
	hosts = append(hosts, h)
	id := uint32(len(hosts) - 1)
	h.ctx = context.WithValue(context.Background(), ts2goHostKey{}, id)
	ts2goHosts.Store(&hosts)
	if h.wakeBlocks {
		go h.dispatch()
	}
	return id
}

// ts2go_host_close stops wake-ups for a host; JS calls it once none of its calls is in flight.
//
//export ts2go_host_close
func ts2go_host_close(id uint32) {
	h := ts2goHostByID(id)
	if h == nil || !h.closed.CompareAndSwap(false, true) {
		return
	}
	close(h.done)
	h.mu.Lock()
	h.queue, h.stash = nil, nil
	h.mu.Unlock()
}
