// Schema names that meet a name of Go, of JavaScript or of the generated code, as calls on both
// runtimes (tests/fixtures/names): each works as written.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { buildProject } from "../scripts/projects.ts";
import { loadNames } from "./fixtures/names/schema.gen.ts";
import type { Chain, Inherited } from "./fixtures/names/schema.ts";

const api = loadNames(await buildProject("tests/fixtures/names"));
after(() => api.close());
api.provideWords({
  join: async (w, err, ctx, p, v, string) => [w, err, ctx, p, v, string].join(" "),
  chain: async (length) => {
    let chain: Chain = { label: `c${length - 1}` };
    for (let i = length - 1; i > 0; i--) chain = { label: `c${i - 1}`, next: chain };
    return chain;
  },
});

test("parameters named like Go keywords and predeclared names", () => {
  assert.equal(api.keywords(1, 2, "three", 4), "1 2 three 4");
});

test("parameters named ctx, options and send beside the ones gen adds", async () => {
  assert.equal(await api.with_ctx(5, 6, { signal: new AbortController().signal }), 11);
  const items: number[] = [];
  for await (const i of api.count(3)) items.push(i);
  assert.deepEqual(items, [0, 1, 2]);
});

test("parameters named like the names the generated client's methods use", async () => {
  assert.equal(api.shadows(1, 2, 3), 6);
  assert.throws(() => api.shadows(-1, 2, 3), {
    name: "TypeError",
    message: "rt: expected u32 (0..4294967295), got -1",
  });
  assert.equal(await api.shadows_async(4, 5), 9);
  await assert.rejects(api.shadows_async(4, -5), {
    name: "TypeError",
    message: "Object: expected u32 (0..4294967295), got -5",
  });
});

test("methods named like Object.prototype members are the client's own", async () => {
  assert.equal(api.valueOf(), 7);
  assert.equal(await api.toString(), "names");
});

test("sync methods named like the generated client's locals", () => {
  assert.deepEqual([api.c(), api.w("x"), api.n(), api.p()], [1, "X", 3, 4]);
});

test("a struct named like another struct's C layout", () => {
  const r = api.refs({ user: { id: 1, name: "ann" }, note: "n" });
  assert.deepEqual(r, { user: { id: 2, name: "ann" }, note: "n" });
});

test("fields named like Object.prototype members are read as own properties", () => {
  const all: Inherited = { toString: "s", valueOf: 3, hasOwnProperty: true };
  assert.deepEqual(api.inherited(all), all);
  assert.deepEqual(api.inherited({ ...all, valueOf: undefined }), { ...all, valueOf: undefined });
  // Absent, they are missing rather than the members every object inherits.
  assert.throws(() => api.inherited({ valueOf: 1, hasOwnProperty: false } as unknown as Inherited), {
    name: "TypeError",
    message: "v.toString: expected string, got undefined",
  });
  const noValueOf = { toString: "s", hasOwnProperty: false } as unknown as Inherited;
  assert.deepEqual(api.inherited(noValueOf), { ...noValueOf, valueOf: undefined });
});

test("a Host method whose parameters are named like its Go function's locals", async () => {
  assert.equal(await api.words("a", "b"), "a b ctx 1 2 string");
});

test("a Host result that holds itself", async () => {
  assert.equal(await api.chain_labels(3), "c0,c1,c2");
});
