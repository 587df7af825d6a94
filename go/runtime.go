// ts2go Go runtime: calls — the wire constants, running a method (panics and Goexit captured),
// sync calls, and async and stream calls started in batches by ts2go_submit.
//
// `gen` copies go/*.go next to the generated Go code as ts2go_*.go (package main, stdlib only).
// Wire format (see docs/ABI.md):
//   - arguments arrive as a Ref struct in JS memory; strings and slices are {ptr u64, len u64};
//   - results are written as a frame: a 16-byte header {slot u32, status u32, len u32, 0 u32} and a
//     payload of `len` bytes (a multiple of 8) in Ref layout whose pointers are offsets from the
//     payload start; variable-length data follows the root Ref in 8-aligned chunks.
// The other parts: completions.go (frames and the completion queue), hosts.go (the JS clients),
// wake.go and waiter.go (how Go tells a JS thread that frames are ready), codec.go (argument views,
// result writer), host_calls.go (Go → TS), streams.go, signals.go.

package main

import "C"

import (
	"context"
	"encoding/binary"
	"fmt"
	"runtime/debug"
	"unsafe"
)

// ts2goABIVersion changes whenever the wire format or the exported runtime functions change.
const ts2goABIVersion = 2

// Frame status codes, mirrored in src/protocol.ts.
const (
	ts2goStatusOK    = 0
	ts2goStatusError = 1
	ts2goStatusPanic = 2
	// ts2goStatusHostCall frames carry a Go → TS call: slot = call id, header[12:16] = method code.
	ts2goStatusHostCall = 3
	// ts2goStatusItem frames carry one stream item for the slot; the stream ends with a normal frame.
	ts2goStatusItem = 4
)

const (
	ts2goFrameHeader = 16
	ts2goGrowSlot    = 0xFFFFFFFF
)

func main() {}

// ts2goRun runs one method call with the scratch s and turns its error or panic into a payload.
func ts2goRun(s *ts2goScratch, call func(*ts2goScratch) (ts2goPayload, error)) (status uint32, p ts2goPayload) {
	defer func() {
		if r := recover(); r != nil {
			status, p = ts2goStatusPanic, ts2goPanicPayload(r, debug.Stack())
		}
	}()
	res, err := call(s)
	if err != nil {
		return ts2goStatusError, ts2goErrorPayload(err.Error())
	}
	return ts2goStatusOK, res
}

// ts2goRunAndFinish runs a method on this goroutine with a scratch for its arguments' lists (when
// lists says it decodes some) and hands its outcome to finish exactly once, also when the method
// calls runtime.Goexit: that skips everything after the call and recover does not see it, so
// without the deferred check JS would wait for the call forever. The scratch is released after
// finish, which writes the call's last frame.
func ts2goRunAndFinish(lists bool, call func(*ts2goScratch) (ts2goPayload, error), finish func(status uint32, p ts2goPayload)) {
	s := ts2goTakeScratch(lists)
	defer s.release()
	returned := false
	defer func() {
		if !returned {
			finish(ts2goStatusPanic, ts2goPanicPayload("ts2go: the Go method called runtime.Goexit", debug.Stack()))
		}
	}()
	status, p := ts2goRun(s, call)
	returned = true
	finish(status, p)
}

// ts2goNotRegistered is the error of a call to a service whose Register function was never called.
func ts2goNotRegistered(service string) error {
	return fmt.Errorf("ts2go: no implementation of %s: call Register%s in an init function", service, service)
}

//export ts2go_abi_version
func ts2go_abi_version() uint32 { return ts2goABIVersion }

//export ts2go_address
func ts2go_address(p unsafe.Pointer) float64 { return float64(uintptr(p)) }

// ts2goCallSync runs a sync method on the JS thread and writes its frame into out. A payload that
// does not fit is kept on the host; JS reads the header, grows its buffer and calls ts2go_take.
// method points to the method's name (a package-level variable, so that storing it costs nothing).
func ts2goCallSync(id uint32, method *string, lists bool, out unsafe.Pointer, capacity uint32, call func(*ts2goScratch) (ts2goPayload, error)) {
	h := ts2goHostByID(id)
	if h != nil {
		h.waker.inSync.Store(method)
		defer h.waker.inSync.Store(nil)
	}
	s := ts2goTakeScratch(lists)
	status, p := ts2goFitFrame(ts2goRun(s, call))
	ts2goWriteSyncResult(h, status, &p, out, capacity)
	s.release() // after the result is written: it may share memory with the arguments
}

// ts2goWriteSyncResult writes a sync call's frame into out, or stashes it for ts2go_take when it
// does not fit (JS then asks for it with a buffer of the right size).
func ts2goWriteSyncResult(h *ts2goHost, status uint32, p *ts2goPayload, out unsafe.Pointer, capacity uint32) {
	size := p.size()
	dst := unsafe.Slice((*byte)(out), capacity)
	binary.LittleEndian.PutUint32(dst[0:], 0)
	binary.LittleEndian.PutUint32(dst[4:], status)
	binary.LittleEndian.PutUint32(dst[8:], uint32(size))
	if ts2goFrameHeader+size <= len(dst) {
		p.writeTo(dst[ts2goFrameHeader : ts2goFrameHeader+size])
		return
	}
	big := make([]byte, size)
	p.writeTo(big)
	if h != nil {
		h.mu.Lock()
		h.stash = big
		h.mu.Unlock()
	}
}

// ts2goAsyncFunc runs one async method: it decodes the arguments, calls the implementation and
// returns the result's payload. Generated code registers one per method under its wire code.
type ts2goAsyncFunc func(ctx context.Context, args unsafe.Pointer, s *ts2goScratch) (ts2goPayload, error)

// ts2goStreamFunc runs one stream method; emit sends an item.
type ts2goStreamFunc func(ctx context.Context, args unsafe.Pointer, s *ts2goScratch, emit func(ts2goPayload) error) error

type ts2goMethod struct {
	async  ts2goAsyncFunc
	stream ts2goStreamFunc
	lists  bool // its arguments decode lists (the call takes a ts2goScratch)
}

var ts2goMethods = map[uint32]ts2goMethod{}

// ts2goRegisterAsync makes an async method startable by ts2go_submit (from generated init code).
func ts2goRegisterAsync(code uint32, lists bool, run ts2goAsyncFunc) {
	ts2goMethods[code] = ts2goMethod{async: run, lists: lists}
}

// ts2goRegisterStream makes a stream method startable by ts2go_submit (from generated init code).
func ts2goRegisterStream(code uint32, lists bool, run ts2goStreamFunc) {
	ts2goMethods[code] = ts2goMethod{stream: run, lists: lists}
}

// ts2goSubmission is one queued async or stream call, as JS writes it (24 bytes): Arg is 1 for an
// async call made with an AbortSignal, and the window of a stream.
type ts2goSubmission struct {
	Code uint32
	Slot uint32
	Args unsafe.Pointer
	Arg  uint32
	_    uint32
}

// ts2go_submit starts a batch of async and stream calls. JS queues the calls it makes in one turn
// and submits them with one FFI call: each entry into Go from the JS thread costs microseconds
// while Go is busy, so one per batch instead of one per call.
//
//export ts2go_submit
func ts2go_submit(id uint32, buf unsafe.Pointer, n uint32) {
	h := ts2goHostByID(id)
	if h == nil || n == 0 || h.closed.Load() {
		return // a closed host's calls were rejected in JS; their memory may be freed
	}
	ts2goFixSignals()
	for _, e := range unsafe.Slice((*ts2goSubmission)(buf), n) {
		m := ts2goMethods[e.Code]
		switch {
		case m.async != nil:
			h.running.Add(1)
			ts2goStartAsync(h, e.Slot, e.Arg != 0, e.Args, m)
		case m.stream != nil:
			h.running.Add(1)
			go ts2goPrepareStream(h, e.Slot, e.Arg, e.Args, m)()
		default:
			p := ts2goErrorPayload(fmt.Sprintf("ts2go: the library has no method with code %#x: rebuild it", e.Code))
			h.push(ts2goFrame(e.Slot, ts2goStatusError, &p))
		}
	}
}

// ts2goStartAsync starts an async call on a new goroutine. A cancellable call gets its own
// context, registered before this returns so that ts2go_cancel finds it; the others share the
// host's, which costs nothing.
func ts2goStartAsync(h *ts2goHost, slot uint32, cancellable bool, args unsafe.Pointer, m ts2goMethod) {
	ctx := h.ctx
	if cancellable {
		var cancel context.CancelFunc
		ctx, cancel = context.WithCancel(ctx)
		h.cancelsMu.Lock()
		h.cancels[slot] = cancel
		h.cancelsMu.Unlock()
	}
	go ts2goRunAsync(h, slot, cancellable, ctx, args, m)
}

// ts2goRunAsync runs an async method and queues its frame for the host. The argument memory stays
// valid until JS has drained the frame.
func ts2goRunAsync(h *ts2goHost, slot uint32, cancellable bool, ctx context.Context, args unsafe.Pointer, m ts2goMethod) {
	ts2goRunAndFinish(m.lists, func(s *ts2goScratch) (ts2goPayload, error) { return m.async(ctx, args, s) }, func(status uint32, p ts2goPayload) {
		ts2goFinishAsync(h, slot, cancellable, ts2goFrame(slot, status, &p))
		h.callDone()
	})
}

// ts2goFinishAsync drops a call's cancel function and queues its frame.
func ts2goFinishAsync(h *ts2goHost, slot uint32, cancellable bool, frame []byte) {
	if cancellable {
		// Before the push: JS reuses the slot only after draining this frame.
		h.cancelsMu.Lock()
		cancel := h.cancels[slot]
		delete(h.cancels, slot)
		h.cancelsMu.Unlock()
		cancel()
	}
	if !h.closed.Load() {
		h.push(frame)
	}
}

// ts2go_cancel cancels the context of a call made with an AbortSignal; a finished call is ignored.
//
//export ts2go_cancel
func ts2go_cancel(id, slot uint32) {
	h := ts2goHostByID(id)
	if h == nil {
		return
	}
	h.cancelsMu.Lock()
	cancel := h.cancels[slot]
	h.cancelsMu.Unlock()
	if cancel != nil {
		cancel()
	}
}
