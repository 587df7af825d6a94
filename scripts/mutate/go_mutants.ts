/**
 * A small mutator for the Go runtime (`go/`), for `deno task mutate go`: no Go mutation tool is
 * installable here. It makes the classic operator mutants line by line (relational, logical,
 * arithmetic, increments, boolean literals) and removes call statements, outside comments and
 * string literals; it tests a seeded sample of them one at a time, in place in `go/`
 * (`in_place.ts`), building the types fixture first so that a mutant that does not compile is not
 * counted as killed.
 *
 * @example
 * ```ts
 * import { goMutants } from "./go_mutants.ts";
 * goMutants("go/procs.go", "if a >= b {\n").map((m) => m.what); // ["relational: if a >= b { -> if a > b {"]
 * ```
 * @module
 */

import { buildProject } from "../projects.ts";
import type { Area, Outcome, SampleReport } from "./areas.ts";
import { committedSources, type InPlaceMutant, runInPlace, shuffled } from "./in_place.ts";

/** One mutant: the file, its 1-based line, and the line as mutated. */
export interface GoMutant {
  file: string;
  line: number;
  replacement: string;
  what: string;
}

const OPERATORS: [kind: string, from: string, to: string][] = [
  ["relational", " == ", " != "],
  ["relational", " != ", " == "],
  ["relational", " <= ", " < "],
  ["relational", " >= ", " > "],
  ["relational", " < ", " <= "],
  ["relational", " > ", " >= "],
  ["logical", " && ", " || "],
  ["logical", " || ", " && "],
  ["arithmetic", " + ", " - "],
  ["arithmetic", " - ", " + "],
  ["arithmetic", " * ", " / "],
  ["increment", "++", "--"],
  ["increment", "--", "++"],
];
const LITERALS: [string, string][] = [["true", "false"], ["false", "true"]];
const KEYWORDS = /^(return|if|for|go|defer|case|func|switch|select|else|var|const|type|package|import)\b/;

/** Whether index `i` of `line` is inside a string or rune literal (quotes counted from the start). */
function inLiteral(line: string, i: number): boolean {
  let quote = "";
  for (let k = 0; k < i; k++) {
    const c = line[k];
    if (quote) {
      if (c === "\\" && quote !== "`") k++;
      else if (c === quote) quote = "";
    } else if (c === '"' || c === "`" || c === "'") quote = c;
  }
  return quote !== "";
}

/** Every mutant of one Go source file (comments and the cgo preamble are skipped). */
export function goMutants(file: string, source: string): GoMutant[] {
  const out: GoMutant[] = [];
  let inBlockComment = false;
  source.split("\n").forEach((text, index) => {
    const trimmed = text.trim();
    if (inBlockComment) {
      if (trimmed.includes("*/")) inBlockComment = false;
      return;
    }
    if (trimmed.startsWith("/*")) {
      inBlockComment = !trimmed.includes("*/");
      return;
    }
    const code = text.includes("//") ? text.slice(0, text.indexOf("//")) : text;
    const add = (replacement: string, kind: string) =>
      out.push({ file, line: index + 1, replacement, what: `${kind}: ${trimmed} -> ${replacement.trim()}` });
    for (const [kind, from, to] of OPERATORS) {
      for (let i = code.indexOf(from); i >= 0; i = code.indexOf(from, i + 1)) {
        if (!inLiteral(code, i)) add(text.slice(0, i) + to + text.slice(i + from.length), kind);
      }
    }
    for (const [from, to] of LITERALS) {
      for (const m of code.matchAll(new RegExp(`\\b${from}\\b`, "g"))) {
        if (!inLiteral(code, m.index!)) {
          add(text.slice(0, m.index) + to + text.slice(m.index! + from.length), "literal");
        }
      }
    }
    const stmt = code.trim();
    if (/^[\w.]+(\[[^\]]*\])?\(.*\)$/.test(stmt) && !KEYWORDS.test(stmt)) add("", "statement removed");
  });
  return out;
}

/**
 * Runs a seeded sample of at most `max` Go mutants of the area's files; returns their outcomes.
 *
 * @example
 * ```ts
 * import { runGoMutants } from "./go_mutants.ts";
 * import { AREAS } from "./areas.ts";
 * await runGoMutants(AREAS.find((a) => a.name === "go")!, { max: 5, seed: 1 });
 * ```
 */
export async function runGoMutants(
  area: Area,
  opts: { max: number; seed: number; onOutcome?: (soFar: SampleReport) => void },
): Promise<SampleReport> {
  const sources = committedSources(area.mutate);
  const all = [...sources].flatMap(([f, text]) => goMutants(f, text));
  const sample = shuffled(all, opts.seed).slice(0, opts.max);
  console.log(`go: ${all.length} mutants in ${area.mutate.join(", ")}; testing ${sample.length} (seed ${opts.seed})`);
  const mutants = sample.map((m): InPlaceMutant => ({
    file: m.file,
    mutated: (original) => original.split("\n").map((l, i) => i === m.line - 1 ? m.replacement : l).join("\n"),
    outcome: {
      where: `${m.file}:${m.line}`,
      what: m.what,
      file: m.file,
      line: sources.get(m.file)!.split("\n")[m.line - 1].trim(),
      replacement: m.replacement.trim(),
    },
  }));
  // The types fixture built first: a mutant that does not compile is not counted as killed.
  const build = () => buildProject("tests/fixtures/types");
  const report = (outcomes: Outcome[]) => ({ total: all.length, seed: opts.seed, outcomes });
  const onOutcome = (soFar: Outcome[]) => opts.onOutcome?.(report(soFar));
  return report(await runInPlace(area, mutants, sources, { build, onOutcome }));
}
