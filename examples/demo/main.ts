// The demo: one sync one-way call, one sync call, then two async calls that each take 1 s in Go and
// finish together in about 1 s, because the goroutines run concurrently and JS never blocks.
//
//   deno task demo            (or: bun run examples/demo/main.ts)
import { buildGo } from "ts2go";
import { loadDemoCall } from "./schema.gen.ts";

const goDir = new URL("./go", import.meta.url).pathname;
using api = loadDemoCall(await buildGo(goDir));

const users = [{ name: "chihai", age: 28 }, { name: "hui", age: 18 }];
const req = { users, balabala: new Uint8Array([1]) };

api.demo_oneway({ name: "chihai", age: 28 });
console.log("[TS] sync demo_check:", api.demo_check(req));

const start = performance.now();
const [a, b] = await Promise.all([
  api.demo_check_async(req),
  api.demo_check_async({ users: [{ name: "kid", age: 12 }], balabala: new Uint8Array([2]) }),
]);
const seconds = (performance.now() - start) / 1000;
console.log(
  `[TS] two async demo_check_async calls: ${JSON.stringify(a)} ${JSON.stringify(b)} in ${seconds.toFixed(2)} s`,
);
