/**
 * Workload 4's request packed by hand: a packer written for `DemoComplicatedRequest` alone, as tight
 * as each engine allows (one pass over the users; all strings in one `encodeInto` of their
 * concatenation on V8, a copy loop per string on JavaScriptCore), with only the checks that keep Go
 * inside the buffer and the values exact. It is not ts2go's generated code: it bounds what any
 * generated packer could reach with the same FFI call and the same Go side, so the table can show
 * which ratio is out of reach whatever the generator does.
 *
 * @example
 * ```ts
 * const hand = openHandPacker(await buildGo("bench/go"));
 * hand.call({ users: [{ name: "ann", age: 30 }], balabala: new Uint8Array(new ArrayBuffer(1)) }); // 1
 * ```
 * @module
 */

import * as rt from "../src/runtime.ts";
import type { Request } from "./baseline.ts";

/** What {@link openHandPacker} returns. */
export interface HandPacker {
  /** Packs `req` into the call's buffer without calling Go (the JS side alone); returns the bytes used. */
  pack(req: Request): number;
  /** Packs `req` and calls `count_users` through the same export as the generated client. */
  call(req: Request): number;
}

const ROOT = 32; // users {ptr,len} + balabala {ptr,len}
const USER = 24; // name {ptr,len} + age u8, padded to 8
const TWO_32 = 4294967296;
const ONE_ENCODE = !("Bun" in globalThis);
const encoder = new TextEncoder();

/**
 * Opens its own client connection to the bench library (a second host next to the generated
 * client's) and returns the hand-written packer over it.
 *
 * @example `const count = openHandPacker(lib).call(bigRequest); // 1000`
 */
export function openHandPacker(lib: string): HandPacker {
  const conn = rt.Connection.open(lib, "BenchCall", 0x267ea945, {
    seed: "async",
    echo: "async",
    ping: "sync",
    count_users: "sync",
    sum_bytes: "sync",
    bytes_len: "sync",
    echo_str: "async",
  });
  const countUsers = conn.native("count_users");
  const decode = (r: rt.ResultReader) => r.dv.getUint32(r.base, true);
  let w: rt.ArgWriter | undefined;

  const pack = (req: Request): rt.ArgWriter => {
    const users = req.users;
    if (!Array.isArray(users)) throw new TypeError("users: expected an array");
    const n = users.length;
    // Room for the worst case: 3 bytes per UTF-16 unit is not known before the pass, so reserve
    // for 64-unit names and check as strings are added.
    w = conn.sync.measuredWriter(ROOT, ROOT + n * USER + n * 64 * 3 + 8);
    const { u8, u32, addr } = w;
    const limit = u8.length;
    let rope = "";
    let off = ROOT + n * USER;
    for (let i = 0; i < n; i++) {
      const u = users[i];
      if (typeof u !== "object" || u === null || u.constructor !== Object) {
        throw new TypeError("user: expected an object");
      }
      const name = u.name;
      const age = u.age;
      if (typeof name !== "string") throw new TypeError("name: expected a string");
      if (typeof age !== "number" || (age >>> 0) !== age || age > 255) throw new TypeError("age: expected a u8");
      const at = ROOT + i * USER;
      const len = name.length;
      u8[at + 16] = age;
      u32[(at + 8) >> 2] = len;
      u32[(at + 12) >> 2] = 0;
      if (ONE_ENCODE) {
        rope += name;
        continue;
      }
      if (off + len * 3 > limit) throw new RangeError("names too long for this packer");
      let k = 0;
      for (; k < len; k++) {
        const c = name.charCodeAt(k);
        if (c >= 0x80) break;
        u8[off + k] = c;
      }
      const bytes = k === len ? len : encoder.encodeInto(name, u8.subarray(off)).written;
      const p = addr + off;
      u32[at >> 2] = p >>> 0;
      u32[(at + 4) >> 2] = p / TWO_32;
      u32[(at + 8) >> 2] = bytes;
      off += bytes;
    }
    if (ONE_ENCODE) {
      const done = encoder.encodeInto(rope, u8.subarray(off));
      if (done.read !== rope.length || done.written !== rope.length) {
        throw new RangeError("non-ASCII names: not in this packer");
      }
      let p = addr + off;
      for (let i = 0; i < n; i++) {
        const at = ROOT + i * USER;
        u32[at >> 2] = p >>> 0;
        u32[(at + 4) >> 2] = p / TWO_32;
        p += u32[(at + 8) >> 2];
      }
      off = p - addr;
    }
    const p = addr + ROOT;
    u32[0] = p >>> 0;
    u32[1] = p / TWO_32;
    u32[2] = n;
    u32[3] = 0;
    w.heap = off;
    rt.putTyped(w, 16, req.balabala, Uint8Array);
    return w;
  };

  return {
    pack: (req) => pack(req).heap,
    call: (req) => conn.sync.call(countUsers, pack(req), decode),
  };
}
