/**
 * ts2go: call Go from TypeScript, in-process and asynchronously, through Deno's and Bun's FFI.
 *
 * Write a schema with the type aliases below, run `ts2go gen`, implement the generated Go interface,
 * then load the generated client with a library from {@link buildGo}. Generated clients import
 * `ts2go/runtime`; nothing else here is needed by hand-written code.
 *
 * @example
 * ```ts
 * import { buildGo } from "ts2go";
 * import { loadGreeter } from "./schema.gen.ts";
 * using api = loadGreeter(await buildGo(`${import.meta.dirname}/go`));
 * api.hello({ name: "ts2go" }); // { message: "Hello, ts2go!" }
 * ```
 * @module
 */

export type { f32, f64, Host, i16, i32, i64, i8, isize, u16, u32, u64, u8, usize } from "./src/schema_types.ts";
export { buildGo, type BuildOptions, GoBuildError } from "./src/build.ts";
export { findLibrary, loadPrebuilt, type PrebuiltOptions } from "./src/prebuilt.ts";
export type { Target } from "./src/platform.ts";
export { ClientClosedError, GoError, GoPanicError, LibraryError } from "./src/errors.ts";
export type { CallOptions, LoadOptions, StreamOptions } from "./src/client.ts";
