// The benchmark schema (see bench/main.ts and docs/BENCHMARKS.md). DemoUser, DemoComplicatedRequest and
// DemoResponse are the demo's types (examples/demo/schema.ts), repeated here because a schema is one
// file; their layout is the same.
import type { u32, u64, u8 } from "../mod.ts";

export interface DemoUser {
  name: string;
  age: u8;
}

export interface DemoComplicatedRequest {
  users: DemoUser[];
  balabala: Uint8Array;
}

export interface DemoResponse {
  pass: boolean;
}

export interface BenchCall {
  /** Workload 1 (the seed's benchmark): sleeps 10 ms, then checks that every user is an adult. */
  seed(req: DemoComplicatedRequest): Promise<DemoResponse>;
  /** Workload 2: the overhead round trip, returns `n + 1` at once. */
  echo(n: u64): Promise<u64>;
  /** Workload 3: the sync call floor, returns `n + 1`. */
  ping(n: u64): u64;
  /** Workload 4: the number of users. */
  count_users(req: DemoComplicatedRequest): u32;
  /** Workload 4: the sum of the bytes. */
  sum_bytes(data: Uint8Array): u64;
  /** Workload 4: only the length, so that the figure is the cost of passing the bytes in. */
  bytes_len(data: Uint8Array): u64;
  /** Workload 6 (memory): returns `n + len(s)` at once. */
  echo_str(n: u64, s: string): Promise<u64>;
}
