/**
 * The areas `deno task mutate` mutates, each with the tests that cover it, and the summary it prints.
 * Scoped on purpose: a mutant runs only its area's test files, quickest killers first, on Deno and
 * then on Bun, stopping at the first failure, so that a run fits a shared 2-core machine (figures in docs/TESTING.md).
 *
 * @example
 * ```ts
 * import { AREAS } from "./areas.ts";
 * AREAS.map((a) => a.name); // ["fingerprint", "layout", "codec", "input", "runtime", "go"]
 * ```
 * @module
 */

/** One area: what is mutated and which test files must kill the mutants. */
export interface Area {
  name: string;
  /** Files (globs for StrykerJS; paths under go/ for the Go mutator) whose mutants are made. */
  mutate: string[];
  /** Test files run against each mutant, with `scripts/test.sh`. */
  tests: string[];
  /**
   * A generated project to regenerate with the mutated generator before the test file `before`, so
   * that the behaviour tests run its output (the unit tests before it need no Go build).
   */
  regenerate?: { project: string; before: string };
  /** Environment for the tests (smaller property runs). */
  env?: Record<string, string>;
}

/**
 * Every area. The runtime areas run the behaviour tests against code built from `go/` and `gen/` as
 * they are: `buildProject` writes the Go runtime copies from `go/`, and the layout area regenerates
 * the fixture it tests with the mutated generator (the golden test is left out: it would kill every
 * generator mutant by a text difference, which says nothing about behaviour).
 */
export const AREAS: readonly Area[] = [
  { name: "fingerprint", mutate: ["gen/fingerprint.ts"], tests: ["tests/fingerprint_test.ts"] },
  {
    name: "layout",
    mutate: ["gen/layout.ts"],
    tests: ["tests/layout_test.ts", "tests/types_test.ts"],
    regenerate: { project: "tests/fixtures/types", before: "tests/types_test.ts" },
  },
  {
    name: "codec",
    mutate: ["src/strings.ts", "src/writer.ts", "src/reader.ts"],
    tests: ["tests/strings_test.ts", "tests/writer_test.ts", "tests/reader_test.ts", "tests/types_test.ts"],
  },
  {
    name: "input",
    mutate: ["src/input.ts"],
    tests: ["tests/input_test.ts", "tests/calls_test.ts", "tests/hostile_input_test.ts"],
  },
  {
    name: "runtime",
    mutate: [
      "src/client.ts",
      "src/sync_calls.ts",
      "src/packing.ts",
      "src/arena.ts",
      "src/stream.ts",
      "src/host_calls.ts",
      "src/waker.ts",
      "src/backend.ts",
      "src/deno.ts",
      "src/bun.ts",
    ],
    tests: [
      "tests/stream_unit_test.ts",
      "tests/arena_test.ts",
      "tests/writer_test.ts",
      "tests/reentry_test.ts",
      "tests/host_calls_test.ts",
      "tests/types_test.ts",
      "tests/streams_test.ts",
      "tests/calls_test.ts",
      "tests/ending_workers_test.ts",
      "tests/workers_test.ts",
      "tests/signals_exit_test.ts",
    ],
    // signals_exit_test's child processes, fewer of them (4 per uncaught-error mode: a lost waker hold
    // crashed 5 of 20 such runs).
    env: { TS2GO_EXIT_RUNS: "10", TS2GO_SIGNAL_RUNS: "1", TS2GO_SIGNALS: "300" },
  },
  {
    name: "go",
    mutate: [
      "go/runtime.go",
      "go/completions.go",
      "go/wake.go",
      "go/waiter.go",
      "go/hosts.go",
      "go/host_calls.go",
      "go/streams.go",
      "go/codec.go",
      "go/signals.go",
    ],
    tests: [
      "tests/types_test.ts",
      "tests/host_calls_test.ts",
      "tests/reentry_test.ts",
      "tests/streams_test.ts",
      "tests/calls_test.ts",
      "tests/workers_test.ts",
      "tests/ending_workers_test.ts",
      "tests/signals_exit_test.ts",
    ],
    // signals_exit_test's child processes, fewer of them: what a mutant breaks there, it breaks every time.
    env: { TS2GO_EXIT_RUNS: "3", TS2GO_SIGNAL_RUNS: "1", TS2GO_SIGNALS: "300" },
  },
];

/** What happened to one mutant: StrykerJS's status names (Killed, Survived, Timeout, CompileError…). */
export interface Outcome {
  status: string;
  /** `file:line:col`. */
  where: string;
  /** The mutator and the line before and after. */
  what: string;
  /** The file, the mutated line (trimmed) and what the mutated part became: see {@link Equivalent}. */
  file: string;
  line: string;
  replacement: string;
}

/**
 * A mutant that changes no behaviour a test could observe (a fast path skipped, a check made twice):
 * it is listed with the reason and left out of the score. Found by file, a piece of the mutated line,
 * and what the mutated part became, so that the entry survives edits elsewhere in the file.
 */
export interface Equivalent {
  file: string;
  line: string;
  /** What the mutated part became; omitted: every mutant of the line (a fast path's own condition). */
  replacement?: string;
  why: string;
}

/** Whether an outcome is the mutant an entry describes. */
export function matches(o: Outcome, e: Equivalent): boolean {
  return o.file === e.file && o.line.includes(e.line) &&
    (e.replacement === undefined || o.replacement === e.replacement);
}

/** A sampled run's report: the outcomes of a seeded sample of `total` mutants. */
export interface SampleReport {
  total: number;
  seed: number;
  outcomes: Outcome[];
}

/**
 * The Wilson score interval of a proportion at 95 %, in percent: how far a kill rate measured on a
 * sample of `n` mutants may be from the rate over all of them (a sample is a small part of a large set).
 *
 * @example
 * ```ts
 * import { wilson95 } from "./areas.ts";
 * wilson95(57, 60).map((x) => x.toFixed(1)); // ["86.3", "98.3"]
 * ```
 */
export function wilson95(killed: number, n: number): [number, number] {
  if (n === 0) return [0, 100];
  const z = 1.96, p = killed / n, d = 1 + (z * z) / n;
  const center = (p + (z * z) / (2 * n)) / d;
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / d;
  return [100 * Math.max(0, center - half), 100 * Math.min(1, center + half)];
}

const DETECTED = new Set(["Killed", "Timeout"]);
const NOT_COUNTED = new Set(["CompileError", "RuntimeError", "Ignored", "Pending"]);

/**
 * The area's report: a first line `AREA: K of N mutants killed (S %), M min`, then each survivor.
 *
 * @example
 * ```ts
 * import { summarize } from "./areas.ts";
 * const o = { status: "Killed", where: "a.ts:1:1", what: "…", file: "a.ts", line: "x", replacement: "y" };
 * summarize("x", [o], 0.5).split("\n")[0];
 * // "x: 1 of 1 mutants killed (100.0 %), 0.5 min"
 * ```
 */
export function summarize(
  area: string,
  outcomes: Outcome[],
  minutes: number,
  equivalents: readonly Equivalent[] = [],
  sample?: { total: number; seed: number },
): string {
  const valid = outcomes.filter((o) => !NOT_COUNTED.has(o.status));
  const equivalent = (o: Outcome) => equivalents.find((e) => matches(o, e));
  const survived = valid.filter((o) => !DETECTED.has(o.status));
  const kept = survived.filter((o) => equivalent(o) === undefined);
  const counted = valid.length - (survived.length - kept.length);
  const killed = valid.length - survived.length;
  const score = counted === 0 ? 100 : (100 * killed) / counted;
  const raw = valid.length === 0 ? 100 : (100 * killed) / valid.length;
  const [low, high] = wilson95(killed, counted);
  const notes = [
    sample
      ? `a sample of ${outcomes.length} of ${sample.total} mutants, seed ${sample.seed}: ` +
        `95 % interval ${low.toFixed(1)}–${high.toFixed(1)} %`
      : "",
    outcomes.length > valid.length ? `${outcomes.length - valid.length} did not compile or load` : "",
    survived.length > kept.length
      ? `${survived.length - kept.length} equivalent, not counted; ${raw.toFixed(1)} % with them`
      : "",
  ].filter((n) => n !== "");
  return [
    `${area}: ${killed} of ${counted} mutants killed (${score.toFixed(1)} %), ${minutes.toFixed(1)} min` +
    (notes.length > 0 ? ` (${notes.join("; ")})` : ""),
    ...kept.map((o) => `  ${o.status} ${o.where} ${o.what}`),
    ...survived.filter((o) => equivalent(o)).map((o) => `  equivalent ${o.where} ${o.what}: ${equivalent(o)!.why}`),
    "",
  ].join("\n");
}
