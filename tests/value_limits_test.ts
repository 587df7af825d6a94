// Values at the edges of what ts2go carries, on both runtimes: a panic's message, objects posing as
// Maps and typed arrays, map keys that would merge on the way, and how deep a value may nest.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { GoPanicError } from "../mod.ts";
import { buildProject } from "../scripts/projects.ts";
import { MAX_DEPTH } from "../src/input.ts";
import { loadEcho } from "./fixtures/types/schema.gen.ts";
import { loadCorners } from "./fixtures/names/schema.gen.ts";
import type { Chain } from "./fixtures/names/schema.ts";
import type { Everything, Tree } from "./fixtures/types/schema.ts";
import { emptyLists, emptyMaps, emptyTyped } from "./fixtures/types/values.ts";

const api = loadEcho(await buildProject("tests/fixtures/types"));
const corners = loadCorners(await buildProject("tests/fixtures/names"));
after(() => {
  api.close();
  corners.close();
});

test("GoPanicError's message is the panic value; the goroutine dump stays in goStack", async () => {
  for (const e of [captured(() => api.panic("boom")), await api.panic_async("async boom").catch((e) => e)]) {
    assert.ok(e instanceof GoPanicError);
    assert.match(e.message, /^Go panic: (async )?boom$/);
    assert.match(e.goStack, /goroutine \d+/);
  }
});

test("a Proxy of a Map and an object posing as a typed array are refused with their path", () => {
  const proxy = new Proxy(new Map([["a", 1]]), {});
  assert.throws(() => api.map(proxy), {
    name: "TypeError",
    message: "v: expected a Map (Map<string, u32>), got an object posing as a Map (a Proxy, or a borrowed prototype)",
  });
  const swapped = new Float64Array(2);
  Object.setPrototypeOf(swapped, Uint8Array.prototype);
  assert.throws(() => api.bytes(swapped as unknown as Uint8Array), {
    name: "TypeError",
    message: "v: expected Uint8Array, got a Float64Array",
  });
  const posing = Object.setPrototypeOf({}, Uint8Array.prototype);
  assert.throws(() => api.bytes(posing), {
    message: "v: expected Uint8Array, got an object posing as a Uint8Array (a Proxy, or a borrowed prototype)",
  });
});

test("map keys that would become one key on the way are refused, both ways", async () => {
  const why = "(lone surrogates become U+FFFD): Go would get one entry for two";
  assert.throws(() => api.map(new Map([["\uFFFD", 1], ["\uD800", 2]])), {
    name: "TypeError",
    message: `v["\\ud800"]: this key and the key "\uFFFD" are both sent as "\uFFFD" ${why}`,
  });
  await assert.rejects(
    api.everything_async(everything({ maps: { ...emptyMaps(), by_name: new Map([["\uD800", 1], ["\uDC00", 2]]) } })),
    {
      message: `v.maps.by_name["\\ud800"]: this key and the key "\\udc00" are both sent as "\uFFFD" ${why}`,
    },
  );
  // One such key alone is sent as written by TextEncoder.
  assert.deepEqual(api.map(new Map([["a\uD800", 1]])), new Map([["a\uFFFD", 1]]));
  assert.throws(() => corners.invalid_utf8_keys(), {
    name: "TypeError",
    message: "result: a map from Go: 1 of its 3 keys read as another key (Go strings that are not valid UTF-8 read" +
      " with U+FFFD)",
  });
});

test(`values nest up to ${MAX_DEPTH} levels on every runtime, checked before Go runs`, async () => {
  assert.equal(MAX_DEPTH, 1000);
  const nests = `Chain nests deeper than ${MAX_DEPTH} levels, ts2go's limit (is the value cyclic?)`;
  assert.equal(corners.links(chain(MAX_DEPTH)), MAX_DEPTH);
  assert.throws(() => corners.links(chain(MAX_DEPTH + 1)), (e: unknown) => {
    assert.ok(e instanceof TypeError);
    assert.ok(e.message.startsWith("c.next.next.next.next."), e.message);
    assert.ok(e.message.includes("…"), e.message); // the path is shown by its ends
    assert.ok(e.message.endsWith(`: ${nests}`), e.message);
    return true;
  });
  const cyclic: Tree = { label: "loop", children: [] };
  cyclic.children.push(cyclic);
  await assert.rejects(api.everything_async(everything({ tree: cyclic })), /Tree nests deeper than 1000 levels/);
  // Results: Go made them, so they are refused as they are read.
  assert.equal(labels(corners.chain(MAX_DEPTH)), MAX_DEPTH);
  assert.throws(() => corners.chain(MAX_DEPTH + 1), { name: "TypeError", message: `result: ${nests}` });
  await assert.rejects(corners.chain_async(MAX_DEPTH + 1), { name: "TypeError", message: `result: ${nests}` });
  // A stream item too deep ends the stream at once with the reason, as an abort does (items not read
  // yet are dropped), and cancels the Go method.
  let items = 0;
  await assert.rejects(async () => {
    for await (const c of corners.chains(MAX_DEPTH + 5)) items = labels(c);
  }, { name: "TypeError", message: `result: ${nests}` });
  assert.ok(items >= 1 && items <= MAX_DEPTH, `${items}`);
  assert.equal(corners.links(chain(3)), 3); // and the client goes on
});

function captured(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  assert.fail("expected an exception");
}

function chain(length: number): Chain {
  let c: Chain = { label: "0" };
  for (let i = 1; i < length; i++) c = { label: String(i), next: c };
  return c;
}

function labels(c: Chain): number {
  let n = 1;
  for (let next = c.next; next; next = next.next) n++;
  return n;
}

function everything(over: Partial<Everything>): Everything {
  const scalars = { a_u8: 0, a_u16: 0, a_u32: 0, a_u64: 0n, a_usize: 0n, a_i8: 0, a_i16: 0, a_i32: 0 };
  return {
    text: "",
    scalars: { ...scalars, a_i64: 0n, a_isize: 0n, a_f32: 0, a_f64: 0, a_number: 0, a_bool: false },
    typed: emptyTyped(),
    lists: emptyLists(),
    optionals: { o_u64: undefined },
    maps: emptyMaps(),
    tree: { label: "", children: [] },
    ...over,
  };
}
