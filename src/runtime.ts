/**
 * What generated clients call. Exported from `mod.ts` as `runtime`; not for hand-written code.
 *
 * @example
 * ```ts
 * import * as rt from "./runtime.ts";
 * rt.round8(5); // 8
 * ```
 * @module
 */

export { type CallOptions, Connection, type ResultDecoder, type StreamOptions } from "./client.ts";
export type { MethodKinds } from "./library.ts";
export type { HostMethod, ResultPacker } from "./host_calls.ts";
export {
  alloc,
  ArgWriter,
  changedWhileSending,
  finishStrings,
  isPresent,
  measureString,
  noteString,
  putNotedStrings,
  measureTyped,
  noResult,
  putAddr,
  putOptional,
  putRef,
  putString,
  putTyped,
  readString,
  readTyped,
  refAt,
  refLen,
  type ResultReader,
  round8,
} from "./codec.ts";
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
} from "./input.ts";
