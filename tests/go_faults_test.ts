// Go-side faults: panics of every kind (sync and async), nil results, 100 MiB results and invalid
// UTF-8. Each has one documented outcome (docs/RELIABILITY.md), and the library keeps serving afterwards.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { GoPanicError } from "../mod.ts";
import { buildProject } from "../scripts/projects.ts";
import { loadFaults } from "./fixtures/faults/schema.gen.ts";
import { until } from "./fixtures/until.ts";

const libPath = await buildProject("tests/fixtures/faults");
const api = loadFaults(libPath);
after(() => api.close());

const MIB = 1024 * 1024;

/** Asserts `e` is a GoPanicError with this value whose Go stack names the method's file. */
function isPanic(value: string) {
  return (e: unknown): boolean => {
    assert.ok(e instanceof GoPanicError, `expected GoPanicError, got ${e}`);
    assert.equal(e.value, value);
    assert.match(e.goStack, /^goroutine \d+ \[running[,\]]/);
    assert.match(e.goStack, /faults\.go:\d+/);
    return true;
  };
}

async function stillServing(): Promise<void> {
  assert.equal(api.ping(7), 7);
  const n = 1000;
  const got = await Promise.all(Array.from({ length: n }, (_, i) => api.ping_async(i)));
  assert.deepStrictEqual(got, Array.from({ length: n }, (_, i) => i));
}

const PANIC_VALUES: [kind: string, value: string][] = [
  ["string", "a string value"],
  ["error", "wrapped: inner error"], // an error value: its Error() text
  ["struct", "{7 seven}"], // any other value: fmt.Sprint
  ["int", "42"],
  ["nil", "panic called with nil argument"], // Go 1.21+: *runtime.PanicNilError
];

test("a sync method's panic becomes GoPanicError with fmt.Sprint of the value, whatever its type", async () => {
  for (const [kind, value] of PANIC_VALUES) assert.throws(() => api.panic_with(kind), isPanic(value));
  await stillServing();
});

test("an async method's panic (in the goroutine ts2go starts) rejects with GoPanicError", async () => {
  for (const [kind, value] of PANIC_VALUES) await assert.rejects(api.panic_with_async(kind), isPanic(value));
  await stillServing();
});

test("runtime errors are panics too, sync and async: nil dereference (a hardware fault), nil map write, index out of range", async () => {
  const nilDeref = "runtime error: invalid memory address or nil pointer dereference";
  // The sync call faults on the JS thread itself, a thread Go did not create.
  assert.throws(() => api.nil_deref(), isPanic(nilDeref));
  await assert.rejects(api.nil_deref_async(), isPanic(nilDeref));
  assert.throws(() => api.nil_map_write(), isPanic("assignment to entry in nil map"));
  await assert.rejects(api.nil_map_write_async(), isPanic("assignment to entry in nil map"));
  assert.throws(() => api.index(5), isPanic("runtime error: index out of range [5] with length 3"));
  await assert.rejects(api.index_async(5), isPanic("runtime error: index out of range [5] with length 3"));
  assert.equal(api.index(2), 3);
  assert.equal(await api.index_async(2), 3);
  await stillServing();
});

test("1,000 concurrent async panics interleaved with normal calls: each call gets its own outcome", async () => {
  const calls = Array.from(
    { length: 2000 },
    (_, i) =>
      i % 2 === 0
        ? api.panic_with_async("int").then(() => "resolved", (e) => (e instanceof GoPanicError ? e.value : String(e)))
        : api.ping_async(i),
  );
  const got = await Promise.all(calls);
  for (let i = 0; i < got.length; i++) assert.equal(got[i], i % 2 === 0 ? "42" : i);
});

test("nil slice, nil map, nil []byte and nil pointer results decode as empty values and undefined", async () => {
  assert.deepStrictEqual(api.nil_slice(), []);
  assert.deepStrictEqual(await api.nil_slice_async(), []);
  assert.deepStrictEqual(api.nil_map(), new Map());
  assert.deepStrictEqual(await api.nil_map_async(), new Map());
  assert.deepStrictEqual(api.nil_bytes(), new Uint8Array(0));
  assert.deepStrictEqual(await api.nil_bytes_async(), new Uint8Array(0));
  assert.equal(api.nil_optional(), undefined);
  assert.equal(await api.nil_optional_async(), undefined);
});

test("a struct whose fields are all nil: empty lists and maps, `f?: T` absent, `f: T | undefined` undefined", async () => {
  const expected = {
    items: [],
    counts: new Map(),
    bytes: new Uint8Array(0),
    maybe_inner: undefined,
    inners: [undefined, { name: "x", tags: [] }, undefined],
    nested: [{ name: "", tags: [] }],
  };
  for (const got of [api.nil_holder(), await api.nil_holder_async()]) {
    assert.deepStrictEqual(got, expected);
    assert.ok(!("inner" in got), "an absent optional field is not a key");
    assert.ok("maybe_inner" in got, "a `T | undefined` field is a key");
  }
});

test("a Go string that is not UTF-8 decodes as TextDecoder does (U+FFFD per bad sequence)", () => {
  const bytes = new Uint8Array([0x61, 0xff, 0x62, 0xc3, 0x28, 0x63, 0xed, 0xa0, 0x80, 0x64]);
  const expected = new TextDecoder().decode(bytes);
  assert.equal(expected, "a\ufffdb\ufffd(c\ufffd\ufffd\ufffdd");
  assert.equal(api.invalid_utf8(false), expected); // short path (<= 32 bytes)
  assert.equal(api.invalid_utf8(true), "x".repeat(40) + expected); // TextDecoder path
});

const BIG_STRING = "0123456789abcdef".repeat((100 * MIB) / 16);

/** The whole 100 MiB string, compared unit by unit (assert.equal would try to print a diff). */
function checkBigString(s: string): void {
  assert.equal(s.length, BIG_STRING.length);
  assert.ok(s === BIG_STRING, "the 100 MiB string differs from what Go sent");
}

/** Every byte of the 100 MiB array: Go's byte i is i & 0xff. */
function checkBigBytes(b: Uint8Array): void {
  assert.equal(b.length, 100 * MIB);
  for (let i = 0; i < b.length; i++) if (b[i] !== (i & 0xff)) assert.fail(`byte ${i} is ${b[i]}, not ${i & 0xff}`);
}

test("a 100 MiB string result, sync and async, comes back whole; later calls work", async () => {
  checkBigString(api.big_string(100));
  checkBigString(await api.big_string_async(100));
  await stillServing();
});

test("a 100 MiB Uint8Array result, sync and async, comes back whole; later calls work", async () => {
  checkBigBytes(api.big_bytes(100));
  checkBigBytes(await api.big_bytes_async(100));
  await stillServing();
});

test("runtime.Goexit in an async method rejects the call instead of leaving it pending forever", async () => {
  // Goexit runs deferred calls but recover() returns nil; ts2go still answers with a GoPanicError
  // instead of leaving the Promise pending (and the process alive) forever.
  const c = loadFaults(libPath);
  try {
    let outcome = "still pending";
    c.goexit_async().then(
      () => (outcome = "resolved"),
      (e) => (outcome = e instanceof GoPanicError ? e.value : `${e}`),
    );
    await until(() => outcome !== "still pending", "goexit_async to settle");
    assert.equal(outcome, "ts2go: the Go method called runtime.Goexit");
  } finally {
    c.close(); // rejects the pending call, lets the process exit
  }
});

test("a method that never returns (and ignores ctx): abort rejects at once, and the process can still exit", async () => {
  const c = loadFaults(libPath);
  // hang never returns: the rejection can only come from the abort.
  await assert.rejects(
    c.hang({ signal: AbortSignal.timeout(20) }),
    (e: unknown) => (e as Error).name === "TimeoutError",
  );
  c.close();
  // In a child: an aborted, forever-running call must not keep the process alive.
  const isDeno = typeof (globalThis as { Deno?: unknown }).Deno === "object";
  const mod = new URL("./fixtures/faults/schema.gen.ts", import.meta.url).href;
  const code = `import { loadFaults } from ${JSON.stringify(mod)};
    const c = loadFaults(${JSON.stringify(libPath)});
    c.hang({ signal: AbortSignal.timeout(20) }).catch((e) => console.log("rejected " + e.name));`;
  const args = isDeno ? ["eval", "--ext=ts", code] : ["-e", code];
  const out = execFileSync(process.execPath, args, { encoding: "utf8", timeout: 30_000 });
  assert.equal(out.trim(), "rejected TimeoutError");
});

test("a panic in a goroutine the method starts itself ends the process: Go's panic text, then SIGABRT", () => {
  // Nobody can recover it: Go prints the panic and the goroutine's stack and, in a library loaded
  // into another program (c-shared), aborts the process (a shell shows exit status 134).
  const isDeno = typeof (globalThis as { Deno?: unknown }).Deno === "object";
  const mod = new URL("./fixtures/faults/schema.gen.ts", import.meta.url).href;
  const code = `import { loadFaults } from ${JSON.stringify(mod)};
    const c = loadFaults(${JSON.stringify(libPath)});
    console.log("calling");
    await c.panic_in_own_goroutine();
    console.log("still running");`;
  const r = spawnSync(process.execPath, isDeno ? ["eval", "--ext=ts", code] : ["-e", code], {
    encoding: "utf8",
    timeout: 60_000,
  });
  assert.deepStrictEqual([r.status, r.signal], [null, "SIGABRT"], r.stderr.slice(0, 2000));
  assert.equal(r.stdout.trim(), "calling");
  assert.match(r.stderr, /^panic: a panic in a goroutine the method started$/m);
  assert.match(r.stderr, /^goroutine \d+ \[running\]:$/m);
  assert.match(r.stderr, /faults\.go:\d+/);
});
