// Prints, as JSON, every mutant StrykerJS makes of the files given (paths relative to the repository):
// its own instrumenter with its default mutators, so that a sampled run (`deno task mutate --sample N`)
// draws from the same mutants as a full StrykerJS run. Node, not Deno: the instrumenter is an npm
// package installed into scripts/mutate/node_modules.
//
//   node scripts/mutate/list_mutants.mjs src/client.ts src/stream.ts
//   → [{"file":"src/client.ts","mutatorName":"BlockStatement","replacement":"{}","location":{…}}, …]
//   (lines and columns 0-based, as the instrumenter gives them)
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Instrumenter } from "@stryker-mutator/instrumenter";

const root = join(import.meta.dirname, "..", "..");
const quiet = () => false;
const log = {
  isTraceEnabled: quiet,
  isDebugEnabled: quiet,
  isInfoEnabled: quiet,
  isWarnEnabled: quiet,
  isErrorEnabled: quiet,
  isFatalEnabled: quiet,
  trace() {},
  debug() {},
  info() {},
  warn: console.error,
  error: console.error,
  fatal: console.error,
};
const files = process.argv.slice(2).map((file) => ({
  name: join(root, file),
  content: readFileSync(join(root, file), "utf8"),
  mutate: true,
}));
const { mutants } = await new Instrumenter(log).instrument(files, {
  plugins: null,
  excludedMutations: [],
  ignorers: [],
});
console.log(JSON.stringify(mutants.map((m) => ({
  file: m.fileName.slice(root.length + 1),
  mutatorName: m.mutatorName,
  replacement: m.replacement,
  location: m.location,
}))));
