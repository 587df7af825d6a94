// Go → TypeScript calls (services that extend Host), on both runtimes.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { ClientClosedError, GoError } from "../mod.ts";
import { buildProject } from "../scripts/projects.ts";
import { loadDuplex } from "./fixtures/duplex/schema.gen.ts";
import type { Rec } from "./fixtures/duplex/schema.ts";

const libPath = await buildProject("tests/fixtures/duplex");
const api = loadDuplex(libPath);
after(() => api.close());

const rec = (id: number): Rec => ({
  id,
  name: `rec ${id} ✓`,
  tags: ["x", "", "ü"],
  scores: new Map([["a", -(2n ** 63n)], ["b", 7n]]),
  blob: new Uint8Array([1, 2, 3]),
  note: "kept",
});

let pendingNever: (() => void)[] = [];
api.provideJs({
  echo: (s) => s,
  add: async (a, b) => a + b,
  rec: async (id) => rec(id),
  fail: (message) => {
    throw new Error(message);
  },
  never: () => new Promise<void>((resolve) => pendingNever.push(resolve)),
  nothing: () => {},
});
after(() => {
  for (const resolve of pendingNever) resolve();
  pendingNever = [];
});

test("Go calls a sync and an async TS method and gets their results", async () => {
  assert.equal(await api.call_echo("héllo"), "héllo");
  assert.equal(await api.call_echo(""), "");
  assert.equal(await api.call_add(2n ** 62n, 2n ** 62n - 1n), 2n ** 63n - 1n);
});

test("a struct result is copied into Go memory before JS reuses its buffer", async () => {
  const results = await Promise.all([1, 2, 3].map((id) => api.call_rec(id)));
  assert.deepStrictEqual(results, [rec(1), rec(2), rec(3)]);
});

test("a TS exception becomes a Go error carrying its message", async () => {
  assert.equal(await api.call_fail("broken in TS"), "Js.fail (TypeScript): broken in TS");
});

test("a rejected Promise becomes a Go error; a result of the wrong type too", async () => {
  const c = loadDuplex(libPath);
  c.provideJs({
    echo: () => 5 as unknown as string,
    add: () => Promise.reject(new Error("no adding today")),
    rec: async () => ({}) as Rec,
    fail: () => {},
    never: async () => {},
    nothing: () => {},
  });
  await assert.rejects(
    c.call_add(1n, 2n),
    (e) => e instanceof GoError && e.message === "Js.add (TypeScript): no adding today",
  );
  await assert.rejects(
    c.call_echo("x"),
    (e) => e instanceof GoError && e.message === "Js.echo (TypeScript): result: expected string, got 5",
  );
  await assert.rejects(
    c.call_rec(1),
    (e) =>
      e instanceof GoError &&
      e.message === "Js.rec (TypeScript): result.id: expected u32 (0..4294967295), got undefined",
  );
  assert.equal(await c.call_fail("x"), "");
  c.close();
});

test("Go's ctx ending while TS has not answered returns ctx.Err() at once", async () => {
  // Js.never never answers: Go's answer can only come from its ctx ending.
  assert.equal(await api.call_never(50), "context deadline exceeded");
  // The late answer is dropped without harm.
  for (const resolve of pendingNever) resolve();
  pendingNever = [];
  assert.equal(await api.call_echo("after"), "after");
});

test("Go calling a Host service nobody provided gets a clear error", async () => {
  assert.equal(
    await api.call_missing(),
    "ts2go: no TypeScript implementation of Missing: call provideMissing(impl) on a loaded client",
  );
});

test("a Go → TS call from inside a sync method fails fast, naming the sync method", () => {
  assert.throws(() => api.call_sync("x"), (e: unknown) =>
    e instanceof GoError &&
    e.message.includes("Js.echo was called from inside the sync call Duplex.call_sync, which blocks the JS thread"));
});

test("a Go → TS call from an async method while an unrelated sync call runs waits until JS is free", async () => {
  const call = api.call_echo_during_sync("served later");
  // The sync call starts the async call (queued calls start before it), lets its Go method call
  // Js.echo, and returns once that call waits for JS: it must not have failed while JS was blocked.
  assert.equal(api.hold_sync_until_host_call(), "waiting for JS");
  assert.equal(await call, "served later");
});

test("a Host method that closes its client during a drain: the frames after it are dropped, calls reject", async () => {
  const c = loadDuplex(libPath);
  c.provideJs({
    echo: (s) => (c.close(), s),
    add: async (a, b) => a + b,
    rec: async (id) => rec(id),
    fail: () => {},
    never: async () => {},
    nothing: () => {},
  });
  const calls = [c.call_echo("closes")];
  assert.equal(c.wait_queued(1), true); // the Go → TS call's frame comes first in the queue
  for (let i = 0; i < 20; i++) calls.push(c.echo_after(0, `r${i}`));
  assert.equal(c.wait_queued(21), true); // JS drains them in one batch
  const outcomes = await Promise.allSettled(calls);
  assert.deepStrictEqual(
    outcomes.map((o) => o.status === "rejected" && o.reason instanceof ClientClosedError),
    calls.map(() => true),
  );
  assert.equal(await api.call_echo("still served"), "still served");
});

test("100 goroutines × 100 Go → TS calls all get their own answers", async () => {
  assert.equal(await api.call_many(10_000, 100), 10_000);
  assert.equal(await api.call_many(100, 1), 100);
});

test("calls go to the client whose call Go is serving", async () => {
  using a = loadDuplex(libPath);
  using b = loadDuplex(libPath);
  const impl = (tag: string) => ({
    echo: (s: string) => `${tag}:${s}`,
    add: async (x: bigint, y: bigint) => x + y,
    rec: async (id: number) => rec(id),
    fail: () => {},
    never: async () => {},
    nothing: () => {},
  });
  a.provideJs(impl("a"));
  b.provideJs(impl("b"));
  assert.deepStrictEqual(await Promise.all([a.call_echo("1"), b.call_echo("2")]), ["a:1", "b:2"]);
});
