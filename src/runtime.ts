/**
 * What generated clients call (the package's `ts2go/runtime` entry point): `import * as rt from
 * "ts2go/runtime"`. Not for hand-written code: its shape follows the generator, not semver.
 *
 * @example
 * ```ts
 * import * as rt from "./runtime.ts";
 * rt.round8(5); // 8
 * ```
 * @module
 */

export type { f32, f64, Host, i16, i32, i64, i8, isize, u16, u32, u64, u8, usize } from "./schema_types.ts";

export { type CallOptions, Connection, type ResultDecoder, type StreamOptions } from "./client.ts";
export type { MethodKinds } from "./library.ts";
export type { HostMethod, ResultPacker } from "./host_calls.ts";
export type { ArgTracker } from "./packing.ts";
export {
  alloc,
  ArgWriter,
  changedWhileSending,
  measureTyped,
  putAddr,
  putOptional,
  putRef,
  putTyped,
  round8,
} from "./writer.ts";
export {
  finishStrings,
  measureMapKey,
  measureString,
  noteString,
  putMapKey,
  putNotedStrings,
  putString,
} from "./strings.ts";
export {
  checkKeysKept,
  isPresent,
  noResult,
  readString,
  readTyped,
  refAt,
  refLen,
  type ResultReader,
} from "./reader.ts";
export {
  atField,
  atIndex,
  atKey,
  atMapKey,
  atParam,
  checkArray,
  checkBool,
  checkF32,
  checkF64,
  checkI16,
  checkI32,
  checkI64,
  checkI8,
  checkIsize,
  checkMap,
  checkObject,
  checkString,
  checkTyped,
  checkU16,
  checkU32,
  checkU64,
  checkU8,
  checkUsize,
  enterNested,
  leaveNested,
  ownField,
} from "./input.ts";
