// Streams: Go sends, TS reads with for await; backpressure, early exit, errors.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { ClientClosedError, GoError, GoPanicError } from "../mod.ts";
import { buildProject } from "../scripts/projects.ts";
import { loadDuplex } from "./fixtures/duplex/schema.gen.ts";

const libPath = await buildProject("tests/fixtures/duplex");
const api = loadDuplex(libPath);
after(() => api.close());

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const v of it) out.push(v);
  return out;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test("every item arrives, in order", async () => {
  assert.deepStrictEqual(await collect(api.count(0)), []);
  assert.deepStrictEqual(await collect(api.count(5)), [0, 1, 2, 3, 4]);
  const many = await collect(api.count(100_000));
  assert.equal(many.length, 100_000);
  assert.ok(many.every((v, i) => v === i));
});

test("struct items decode fully", async () => {
  const recs = await collect(api.records(3));
  assert.deepStrictEqual(recs[2], {
    id: 2,
    name: "rec 2",
    tags: ["a", "2"],
    scores: new Map([["x", -3n]]),
    blob: new Uint8Array([2, 1]),
    note: "note 2",
  });
});

test("a Go error ends the iteration by throwing GoError after the items", async () => {
  const seen: number[] = [];
  await assert.rejects(async () => {
    for await (const v of api.fail_after(3, "ran dry")) seen.push(v);
  }, (e) => e instanceof GoError && e.message === "ran dry");
  assert.deepStrictEqual(seen, [0, 1, 2]);
  await assert.rejects(
    collect(api.panic_after(2)),
    (e) => e instanceof GoPanicError && e.value === "panic after 2 items",
  );
});

test("send blocks once `window` items wait unread", async () => {
  const before = api.stream_stats().sent;
  const it = api.forever({ window: 8 })[Symbol.asyncIterator]();
  assert.equal((await it.next()).value, 0n);
  await sleep(100);
  const sent = api.stream_stats().sent - before;
  assert.ok(sent <= 8 + 1, `Go sent ${sent} items ahead of a consumer that read 1 (window 8)`);
  await it.return!();
});

test("breaking out of the loop cancels ctx and makes send fail", async () => {
  const before = api.stream_stats();
  let n = 0;
  for await (const v of api.forever()) {
    if (++n === 10) {
      assert.equal(v, 9n);
      break;
    }
  }
  for (let i = 0; i < 200 && api.stream_stats().finished === before.finished; i++) await sleep(10);
  const after = api.stream_stats();
  assert.equal(after.finished, before.finished + 1n);
  assert.equal(after.send_errors, before.send_errors + 1n);
});

test("aborting rejects the pending next() and cancels ctx", async () => {
  const before = api.stream_stats().finished;
  const controller = new AbortController();
  const seen: bigint[] = [];
  const done = (async () => {
    for await (const v of api.forever({ signal: controller.signal, window: 2 })) {
      seen.push(v);
      if (seen.length === 3) controller.abort();
    }
  })();
  await assert.rejects(done, (e: unknown) => e instanceof Error && e.name === "AbortError");
  assert.deepStrictEqual(seen, [0n, 1n, 2n]);
  for (let i = 0; i < 200 && api.stream_stats().finished === before; i++) await sleep(10);
  assert.equal(api.stream_stats().finished, before + 1n);
  await assert.rejects(
    collect(api.count(1, { signal: AbortSignal.abort() })),
    (e: unknown) => e instanceof Error && e.name === "AbortError",
  );
});

test("a stream starts on the first next(); bad input throws at the call", async () => {
  const before = api.stream_stats().sent;
  const it = api.forever();
  await sleep(30);
  assert.equal(api.stream_stats().sent, before);
  assert.throws(
    () => api.count(-1),
    (e: unknown) => e instanceof TypeError && (e as Error).message === "n: expected u32 (0..4294967295), got -1",
  );
  void it;
});

test("close() ends streams in flight with ClientClosedError", async () => {
  const c = loadDuplex(libPath);
  const it = c.forever()[Symbol.asyncIterator]();
  await it.next();
  c.close();
  await assert.rejects(it.next(), ClientClosedError);
  assert.throws(() => c.count(1), ClientClosedError);
});
