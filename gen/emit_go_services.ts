/**
 * The services in the generated Go: for a Go service its interface, `Register…`, argument Ref types
 * and `//export` glue; for a Host service (implemented in TypeScript) a Go type whose methods call
 * TypeScript. Part of `emit_go.ts`, which owns the file and its package scope.
 *
 * @example
 * ```ts
 * import { GoServices } from "./emit_go_services.ts";
 * declare const file: import("./emit_go_services.ts").GoFile, svc: import("./layout.ts").ServiceLayout;
 * new GoServices(file).service(svc);
 * ```
 * @module
 */

import type { MethodLayout, SchemaLayout, ServiceLayout } from "./layout.ts";
import type { Method, Param } from "./model.ts";
import { type GoTypeCode, structHelper } from "./go_type_code.ts";
import { fingerprint, fnv1a, hex32 } from "./fingerprint.ts";
import { GO_KEYWORDS, GO_PACKAGES, GO_PREDECLARED, goName, type Owner, type Scope } from "./names.ts";
import type { GoPrinter } from "./printer.ts";

/** The Go file being written: its layout, printer, type code and package scope. */
export interface GoFile {
  layout: SchemaLayout;
  p: GoPrinter;
  code: GoTypeCode;
  scope: Scope;
}

/** The parameters gen adds to a Go service's method: `ctx` first for async methods, `send` last for streams. */
const ADDED_PARAMS: ReadonlySet<string> = new Set(["ctx", "send"]);

/**
 * A parameter's name in a Go service's method: its own, with `_` appended while it is a Go keyword, a
 * parameter gen adds, or a name the method's body may need and would lose to it — a predeclared name
 * (`nil`, `string`), a package (`errors`, `context`) or a type of the schema (`User`).
 */
function methodParam(layout: SchemaLayout, p: Param): string {
  const declared = (n: string) => [...layout.schema.structs, ...layout.schema.services].some((d) => d.name === n);
  let n = p.name;
  while ([GO_KEYWORDS, ADDED_PARAMS, GO_PREDECLARED, GO_PACKAGES].some((s) => s.has(n)) || declared(n)) n += "_";
  return n;
}

/**
 * A Go service method's signature: one line of its interface, and the method of its skeleton
 * (`skeleton.ts`), which so always implements the interface. `ctx` comes first for async and stream
 * methods, struct parameters by pointer, a stream's `send` last; packages are recorded on `file.p`.
 *
 * @example
 * ```ts
 * import { goMethodSignature } from "./emit_go_services.ts";
 * declare const file: import("./emit_go_services.ts").GoFile, m: import("./model.ts").Method;
 * goMethodSignature(file, m); // "Greet(ctx context.Context, type_ uint32) (string, error)" for greet(type: u32): Promise<string>
 * ```
 */
export function goMethodSignature({ layout, p, code }: Pick<GoFile, "layout" | "p" | "code">, m: Method): string {
  const params = [
    ...(m.async ? [`ctx ${p.use("context")}.Context`] : []),
    ...m.params.map((x) => `${methodParam(layout, x)} ${x.type.kind === "struct" ? "*" : ""}${code.goType(x.type)}`),
    ...(m.stream ? [`send func(${code.goType(m.result!)}) error`] : []),
  ];
  const result = m.result && !m.stream ? `(${code.goType(m.result)}, error)` : "error";
  return `${goName(m.name)}(${params.join(", ")}) ${result}`;
}

/**
 * The locals of a Host method's Go function, which its parameters must not hide (they also avoid
 * every package-level name, which the function may use).
 */
const HOST_CALL_LOCALS: ReadonlySet<string> = new Set(["at", "ctx", "err", "k", "p", "v", "w"]);

const methodOwner = (ml: MethodLayout, role: string): Owner => ({
  what: `method "${ml.service.name}.${ml.method.name}"`,
  role,
  pos: ml.method.pos,
});

/**
 * The Go type of a method's arguments' C layout (its args Ref).
 * @example `argsTypeName(ml) // "ts2goGreeterGreetArgs" for Greeter.greet`
 */
export function argsTypeName(ml: MethodLayout): string {
  return `ts2go${ml.service.name}${goName(ml.method.name)}Args`;
}

/** The Go function that runs an async or stream method. */
function starterName(ml: MethodLayout): string {
  return `ts2goRun${ml.service.name}${goName(ml.method.name)}`;
}

/**
 * Prints the services of a Go file.
 *
 * @example
 * ```ts
 * import { GoServices } from "./emit_go_services.ts";
 * declare const file: import("./emit_go_services.ts").GoFile, host: import("./layout.ts").ServiceLayout;
 * new GoServices(file).hostService(host);
 * ```
 */
export class GoServices {
  private readonly p: GoPrinter;
  private readonly code: GoTypeCode;
  private readonly layout: SchemaLayout;

  /** @param file the Go file to print into. */
  constructor(private readonly file: GoFile) {
    ({ p: this.p, code: this.code, layout: this.layout } = file);
  }

  /** Declares a generated name for `owner` and returns it. */
  private declare(name: string, owner: Owner): string {
    return this.file.scope.declare(name, owner);
  }

  /** A parameter's name in a Host method's Go function: its own, unless that would hide a name it uses. */
  private hostParam(p: Param): string {
    // A name starting like gen's own names could hide one declared further down: it gets a "_" first.
    const name = p.name.startsWith("ts2go") ? `_${p.name}` : p.name;
    return this.file.scope.local(name, (n) => HOST_CALL_LOCALS.has(n) || /^i[0-9]+$/.test(n));
  }

  /** Prints a Go service: its interface, Register function, argument Ref types and glue. */
  service(svc: ServiceLayout): void {
    const { p, code } = this;
    const name = svc.service.name;
    const owner = { what: `service "${name}"`, pos: svc.service.pos };
    const impl = this.declare(`ts2go${name}Impl`, { ...owner, role: "implementation variable" });
    p.line(`// ${name} is implemented in Go and called from TypeScript. Arguments are valid only until the`);
    p.line(`// method returns: they point into JS memory, and decoded lists are reused by later calls. Copy`);
    p.line(`// (strings.Clone, slices.Clone) whatever you keep.`);
    p.block(`type ${name} interface {`, () => {
      for (const { method: m } of svc.methods) p.line(goMethodSignature(this.file, m));
    });
    const fp = this.declare(`ts2go_fingerprint_${name}`, { ...owner, role: "fingerprint export" });
    p.line("", `var ${impl} ${name}`, "");
    p.line(`// Register${name} makes impl serve ${name} calls; call it from an init function.`);
    p.line(`func Register${name}(impl ${name}) { ${impl} = impl }`, "");
    p.line(`//export ${fp}`, `func ${fp}() uint32 { return ${hex32(fingerprint(this.layout, name))} }`, "");
    for (const ml of svc.methods) {
      if (ml.args.fields.length === 0) continue;
      const args = this.declare(argsTypeName(ml), methodOwner(ml, "arguments' C layout"));
      p.block(`type ${args} struct {`, () => {
        for (const f of ml.args.fields) p.line(`${goName(f.name)} ${code.refType(f.type)}`);
      });
      p.line("");
    }
    const started = svc.methods.filter((ml) => ml.method.async);
    if (started.length > 0) {
      p.line(`// Async and stream methods are started by ts2go_submit, by wire code.`);
      p.block("func init() {", () => {
        for (const ml of started) {
          const register = ml.method.stream ? "ts2goRegisterStream" : "ts2goRegisterAsync";
          const code = hex32(fnv1a(`${name}.${ml.method.name}`));
          p.line(`${register}(${code}, ${this.decodesLists(ml.method)}, ${starterName(ml)})`);
        }
      });
      p.line("");
    }
    for (const ml of svc.methods) this.glue(ml, impl);
  }

  /** Whether a method's arguments decode lists into Go memory (its calls take a ts2goScratch). */
  private decodesLists(m: Method): boolean {
    return m.params.some((p) => this.code.decodesLists(p.type));
  }

  /** The statements calling the implementation of a Go method: decode the arguments, call, encode. */
  private callBody(ml: MethodLayout, impl: string): string[] {
    const { code } = this;
    const m = ml.method;
    const service = ml.service.name;
    const body: string[] = [
      `if ${impl} == nil {`,
      m.stream
        ? `return ts2goNotRegistered(${JSON.stringify(service)})`
        : `return ts2goPayload{}, ts2goNotRegistered(${JSON.stringify(service)})`,
      "}",
    ];
    if (m.params.length > 0) body.push(`a := (*${argsTypeName(ml)})(args)`);
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
    return body;
  }

  private glue(ml: MethodLayout, impl: string): void {
    const { p } = this;
    const m = ml.method;
    const body = this.callBody(ml, impl);
    const unsafe = p.use("unsafe");
    if (m.async) {
      const starter = this.declare(starterName(ml), methodOwner(ml, "Go starter"));
      const ctx = `ctx ${p.use("context")}.Context, args ${unsafe}.Pointer, s *ts2goScratch`;
      const signature = m.stream
        ? `func ${starter}(${ctx}, emit func(ts2goPayload) error) error {`
        : `func ${starter}(${ctx}) (ts2goPayload, error) {`;
      p.block(signature, () => p.line(...body)).line("");
      return;
    }
    const service = ml.service.name;
    const name = this.declare(`ts2goName${service}${goName(m.name)}`, methodOwner(ml, "name variable"));
    const symbol = this.declare(`ts2go_${service}_${m.name}`, methodOwner(ml, "C symbol"));
    p.line(`var ${name} = ${JSON.stringify(`${service}.${m.name}`)}`, "", `//export ${symbol}`);
    p.block(`func ${symbol}(host uint32, args ${unsafe}.Pointer, out ${unsafe}.Pointer, capacity uint32) {`, () => {
      const lists = this.decodesLists(m);
      p.block(
        `ts2goCallSync(host, &${name}, ${lists}, out, capacity, func(s *ts2goScratch) (ts2goPayload, error) {`,
        () => {
          p.line(...body);
        },
        "})",
      );
    });
    p.line("");
  }

  /**
   * Declares the decoders of the list, optional and map types the code decodes, once the code naming
   * them is out (a decoder may name further ones: lists of lists), then the pools that lend decoded
   * lists their memory.
   */
  /** Prints a Host service: a Go type whose methods call the TypeScript implementation. */
  hostService(svc: ServiceLayout): void {
    const { p, code } = this;
    const service = svc.service.name;
    p.line(`// ${service} is implemented in TypeScript (provide${service} on a loaded client) and called from Go:`);
    p.line(`// any goroutine may call it. A call waits until the TypeScript method (and its Promise) is done;`);
    p.line(`// a thrown error or rejection comes back as a Go error. Calls made while serving a TS call go to`);
    p.line(`// that call's client; others go to the client that called provide${service} last.`);
    p.line(`type ${service} struct{}`, "");
    for (const { method: m, args } of svc.methods) {
      const names = new Map(m.params.map((x) => [x.name, this.hostParam(x)]));
      const payload = code.payloadOf(
        args.size,
        args.fields.map((f) => ({ type: f.type, offset: f.offset, value: names.get(f.name)! })),
      );
      const ctx = `ctx ${p.use("context")}.Context`;
      const params = [ctx, ...m.params.map((x) => `${names.get(x.name)} ${code.goType(x.type)}`)].join(", ");
      const codes = `${hex32(fnv1a(service))}, ${hex32(fnv1a(`${service}.${m.name}`))}`;
      const call = `${JSON.stringify(service)}, ${JSON.stringify(m.name)}, ${codes}, ${payload}`;
      p.line(`// ${goName(m.name)} calls the TypeScript method ${m.name}.`);
      if (m.result) {
        const t = code.goType(m.result);
        const ref = `(*${code.refType(m.result)})(p)`;
        const decoded = m.result.kind === "struct"
          ? `${structHelper("Decode", m.result.name)}(nil, ${ref})`
          : code.decode(m.result, `(*${ref})`, "nil");
        p.block(`func (${service}) ${goName(m.name)}(${params}) (${t}, error) {`, () => {
          p.block(`return ts2goHostCall(ctx, ${call}, func(p ${p.use("unsafe")}.Pointer) ${t} {`, () => {
            p.line(`v := ${decoded}`, ...code.clone(m.result!, "v"), "return v");
          }, "})");
        });
      } else {
        p.block(`func (${service}) ${goName(m.name)}(${params}) error {`, () => {
          p.line(`_, err := ts2goHostCall[struct{}](ctx, ${call}, nil)`, "return err");
        });
      }
      p.line("");
    }
  }
}
