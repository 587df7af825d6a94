/**
 * A small mutator for the Go runtime (`go/`), for `deno task mutate go`: no Go mutation tool is
 * installable here. It makes the classic operator mutants line by line (relational, logical,
 * arithmetic, increments, boolean literals) and removes call statements, outside comments and
 * string literals; it tests a seeded sample of them one at a time, in place in `go/` (restored
 * after each, and on Ctrl-C), building the types fixture first so that a mutant that does not
 * compile is not counted as killed.
 *
 * @example
 * ```ts
 * import { goMutants } from "./go_mutants.ts";
 * goMutants("go/procs.go", "if a >= b {\n").map((m) => m.what); // ["relational: if a >= b { -> if a > b {"]
 * ```
 * @module
 */

import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildProject, REPO_ROOT } from "../projects.ts";
import type { Area, Outcome } from "./areas.ts";

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

/** A seeded shuffle (mulberry32), so that a sample can be re-run. */
function shuffled<T>(items: T[], seed: number): T[] {
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

/** How long one mutant's tests may run before it counts as a hang (detected). */
const MUTANT_SECONDS = 300;

/** Tests one mutant in place; the file is restored before this returns. */
async function testMutant(area: Area, m: GoMutant, original: string): Promise<string> {
  const path = join(REPO_ROOT, m.file);
  const lines = original.split("\n");
  lines[m.line - 1] = m.replacement;
  writeFileSync(path, lines.join("\n"));
  try {
    try {
      await buildProject("tests/fixtures/types");
    } catch {
      return "CompileError";
    }
    // timeout(1) signals the whole process group: a hung test runner goes with its parent.
    const r = spawnSync("timeout", [
      "-k",
      "10",
      String(MUTANT_SECONDS),
      "bash",
      "scripts/mutate/run_tests.sh",
      area.name,
    ], {
      cwd: REPO_ROOT,
      stdio: "ignore",
    });
    return r.status === 0 ? "Survived" : r.status === 124 || r.status === 137 ? "Timeout" : "Killed";
  } finally {
    writeFileSync(path, original);
  }
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
export async function runGoMutants(area: Area, opts: { max: number; seed: number }): Promise<Outcome[]> {
  const sources = new Map(area.mutate.map((f) => [f, readFileSync(join(REPO_ROOT, f), "utf8")]));
  // A run stopped without Ctrl-C (its process killed alone) can leave a mutant in place; it must not
  // become the next run's original.
  for (const [f, text] of sources) {
    const committed = spawnSync("git", ["show", `HEAD:${f}`], { cwd: REPO_ROOT, encoding: "utf8" }).stdout;
    if (committed !== text) {
      throw new Error(
        `mutate go: ${f} differs from HEAD (a mutant left by a stopped run?): commit it or git checkout ${f}`,
      );
    }
  }
  const restore = () => sources.forEach((text, f) => writeFileSync(join(REPO_ROOT, f), text));
  process.on("SIGINT", () => {
    restore();
    process.exit(130);
  });
  const all = [...sources].flatMap(([f, text]) => goMutants(f, text));
  const sample = shuffled(all, opts.seed).slice(0, opts.max);
  console.log(`go: ${all.length} mutants in ${area.mutate.join(", ")}; testing ${sample.length} (seed ${opts.seed})`);
  const out: Outcome[] = [];
  try {
    for (const [i, m] of sample.entries()) {
      const status = await testMutant(area, m, sources.get(m.file)!);
      const line = sources.get(m.file)!.split("\n")[m.line - 1].trim();
      out.push({
        status,
        where: `${m.file}:${m.line}`,
        what: m.what,
        file: m.file,
        line,
        replacement: m.replacement.trim(),
      });
      console.log(`go ${i + 1}/${sample.length}: ${status} ${m.file}:${m.line} ${m.what}`);
    }
  } finally {
    restore();
  }
  return out;
}
