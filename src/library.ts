/**
 * Opening a ts2go library for one service: checks that the file exists, that it is a ts2go library
 * of this ABI, and that it was built from the same schema (fingerprint), then binds every symbol.
 *
 * @example
 * ```ts
 * import { openServiceLibrary } from "./library.ts";
 * const lib = openServiceLibrary("./lib.so", "TestCall", 0x1234abcd, { ping: "sync" });
 * ```
 * @module
 */

import { existsSync } from "node:fs";
import { backend, boundFunction, type NativeLibrary, type NativeSignature, type RuntimeSymbol } from "./backend.ts";
import { LibraryError } from "./errors.ts";
import { deniedByDeno } from "./permissions.ts";
import { unloadableReason } from "./platform.ts";
import { ABI_VERSION } from "./protocol.ts";

/** How each method of a service is called. */
export type MethodKinds = Record<string, "sync" | "async" | "stream">;

// Typed by RuntimeSymbol: a name missing here, or bound here but unknown to NativeLibrary, fails to compile.
const RUNTIME_SYMBOLS: Record<RuntimeSymbol, NativeSignature> = {
  ts2go_abi_version: { parameters: [], result: "u32" },
  ts2go_waker_open: { parameters: ["u32", "pointer"], result: "u32" },
  ts2go_waker_waiter: { parameters: ["u32"], result: "pointer" },
  ts2go_waker_close: { parameters: ["u32"], result: "void" },
  ts2go_waker_hold: { parameters: ["u32", "u32"], result: "u32" },
  ts2go_ready: { parameters: ["pointer"], result: "u32" },
  ts2go_host_open: { parameters: ["u32"], result: "u32" },
  ts2go_alloc: { parameters: ["u32", "u32"], result: "f64" },
  ts2go_free: { parameters: ["u32", "f64"], result: "void" },
  ts2go_host_close: { parameters: ["u32"], result: "void" },
  ts2go_drain: { parameters: ["u32", "buffer", "u32"], result: "u32" },
  ts2go_take: { parameters: ["u32", "buffer", "u32"], result: "u32" },
  ts2go_fix_signals: { parameters: [], result: "void" },
  ts2go_cancel: { parameters: ["u32", "u32"], result: "void" },
  ts2go_host_provide: { parameters: ["u32", "u32"], result: "void" },
  ts2go_host_reply: { parameters: ["u32", "u32", "u32", "buffer"], result: "void" },
  ts2go_stream_ack: { parameters: ["u32", "u32", "u32"], result: "void" },
  ts2go_address: { parameters: ["buffer"], result: "f64" },
  ts2go_submit: { parameters: ["u32", "buffer", "u32"], result: "void" },
};

const SYNC_SIGNATURE: NativeSignature = { parameters: ["u32", "buffer", "buffer", "u32"], result: "void" };
function openOrExplain(
  path: string,
  symbols: Record<string, NativeSignature>,
  explain: string,
): NativeLibrary {
  try {
    return backend.open(path, symbols);
  } catch (e) {
    if (deniedByDeno(e)) throw e; // its message names the missing --allow-ffi
    throw new LibraryError(`${explain} (${(e as Error).message})`);
  }
}

function hex(n: number): string {
  return `0x${(n >>> 0).toString(16).padStart(8, "0")}`;
}

/**
 * Opens `path` for `service` and returns its bound native functions (runtime exports and
 * `ts2go_<service>_<method>` for each method); throws {@link LibraryError} saying what is wrong.
 *
 * @example
 * ```ts
 * import { openServiceLibrary } from "./library.ts";
 * openServiceLibrary("/nonexistent.so", "S", 0, {}); // throws LibraryError: library not found
 * ```
 */
export function openServiceLibrary(
  path: string,
  service: string,
  fingerprint: number,
  methods: MethodKinds,
): NativeLibrary {
  if (!existsSync(path)) throw new LibraryError(`library not found: ${path} (build it with buildGo)`);
  const unloadable = unloadableReason(path);
  if (unloadable) throw new LibraryError(unloadable);
  const runtime = openOrExplain(
    path,
    RUNTIME_SYMBOLS,
    `${path} is not a ts2go library: it lacks the ts2go runtime exports`,
  );
  const abi = runtime.ts2go_abi_version() as number;
  if (abi !== ABI_VERSION) {
    throw new LibraryError(
      `${path} was built with ts2go ABI ${abi}, this runtime speaks ABI ${ABI_VERSION}: re-run gen and rebuild`,
    );
  }
  const fpSymbol = `ts2go_fingerprint_${service}`;
  const fp = openOrExplain(
    path,
    { [fpSymbol]: { parameters: [], result: "u32" } },
    `${path} has no service ${service}: generate its Go code from the schema and rebuild`,
  );
  const built = (boundFunction(fp, fpSymbol)() as number) >>> 0;
  if (built !== fingerprint >>> 0) {
    throw new LibraryError(
      `${path} was built from a different schema for ${service}: library fingerprint ${hex(built)}, ` +
        `generated TS fingerprint ${hex(fingerprint)}. Re-run gen and rebuild the library.`,
    );
  }
  const symbols: Record<string, NativeSignature> = { ...RUNTIME_SYMBOLS, ...backend.wakerSymbols };
  for (const [name, kind] of Object.entries(methods)) {
    // Async and stream methods are started through ts2go_submit, by wire code.
    if (kind === "sync") symbols[`ts2go_${service}_${name}`] = SYNC_SIGNATURE;
  }
  return openOrExplain(path, symbols, `${path} lacks methods of ${service}: rebuild it`);
}
