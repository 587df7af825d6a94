/**
 * `deno task mutate [AREA…] [--sample N] [--seed N]`: mutation testing, not part of CI. Each area
 * mutates its source and runs only the tests that cover it, on Deno and then (if Deno did not kill
 * the mutant) on Bun; it prints the kill rate and every surviving mutant.
 *
 * TypeScript areas run StrykerJS (`@stryker-mutator/core` with its command runner, installed into
 * `scripts/mutate/node_modules` on first use, apart from the project's dependencies), incrementally:
 * a second run re-tests only mutants whose code changed. Its command runner cannot tell which tests
 * changed: after changing tests, run with `--full`. The `go` area runs the small Go
 * mutator of `scripts/mutate/go_mutants.ts`, on a seeded sample (60 unless `--sample` says). With
 * `--sample N` a TypeScript area tests a seeded sample of N of StrykerJS's mutants instead
 * (`scripts/mutate/ts_sample.ts`), when running all of them would not fit the time there is; the
 * run prints the sample size, and docs/TESTING.md how sure a sampled figure is. Reports go to
 * `scripts/mutate/reports/`.
 *
 * @example
 * ```sh
 * deno task mutate                  # every area (long: see docs/TESTING.md)
 * deno task mutate fingerprint codec
 * deno task mutate go --sample 40   # a seeded sample of 40 Go mutants
 * deno task mutate runtime --sample 60 --seed 1   # 60 of the runtime's StrykerJS mutants
 * deno task mutate --summary input  # the summary of the last run's report (full or sampled), with today's equivalents
 * deno task mutate --full codec     # every mutant again (after the tests changed)
 * deno task mutate runtime --mutate src/stream.ts,src/client.ts:200-260   # part of an area
 * ```
 * @module
 */

import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "./projects.ts";
import { type Area, AREAS, type Outcome, type SampleReport, summarize } from "./mutate/areas.ts";
import { EQUIVALENT } from "./mutate/equivalent.ts";
import { runGoMutants } from "./mutate/go_mutants.ts";
import { runTsSample } from "./mutate/ts_sample.ts";

const HERE = join(REPO_ROOT, "scripts", "mutate");
const REPORTS = join(HERE, "reports");

/** Installs StrykerJS into scripts/mutate/node_modules when it is not there yet. */
function ensureStryker(): string {
  const bin = join(HERE, "node_modules", "@stryker-mutator", "core", "bin", "stryker.js");
  if (!existsSync(bin)) execFileSync("npm", ["ci", "--no-audit", "--no-fund"], { cwd: HERE, stdio: "inherit" });
  return bin;
}

/** The StrykerJS configuration of an area. */
function strykerConfig(area: Area): Record<string, unknown> {
  return {
    testRunner: "command",
    commandRunner: { command: `bash scripts/mutate/run_tests.sh ${area.name}` },
    mutate: area.mutate,
    coverageAnalysis: "off",
    // Two runs at once share the sandbox: safe while they only read its Go builds (cached by the dry
    // run); an area that regenerates (layout) writes them, so it runs one at a time.
    concurrency: area.regenerate ? 1 : 2,
    disableTypeChecks: false, // the tests run with --no-check; mutated files stay as written
    reporters: ["json", "clear-text", "progress-append-only"],
    clearTextReporter: { allowColor: false, logTests: false, reportMutants: false, reportScoreTable: false },
    jsonReporter: { fileName: join(REPORTS, `${area.name}.json`) },
    incremental: true,
    incrementalFile: join(REPORTS, `${area.name}.incremental.json`),
    ignorePatterns: ["**/.ts2go", ".stryker-tmp*", "scripts/mutate/node_modules", "scripts/mutate/reports"],
    // A mutant that hangs (a loop that never ends, a frame never delivered) is stopped after the
    // dry run's time × 1.5 + 20 s, and counts as detected.
    timeoutMS: 20_000,
    timeoutFactor: 1.5,
    tempDirName: `.stryker-tmp-${area.name}`, // one per area: a run deletes its own when done
    cleanTempDir: "always",
  };
}

/** Runs StrykerJS on one area and reads back its outcomes. */
function runStryker(area: Area): Outcome[] {
  const bin = ensureStryker();
  const config = join(REPORTS, `${area.name}.stryker.json`);
  writeFileSync(config, JSON.stringify(strykerConfig(area), null, 2));
  const r = spawnSync("node", [bin, "run", config], { cwd: REPO_ROOT, stdio: "inherit" });
  if (r.status !== 0) throw new Error(`stryker failed on ${area.name} (exit ${r.status})`);
  return readStrykerReport(area);
}

/** The outcomes in an area's StrykerJS report. */
function readStrykerReport(area: Area): Outcome[] {
  const report = JSON.parse(readFileSync(join(REPORTS, `${area.name}.json`), "utf8"));
  const out: Outcome[] = [];
  for (const [file, { source, mutants }] of Object.entries(report.files as Record<string, StrykerFile>)) {
    const lines = source.split("\n");
    for (const m of mutants) {
      const line = m.location.start.line;
      const text = lines[line - 1].trim();
      const replacement = m.replacement ?? "(removed)";
      out.push({
        status: m.status,
        where: `${file}:${line}:${m.location.start.column}`,
        what: `${m.mutatorName}: ${text} -> ${replacement}`,
        file,
        line: text,
        replacement,
      });
    }
  }
  return out;
}

interface StrykerFile {
  source: string;
  mutants: {
    mutatorName: string;
    replacement?: string;
    status: string;
    location: { start: { line: number; column: number } };
  }[];
}

/** Whether the area's last run was sampled: its sample report is newer than its StrykerJS report. */
function newerThanStryker(area: Area, sampleReport: string): boolean {
  const full = join(REPORTS, `${area.name}.json`);
  return existsSync(sampleReport) && (!existsSync(full) || statSync(sampleReport).mtimeMs > statSync(full).mtimeMs);
}

async function main(args: string[]): Promise<void> {
  const flag = (name: string, fallback: number) => {
    const i = args.indexOf(name);
    return i < 0 ? fallback : Number(args.splice(i, 2)[1]);
  };
  const option = (name: string) => args.includes(name) && args.splice(args.indexOf(name), 1).length > 0;
  const summaryOnly = option("--summary");
  const full = option("--full");
  const only = args.includes("--mutate") ? args.splice(args.indexOf("--mutate"), 2)[1].split(",") : null;
  const sample = flag("--sample", 0);
  const seed = flag("--seed", 1);
  const names = args.length > 0 ? args : AREAS.map((a) => a.name);
  mkdirSync(REPORTS, { recursive: true });
  const lines: string[] = [];
  for (const name of names) {
    const found = AREAS.find((a) => a.name === name);
    if (!found) throw new Error(`mutate: no area ${name}; areas: ${AREAS.map((a) => a.name).join(", ")}`);
    const area = only ? { ...found, mutate: only } : found;
    const started = performance.now();
    // Sampled runs write their outcomes after each mutant: a run stopped early is the seeded order's
    // prefix, still a sample.
    const sampleReport = join(REPORTS, `${area.name}.sample.json`);
    const onOutcome = (soFar: SampleReport) => writeFileSync(sampleReport, JSON.stringify(soFar, null, 2));
    let outcomes: Outcome[];
    let sampled: SampleReport | undefined;
    if (summaryOnly) {
      if (newerThanStryker(area, sampleReport)) sampled = JSON.parse(readFileSync(sampleReport, "utf8"));
      outcomes = sampled?.outcomes ?? readStrykerReport(area);
    } else if (area.name === "go" || sample > 0) {
      const run = area.name === "go" ? runGoMutants : runTsSample;
      sampled = await run(area, { max: sample || 60, seed, onOutcome });
      outcomes = sampled.outcomes;
    } else {
      if (full) rmSync(join(REPORTS, `${area.name}.incremental.json`), { force: true });
      outcomes = runStryker(area);
    }
    const minutes = (performance.now() - started) / 60_000;
    const summary = summarize(area.name, outcomes, minutes, EQUIVALENT, sampled);
    writeFileSync(join(REPORTS, `${area.name}.summary.txt`), summary);
    lines.push(summary.split("\n")[0]);
    console.log(summary);
  }
  console.log(["", "mutation score per area:", ...lines].join("\n"));
}

await main(process.argv.slice(2));
