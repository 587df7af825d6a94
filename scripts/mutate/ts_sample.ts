/**
 * A seeded sample of an area's StrykerJS mutants, for `deno task mutate AREA --sample N`: when
 * running every mutant would not fit the time there is. The mutants are the ones a full StrykerJS
 * run makes (listed by its own instrumenter, `list_mutants.mjs`); the sample is tested in place
 * (`in_place.ts`) with the same tests and the same verdicts.
 *
 * @example
 * ```ts
 * import { runTsSample } from "./ts_sample.ts";
 * import { AREAS } from "./areas.ts";
 * await runTsSample(AREAS.find((a) => a.name === "runtime")!, { max: 40, seed: 1 });
 * ```
 * @module
 */

import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { REPO_ROOT } from "../projects.ts";
import type { Area, Outcome, SampleReport } from "./areas.ts";
import { committedSources, type InPlaceMutant, runInPlace, shuffled } from "./in_place.ts";

/** A mutant as `list_mutants.mjs` prints it: lines and columns 0-based. */
interface Listed {
  file: string;
  mutatorName: string;
  replacement: string;
  location: { start: { line: number; column: number }; end: { line: number; column: number } };
}

/** The offset in `text` of a 0-based line and column. */
function offset(text: string, p: { line: number; column: number }): number {
  let at = 0;
  for (let l = 0; l < p.line; l++) at = text.indexOf("\n", at) + 1;
  return at + p.column;
}

/**
 * Tests a seeded sample of at most `max` of the area's StrykerJS mutants; returns their outcomes.
 *
 * @example
 * ```ts
 * import { runTsSample } from "./ts_sample.ts";
 * import { AREAS } from "./areas.ts";
 * (await runTsSample(AREAS.find((a) => a.name === "input")!, { max: 5, seed: 2 })).length; // 5
 * ```
 */
export async function runTsSample(
  area: Area,
  opts: { max: number; seed: number; onOutcome?: (soFar: SampleReport) => void },
): Promise<SampleReport> {
  const sources = committedSources(area.mutate);
  const listed: Listed[] = JSON.parse(
    execFileSync("node", [join(REPO_ROOT, "scripts", "mutate", "list_mutants.mjs"), ...area.mutate], {
      encoding: "utf8",
      maxBuffer: 64 << 20,
    }),
  );
  const sample = shuffled(listed, opts.seed).slice(0, opts.max);
  console.log(
    `${area.name}: ${listed.length} mutants in ${area.mutate.join(", ")}; testing ${sample.length} (seed ${opts.seed})`,
  );
  const mutants = sample.map((m): InPlaceMutant => {
    const text = sources.get(m.file)!;
    const [from, to] = [offset(text, m.location.start), offset(text, m.location.end)];
    const line = text.split("\n")[m.location.start.line].trim();
    return {
      file: m.file,
      mutated: (original) => original.slice(0, from) + m.replacement + original.slice(to),
      outcome: {
        where: `${m.file}:${m.location.start.line + 1}:${m.location.start.column + 1}`,
        what: `${m.mutatorName}: ${line} -> ${m.replacement}`,
        file: m.file,
        line,
        replacement: m.replacement,
      },
    };
  });
  const report = (outcomes: Outcome[]) => ({ total: listed.length, seed: opts.seed, outcomes });
  const onOutcome = (soFar: Outcome[]) => opts.onOutcome?.(report(soFar));
  return report(await runInPlace(area, mutants, sources, { onOutcome }));
}
