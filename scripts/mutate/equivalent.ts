/**
 * Mutants that survive because they change nothing a test could observe, each with the reason; the
 * kill rate of `deno task mutate` leaves them out and lists them (docs/TESTING.md). A mutant belongs
 * here only when no input, on either runtime, can tell it from the original: a fast path skipped
 * or always taken, a check made twice, a value that cannot occur. Others are gaps: write the test.
 *
 * @example
 * ```ts
 * import { EQUIVALENT } from "./equivalent.ts";
 * EQUIVALENT.every((e) => e.why.length > 0); // true
 * ```
 * @module
 */

import type { Equivalent } from "./areas.ts";

/** Every equivalent mutant, by area file. */
export const EQUIVALENT: readonly Equivalent[] = [
  // gen/fingerprint.ts
  {
    file: "gen/fingerprint.ts",
    line: 'parts.push(`${svc.host ? "host " : ""}service ${svc.name}`);',
    replacement: '""',
    why: "service names are unique in a schema, so a Host service's entry differs from any other without the word",
  },
  {
    file: "gen/fingerprint.ts",
    line: 'parts.push(`${m.stream ? "stream" : m.async ? "async" : "sync"} ${m.name}(${params}) ${result}`);',
    replacement: '""',
    why: 'an empty word for sync methods still differs from "async" and "stream", so every kind change still shows',
  },
  // gen/layout.ts
  {
    file: "gen/layout.ts",
    line: "if (done) return done;",
    replacement: "false",
    why: "a memo: laying a struct out again gives an equal layout (emitters compare values, never identities)",
  },
  {
    file: "gen/layout.ts",
    line: "if (!l) {",
    replacement: "true",
    why: "a memo: laying a map entry out again gives an equal layout",
  },
  // src/input.ts
  {
    file: "src/input.ts",
    line: 'if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) {',
    replacement: "false",
    why: "with the typeof test gone, Number.isInteger(v) is false for every non-number, which fails the same way",
  },
  {
    file: "src/input.ts",
    line: 'fail(`${label} as a bigint (e.g. ${typeof v === "number" && Number.isInteger(v) ? v : 0}n)`, v);',
    replacement: "true",
    why: "Number.isInteger(v) is false for every non-number, so the typeof test adds nothing",
  },
  {
    file: "src/input.ts",
    line: 'if (typeof v !== "object" || v === null || (v.constructor !== Object && notStruct(v))) {',
    replacement: "true",
    why: "a fast path: notStruct() is false for a plain object, so checking every object gives the same answer",
  },
  {
    file: "src/input.ts",
    line: "detached = bytes === 0 && detachedGetter.call(buffer);",
    replacement: "true",
    why: "a view over a detached buffer always has 0 bytes, so the length test only saves a getter call",
  },
];
