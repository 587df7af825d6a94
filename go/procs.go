// ts2go Go runtime: one more P for the Go scheduler while many calls from Deno clients are in flight.

package main

import (
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

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
