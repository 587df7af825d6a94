// Hand-written exports for the baselines of bench/main.ts; none of this is ts2go.
//
// They live in the same package (and so the same c-shared library) as the ts2go bench service on
// purpose: two Go c-shared libraries in one process are two Go runtimes (two schedulers, two sets of
// GOMAXPROCS threads, fighting signal handlers), which golang/go does not support and which would
// skew the comparison. One library means one Go runtime, shared by ts2go and the baselines.
//
//   - bench_raw_ping / bench_raw_sum: a plain cgo export called straight through FFI (no framing);
//   - bench_json_*: JSON over the same FFI (JSON.stringify in JS, encoding/json in Go);
//   - bench_naive_*: the naive async design, one thread-safe callback call per completion;
//   - bench_go_seed_ceiling: workload 1 in Go alone (no JS), the ceiling of any design;
//   - bench_go_metrics_mark / bench_go_metrics: Go runtime metrics over a run (allocations,
//     goroutines, scheduling latency), for the table's Go-side rows;
//   - bench_go_version / bench_gomaxprocs: what the table prints.

package main

/*
#include <stdint.h>

typedef void (*bench_naive_fn)(uint32_t slot, uint64_t value);

// Go cannot call a C function pointer; this trampoline does.
static inline void bench_naive_call(void *fn, uint32_t slot, uint64_t value) {
	((bench_naive_fn)fn)(slot, value);
}
*/
import "C"

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"runtime"
	"runtime/metrics"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"
)

//export bench_go_version
func bench_go_version(buf unsafe.Pointer, capacity uint32) uint32 {
	return uint32(copy(unsafe.Slice((*byte)(buf), capacity), runtime.Version()))
}

//export bench_gomaxprocs
func bench_gomaxprocs() uint32 { return uint32(runtime.GOMAXPROCS(0)) }

// bench_go_seed_ceiling runs workload 1 in Go alone: `inFlight` goroutines each sleep 10 ms in a
// loop for `ms` milliseconds; it returns calls per second. No JS, no cgo per call: this is how close
// to the 100,000 calls/s limit Go's timers get on this machine, the ceiling of any FFI design.
//
//export bench_go_seed_ceiling
func bench_go_seed_ceiling(inFlight uint32, ms uint32) float64 {
	var calls atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	deadline := start.Add(time.Duration(ms) * time.Millisecond)
	for i := uint32(0); i < inFlight; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(deadline) {
				time.Sleep(seedSleep)
				calls.Add(1)
			}
		}()
	}
	wg.Wait()
	return float64(calls.Load()) / time.Since(start).Seconds()
}

//export bench_raw_ping
func bench_raw_ping(n uint64) uint64 { return n + 1 }

//export bench_raw_sum
func bench_raw_sum(p unsafe.Pointer, n uint64) uint64 {
	if n == 0 {
		return 0
	}
	return sumBytes(unsafe.Slice((*byte)(p), n))
}

// jsonUser and jsonRequest are DemoComplicatedRequest as encoding/json sees it ([]byte is base64).
type jsonUser struct {
	Name string `json:"name"`
	Age  uint8  `json:"age"`
}

type jsonRequest struct {
	Users    []jsonUser `json:"users"`
	Balabala []byte     `json:"balabala"`
}

type jsonBytes struct {
	Data []byte `json:"data"`
}

// bench_json_count_users parses a JSON DemoComplicatedRequest and returns its number of users, or
// 0xFFFFFFFF when the JSON is bad.
//
//export bench_json_count_users
func bench_json_count_users(p unsafe.Pointer, n uint32) uint32 {
	var req jsonRequest
	if err := json.Unmarshal(unsafe.Slice((*byte)(p), n), &req); err != nil {
		return 0xFFFFFFFF
	}
	return uint32(len(req.Users))
}

// bench_json_sum_bytes parses {"data": base64} and returns the sum of the bytes (MaxUint64 when bad).
//
//export bench_json_sum_bytes
func bench_json_sum_bytes(p unsafe.Pointer, n uint32) uint64 {
	var req jsonBytes
	if err := json.Unmarshal(unsafe.Slice((*byte)(p), n), &req); err != nil {
		return ^uint64(0)
	}
	return sumBytes(req.Data)
}

var naiveCallback atomic.Pointer[byte]

// bench_naive_set_callback registers the JS callback `(slot u32, value u64) => void`.
//
//export bench_naive_set_callback
func bench_naive_set_callback(fn unsafe.Pointer) { naiveCallback.Store((*byte)(fn)) }

func naiveComplete(slot uint32, value uint64) {
	C.bench_naive_call(unsafe.Pointer(naiveCallback.Load()), C.uint32_t(slot), C.uint64_t(value))
}

// bench_naive_echo is workload 2 in the naive design: a goroutine per call, one callback per completion.
//
//export bench_naive_echo
func bench_naive_echo(slot uint32, n uint64) {
	go naiveComplete(slot, n+1)
}

// bench_naive_seed is workload 1 in the naive design. The request is packed by hand in JS:
// u32 user count, then per user {u32 name length, name bytes, u8 age}, then u32 length and the bytes
// of balabala. JS keeps the buffer alive until the callback for `slot` has run.
//
//export bench_naive_seed
func bench_naive_seed(slot uint32, p unsafe.Pointer, n uint32) {
	buf := unsafe.Slice((*byte)(p), n)
	go func() {
		users, bytes := naiveDecode(buf)
		_ = bytes
		time.Sleep(seedSleep)
		pass := uint64(0)
		if allAdults(users) {
			pass = 1
		}
		naiveComplete(slot, pass)
	}()
}

func naiveDecode(b []byte) ([]DemoUser, []byte) {
	count := binary.LittleEndian.Uint32(b)
	b = b[4:]
	users := make([]DemoUser, count)
	for i := range users {
		l := binary.LittleEndian.Uint32(b)
		users[i].Name = unsafe.String(&b[4], l)
		users[i].Age = b[4+l]
		b = b[5+l:]
	}
	l := binary.LittleEndian.Uint32(b)
	return users, b[4 : 4+l]
}

var metricNames = []string{
	"/cgo/go-to-c-calls:calls",
	"/gc/cycles/total:gc-cycles",
	"/gc/heap/allocs:bytes",
	"/gc/heap/allocs:objects",
	"/sched/goroutines-created:goroutines",
	"/sched/threads/total:threads",
	"/sched/latencies:seconds",
	"/gc/pauses:seconds",
}

// metricsSnapshot is a copy of metricNames' values: counters, and histogram counts and buckets.
type metricsSnapshot struct {
	counters map[string]uint64
	counts   map[string][]uint64
	buckets  map[string][]float64
}

var metricsMark *metricsSnapshot

func readMetrics() *metricsSnapshot {
	s := make([]metrics.Sample, len(metricNames))
	for i, n := range metricNames {
		s[i].Name = n
	}
	metrics.Read(s)
	snap := &metricsSnapshot{map[string]uint64{}, map[string][]uint64{}, map[string][]float64{}}
	for _, x := range s {
		switch x.Value.Kind() {
		case metrics.KindUint64:
			snap.counters[x.Name] = x.Value.Uint64()
		case metrics.KindFloat64Histogram:
			h := x.Value.Float64Histogram()
			snap.counts[x.Name] = append([]uint64(nil), h.Counts...)
			snap.buckets[x.Name] = h.Buckets
		}
	}
	return snap
}

// bench_go_metrics_mark remembers the Go runtime's counters; bench_go_metrics reports the change.
//
//export bench_go_metrics_mark
func bench_go_metrics_mark() { metricsMark = readMetrics() }

// bench_go_metrics writes, as JSON, what changed since bench_go_metrics_mark: counters as deltas,
// the thread count as is, and quantiles (upper bucket bounds, seconds) of the scheduling latency
// (runnable → running) and of GC pauses.
//
//export bench_go_metrics
func bench_go_metrics(buf unsafe.Pointer, capacity uint32) uint32 {
	now := readMetrics()
	out := map[string]float64{}
	for n, v := range now.counters {
		if metricsMark != nil && n != "/sched/threads/total:threads" {
			v -= metricsMark.counters[n]
		}
		out[n] = float64(v)
	}
	for n, counts := range now.counts {
		if metricsMark != nil {
			for j, c := range metricsMark.counts[n] {
				counts[j] -= c
			}
		}
		var total uint64
		for _, c := range counts {
			total += c
		}
		out[n+" count"] = float64(total)
		for _, q := range []float64{0.5, 0.9, 0.99} {
			out[fmt.Sprintf("%s p%g", n, q*100)] = histQuantile(counts, now.buckets[n], q)
		}
	}
	b, _ := json.Marshal(out)
	return uint32(copy(unsafe.Slice((*byte)(buf), capacity), b))
}

// histQuantile is the upper bound of the bucket holding quantile q (0 when empty).
func histQuantile(counts []uint64, buckets []float64, q float64) float64 {
	var total uint64
	for _, c := range counts {
		total += c
	}
	if total == 0 {
		return 0
	}
	want := uint64(math.Ceil(q * float64(total)))
	var seen uint64
	for i, c := range counts {
		seen += c
		if seen >= want {
			if math.IsInf(buckets[i+1], 1) {
				return buckets[i]
			}
			return buckets[i+1]
		}
	}
	return buckets[len(buckets)-1]
}
