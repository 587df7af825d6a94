/**
 * The programs the benchmark runs beside the runtime: the HTTP sidecar (bench/sidecar, the
 * "separate process" baseline) and the C floor (bench/cfloor.c: the same exports called from C, and
 * two C threads waking each other), built into bench/.build.
 *
 * @example
 * ```ts
 * import { buildSidecar, httpPost, startSidecar } from "./external.ts";
 * const sidecar = await startSidecar(buildSidecar());
 * await httpPost(`${sidecar.url}/seed`, "{}");
 * sidecar.stop();
 * ```
 * @module
 */

import { execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const buildDir = path.join(benchDir, ".build");

/** Builds the HTTP sidecar and returns its path. @example `const bin = buildSidecar();` */
export function buildSidecar(): string {
  fs.mkdirSync(buildDir, { recursive: true });
  const out = path.join(buildDir, "sidecar");
  execFileSync(process.env.TS2GO_GO ?? "go", ["build", "-o", out, "main.go"], {
    cwd: path.join(benchDir, "sidecar"),
    stdio: ["ignore", "inherit", "inherit"],
  });
  return out;
}

/** Builds the C floor and returns its path. @example `execFileSync(buildCFloor(), ["--wake", "5000"])` */
export function buildCFloor(): string {
  fs.mkdirSync(buildDir, { recursive: true });
  const out = path.join(buildDir, "cfloor");
  execFileSync(process.env.CC ?? "gcc", ["-O2", "-o", out, path.join(benchDir, "cfloor.c"), "-ldl", "-lpthread"], {
    stdio: ["ignore", "inherit", "inherit"],
  });
  return out;
}

/** A running sidecar: where it listens, its process id (for its CPU time), and how to stop it. */
export interface Sidecar {
  url: string;
  pid: number | undefined;
  stop(): void;
}

/** Starts the sidecar at `bin` and waits until it listens. @example `const s = await startSidecar(buildSidecar());` */
export async function startSidecar(bin: string): Promise<Sidecar> {
  const child = spawn(bin, ["-max", "5000000"], { stdio: ["pipe", "pipe", "inherit"], env: process.env });
  const stop = () => {
    try {
      child.stdin?.end();
    } catch { /* already gone */ }
    if (child.exitCode === null) child.kill("SIGKILL");
  };
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let seen = "";
      const timer = setTimeout(() => reject(new Error("sidecar did not start in 10 s")), 10_000);
      child.on("error", (e) => {
        clearTimeout(timer);
        reject(e);
      });
      child.on("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`sidecar exited (${code})`));
      });
      child.stdout!.on("data", (d: Uint8Array) => {
        seen += new TextDecoder().decode(d);
        const m = /listening (\S+)/.exec(seen);
        if (m) {
          clearTimeout(timer);
          resolve(`http://${m[1]}`);
        }
      });
    });
    return { url, pid: child.pid, stop };
  } catch (e) {
    stop();
    throw e;
  }
}

/** POSTs JSON and returns the JSON answer. @example `(await httpPost(`${url}/count_users`, body)).count` */
export async function httpPost(url: string, body: string): Promise<Record<string, unknown>> {
  const res = await fetch(url, { method: "POST", body, headers: { "content-type": "application/json" } });
  if (!res.ok) throw new Error(`sidecar: ${res.status} ${await res.text()}`);
  return await res.json();
}
