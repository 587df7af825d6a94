// Property tests: random values over the whole type table round-trip through Go, sync and async, and
// come back equal. assert.deepStrictEqual compares primitives with Object.is (NaN equals NaN, -0 is
// not 0) and Maps regardless of order, on Deno and Bun alike.
//
// TS2GO_PROPERTY_RUNS sets the total number of cases (default 10,000), split across the properties.
// TS2GO_PROPERTY_SEED replays a failure (fast-check prints the seed and path).
import { after, test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { buildProject } from "../scripts/projects.ts";
import { loadEcho } from "./fixtures/types/schema.gen.ts";
import { everything, expected, f64, i64, mapOf, scalars, str, u32, u64, view } from "./fixtures/types/arbitraries.ts";

const api = loadEcho(await buildProject("tests/fixtures/types"));
after(() => api.close());

const TOTAL_RUNS = Number(process.env.TS2GO_PROPERTY_RUNS ?? 10_000);
const SEED = process.env.TS2GO_PROPERTY_SEED === undefined ? undefined : Number(process.env.TS2GO_PROPERTY_SEED);
const runs = (share: number) => ({
  numRuns: Math.max(1, Math.round(TOTAL_RUNS * share)),
  seed: SEED,
  endOnFailure: true,
});

test("Everything round-trips through a sync call", () => {
  fc.assert(fc.property(everything, (v) => assert.deepStrictEqual(api.everything(v), expected(v))), runs(0.3));
});

test("Everything round-trips through an async call", async () => {
  await fc.assert(
    fc.asyncProperty(everything, async (v) => assert.deepStrictEqual(await api.everything_async(v), expected(v))),
    runs(0.25),
  );
});

test("batches of Everything in flight at once each come back to their own caller", async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(everything, { minLength: 1, maxLength: 8 }), async (vs) => {
      const got = await Promise.all(vs.map((v) => api.everything_async(v)));
      assert.deepStrictEqual(got, vs.map(expected));
    }),
    runs(0.05),
  );
});

test("Scalars round-trip at their extremes and everywhere between", () => {
  const edgy = fc.record({
    a_u8: fc.constantFrom(0, 255),
    a_u16: fc.constantFrom(0, 65535),
    a_u32: fc.constantFrom(0, 2 ** 32 - 1),
    a_u64: fc.constantFrom(0n, 2n ** 64n - 1n),
    a_usize: fc.constantFrom(0n, 2n ** 64n - 1n),
    a_i8: fc.constantFrom(-128, 127),
    a_i16: fc.constantFrom(-32768, 32767),
    a_i32: fc.constantFrom(-(2 ** 31), 2 ** 31 - 1),
    a_i64: fc.constantFrom(-(2n ** 63n), 2n ** 63n - 1n),
    a_isize: fc.constantFrom(-(2n ** 63n), 2n ** 63n - 1n),
    a_f32: fc.constantFrom(NaN, -0, Infinity, -Infinity),
    a_f64: fc.constantFrom(NaN, -0, Number.MIN_VALUE, -Number.MAX_VALUE),
    a_number: f64,
    a_bool: fc.boolean(),
  });
  fc.assert(
    fc.property(fc.oneof(scalars, edgy), (s) => assert.deepStrictEqual(api.scalars(s), expected(s))),
    runs(0.15),
  );
});

test("top-level parameters and results of every kind, sync and async", async () => {
  const args = fc.record({
    text: str,
    u64,
    i64,
    f32: fc.double(),
    f64,
    bool: fc.boolean(),
    maybe: fc.option(str, { nil: undefined }),
    maybeStruct: fc.option(scalars, { nil: undefined }),
    bytes: view(fc.uint8Array({ maxLength: 64 })),
    list: fc.array(u32, { maxLength: 16 }),
    map: mapOf(str, u32),
  });
  await fc.assert(
    fc.asyncProperty(args, async (a) => {
      assert.equal(api.text(a.text), a.text);
      assert.equal(await api.text_async(a.text), a.text);
      assert.equal(api.u64(a.u64), a.u64);
      assert.equal(api.i64(a.i64), a.i64);
      assert.ok(Object.is(api.f32(a.f32), Math.fround(a.f32)), `f32 ${a.f32}`); // any number: rounded
      assert.ok(Object.is(api.f64(a.f64), a.f64), `f64 ${a.f64}`);
      assert.equal(api.bool(a.bool), a.bool);
      assert.equal(api.maybe(a.maybe), a.maybe);
      assert.deepStrictEqual(await api.maybe_async(a.maybeStruct), expected(a.maybeStruct));
      assert.deepStrictEqual(api.bytes(a.bytes), a.bytes.slice());
      assert.equal(api.sum_bytes(a.bytes), a.bytes.reduce((s, b) => s + BigInt(b), 0n));
      assert.deepStrictEqual(api.list(a.list), a.list);
      assert.deepStrictEqual(api.map(a.map), a.map);
    }),
    runs(0.2),
  );
});

test("any UTF-16 string, lone surrogates included, comes back as its well-formed version", async () => {
  const utf16 = fc.string({
    unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
    maxLength: 80,
  });
  await fc.assert(
    fc.asyncProperty(utf16, async (s) => {
      // ignoreBOM: a leading U+FEFF is part of the string, not a byte order mark to drop.
      const wellFormed = new TextDecoder("utf-8", { ignoreBOM: true }).decode(new TextEncoder().encode(s));
      assert.equal(api.text(s), wellFormed);
      assert.equal(await api.text_async(s), wellFormed);
    }),
    runs(0.05),
  );
});
