// CallStream (src/stream.ts) on its own, with a recording control in place of Go: when it starts,
// how many credits it gives back and when, what a break, an abort or an error do. streams_test.ts
// runs the same through Go.
import { test } from "node:test";
import assert from "node:assert/strict";
import { CallStream, type StreamControl } from "../src/stream.ts";

/** A control that records the stream's calls. */
function recorder(startError?: Error): { control: StreamControl; log: string[] } {
  const log: string[] = [];
  return {
    log,
    control: {
      start() {
        log.push("start");
        if (startError) throw startError;
      },
      stop: () => log.push("stop"),
      ack: (n) => log.push(`ack ${n}`),
    },
  };
}

test("it starts on the first next(), not before, and only once", async () => {
  const { control, log } = recorder();
  const s = new CallStream<number>(4, control);
  assert.deepStrictEqual(log, []);
  const first = s.next();
  s.push(1);
  assert.deepStrictEqual(await first, { value: 1, done: false });
  s.push(2);
  assert.deepStrictEqual(await s.next(), { value: 2, done: false });
  assert.deepStrictEqual(log, ["start", "ack 2"]);
});

test("credits go back in batches of half the window, counted as items are read", async () => {
  for (const [window, every] of [[1, 1], [2, 1], [3, 1], [8, 4], [9, 4]]) {
    const { control, log } = recorder();
    const s = new CallStream<number>(window, control);
    const pending = s.next(); // starts; waits
    for (let i = 0; i < 10; i++) s.push(i); // the first goes to the waiting next()
    assert.deepStrictEqual(await pending, { value: 0, done: false });
    for (let i = 1; i < 10; i++) assert.deepStrictEqual(await s.next(), { value: i, done: false });
    const acks = log.filter((l) => l.startsWith("ack"));
    assert.deepStrictEqual(acks, Array(Math.floor(10 / every)).fill(`ack ${every}`), `window ${window}`);
  }
});

test("after Go's end, buffered items are still read, then done; no credits go back to an ended stream", async () => {
  const { control, log } = recorder();
  const s = new CallStream<string>(2, control);
  void s.next().then((r) => assert.deepStrictEqual(r, { value: "a", done: false }));
  s.push("a");
  s.push("b");
  s.push("c");
  s.finish(null);
  assert.deepStrictEqual(await s.next(), { value: "b", done: false });
  assert.deepStrictEqual(await s.next(), { value: "c", done: false });
  assert.deepStrictEqual(await s.next(), { value: undefined, done: true });
  assert.deepStrictEqual(await s.next(), { value: undefined, done: true });
  assert.deepStrictEqual(log, ["start", "ack 1"]); // "a" was read before the end
});

test("an error from Go is thrown after the buffered items, once; a waiting next() gets it at once", async () => {
  const { control } = recorder();
  const s = new CallStream<number>(4, control);
  const boom = new Error("go error");
  const first = s.next();
  s.push(1);
  s.push(2);
  s.finish(boom);
  assert.deepStrictEqual(await first, { value: 1, done: false });
  assert.deepStrictEqual(await s.next(), { value: 2, done: false });
  await assert.rejects(s.next(), (e) => e === boom);
  assert.deepStrictEqual(await s.next(), { value: undefined, done: true });
  const t = new CallStream<number>(4, recorder().control);
  const waiting = t.next();
  t.finish(boom);
  await assert.rejects(waiting, (e) => e === boom);
  t.finish(new Error("a second end is ignored"));
  assert.deepStrictEqual(await t.next(), { value: undefined, done: true });
});

test("return() (a break) stops Go once, drops unread items, and ends a waiting next()", async () => {
  const { control, log } = recorder();
  const s = new CallStream<number>(4, control);
  const first = s.next();
  s.push(1);
  await first;
  s.push(2);
  assert.deepStrictEqual(await s.return(), { value: undefined, done: true });
  assert.deepStrictEqual(await s.return(), { value: undefined, done: true });
  assert.deepStrictEqual(await s.next(), { value: undefined, done: true });
  s.push(3); // late items are ignored
  assert.deepStrictEqual(await s.next(), { value: undefined, done: true });
  assert.deepStrictEqual(log, ["start", "stop"]);
  // Not started: nothing to stop. Ended by Go: nothing to stop either.
  const idle = recorder();
  await new CallStream<number>(4, idle.control).return();
  assert.deepStrictEqual(idle.log, []);
  const ended = recorder();
  const e = new CallStream<number>(4, ended.control);
  const w = e.next();
  e.finish(null);
  await w;
  await e.return();
  assert.deepStrictEqual(ended.log, ["start"]);
  const waiting = recorder();
  const x = new CallStream<number>(4, waiting.control);
  const pending = x.next();
  await x.return();
  assert.deepStrictEqual(await pending, { value: undefined, done: true });
});

test("fail() (an abort) rejects the waiting next() with its reason, stops Go, and later next() are done", async () => {
  const { control, log } = recorder();
  const s = new CallStream<number>(4, control);
  const reason = new Error("aborted");
  const pending = s.next();
  s.fail(reason);
  await assert.rejects(pending, (e) => e === reason);
  assert.deepStrictEqual(await s.next(), { value: undefined, done: true });
  s.finish(new Error("Go's end after the abort is not thrown"));
  assert.deepStrictEqual(await s.next(), { value: undefined, done: true });
  assert.deepStrictEqual(log, ["start", "stop"]);
  // Without a waiting next(), the next one rejects with it, unread items dropped.
  const t = new CallStream<number>(4, recorder().control);
  const w = t.next();
  t.push(1);
  await w;
  t.push(2);
  t.fail(reason);
  await assert.rejects(t.next(), (e) => e === reason);
  // After Go's end, a fail() changes nothing.
  const u = new CallStream<number>(4, recorder().control);
  const v = u.next();
  u.push(5);
  await v;
  u.push(6);
  u.finish(null);
  u.fail(reason);
  assert.deepStrictEqual(await u.next(), { value: 6, done: false });
  assert.deepStrictEqual(await u.next(), { value: undefined, done: true });
});

test("a start that throws rejects the first next() with its error and ends the stream", async () => {
  const error = new Error("closed");
  const { control, log } = recorder(error);
  const s = new CallStream<number>(4, control);
  await assert.rejects(s.next(), (e) => e === error);
  assert.deepStrictEqual(await s.next(), { value: undefined, done: true });
  await s.return();
  assert.deepStrictEqual(log, ["start"]);
  assert.equal(s[Symbol.asyncIterator](), s);
});

test("Go's end after a break or an abort changes nothing: done after a break, the abort's reason after an abort", async () => {
  // Go ends a stopped stream with its cancelled ctx's error; the consumer must not see it.
  const broken = new CallStream<number>(4, recorder().control);
  const first = broken.next();
  broken.push(1);
  assert.deepStrictEqual(await first, { value: 1, done: false });
  await broken.return();
  broken.finish(new Error("the stream's consumer stopped reading"));
  assert.deepStrictEqual(await broken.next(), { value: undefined, done: true });

  const aborted = new CallStream<number>(4, recorder().control);
  const item = aborted.next();
  aborted.push(1);
  await item;
  const reason = new Error("the caller's reason");
  aborted.fail(reason);
  aborted.finish(new Error("context canceled"));
  await assert.rejects(aborted.next(), (e) => e === reason);
  assert.deepStrictEqual(await aborted.next(), { value: undefined, done: true });
});
