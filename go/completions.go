// ts2go Go runtime: frames and the completion queue. A finished call's result is encoded as a
// frame and queued on its host; the first frame since the last drain is reported to the host's JS
// thread (wake.go), which copies every queued frame into its own memory with one ts2go_drain call.

package main

import "C"

import (
	"encoding/binary"
	"fmt"
	"sync"
	"unsafe"
)

var ts2goFramePools [7]sync.Pool // *ts2goFrameBox of 64 B << class

// ts2goFrameBox carries a frame through a pool: a slice put there as such would be copied into a new
// interface value, an allocation per frame. Empty boxes are recycled too.
type ts2goFrameBox struct{ frame []byte }

var ts2goFrameBoxes sync.Pool

func ts2goFrameClass(n int) int {
	for c := range ts2goFramePools {
		if n <= 64<<c {
			return c
		}
	}
	return -1
}

func ts2goNewFrame(n int) []byte {
	if c := ts2goFrameClass(n); c >= 0 {
		if box, ok := ts2goFramePools[c].Get().(*ts2goFrameBox); ok {
			frame := box.frame[:n]
			box.frame = nil
			ts2goFrameBoxes.Put(box)
			clear(frame)
			return frame
		}
		return make([]byte, n, 64<<c)
	}
	return make([]byte, n)
}

// ts2goFreeFrame recycles a drained frame.
func ts2goFreeFrame(frame []byte) {
	if c := ts2goFrameClass(cap(frame)); c >= 0 && cap(frame) == 64<<c {
		box, ok := ts2goFrameBoxes.Get().(*ts2goFrameBox)
		if !ok {
			box = new(ts2goFrameBox)
		}
		box.frame = frame
		ts2goFramePools[c].Put(box)
	}
}

// ts2goFrame encodes a payload into a new frame.
func ts2goFrame(slot, status uint32, payload *ts2goPayload) []byte {
	status, p := ts2goFitFrame(status, *payload)
	size := p.size()
	frame := ts2goNewFrame(ts2goFrameHeader + size)
	binary.LittleEndian.PutUint32(frame[0:], slot)
	binary.LittleEndian.PutUint32(frame[4:], status)
	binary.LittleEndian.PutUint32(frame[8:], uint32(size))
	p.writeTo(frame[ts2goFrameHeader:])
	return frame
}

// ts2goMaxPayload is the largest payload a frame can describe (its length is a u32).
const ts2goMaxPayload = 1<<32 - 1 - ts2goFrameHeader

// ts2goFitFrame replaces a payload too large for a frame with an error saying so.
func ts2goFitFrame(status uint32, p ts2goPayload) (uint32, ts2goPayload) {
	if size := p.size(); size > ts2goMaxPayload {
		return ts2goStatusError, ts2goErrorPayload(fmt.Sprintf("ts2go: the result is %d bytes; a result must be under 4 GiB", size))
	}
	return status, p
}

// push queues a finished call and tells the host's JS thread, unless it was told since it last
// drained this host.
func (h *ts2goHost) push(frame []byte) {
	h.mu.Lock()
	h.queue = append(h.queue, frame)
	h.mu.Unlock()
	if h.pending.CompareAndSwap(false, true) && !h.closed.Load() {
		h.waker.post(h.id)
	}
}

// ts2go_drain copies finished calls into buf (frames back to back) and returns the bytes written.
// When the first frame is larger than the buffer it writes one header {0xFFFFFFFF, 0, size} instead,
// so JS can grow its buffer and drain again.
//
//export ts2go_drain
func ts2go_drain(id uint32, buf unsafe.Pointer, capacity uint32) uint32 {
	h := ts2goHostByID(id)
	if h == nil {
		return 0
	}
	ts2goFixSignals()
	h.pending.Store(false)
	dst := unsafe.Slice((*byte)(buf), capacity)
	n := 0
	h.mu.Lock()
	defer h.mu.Unlock()
	taken := 0
	for _, frame := range h.queue {
		if n+len(frame) > len(dst) {
			break
		}
		n += copy(dst[n:], frame)
		ts2goFreeFrame(frame)
		taken++
	}
	if taken == 0 && len(h.queue) > 0 {
		binary.LittleEndian.PutUint32(dst[0:], ts2goGrowSlot)
		binary.LittleEndian.PutUint32(dst[4:], 0)
		binary.LittleEndian.PutUint32(dst[8:], uint32(len(h.queue[0])))
		return ts2goFrameHeader
	}
	rest := copy(h.queue, h.queue[taken:])
	clear(h.queue[rest:])
	h.queue = h.queue[:rest]
	return uint32(n)
}

// ts2go_take copies a sync result that did not fit the caller's buffer (see ts2goCallSync).
//
//export ts2go_take
func ts2go_take(id uint32, buf unsafe.Pointer, capacity uint32) uint32 {
	h := ts2goHostByID(id)
	if h == nil {
		return 0
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	n := copy(unsafe.Slice((*byte)(buf), capacity), h.stash)
	h.stash = nil
	return uint32(n)
}
