/**
 * Naming, in one place: how schema names become Go names, the name fragment of each type's helpers,
 * the names Go and JavaScript keep for themselves, and {@link Scope}, in which the emitters declare
 * every name they write, so that two things needing one name is a `file:line:col` diagnostic instead
 * of generated code that does not compile.
 *
 * @example
 * ```ts
 * import { goName, typeKey } from "./names.ts";
 * goName("add_friends"); // "AddFriends"
 * typeKey({ kind: "list", elem: { kind: "prim", name: "u32" } }); // "ListOfU32"
 * ```
 * @module
 */

import type { Pos, Type } from "./model.ts";
import { typeToString } from "./model.ts";
import type { Diagnostic } from "./diagnostics.ts";

/**
 * The exported Go name of a schema name: split on `_`, uppercase the first letter of each part and
 * keep the rest as written. Empty parts (from `__` or a leading `_`) vanish, so `_id` becomes `Id`.
 * Two schema names that map to the same Go name collide; the parser reports that.
 *
 * @example
 * ```ts
 * import { goName } from "./names.ts";
 * goName("user_ids"); // "UserIds"
 * goName("userId"); // "UserId"
 * goName("multi_param_test"); // "MultiParamTest"
 * ```
 */
export function goName(tsName: string): string {
  return tsName
    .split("_")
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join("");
}

/**
 * The name fragment of a type's helpers in both emitters (`measureListOfU32`, `ts2goDecodeOptUser`,
 * `MapOfStringToUser`): structs by their name, other types by their shape.
 *
 * @example
 * ```ts
 * import { typeKey } from "./names.ts";
 * typeKey({ kind: "optional", inner: { kind: "string" } }); // "OptString"
 * ```
 */
export function typeKey(t: Type): string {
  switch (t.kind) {
    case "prim":
      return t.name[0].toUpperCase() + t.name.slice(1);
    case "string":
      return "String";
    case "typed":
    case "struct":
      return t.name;
    case "list":
      return `ListOf${typeKey(t.elem)}`;
    case "optional":
      return `Opt${typeKey(t.inner)}`;
    case "map":
      return `MapOf${typeKey(t.key)}To${typeKey(t.value)}`;
  }
}

/**
 * `base + offset`, or `base` for offset 0: a byte position in generated code (gofmt writes `at+8`
 * among call arguments).
 *
 * @example
 * ```ts
 * import { at } from "./names.ts";
 * at("at", 8); // "at + 8"
 * ```
 */
export const at = (base: string, offset: number): string => (offset === 0 ? base : `${base} + ${offset}`);

const words = (text: string): string[] => text.trim().split(/\s+/);

/** Go's keywords. @example `GO_KEYWORDS.has("type") // true` */
export const GO_KEYWORDS: ReadonlySet<string> = new Set(words(`
  break case chan const continue default defer else fallthrough for func go goto if import interface map
  package range return select struct switch type var`));

/**
 * Go's predeclared identifiers: a package-level declaration of one hides it from the whole package.
 * @example `GO_PREDECLARED.has("error") // true`
 */
export const GO_PREDECLARED: ReadonlySet<string> = new Set(words(`
  any bool byte comparable complex64 complex128 error float32 float64 int int8 int16 int32 int64 rune string
  uint uint8 uint16 uint32 uint64 uintptr true false iota nil append cap clear close complex copy delete imag
  len make max min new panic print println real recover`));

/**
 * The names the packages of the generated Go and of the Go runtime (`go/*.go`) are imported as; a
 * package-level declaration of one conflicts with the import. tests/gen_names_test.ts checks that
 * it covers every import of `go/`. @example `GO_PACKAGES.has("unsafe") // true`
 */
export const GO_PACKAGES: ReadonlySet<string> = new Set(words(`
  C atomic binary context debug errors fmt io math os runtime slices strings sync time unsafe`));

/**
 * Words a JavaScript module (strict mode) does not let name a binding, beyond the keywords: a schema
 * cannot name a parameter or an interface so. @example `JS_STRICT_RESERVED.has("eval") // true`
 */
export const JS_STRICT_RESERVED: ReadonlySet<string> = new Set(words(`
  arguments await eval implements interface let package private protected public static yield`));

/** The names of TS's own types, which no interface can take. @example `TS_TYPE_KEYWORDS.has("number") // true` */
export const TS_TYPE_KEYWORDS: ReadonlySet<string> = new Set(words(`
  any bigint boolean never number object string symbol undefined unknown void`));

/**
 * Words that cannot name a binding in a JavaScript module or a type in TS.
 * @example `JS_RESERVED.has("class") // true`
 */
export const JS_RESERVED: ReadonlySet<string> = new Set([
  ...words(`
  break case catch class const continue debugger default delete do else enum export extends false finally for
  function if import in instanceof new null return super switch this throw true try typeof var void while with`),
  ...JS_STRICT_RESERVED,
  ...TS_TYPE_KEYWORDS,
]);

/**
 * The package-level names of the Go runtime (`go/*.go`, copied next to the generated Go).
 * tests/gen_names_test.ts checks that this is all of them. @example `GO_RUNTIME_NAMES.has("main") // true`
 */
export const GO_RUNTIME_NAMES: ReadonlySet<string> = new Set(words(`
  main ts2goABIVersion ts2goAsyncFunc ts2goBellBlockingCallback ts2goBellCallback ts2goBellNone ts2goBellSocket
  ts2goCallDoorbell ts2goCallSync ts2goCloneMap ts2goEntry ts2goErrorPayload ts2goFinishAsync ts2goFitFrame
  ts2goFixSignals ts2goFrame ts2goFrameBox ts2goFrameBoxes ts2goFrameClass ts2goFrameHeader ts2goFramePools
  ts2goFreeFrame ts2goGonePipe ts2goGrowSlot ts2goHeapList ts2goHeapMap ts2goHeapOptional ts2goHeapRaw
  ts2goHeapString ts2goHost ts2goHostByID ts2goHostCall ts2goHostFor ts2goHostKey ts2goHosts ts2goHostsMu
  ts2goLent ts2goList ts2goListFor ts2goListPool ts2goMaxPayload ts2goMethod ts2goMethods ts2goNewFrame
  ts2goNewWaiter ts2goNotRegistered ts2goPanicPayload ts2goPayload ts2goPendingHostCall ts2goPrepareStream
  ts2goProviders ts2goProvidersMu ts2goPutList ts2goPutMap ts2goPutOptional ts2goPutRaw ts2goRegisterAsync
  ts2goRegisterStream ts2goRound8 ts2goRun ts2goRunAndFinish ts2goRunAsync ts2goScratch ts2goScratches
  ts2goSignalsFixedAt ts2goSlice ts2goSocketClose ts2goSocketPair ts2goSocketRing ts2goStartAsync
  ts2goStatusError ts2goStatusHostCall ts2goStatusItem ts2goStatusOK ts2goStatusPanic ts2goStream ts2goStreamFunc
  ts2goString ts2goSubmission ts2goTakeScratch ts2goThreadNoteWaker ts2goThreadSelf ts2goView ts2goWaiter
  ts2goWaiterClose ts2goWaiterPost ts2goWaker ts2goWakerByID ts2goWakerGone ts2goWakers ts2goWakersMu
  ts2goWatchGone ts2goWriteSyncResult ts2goWriter ts2goWriters ts2go_abi_version ts2go_address ts2go_alloc
  ts2go_cancel ts2go_drain ts2go_fix_signals ts2go_free ts2go_host_close ts2go_host_open ts2go_host_provide
  ts2go_host_reply ts2go_stream_ack ts2go_submit ts2go_take ts2go_waker_close ts2go_waker_fd ts2go_waker_hold
  ts2go_waker_open ts2go_waker_waiter`));

/**
 * What every JavaScript object inherits from `Object.prototype`: an object without its own property
 * of such a name still reads a value for it. @example `OBJECT_MEMBERS.has("toString") // true`
 */
export const OBJECT_MEMBERS: ReadonlySet<string> = new Set(words(`
  constructor hasOwnProperty isPrototypeOf propertyIsEnumerable toLocaleString toString valueOf __proto__
  __defineGetter__ __defineSetter__ __lookupGetter__ __lookupSetter__`));

/**
 * Who needs a name: `what` names the schema element (`interface "User"`), `role` what the name is
 * for (`Register function`), `pos` where to report a clash (absent for names no one wrote),
 * `rename` what to rename when it is not `what` itself, `suggest` a name to write instead.
 */
export interface Owner {
  what: string;
  role: string;
  pos?: Pos;
  rename?: string;
  suggest?: string;
}

/**
 * The owner of a helper of the type `t` (`its decoder`): reported at the first struct `t` names, found
 * with `structPos`.
 *
 * @example
 * ```ts
 * import { typeOwner } from "./names.ts";
 * typeOwner({ kind: "list", elem: { kind: "string" } }, "decoder", () => undefined).what; // 'type "string[]"'
 * ```
 */
export function typeOwner(t: Type, role: string, structPos: (name: string) => Pos | undefined): Owner {
  const struct = firstStruct(t);
  const what = t.kind === "struct" ? `interface "${t.name}"` : `type "${typeToString(t)}"`;
  if (struct === null) return { what, role };
  if (t.kind === "struct") return { what, role, pos: structPos(struct) };
  return { what, role, pos: structPos(struct), rename: `the interface "${struct}"` };
}

/** The first struct a type names, or null. */
function firstStruct(t: Type): string | null {
  switch (t.kind) {
    case "struct":
      return t.name;
    case "list":
      return firstStruct(t.elem);
    case "optional":
      return firstStruct(t.inner);
    case "map":
      return firstStruct(t.key) ?? firstStruct(t.value);
    default:
      return null;
  }
}

/**
 * The names declared in one scope of generated code (Go's package, a TS module, a client object),
 * with who declared each. Declaring a name twice, or a name the language or the generated code keeps
 * for itself, records a diagnostic; the emitter throws them together once its file is written.
 *
 * @example
 * ```ts
 * import { Scope } from "./names.ts";
 * const scope = new Scope("Go name", "s.ts", new Map([["error", "is predeclared in Go"]]));
 * scope.declare("error", { what: 'interface "error"', role: "Go type", pos: { file: "s.ts", line: 1, col: 18 } });
 * scope.diagnostics[0].message;
 * // 'interface "error" cannot be used: its Go type needs the Go name "error", which is predeclared in Go; rename the interface'
 * ```
 */
export class Scope {
  private readonly owners = new Map<string, Owner>();
  /** The clashes found so far, at most one per owner. */
  readonly diagnostics: Diagnostic[] = [];
  private readonly reported = new Set<string>();

  /**
   * @param kind how the messages call the names (`Go name`, `TS name`, `client property`).
   * @param file the schema file, for clashes between names no one wrote.
   * @param reserved names nobody may declare, each with why (`is a Go keyword`).
   */
  constructor(
    private readonly kind: string,
    private readonly file: string,
    private readonly reserved: ReadonlyMap<string, string> = new Map(),
  ) {}

  /** Declares `name` for `owner` and returns it; a clash is recorded in {@link diagnostics}. */
  declare(name: string, owner: Owner): string {
    const why = this.reserved.get(name);
    const prev = this.owners.get(name);
    const needs = `the ${this.kind} "${name}"`;
    if (why !== undefined) {
      const rename = owner.rename ?? `the ${owner.what.split(" ")[0]}`;
      const instead = owner.suggest && !this.has(owner.suggest) ? `, e.g. "${owner.suggest}"` : "";
      const message = `${owner.what} cannot be used: its ${owner.role} needs ${needs}, which ${why}`;
      this.report(owner, owner.pos, `${message}; rename ${rename}${instead}`);
    } else if (prev) {
      const both = prev.role === owner.role
        ? `${prev.what} and ${owner.what} both need ${needs} for their ${owner.role}s`
        : `${prev.what} (its ${prev.role}) and ${owner.what} (its ${owner.role}) both need ${needs}`;
      // At a schema element named as written, rather than at a struct a type's helper was named after.
      const pos = (!owner.rename && owner.pos) || (!prev.rename && prev.pos) || owner.pos || prev.pos;
      this.report(owner, pos, `${both}; rename one of them`);
    } else {
      this.owners.set(name, owner);
    }
    return name;
  }

  /** Whether `name` is declared here or kept by the language. */
  has(name: string): boolean {
    return this.owners.has(name) || this.reserved.has(name);
  }

  /**
   * A name for a local binding (a parameter) that hides nothing in this scope and none of the
   * generated code's own locals (`isLocal`): `name`, with `_` appended while it would. Parameters whose
   * names differ only in underscores are refused by the parser, so escaped names stay distinct.
   *
   * @example
   * ```ts
   * import { Scope } from "./names.ts";
   * new Scope("Go name", "s.ts", new Map([["type", "is a Go keyword"]])).local("type", () => false); // "type_"
   * ```
   */
  local(name: string, isLocal: (name: string) => boolean): string {
    let n = name;
    while (this.has(n) || isLocal(n)) {
      // `isLocal` must let some suffix through; a predicate on a prefix would never end.
      if (n.length > name.length + 8) throw new Error(`Scope.local: no free name for ${name} (a ts2go bug)`);
      n += "_";
    }
    return n;
  }

  /** Records one diagnostic per owner: renaming it settles all of its names. */
  private report(owner: Owner, pos: Pos | undefined, message: string): void {
    if (this.reported.has(owner.what)) return;
    this.reported.add(owner.what);
    this.diagnostics.push({ pos: pos ?? { file: this.file, line: 1, col: 1 }, message });
  }
}

/**
 * A map from each of `names` to the same reason, for {@link Scope}'s reserved names.
 * @example `reasons(GO_KEYWORDS, "is a Go keyword").get("go") // "is a Go keyword"`
 */
export function reasons(names: Iterable<string>, why: string): Map<string, string> {
  return new Map([...names].map((n) => [n, why]));
}
