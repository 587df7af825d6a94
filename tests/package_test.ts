// ts2go as a user gets it: `npm pack` of this repository, installed into a temporary app outside
// it. There `npx ts2go gen` generates the login and demo examples (the same files as the repo's),
// and the test's own runtime builds and calls them — Deno with the minimal permissions the README
// lists, Bun as is — runs a test file of the app, type-checks the app (`deno check`; `tsc` with
// bun-types), and runs a project made by `ts2go init`. Deno also checks `deno publish --dry-run`.
//
// The tarball is packed once per content of what it holds, in the system's temporary directory,
// so the second runtime's run (and later runs) reuse it; npm installs use its cache (--prefer-offline).
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join, relative } from "node:path";
import { generateProject, REPO_ROOT } from "../scripts/projects.ts";

const T = { timeout: 300_000 };
const isDeno = typeof (globalThis as { Deno?: unknown }).Deno === "object";
const runtime = isDeno ? "deno" : "bun";
const env = {
  ...process.env,
  NO_COLOR: "1",
  PATH: `${join(REPO_ROOT, "node_modules", ".bin")}${delimiter}${process.env.PATH}`,
};
const pkg = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8"));

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command in `cwd`; asserts that it succeeds unless `expectFailure`. */
function sh(cwd: string, cmd: string, args: string[], expectFailure = false): Run {
  const r = spawnSync(cmd, args, { cwd, env, encoding: "utf8", timeout: 240_000 });
  const run = { status: r.status, stdout: r.stdout ?? "", stderr: r.stderr ?? "" };
  if (!expectFailure) {
    assert.equal(run.status, 0, `${cmd} ${args.join(" ")} in ${cwd}: ${r.error ?? ""}\n${run.stdout}${run.stderr}`);
  }
  return run;
}

/** Every file the tarball is made from (sources of dist/, go/, the template, metadata). */
function packInputs(dir = REPO_ROOT, rel = ""): string[] {
  if (rel === "") {
    const top = ["package.json", "tsconfig.build.json", "LICENSE", "README.md", "CHANGELOG.md", "mod.ts"];
    return [...top, ...["src", "gen", "go"].flatMap((d) => packInputs(join(dir, d), d))];
  }
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? packInputs(join(dir, e.name), `${rel}/${e.name}`) : [`${rel}/${e.name}`]
  ).sort();
}

/** `npm pack` of the repository, reused while what it is made from is unchanged. */
function tarball(): string {
  const hash = createHash("sha256");
  for (const f of packInputs()) hash.update(`${f}\n`).update(readFileSync(join(REPO_ROOT, f)));
  const dir = join(tmpdir(), `ts2go-pack-${hash.digest("hex").slice(0, 16)}`);
  const file = join(dir, `ts2go-${pkg.version}.tgz`);
  if (existsSync(file)) return file;
  const building = mkdtempSync(`${dir}-tmp-`);
  sh(REPO_ROOT, "npm", ["pack", "--silent", "--pack-destination", building]);
  try {
    renameSync(building, dir);
  } catch {
    rmSync(building, { recursive: true, force: true }); // packed concurrently by another run: theirs is the same
  }
  return file;
}

const TGZ = tarball();
const app = mkdtempSync(join(tmpdir(), "ts2go-app-"));
after(() => rmSync(app, { recursive: true, force: true }));
writeFileSync(join(app, "package.json"), JSON.stringify({ name: "app", private: true, type: "module" }));
// What type-checking needs: Deno needs @types/node for node:test, tsc needs bun-types (+ typescript).
const dev = pkg.devDependencies;
const typeTools = isDeno
  ? [`@types/node@${dev["@types/node"]}`]
  : [`bun-types@${dev["bun-types"]}`, `typescript@${dev.typescript}`];
sh(app, "npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", TGZ, ...typeTools]);

/** Copies an example's schema, main.ts and Go implementation into the app. */
function copyExample(name: string, goImpl: string): void {
  mkdirSync(join(app, name, "go"), { recursive: true });
  for (const f of ["schema.ts", "main.ts", `go/${goImpl}`]) {
    cpSync(join(REPO_ROOT, "examples", name, f), join(app, name, f));
  }
}

/** The `ts2go gen` arguments for an example copied into the app. */
function genArgs(name: string): string[] {
  return ["gen", "--src", `${name}/schema.ts`, "--go-out", `${name}/go/gen.go`, "--ts-out", `${name}/schema.gen.ts`];
}

/** Runs a TS file of the app with the test's runtime; on Deno with the minimal permissions. */
function runMain(file: string, goDir: string): string {
  const args = isDeno
    ? [
      "run",
      `--allow-read=${goDir}`,
      `--allow-write=${goDir}/.ts2go`,
      "--allow-env",
      "--allow-run=go",
      "--allow-ffi",
      file,
    ]
    : [file];
  return sh(app, process.execPath, args).stdout;
}

test("the tarball holds compiled JS + .d.ts, the Go runtime and the init template, and no tests", T, () => {
  const files = execFileSync("tar", ["tzf", TGZ], { encoding: "utf8" }).trim().split("\n").map((f) =>
    f.replace(/^package\//, "")
  );
  for (const f of ["dist/mod.js", "dist/mod.d.ts", "dist/src/runtime.js", "dist/src/runtime.d.ts", "dist/gen/bin.js"]) {
    assert.ok(files.includes(f), f);
  }
  for (const f of ["go/runtime.go", "gen/init_template/schema.ts", "LICENSE", "README.md", "package.json"]) {
    assert.ok(files.includes(f), f);
  }
  const unwanted = files.filter((f) =>
    /^(tests|examples|bench|scripts|docs|node_modules)\//.test(f) || (/\.ts$/.test(f) && !/\.d\.ts$/.test(f) &&
      !f.startsWith("gen/init_template/"))
  );
  assert.deepEqual(unwanted, []);
  const manifest = JSON.parse(readFileSync(join(app, "node_modules/ts2go/package.json"), "utf8"));
  assert.equal(manifest.private, undefined);
  assert.equal(manifest.license, "MIT");
  assert.deepEqual(Object.keys(manifest.exports).sort(), [".", "./package.json", "./runtime"]);
  assert.deepEqual(manifest.bin, { ts2go: "dist/gen/bin.js" });
  assert.ok(manifest.dependencies["ts-morph"], "ts-morph is a run-time dependency of gen");
});

test("npx ts2go gen in the app writes the same files as the repo's examples, importing ts2go by name", T, () => {
  copyExample("login", "store.go");
  sh(app, "npx", ["ts2go", ...genArgs("login")]);
  const repo = join(REPO_ROOT, "examples/login");
  for (const f of generateProject("examples/login")) {
    const name = relative(repo, f.path);
    assert.equal(readFileSync(join(app, "login", name), "utf8"), f.content, name);
  }
  assert.match(readFileSync(join(app, "login/schema.gen.ts"), "utf8"), /^import \* as rt from "ts2go\/runtime";$/m);
  // The runner's own way in: bunx, or Deno running the npm package's bin.
  const check = [...genArgs("login"), "--check"];
  sh(app, isDeno ? process.execPath : "bunx", isDeno ? ["run", "-A", "npm:ts2go", ...check] : ["ts2go", ...check]);
});

test(`the login example runs in the app on ${runtime}`, T, () => {
  assert.ok(existsSync(join(app, "login/schema.gen.ts")), "generated by the previous test");
  assert.equal(
    runMain("login/main.ts", "login/go"),
    [
      "[TS] ping: 1995n",
      "[TS] wrong password: wrong password for alice",
      "[TS] login: welcome, alice, token 16 bytes",
      "[TS] alice's friends: bob (2, 25), carol (3, 41)",
      '[TS] multi_param_test: alice (30) says "hello, Go", token [3,2,1]',
      "[TS] after logout, add_friends fails: invalid session token",
      "",
    ].join("\n"),
  );
});

test(`the demo example runs in the app on ${runtime}`, T, () => {
  copyExample("demo", "impl.go");
  sh(app, "npx", ["ts2go", ...genArgs("demo")]);
  const out = runMain("demo/main.ts", "demo/go");
  const lines = out.split("\n");
  for (
    const line of [
      "[Go-oneway] Golang received name: chihai, age: 28",
      "[Go-call] Golang received 2 users and 1 bytes",
      "[Go-call async] Golang received 1 users, sleeping 1s",
      "[Go-call async] Golang received 2 users, sleeping 1s",
    ]
  ) assert.ok(lines.includes(line), `${line}\nnot in:\n${out}`);
  assert.match(out, /^\[TS\] sync demo_check: \{\s*pass: true,?\s*\}$/m); // Bun prints objects over lines
  assert.match(out, /^\[TS\] two async demo_check_async calls: \{"pass":true\} \{"pass":false\} in [\d.]+ s$/m);
});

test(`a test file of the app runs under ${runtime} test and imports ts2go by name`, T, () => {
  writeFileSync(
    join(app, "login/app_test.ts"),
    `import { test } from "node:test";
import assert from "node:assert/strict";
import { buildGo, GoError } from "ts2go";
import { loadTestCall } from "./schema.gen.ts";

test("login through ts2go", async () => {
  using api = loadTestCall(await buildGo(\`\${import.meta.dirname}/go\`));
  assert.equal(api.ping(7n), 7n);
  const { token } = api.login({ user: { id: 2, name: "bob", age: 25 }, password: "builder" });
  const { users } = await api.add_friends({ token, user_ids: [1] });
  assert.deepEqual(users, [{ id: 1, name: "alice", age: 30 }]);
  await assert.rejects(api.add_friends({ token: new Uint8Array(16), user_ids: [] }), GoError);
});
`,
  );
  const r = sh(app, process.execPath, isDeno ? ["test", "-A", "login/app_test.ts"] : ["test", "./login/app_test.ts"]);
  assert.match(isDeno ? r.stdout : r.stderr, isDeno ? /ok \| 1 passed \| 0 failed/ : /\b1 pass\b[\s\S]*\b0 fail\b/);
});

test(`the app type-checks: ${isDeno ? "deno check" : "tsc --noEmit with bun-types"}`, T, () => {
  const files = ["login/main.ts", "login/app_test.ts", "demo/main.ts"];
  assert.ok(files.every((f) => existsSync(join(app, f))), "written by the previous tests");
  if (isDeno) {
    sh(app, process.execPath, ["check", ...files]);
    return;
  }
  const tsconfig = {
    compilerOptions: {
      target: "esnext",
      module: "preserve",
      moduleResolution: "bundler",
      allowImportingTsExtensions: true,
      noEmit: true,
      strict: true,
      lib: ["esnext"],
      types: ["bun-types"],
    },
    files,
  };
  writeFileSync(join(app, "tsconfig.json"), JSON.stringify(tsconfig));
  sh(app, join(app, "node_modules/.bin/tsc"), ["-p", "tsconfig.json"]);
});

test(`ts2go init makes a project whose dev task runs on ${runtime}`, T, () => {
  sh(app, "npx", ["ts2go", "init", "hello"]);
  const hello = join(app, "hello");
  const r = sh(hello, process.execPath, isDeno ? ["task", "dev"] : ["run", "dev"]);
  assert.match(r.stdout, /^Hello, ts2go!\n5 words, the longest is TypeScript\n$/m);
  assert.equal(
    sh(hello, "npx", [
      "ts2go",
      "gen",
      "--src",
      "schema.ts",
      "--go-out",
      "go/gen.go",
      "--ts-out",
      "schema.gen.ts",
      "--check",
    ]).status,
    0,
  );
});

test("deno publish --dry-run passes, with the npm package's version", { ...T, skip: !isDeno && "a Deno tool" }, () => {
  const deno = JSON.parse(readFileSync(join(REPO_ROOT, "deno.json"), "utf8"));
  assert.equal(deno.version, pkg.version);
  const r = sh(REPO_ROOT, process.execPath, ["publish", "--dry-run", "--allow-dirty"]);
  assert.match(r.stdout + r.stderr, /Success Dry run complete/);
});
