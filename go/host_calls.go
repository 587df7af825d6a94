// ts2go Go runtime: Go → TypeScript calls to services that extend Host.
//
// A call is queued to JS as a frame (status ts2goStatusHostCall, slot = call id, the arguments as a
// payload) and the calling goroutine waits. JS runs the method, packs the result (or the error's
// message) in JS memory and calls ts2go_host_reply, which decodes and copies it into Go memory before
// returning, then wakes the goroutine. This works the same on Deno and Bun, because nothing waits for
// a callback's return value.

package main

import "C"

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"sync"
	"unsafe"
)

// ts2goPendingHostCall is a Go → TS call waiting for ts2go_host_reply.
type ts2goPendingHostCall struct {
	deliver func(status uint32, result unsafe.Pointer)
}

var (
	ts2goProvidersMu sync.Mutex
	// ts2goProviders maps a host service code to the hosts that provided it, oldest first.
	ts2goProviders = map[uint32][]uint32{}
)

// ts2go_host_provide records that host serves the TS service with this code.
//
//export ts2go_host_provide
func ts2go_host_provide(id, service uint32) {
	h := ts2goHostByID(id)
	if h == nil {
		return
	}
	h.hostCallsMu.Lock()
	h.provided[service] = true
	h.hostCallsMu.Unlock()
	ts2goProvidersMu.Lock()
	ts2goProviders[service] = append(ts2goProviders[service], id)
	ts2goProvidersMu.Unlock()
}

// ts2go_host_reply completes a Go → TS call. result points to the result's Ref in JS memory (or, for
// status ts2goStatusError, to a {message string} Ref); it is decoded and copied before returning.
//
//export ts2go_host_reply
func ts2go_host_reply(id, call, status uint32, result unsafe.Pointer) {
	h := ts2goHostByID(id)
	if h == nil {
		return
	}
	h.hostCallsMu.Lock()
	pending := h.hostCalls[call]
	delete(h.hostCalls, call)
	h.hostCallsMu.Unlock()
	if pending != nil { // nil: the caller's ctx ended first
		pending.deliver(status, result)
	}
}

// ts2goHostFor picks the host that serves a TS service: the one whose call ctx came from, if it
// provides the service, else the open one that provided it last.
func ts2goHostFor(ctx context.Context, service uint32) *ts2goHost {
	provides := func(h *ts2goHost) bool {
		if h == nil || h.closed.Load() {
			return false
		}
		h.hostCallsMu.Lock()
		defer h.hostCallsMu.Unlock()
		return h.provided[service]
	}
	if id, ok := ctx.Value(ts2goHostKey{}).(uint32); ok {
		if h := ts2goHostByID(id); provides(h) {
			return h
		}
	}
	ts2goProvidersMu.Lock()
	ids := ts2goProviders[service]
	ts2goProvidersMu.Unlock()
	for i := len(ids) - 1; i >= 0; i-- {
		if h := ts2goHostByID(ids[i]); provides(h) {
			return h
		}
	}
	return nil
}

// ts2goHostCall makes one Go → TS call and waits for its result, ctx, or the host's close. decode
// reads the result's Ref and must return a value that owns its memory (nil for void methods).
func ts2goHostCall[T any](ctx context.Context, service, method string, serviceCode, methodCode uint32,
	args ts2goPayload, decode func(unsafe.Pointer) T) (T, error) {
	var zero T
	h := ts2goHostFor(ctx, serviceCode)
	if h == nil {
		return zero, fmt.Errorf("ts2go: no TypeScript implementation of %s: call provide%s(impl) on a loaded client", service, service)
	}
	if sync := h.waker.inSync.Load(); sync != nil && h.waker.onThread() {
		// Made from inside a sync call on the JS thread that would run the method: that thread
		// cannot serve it until the sync call returns, which waits for this.
		return zero, fmt.Errorf("ts2go: %s.%s was called from inside the sync call %s, which blocks the "+
			"JS thread that would run it; make %s async (return a Promise) so that JS can serve it",
			service, method, *sync, *sync)
	}
	var value T
	done := make(chan error, 1)
	pending := &ts2goPendingHostCall{deliver: func(status uint32, result unsafe.Pointer) {
		switch {
		case status != ts2goStatusOK:
			message := strings.Clone(ts2goString(*(*ts2goSlice)(result)))
			done <- fmt.Errorf("%s.%s (TypeScript): %w", service, method, errors.New(message))
		case decode != nil:
			value = decode(result)
			done <- nil
		default:
			done <- nil
		}
	}}
	h.hostCallsMu.Lock()
	h.nextCall++
	call := h.nextCall
	h.hostCalls[call] = pending
	h.hostCallsMu.Unlock()
	frame := ts2goFrame(call, ts2goStatusHostCall, &args)
	binary.LittleEndian.PutUint32(frame[12:], methodCode)
	h.push(frame)

	abandon := func(err error) (T, error) {
		h.hostCallsMu.Lock()
		_, waiting := h.hostCalls[call]
		delete(h.hostCalls, call)
		h.hostCallsMu.Unlock()
		if waiting {
			return zero, err
		}
		// The reply is being delivered right now; take it.
		return value, <-done
	}
	select {
	case err := <-done:
		return value, err
	case <-ctx.Done():
		return abandon(ctx.Err())
	case <-h.done:
		return abandon(fmt.Errorf("ts2go: the client serving %s was closed", service))
	}
}

// ts2goCloneMap copies a decoded map whose keys or values still point into JS memory.
func ts2goCloneMap[K comparable, V any](m map[K]V, key func(K) K, value func(V) V) map[K]V {
	out := make(map[K]V, len(m))
	for k, v := range m {
		out[key(k)] = value(v)
	}
	return out
}
