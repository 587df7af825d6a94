/**
 * The schema fingerprint: a 32-bit FNV-1a hash of everything both sides must agree on (each service's
 * methods and the names, types and offsets of every struct). The Go library exports it and the
 * generated TS checks it at load time.
 *
 * @example
 * ```ts
 * import { computeLayout } from "./layout.ts";
 * import { fingerprint } from "./fingerprint.ts";
 * const layout = computeLayout({ file: "s.ts", structs: [], services: [] });
 * fingerprint(layout, "Svc"); // a u32
 * ```
 * @module
 */

import type { SchemaLayout } from "./layout.ts";
import { typeToString } from "./model.ts";

/**
 * Fingerprint of one service of a schema.
 *
 * @example
 * ```ts
 * import { fingerprint } from "./fingerprint.ts";
 * import { computeLayout } from "./layout.ts";
 * fingerprint(computeLayout({ file: "s.ts", structs: [], services: [] }), "X") >>> 0;
 * ```
 */
export function fingerprint(layout: SchemaLayout, service: string): number {
  const parts: string[] = [`abi1 service ${service}`];
  // The service itself and every Host service its clients may provide.
  const services = layout.schema.services.filter((s) => s.name === service || s.host);
  for (const svc of services) {
    parts.push(`${svc.host ? "host " : ""}service ${svc.name}`);
    for (const m of svc.methods) {
      const params = m.params.map((p) => `${p.name}:${typeToString(p.type)}`).join(",");
      const result = m.result ? typeToString(m.result) : "void";
      parts.push(`${m.stream ? "stream" : m.async ? "async" : "sync"} ${m.name}(${params}) ${result}`);
    }
  }
  for (const s of layout.schema.structs) {
    const l = layout.struct(s.name);
    const fields = l.fields.map((f) => `${f.name}:${typeToString(f.type)}@${f.offset}`).join(",");
    parts.push(`struct ${s.name}/${l.size}/${l.align}{${fields}}`);
  }
  // Enum values travel as themselves, union members by their place: both sides must agree on them.
  for (const e of layout.enums) {
    parts.push(`enum ${e.name}/${e.base}{${e.members.map((m) => JSON.stringify(m.value)).join(",")}}`);
  }
  for (const u of layout.unions) parts.push(`union ${u.name}{${u.members.map((m) => m.struct).join(",")}}`);
  return fnv1a(parts.join("\n"));
}

/**
 * The 32-bit FNV-1a hash of a text's UTF-8 bytes; also names Host services and methods on the wire.
 *
 * @example
 * ```ts
 * import { fnv1a } from "./fingerprint.ts";
 * fnv1a(""); // 0x811c9dc5
 * ```
 */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    h ^= byte;
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Renders a fingerprint as `0x` and 8 hex digits. @example `hex32(255) // "0x000000ff"` */
export function hex32(n: number): string {
  return `0x${(n >>> 0).toString(16).padStart(8, "0")}`;
}
