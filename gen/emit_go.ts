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
import type { Method, Type } from "./model.ts";
import { GoTypeCode, plus } from "./go_type_code.ts";
import { fingerprint, fnv1a, hex32 } from "./fingerprint.ts";
import { goName } from "./names.ts";
import { typeUsage } from "./usage.ts";

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
    out.push(
      `// ${s.name}Ref is the C layout of ${s.name} as JS writes it (${l.size} bytes).`,
      `type ${s.name}Ref struct {`,
    );
    for (const f of l.fields) out.push(`${goName(f.name)} ${code.refType(f.type)}`);
    out.push("}", "");
    out.push(`func ts2goDecode${s.name}(s *ts2goScratch, r *${s.name}Ref) ${s.name} {`, `return ${s.name}{`);
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
    `// ${service} is implemented in Go and called from TypeScript. Arguments are valid only until the`,
    `// method returns: they point into JS memory, and decoded lists are reused by later calls. Copy`,
    `// (strings.Clone, slices.Clone) whatever you keep.`,
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
  const started = svc.methods.filter((m) => m.async);
  if (started.length > 0) {
    out.push(`// Async and stream methods are started by ts2go_submit, by wire code.`, "func init() {");
    for (const m of started) {
      const register = m.stream ? "ts2goRegisterStream" : "ts2goRegisterAsync";
      out.push(
        `${register}(${hex32(fnv1a(`${service}.${m.name}`))}, ${decodesLists(code, m)}, ${starterName(service, m)})`,
      );
    }
    out.push("}", "");
  }
  for (const m of svc.methods) emitGlue(code, service, m, out);
}

/** Whether a method's arguments decode lists into Go memory (its calls take a ts2goScratch). */
function decodesLists(code: GoTypeCode, m: Method): boolean {
  return m.params.some((p) => code.decodesLists(p.type));
}

/** The Go function that runs an async or stream method. */
function starterName(service: string, m: Method): string {
  return `ts2goRun${service}${goName(m.name)}`;
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
  if (m.stream) {
    callArgs.push(`func(v ${code.goType(m.result!)}) error {\nreturn emit(${code.payload(m.result!, "v")})\n}`);
  }
  const call = `${impl}.${goName(m.name)}(${callArgs.join(", ")})`;
  if (m.stream) {
    body.push(`return ${call}`);
  } else if (m.result) {
    body.push(`res, err := ${call}`, "if err != nil {", "return ts2goPayload{}, err", "}");
    body.push(`return ${code.payload(m.result, "res")}, nil`);
  } else {
    body.push(`return ts2goPayload{}, ${call}`);
  }
  if (m.stream) {
    out.push(
      `func ${
        starterName(service, m)
      }(ctx context.Context, args unsafe.Pointer, s *ts2goScratch, emit func(ts2goPayload) error) error {`,
      ...body,
      "}",
      "",
    );
  } else if (m.async) {
    out.push(
      `func ${
        starterName(service, m)
      }(ctx context.Context, args unsafe.Pointer, s *ts2goScratch) (ts2goPayload, error) {`,
      ...body,
      "}",
      "",
    );
  } else {
    const name = `ts2goName${service}${goName(m.name)}`;
    out.push(
      `var ${name} = ${JSON.stringify(`${service}.${m.name}`)}`,
      "",
      `//export ${symbol}`,
      `func ${symbol}(host uint32, args unsafe.Pointer, out unsafe.Pointer, capacity uint32) {`,
      `ts2goCallSync(host, &${name}, ${
        decodesLists(code, m)
      }, out, capacity, func(s *ts2goScratch) (ts2goPayload, error) {`,
      ...body,
      "})",
      "}",
      "",
    );
  }
}

/**
 * Declares the decoders of the list, optional and map types the code decodes, once the code naming
 * them is out (a decoder may name further ones: lists of lists), then the pools that lend decoded
 * lists their memory.
 */
function emitDecoders(code: GoTypeCode, out: string[]): void {
  const done = new Set<string>();
  for (let todo = [...code.decoders]; todo.length > 0; todo = [...code.decoders].filter(([w]) => !done.has(w))) {
    for (const [word, t] of todo) {
      done.add(word);
      out.push(...code.decoderLines(word, t), "");
    }
  }
  const pools: string[] = [];
  for (const t of code.decoders.values()) {
    if (t.kind === "list") pools.push(`${code.listPool(t.elem)} ts2goListPool[${code.goType(t.elem)}]`);
  }
  if (pools.length === 0) return;
  out.push("// Pools lending decoded lists of arguments their memory between calls (see ts2goScratch).", "var (");
  out.push(...pools, ")", "");
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
    const payload = code.payloadOf(
      args.size,
      args.fields.map((f) => ({ type: f.type, offset: f.offset, value: f.name })),
    );
    const params = ["ctx context.Context", ...m.params.map((p) => `${p.name} ${code.goType(p.type)}`)].join(", ");
    const codes = `${hex32(fnv1a(service))}, ${hex32(fnv1a(`${service}.${m.name}`))}`;
    const names = `${JSON.stringify(service)}, ${JSON.stringify(m.name)}`;
    out.push(`// ${goName(m.name)} calls the TypeScript method ${m.name}.`);
    if (m.result) {
      const t = code.goType(m.result);
      const ref = `(*${code.refType(m.result)})(p)`;
      const decoded = m.result.kind === "struct"
        ? `ts2goDecode${m.result.name}(nil, ${ref})`
        : code.decode(m.result, `(*${ref})`, "nil");
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
  emitDecoders(code, out);
  return addImports(out.join("\n")).replace(/\n+$/, "\n");
}
