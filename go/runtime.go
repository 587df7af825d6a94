// ts2go Go runtime: hosts, the completion queue, result encoding and panic capture.
//
// `gen` copies this file verbatim next to the generated Go code (as ts2go_runtime.go, package main).
// It uses the standard library only. Wire format (see docs/ABI.md):
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

// Go cannot call a C function pointer; this trampoline does it for the dispatcher.
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
	"math"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"unsafe"
)

// ts2goABIVersion changes whenever the wire format or the exported runtime functions change.
const ts2goABIVersion = 1

// Frame status codes, mirrored in src/protocol.ts.
const (
	ts2goStatusOK    = 0
	ts2goStatusError = 1
	ts2goStatusPanic = 2
)

const (
	ts2goFrameHeader = 16
	ts2goGrowSlot    = 0xFFFFFFFF
)

func main() {}

// ts2goSlice is the Ref of a string, typed array, list or map: a pointer into JS memory and a length.
type ts2goSlice struct {
	Ptr unsafe.Pointer
	Len uint
}

// ts2goEntry is the Ref of one map entry.
type ts2goEntry[K, V any] struct {
	Key   K
	Value V
}

// ts2goString views a string argument in place; Go must copy it (strings.Clone) to keep it.
func ts2goString(r ts2goSlice) string {
	if r.Len == 0 {
		return ""
	}
	return unsafe.String((*byte)(r.Ptr), r.Len)
}

// ts2goView views a slice argument in place; Go must copy it (slices.Clone) to keep it.
func ts2goView[T any](r ts2goSlice) []T {
	if r.Len == 0 {
		return nil
	}
	return unsafe.Slice((*T)(r.Ptr), r.Len)
}

// ts2goDecodeList decodes a list of Refs into a new Go slice.
func ts2goDecodeList[R, T any](r ts2goSlice, decode func(*R) T) []T {
	refs := ts2goView[R](r)
	if refs == nil {
		return nil
	}
	out := make([]T, len(refs))
	for i := range refs {
		out[i] = decode(&refs[i])
	}
	return out
}

// ts2goDecodeMap decodes a list of entry Refs into a new Go map.
func ts2goDecodeMap[KR, VR any, K comparable, V any](r ts2goSlice, key func(*KR) K, value func(*VR) V) map[K]V {
	entries := ts2goView[ts2goEntry[KR, VR]](r)
	out := make(map[K]V, len(entries))
	for i := range entries {
		out[key(&entries[i].Key)] = value(&entries[i].Value)
	}
	return out
}

// ts2goDecodeOptional decodes an optional Ref (nil when absent).
func ts2goDecodeOptional[R, T any](p unsafe.Pointer, decode func(*R) T) *T {
	if p == nil {
		return nil
	}
	v := decode((*R)(p))
	return &v
}

// ts2goRound8 rounds a chunk size up to the heap alignment.
func ts2goRound8(n int) int { return (n + 7) &^ 7 }

// ts2goWriter writes one payload: the root Ref at offset 0, chunks from `next` on.
type ts2goWriter struct {
	buf  []byte
	next int
}

func (w *ts2goWriter) alloc(n int) int {
	off := w.next
	w.next += ts2goRound8(n)
	return off
}

func (w *ts2goWriter) putU8(at int, v uint8)   { w.buf[at] = v }
func (w *ts2goWriter) putU16(at int, v uint16) { binary.LittleEndian.PutUint16(w.buf[at:], v) }
func (w *ts2goWriter) putU32(at int, v uint32) { binary.LittleEndian.PutUint32(w.buf[at:], v) }
func (w *ts2goWriter) putU64(at int, v uint64) { binary.LittleEndian.PutUint64(w.buf[at:], v) }
func (w *ts2goWriter) putF32(at int, v float32) {
	binary.LittleEndian.PutUint32(w.buf[at:], math.Float32bits(v))
}
func (w *ts2goWriter) putF64(at int, v float64) {
	binary.LittleEndian.PutUint64(w.buf[at:], math.Float64bits(v))
}
func (w *ts2goWriter) putBool(at int, v bool) {
	if v {
		w.buf[at] = 1
	} else {
		w.buf[at] = 0
	}
}

// putRef writes a {offset, len} Ref; offsets are relative to the payload start.
func (w *ts2goWriter) putRef(at, off, n int) {
	w.putU64(at, uint64(off))
	w.putU64(at+8, uint64(n))
}

func (w *ts2goWriter) putString(at int, s string) {
	if len(s) == 0 {
		w.putRef(at, 0, 0)
		return
	}
	off := w.alloc(len(s))
	copy(w.buf[off:], s)
	w.putRef(at, off, len(s))
}

// ts2goHeapString is the chunk size of a string.
func ts2goHeapString(s string) int { return ts2goRound8(len(s)) }

// ts2goHeapRaw is the chunk size of a slice of scalars.
func ts2goHeapRaw[T any](s []T) int {
	var zero T
	return ts2goRound8(len(s) * int(unsafe.Sizeof(zero)))
}

// ts2goPutRaw copies a slice of scalars as one chunk.
func ts2goPutRaw[T any](w *ts2goWriter, at int, s []T) {
	if len(s) == 0 {
		w.putRef(at, 0, 0)
		return
	}
	var zero T
	n := len(s) * int(unsafe.Sizeof(zero))
	off := w.alloc(n)
	copy(w.buf[off:off+n], unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(s))), n))
	w.putRef(at, off, len(s))
}

// ts2goHeapList is the heap size of a list whose elements have Refs of `stride` bytes.
func ts2goHeapList[T any](s []T, stride int, heap func(*T) int) int {
	n := ts2goRound8(len(s) * stride)
	if heap != nil {
		for i := range s {
			n += heap(&s[i])
		}
	}
	return n
}

// ts2goPutList writes a list's element Refs as one chunk, then their own chunks.
func ts2goPutList[T any](w *ts2goWriter, at int, s []T, stride int, put func(*ts2goWriter, int, *T)) {
	if len(s) == 0 {
		w.putRef(at, 0, 0)
		return
	}
	off := w.alloc(len(s) * stride)
	for i := range s {
		put(w, off+i*stride, &s[i])
	}
	w.putRef(at, off, len(s))
}

// ts2goHeapOptional is the heap size of an optional whose inner Ref has `size` bytes.
func ts2goHeapOptional[T any](p *T, size int, heap func(*T) int) int {
	if p == nil {
		return 0
	}
	n := ts2goRound8(size)
	if heap != nil {
		n += heap(p)
	}
	return n
}

// ts2goPutOptional writes an optional: a chunk with the inner Ref, or offset 0 when absent.
func ts2goPutOptional[T any](w *ts2goWriter, at int, p *T, size int, put func(*ts2goWriter, int, *T)) {
	if p == nil {
		w.putU64(at, 0)
		return
	}
	off := w.alloc(size)
	put(w, off, p)
	w.putU64(at, uint64(off))
}

// ts2goHeapMap is the heap size of a map whose entry Refs have `stride` bytes.
func ts2goHeapMap[K comparable, V any](m map[K]V, stride int, heap func(*K, *V) int) int {
	n := ts2goRound8(len(m) * stride)
	if heap != nil {
		for k, v := range m {
			n += heap(&k, &v)
		}
	}
	return n
}

// ts2goPutMap writes a map's entry Refs as one chunk, then their own chunks.
func ts2goPutMap[K comparable, V any](w *ts2goWriter, at int, m map[K]V, stride int, put func(*ts2goWriter, int, *K, *V)) {
	if len(m) == 0 {
		w.putRef(at, 0, 0)
		return
	}
	off := w.alloc(len(m) * stride)
	i := 0
	for k, v := range m {
		put(w, off+i*stride, &k, &v)
		i++
	}
	w.putRef(at, off, len(m))
}

// ts2goPayload is an encoded-to-be result: its root Ref size, heap size and writer.
type ts2goPayload struct {
	root int
	heap int
	put  func(w *ts2goWriter)
}

func (p *ts2goPayload) size() int { return ts2goRound8(p.root) + p.heap }

// writeTo encodes the payload into buf, which holds at least size() bytes.
func (p *ts2goPayload) writeTo(buf []byte) {
	if p.put != nil {
		p.put(&ts2goWriter{buf: buf, next: ts2goRound8(p.root)})
	}
}

// ts2goErrorPayload carries err.Error() as a Ref {message string}.
func ts2goErrorPayload(message string) ts2goPayload {
	return ts2goPayload{root: 16, heap: ts2goHeapString(message), put: func(w *ts2goWriter) {
		w.putString(0, message)
	}}
}

// ts2goPanicPayload carries a panic as a Ref {value string, stack string}.
func ts2goPanicPayload(value any, stack []byte) ts2goPayload {
	v := fmt.Sprint(value)
	s := string(stack)
	return ts2goPayload{root: 32, heap: ts2goHeapString(v) + ts2goHeapString(s), put: func(w *ts2goWriter) {
		w.putString(0, v)
		w.putString(16, s)
	}}
}

// ts2goRun runs one method call and turns its error or panic into a payload.
func ts2goRun(call func() (ts2goPayload, error)) (status uint32, p ts2goPayload) {
	defer func() {
		if r := recover(); r != nil {
			status, p = ts2goStatusPanic, ts2goPanicPayload(r, debug.Stack())
		}
	}()
	res, err := call()
	if err != nil {
		return ts2goStatusError, ts2goErrorPayload(err.Error())
	}
	return ts2goStatusOK, res
}

// ts2goNotRegistered is the error of a call to a service whose Register function was never called.
func ts2goNotRegistered(service string) error {
	return fmt.Errorf("ts2go: no implementation of %s: call Register%s in an init function", service, service)
}

// ts2goFrame encodes a payload into a new frame.
func ts2goFrame(slot, status uint32, p *ts2goPayload) []byte {
	size := p.size()
	frame := make([]byte, ts2goFrameHeader+size)
	binary.LittleEndian.PutUint32(frame[0:], slot)
	binary.LittleEndian.PutUint32(frame[4:], status)
	binary.LittleEndian.PutUint32(frame[8:], uint32(size))
	p.writeTo(frame[ts2goFrameHeader:])
	return frame
}

// ts2goHost is one loaded JS client: its wake callback and its completion queue.
type ts2goHost struct {
	wake    unsafe.Pointer
	mu      sync.Mutex
	queue   [][]byte
	stash   []byte
	pending atomic.Bool
	signal  chan struct{}
	done    chan struct{}
	closed  atomic.Bool
	// cancels holds the cancel functions of calls made with an AbortSignal, by slot.
	cancelsMu sync.Mutex
	cancels   map[uint32]context.CancelFunc
}

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

// push queues a finished call and wakes JS unless a wake-up is already due.
func (h *ts2goHost) push(frame []byte) {
	h.mu.Lock()
	h.queue = append(h.queue, frame)
	h.mu.Unlock()
	if h.pending.CompareAndSwap(false, true) {
		select {
		case h.signal <- struct{}{}:
		default:
		}
	}
}

// dispatch is the only goroutine that calls the wake callback, so on Deno (where the callback blocks
// its caller until JS ran it) at most one thread waits on JS, however many calls are in flight.
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

//export ts2go_fix_signals
func ts2go_fix_signals() { C.ts2go_fix_sigonstack() }

//export ts2go_address
func ts2go_address(p unsafe.Pointer) float64 { return float64(uintptr(p)) }

//export ts2go_host_open
func ts2go_host_open(wake unsafe.Pointer) uint32 {
	C.ts2go_fix_sigonstack()
	h := &ts2goHost{
		wake:    wake,
		signal:  make(chan struct{}, 1),
		done:    make(chan struct{}),
		cancels: make(map[uint32]context.CancelFunc),
	}
	ts2goHostsMu.Lock()
	defer ts2goHostsMu.Unlock()
	var hosts []*ts2goHost
	if old := ts2goHosts.Load(); old != nil {
		hosts = append(hosts, *old...)
	}
	hosts = append(hosts, h)
	ts2goHosts.Store(&hosts)
	go h.dispatch()
	return uint32(len(hosts) - 1)
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
func ts2goCallSync(id uint32, out unsafe.Pointer, capacity uint32, call func() (ts2goPayload, error)) {
	status, p := ts2goRun(call)
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
	if h := ts2goHostByID(id); h != nil {
		h.mu.Lock()
		h.stash = big
		h.mu.Unlock()
	}
}

// ts2goCallAsync runs an async method on a new goroutine and queues its frame for the host.
// The argument memory stays valid until JS has drained the frame. A cancellable call gets a context
// that ts2go_cancel cancels; the others get context.Background(), which costs nothing.
func ts2goCallAsync(id, slot, cancellable uint32, call func(ctx context.Context) (ts2goPayload, error)) {
	h := ts2goHostByID(id)
	if h == nil {
		return
	}
	ctx := context.Background()
	if cancellable != 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithCancel(ctx)
		h.cancelsMu.Lock()
		h.cancels[slot] = cancel
		h.cancelsMu.Unlock()
	}
	go func() {
		status, p := ts2goRun(func() (ts2goPayload, error) { return call(ctx) })
		frame := ts2goFrame(slot, status, &p)
		if cancellable != 0 {
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
	}()
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
