/**
 * The TypeScript emitter: packers (validate + measure, then write) for every type reachable from
 * parameters, unpackers for every type reachable from results, and one typed client per service.
 * Offsets and sizes come from `layout.ts` only.
 *
 * @example
 * ```ts
 * import { emitTs } from "./emit_ts.ts";
 * import { computeLayout } from "./layout.ts";
 * const layout = computeLayout({ file: "schema.ts", structs: [], services: [] });
 * emitTs(layout, { runtime: "../mod.ts", schemaImport: "./schema.ts" });
 * ```
 * @module
 */

import type { SchemaLayout } from "./layout.ts";
import { alignUp, primSize } from "./layout.ts";
import type { Method, PrimName, Type } from "./model.ts";
import { typeToString } from "./model.ts";
import { fingerprint, fnv1a, hex32 } from "./fingerprint.ts";
import { typeKey, typeUsage } from "./usage.ts";

/** Where the generated file imports from. */
export interface TsEmitOptions {
  /** Specifier of ts2go's `mod.ts` as seen from the generated file. */
  runtime: string;
  /** Specifier of the schema file as seen from the generated file. */
  schemaImport: string;
}

const DATAVIEW: Record<PrimName, string> = {
  u8: "Uint8",
  u16: "Uint16",
  u32: "Uint32",
  u64: "BigUint64",
  usize: "BigUint64",
  i8: "Int8",
  i16: "Int16",
  i32: "Int32",
  i64: "BigInt64",
  isize: "BigInt64",
  f32: "Float32",
  f64: "Float64",
  bool: "Uint8",
};

/** `let` when the measuring statements add to the heap counter, else `const`. */
const letOrConst = (statements: string): string => (statements.includes("n +=") ? "let" : "const");

const at = (base: string, offset: number): string => (offset === 0 ? base : `${base} + ${offset}`);

/** TS code fragments for one type, given the layout. */
class TsTypeCode {
  constructor(private readonly layout: SchemaLayout) {}

  /** A statement that validates `x` and adds its heap bytes to `n`. */
  measure(t: Type, x: string, n = "n"): string {
    switch (t.kind) {
      case "prim":
        return `rt.check${t.name === "bool" ? "Bool" : t.name[0].toUpperCase() + t.name.slice(1)}(${x});`;
      case "string":
        return `${n} += rt.measureString(${x});`;
      case "typed":
        return `rt.checkTyped(${x}, ${t.name});`;
      case "struct":
      case "list":
      case "optional":
      case "map":
        return `${n} += measure${typeKey(t)}(${x});`;
    }
  }

  /** A statement that writes `x`'s Ref at byte offset `pos` of writer `w`. */
  write(t: Type, pos: string, x: string, w = "w"): string {
    switch (t.kind) {
      case "prim": {
        const little = primSize(t.name) > 1 ? ", true" : "";
        const value = t.name === "bool" ? `${x} ? 1 : 0` : x;
        return `${w}.dv.set${DATAVIEW[t.name]}(${pos}, ${value}${little});`;
      }
      case "string":
        return `rt.putString(${w}, ${pos}, ${x});`;
      case "typed":
        return `rt.putTyped(${w}, ${pos}, ${x});`;
      default:
        return `write${typeKey(t)}(${w}, ${pos}, ${x});`;
    }
  }

  /** An expression that reads a value whose Ref is at byte `pos` of reader `r`. */
  read(t: Type, pos: string): string {
    switch (t.kind) {
      case "prim": {
        const little = primSize(t.name) > 1 ? ", true" : "";
        const get = `r.dv.get${DATAVIEW[t.name]}(${pos}${little})`;
        return t.name === "bool" ? `${get} !== 0` : get;
      }
      case "string":
        return `rt.readString(r, ${pos})`;
      case "typed":
        return `rt.readTyped(r, ${pos}, ${t.name})`;
      default:
        return `read${typeKey(t)}(r, ${pos})`;
    }
  }

  /** Packer functions (measure + write) for a struct, list, optional or map type. */
  packers(t: Type): string[] {
    const key = typeKey(t);
    const ts = typeToString(t);
    switch (t.kind) {
      case "struct": {
        const l = this.layout.struct(t.name);
        const checks = l.fields.map((f, i) =>
          `${i === 0 ? "" : `f = ${JSON.stringify(f.name)};\n    `}${this.measure(f.type, `v.${f.name}`)}`
        );
        return [
          `function measure${key}(v: ${ts}): number {
  rt.checkObject(v, ${JSON.stringify(t.name)});
  ${letOrConst(checks.join("\n"))} n = 0;
  let f = ${JSON.stringify(l.fields[0]?.name ?? "")};
  try {
    ${checks.join("\n    ")}
  } catch (e) {
    throw rt.atField(e, f);
  }
  return n;
}`,
          `function write${key}(w: rt.ArgWriter, at: number, v: ${ts}): void {
${l.fields.map((f) => `  ${this.write(f.type, at("at", f.offset), `v.${f.name}`)}`).join("\n")}
}`,
        ];
      }
      case "list": {
        const stride = this.layout.stride(t.elem);
        return [
          `function measure${key}(v: ${ts}): number {
  const len = rt.checkArray(v, ${JSON.stringify(ts)});
  ${letOrConst(this.measure(t.elem, "v[i]"))} n = rt.round8(len * ${stride});
  let i = 0;
  try {
    for (; i < len; i++) {
      ${this.measure(t.elem, "v[i]")}
    }
  } catch (e) {
    throw rt.atIndex(e, i);
  }
  return n;
}`,
          `function write${key}(w: rt.ArgWriter, at: number, v: ${ts}): void {
  const len = v.length;
  const off = rt.alloc(w, len * ${stride});
  for (let i = 0; i < len; i++) {
    ${this.write(t.elem, `off + i * ${stride}`, "v[i]")}
  }
  rt.putRef(w, at, off, len);
}`,
        ];
      }
      case "optional": {
        const size = this.layout.type(t.inner).size;
        return [
          `function measure${key}(v: ${ts}): number {
  if (v === undefined) return 0;
  ${letOrConst(this.measure(t.inner, "v"))} n = ${alignUp(size, 8)};
  ${this.measure(t.inner, "v")}
  return n;
}`,
          `function write${key}(w: rt.ArgWriter, at: number, v: ${ts}): void {
  if (v === undefined) {
    rt.putOptional(w, at, -1);
    return;
  }
  const off = rt.alloc(w, ${size});
  ${this.write(t.inner, "off", "v")}
  rt.putOptional(w, at, off);
}`,
        ];
      }
      case "map": {
        const entry = this.layout.mapEntry(t);
        const stride = entry.size;
        const valueAt = entry.fields[1].offset;
        return [
          `function measure${key}(v: ${ts}): number {
  rt.checkMap(v, ${JSON.stringify(ts)});
  ${letOrConst(this.measure(t.key, "k") + this.measure(t.value, "x"))} n = rt.round8(v.size * ${stride});
  let key: unknown;
  try {
    for (const [k, x] of v) {
      key = k;
      ${this.measure(t.key, "k")}
      ${this.measure(t.value, "x")}
    }
  } catch (e) {
    throw rt.atKey(e, key);
  }
  return n;
}`,
          `function write${key}(w: rt.ArgWriter, at: number, v: ${ts}): void {
  const len = v.size;
  const off = rt.alloc(w, len * ${stride});
  let e = off;
  for (const [k, x] of v) {
    ${this.write(t.key, "e", "k")}
    ${this.write(t.value, at("e", valueAt), "x")}
    e += ${stride};
  }
  rt.putRef(w, at, off, len);
}`,
        ];
      }
      default:
        return [];
    }
  }

  /** The unpacker function for a struct, list, optional or map type. */
  reader(t: Type): string | null {
    const key = typeKey(t);
    const ts = typeToString(t);
    switch (t.kind) {
      case "struct": {
        const l = this.layout.struct(t.name);
        const fields = this.layout.schema.structs.find((s) => s.name === t.name)!.fields;
        const plain = l.fields.filter((_, i) => !fields[i].mayBeMissing);
        const optional = l.fields.filter((_, i) => fields[i].mayBeMissing);
        const lines = [
          `  const v: ${ts} = {`,
          ...plain.map((f) => `    ${f.name}: ${this.read(f.type, at("at", f.offset))},`),
          `  };`,
          // Absent `f?: T` fields are left out, so `{}` round-trips to `{}`.
          ...optional.flatMap((f) => [
            `  const $${f.name} = ${this.read(f.type, at("at", f.offset))};`,
            `  if ($${f.name} !== undefined) v.${f.name} = $${f.name};`,
          ]),
        ];
        return `function read${key}(r: rt.ResultReader, at: number): ${ts} {
${lines.join("\n")}
  return v;
}`;
      }
      case "list": {
        const stride = this.layout.stride(t.elem);
        return `function read${key}(r: rt.ResultReader, at: number): ${ts} {
  const len = rt.refLen(r, at);
  const p = rt.refAt(r, at);
  const out: ${ts} = new Array(len);
  for (let i = 0; i < len; i++) out[i] = ${this.read(t.elem, `p + i * ${stride}`)};
  return out;
}`;
      }
      case "optional":
        return `function read${key}(r: rt.ResultReader, at: number): ${ts} {
  return rt.isPresent(r, at) ? ${this.read(t.inner, "rt.refAt(r, at)")} : undefined;
}`;
      case "map": {
        const entry = this.layout.mapEntry(t);
        return `function read${key}(r: rt.ResultReader, at: number): ${ts} {
  const len = rt.refLen(r, at);
  const p = rt.refAt(r, at);
  const out: ${ts} = new Map();
  for (let i = 0; i < len; i++) {
    const e = p + i * ${entry.size};
    out.set(${this.read(t.key, "e")}, ${this.read(t.value, at("e", entry.fields[1].offset))});
  }
  return out;
}`;
      }
      default:
        return null;
    }
  }
}

/** Adds the scalar aliases (`u8`, `usize`…) that `typeToString(t)` mentions. */
function aliasesIn(t: Type, into: Set<string>): void {
  if (t.kind === "prim" && t.name !== "bool" && t.name !== "f64") into.add(t.name);
  if (t.kind === "list") aliasesIn(t.elem, into);
  if (t.kind === "optional") aliasesIn(t.inner, into);
  if (t.kind === "map") {
    aliasesIn(t.key, into);
    aliasesIn(t.value, into);
  }
}

/**
 * Emits the generated TypeScript module for a schema.
 *
 * @example
 * ```ts
 * import { emitTs } from "./emit_ts.ts";
 * import { computeLayout } from "./layout.ts";
 * const src = emitTs(computeLayout({ file: "s.ts", structs: [], services: [] }), { runtime: "../mod.ts", schemaImport: "./s.ts" });
 * src.startsWith("// Code generated by ts2go"); // true
 * ```
 */
export function emitTs(layout: SchemaLayout, opts: TsEmitOptions): string {
  const schema = layout.schema;
  const code = new TsTypeCode(layout);
  const usage = typeUsage(schema);
  const file = schema.file.split(/[\\/]/).pop();
  const out: string[] = [`// Code generated by ts2go from ${file}. DO NOT EDIT.`, ""];

  // Scalar aliases appear in annotations of list/optional/map helpers and of client methods.
  const aliases = new Set<string>();
  const annotated: Type[] = [...usage.input.values(), ...usage.output.values()]
    .filter((t) => t.kind === "list" || t.kind === "optional" || t.kind === "map");
  for (const s of schema.services) {
    for (const m of s.methods) annotated.push(...m.params.map((p) => p.type), ...(m.result ? [m.result] : []));
  }
  for (const t of annotated) aliasesIn(t, aliases);
  const schemaTypes = [
    // Go services get their own client interface; Host services are implemented against the schema's.
    ...schema.services.filter((s) => s.host).map((s) => s.name),
    ...schema.structs.filter((s) => usage.input.has(s.name) || usage.output.has(s.name)).map((s) => s.name),
  ];
  out.push(`import { runtime as rt } from ${JSON.stringify(opts.runtime)};`);
  if (aliases.size > 0) out.push(`import type { ${[...aliases].sort().join(", ")} } from ${JSON.stringify(opts.runtime)};`);
  out.push(`import type { ${schemaTypes.join(", ")} } from ${JSON.stringify(opts.schemaImport)};`, "");

  for (const t of [...usage.input.values()].reverse()) out.push(...code.packers(t).map((f) => f + "\n"));
  for (const t of [...usage.output.values()].reverse()) {
    const r = code.reader(t);
    if (r) out.push(r + "\n");
  }
  out.push(...leafPackers(layout, code));
  for (const s of schema.services) if (!s.host) out.push(...emitClient(layout, code, s.name));
  return out.join("\n").replace(/\n+$/, "\n");
}

function emitClient(layout: SchemaLayout, code: TsTypeCode, service: string): string[] {
  const svc = layout.schema.services.find((s) => s.name === service)!;
  const hosts = layout.schema.services.filter((s) => s.host);
  const out: string[] = [
    `/** Fingerprint of the ${service} schema; the Go library must export the same. */`,
    `const ${service.toUpperCase()}_FINGERPRINT = ${hex32(fingerprint(layout, service))};`,
    "",
  ];
  for (const m of svc.methods) {
    if (!m.result) continue;
    out.push(
      `const result${service}_${m.name} = (r: rt.ResultReader): ${typeToString(m.result)} => ${code.read(m.result, "r.base")};`,
    );
  }
  out.push(
    "",
    `/**`,
    ` * A loaded ${service} client: the schema's methods (async ones take an optional last argument`,
    ` * \`{ signal }\` to abort them), plus \`close()\` and \`using\` support.`,
    ` */`,
    `export interface ${service}Client extends Disposable {`,
    ...svc.methods.map((m) => `  ${signature(m)};`),
    ...hosts.flatMap((h) => [
      `  /** Serves Go's calls to the TypeScript service ${h.name} with \`impl\`. */`,
      `  provide${h.name}(impl: ${h.name}): void;`,
    ]),
    `  /** Rejects calls in flight with ClientClosedError; later calls fail. Idempotent. */`,
    `  close(): void;`,
    `}`,
    "",
    `/**`,
    ` * Loads the Go library at \`path\` (from \`buildGo\`) and returns a ${service} client.`,
    ` * @example \`using api = load${service}(await buildGo("./go"));\``,
    ` */`,
    `export function load${service}(path: string): ${service}Client {`,
    `  const $c = rt.Connection.open(path, ${JSON.stringify(service)}, ${service.toUpperCase()}_FINGERPRINT, {`,
    ...svc.methods.map((m) => `    ${m.name}: ${JSON.stringify(m.stream ? "stream" : m.async ? "async" : "sync")},`),
    `  });`,
    ...svc.methods.map((m) => `  const $${m.name} = $c.native(${JSON.stringify(m.name)});`),
    `  return {`,
  );
  for (const m of svc.methods) out.push(...emitMethod(layout, code, service, m.name));
  for (const h of hosts) out.push(...emitProvide(layout, code, h.name));
  out.push(`    close: () => $c.close(),`, `    [Symbol.dispose]: () => $c.close(),`, `  };`, `}`, "");
  return out;
}

function emitProvide(layout: SchemaLayout, code: TsTypeCode, service: string): string[] {
  const svc = layout.schema.services.find((s) => s.name === service)!;
  const out = [`    provide${service}(impl: ${service}): void {`, `      $c.provide(${hex32(fnv1a(service))}, {`];
  for (const m of svc.methods) {
    const args = layout.method(service, m.name).args;
    const reads = args.fields.map((f) => code.read(f.type, at("r.base", f.offset)));
    out.push(
      `        [${hex32(fnv1a(`${service}.${m.name}`))}]: {`,
      `          invoke: (${reads.length > 0 ? "r" : ""}) => impl.${m.name}(${reads.join(", ")}),`,
      `          result: ${m.result ? packer(layout, m.result) : "null"},`,
      `        },`,
    );
  }
  out.push(`      });`, `    },`);
  return out;
}

/** A `rt.ResultPacker` for a Host method's result type: a literal, or a `pack…` constant for scalars. */
function packer(layout: SchemaLayout, t: Type): string {
  if (isLeaf(t)) return `pack${typeKey(t)}`;
  return `{ size: ${layout.type(t).size}, measure: measure${typeKey(t)}, write: write${typeKey(t)} }`;
}

/** Scalars, strings and typed arrays have no packer functions of their own. */
const isLeaf = (t: Type): boolean => t.kind === "prim" || t.kind === "string" || t.kind === "typed";

/** `pack…` constants for the leaf result types of Host methods. */
function leafPackers(layout: SchemaLayout, code: TsTypeCode): string[] {
  const leaves = new Map<string, Type>();
  for (const s of layout.schema.services) {
    for (const m of s.methods) if (s.host && m.result && isLeaf(m.result)) leaves.set(typeKey(m.result), m.result);
  }
  return [...leaves].map(([key, t]) => {
    const measure = code.measure(t, "v");
    const measureFn = measure.startsWith("n += ") ? measure.slice(5, -1) : `{\n    ${measure}\n    return 0;\n  }`;
    return `const pack${key}: rt.ResultPacker<${typeToString(t)}> = {
  size: ${layout.type(t).size},
  measure: (v) => ${measureFn},
  write: (w, at, v) => ${code.write(t, "at", "v").slice(0, -1)},
};
`;
  });
}

/** The name of an async method's options parameter: `options`, unless a schema parameter has it. */
function optionsName(m: Method): string {
  return m.params.some((p) => p.name === "options") ? "$options" : "options";
}

/** A client method's signature, e.g. `add(a: u32, options?: rt.CallOptions): Promise<u32>`. */
function signature(m: Method): string {
  const params = m.params.map((p) =>
    p.mayBeMissing && p.type.kind === "optional"
      ? `${p.name}?: ${typeToString(p.type.inner)}`
      : `${p.name}: ${typeToString(p.type)}`
  );
  if (m.async) params.push(`${optionsName(m)}?: rt.${m.stream ? "StreamOptions" : "CallOptions"}`);
  const result = m.result ? typeToString(m.result) : "void";
  const ret = m.stream ? `AsyncIterable<${result}>` : m.async ? `Promise<${result}>` : result;
  return `${m.name}(${params.join(", ")}): ${ret}`;
}

function emitMethod(layout: SchemaLayout, code: TsTypeCode, service: string, name: string): string[] {
  const ml = layout.method(service, name);
  const m = ml.method;
  const decode = m.result ? `result${service}_${m.name}` : "rt.noResult";
  const call = m.stream ? "callStream" : m.async ? "callAsync" : "callSync";
  // Async methods report every failure through their Promise; sync and stream methods throw.
  const rejects = m.async && !m.stream;
  const fail = (e: string) => (rejects ? `return Promise.reject(${e});` : `throw ${e};`);
  const body: string[] = [];
  if (m.params.length > 0) {
    const measures = m.params.map((p) => code.measure(p.type, p.name, "$n"));
    const several = m.params.length > 1;
    body.push(`${letOrConst(measures.join("\n"))} $n = 0;`);
    body.push(`${several ? "let" : "const"} $p = ${JSON.stringify(m.params[0].name)};`, `try {`);
    m.params.forEach((p, i) => {
      if (i > 0) body.push(`  $p = ${JSON.stringify(p.name)};`);
      body.push(`  ${measures[i]}`);
    });
    body.push(`} catch (e) {`, `  ${fail("rt.atParam(e, $p)")}`, `}`);
  } else {
    body.push(`const $n = 0;`);
  }
  const size = ml.args.size;
  const total = `${alignUp(size, 8)} + $n`;
  if (rejects) {
    body.push(`let $w: rt.ArgWriter;`, `try {`, `  $w = $c.asyncArgsWriter(${size}, ${total});`);
    body.push(`} catch (e) {`, `  ${fail("e")}`, `}`);
  } else if (m.stream) {
    body.push(`const $w = $c.asyncArgsWriter(${size}, ${total});`);
  } else {
    body.push(`const $w = $c.syncArgsWriter(${size}, ${total});`);
  }
  for (const f of ml.args.fields) body.push(code.write(f.type, String(f.offset), f.name, "$w"));
  const options = m.async ? `, ${optionsName(m)}` : "";
  body.push(`return $c.${call}($${m.name}, $w, ${decode}${options});`);
  return [`    ${signature(m)} {`, ...body.map((l) => `      ${l}`), `    },`];
}
