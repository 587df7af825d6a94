/**
 * Generator fuzzing: random valid schemas whose names come from Go's and JavaScript's keywords and
 * builtins, from the generated code's own names, and from case and underscore variants of them. gen
 * must either refuse a schema with `file:line:col` diagnostics, or write Go that `go vet`s and builds
 * (with the `--go-impl` skeleton, which must implement the generated interfaces) and TypeScript that
 * `deno check`s. One fixed seed and one new seed per run (printed; set
 * `TS2GO_FUZZ_SEED` to replay it), `TS2GO_FUZZ_COUNT` schemas each (default 8), checked together:
 * one `go vet`, one `go build` and one `deno check` for all of them.
 * @module
 */

import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { generate } from "../gen/generate.ts";
import { SchemaError } from "../gen/diagnostics.ts";
import { constCase } from "../gen/names.ts";
import { REPO_ROOT } from "../scripts/projects.ts";

/** A small, fast, seedable PRNG (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// JavaScript's keywords are left out: TypeScript's syntax refuses them as names (a syntax error is a
// refusal with a position too, but teaches nothing).
const WORDS = `
  type func map chan go range select package interface struct defer
  error string int uint uint8 uint32 byte rune any bool len cap make nil append close copy max
  context errors unsafe strings slices sync fmt C main init
  eval arguments await yield let static number object undefined Promise Object Map Array Symbol
  constructor toString valueOf hasOwnProperty then
  ctx send emit args res err a s w p v k x at n c rt options impl path
  User UserRef RegisterS List String Raw Optional Heap ListOfU32 OptString MapOfStringToU32
  measureUser writeUser readUser EchoClient loadEcho ECHO_FINGERPRINT ts2goWriter ts2goSlice
  A AB A_b b_c bC id user_id userId`.trim().split(/\s+/);

const PLAIN = ["Item", "Data", "Point", "Record_set", "Thing", "item", "count", "name", "value_x", "total"];

const PRIMS = [
  "u8",
  "u16",
  "u32",
  "u64",
  "usize",
  "i8",
  "i16",
  "i32",
  "i64",
  "isize",
  "f32",
  "f64",
  "number",
  "boolean",
];
const INT_KEYS = ["u8", "u32", "i64", "usize"];
const TYPED = ["Uint8Array", "Int16Array", "Float64Array", "BigUint64Array"];

/** Writes random schemas from one seed. */
class SchemaMaker {
  private readonly next: () => number;
  // Clashes draw from a stream of their own: the schemas stay those of the same seed without them.
  private readonly nextClash: () => number;
  /** Whether the last schema has an interface named to clash (see {@link clashes}). */
  clashed = false;
  constructor(seed: number) {
    this.next = random(seed);
    this.nextClash = random(seed ^ 0x5bd1e995);
  }

  private int(n: number): number {
    return Math.floor(this.next() * n);
  }

  private pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)];
  }

  /**
   * A name: with probability `risky` from the pool, sometimes in another case or with underscores;
   * else a plain one.
   */
  name(risky: number): string {
    if (this.next() >= risky) return `${this.pick(PLAIN)}${this.int(3) === 0 ? this.int(10) : ""}`;
    const w = this.pick(WORDS);
    switch (this.int(6)) {
      case 0:
        return w[0].toUpperCase() + w.slice(1);
      case 1:
        return `${w}_${this.pick(WORDS)}`;
      case 2:
        return w.toLowerCase();
      default:
        return w;
    }
  }

  /** The aliases, enums and unions the schema declares (any type may name them). */
  private named: string[] = [];

  /** A type over the structs declared so far (`earlier`: may be held by value) and all (`all`). */
  type(earlier: string[], all: string[], depth = 0): string {
    const r = this.int(depth > 1 ? 4 : 14);
    if (r === 0) return this.pick(PRIMS);
    if (r === 1) return "string";
    if (r === 2) return this.pick(TYPED);
    if (r === 3) return earlier.length > 0 ? this.pick(earlier) : "u32";
    if (r === 4) return `${this.wrap(this.type(earlier, all, depth + 1))}[]`;
    if (r === 5) return `${this.type(earlier, all, depth + 1)} | undefined`;
    if (r === 6) return `Map<${this.int(2) ? "string" : this.pick(INT_KEYS)}, ${this.type(earlier, all, depth + 1)}>`;
    if (r === 7) return `${this.type(earlier, all, depth + 1)} | null`;
    if (r === 8) return `Record<string, ${this.type(earlier, all, depth + 1)}>`;
    if (r === 9) {
      return this.int(2) ? `"${this.name(0.3)}" | "x-${this.int(9)}"` : `${this.int(3)} | ${this.int(9) + 3}`;
    }
    if (r === 10 && this.named.length > 0) return this.pick(this.named);
    // Any struct, through a list or an optional (a struct may hold itself so).
    return this.int(2) ? `${this.pick(all)}[]` : `${this.pick(all)} | undefined`;
  }

  /**
   * Declarations of aliases, enums and a union of the structs that have a `kind` (each struct gets one
   * with even odds), whose names any type may then use.
   */
  private namedTypes(structs: string[], kinds: string[]): string[] {
    // Names of their own (`…T0`), so that most schemas get through to Go and TS.
    const names = Array.from({ length: 1 + this.int(3) }, (_, i) => `${this.name(0.1)}T${i}`);
    const out: string[] = [];
    names.forEach((n, i) => {
      if (i === 0 && kinds.length >= 2) out.push(`export type ${n} = ${kinds.join(" | ")};`);
      else if (i % 2 === 1) out.push(`export enum ${n} { ${this.name(0.3)}, Other = ${this.int(9) + 2} }`);
      else out.push(`export type ${n} = ${this.type(structs, structs, 1)};`);
    });
    this.named = names.slice(0, out.length);
    return [...out, ...this.clashes(names, structs)];
  }

  /**
   * In one schema of four, an interface named like a name gen makes for the other types: an enum's
   * constant, a union's Go method or decoder, the TS set of a struct's fields or of an enum's values.
   */
  private clashes(named: string[], structs: string[]): string[] {
    const taken = new Set([...named, ...structs]);
    const candidates = [
      ...named.flatMap((n) => [`${n}Other`, `is${n}`, `ts2goDecode${n}`, `${constCase(n)}_VALUES`]),
      ...structs.map((s) => `${constCase(s)}_FIELDS`),
    ].filter((c) => !taken.has(c));
    this.clashed = this.nextClash() < 0.25 && candidates.length > 0;
    return this.clashed
      ? [`export interface ${candidates[Math.floor(this.nextClash() * candidates.length)]} { x: u32 }`]
      : [];
  }

  private wrap(t: string): string {
    return t.includes("|") ? `(${t})` : t;
  }

  private unique(n: number, risky: number): string[] {
    const names = new Set<string>();
    for (let i = 0; i < n * 3 && names.size < n; i++) names.add(this.name(risky));
    return [...names];
  }

  schema(runtime: string): string {
    // Interface names from the pool are often refused (`error`, `List`…); members' names rarely.
    const names = this.unique(2 + this.int(5), 0.25);
    const structs = names.slice(0, 1 + this.int(Math.max(1, names.length - 1)));
    const services = names.slice(structs.length);
    const out = [
      `import type { Host, ${PRIMS.filter((p) => !["number", "boolean"].includes(p)).join(", ")} } from "${runtime}";`,
    ];
    const kinds = structs.filter(() => this.int(2) === 0);
    this.named = [];
    const declarations = this.namedTypes(structs, kinds);
    structs.forEach((s, i) => {
      const fields = this.unique(1 + this.int(4), 0.5).map((f) =>
        `  ${f}${this.int(4) === 0 ? "?" : ""}: ${this.type(structs.slice(0, i), structs)};`
      );
      const kind = kinds.includes(s) ? [`  kind: "${s.toLowerCase()}${i}";`] : [];
      out.push(`export interface ${s} {`, ...kind, ...fields, "}");
    });
    out.push(...declarations);
    for (const s of services.length > 0 ? services : ["Svc"]) {
      const host = this.int(4) === 0;
      out.push(`export interface ${s}${host ? " extends Host" : ""} {`);
      for (const m of this.unique(1 + this.int(4), 0.4)) {
        // Optional parameters only at the end, as TypeScript requires.
        const optionalFrom = this.int(6);
        const params = this.unique(this.int(4), 0.6).map((p, i) =>
          `${p}${i >= optionalFrom ? "?" : ""}: ${this.type(structs, structs)}`
        );
        const result = this.int(4) === 0 ? "void" : this.type(structs, structs);
        const kind = this.int(host ? 2 : 3);
        const ret = kind === 0
          ? result
          : kind === 1
          ? `Promise<${result}>`
          : `AsyncIterable<${result === "void" ? "u32" : result}>`;
        out.push(`  ${m}(${params.join(", ")}): ${ret};`);
      }
      out.push("}");
    }
    return out.join("\n") + "\n";
  }
}

const COUNT = Number(process.env.TS2GO_FUZZ_COUNT ?? 8);
// CI's verdict is reproducible (seeds 1 and 2); other runs add a random seed to explore. Seed
// 1412693655 fails today (a TS helper named but not emitted): open, see docs/TESTING.md.
const explore = process.env.CI ? 2 : Date.now() % 2 ** 31;
const SEEDS = [1, Number(process.env.TS2GO_FUZZ_SEED ?? explore)];
const DENO = join(REPO_ROOT, "node_modules", ".bin", "deno");

test(`random schemas: refused with positions, or Go that builds and TS that checks (seeds ${SEEDS})`, {
  timeout: 600_000,
}, () => {
  console.log(`gen fuzz: seeds ${SEEDS.join(", ")} (replay the second with TS2GO_FUZZ_SEED=${SEEDS[1]})`);
  const root = mkdtempSync(join(tmpdir(), "ts2go-fuzz-"));
  try {
    writeFileSync(join(root, "go.mod"), "module fuzz\n\ngo 1.21\n");
    const accepted: string[] = [];
    let refused = 0;
    let clashed = 0;
    for (const seed of SEEDS) {
      const maker = new SchemaMaker(seed);
      for (let i = 0; i < COUNT; i++) {
        const dir = join(root, `s${seed}_${i}`);
        mkdirSync(dir);
        const src = join(dir, "schema.ts");
        writeFileSync(src, maker.schema(relative(dir, join(REPO_ROOT, "mod.ts"))));
        if (maker.clashed) clashed++;
        let files;
        try {
          const goImpl = join(dir, "go", "impl.go");
          files = generate({ src, goOut: join(dir, "go", "gen.go"), tsOut: join(dir, "schema.gen.ts"), goImpl });
        } catch (e) {
          assert.ok(e instanceof SchemaError, `${src}: gen failed without a diagnostic: ${e}`);
          if (process.env.TS2GO_FUZZ_KEEP) console.log(e.message);
          for (const line of e.message.split("\n")) assert.match(line, /^\/.*schema\.ts:\d+:\d+: \S/, src);
          refused++;
          continue;
        }
        mkdirSync(join(dir, "go"));
        for (const f of files) writeFileSync(f.path, f.content);
        accepted.push(dir);
      }
    }
    console.log(`gen fuzz: ${accepted.length} accepted, ${refused} refused (${clashed} with a name drawn to clash)`);
    // Names are drawn to collide often; still, a fair share of schemas must get through.
    // (Schemas with a name drawn to clash are mostly refused, as they should be: they do not count.)
    const fair = (SEEDS.length * COUNT - clashed) / 4;
    assert.ok(accepted.length >= fair, `only ${accepted.length} schemas accepted`);
    const run = (cmd: string, args: string[]) => {
      try {
        execFileSync(cmd, args, { cwd: root, encoding: "utf8", stdio: "pipe" });
      } catch (e) {
        assert.fail(`${cmd} ${args[0]} failed in ${root}:\n${(e as { stderr?: string }).stderr}`);
      }
    };
    run("go", ["vet", "./..."]);
    run("go", ["build", "./..."]);
    run(DENO, [
      "check",
      "--quiet",
      "--config",
      join(REPO_ROOT, "deno.json"),
      ...accepted.map((d) => join(d, "schema.gen.ts")),
    ]);
  } finally {
    if (!process.env.TS2GO_FUZZ_KEEP) rmSync(root, { recursive: true, force: true });
  }
});
