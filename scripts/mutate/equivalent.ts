/**
 * Mutants that survive because they change nothing a test could observe, each with the reason; the
 * kill rate of `deno task mutate` leaves them out and lists them (docs/TESTING.md). A mutant belongs
 * here only when no input, on either runtime, can tell it from the original: a fast path skipped
 * or always taken, a check made twice, a value that cannot occur. Others are gaps: write the test.
 *
 * @example
 * ```ts
 * import { EQUIVALENT } from "./equivalent.ts";
 * EQUIVALENT.every((e) => e.why.length > 0); // true
 * ```
 * @module
 */

import type { Equivalent } from "./areas.ts";

/** Every equivalent mutant, by area file. */
export const EQUIVALENT: readonly Equivalent[] = [
  // gen/fingerprint.ts
  {
    file: "gen/fingerprint.ts",
    line: 'parts.push(`${svc.host ? "host " : ""}service ${svc.name}`);',
    replacement: '""',
    why: "service names are unique in a schema, so a Host service's entry differs from any other without the word",
  },
  {
    file: "gen/fingerprint.ts",
    line: 'parts.push(`${m.stream ? "stream" : m.async ? "async" : "sync"} ${m.name}(${params}) ${result}`);',
    replacement: '""',
    why: 'an empty word for sync methods still differs from "async" and "stream", so every kind change still shows',
  },
  // gen/layout.ts
  {
    file: "gen/layout.ts",
    line: "if (done) return done;",
    replacement: "false",
    why: "a memo: laying a struct out again gives an equal layout (emitters compare values, never identities)",
  },
  {
    file: "gen/layout.ts",
    line: "if (!l) {",
    replacement: "true",
    why: "a memo: laying a map entry out again gives an equal layout",
  },
  // src/reader.ts
  {
    file: "src/reader.ts",
    line: "return r.dv.getUint32(at, true) !== 0 || r.dv.getUint32(at + 4, true) !== 0;",
    replacement: "false",
    why: "the littleEndian flag: a 32-bit word is non-zero in either byte order",
  },
  {
    file: "src/reader.ts",
    line: 'if (len === 0) return "";',
    replacement: "false",
    why: 'an empty string decodes to "" on the path that follows too',
  },
  {
    file: "src/reader.ts",
    line: "if (len <= 32) {",
    why:
      "the short-string fast path (String.fromCharCode for ASCII up to 32 bytes): TextDecoder, its fallback, gives the same string",
  },
  {
    file: "src/reader.ts",
    line: "let ascii = true;",
    replacement: "false",
    why:
      "the short-string fast path (String.fromCharCode for ASCII up to 32 bytes): TextDecoder, its fallback, gives the same string",
  },
  {
    file: "src/reader.ts",
    line: "for (let i = 0; i < len; i++) {",
    replacement: "i <= len",
    why:
      "the short-string fast path (String.fromCharCode for ASCII up to 32 bytes): TextDecoder, its fallback, gives the same string (a byte read past the string only sends it there)",
  },
  {
    file: "src/reader.ts",
    line: "if (u8[start + i] >= 0x80) {",
    replacement: "true",
    why:
      "the short-string fast path (String.fromCharCode for ASCII up to 32 bytes): TextDecoder, its fallback, gives the same string",
  },
  {
    file: "src/reader.ts",
    line: "if (ascii) return String.fromCharCode",
    replacement: "false",
    why:
      "the short-string fast path (String.fromCharCode for ASCII up to 32 bytes): TextDecoder, its fallback, gives the same string",
  },
  {
    file: "src/reader.ts",
    line: "if (len === 0) return new ctor(new ArrayBuffer(0));",
    replacement: "false",
    why: "slice() of no bytes gives the same empty array",
  },
  // src/strings.ts
  {
    file: "src/strings.ts",
    line: "if (s.length === 0) {",
    why: "an empty string gets the Ref { 0, 0 } on the path that follows too (putRef writes pointer 0 for length 0)",
  },
  {
    file: "src/strings.ts",
    line: "if (!w.deferStrings) {",
    replacement: "true",
    why: "deferring strings is a speed choice (V8): writing each where it comes gives the same bytes and Refs",
  },
  {
    file: "src/strings.ts",
    line: "if (w.stringCount === 0) return;",
    replacement: "false",
    why: "with no noted string, encoding the empty rope writes nothing",
  },
  {
    file: "src/strings.ts",
    line: "if (rope.length >= DEFER_MIN_UNITS) {",
    why: "the all-ASCII rope fast path (one encodeInto): string by string, its fallback, gives the same bytes and Refs",
  },
  {
    file: "src/strings.ts",
    line: "if (done.written === rope.length) {",
    why: "the all-ASCII rope fast path (one encodeInto): string by string, its fallback, gives the same bytes and Refs",
  },
  {
    file: "src/strings.ts",
    line: "if (done.read !== rope.length) throw changedWhileSending(); // it did not fit",
    replacement: "false",
    why: "a rope that did not fit: the string-by-string path that follows refuses it with the same error",
  },
  {
    file: "src/strings.ts",
    line: "if (!(w.heap <= w.u8.length)) throw changedWhileSending();",
    why:
      "the heap cannot pass the buffer here: encodeInto and the 3-bytes-per-unit check refused what does not fit first, and buffers are multiples of 8",
  },
  {
    file: "src/strings.ts",
    line: "if (off + units <= u8.length) {",
    why: "encodePiece's ASCII loop: encodeString, its fallback, gives the same bytes",
  },
  {
    file: "src/strings.ts",
    line: "for (; j < units; j++) {",
    why: "encodePiece's ASCII loop: encodeString, its fallback, gives the same bytes",
  },
  {
    file: "src/strings.ts",
    line: "return j === units ? units : encodeString(u8, off, rope.slice(pos, pos + units));",
    replacement: "false",
    why: "encodePiece's ASCII loop: encodeString, its fallback, gives the same bytes",
  },
  {
    file: "src/strings.ts",
    line: "if (c >= 0x80) break;",
    replacement: "true",
    why: "an ASCII loop (encodePiece's, encodeString's): its fallback, encodeInto, gives the same bytes",
  },
  {
    file: "src/strings.ts",
    line: "if (n <= 64) {",
    why: "encodeString's loop for short strings: encodeInto, its fallback, gives the same bytes",
  },
  {
    file: "src/strings.ts",
    line: "if (off + n <= u8.length) {",
    why: "encodeString's loop for short strings: encodeInto, its fallback, gives the same bytes",
  },
  {
    file: "src/strings.ts",
    line: "for (; i < n; i++) {",
    why:
      "encodeString's loop for short strings: encodeInto, its fallback, gives the same bytes (a unit read past the string is NaN, written as 0 into room not yet used)",
  },
  {
    file: "src/strings.ts",
    line: "if (i === n) return n;",
    replacement: "false",
    why: "encodeString's loop for short strings: encodeInto, its fallback, gives the same bytes",
  },
  // src/writer.ts
  {
    file: "src/writer.ts",
    line: "if (!w.copyViews) checkFixedLength(view, ctor, bytes);",
    replacement: "true",
    why:
      "async calls measured the view with the same check; only a getter that detaches it between the two reads could tell",
  },
  {
    file: "src/writer.ts",
    line: 'const source = ctor.name === "Uint8Array"',
    why: "a Uint8Array taken as is, or a new Uint8Array over the same bytes: set() copies the same bytes",
  },
  // src/input.ts
  {
    file: "src/input.ts",
    line: 'if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) {',
    replacement: "false",
    why: "with the typeof test gone, Number.isInteger(v) is false for every non-number, which fails the same way",
  },
  {
    file: "src/input.ts",
    line: 'fail(`${label} as a bigint (e.g. ${typeof v === "number" && Number.isInteger(v) ? v : 0}n)`, v);',
    replacement: "true",
    why: "Number.isInteger(v) is false for every non-number, so the typeof test adds nothing",
  },
  {
    file: "src/input.ts",
    line: 'if (typeof v !== "object" || v === null || (v.constructor !== Object && notStruct(v))) {',
    replacement: "true",
    why: "a fast path: notStruct() is false for a plain object, so checking every object gives the same answer",
  },
  {
    file: "src/input.ts",
    line: "detached = bytes === 0 && detachedGetter.call(buffer);",
    replacement: "true",
    why: "a view over a detached buffer always has 0 bytes, so the length test only saves a getter call",
  },
  // src/deno.ts
  {
    file: "src/deno.ts",
    line: "if (fastAddress) return fastAddress(view);",
    why: "a fast path: ts2go_address (set when the first library opens, before any call can need an address; " +
      "every ts2go library has it) and Deno.UnsafePointer give the same address",
  },
  {
    file: "src/deno.ts",
    line: "opPromises?.refOpPromise(pending);",
    replacement: "opPromises.refOpPromise",
    why: "the `?.` guards a Deno without core.refOpPromise; the pinned Deno has it, so opPromises is never null here",
  },
  {
    file: "src/deno.ts",
    line: "opPromises?.unrefOpPromise(",
    replacement: "opPromises.unrefOpPromise",
    why: "the `?.` guards a Deno without core.unrefOpPromise; the pinned Deno has it, so opPromises is never null here",
  },
  {
    file: "src/deno.ts",
    line: 'const opPromises: OpPromises | null = typeof core?.unrefOpPromise === "function" &&',
    replacement: 'typeof core?.unrefOpPromise === "function" || typeof core.refOpPromise === "function"',
    why: "the pinned Deno's core has both refOpPromise and unrefOpPromise, so any test of them gives the same " +
      "opPromises; only a Deno without them could tell",
  },
  {
    file: "src/deno.ts",
    line: "if (callback) mainWakers.push({ lib, id, ring });",
    replacement: "true",
    why: "a waker has a callback exactly on the main thread; a worker's copy of mainWakers (module state is per " +
      "thread) is read only by the exit and error listeners, which only the main thread adds",
  },
  // src/client.ts
  {
    file: "src/client.ts",
    line: "if (!resolve || !reject) return; // already settled by abort() or close()",
    replacement: "!resolve && !reject",
    why: "a slot's resolver and rejecter are set together and cleared together (settle()), so one is missing " +
      "exactly when the other is",
  },
  // src/waker.ts
  {
    file: "src/waker.ts",
    line: "if (this.awaited === BUSY_FROM) this.native.busy(true);",
    why: "when Deno's main thread keeps a wait pending besides its callback: both doorbells deliver every ready " +
      "id, and the callback keeps the thread alive either way; only speed tells (docs/benchmarks-log.md)",
  },
  {
    file: "src/waker.ts",
    line: "for (let i = 0; i < n; i++) this.hosts.get(ids[i])?.drain();",
    replacement: "i <= n",
    why: "one more drain, of the stale id after the list (or of none, past the array): a drain takes whatever " +
      "Go has ready for that client, which it would take at its own turn, and nothing when there is none",
  },
  {
    file: "src/deno.ts",
    line: "if (on) arm();",
    replacement: "true",
    why: "a wait armed when the main thread stops being busy too: as for BUSY_FROM, both doorbells deliver every " +
      "ready id, and the main thread's wait is unref'ed (its liveness is the callback's)",
  },
  // src/packing.ts
  {
    file: "src/packing.ts",
    line: "w.reset(rootSize, total ?? w.u8.length);",
    why: "reset's room only decides whether the call's strings are deferred (encoded together): the same bytes " +
      "either way, a choice of speed (see the codec area's equivalents)",
  },
  // go/runtime.go
  {
    file: "go/runtime.go",
    line: "if h == nil || n == 0 || h.closed.Load() {",
    replacement: "if h == nil && n == 0 || h.closed.Load() {",
    why: "JS submits only non-empty batches, only to hosts Go opened, and Go never removes a host from its table " +
      "(a closed one stays, closed): h is never nil, and an empty batch starts nothing either way",
  },
  // go/wake.go
  {
    file: "go/wake.go",
    line: "if int(id) >= len(ts2goWakers) {",
    replacement: "if int(id) > len(ts2goWakers) {",
    why: "waker ids come only from ts2go_waker_open (JS checks its failure value) and from the gone pipe, " +
      "which carries those: an id equal to the table's length never arrives",
  },
  // go/completions.go
  {
    file: "go/completions.go",
    line: "if c := ts2goFrameClass(cap(frame)); c >= 0 && cap(frame) == 64<<c {",
    replacement: "if c := ts2goFrameClass(cap(frame)); c > 0 && cap(frame) == 64<<c {",
    why: "64-byte frames are no longer recycled but made anew (zeroed, as a recycled one is cleared): only " +
      "allocations tell",
  },
  // go/codec.go
  {
    file: "go/codec.go",
    line: "if cap(l.items) < len(refs) {",
    replacement: "if cap(l.items) <= len(refs) {",
    why: "a pooled list exactly as long as needed is replaced by a new one instead of reused: the decoder writes " +
      "every item either way",
  },
  // go/signals.go
  {
    file: "go/signals.go",
    line: "now-last > int64(time.Millisecond) && ts2goSignalsFixedAt.CompareAndSwap(last, now)",
    replacement:
      "if last := ts2goSignalsFixedAt.Load(); now-last >= int64(time.Millisecond) && ts2goSignalsFixedAt.CompareAndSwap(last, now) {",
    why: "the once-a-millisecond limit on re-applying SA_ONSTACK: a call exactly 1 ms after the last one re-applies " +
      "it or waits for the next, and either way the flags are fixed again within a millisecond or two",
  },
  // go/streams.go
  {
    file: "go/streams.go",
    line: "delete(h.streams, slot)",
    replacement: "",
    why: "a finished stream's entry stays until its slot is reused (at most one per slot, overwritten by the " +
      "next stream there); an ack that still reaches it gives credits to a stream nobody sends on any more",
  },
];
