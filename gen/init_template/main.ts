// Builds the Go side (cached until go/ changes) and calls it: deno task dev (or: bun run dev).
import { buildGo } from "ts2go";
import { loadGreeter } from "./schema.gen.ts";

using api = loadGreeter(await buildGo(`${import.meta.dirname}/go`));

console.log(api.hello({ name: "ts2go" }).message);
const count = await api.count_words("call Go from TypeScript in-process");
console.log(`${count.words} words, the longest is ${count.longest}`);
