/**
 * The C compiler cgo needs to build for another platform: a Debian cross gcc where one exists
 * (`aarch64-linux-gnu-gcc`, `x86_64-w64-mingw32-gcc`, `x86_64-linux-gnu-gcc`), else `zig cc`
 * (from `$TS2GO_ZIG`, `zig` on `PATH`, or `python3 -m ziglang` — PyPI's `ziglang` ships Zig).
 * macOS targets have no cross gcc: zig links them against text stubs of the two system libraries
 * Go's runtime names (libresolv, and CoreFoundation on arm64), which every Mac has.
 *
 * @example
 * ```ts
 * import { crossEnv } from "./cross.ts";
 * const env = await crossEnv(platformOf("linux/arm64"), process.env, "/tmp/cache");
 * // { CC: "aarch64-linux-gnu-gcc" } when Debian's gcc-aarch64-linux-gnu is installed
 * ```
 * @module
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import type { Platform, Target } from "./platform.ts";

const GCC: Partial<Record<Target, { cc: string; apt: string }>> = {
  "linux/amd64": { cc: "x86_64-linux-gnu-gcc", apt: "gcc-x86-64-linux-gnu" },
  "linux/arm64": { cc: "aarch64-linux-gnu-gcc", apt: "gcc-aarch64-linux-gnu" },
  "windows/amd64": { cc: "x86_64-w64-mingw32-gcc", apt: "gcc-mingw-w64-x86-64" },
};

const ZIG_TARGET: Record<Target, string> = {
  "linux/amd64": "x86_64-linux-gnu",
  "linux/arm64": "aarch64-linux-gnu",
  "windows/amd64": "x86_64-windows-gnu",
  "darwin/amd64": "x86_64-macos.11.0",
  "darwin/arm64": "aarch64-macos.11.0",
};

/** An executable named `name` on `PATH`, or undefined. */
export function onPath(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const exts = process.platform === "win32" ? ["", ".exe"] : [""];
  for (const dir of (env.PATH ?? "").split(path.delimiter)) {
    for (const ext of exts) {
      const p = path.join(dir, name + ext);
      try {
        fs.accessSync(p, fs.constants.X_OK);
        if (fs.statSync(p).isFile()) return p;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

const zigMemo = new Map<string, Promise<string | undefined>>(); // by PATH

/** The command that runs `zig` (quoted for Go's `CC`), or undefined when none is installed. */
function findZig(env: NodeJS.ProcessEnv): Promise<string | undefined> {
  if (env.TS2GO_ZIG) return Promise.resolve(quote(env.TS2GO_ZIG));
  const zig = onPath("zig", env);
  if (zig) return Promise.resolve(quote(zig));
  let found = zigMemo.get(env.PATH ?? "");
  if (!found) {
    found = new Promise((resolve) => {
      const code = "import ziglang, os; print(os.path.join(os.path.dirname(ziglang.__file__), 'zig'))";
      execFile("python3", ["-c", code], { env }, (err, stdout) => {
        const p = String(stdout).trim();
        resolve(!err && p && fs.existsSync(p) ? quote(p) : undefined);
      });
    });
    zigMemo.set(env.PATH ?? "", found);
  }
  return found;
}

/** Go splits `CC` on spaces but honours single and double quotes. */
function quote(p: string): string {
  return /[\s'"]/.test(p) ? `'${p}'` : p;
}

/**
 * Environment additions (`CC`, and `CGO_LDFLAGS` for macOS) that let cgo build `target` on this
 * machine; empty when `env.CC` is set or `target` is the machine's own. Throws an Error naming
 * the missing cross compiler and how to install it.
 *
 * @example
 * ```ts
 * import { crossEnv } from "./cross.ts";
 * import { platformOf } from "./platform.ts";
 * await crossEnv(platformOf("darwin/arm64"), process.env, "/tmp/ts2go-cache", "linux/amd64");
 * // { CC: "/…/zig cc -target aarch64-macos.11.0", CGO_LDFLAGS: "-O2 -g -L/tmp/ts2go-cache/macos-sdk-stubs …" }
 * ```
 */
export async function crossEnv(
  target: Platform,
  env: NodeJS.ProcessEnv,
  cacheDir: string,
  hostTarget: string,
): Promise<Record<string, string>> {
  if (env.CC || target.target === hostTarget) return {};
  const gcc = GCC[target.target];
  if (gcc && onPath(gcc.cc, env)) return { CC: gcc.cc };
  const zig = await findZig(env);
  if (!zig) {
    const options = [
      ...(gcc ? [`Debian's ${gcc.apt} (apt-get install ${gcc.apt})`] : []),
      "zig (pip install ziglang, or zig on PATH, or TS2GO_ZIG=/path/to/zig)",
    ];
    throw new Error(
      `buildGo: building for ${target.target} needs a C compiler for ${target.target} (cgo), and none was found: ` +
        `install ${options.join(" or ")} (or pass its CC in buildGo's opts.env)`,
    );
  }
  const out: Record<string, string> = { CC: `${zig} cc -target ${ZIG_TARGET[target.target]}` };
  if (target.goos === "darwin") {
    const stubs = writeMacStubs(cacheDir);
    out.CGO_LDFLAGS = `${env.CGO_LDFLAGS ?? "-O2 -g"} -L${quote(stubs)} -F${quote(stubs)}`;
  }
  return out;
}

// Text stubs (.tbd) of what Go's runtime links on macOS beyond libSystem, which zig provides:
// internal/syscall/unix asks for -lresolv, runtime/cgo for -framework CoreFoundation on arm64.
function tbd(installName: string, symbols: string[]): string {
  return `--- !tapi-tbd
tbd-version:     4
targets:         [ x86_64-macos, arm64-macos ]
install-name:    '${installName}'
exports:
  - targets:         [ x86_64-macos, arm64-macos ]
    symbols:         [ ${symbols.join(", ")} ]
...
`;
}

const MAC_STUBS: Record<string, string> = {
  "libresolv.tbd": tbd("/usr/lib/libresolv.9.dylib", ["_res_9_nclose", "_res_9_ninit", "_res_9_nsearch"]),
  "CoreFoundation.framework/CoreFoundation.tbd": tbd(
    "/System/Library/Frameworks/CoreFoundation.framework/Versions/A/CoreFoundation",
    ["_kCFAllocatorDefault"],
  ),
};

function writeMacStubs(cacheDir: string): string {
  const dir = path.join(cacheDir, "macos-sdk-stubs");
  for (const [rel, text] of Object.entries(MAC_STUBS)) {
    const file = path.join(dir, rel);
    if (fs.existsSync(file) && fs.readFileSync(file, "utf8") === text) continue;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, file);
  }
  return dir;
}
