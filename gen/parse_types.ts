/**
 * The parser's reading of written types: a type node (as written, never through the checker) becomes
 * a model {@link Type}, or a diagnostic saying what to write instead. A new kind of schema type is
 * read here.
 *
 * @example
 * ```ts
 * import { parseSchemaText } from "./parse.ts";
 * parseSchemaText("s.ts", "export interface S { f: u8[] }").structs[0].fields[0].type; // { kind: "list", … }
 * ```
 * @module
 */

import { Node, SyntaxKind } from "ts-morph";
import type { SourceFile, TypeNode, TypeReferenceNode } from "ts-morph";
import type { Pos, PrimName, Type, TypedArrayName } from "./model.ts";
import { TYPED_ARRAY_ELEM } from "./model.ts";

const INTS = ["u8", "u16", "u32", "u64", "usize", "i8", "i16", "i32", "i64", "isize"] as const;
const PRIMS: ReadonlySet<string> = new Set<PrimName>([...INTS, "f32", "f64"]);
const MAP_KEY_PRIMS: ReadonlySet<string> = new Set<PrimName>(INTS);
const KEYWORD_TYPES = new Map<SyntaxKind, Type>([
  [SyntaxKind.NumberKeyword, { kind: "prim", name: "f64" }],
  [SyntaxKind.BooleanKeyword, { kind: "prim", name: "bool" }],
  [SyntaxKind.StringKeyword, { kind: "string" }],
]);
const CONCRETE = "use a concrete type such as string, u32 or an interface";
const OPTIONAL = "use `T | undefined` or `f?: T`";

/** Advice for type node kinds that are never accepted; anything unlisted gets {@link CONCRETE}. */
const KIND_ADVICE = new Map<SyntaxKind, string>([
  [SyntaxKind.BigIntKeyword, "use u64, i64, usize or isize (they are bigint in TS)"],
  [SyntaxKind.IntersectionType, "declare one exported interface with all the fields"],
  [SyntaxKind.LiteralType, "use the base type: string, boolean or a number type such as u32"],
  [SyntaxKind.TemplateLiteralType, "use string"],
  [SyntaxKind.FunctionType, "functions cannot be passed; declare a method on a service interface instead"],
  [SyntaxKind.TupleType, "use an exported interface with named fields, or a list T[]"],
  [SyntaxKind.TypeLiteral, "declare it as an exported interface and refer to it by name"],
  [SyntaxKind.VoidKeyword, "void is allowed only as a method result; " + OPTIONAL],
  [SyntaxKind.UndefinedKeyword, "a value that is always undefined carries nothing; " + OPTIONAL],
]);

/** Advice for well-known global types that are not accepted. */
const NAME_ADVICE = new Map<string, string>([
  ["Record", "use Map<K, V> with K string or an integer type"],
  ["Date", "use i64 milliseconds since the epoch, or an ISO 8601 string"],
  ["Set", "use a list T[]"],
  ["ReadonlyMap", "use Map<K, V>"],
  ["ArrayBuffer", "use Uint8Array"],
  ["Promise", "Promise is allowed only as a method result; use the value type directly"],
  ["AsyncIterable", "AsyncIterable is allowed only as a method result (a stream); use a list T[] here"],
]);

/**
 * The names of the types schemas are written with, which gen reads by name (an interface of one of
 * these names would hide it). @example `SCHEMA_TYPE_NAMES.has("Map") // true`
 */
export const SCHEMA_TYPE_NAMES: ReadonlySet<string> = new Set([
  ...PRIMS,
  ...Object.keys(TYPED_ARRAY_ELEM),
  ...["Array", "ReadonlyArray", "Map", "Promise", "AsyncIterable", "Host"],
]);

/** What an exported interface is; "skipped" ones were reported already and stay silent when referenced. */
export type Kind = "struct" | "service" | "host" | "skipped";

/** What reading types needs from the parse: the source, the kinds of its interfaces, and a sink for errors. */
export interface TypeContext {
  sf: SourceFile;
  kinds: ReadonlyMap<string, Kind>;
  /** Records a diagnostic; returns null so callers can `return this.ctx.error(…)`. */
  error(at: Node | Pos, message: string): null;
}

/**
 * Reads the types of one schema file.
 *
 * @example
 * ```ts
 * import type { TypeContext } from "./parse_types.ts";
 * import { TypeReader } from "./parse_types.ts";
 * declare const ctx: TypeContext, node: import("ts-morph").TypeNode;
 * new TypeReader(ctx).map(node, 'field "f"');
 * ```
 */
export class TypeReader {
  private readonly reportedPrivate = new Set<string>();

  /** @param ctx the parse this reader serves. */
  constructor(private readonly ctx: TypeContext) {}

  /** Maps a written type to the model, or reports why it cannot (null). `ctx` names the owner for messages. */
  map(node: TypeNode, ctx: string): Type | null {
    if (Node.isParenthesizedTypeNode(node)) return this.map(node.getTypeNode(), ctx);
    const keyword = KEYWORD_TYPES.get(node.getKind());
    if (keyword) return keyword;
    if (Node.isArrayTypeNode(node)) return this.list(node.getElementTypeNode(), ctx);
    if (Node.isTypeOperatorTypeNode(node) && node.getOperator() === SyntaxKind.ReadonlyKeyword) {
      const inner = unwrap(node.getTypeNode());
      if (Node.isArrayTypeNode(inner)) return this.list(inner.getElementTypeNode(), ctx);
    }
    if (isNull(node)) return this.ctx.error(node, `${ctx}: null is not supported; ${OPTIONAL}`);
    if (Node.isUnionTypeNode(node)) return this.union(node, ctx);
    if (Node.isTypeReference(node)) return this.reference(node, ctx);
    return this.unsupported(node, ctx, KIND_ADVICE.get(node.getKind()) ?? CONCRETE);
  }

  private list(elem: TypeNode, ctx: string): Type | null {
    const t = this.map(elem, ctx);
    return t && { kind: "list", elem: t };
  }

  /** Only `T | undefined` (in any order, any nesting of parentheses) is a union the model has. */
  private union(node: TypeNode, ctx: string): Type | null {
    const rest: TypeNode[] = [];
    let hasUndefined = false;
    for (const member of flattenUnion(node)) {
      if (isNull(member)) return this.ctx.error(member, `${ctx}: null is not supported; ${OPTIONAL}`);
      if (member.getKind() === SyntaxKind.UndefinedKeyword) hasUndefined = true;
      else rest.push(member);
    }
    if (hasUndefined && rest.length === 1) {
      const inner = this.map(rest[0], ctx);
      return inner && optional(inner);
    }
    if (rest.length === 0) return this.unsupported(node, ctx, KIND_ADVICE.get(SyntaxKind.UndefinedKeyword)!);
    const advice = "ts2go supports only T | undefined. Use separate optional fields or a struct instead.";
    return this.ctx.error(node, `${ctx} has a union type "${node.getText()}"; ${advice}`);
  }

  private reference(node: TypeReferenceNode, ctx: string): Type | null {
    const name = node.getTypeName().getText();
    const args = node.getTypeArguments();
    if (PRIMS.has(name) && args.length === 0) return { kind: "prim", name: name as PrimName };
    // TS 5.7+ lets typed arrays take a buffer type argument; it does not change the data.
    if (Object.hasOwn(TYPED_ARRAY_ELEM, name)) return { kind: "typed", name: name as TypedArrayName };
    if ((name === "Array" || name === "ReadonlyArray") && args.length === 1) return this.list(args[0], ctx);
    if (name === "Map" && args.length === 2) {
      const [key, value] = [this.map(args[0], ctx), this.map(args[1], ctx)];
      if (key && !(key.kind === "string" || (key.kind === "prim" && MAP_KEY_PRIMS.has(key.name)))) {
        const advice = "use string or an integer type (u8…u64, i8…i64, usize, isize)";
        return this.ctx.error(args[0], `${ctx}: Map key type "${args[0].getText()}" is not supported; ${advice}`);
      }
      return key && value && { kind: "map", key, value };
    }
    const kind = this.ctx.kinds.get(name);
    if (kind === "skipped") return null;
    if (kind === "struct" && args.length === 0) return { kind: "struct", name };
    if (kind === "service") {
      return this.ctx.error(node, `${ctx} is service ${name}; services cannot be passed. Use an interface with fields`);
    }
    const local = this.ctx.sf.getInterface(name);
    if (local && !local.isExported()) {
      if (!this.reportedPrivate.has(name)) {
        this.ctx.error(local.getNameNode(), `interface ${name} is not exported; export it or remove it`);
      }
      this.reportedPrivate.add(name);
      return null;
    }
    const advice = kind || PRIMS.has(name) || ["Array", "ReadonlyArray", "Map"].includes(name)
      ? "write T[], Map<K, V>, or a name without type arguments"
      : NAME_ADVICE.get(name) ?? this.localAdvice(name);
    if (advice) return this.unsupported(node, ctx, advice);
    return this.ctx.error(node, `${ctx} has unknown type "${name}": declare it as an exported interface in this file`);
  }

  /** Declarations in the schema file that look usable but are not. */
  private localAdvice(name: string): string | undefined {
    if (this.ctx.sf.getEnum(name)) return "enums are not supported; use a number type such as u8 or u32, or string";
    if (this.ctx.sf.getClass(name)) return "classes are not supported; declare an exported interface with the fields";
    if (this.ctx.sf.getTypeAlias(name)) return "type aliases are not supported; declare an exported interface";
  }

  private unsupported(node: Node, ctx: string, advice: string): null {
    return this.ctx.error(node, `${ctx}: type "${node.getText()}" is not supported; ${advice}`);
  }
}

/** `f?: T | undefined` is one optional, not two: the model has no use for nested absence. */
export function optional(t: Type): Type {
  return t.kind === "optional" ? t : { kind: "optional", inner: t };
}

export function unwrap(node: TypeNode | undefined): TypeNode | undefined {
  return node && Node.isParenthesizedTypeNode(node) ? unwrap(node.getTypeNode()) : node;
}

function flattenUnion(node: TypeNode): TypeNode[] {
  const n = unwrap(node)!;
  return Node.isUnionTypeNode(n) ? n.getTypeNodes().flatMap(flattenUnion) : [n];
}

function isNull(node: TypeNode): boolean {
  return Node.isLiteralTypeNode(node) && node.getLiteral().getKind() === SyntaxKind.NullKeyword;
}
