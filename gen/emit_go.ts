/**
 * The Go emitter: Go types, C-layout Ref types (with compile-time checks against `layout.ts`),
 * decoders for types reachable from parameters, encoders for types reachable from results, one Go
 * interface plus `Register…` per service, and the `//export` glue. The output is run through gofmt.
 *
 * @example
 * ```ts
 * import { emitGo } from "./emit_go.ts";
 * import { computeLayout } from "./layout.ts";
 * emitGo(computeLayout({ file: "schema.ts", structs: [], services: [] }));
 * ```
 * @module
 */

import type { SchemaLayout } from "./layout.ts";
import type { Method, PrimName, Type } from "./model.ts";
import { TYPED_ARRAY_ELEM } from "./model.ts";
import { fingerprint, fnv1a, hex32 } from "./fingerprint.ts";
import { goName } from "./names.ts";
import { typeUsage } from "./usage.ts";

const GO_PRIM: Record<PrimName, string> = {
  u8: "uint8",
  u16: "uint16",
  u32: "uint32",
  u64: "uint64",
  usize: "uint",
  i8: "int8",
  i16: "int16",
  i32: "int32",
  i64: "int64",
  isize: "int",
  f32: "float32",
  f64: "float64",
  bool: "bool",
};

const PUT_PRIM: Record<PrimName, [method: string, conv: string]> = {
  u8: ["putU8", ""],
  u16: ["putU16", ""],
  u32: ["putU32", ""],
  u64: ["putU64", ""],
  usize: ["putU64", "uint64"],
  i8: ["putU8", "uint8"],
  i16: ["putU16", "uint16"],
  i32: ["putU32", "uint32"],
  i64: ["putU64", "uint64"],
  isize: ["putU64", "uint64"],
  f32: ["putF32", ""],
  f64: ["putF64", ""],
  bool: ["putBool", ""],
};

/** Element type of a typed array in Go; `Uint8Array` is `[]byte`, as Go users expect. */
const typedElem = (name: keyof typeof TYPED_ARRAY_ELEM): string => name === "Uint8Array" ? "byte" : GO_PRIM[TYPED_ARRAY_ELEM[name]];

const plus = (base: string, offset: number): string => (offset === 0 ? base : `${base}+${offset}`);

/** Whether a type is stored by Go exactly as in its Ref (scalars), so slices of it are zero-copy. */
const isScalar = (t: Type): t is Extract<Type, { kind: "prim" }> => t.kind === "prim";

/** Go code fragments for one type, given the layout. */
class GoTypeCode {
  constructor(private readonly layout: SchemaLayout) {}

  /** The Go type users see. */
  goType(t: Type): string {
    switch (t.kind) {
      case "prim":
        return GO_PRIM[t.name];
      case "string":
        return "string";
      case "typed":
        return `[]${typedElem(t.name)}`;
      case "list":
        return `[]${this.goType(t.elem)}`;
      case "struct":
        return t.name;
      case "optional":
        return `*${this.goType(t.inner)}`;
      case "map":
        return `map[${this.goType(t.key)}]${this.goType(t.value)}`;
    }
  }

  /** The Go type of a Ref field. */
  refType(t: Type): string {
    switch (t.kind) {
      case "prim":
        return GO_PRIM[t.name];
      case "struct":
        return `${t.name}Ref`;
      case "optional":
        return "unsafe.Pointer";
      default:
        return "ts2goSlice";
    }
  }

  /** An expression decoding the Ref expression `r` (addressable) into a Go value. */
  decode(t: Type, r: string): string {
    switch (t.kind) {
      case "prim":
        return r;
      case "string":
        return `ts2goString(${r})`;
      case "typed":
        return `ts2goView[${typedElem(t.name)}](${r})`;
      case "list":
        return isScalar(t.elem)
          ? `ts2goView[${GO_PRIM[t.elem.name]}](${r})`
          : `ts2goDecodeList(${r}, ${this.decodeFunc(t.elem)})`;
      case "struct":
        return `ts2goDecode${t.name}(&${r})`;
      case "optional":
        return `ts2goDecodeOptional(${r}, ${this.decodeFunc(t.inner)})`;
      case "map":
        return `ts2goDecodeMap(${r}, ${this.decodeFunc(t.key)}, ${this.decodeFunc(t.value)})`;
    }
  }

  /** A `func(*Ref) T` value decoding one element. */
  decodeFunc(t: Type): string {
    if (t.kind === "struct") return `ts2goDecode${t.name}`;
    return `func(r *${this.refType(t)}) ${this.goType(t)} { return ${this.decode(t, "(*r)")} }`;
  }

  /** Whether values of `t` write anything after their Ref. */
  hasHeap(t: Type): boolean {
    if (t.kind === "prim") return false;
    if (t.kind === "struct") return this.layout.struct(t.name).fields.some((f) => this.hasHeap(f.type));
    return true;
  }

  /** An expression: the heap bytes of the Go value `v`. Only called when hasHeap(t). */
  heap(t: Type, v: string): string {
    switch (t.kind) {
      case "prim":
        return "0";
      case "string":
        return `ts2goHeapString(${v})`;
      case "typed":
        return `ts2goHeapRaw(${v})`;
      case "list":
        return isScalar(t.elem)
          ? `ts2goHeapRaw(${v})`
          : `ts2goHeapList(${v}, ${this.layout.stride(t.elem)}, ${this.heapFunc(t.elem)})`;
      case "struct":
        return `ts2goHeap${t.name}(&${v})`;
      case "optional":
        return `ts2goHeapOptional(${v}, ${this.layout.type(t.inner).size}, ${this.heapFunc(t.inner)})`;
      case "map": {
        const stride = this.layout.mapEntry(t).size;
        const parts = [this.hasHeap(t.key) ? this.heap(t.key, "*k") : "", this.hasHeap(t.value) ? this.heap(t.value, "*v") : ""]
          .filter((p) => p);
        const fn = parts.length === 0
          ? "nil"
          : `func(k *${this.goType(t.key)}, v *${this.goType(t.value)}) int { return ${parts.join(" + ")} }`;
        return `ts2goHeapMap(${v}, ${stride}, ${fn})`;
      }
    }
  }

  /** A `func(*T) int` value (or nil) giving an element's heap bytes. */
  heapFunc(t: Type): string {
    if (!this.hasHeap(t)) return "nil";
    if (t.kind === "struct") return `ts2goHeap${t.name}`;
    return `func(v *${this.goType(t)}) int { return ${this.heap(t, "*v")} }`;
  }

  /** A statement writing the Go value `v` as a Ref at byte `at` of writer `w`. */
  put(t: Type, at: string, v: string): string {
    switch (t.kind) {
      case "prim": {
        const [method, conv] = PUT_PRIM[t.name];
        return `w.${method}(${at}, ${conv ? `${conv}(${v})` : v})`;
      }
      case "string":
        return `w.putString(${at}, ${v})`;
      case "typed":
        return `ts2goPutRaw(w, ${at}, ${v})`;
      case "list":
        return isScalar(t.elem)
          ? `ts2goPutRaw(w, ${at}, ${v})`
          : `ts2goPutList(w, ${at}, ${v}, ${this.layout.stride(t.elem)}, ${this.putFunc(t.elem)})`;
      case "struct":
        return `ts2goPut${t.name}(w, ${at}, &${v})`;
      case "optional":
        return `ts2goPutOptional(w, ${at}, ${v}, ${this.layout.type(t.inner).size}, ${this.putFunc(t.inner)})`;
      case "map": {
        const entry = this.layout.mapEntry(t);
        const fn = `func(w *ts2goWriter, at int, k *${this.goType(t.key)}, v *${this.goType(t.value)}) {
\t${this.put(t.key, "at", "*k")}
\t${this.put(t.value, plus("at", entry.fields[1].offset), "*v")}
}`;
        return `ts2goPutMap(w, ${at}, ${v}, ${entry.size}, ${fn})`;
      }
    }
  }

  /** A `func(*ts2goWriter, int, *T)` value writing one element. */
  putFunc(t: Type): string {
    if (t.kind === "struct") return `ts2goPut${t.name}`;
    return `func(w *ts2goWriter, at int, v *${this.goType(t)}) { ${this.put(t, "at", "*v")} }`;
  }

  /** Whether a decoded value of `t` still points into JS memory (so a Host result must be copied). */
  needsClone(t: Type): boolean {
    switch (t.kind) {
      case "prim":
        return false;
      case "list":
        return isScalar(t.elem) || this.needsClone(t.elem);
      case "struct":
        return this.layout.struct(t.name).fields.some((f) => this.needsClone(f.type));
      case "optional":
        return this.needsClone(t.inner);
      case "map":
        return this.needsClone(t.key) || this.needsClone(t.value);
      default:
        return true;
    }
  }

  /** Statements that copy the decoded value at `v` (addressable) into Go memory, in place. */
  clone(t: Type, v: string, depth = 0): string[] {
    if (!this.needsClone(t)) return [];
    switch (t.kind) {
      case "string":
        return [`${v} = strings.Clone(${v})`];
      case "typed":
        return [`${v} = slices.Clone(${v})`];
      case "list": {
        if (isScalar(t.elem)) return [`${v} = slices.Clone(${v})`];
        const i = `i${depth}`;
        return [`for ${i} := range ${v} {`, ...this.clone(t.elem, `${v}[${i}]`, depth + 1), "}"];
      }
      case "struct":
        return [`ts2goClone${t.name}(&${v})`];
      case "optional":
        return [`if ${v} != nil {`, ...this.clone(t.inner, `(*${v})`, depth), "}"];
      case "map": {
        const fn = (u: Type, name: string) => {
          const body = this.clone(u, name, depth + 1);
          return body.length === 0
            ? `func(${name} ${this.goType(u)}) ${this.goType(u)} { return ${name} }`
            : `func(${name} ${this.goType(u)}) ${this.goType(u)} {\n${body.join("\n")}\nreturn ${name}\n}`;
        };
        return [`${v} = ts2goCloneMap(${v}, ${fn(t.key, "k")}, ${fn(t.value, "v")})`];
      }
      default:
        return [];
    }
  }

  /** A payload literal for a result value `v`. */
  payload(t: Type, v: string): string {
    const root = this.layout.type(t).size;
    const heap = this.hasHeap(t) ? this.heap(t, v) : "0";
    return `ts2goPayload{root: ${root}, heap: ${heap}, put: func(w *ts2goWriter) {\n${this.put(t, "0", v)}\n}}`;
  }
}

function emitStructs(layout: SchemaLayout, code: GoTypeCode, out: string[]): void {
  const usage = typeUsage(layout.schema);
  for (const s of layout.schema.structs) {
    out.push(`// ${s.name} is the Go form of the schema's ${s.name}.`, `type ${s.name} struct {`);
    for (const f of s.fields) out.push(`${goName(f.name)} ${code.goType(f.type)}`);
    out.push("}", "");
  }
  for (const s of layout.schema.structs) {
    if (!usage.input.has(s.name)) continue;
    const l = layout.struct(s.name);
    out.push(`// ${s.name}Ref is the C layout of ${s.name} as JS writes it (${l.size} bytes).`, `type ${s.name}Ref struct {`);
    for (const f of l.fields) out.push(`${goName(f.name)} ${code.refType(f.type)}`);
    out.push("}", "");
    out.push(`func ts2goDecode${s.name}(r *${s.name}Ref) ${s.name} {`, `return ${s.name}{`);
    for (const f of l.fields) out.push(`${goName(f.name)}: ${code.decode(f.type, `r.${goName(f.name)}`)},`);
    out.push("}", "}", "");
  }
  for (const s of layout.schema.structs) {
    const st: Type = { kind: "struct", name: s.name };
    if (!usage.hostResults.has(s.name) || !code.needsClone(st)) continue;
    out.push(`// ts2goClone${s.name} copies what a decoded ${s.name} still shares with JS memory.`);
    out.push(`func ts2goClone${s.name}(v *${s.name}) {`);
    for (const f of s.fields) out.push(...code.clone(f.type, `v.${goName(f.name)}`));
    out.push("}", "");
  }
  for (const s of layout.schema.structs) {
    if (!usage.output.has(s.name)) continue;
    const l = layout.struct(s.name);
    const st: Type = { kind: "struct", name: s.name };
    if (code.hasHeap(st)) {
      const parts = l.fields.filter((f) => code.hasHeap(f.type)).map((f) => code.heap(f.type, `v.${goName(f.name)}`));
      out.push(`func ts2goHeap${s.name}(v *${s.name}) int {`, `return ${parts.join(" +\n")}`, "}", "");
    }
    out.push(`func ts2goPut${s.name}(w *ts2goWriter, at int, v *${s.name}) {`);
    for (const f of l.fields) out.push(code.put(f.type, plus("at", f.offset), `v.${goName(f.name)}`));
    out.push("}", "");
  }
}

function argsTypeName(service: string, m: Method): string {
  return `ts2go${service}${goName(m.name)}Args`;
}

function emitLayoutChecks(layout: SchemaLayout, out: string[]): void {
  const usage = typeUsage(layout.schema);
  const lines: string[] = [];
  const check = (type: string, size: number, fields: { name: string; offset: number }[]) => {
    lines.push(`_ = x[unsafe.Sizeof(${type}{})-${size}]`);
    for (const f of fields) lines.push(`_ = x[unsafe.Offsetof(${type}{}.${f.name})-${f.offset}]`);
  };
  for (const s of layout.schema.structs) {
    if (!usage.input.has(s.name)) continue;
    const l = layout.struct(s.name);
    check(`${s.name}Ref`, l.size, l.fields.map((f) => ({ name: goName(f.name), offset: f.offset })));
  }
  for (const svc of layout.schema.services) {
    for (const m of svc.methods) {
      if (m.params.length === 0 || svc.host) continue;
      const l = layout.method(svc.name, m.name).args;
      check(argsTypeName(svc.name, m), l.size, l.fields.map((f) => ({ name: goName(f.name), offset: f.offset })));
    }
  }
  if (lines.length === 0) return;
  out.push(
    "// Compile-time layout checks: an error here means the Ref types and ts2go's layout disagree.",
    "func _() {",
    "var x [1]struct{}",
    ...lines,
    "}",
    "",
  );
}

function emitService(layout: SchemaLayout, code: GoTypeCode, service: string, out: string[]): void {
  const svc = layout.schema.services.find((s) => s.name === service)!;
  const impl = `ts2go${service}Impl`;
  out.push(
    `// ${service} is implemented in Go and called from TypeScript. Arguments point into JS memory that`,
    `// is valid only until the method returns: copy (strings.Clone, slices.Clone) whatever you keep.`,
    `type ${service} interface {`,
  );
  for (const m of svc.methods) {
    const params = [
      ...(m.async ? ["ctx context.Context"] : []),
      ...m.params.map((p) => `${p.name} ${p.type.kind === "struct" ? "*" : ""}${code.goType(p.type)}`),
      ...(m.stream ? [`send func(${code.goType(m.result!)}) error`] : []),
    ];
    const result = m.result && !m.stream ? `(${code.goType(m.result)}, error)` : "error";
    out.push(`${goName(m.name)}(${params.join(", ")}) ${result}`);
  }
  out.push(
    "}",
    "",
    `var ${impl} ${service}`,
    "",
    `// Register${service} makes impl serve ${service} calls; call it from an init function.`,
    `func Register${service}(impl ${service}) { ${impl} = impl }`,
    "",
    `//export ts2go_fingerprint_${service}`,
    `func ts2go_fingerprint_${service}() uint32 { return ${hex32(fingerprint(layout, service))} }`,
    "",
  );
  for (const m of svc.methods) {
    if (m.params.length === 0) continue;
    const l = layout.method(service, m.name).args;
    out.push(`type ${argsTypeName(service, m)} struct {`);
    for (const f of l.fields) out.push(`${goName(f.name)} ${code.refType(f.type)}`);
    out.push("}", "");
  }
  for (const m of svc.methods) emitGlue(code, service, m, out);
}

function emitGlue(code: GoTypeCode, service: string, m: Method, out: string[]): void {
  const symbol = `ts2go_${service}_${m.name}`;
  const impl = `ts2go${service}Impl`;
  const body: string[] = [
    `if ${impl} == nil {`,
    m.stream
      ? `return ts2goNotRegistered(${JSON.stringify(service)})`
      : `return ts2goPayload{}, ts2goNotRegistered(${JSON.stringify(service)})`,
    "}",
  ];
  if (m.params.length > 0) body.push(`a := (*${argsTypeName(service, m)})(args)`);
  const callArgs: string[] = m.async ? ["ctx"] : [];
  for (const p of m.params) {
    const local = `p${goName(p.name)}`;
    body.push(`${local} := ${code.decode(p.type, `a.${goName(p.name)}`)}`);
    callArgs.push(p.type.kind === "struct" ? `&${local}` : local);
  }
  if (m.stream) callArgs.push(`func(v ${code.goType(m.result!)}) error {\nreturn emit(${code.payload(m.result!, "v")})\n}`);
  const call = `${impl}.${goName(m.name)}(${callArgs.join(", ")})`;
  if (m.stream) {
    body.push(`return ${call}`);
  } else if (m.result) {
    body.push(`res, err := ${call}`, "if err != nil {", "return ts2goPayload{}, err", "}");
    body.push(`return ${code.payload(m.result, "res")}, nil`);
  } else {
    body.push(`return ts2goPayload{}, ${call}`);
  }
  out.push(`//export ${symbol}`);
  if (m.stream) {
    out.push(
      `func ${symbol}(host uint32, slot uint32, args unsafe.Pointer, window uint32) {`,
      "ts2goCallStream(host, slot, window, func(ctx context.Context, emit func(ts2goPayload) error) error {",
    );
  } else if (m.async) {
    out.push(
      `func ${symbol}(host uint32, slot uint32, args unsafe.Pointer, cancellable uint32) {`,
      "ts2goCallAsync(host, slot, cancellable, func(ctx context.Context) (ts2goPayload, error) {",
    );
  } else {
    out.push(
      `func ${symbol}(host uint32, args unsafe.Pointer, out unsafe.Pointer, capacity uint32) {`,
      `ts2goCallSync(host, ${JSON.stringify(`${service}.${m.name}`)}, out, capacity, func() (ts2goPayload, error) {`,
    );
  }
  out.push(...body, "})", "}", "");
}

const IMPORTS = "\t// ts2go:imports";

/** Fills in the standard-library imports the code uses, in gofmt order. */
function addImports(code: string): string {
  const statements = code.split("\n").filter((line) => !line.trimStart().startsWith("//")).join("\n");
  const used = ["context", "slices", "strings", "unsafe"].filter((pkg) => statements.includes(`${pkg}.`));
  return code.replace(IMPORTS, used.map((pkg) => `"${pkg}"`).join("\n"));
}

function emitHostService(layout: SchemaLayout, code: GoTypeCode, service: string, out: string[]): void {
  const svc = layout.schema.services.find((s) => s.name === service)!;
  out.push(
    `// ${service} is implemented in TypeScript (provide${service} on a loaded client) and called from Go:`,
    `// any goroutine may call it. A call waits until the TypeScript method (and its Promise) is done;`,
    `// a thrown error or rejection comes back as a Go error. Calls made while serving a TS call go to`,
    `// that call's client; others go to the client that called provide${service} last.`,
    `type ${service} struct{}`,
    "",
  );
  for (const m of svc.methods) {
    const args = layout.method(service, m.name).args;
    const heaps = m.params.filter((p) => code.hasHeap(p.type)).map((p) => code.heap(p.type, p.name));
    const puts = args.fields.map((f) => code.put(f.type, String(f.offset), f.name));
    const payload = `ts2goPayload{root: ${args.size}, heap: ${heaps.join(" + ") || "0"}, put: func(w *ts2goWriter) {\n${
      puts.join("\n")
    }\n}}`;
    const params = ["ctx context.Context", ...m.params.map((p) => `${p.name} ${code.goType(p.type)}`)].join(", ");
    const codes = `${hex32(fnv1a(service))}, ${hex32(fnv1a(`${service}.${m.name}`))}`;
    const names = `${JSON.stringify(service)}, ${JSON.stringify(m.name)}`;
    out.push(`// ${goName(m.name)} calls the TypeScript method ${m.name}.`);
    if (m.result) {
      const t = code.goType(m.result);
      const ref = `(*${code.refType(m.result)})(p)`;
      const decoded = m.result.kind === "struct" ? `ts2goDecode${m.result.name}(${ref})` : code.decode(m.result, `(*${ref})`);
      out.push(
        `func (${service}) ${goName(m.name)}(${params}) (${t}, error) {`,
        `return ts2goHostCall(ctx, ${names}, ${codes}, ${payload}, func(p unsafe.Pointer) ${t} {`,
        `v := ${decoded}`,
        ...code.clone(m.result, "v"),
        "return v",
        "})",
        "}",
        "",
      );
    } else {
      out.push(
        `func (${service}) ${goName(m.name)}(${params}) error {`,
        `_, err := ts2goHostCall[struct{}](ctx, ${names}, ${codes}, ${payload}, nil)`,
        "return err",
        "}",
        "",
      );
    }
  }
}

/**
 * Emits the generated Go file for a schema (before gofmt).
 *
 * @example
 * ```ts
 * import { emitGo } from "./emit_go.ts";
 * import { computeLayout } from "./layout.ts";
 * emitGo(computeLayout({ file: "s.ts", structs: [], services: [] })).includes("package main"); // true
 * ```
 */
export function emitGo(layout: SchemaLayout): string {
  const code = new GoTypeCode(layout);
  const file = layout.schema.file.split(/[\\/]/).pop();
  const out: string[] = [
    `// Code generated by ts2go from ${file}. DO NOT EDIT.`,
    "",
    "package main",
    "",
    "// The //export directives below need cgo (an empty preamble).",
    "",
    `import "C"`,
    "",
    "import (",
    IMPORTS,
    ")",
    "",
  ];
  emitStructs(layout, code, out);
  emitLayoutChecks(layout, out);
  for (const s of layout.schema.services) {
    if (s.host) emitHostService(layout, code, s.name, out);
    else emitService(layout, code, s.name, out);
  }
  return addImports(out.join("\n")).replace(/\n+$/, "\n");
}
