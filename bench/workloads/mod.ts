/**
 * The workloads of docs/BENCHMARKS.md in the order the suite runs them (`--only` picks by id).
 *
 * @example
 * ```ts
 * import { workloads } from "./mod.ts";
 * workloads().map((w) => w.id); // ["w1", "w2", "w3", "w4", "w6"]
 * ```
 * @module
 */

import { echo } from "./echo.ts";
import { marshalling } from "./marshalling.ts";
import { memory } from "./memory.ts";
import { ping } from "./ping.ts";
import { seed } from "./seed.ts";
import type { Workload } from "./workload.ts";

export type { Bench, Workload } from "./workload.ts";
export { memoryFigures } from "./memory.ts";

/** Every workload, fresh (w1 and w2 keep what their first runs measured). @example `workloads()[0].id // "w1"` */
export function workloads(): Workload[] {
  return [seed(), echo(), ping, marshalling, memory];
}
