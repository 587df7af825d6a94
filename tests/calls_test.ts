// Call behaviour: concurrency, Go errors and panics, bad input, close, event-loop liveness.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { ClientClosedError, GoError, GoPanicError, LibraryError } from "../mod.ts";
import * as runtime from "../src/runtime.ts";
import { buildProject } from "../scripts/projects.ts";
import { loadEcho } from "./fixtures/types/schema.gen.ts";

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
  // 300 results of 2 KiB are more than one drain buffer (256 KiB) holds. JS is kept busy until Go
  // has queued them all, so one wake-up must deliver every frame: the drain goes on until Go has
  // none left.
  const text = "x".repeat(2048);
  const pending = Promise.all(Array.from({ length: 300 }, (_, i) => api.text_async(`${i}:${text}`)));
  await Promise.resolve(); // the last calls are submitted in a microtask queued before this one
  const until = performance.now() + 300;
  while (performance.now() < until) { /* Go finishes every call meanwhile */ }
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("frames were left in Go's queue")), 5000);
  });
  try {
    const results = await Promise.race([pending, timeout]);
    assert.deepStrictEqual(results, Array.from({ length: 300 }, (_, i) => `${i}:${text}`));
  } finally {
    clearTimeout(timer);
  }
});

test("mixed sync and async calls interleave", async () => {
  const pending = [api.text_async("a"), api.sleep(5, 1)];
  assert.equal(api.text("sync in between"), "sync in between");
  assert.deepStrictEqual(await Promise.all(pending), ["a", 1]);
});

test("a dropped Promise keeps its arguments alive until Go is done", async () => {
  for (let i = 0; i < 200; i++) void api.text_async(`dropped ${i}`.repeat(100));
  (globalThis as { gc?: () => void }).gc?.();
  assert.equal(await api.text_async("after"), "after");
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
  const pending = c.sleep(100, 1);
  c.close();
  await assert.rejects(pending, ClientClosedError);
  assert.throws(() => c.text("x"), ClientClosedError);
  await assert.rejects(c.text_async("x"), ClientClosedError);
  c.close();
  // The Go side finishes later without harm; the shared library keeps serving other clients.
  await new Promise((r) => setTimeout(r, 150));
  assert.equal(api.text("other client"), "other client");
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

function runScript(code: string): { out: string; ms: number } {
  const runtime = process.execPath;
  const isDeno = typeof (globalThis as { Deno?: unknown }).Deno === "object";
  const args = isDeno ? ["eval", "--ext=ts", code] : ["-e", code];
  const start = performance.now();
  const out = execFileSync(runtime, args, {
    encoding: "utf8",
    timeout: 60_000,
    cwd: fileURLToPath(new URL(".", import.meta.url)),
  });
  return { out, ms: performance.now() - start };
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
  const started = performance.now();
  const call = api.sleep(60_000, 1, { signal: controller.signal });
  setTimeout(() => controller.abort(), 20);
  await assert.rejects(call, abortError);
  assert.ok(performance.now() - started < 5_000, "rejected promptly");
  // The Go method sees ctx.Done() and returns; poll until it has counted the cancellation.
  for (let i = 0; i < 200 && api.sleep_stats().cancelled === before.cancelled; i++) {
    await new Promise((r) => setTimeout(r, 10));
  }
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
  controller.abort();
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
  for (let i = 0; i < 200 && api.sleep_stats().cancelled === before; i++) await new Promise((r) => setTimeout(r, 10));
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

test("on Deno Go gets one more P while many calls are in flight, and gives it back after; on Bun never", async () => {
  const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
  // GOMAXPROCS once it has not changed for 400 ms (an extra P from earlier calls goes within ~220 ms).
  const settled = async () => {
    let v = api.gomaxprocs();
    for (let same = 0; same < 20; same++) {
      await pause(20);
      if (api.gomaxprocs() !== v) [v, same] = [api.gomaxprocs(), 0];
    }
    return v;
  };
  const base = await settled();
  const calls = Promise.all(Array.from({ length: 64 }, (_, i) => api.sleep(400, i)));
  let most = base;
  for (let i = 0; i < 15; i++) {
    await pause(20);
    most = Math.max(most, api.gomaxprocs());
  }
  assert.equal(most, "Deno" in globalThis ? base + 1 : base);
  await calls;
  assert.equal(await settled(), base);
});
