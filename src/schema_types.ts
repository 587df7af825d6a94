/**
 * The types a schema is written with: scalar aliases that fix a number's Go type, and {@link Host},
 * the marker of services implemented in TypeScript. `mod.ts` exports them for schemas, `runtime.ts`
 * for generated clients.
 *
 * @example
 * ```ts
 * import type { u32, u8 } from "./schema_types.ts";
 * export interface User { id: u32; age: u8 }
 * ```
 * @module
 */

/** Unsigned 8-bit integer (Go `uint8`). @example `const age: u8 = 42;` */
export type u8 = number;
/** Unsigned 16-bit integer (Go `uint16`). @example `const port: u16 = 8080;` */
export type u16 = number;
/** Unsigned 32-bit integer (Go `uint32`). @example `const id: u32 = 7;` */
export type u32 = number;
/** Unsigned 64-bit integer (Go `uint64`), full range as a bigint. @example `const big: u64 = 2n ** 64n - 1n;` */
export type u64 = bigint;
/** Unsigned pointer-sized integer (Go `uint`, 64-bit). @example `const n: usize = 1995n;` */
export type usize = bigint;
/** Signed 8-bit integer (Go `int8`). @example `const d: i8 = -1;` */
export type i8 = number;
/** Signed 16-bit integer (Go `int16`). @example `const d: i16 = -300;` */
export type i16 = number;
/** Signed 32-bit integer (Go `int32`). @example `const d: i32 = -70000;` */
export type i32 = number;
/** Signed 64-bit integer (Go `int64`), full range as a bigint. @example `const t: i64 = -(2n ** 63n);` */
export type i64 = bigint;
/** Signed pointer-sized integer (Go `int`, 64-bit). @example `const n: isize = -1n;` */
export type isize = bigint;
/** 32-bit float (Go `float32`). @example `const x: f32 = 0.5;` */
export type f32 = number;
/** 64-bit float (Go `float64`); plain `number` means the same. @example `const x: f64 = Math.PI;` */
export type f64 = number;

/**
 * Marker for services implemented in TypeScript and called from Go (`interface Logger extends Host`).
 * `gen` emits a Go client type for each, and a `provideLogger(impl)` method on every loaded client.
 *
 * @example
 * ```ts
 * import type { Host } from "./schema_types.ts";
 * export interface Logger extends Host { log(line: string): void }
 * ```
 */
// deno-lint-ignore no-empty-interface
export interface Host {}
