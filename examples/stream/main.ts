// Go streams ticks to TypeScript; TS prints them and stops after five.
//
//   deno run -A examples/stream/main.ts      (or: bun run examples/stream/main.ts)
import { buildGo } from "ts2go";
import { loadTicker } from "./schema.gen.ts";

using api = loadTicker(await buildGo(new URL("./go", import.meta.url).pathname));

for await (const tick of api.ticks({ every_ms: 100, count: 0 })) {
  console.log(`[TS] ${tick.label} (seq ${tick.seq}) at ${new Date(tick.unix_ms).toISOString()}`);
  if (tick.seq === 5n) break; // cancels the Go method's ctx
}
console.log("[TS] stopped after five ticks");
