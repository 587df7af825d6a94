// Streams: Go sends, TS reads with for await; backpressure, early exit, errors, aborts.
// Every wait is on an event (Go's counters in stream_stats, a round trip through Go), never a sleep.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { ClientClosedError, GoError, GoPanicError } from "../mod.ts";
import { buildProject } from "../scripts/projects.ts";
import { loadDuplex } from "./fixtures/duplex/schema.gen.ts";
import { until } from "./fixtures/until.ts";

const libPath = await buildProject("tests/fixtures/duplex");
const api = loadDuplex(libPath);
after(() => api.close());

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const v of it) out.push(v);
  return out;
}

/**
 * A round trip through Go and the drain: when it is back, what Go did before it has been drained.
 * Go's own goroutines are not ordered by it, so checks after it see a broken build's extra work in
 * all but unlucky schedules; they never fail a correct one.
 */
async function roundTrip(): Promise<void> {
  assert.deepStrictEqual(await collect(api.count(3)), [0, 1, 2]);
}

/** Waits until every `forever` stream Go entered has returned (each test leaves none running). */
async function foreversReturned(): Promise<void> {
  await until(() => {
    const s = api.stream_stats();
    return s.finished === s.entered;
  }, "every Forever to return");
}

/** Reads one item of a `forever` stream, breaks, and waits until Go's method has returned. */
async function oneForever(): Promise<void> {
  for await (const v of api.forever({ window: 1 })) {
    assert.equal(v, 0n);
    break;
  }
  await foreversReturned();
}

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

test("send blocks once `window` items wait unread, and reading half the window gives that many back", async () => {
  const before = api.stream_stats().sent;
  const sent = () => Number(api.stream_stats().sent - before);
  const it = api.forever({ window: 8 })[Symbol.asyncIterator]();
  try {
    assert.equal((await it.next()).value, 0n);
    // 8 credits: Go sends 8 items and its 9th send waits, however long this waits.
    await until(() => sent() >= 8, "Go to send 8 items");
    await roundTrip();
    assert.equal(sent(), 8, "Go sent more than the window ahead of a consumer that read 1");
    // 4 read (half the window): 4 credits go back, and Go sends exactly 4 more.
    for (let i = 1n; i < 4n; i++) assert.equal((await it.next()).value, i);
    await until(() => sent() >= 12, "Go to send 4 more items");
    await roundTrip();
    assert.equal(sent(), 12);
  } finally {
    await it.return!(); // also when an assertion failed: a stream without backpressure floods memory
  }
  await foreversReturned();
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
  await foreversReturned();
  const after = api.stream_stats();
  assert.equal(after.finished, before.finished + 1n);
  assert.equal(after.send_errors, before.send_errors + 1n);
});

test("aborting rejects the pending next() with signal.reason itself and cancels ctx", async () => {
  for (const reason of [new Error("stop reading"), undefined]) {
    const before = api.stream_stats().finished;
    const controller = new AbortController();
    const seen: bigint[] = [];
    const done = (async () => {
      for await (const v of api.forever({ signal: controller.signal, window: 2 })) {
        seen.push(v);
        if (seen.length === 3) controller.abort(reason);
      }
    })();
    // Without a reason of its own the signal's reason is the AbortError DOMException it made.
    await assert.rejects(done, (e: unknown) => e === controller.signal.reason);
    if (reason === undefined) assert.equal((controller.signal.reason as Error).name, "AbortError");
    assert.deepStrictEqual(seen, [0n, 1n, 2n]);
    await foreversReturned();
    assert.equal(api.stream_stats().finished, before + 1n);
  }
});

test("a stream whose signal is already aborted throws its reason and never enters Go", async () => {
  const before = api.stream_stats().entered;
  const signal = AbortSignal.abort(new Error("aborted before the call"));
  const it = api.forever({ signal })[Symbol.asyncIterator]();
  await assert.rejects(it.next(), (e: unknown) => e === signal.reason);
  assert.deepStrictEqual(await it.next(), { value: undefined, done: true });
  await assert.rejects(collect(api.count(1, { signal })), (e: unknown) => e === signal.reason);
  await oneForever(); // entered once, by this one
  assert.equal(api.stream_stats().entered, before + 1n);
});

test("a stream starts on the first next(); bad input throws at the call", async () => {
  const before = api.stream_stats();
  const it = api.forever({ window: 1 })[Symbol.asyncIterator]();
  await roundTrip();
  assert.deepStrictEqual(
    [api.stream_stats().entered, api.stream_stats().sent],
    [before.entered, before.sent],
    "Forever ran before next()",
  );
  assert.equal((await it.next()).value, 0n);
  assert.equal(api.stream_stats().entered, before.entered + 1n);
  await it.return!();
  await foreversReturned();
  assert.throws(
    () => api.count(-1),
    (e: unknown) => e instanceof TypeError && (e as Error).message === "n: expected u32 (0..4294967295), got -1",
  );
});

test("a stream's typed-array argument is copied: changing it after the call does not change what Go reads", async () => {
  // Go reads byte i only when about to send item i; with a window of 1 it waits for each credit,
  // so every byte from the third on is read after the caller overwrote its array.
  for (const size of [16, 8192]) { // in the call's own buffer, and a copy of its own
    const b = new Uint8Array(size).map((_, i) => (i * 7 + 1) & 0x7f);
    const want = [...b];
    const got: number[] = [];
    for await (const v of api.each_byte(b, { window: 1 })) {
      if (got.length === 0) b.fill(0xee);
      got.push(v);
    }
    assert.deepStrictEqual(got, want, `${size} bytes`);
  }
});

test("a stream refuses typed arrays over detached or resizable buffers at the call", () => {
  const detached = new Uint8Array(8);
  detached.buffer.transfer();
  assert.throws(() => api.each_byte(detached), {
    name: "TypeError",
    message: 'b: expected Uint8Array over a live buffer, got "a detached ArrayBuffer"',
  });
  assert.throws(() => api.each_byte(new Uint8Array(new ArrayBuffer(8, { maxByteLength: 64 }))), {
    name: "TypeError",
    message: 'b: expected Uint8Array over a fixed-length buffer, got "a resizable ArrayBuffer"',
  });
});

test("close() ends streams in flight with ClientClosedError", async () => {
  const c = loadDuplex(libPath);
  const it = c.forever()[Symbol.asyncIterator]();
  await it.next();
  c.close();
  await assert.rejects(it.next(), ClientClosedError);
  assert.throws(() => c.count(1), ClientClosedError);
  await foreversReturned();
});
