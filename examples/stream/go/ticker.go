package main

import (
	"context"
	"fmt"
	"time"
)

type ticker struct{}

func init() { RegisterTicker(ticker{}) }

// Ticks sends a Tick every req.EveryMs milliseconds. send blocks while the TypeScript side has
// enough unread ticks, and fails once the consumer has stopped; ctx ends at the same time.
func (ticker) Ticks(ctx context.Context, req *TickRequest, send func(Tick) error) error {
	t := time.NewTicker(time.Duration(max(req.EveryMs, 1)) * time.Millisecond)
	defer t.Stop()
	for seq := uint64(1); req.Count == 0 || seq <= uint64(req.Count); seq++ {
		select {
		case now := <-t.C:
			tick := Tick{Seq: seq, UnixMs: float64(now.UnixMilli()), Label: fmt.Sprintf("tick %d", seq)}
			if err := send(tick); err != nil {
				return err
			}
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}
