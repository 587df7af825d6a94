// Call behaviour: concurrency, Go errors and panics, bad input, close, event-loop liveness.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { ClientClosedError, GoError, GoPanicError, LibraryError } from "../mod.ts";
import * as runtime from "../src/runtime.ts";
import { backend, type NativeLibrary } from "../src/backend.ts";
import { buildProject } from "../scripts/projects.ts";
import { loadEcho } from "./fixtures/types/schema.gen.ts";
import type { Scalars } from "./fixtures/types/schema.ts";
import { until } from "./fixtures/until.ts";

const libPath = await buildProject("tests/fixtures/types");
const api = loadEcho(libPath);
after(() => api.close());

test("10,000 async calls in flight each get their own result", async () => {
  const n = 10_000;
  const calls = Array.from({ length: n }, (_, i) => api.sleep(i % 20, i));
  const results = await Promise.all(calls);
  assert.deepStrictEqual(results, Array.from({ length: n }, (_, i) => i));
});

test("20,000 calls in flight that all finish at once", async () => {
  const n = 20_000;
  const results = await Promise.all(Array.from({ length: n }, (_, i) => api.sleep(50, i)));
  let ok = 0;
  for (let i = 0; i < n; i++) if (results[i] === i) ok++;
  assert.equal(ok, n);
});

test("results that do not fit one drain all arrive, with no later call to wake JS", async () => {
  // 300 results of 2 KiB are more than one drain buffer (256 KiB) holds. Each Go method waits until
  // a sync call (which keeps JS busy) lets it go, so they are queued while JS cannot drain: one
  // wake-up must deliver every frame, the drain going on until Go has none left. A drain that
  // stopped after one buffer would leave the rest in Go's queue, with no later frame to wake JS.
  const text = "x".repeat(2048);
  const n = 300;
  const results: string[] = [];
  const pending = Promise.all(
    Array.from({ length: n }, (_, i) => api.hold(`${i}:${text}`, new Uint8Array()).then((r) => results.push(r))),
  );
  await Promise.resolve(); // the calls are submitted in a microtask queued before this one
  const released = Array.from({ length: n }, () => api.held());
  const want = Array.from({ length: n }, (_, i) => `${i}:${text}|`).sort();
  assert.deepStrictEqual(released.sort(), want);
  await until(() => results.length === n, `all ${n} results: frames left in Go's queue`);
  await pending;
  assert.deepStrictEqual(results.sort(), want);
});

test("mixed sync and async calls interleave", async () => {
  const pending = [api.text_async("a"), api.sleep(5, 1)];
  assert.equal(api.text("sync in between"), "sync in between");
  assert.deepStrictEqual(await Promise.all(pending), ["a", 1]);
});

/** A full garbage collection: Deno runs the tests with --v8-flags=--expose-gc (scripts/test.sh). */
function collectGarbage(): void {
  const g = globalThis as { gc?: () => void; Bun?: { gc(force: boolean): void } };
  if (g.Bun) g.Bun.gc(true);
  else if (g.gc) g.gc();
  else assert.fail("no way to collect garbage: run deno test with --v8-flags=--expose-gc");
}

/** What `hold(holdText(i), holdBytes(i))` finds in its arguments: a string, and bytes past the in-buffer copy size. */
const holdText = (i: number) => `held argument ${i} `.repeat(40);
const holdBytes = (i: number) => new Uint8Array(8192).fill(0x41 + (i % 26));
const heldFound = (i: number) => `${holdText(i)}|${String.fromCharCode(0x41 + (i % 26)).repeat(8192)}`;

/**
 * Frees what a call released too early and writes over it: collects garbage, then makes calls whose
 * arguments would take the same pooled buffers, and allocates buffers of the same sizes.
 */
async function churn(): Promise<void> {
  collectGarbage();
  // Strings of several lengths, so that their buffers come from every size class near the held call's.
  const filler = (i: number) => `${i}${"~".repeat([100, 300, 600, 1000, 3000][i % 5])}`;
  const junk = Array.from({ length: 200 }, () => new Uint8Array(8192).fill(0x7e));
  const echoed = await Promise.all(Array.from({ length: 200 }, (_, i) => api.text_async(filler(i))));
  assert.deepStrictEqual(echoed, Array.from({ length: 200 }, (_, i) => filler(i)));
  collectGarbage();
  assert.equal(junk.length, 200);
}

test("a dropped Promise keeps its arguments alive until Go is done", async () => {
  for (let i = 0; i < 20; i++) void api.hold(holdText(i), holdBytes(i));
  await Promise.resolve(); // submitted
  await churn();
  const found = Array.from({ length: 20 }, () => api.held()).sort();
  assert.deepStrictEqual(found, Array.from({ length: 20 }, (_, i) => heldFound(i)).sort());
});

test("an aborted call's argument memory stays valid until its Go method returns", async () => {
  // Hold ignores ctx: the call rejects at once (while Go provably still runs it), and Go reads its
  // arguments only after that, once held() lets it go.
  const controller = new AbortController();
  const reason = new Error("aborted while Go holds the arguments");
  const call = api.hold(holdText(7), holdBytes(7), { signal: controller.signal });
  await Promise.resolve();
  controller.abort(reason);
  await assert.rejects(call, (e) => e === reason);
  await churn();
  assert.equal(api.held(), heldFound(7));
});

test("a Go error rejects with GoError carrying err.Error()", async () => {
  assert.throws(() => api.fail("bad thing"), (e) => e instanceof GoError && e.message === "bad thing");
  await assert.rejects(api.fail_async("async bad"), (e) => e instanceof GoError && e.message === "async bad");
  await assert.rejects(api.fail_async(""), (e) => e instanceof GoError && e.message === "");
});

test("a Go panic becomes GoPanicError with value and stack, and later calls work", async () => {
  assert.throws(() => api.panic("sync boom"), (e: unknown) => {
    assert.ok(e instanceof GoPanicError);
    assert.equal(e.value, "sync boom");
    assert.match(e.goStack, /goroutine \d+/);
    assert.match(e.goStack, /echo\.go/);
    return true;
  });
  await assert.rejects(api.panic_async("async boom"), (e) => e instanceof GoPanicError && e.value === "async boom");
  assert.equal(api.text("still alive"), "still alive");
  assert.equal(await api.text_async("still alive"), "still alive");
});

test("bad input is a TypeError naming the path, and never reaches Go", async () => {
  const bad = (fn: () => unknown, message: string) =>
    assert.throws(fn, (e: unknown) => e instanceof TypeError && (e as Error).message === message);
  bad(() => api.u64(-1n), "v: expected u64 (0..18446744073709551615), got -1n");
  bad(() => api.u64(2n ** 64n), "v: expected u64 (0..18446744073709551615), got 18446744073709551616n");
  bad(() => api.u64(5 as unknown as bigint), "v: expected u64 as a bigint (e.g. 5n), got 5");
  bad(
    () => api.i64(2n ** 63n),
    "v: expected i64 (-9223372036854775808..9223372036854775807), got 9223372036854775808n",
  );
  bad(() => api.text(undefined as unknown as string), "s: expected string, got undefined");
  bad(() => api.list([1, -1]), "v[1]: expected u32 (0..4294967295), got -1");
  bad(() => api.list([1, 1.5]), "v[1]: expected u32 (0..4294967295), got 1.5");
  bad(() => api.list([NaN]), "v[0]: expected u32 (0..4294967295), got NaN");
  bad(() => api.list("123" as unknown as number[]), 'v: expected an array (u32[]), got "123"');
  bad(() => api.bytes([1, 2] as unknown as Uint8Array), "v: expected Uint8Array, got an array");
  bad(() => api.bytes(new Int8Array(2) as unknown as Uint8Array), "v: expected Uint8Array, got an Int8Array");
  bad(() => api.map(new Map([["a", 300], ["b", -1]])), 'v["b"]: expected u32 (0..4294967295), got -1');
  bad(() => api.map({} as unknown as Map<string, number>), "v: expected a Map (Map<string, u32>), got an Object");
  bad(() => api.bool(1 as unknown as boolean), "v: expected boolean, got 1");
  bad(() => api.scalars({ a_u8: 1 } as never), "v.a_u16: expected u16 (0..65535), got undefined");
  bad(() => api.scalars(null as never), "v: expected an object (Scalars), got null");
  await assert.rejects(
    api.many(300, "x", new Uint8Array(), {} as never, []),
    (e) => e instanceof TypeError && e.message === "a: expected u8 (0..255), got 300",
  );
  await assert.rejects(
    api.many(1, "x", new Uint8Array(), { a_u8: 256 } as never, []),
    (e) => e instanceof TypeError && e.message === "d.a_u8: expected u8 (0..255), got 256",
  );
});

test("bad input never enters Go, sync or async", async () => {
  const good: Scalars = {
    a_u8: 1,
    a_u16: 2,
    a_u32: 3,
    a_u64: 4n,
    a_usize: 5n,
    a_i8: -6,
    a_i16: -7,
    a_i32: -8,
    a_i64: -9n,
    a_isize: -10n,
    a_f32: 0.5,
    a_f64: 1.25,
    a_number: -2.5,
    a_bool: true,
  };
  const entered = api.touch(good, "count");
  const bad: [Scalars, string][] = [
    [{ ...good, a_u8: 256 }, "x"],
    [{ ...good, a_i64: 2n ** 63n }, "x"],
    [{ ...good, a_bool: 1 as unknown as boolean }, "x"],
    [good, 5 as unknown as string],
    [null as unknown as Scalars, "x"],
  ];
  for (const [v, s] of bad) {
    assert.throws(() => api.touch(v, s), TypeError);
    await assert.rejects(api.touch_async(v, s), TypeError);
  }
  // Go counts every entry: the bad calls added none.
  assert.equal(await api.touch_async(good, "count"), entered + 1);
  assert.equal(api.touch(good, "count"), entered + 2);
});

test("a detached buffer is refused", () => {
  const u8 = new Uint8Array(8);
  structuredClone(u8.buffer, { transfer: [u8.buffer] });
  assert.throws(() => api.bytes(u8), /v: expected Uint8Array over a live buffer/);
});

test("a cyclic value is a TypeError, not a crash", () => {
  type T = { label: string; children: T[]; next?: T };
  const t: T = { label: "loop", children: [] };
  t.next = t;
  assert.throws(
    () => api.everything({ text: "", tree: t } as never),
    (e) => e instanceof TypeError,
  );
});

test("close(): in-flight calls reject, later calls fail, close twice is harmless", async () => {
  const c = loadEcho(libPath);
  const pending = c.hold(holdText(3), holdBytes(3));
  c.close();
  await assert.rejects(pending, ClientClosedError);
  assert.throws(() => c.text("x"), ClientClosedError);
  await assert.rejects(c.text_async("x"), ClientClosedError);
  c.close();
  // The Go side finishes after the close, reading its arguments then, without harm; the shared
  // library keeps serving other clients.
  await churn();
  assert.equal(api.held(), heldFound(3));
  assert.equal(api.text("other client"), "other client");
  assert.equal(await api.text_async("other client"), "other client");
});

test("two clients of the same library work side by side", async () => {
  using a = loadEcho(libPath);
  using b = loadEcho(libPath);
  assert.deepStrictEqual(await Promise.all([a.sleep(10, 1), b.sleep(10, 2)]), [1, 2]);
});

test("loading errors say what is wrong", () => {
  assert.throws(
    () => loadEcho("/nonexistent/libx.so"),
    (e) => e instanceof LibraryError && /not found/.test(e.message),
  );
  assert.throws(
    () => loadEcho("/usr/lib/x86_64-linux-gnu/libc.so.6"),
    (e) => e instanceof LibraryError && /not a ts2go library/.test(e.message),
  );
});

test("a waker Go refuses to open is an error that says so", () => {
  // Go returns 0xFFFFFFFF when the system refuses what a waker needs (memory, a socket pair).
  const refusing = { ts2go_waker_open: () => 0xffffffff } as unknown as NativeLibrary;
  assert.throws(() => backend.openWaker(refusing, () => {}), /^Error: ts2go: Go could not open a waker \(.+\)$/);
});

function runScript(code: string): { out: string } {
  const runtime = process.execPath;
  const isDeno = typeof (globalThis as { Deno?: unknown }).Deno === "object";
  const args = isDeno ? ["eval", "--ext=ts", code] : ["-e", code];
  const out = execFileSync(runtime, args, {
    encoding: "utf8",
    timeout: 60_000,
    cwd: fileURLToPath(new URL(".", import.meta.url)),
  });
  return { out };
}

test("the process stays alive while calls are in flight, and exits when idle", () => {
  const mod = new URL("./fixtures/types/schema.gen.ts", import.meta.url).href;
  const { out } = runScript(
    `import { loadEcho } from ${JSON.stringify(mod)};
     const api = loadEcho(${JSON.stringify(libPath)});
     api.sleep(300, 42).then((v) => { console.log("done " + v); api.close(); });`,
  );
  assert.equal(out.trim(), "done 42");
  const idle = runScript(
    `import { loadEcho } from ${JSON.stringify(mod)};
     const api = loadEcho(${JSON.stringify(libPath)});
     console.log(api.text("idle"));`,
  );
  assert.equal(idle.out.trim(), "idle");
});

const abortError = (e: unknown) => e instanceof Error && e.name === "AbortError";

test("abort rejects at once with the signal's reason and cancels the Go context", async () => {
  const before = api.sleep_stats();
  const controller = new AbortController();
  const call = api.sleep(60_000, 1, { signal: controller.signal });
  await until(() => api.sleep_stats().entered > before.entered, "Go to enter sleep");
  controller.abort();
  await assert.rejects(call, (e) => e === controller.signal.reason && abortError(e));
  // The Go method sees ctx.Done() and returns, counting the cancellation.
  await until(() => api.sleep_stats().cancelled > before.cancelled, "Go's sleep to see its ctx cancelled");
  assert.equal(api.sleep_stats().cancelled, before.cancelled + 1);
});

test("a custom abort reason and AbortSignal.timeout are passed through", async () => {
  const controller = new AbortController();
  const reason = new Error("mine");
  const call = api.sleep(60_000, 1, { signal: controller.signal });
  controller.abort(reason);
  await assert.rejects(call, (e) => e === reason);
  await assert.rejects(
    api.sleep(60_000, 1, { signal: AbortSignal.timeout(10) }),
    (e: unknown) => e instanceof Error && e.name === "TimeoutError",
  );
});

test("an already-aborted signal never reaches Go", async () => {
  const before = api.sleep_stats().entered;
  await assert.rejects(api.sleep(0, 1, { signal: AbortSignal.abort() }), abortError);
  assert.equal(api.sleep_stats().entered, before);
});

test("aborting after completion changes nothing; calls with a live signal complete normally", async () => {
  const controller = new AbortController();
  assert.equal(await api.sleep(1, 7, { signal: controller.signal }), 7);
  // The next call takes the finished call's slot: the signal must no longer reach that slot.
  const next = api.sleep(1, 8);
  controller.abort();
  assert.equal(await next, 8);
  assert.equal(await api.text_async("x", { signal: controller.signal }).catch((e) => e.name), "AbortError");
});

test("1,000 aborted calls free their slots and later calls work", async () => {
  const controller = new AbortController();
  const calls = Array.from({ length: 1000 }, (_, i) => api.sleep(60_000, i, { signal: controller.signal }));
  controller.abort();
  const settled = await Promise.allSettled(calls);
  assert.ok(settled.every((s) => s.status === "rejected" && abortError(s.reason)));
  const results = await Promise.all(Array.from({ length: 1000 }, (_, i) => api.sleep(1, i)));
  assert.deepStrictEqual(results, Array.from({ length: 1000 }, (_, i) => i));
});

test("close() cancels the Go context of calls made with a signal", async () => {
  const c = loadEcho(libPath);
  const before = api.sleep_stats().cancelled;
  const call = c.sleep(60_000, 1, { signal: new AbortController().signal });
  c.close();
  await assert.rejects(call, ClientClosedError);
  await until(() => api.sleep_stats().cancelled > before, "Go's sleep to see its ctx cancelled");
  assert.equal(api.sleep_stats().cancelled, before + 1);
});

test("a library built from a different schema is refused, naming both fingerprints", () => {
  assert.throws(
    () => runtime.Connection.open(libPath, "Echo", 0x12345678, { text: "sync" }),
    (e: unknown) =>
      e instanceof LibraryError &&
      /library fingerprint 0x[0-9a-f]{8}, generated TS fingerprint 0x12345678/.test(e.message) &&
      /Re-run gen and rebuild/.test(e.message),
  );
});

test("a service the library does not have is refused by name", () => {
  assert.throws(
    () => runtime.Connection.open(libPath, "TestCall", 0, { ping: "sync" }),
    (e: unknown) => e instanceof LibraryError && /has no service TestCall/.test(e.message),
  );
});

test("ts2go leaves GOMAXPROCS at the value init set, with many calls in flight too", async () => {
  // The types fixture's init sets GOMAXPROCS to 3, whatever the machine's CPU count.
  const INIT_PROCS = 3;
  assert.equal(api.gomaxprocs(), INIT_PROCS);
  const controller = new AbortController();
  const calls = Array.from(
    { length: 64 },
    (_, i) => api.sleep(60_000, i, { signal: controller.signal }).catch(() => {}),
  );
  try {
    for (let i = 0; i < 20; i++) {
      assert.equal(await api.text_async("in flight"), "in flight");
      assert.equal(api.gomaxprocs(), INIT_PROCS);
    }
  } finally {
    controller.abort(); // also when an assertion failed: no call is left for the after hook's close()
    await Promise.all(calls);
  }
  assert.equal(api.gomaxprocs(), INIT_PROCS);
});

test("every result reaches its own call while the number awaited rises past 16 and falls back, 1,000 times", async () => {
  // On Deno's main thread the waker switches between its callback and a pending wait at these
  // crossings (src/deno.ts); the switch back takes the ids Go posted meanwhile.
  for (let round = 0; round < 1000; round++) {
    const want = Array.from({ length: 20 }, (_, i) => `${round}:${i}`);
    const got = await Promise.all(want.map((s, i) => (i % 2 ? api.text_async(s) : api.sleep(i % 3, i).then(String))));
    assert.deepStrictEqual(got, want.map((s, i) => (i % 2 ? s : String(i))));
  }
});
