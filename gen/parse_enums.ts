/**
 * The parser's reading of literal types and enums: a literal written as a type (`"circle"`, `-1`,
 * `Color.Red`), a union of literals, and a TS `enum` or `const enum` (values from the checker, implicit
 * ones included) become an {@link Enum} of the model, or a field's one value.
 *
 * @example
 * ```ts
 * import { parseSchemaText } from "./parse.ts";
 * const s = parseSchemaText("schema.ts", 'export type Status = "on" | "off";\nexport interface L { s: Status }');
 * s.enums?.[0].members.map((m) => m.goSuffix); // ["On", "Off"]
 * ```
 * @module
 */

import { Node, SyntaxKind } from "ts-morph";
import type { EnumDeclaration, TypeChecker, TypeNode } from "ts-morph";
import type { Enum, EnumMember, LiteralValue, Pos, Type } from "./model.ts";
import { resolveTypeName } from "./resolve.ts";

/** A literal written as a type, with how TS spells it. */
export interface Literal {
  value: LiteralValue;
  ts: string;
  node: Node;
  /** The enum member it names (`Color.Red`: `Red`), which names its Go constant. */
  member?: string;
}

/** What reading enums needs from the parse. */
export interface EnumContext {
  checker: TypeChecker;
  pos(node: Node): Pos;
  /** Records a diagnostic; returns null. */
  error(at: Node | Pos, message: string): null;
}

const I32_MIN = -(2 ** 31);
const I32_MAX = 2 ** 31 - 1;
const isI32 = (v: number): boolean => Number.isInteger(v) && v >= I32_MIN && v <= I32_MAX;

/**
 * The Go constant suffix of a value or enum member: its letters and digits in PascalCase words
 * (`in-progress` → `InProgress`, `-1` → `Minus1`), empty when it has none.
 *
 * @example
 * ```ts
 * import { constName } from "./parse_enums.ts";
 * constName("in-progress"); // "InProgress"
 * ```
 */
export function constName(value: string): string {
  const sign = value.startsWith("-") ? "Minus" : "";
  const words = value.split(/[^\p{L}\p{N}]+/u);
  return sign + words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join("");
}

/**
 * Whether a type node is a literal: `"a"`, `1`, `-1`, `true`, `null`, or one member of an enum (`E.A`).
 * @example `isLiteral(checker, node)`
 */
export function isLiteral(checker: TypeChecker, node: TypeNode): boolean {
  if (Node.isLiteralTypeNode(node)) return true;
  if (!Node.isTypeReference(node) || !Node.isQualifiedName(node.getTypeName())) return false;
  const target = resolveTypeName(checker, node.getTypeName());
  return target.kind === "local" && Node.isEnumMember(target.decl);
}

/**
 * Reads the literals and enums of one schema file.
 *
 * @example
 * ```ts
 * import { EnumReader } from "./parse_enums.ts";
 * declare const ctx: import("./parse_enums.ts").EnumContext, node: import("ts-morph").TypeNode;
 * new EnumReader(ctx).literal(node)?.value;
 * ```
 */
export class EnumReader {
  /** Every enum met, by Go name, in the order met. */
  readonly enums = new Map<string, Enum>();
  private readonly declared = new Map<EnumDeclaration, Type | null>();

  /** @param ctx the parse this reader serves. */
  constructor(private readonly ctx: EnumContext) {}

  /**
   * The value of a literal type (see {@link isLiteral}); null for `null`; undefined when it is not one
   * ts2go reads (reported).
   */
  literal(node: TypeNode): Literal | null | undefined {
    if (Node.isTypeReference(node)) return this.enumMember(node);
    if (!Node.isLiteralTypeNode(node)) return undefined;
    const lit = node.getLiteral();
    if (lit.getKind() === SyntaxKind.NullKeyword) return null;
    if (lit.getKind() === SyntaxKind.TrueKeyword) return { value: true, ts: "true", node };
    if (lit.getKind() === SyntaxKind.FalseKeyword) return { value: false, ts: "false", node };
    if (Node.isStringLiteral(lit) || Node.isNoSubstitutionTemplateLiteral(lit)) {
      return { value: lit.getLiteralValue(), ts: JSON.stringify(lit.getLiteralValue()), node };
    }
    if (Node.isNumericLiteral(lit)) return { value: lit.getLiteralValue(), ts: String(lit.getLiteralValue()), node };
    if (Node.isPrefixUnaryExpression(lit) && lit.getOperatorToken() === SyntaxKind.MinusToken) {
      const operand = lit.getOperand();
      if (Node.isNumericLiteral(operand)) {
        return { value: -operand.getLiteralValue(), ts: `-${operand.getText()}`, node };
      }
    }
    const advice = "use string, number or boolean literals, or bigint types such as u64";
    this.ctx.error(node, `type ${node.getText()} is not supported as a literal; ${advice}`);
    return undefined;
  }

  /** `Color.Red` written as a type: its enum's value. */
  private enumMember(node: TypeNode & Node): Literal | undefined {
    if (!Node.isTypeReference(node)) return undefined;
    const target = resolveTypeName(this.ctx.checker, node.getTypeName());
    if (target.kind !== "local" || !Node.isEnumMember(target.decl)) return undefined;
    const member = target.decl;
    if (!this.declaration(member.getParentOrThrow() as EnumDeclaration)) return undefined;
    return { value: member.getValue()!, ts: node.getText(), node, member: member.getName() };
  }

  /**
   * An enum of the literals of a union (`origin` "union" when an exported alias names it, else
   * "inline"), or null (reported): they must be all strings, or all integers in the i32 range.
   */
  fromLiterals(literals: Literal[], name: string, origin: "union" | "inline", ctx: string): Type | null {
    const [first] = literals;
    const base = typeof first.value === "string" ? "string" : "i32";
    const members: EnumMember[] = [];
    const seen = new Set<LiteralValue>();
    for (const lit of literals) {
      if (seen.has(lit.value)) continue;
      seen.add(lit.value);
      const why = typeof lit.value === "boolean"
        ? "true or false among other values is not supported; use boolean, or a union of strings"
        : (typeof lit.value === "string") !== (base === "string")
        ? "a union mixes string and number literals; use all strings or all numbers"
        : typeof lit.value === "number" && !isI32(lit.value)
        ? `${lit.ts} is not an integer in the i32 range; numeric literals of a union must be`
        : null;
      if (why) return this.ctx.error(lit.node, `${ctx}: ${why}`);
      const goSuffix = constName(lit.member ?? String(lit.value));
      members.push({ value: lit.value as string | number, ts: lit.ts, goSuffix, pos: this.ctx.pos(lit.node) });
    }
    // Written in place, TS spells it by its values (an alias among them is flattened: `"a" | "b" | "c"`).
    const ts = origin === "inline" ? members.map((m) => m.ts).join(" | ") : name;
    this.enums.set(name, { name, base, origin, members, pos: this.ctx.pos(first.node) });
    return { kind: "enum", name, ts };
  }

  /** The literals of an enum met before, as members of a union that holds it. */
  literalsOf(name: string, at: Node): Literal[] {
    return this.enums.get(name)!.members.map((m) => ({ value: m.value, ts: m.ts, node: at, member: m.goSuffix }));
  }

  /**
   * A TS enum (or const enum): exported (the generated TS imports it), every member a constant; all
   * strings, or all integers in the i32 range.
   */
  declaration(decl: EnumDeclaration): Type | null {
    if (this.declared.has(decl)) return this.declared.get(decl)!;
    const name = decl.getName();
    if (!decl.isExported()) {
      this.declared.set(decl, null);
      return this.ctx.error(decl.getNameNode(), `enum ${name} is not exported; export it or remove it`);
    }
    const members: EnumMember[] = [];
    let ok = true;
    for (const m of decl.getMembers()) {
      const value = m.getValue();
      const pos = this.ctx.pos(m.getNameNode());
      const member = `${name}.${m.getName()}`;
      const why = value === undefined
        ? "has no constant value; give it a number or a string"
        : typeof value === "number" && !isI32(value)
        ? `= ${value} is not an integer in the i32 range`
        : null;
      if (why) ok = this.ctx.error(pos, `enum member ${member} ${why}`) ?? false;
      else members.push({ value: value!, ts: member, goSuffix: constName(m.getName()), pos });
    }
    if (new Set(members.map((m) => typeof m.value)).size > 1) {
      ok = this.ctx.error(decl.getNameNode(), `enum ${name} mixes string and number members; use one kind`) ?? false;
    } else if (members.length === 0 && ok) {
      ok = this.ctx.error(decl.getNameNode(), `enum ${name} has no members; add some or remove it`) ?? false;
    }
    const t: Type | null = ok ? { kind: "enum", name, ts: name } : null;
    if (ok) {
      const base = typeof members[0].value === "string" ? "string" : "i32";
      this.enums.set(name, { name, base, origin: "enum", members, pos: this.ctx.pos(decl.getNameNode()) });
    }
    this.declared.set(decl, t);
    return t;
  }
}
