// The BenchCall implementation: the Go side of the ts2go workloads (see bench/schema.ts).
package main

import (
	"context"
	"encoding/binary"
	"time"
)

type benchImpl struct{}

func init() { RegisterBenchCall(benchImpl{}) }

// seedSleep is how long the seed's benchmark method takes (workload 1).
const seedSleep = 10 * time.Millisecond

func (benchImpl) Seed(_ context.Context, req *DemoComplicatedRequest) (DemoResponse, error) {
	time.Sleep(seedSleep)
	return DemoResponse{Pass: allAdults(req.Users)}, nil
}

func (benchImpl) Echo(_ context.Context, n uint64) (uint64, error) { return n + 1, nil }

func (benchImpl) Ping(n uint64) (uint64, error) { return n + 1, nil }

func (benchImpl) CountUsers(req *DemoComplicatedRequest) (uint32, error) {
	return uint32(len(req.Users)), nil
}

func (benchImpl) SumBytes(data []byte) (uint64, error) { return sumBytes(data), nil }

func (benchImpl) BytesLen(data []byte) (uint64, error) { return uint64(len(data)), nil }

func (benchImpl) EchoStr(_ context.Context, n uint64, s string) (uint64, error) {
	return n + uint64(len(s)), nil
}

func allAdults(users []DemoUser) bool {
	for _, u := range users {
		if u.Age < 18 {
			return false
		}
	}
	return true
}

// sumBytes adds up bytes eight at a time (SWAR), so that the Go body of the 1 MiB / 16 MiB workload
// is as cheap as it can be and the figure shows the call overhead. bench/sidecar has the same code.
func sumBytes(b []byte) uint64 {
	const lo = 0x00FF00FF00FF00FF
	var total uint64
	for len(b) >= 8 {
		// Four 16-bit lanes, each gaining at most 2*255 per word: 128 words cannot overflow them.
		var lanes uint64
		n := min(len(b)/8, 128)
		for i := 0; i < n; i++ {
			w := binary.LittleEndian.Uint64(b[i*8:])
			lanes += (w & lo) + ((w >> 8) & lo)
		}
		total += (lanes & 0xFFFF) + ((lanes >> 16) & 0xFFFF) + ((lanes >> 32) & 0xFFFF) + (lanes >> 48)
		b = b[n*8:]
	}
	for _, c := range b {
		total += uint64(c)
	}
	return total
}
