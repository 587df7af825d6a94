/**
 * The benchmark's inputs (the demo's request, 1,000 users, byte arrays) and its sanity check: every
 * path must give the right answer before anything is timed.
 *
 * @example
 * ```ts
 * import { bytes, check, jsSum } from "./inputs.ts";
 * const b = bytes(1 << 20);
 * check("sum_bytes", api.sum_bytes(b), jsSum(b));
 * ```
 * @module
 */

import type { Request } from "./baseline.ts";

/** The demo's request: 2 users and 1 byte. */
export const demoRequest: Request = {
  users: [{ name: "chihai", age: 28 }, { name: "hui", age: 18 }],
  balabala: new Uint8Array(new ArrayBuffer(1)).fill(1),
};

/** 1,000 users with 16-character names. */
export const bigRequest: Request = {
  users: Array.from({ length: 1000 }, (_, i) => ({ name: `user-${String(i).padStart(11, "0")}`, age: 18 + (i % 60) })),
  balabala: new Uint8Array(new ArrayBuffer(1)).fill(1),
};

/** `n` bytes of a fixed pattern. @example `bytes(3) // Uint8Array [3, 10, 17]` */
export function bytes(n: number): Uint8Array {
  const b = new Uint8Array(new ArrayBuffer(n));
  for (let i = 0; i < n; i++) b[i] = (i * 7 + 3) & 0xff;
  return b;
}

/** The sum of the bytes, as the Go side computes it. @example `jsSum(bytes(3)) // 30n` */
export function jsSum(b: Uint8Array): bigint {
  let s = 0;
  for (let i = 0; i < b.length; i++) s += b[i];
  return BigInt(s);
}

/** Throws unless `got` is `want`. @example `check("echo", await api.echo(41n), 42n)` */
export function check(what: string, got: unknown, want: unknown): void {
  if (got !== want) throw new Error(`bench sanity check failed: ${what}: got ${String(got)}, want ${String(want)}`);
}
