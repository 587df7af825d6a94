// The argument buffer pool of src/arena.ts on its own: size classes, reuse, and what is not kept; and a
// client's sync buffers over it (src/packing.ts).
import { test } from "node:test";
import assert from "node:assert/strict";
import { ArenaPool } from "../src/arena.ts";
import { SyncBuffers } from "../src/packing.ts";

test("buffers come in power-of-two sizes from 64 bytes, each with its address looked up once", () => {
  let lookups = 0;
  const pool = new ArenaPool(() => 0x1000 + lookups++);
  const sizes = [0, 1, 64, 65, 100, 4096, 4097, 1 << 20, (1 << 20) + 1].map((n) => pool.take(n).u8.length);
  assert.deepStrictEqual(sizes, [64, 64, 64, 128, 128, 4096, 8192, 1 << 20, (1 << 20) + 1]);
  assert.equal(lookups, sizes.length);
});

test("a given-back buffer is taken again for its size class, with its writer's settings", () => {
  const pool = new ArenaPool(() => 0x2000, true);
  const w = pool.take(100);
  assert.equal(w.copyViews, true);
  assert.equal(w.addr, 0x2000);
  w.stringCount = 3;
  const copy = pool.take(64);
  w.keep = [copy];
  pool.give(w);
  assert.deepStrictEqual([w.stringCount, w.keep], [0, null], "a pooled writer keeps nothing of its last call");
  assert.equal(pool.take(64), copy, "the buffers of its copies go back with it");
  assert.equal(pool.take(128), w);
  assert.notEqual(pool.take(128), w, "each buffer is taken once");
  assert.equal(new ArenaPool(() => 0).take(1).copyViews, false);
});

test("buffers over 1 MiB, and one too many of a class, are dropped instead of kept", () => {
  const pool = new ArenaPool(() => 0);
  const big = pool.take((1 << 20) + 1);
  pool.give(big);
  assert.notEqual(pool.take((1 << 20) + 1), big);
  const mib = pool.take(1 << 20);
  pool.give(mib);
  assert.equal(pool.take(1 << 20), mib, "1 MiB is the largest class kept");
  const many = Array.from({ length: 4097 }, () => pool.take(64));
  for (const w of many) pool.give(w);
  const again = new Set(Array.from({ length: 4097 }, () => pool.take(64)));
  assert.equal(many.filter((w) => again.has(w)).length, 4096, "at most 4,096 buffers are kept per class");
});

test("buffers come from the pool's memory, and a buffer the pool drops is freed there by its address", () => {
  let next = 0x10000;
  const freed: number[] = [];
  const pool = new ArenaPool(() => 0, true, {
    allocate: (size) => ({ buffer: new ArrayBuffer(size), addr: next += 0x1000000 }),
    free: (addr) => freed.push(addr),
  });
  const small = pool.take(100);
  const big = pool.take((1 << 20) + 1);
  assert.deepStrictEqual([small.addr, big.addr], [0x1010000, 0x2010000]);
  pool.give(small);
  pool.give(big);
  assert.deepStrictEqual(freed, [big.addr], "a kept buffer is not freed; one too large to keep is");
  const again = pool.take(100);
  assert.equal(again, small);
  const copy = pool.take((1 << 20) + 8);
  again.keep = [copy];
  pool.give(again);
  assert.deepStrictEqual(freed, [big.addr, copy.addr], "a writer's copies go back (and out) with it");
});

test("sync buffers have room for the measured size: their own buffer grown, or the pool's while it is lent", () => {
  // Hand-written packers (bench/hand_packer.ts) measure first and write without bounds checks.
  const buffers = new SyncBuffers(new ArenaPool(() => 0));
  const own = buffers.take(16);
  buffers.give(own);
  const big = buffers.take(16, 5000);
  assert.ok(big.u8.length >= 5000, `room for 5000 bytes, not ${big.u8.length}`);
  const lent = buffers.take(16, 3000);
  assert.notEqual(lent, big, "the client's own buffer is lent: another one");
  assert.ok(lent.u8.length >= 3000, `room for 3000 bytes, not ${lent.u8.length}`);
  buffers.give(lent);
  buffers.give(big);
  assert.equal(buffers.take(16), big, "the grown buffer is the client's own from then on");
});
