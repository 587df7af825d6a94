// Property tests over the schema types of issue 15: random values round-trip through Go (sync, async,
// stream) and through a Go → TS call, and come back equal. TS2GO_PROPERTY_RUNS and TS2GO_PROPERTY_SEED
// as in tests/property_test.ts (this file runs a fifth of the runs).
import { after, test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { buildProject } from "../scripts/projects.ts";
import { loadKindsEcho } from "./fixtures/kinds/schema.gen.ts";
import { canonical, expectedKinds, kinds, record, shape, status } from "./fixtures/kinds/arbitraries.ts";

const api = loadKindsEcho(await buildProject("tests/fixtures/kinds"));
after(() => api.close());
api.providePainter({
  paint: async (s) => (s.kind === "circle" ? "active" : "disabled"),
  echo: (k) => k,
  maybe: (s) => s,
});

const TOTAL_RUNS = Number(process.env.TS2GO_PROPERTY_RUNS ?? 10_000) / 5;
const SEED = process.env.TS2GO_PROPERTY_SEED === undefined ? undefined : Number(process.env.TS2GO_PROPERTY_SEED);
const runs = (share: number) => ({
  numRuns: Math.max(1, Math.round(TOTAL_RUNS * share)),
  seed: SEED,
  endOnFailure: true,
});
const same = (got: unknown, want: unknown) => assert.deepStrictEqual(canonical(got), canonical(want));

test("Kinds round-trips through a sync call", () => {
  fc.assert(fc.property(kinds, (k) => same(api.kinds(k), expectedKinds(k))), runs(0.35));
});

test("Kinds round-trips through an async call, a stream and a Go → TS call", async () => {
  await fc.assert(
    fc.asyncProperty(kinds, async (k) => {
      same(await api.kinds_async(k), expectedKinds(k));
      same(await api.call_echo(k), expectedKinds(k));
      for await (const item of api.kinds_stream(k, 1)) same(item, expectedKinds(k));
    }),
    runs(0.35),
  );
});

test("top-level unions, enums, nulls and records", async () => {
  const args = fc.record({ shape, status, maybe: fc.option(shape, { nil: null }), rec: record(shape) });
  await fc.assert(
    fc.asyncProperty(args, async (a) => {
      same(api.shape(a.shape), a.shape);
      assert.equal(api.status(a.status), a.status);
      same(api.nullable(a.maybe), a.maybe);
      same(await api.call_maybe(a.maybe), a.maybe);
      const back = api.record(a.rec);
      assert.equal(Object.getPrototypeOf(back), null);
      same(back, a.rec);
    }),
    runs(0.3),
  );
});
