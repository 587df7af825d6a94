// A call made while another call's arguments are being packed (a getter, a Proxy or an iterator in
// the arguments calls the client again), or while a result is being decoded, or from a Host
// implementation: each call gets exactly its own arguments and result, on both runtimes.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { ClientClosedError } from "../mod.ts";
import { buildProject } from "../scripts/projects.ts";
import { loadEcho } from "./fixtures/types/schema.gen.ts";
import { loadDuplex } from "./fixtures/duplex/schema.gen.ts";
import type { Everything, Scalars } from "./fixtures/types/schema.ts";
import { emptyLists, emptyMaps, emptyTyped } from "./fixtures/types/values.ts";

const lib = await buildProject("tests/fixtures/types");
const api = loadEcho(lib);
const other = loadEcho(lib); // a second client of the same library
after(() => {
  api.close();
  other.close();
});

const scalars = (n: number): Scalars => ({
  a_u8: n,
  a_u16: n,
  a_u32: n,
  a_u64: BigInt(n),
  a_usize: BigInt(n),
  a_i8: n,
  a_i16: n,
  a_i32: n,
  a_i64: BigInt(n),
  a_isize: BigInt(n),
  a_f32: n,
  a_f64: n,
  a_number: n,
  a_bool: n % 2 === 1,
});

function everything(n: number): Everything {
  return {
    text: `text ${n} `.repeat(n),
    scalars: scalars(n),
    typed: emptyTyped(),
    lists: { ...emptyLists(), strings: [`s${n}`, "ü".repeat(n)], structs: [scalars(n)] },
    optionals: { o_u64: BigInt(n), o_string: `o${n}` },
    maps: { ...emptyMaps(), by_name: new Map([[`k${n}`, n]]) },
    tree: { label: `t${n}`, children: [{ label: `c${n}`, children: [] }] },
  };
}

/** `value` with a getter at `key` that runs `call` (once) before returning the value it had. */
function withGetter<T extends object>(value: T, key: keyof T & string, call: () => void): T {
  const held = value[key];
  let first = true;
  Object.defineProperty(value, key, {
    enumerable: true,
    get() {
      if (first) {
        first = false;
        call();
      }
      return held;
    },
  });
  return value;
}

test("a sync call made from a getter in a sync call's arguments: both get their own", () => {
  const inner: string[] = [];
  const v = withGetter(everything(3), "text", () => inner.push(api.text("inner ✓")));
  assert.deepEqual(api.everything(v), everything(3));
  assert.deepEqual(inner, ["inner ✓"]);
});

test("the inner call has larger arguments than the outer call's buffer", () => {
  const big = "x".repeat(200_000);
  const inner: string[] = [];
  const v = withGetter(everything(2), "scalars", () => inner.push(api.text(big)));
  assert.deepEqual(api.everything(v), everything(2));
  assert.equal(inner[0], big);
});

test("a getter in a list element calls the same method with other arguments", () => {
  const strings = ["aa", "bb"];
  let inner: Everything | undefined;
  withGetter(strings as unknown as Record<string, string>, "1", () => inner = api.everything(everything(9)));
  const v = everything(3);
  v.lists.strings = strings;
  const out = api.everything(v);
  assert.deepEqual(out.lists.strings, ["aa", "bb"]);
  assert.equal(out.scalars.a_u8, 3);
  assert.deepEqual(inner, everything(9));
});

test("a Proxy trap and a Map iterator that call the client", () => {
  let calls = 0;
  const s = new Proxy(scalars(5), {
    get(target, key, receiver) {
      if (key === "a_u32" && calls++ === 0) assert.equal(api.text("from a trap"), "from a trap");
      return Reflect.get(target, key, receiver);
    },
  });
  assert.deepEqual(api.scalars(s), scalars(5));
  class Chatty extends Map<string, number> {
    override *[Symbol.iterator](): MapIterator<[string, number]> {
      for (const e of super.entries()) {
        assert.deepEqual(api.list([1, 2, 3]), [1, 2, 3]);
        yield e;
      }
    }
  }
  const m = new Chatty([["a", 1], ["b", 2]]);
  assert.deepEqual(api.map(m), new Map([["a", 1], ["b", 2]]));
});

test("a sync call from a getter that then throws: the outer call fails alone, the next calls work", () => {
  const v = withGetter(everything(1), "tree", () => {
    api.text("before the throw");
    throw new Error("getter failed");
  });
  assert.throws(() => api.everything(v), { message: "getter failed" });
  assert.deepEqual(api.everything(everything(4)), everything(4));
  assert.equal(api.text("after"), "after");
});

test("a getter that closes the client: the call fails with ClientClosedError before Go", () => {
  const third = loadEcho(lib);
  const v = withGetter(everything(1), "text", () => third.close());
  assert.throws(() => third.everything(v), ClientClosedError);
  assert.equal(api.text("still served"), "still served");
});

test("a sync call made while an async call's arguments are packed", async () => {
  const inner: string[] = [];
  const v = withGetter(everything(6), "maps", () => inner.push(api.text("during async packing")));
  assert.deepEqual(await api.everything_async(v), everything(6));
  assert.deepEqual(inner, ["during async packing"]);
});

test("a call on a second client of the same library from a getter", () => {
  const inner: Everything[] = [];
  const v = withGetter(everything(7), "optionals", () => inner.push(other.everything(everything(8))));
  assert.deepEqual(api.everything(v), everything(7));
  assert.deepEqual(inner, [everything(8)]);
});

test("a sync call made while a result is decoded (a patched Map.prototype.set)", () => {
  const v = everything(5);
  v.maps.by_id = new Map([[1, "one"], [2, "two"], [3, "three"]]);
  const set = Map.prototype.set;
  let inner = "";
  Map.prototype.set = function (this: Map<unknown, unknown>, k: unknown, x: unknown) {
    Map.prototype.set = set;
    // Its result fits the buffer the outer result is being decoded from, and would cover it.
    inner = api.text("y".repeat(4000));
    return set.call(this, k, x);
  } as typeof set;
  let out: Everything;
  try {
    out = api.everything(v);
  } finally {
    Map.prototype.set = set;
  }
  assert.deepEqual(out, v);
  assert.equal(inner, "y".repeat(4000));
});

test("Host implementations and stream consumers make sync calls of the same client", async () => {
  const duplex = loadDuplex(await buildProject("tests/fixtures/duplex"));
  try {
    duplex.provideJs({
      echo: (s) => `${s} ${duplex.stream_stats().finished >= 0n}`,
      add: async (a, b) => a + b + BigInt(duplex.stream_stats().sent >= 0n),
      rec: async () => {
        throw new Error("unused");
      },
      fail: () => {},
      never: () => new Promise<void>(() => {}),
      nothing: () => {},
    });
    assert.equal(await duplex.call_echo("host"), "host true");
    assert.equal(await duplex.call_add(1n, 2n), 4n);
    const seen: number[] = [];
    for await (const n of duplex.count(3)) {
      duplex.stream_stats();
      seen.push(n);
    }
    assert.deepEqual(seen, [0, 1, 2]);
  } finally {
    duplex.close();
  }
});
