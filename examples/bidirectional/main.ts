// Go calls TypeScript while serving a TypeScript call.
//
//   deno run -A examples/bidirectional/main.ts      (or: bun run examples/bidirectional/main.ts)
import { buildGo } from "ts2go";
import { loadGreeter } from "./schema.gen.ts";

const users = new Map([[1, "ada"], [2, "grace"]]);

using api = loadGreeter(await buildGo(new URL("./go", import.meta.url).pathname));
api.provideLogger({
  log: (line) => console.log(line),
  lookup: async (id) => {
    const name = users.get(id);
    if (!name) throw new Error(`no user ${id}`);
    return { id, name };
  },
});

console.log("[TS]", await api.greet(1));
console.log("[TS]", await api.greet(2));
await api.greet(3).catch((e) => console.log("[TS] greet(3) failed:", e.message));
try {
  api.greet_sync(1);
} catch (e) {
  console.log("[TS] greet_sync failed fast:", (e as Error).message);
}
