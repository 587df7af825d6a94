/**
 * Deno's permission errors. Deno refuses an operation the process lacks a permission for with
 * `NotCapable` (`PermissionDenied` before Deno 2), whose one-line message names the flag to add:
 * `Requires run access to "go", run again with the --allow-run flag`. ts2go lets these through
 * unchanged rather than report them as something else (a failed `go env`, a library that is not
 * ts2go's), so that the user sees which flag is missing.
 *
 * @example
 * ```ts
 * import { deniedByDeno } from "./permissions.ts";
 * try { Deno.dlopen("lib.so", {}); } catch (e) { if (deniedByDeno(e)) throw e; }
 * ```
 * @module
 */

/**
 * Whether `e` is Deno refusing a permission (`--allow-read`, `-write`, `-env`, `-run` or `-ffi`).
 *
 * @example
 * ```ts
 * import { deniedByDeno } from "./permissions.ts";
 * deniedByDeno(new Error("boom")); // false
 * ```
 */
export function deniedByDeno(e: unknown): boolean {
  return e instanceof Error && (e.name === "NotCapable" || e.name === "PermissionDenied");
}
