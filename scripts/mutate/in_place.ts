/**
 * Testing a seeded sample of mutants one at a time, in place (shared by the Go mutator and by the
 * sampled TypeScript runs of `deno task mutate --sample N`): each mutant is written over its file,
 * the area's tests run with a time limit, and the file is restored (after each mutant, and on
 * Ctrl-C). A sample stopped early is the seeded order's prefix: still a uniform sample.
 *
 * @example
 * ```ts
 * import { shuffled } from "./in_place.ts";
 * shuffled([1, 2, 3, 4], 1).length; // 4, in an order fixed by the seed
 * ```
 * @module
 */

import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "../projects.ts";
import type { Area, Outcome } from "./areas.ts";

/** One mutant to test in place: its file (relative to the repository) and the file as mutated. */
export interface InPlaceMutant {
  file: string;
  /** The whole file with the mutant applied. */
  mutated: (original: string) => string;
  outcome: Omit<Outcome, "status">;
}

/**
 * A seeded shuffle (mulberry32), so that a sample can be re-run.
 *
 * @example
 * ```ts
 * import { shuffled } from "./in_place.ts";
 * shuffled(["a", "b", "c"], 7).slice(0, 2); // the same two on every run with seed 7
 * ```
 */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  let s = seed >>> 0;
  const random = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

/**
 * How long one mutant's tests may run before it counts as a hang (detected): a correct build runs
 * the largest area's tests in about 25 s on a quiet machine.
 */
const MUTANT_SECONDS = 120;

/** The sources of `files` as they are, refused when one differs from HEAD (a mutant left by a stopped run). */
export function committedSources(files: readonly string[]): Map<string, string> {
  const sources = new Map(files.map((f) => [f, readFileSync(join(REPO_ROOT, f), "utf8")]));
  for (const [f, text] of sources) {
    const committed = spawnSync("git", ["show", `HEAD:${f}`], { cwd: REPO_ROOT, encoding: "utf8" }).stdout;
    if (committed !== text) {
      throw new Error(
        `mutate: ${f} differs from HEAD (a mutant left by a stopped run?): commit it or git checkout ${f}`,
      );
    }
  }
  return sources;
}

/**
 * Tests each mutant in turn against the area's tests (`scripts/mutate/run_tests.sh`); `build`, when
 * given, runs first and a throw counts as a mutant that does not compile. Returns the outcomes;
 * `onOutcome` sees them after each mutant (the caller writes its report there).
 *
 * @example
 * ```ts
 * import { runInPlace } from "./in_place.ts";
 * import { AREAS } from "./areas.ts";
 * await runInPlace(AREAS.find((a) => a.name === "runtime")!, [], new Map(), {});
 * ```
 */
export async function runInPlace(
  area: Area,
  mutants: readonly InPlaceMutant[],
  sources: Map<string, string>,
  opts: { build?: () => Promise<unknown>; onOutcome?: (soFar: Outcome[]) => void },
): Promise<Outcome[]> {
  const restore = () => sources.forEach((text, f) => writeFileSync(join(REPO_ROOT, f), text));
  process.on("SIGINT", () => {
    restore();
    process.exit(130);
  });
  const out: Outcome[] = [];
  try {
    for (const [i, m] of mutants.entries()) {
      writeFileSync(join(REPO_ROOT, m.file), m.mutated(sources.get(m.file)!));
      let status: string;
      try {
        status = await testMutant(area, opts.build);
      } finally {
        writeFileSync(join(REPO_ROOT, m.file), sources.get(m.file)!);
      }
      out.push({ status, ...m.outcome });
      console.log(`${area.name} ${i + 1}/${mutants.length}: ${status} ${m.outcome.where} ${m.outcome.what}`);
      opts.onOutcome?.(out);
    }
  } finally {
    restore();
  }
  return out;
}

/** Runs the area's tests against the mutant in place: StrykerJS's status names. */
async function testMutant(area: Area, build?: () => Promise<unknown>): Promise<string> {
  if (build) {
    try {
      await build();
    } catch {
      return "CompileError";
    }
  }
  // timeout(1) signals the whole process group: a hung test runner goes with its parent.
  const command = ["-k", "10", String(MUTANT_SECONDS), "bash", "scripts/mutate/run_tests.sh", area.name];
  const r = spawnSync("timeout", command, { cwd: REPO_ROOT, stdio: "ignore" });
  return r.status === 0 ? "Survived" : r.status === 124 || r.status === 137 ? "Timeout" : "Killed";
}
