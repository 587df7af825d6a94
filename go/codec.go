// ts2go Go runtime: Ref views of arguments, and the payload writer for results.
//
// `gen` copies go/*.go next to the generated Go code as ts2go_*.go (package main, stdlib only).

package main

import (
	"encoding/binary"
	"fmt"
	"math"
	"sync"
	"unsafe"
)

// ts2goSlice is the Ref of a string, typed array, list or map: a pointer into JS memory and a length.
type ts2goSlice struct {
	Ptr unsafe.Pointer
	Len uint
}

// ts2goUnion is the Ref of a discriminated union: a pointer to its member's Ref and the member's tag
// (1 + its index in the union; 0: none).
type ts2goUnion struct {
	Ptr unsafe.Pointer
	Tag uint32
	_   uint32
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

// ts2goScratch lends the decoded lists of one call's arguments Go memory that earlier calls gave
// back: arguments are valid only until the method returns, so the runtime releases the scratch once
// the call's result is written and the memory serves a later call. Without it, a list of 1,000
// structs costs an allocation of their size and the garbage collections that come with it.
type ts2goScratch struct {
	lent []ts2goLent
}

// ts2goLent is memory a scratch lent to one call.
type ts2goLent interface{ giveBack() }

var ts2goScratches = sync.Pool{New: func() any { return new(ts2goScratch) }}

// ts2goTakeScratch returns a scratch for one call whose arguments decode lists (else nil: the call
// needs none); release it when the call's result is written.
func ts2goTakeScratch(lists bool) *ts2goScratch {
	if !lists {
		return nil
	}
	return ts2goScratches.Get().(*ts2goScratch)
}

// release gives back everything the scratch lent, and the scratch itself (nil: nothing to do).
func (s *ts2goScratch) release() {
	if s == nil {
		return
	}
	for i, l := range s.lent {
		l.giveBack()
		s.lent[i] = nil
	}
	s.lent = s.lent[:0]
	ts2goScratches.Put(s)
}

// ts2goListPool recycles the backing arrays of decoded []T arguments (one per element type).
type ts2goListPool[T any] struct{ pool sync.Pool }

// ts2goList is one backing array of a ts2goListPool.
type ts2goList[T any] struct {
	items []T
	home  *ts2goListPool[T]
}

func (l *ts2goList[T]) giveBack() {
	clear(l.items) // drop what the elements point to before the array waits in the pool
	l.home.pool.Put(l)
}

// ts2goListFor views a list argument's Refs and returns them with the Go slice to decode them into:
// lent by the scratch s, or new when s is nil (results of Go → TS calls, which the Go caller keeps).
// Each generated ts2goDecodeListOf… function loops over the two with a direct call per element.
func ts2goListFor[R, T any](s *ts2goScratch, lists *ts2goListPool[T], r ts2goSlice) ([]R, []T) {
	refs := ts2goView[R](r)
	if refs == nil {
		return nil, nil
	}
	if s == nil {
		return refs, make([]T, len(refs))
	}
	l, _ := lists.pool.Get().(*ts2goList[T])
	if l == nil {
		l = &ts2goList[T]{home: lists}
	}
	if cap(l.items) < len(refs) {
		l.items = make([]T, len(refs))
	}
	l.items = l.items[:len(refs)]
	s.lent = append(s.lent, l)
	return refs, l.items
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

// putUnion writes a union's Ref: the offset of its member's chunk and its tag.
func (w *ts2goWriter) putUnion(at, off int, tag uint32) {
	w.putU64(at, uint64(off))
	w.putU32(at+8, tag)
	w.putU32(at+12, 0)
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

// Writers are recycled: put is a closure the compiler cannot see into, so the writer it gets would be
// a heap allocation per result.
var ts2goWriters = sync.Pool{New: func() any { return new(ts2goWriter) }}

// writeTo encodes the payload into buf, which holds at least size() bytes.
func (p *ts2goPayload) writeTo(buf []byte) {
	if p.put != nil {
		w := ts2goWriters.Get().(*ts2goWriter)
		*w = ts2goWriter{buf: buf, next: ts2goRound8(p.root)}
		p.put(w)
		*w = ts2goWriter{}
		ts2goWriters.Put(w)
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
