// ts2go Go runtime, part 2 of 4: hosts, the completion queue, sync and async calls, panic capture.
//
// `gen` copies go/*.go next to the generated Go code as ts2go_*.go (package main, stdlib only).
// Wire format (see docs/ABI.md):
//   - arguments arrive as a Ref struct in JS memory; strings and slices are {ptr u64, len u64};
//   - results are written as a frame: a 16-byte header {slot u32, status u32, len u32, 0 u32} and a
//     payload of `len` bytes (a multiple of 8) in Ref layout whose pointers are offsets from the
//     payload start; variable-length data follows the root Ref in 8-aligned chunks.

package main

/*
#include <signal.h>
#include <stddef.h>
#include <string.h>

typedef void (*ts2go_wake_fn)(void);

// Go cannot call a C function pointer; this trampoline calls the wake callback for push and dispatch.
static inline void ts2go_call_wake(void *fn) { ((ts2go_wake_fn)fn)(); }

// Handlers the host runtime installs after Go loaded lack SA_ONSTACK; when such a signal lands on a
// goroutine stack, the handler corrupts it. Re-apply the flag, as Go does at load time, to the
// user-level signals only (SIGSEGV, SIGBUS, SIGPWR and SIGURG belong to the runtimes and Go).
static void ts2go_fix_sigonstack(void) {
	static const int sigs[] = {SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2, SIGWINCH, SIGCHLD,
		SIGALRM, SIGCONT, SIGTSTP, SIGTTIN, SIGTTOU, SIGIO, SIGPIPE};
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		struct sigaction sa;
		memset(&sa, 0, sizeof(sa));
		if (sigaction(sigs[i], NULL, &sa) != 0) continue;
		if (sa.sa_handler == SIG_DFL || sa.sa_handler == SIG_IGN) continue;
		if (sa.sa_flags & SA_ONSTACK) continue;
		sa.sa_flags |= SA_ONSTACK;
		sigaction(sigs[i], &sa, NULL);
	}
}
*/
import "C"

import (
	"context"
	"encoding/binary"
	"fmt"
	"runtime"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"
)

// ts2goABIVersion changes whenever the wire format or the exported runtime functions change.
const ts2goABIVersion = 1

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

// Frames up to 4 KiB are recycled once drained: per-call garbage is what makes Go's GC run often.
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

// push queues a finished call and wakes JS unless a wake-up is already due. A wake callback that
// returns at once (Bun) is called right here, one less goroutine switch before JS hears of it; one
// that blocks (Deno) is left to the host's dispatcher.
func (h *ts2goHost) push(frame []byte) {
	h.mu.Lock()
	h.queue = append(h.queue, frame)
	h.mu.Unlock()
	if !h.pending.CompareAndSwap(false, true) {
		return
	}
	if !h.wakeBlocks {
		if !h.closed.Load() {
			C.ts2go_call_wake(h.wake)
		}
		return
	}
	select {
	case h.signal <- struct{}{}:
	default:
	}
}

// dispatch is the only goroutine that calls a blocking wake callback (Deno), so at most one thread
// waits on JS however many calls are in flight, and no goroutine that queues a frame waits on JS.
func (h *ts2goHost) dispatch() {
	for {
		select {
		case <-h.signal:
			if h.closed.Load() {
				return
			}
			C.ts2go_call_wake(h.wake)
		case <-h.done:
			return
		}
	}
}

//export ts2go_abi_version
func ts2go_abi_version() uint32 { return ts2goABIVersion }

var ts2goSignalsFixedAt atomic.Int64

// ts2goFixSignals re-applies SA_ONSTACK (see the preamble) at most once a millisecond: drains and
// submissions call it, so that a listener the app adds after loading is fixed before long, and
// without 15 system calls per batch.
func ts2goFixSignals() {
	now := time.Now().UnixNano()
	if last := ts2goSignalsFixedAt.Load(); now-last > int64(time.Millisecond) && ts2goSignalsFixedAt.CompareAndSwap(last, now) {
		C.ts2go_fix_sigonstack()
	}
}

//export ts2go_fix_signals
func ts2go_fix_signals() { C.ts2go_fix_sigonstack() }

//export ts2go_address
func ts2go_address(p unsafe.Pointer) float64 { return float64(uintptr(p)) }

// ts2goProcs adds one P to the Go scheduler while many calls are in flight from clients whose wake
// callback blocks (Deno), and removes it once they are few again. Such a callback holds the
// dispatcher, and its P, in a cgo call until JS has run it, and the JS thread holds a P between its
// entries into Go; under load one more P stands in for them (seed benchmark: +11 % calls/s). With few
// calls in flight it costs latency instead: new goroutines then wake an idle thread on another CPU
// (echo, 1 in flight: ~100 µs per call with it, ~40 µs without).
var ts2goProcs struct {
	start    sync.Once
	kick     chan struct{}
	inFlight atomic.Int64
	extra    atomic.Bool
}

const (
	ts2goExtraPFrom  = 16 // calls in flight that bring the extra P
	ts2goExtraPUntil = 2  // it goes when at most this many are in flight for ts2goExtraPQuiet samples
	ts2goExtraPQuiet = 10 // of 20 ms each
)

// ts2goCountCalls notes n calls started (n < 0: finished) by a client whose wake callback blocks.
func ts2goCountCalls(n int64) {
	if ts2goProcs.inFlight.Add(n) >= ts2goExtraPFrom && !ts2goProcs.extra.Load() {
		select {
		case ts2goProcs.kick <- struct{}{}:
		default:
		}
	}
}

// ts2goAdaptProcs adds the extra P when kicked and removes it after a quiet spell. It returns
// GOMAXPROCS to the value it found at start.
func ts2goAdaptProcs() {
	base := runtime.GOMAXPROCS(0)
	for range ts2goProcs.kick {
		if ts2goProcs.inFlight.Load() < ts2goExtraPFrom {
			continue
		}
		ts2goProcs.extra.Store(true)
		runtime.GOMAXPROCS(base + 1)
		for quiet := 0; quiet < ts2goExtraPQuiet; {
			time.Sleep(20 * time.Millisecond)
			if ts2goProcs.inFlight.Load() <= ts2goExtraPUntil {
				quiet++
			} else {
				quiet = 0
			}
		}
		runtime.GOMAXPROCS(base)
		ts2goProcs.extra.Store(false)
	}
}

// ts2go_host_open registers a JS client. wakeBlocks is 1 when the wake callback blocks the calling
// thread until JS has run it (Deno): the client's async calls then count for ts2goProcs.
//
//export ts2go_host_open
func ts2go_host_open(wake unsafe.Pointer, wakeBlocks uint32) uint32 {
	C.ts2go_fix_sigonstack()
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

// ts2goCallSync runs a sync method on the JS thread and writes its frame into out. A payload that
// does not fit is kept on the host; JS reads the header, grows its buffer and calls ts2go_take.
// method points to the method's name (a package-level variable, so that storing it costs nothing).
func ts2goCallSync(id uint32, method *string, lists bool, out unsafe.Pointer, capacity uint32, call func(*ts2goScratch) (ts2goPayload, error)) {
	h := ts2goHostByID(id)
	if h != nil {
		h.inSync.Store(method)
		defer h.inSync.Store(nil)
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
	if h == nil || n == 0 {
		return
	}
	ts2goFixSignals()
	async := int64(0)
	for _, e := range unsafe.Slice((*ts2goSubmission)(buf), n) {
		m := ts2goMethods[e.Code]
		switch {
		case m.async != nil:
			async++
			ts2goStartAsync(h, e.Slot, e.Arg != 0, e.Args, m)
		case m.stream != nil:
			go ts2goPrepareStream(h, e.Slot, e.Arg, e.Args, m)()
		default:
			p := ts2goErrorPayload(fmt.Sprintf("ts2go: the library has no method with code %#x: rebuild it", e.Code))
			h.push(ts2goFrame(e.Slot, ts2goStatusError, &p))
		}
	}
	if h.wakeBlocks && async > 0 {
		ts2goCountCalls(async)
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
	})
}

// ts2goFinishAsync drops a call's cancel function and queues its frame.
func ts2goFinishAsync(h *ts2goHost, slot uint32, cancellable bool, frame []byte) {
	if h.wakeBlocks {
		ts2goCountCalls(-1)
	}
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
