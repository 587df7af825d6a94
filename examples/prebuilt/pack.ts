/**
 * Packs the example library `hello/` as its author would publish it, and prints the tarball's path:
 * 1. `ts2go gen`, 2. `ts2go build` for every target this machine has a C compiler for, into
 * `hello/prebuilt/`, 3. `bun build` of `hello/mod.ts` into one JavaScript file with the ts2go runtime
 * inside (Deno runs no TypeScript from node_modules, and the package then depends on nothing),
 * 4. `npm pack`.
 *
 *   deno run -A examples/prebuilt/pack.ts [--targets linux/amd64,…]   (or: bun examples/prebuilt/pack.ts)
 * @module
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { main as gen } from "../../gen/cli.ts";
import { buildTargets } from "../../src/build_cli.ts";
import { TARGETS } from "../../src/platform.ts";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const LIB = path.join(HERE, "hello");
const BIN = path.resolve(HERE, "../../node_modules/.bin");

/** Packs the library; returns the tarball path and the targets built. */
export async function pack(targets: readonly string[] = TARGETS): Promise<{ tarball: string; built: string[] }> {
  const at = (f: string) => path.join(LIB, f);
  const args = ["--src", at("schema.ts"), "--go-out", at("go/gen.go"), "--ts-out", at("schema.gen.ts")];
  if ((await gen(["gen", ...args])) !== 0) throw new Error("gen failed");
  fs.rmSync(path.join(LIB, "prebuilt"), { recursive: true, force: true });
  const built: string[] = [];
  for (const target of targets) {
    try {
      await buildTargets(path.join(LIB, "go"), { targets: [target], out: path.join(LIB, "prebuilt"), name: "hello" });
      built.push(target);
    } catch (e) {
      if (!/needs a C compiler/.test((e as Error).message)) throw e;
      console.error(`pack: ${target} left out: ${(e as Error).message}`);
    }
  }
  const bundle = ["build", "mod.ts", "--target=node", "--format=esm", "--outfile=mod.js"];
  execFileSync(path.join(BIN, "bun"), bundle, { cwd: LIB, stdio: ["ignore", "ignore", "inherit"] });
  const out = execFileSync("npm", ["pack", "--silent"], { cwd: LIB, encoding: "utf8" }).trim().split("\n").pop()!;
  return { tarball: path.join(LIB, out), built };
}

if (import.meta.main) {
  const i = process.argv.indexOf("--targets");
  const { tarball, built } = await pack(i > 0 ? process.argv[i + 1].split(",") : TARGETS);
  console.log(`packed ${tarball} with libraries for ${built.join(", ")}`);
}
