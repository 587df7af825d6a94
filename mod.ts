/**
 * ts2go: call Go from TypeScript, in-process and asynchronously, through Deno's and Bun's FFI.
 *
 * Write a schema with the type aliases below, run `deno task gen`, implement the generated Go
 * interface, then load the generated client with a library from {@link buildGo}.
 *
 * @example
 * ```ts
 * import { buildGo } from "./mod.ts";
 * import { loadDemoCall } from "./examples/demo/schema.gen.ts";
 * using api = loadDemoCall(await buildGo("./examples/demo/go"));
 * const res = await api.demo_check_async({ users: [{ name: "a", age: 1 }], balabala: new Uint8Array([1]) });
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
 * import type { Host } from "./mod.ts";
 * export interface Logger extends Host { log(line: string): void }
 * ```
 */
// deno-lint-ignore no-empty-interface
export interface Host {}

export { buildGo, type BuildOptions, GoBuildError } from "./src/build.ts";
export { ClientClosedError, GoError, GoPanicError, LibraryError } from "./src/errors.ts";
export type { CallOptions, StreamOptions } from "./src/client.ts";

/**
 * The runtime that generated clients call. Internal: its shape follows the generator, not semver.
 *
 * @example
 * ```ts
 * import { runtime } from "./mod.ts";
 * runtime.round8(3); // 8
 * ```
 */
export * as runtime from "./src/runtime.ts";
