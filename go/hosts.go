// ts2go Go runtime: hosts — one per loaded JS client, with its completion queue, the waker of its
// JS thread, cancellable calls, Go → TS calls, streams, and the argument memory of its calls.

package main

/*
#include <stdlib.h>
*/
import "C"

import (
	"context"
	"sync"
	"sync/atomic"
	"unsafe"
)

// ts2goHost is one loaded JS client.
type ts2goHost struct {
	id uint32
	// ctx carries the host id (see ts2goHostKey); calls without a signal use it as is. It is
	// cancelled when the host closes, which ends the ctx of every call of the host.
	ctx     context.Context
	cancel  context.CancelFunc
	waker   *ts2goWaker
	mu      sync.Mutex
	queue   [][]byte
	stash   []byte
	pending atomic.Bool
	done    chan struct{}
	closed  atomic.Bool
	// cancels holds the cancel functions of calls made with an AbortSignal, by slot.
	cancelsMu sync.Mutex
	cancels   map[uint32]context.CancelFunc
	// Go → TS calls waiting for their reply, and the TS services this host provides.
	hostCallsMu sync.Mutex
	hostCalls   map[uint32]*ts2goPendingHostCall
	nextCall    uint32
	provided    map[uint32]bool
	// Streams in flight, by slot.
	streamsMu sync.Mutex
	streams   map[uint32]*ts2goStream
	// The argument memory of async and stream calls (ts2go_alloc): C memory, so that it stays valid
	// while a Go method reads it even if the JS thread that wrote it is gone. running counts the
	// calls that may still read it; once the host is closed and none runs, what is left is freed.
	buffersMu sync.Mutex
	buffers   map[uintptr]unsafe.Pointer // by address
	running   atomic.Int64
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

// ts2go_host_open registers a JS client that the waker of its JS thread serves; 0xFFFFFFFF when
// there is no such waker.
//
//export ts2go_host_open
func ts2go_host_open(waker uint32) uint32 {
	w := ts2goWakerByID(waker)
	if w == nil {
		return 0xFFFFFFFF
	}
	ts2go_fix_signals()
	h := &ts2goHost{
		waker:     w,
		done:      make(chan struct{}),
		cancels:   make(map[uint32]context.CancelFunc),
		hostCalls: make(map[uint32]*ts2goPendingHostCall),
		provided:  make(map[uint32]bool),
		streams:   make(map[uint32]*ts2goStream),
		buffers:   make(map[uintptr]unsafe.Pointer),
	}
	ts2goHostsMu.Lock()
	defer ts2goHostsMu.Unlock()
	var hosts []*ts2goHost
	if old := ts2goHosts.Load(); old != nil {
		hosts = append(hosts, *old...)
	}
	hosts = append(hosts, h)
	h.id = uint32(len(hosts) - 1)
	h.ctx, h.cancel = context.WithCancel(context.WithValue(context.Background(), ts2goHostKey{}, h.id))
	ts2goHosts.Store(&hosts)
	return h.id
}

// ts2go_host_close closes a host (the JS client's close()).
//
//export ts2go_host_close
func ts2go_host_close(id uint32) {
	if h := ts2goHostByID(id); h != nil {
		h.close()
	}
}

// close stops the host's wake-ups, cancels its calls' ctx, ends the Go → TS calls that wait for it,
// and frees its argument memory once no call of its runs. JS closes a host, or Go does when the
// host's JS thread is gone.
func (h *ts2goHost) close() {
	if !h.closed.CompareAndSwap(false, true) {
		return
	}
	h.cancel()
	close(h.done)
	h.mu.Lock()
	h.queue, h.stash = nil, nil
	h.mu.Unlock()
	h.freeBuffersWhenIdle()
}

// ts2go_alloc allocates n bytes of argument memory for the host's async and stream calls and returns
// its address; 0 when the host is closed or memory is short.
//
//export ts2go_alloc
func ts2go_alloc(id, n uint32) float64 {
	h := ts2goHostByID(id)
	if h == nil || n == 0 {
		return 0
	}
	h.buffersMu.Lock()
	defer h.buffersMu.Unlock()
	if h.buffers == nil {
		return 0
	}
	p := C.malloc(C.size_t(n))
	if p == nil {
		return 0
	}
	h.buffers[uintptr(p)] = p
	return float64(uintptr(p))
}

// ts2go_free frees argument memory from ts2go_alloc that JS no longer uses; other addresses are
// ignored.
//
//export ts2go_free
func ts2go_free(id uint32, addr float64) {
	h := ts2goHostByID(id)
	if h == nil {
		return
	}
	h.buffersMu.Lock()
	defer h.buffersMu.Unlock()
	if p, ok := h.buffers[uintptr(addr)]; ok {
		delete(h.buffers, uintptr(addr))
		C.free(p)
	}
}

// callDone notes that a call of the host has written its last frame: it reads its arguments no more.
func (h *ts2goHost) callDone() {
	if h.running.Add(-1) == 0 && h.closed.Load() {
		h.freeBuffersWhenIdle()
	}
}

// freeBuffersWhenIdle frees a closed host's argument memory if no call of its runs.
func (h *ts2goHost) freeBuffersWhenIdle() {
	h.buffersMu.Lock()
	defer h.buffersMu.Unlock()
	if h.running.Load() != 0 || h.buffers == nil {
		return
	}
	for _, p := range h.buffers {
		C.free(p)
	}
	h.buffers = nil
}
