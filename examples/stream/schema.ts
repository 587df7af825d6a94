// A stream: Go sends ticks as they happen, TypeScript reads them with `for await`.
import type { u32, u64 } from "ts2go";

export interface Tick {
  seq: u64;
  unix_ms: number;
  label: string;
}

export interface TickRequest {
  every_ms: u32;
  /** 0 = until the consumer stops. */
  count: u32;
}

export interface Ticker {
  /** Go's Ticks(ctx, req, send) sends one Tick per period; breaking out of the loop cancels ctx. */
  ticks(req: TickRequest): AsyncIterable<Tick>;
}
