/**
 * The name someone probably meant: {@link nearest} suggests a field for a misspelled key (strict
 * mode's "did you mean").
 *
 * @example
 * ```ts
 * import { nearest } from "./nearest.ts";
 * nearest("ttlMs", new Set(["ttl_ms", "name"])); // "ttl_ms"
 * nearest("agee", new Set(["id", "age"])); // "age"
 * nearest("radius", new Set(["kind", "r"])); // undefined
 * ```
 * @module
 */

/** Edits (insert, delete, replace) between `a` and `b`. */
function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    row = next;
  }
  return row[b.length]!;
}

/**
 * The field `key` was probably meant to be: the same but for case and underscores (`ttlMs` →
 * `ttl_ms`), else the closest within a third of its length in edits (`agee` → `age`), else none.
 */
export function nearest(key: string, fields: ReadonlySet<string>): string | undefined {
  const loose = (s: string) => s.toLowerCase().replaceAll("_", "");
  const same = [...fields].find((f) => loose(f) === loose(key));
  if (same !== undefined) return same;
  let best: string | undefined;
  let bestEdits = Math.max(1, Math.floor(loose(key).length / 3)) + 1;
  for (const f of fields) {
    const edits = editDistance(loose(f), loose(key));
    if (edits < bestEdits) [best, bestEdits] = [f, edits];
  }
  return best;
}
