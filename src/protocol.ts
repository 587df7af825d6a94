/**
 * Wire constants shared with the Go runtime (`go/runtime.go`). See docs/ABI.md.
 *
 * @example
 * ```ts
 * import { FRAME_HEADER } from "./protocol.ts";
 * FRAME_HEADER; // 16
 * ```
 * @module
 */

/** Must equal `ts2goABIVersion` in go/runtime.go. */
export const ABI_VERSION = 2;

/** Frame status: the method returned normally. */
export const STATUS_OK = 0;
/** Frame status: the method returned a non-nil Go `error`; payload `{ message: string }`. */
export const STATUS_ERROR = 1;
/** Frame status: the method panicked; payload `{ value: string, stack: string }`. */
export const STATUS_PANIC = 2;

/** Frame status: a Go → TS call; slot = call id, the 4th header word = the method's code. */
export const STATUS_HOST_CALL = 3;
/** Frame status: one item of the stream in this slot. */
export const STATUS_ITEM = 4;

/** Bytes before each frame's payload: `{ slot u32, status u32, len u32, 0 u32 }`. */
export const FRAME_HEADER = 16;
/** A frame with this slot asks JS to grow its drain buffer to hold `len` more bytes. */
export const GROW_SLOT = 0xffffffff;
