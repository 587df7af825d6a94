// ts2go Go runtime: streams (methods returning AsyncIterable<T> in the schema).
//
// The Go method gets a send function. Each item becomes a frame (status ts2goStatusItem) in the
// host's queue; the stream ends with a normal result frame. Backpressure is a credit count: the
// stream starts with `window` credits, each item spends one, and JS gives them back in batches
// (ts2go_stream_ack) as its consumer reads items, so at most `window` items wait unread in JS.

package main

import "C"

import (
	"context"
	"fmt"
	"sync/atomic"
	"unsafe"
)

type ts2goStream struct {
	credits atomic.Int64
	notify  chan struct{}
}

// ts2goPrepareStream registers a stream (its cancel function and credits, before ts2go_submit
// returns, so that ts2go_cancel and ts2go_stream_ack find them) and returns its goroutine's body.
func ts2goPrepareStream(h *ts2goHost, slot, window uint32, args unsafe.Pointer, m ts2goMethod) func() {
	ctx, cancel := context.WithCancel(h.ctx)
	s := &ts2goStream{notify: make(chan struct{}, 1)}
	s.credits.Store(int64(max(window, 1)))
	h.cancelsMu.Lock()
	h.cancels[slot] = cancel
	h.cancelsMu.Unlock()
	h.streamsMu.Lock()
	h.streams[slot] = s
	h.streamsMu.Unlock()

	emit := func(p ts2goPayload) error {
		for s.credits.Load() <= 0 && ctx.Err() == nil {
			select {
			case <-s.notify:
			case <-ctx.Done():
			}
		}
		if ctx.Err() != nil {
			return fmt.Errorf("ts2go: the stream's consumer stopped reading: %w", ctx.Err())
		}
		s.credits.Add(-1)
		if !h.closed.Load() {
			h.push(ts2goFrame(slot, ts2goStatusItem, &p))
		}
		return nil
	}
	finish := func(status uint32, p ts2goPayload) {
		h.cancelsMu.Lock()
		delete(h.cancels, slot)
		h.cancelsMu.Unlock()
		h.streamsMu.Lock()
		delete(h.streams, slot)
		h.streamsMu.Unlock()
		cancel()
		if !h.closed.Load() {
			h.push(ts2goFrame(slot, status, &p))
		}
		h.callDone()
	}
	return func() {
		ts2goRunAndFinish(m.lists, func(s *ts2goScratch) (ts2goPayload, error) { return ts2goPayload{}, m.stream(ctx, args, s, emit) }, finish)
	}
}

// ts2go_stream_ack gives a stream n credits back: JS's consumer has read n more items.
//
//export ts2go_stream_ack
func ts2go_stream_ack(id, slot, n uint32) {
	h := ts2goHostByID(id)
	if h == nil {
		return
	}
	h.streamsMu.Lock()
	s := h.streams[slot]
	h.streamsMu.Unlock()
	if s == nil {
		return
	}
	s.credits.Add(int64(n))
	select {
	case s.notify <- struct{}{}:
	default:
	}
}
