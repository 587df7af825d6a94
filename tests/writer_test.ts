// The argument writer of src/writer.ts on its own: chunks, Refs and addresses as Go reads them, and
// what sync and async calls do with typed arrays.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  alloc,
  ArgWriter,
  measureTyped,
  putAddr,
  putOptional,
  putRef,
  putTyped,
  round8,
  SMALL_VIEW_BYTES,
} from "../src/writer.ts";

const ADDR = 0x7f12_3456_0000; // above 4 GiB, as real addresses are
const u64At = (w: ArgWriter, at: number) => Number(w.dv.getBigUint64(at, true));

test("chunks are 8-aligned and may end exactly at the buffer's end, not past it", () => {
  assert.deepStrictEqual([0, 1, 7, 8, 9, 13].map(round8), [0, 8, 8, 8, 16, 16]);
  const w = new ArgWriter(new ArrayBuffer(64), ADDR, () => 0);
  w.reset(13);
  assert.equal(w.heap, 16);
  assert.equal(alloc(w, 3), 16);
  assert.equal(w.heap, 24);
  assert.equal(alloc(w, 40), 24);
  assert.equal(w.heap, 64);
  assert.equal(alloc(w, 0), 64);
  assert.throws(() => alloc(w, 1), /changed while it was being sent/);
});

test("Refs, addresses and optionals are 64-bit little-endian; an empty Ref and an absent optional are 0", () => {
  const w = new ArgWriter(new ArrayBuffer(128), ADDR, () => 0);
  w.u8.fill(0xff);
  w.reset(64);
  putRef(w, 0, 72, 5);
  assert.deepStrictEqual([u64At(w, 0), u64At(w, 8)], [ADDR + 72, 5]);
  putRef(w, 16, 72, 0);
  assert.deepStrictEqual([u64At(w, 16), u64At(w, 24)], [0, 0]);
  putAddr(w.dv, 32, 2 ** 52 + 3);
  assert.equal(u64At(w, 32), 2 ** 52 + 3);
  putOptional(w, 40, 80);
  putOptional(w, 48, -1);
  assert.deepStrictEqual([u64At(w, 40), u64At(w, 48)], [ADDR + 80, 0]);
});

test("typed arrays up to 4 KiB are measured for a copy in the call's buffer; larger ones are not", () => {
  assert.equal(SMALL_VIEW_BYTES, 4096);
  assert.equal(measureTyped(new Uint8Array(4095), Uint8Array), 4096);
  assert.equal(measureTyped(new Uint8Array(4096), Uint8Array), 4096);
  assert.equal(measureTyped(new Uint8Array(4097), Uint8Array), 0);
  assert.equal(measureTyped(new Float64Array(512), Float64Array), 4096);
  assert.equal(measureTyped(new Uint16Array(3), Uint16Array), 8);
});

test("a sync call passes a typed array by address; an async call copies it (in its buffer up to 4 KiB)", () => {
  const addressOf = (v: ArrayBufferView) => 0x5000_0000_0000 + (v as Uint8Array).byteOffset;
  for (const bytes of [0, 6, 4096, 4098]) {
    const view = new Uint16Array(new ArrayBuffer(bytes + 2), 2, bytes / 2).map((_, i) => i + 1);
    const sync = new ArgWriter(new ArrayBuffer(8192), ADDR, addressOf);
    sync.reset(16);
    putTyped(sync, 0, view, Uint16Array);
    assert.deepStrictEqual([u64At(sync, 0), u64At(sync, 8)], bytes === 0 ? [0, 0] : [addressOf(view), bytes / 2]);
    const copies = new ArgWriter(new ArrayBuffer(8192), ADDR, addressOf, true);
    copies.reset(16);
    copies.heap = 16;
    putTyped(copies, 0, view, Uint16Array);
    assert.equal(u64At(copies, 8), bytes === 0 ? 0 : bytes / 2);
    if (bytes === 0) assert.equal(u64At(copies, 0), 0);
    else if (bytes <= SMALL_VIEW_BYTES) {
      assert.equal(u64At(copies, 0), ADDR + 16, `${bytes} bytes: copied into the call's buffer`);
      assert.deepStrictEqual(new Uint16Array(copies.buffer, 16, bytes / 2), view);
      assert.equal(copies.keep, null);
    } else {
      assert.equal(copies.keep?.length, 1, `${bytes} bytes: a copy of its own, kept until the call completes`);
      const copy = copies.keep![0];
      assert.notEqual(copy.buffer, view.buffer);
      assert.deepStrictEqual(new Uint16Array(copy.buffer, 0, bytes / 2), view);
      assert.equal(u64At(copies, 0), copy.addr);
      copies.release();
      assert.equal(copies.keep, null);
    }
  }
});

test("a sync call refuses a detached or resizable buffer where it writes (it may not have measured)", () => {
  const w = new ArgWriter(new ArrayBuffer(256), ADDR, () => 1);
  w.reset(16);
  const detached = new Uint8Array(8);
  detached.buffer.transfer();
  assert.throws(() => putTyped(w, 0, detached, Uint8Array), /expected Uint8Array over a live buffer/);
  assert.throws(
    () => putTyped(w, 0, new Uint8Array(new ArrayBuffer(8, { maxByteLength: 16 })), Uint8Array),
    /expected Uint8Array over a fixed-length buffer/,
  );
  assert.throws(() => putTyped(w, 0, new Int8Array(2), Uint8Array), /expected Uint8Array, got an Int8Array/);
});

test("a pooled writer forgets the last call's strings and copies when it is reset", () => {
  const w = new ArgWriter(new ArrayBuffer(256), ADDR, () => 1, true);
  w.reset(16);
  w.notes = { rope: "left over" };
  w.stringCount = 2;
  w.keep = [new ArgWriter(new ArrayBuffer(8), ADDR, () => 1)];
  w.reset(32);
  assert.deepStrictEqual([w.heap, w.stringCount, w.notes.rope, w.keep], [32, 0, "", null]);
  assert.equal(w.resetTo(8), w);
  assert.equal(w.heap, 8);
});
