/**
 * Name resolution for the schema parser: what a type name written in the schema refers to, decided by
 * the TypeScript checker (the binder's symbol of the name, followed to its declaration), never by the
 * name alone. A local `type u32 = string` is the user's own alias of string; ts2go's `u32` counts only
 * when it is imported from ts2go's module.
 *
 * @example
 * ```ts
 * import { isTs2goModule } from "./resolve.ts";
 * isTs2goModule("ts2go"); // true
 * isTs2goModule("./types.ts"); // false
 * ```
 * @module
 */

import { Node } from "ts-morph";
import type { EntityName, Expression, TypeChecker } from "ts-morph";

/**
 * What a name refers to: a type exported by ts2go (`u32`, `Host`), a name imported from another module,
 * a declaration in the schema file, or nothing the file declares or imports (a global such as `Map`,
 * or a mistake).
 */
export type Resolved =
  | { kind: "ts2go"; name: string; module: string }
  | { kind: "import"; name: string; module: string }
  | { kind: "local"; decl: Node }
  | { kind: "global"; name: string };

/**
 * Whether an import specifier names ts2go's public module: the package (`ts2go`, a subpath, an `npm:`
 * or `jsr:` specifier) or a path to its `mod.ts`.
 *
 * @example
 * ```ts
 * import { isTs2goModule } from "./resolve.ts";
 * isTs2goModule("../../mod.ts"); // true
 * isTs2goModule("jsr:@ts2go/ts2go@1"); // true
 * ```
 */
export function isTs2goModule(specifier: string): boolean {
  return /^(npm:|jsr:@[^/]+\/)?ts2go(@[^/]*)?(\/.*)?$/.test(specifier) || /(^|\/)mod\.ts$/.test(specifier);
}

/**
 * Resolves the name of a type reference (`User`, `u32`, `t.u32`, `Color.Red`) with the checker.
 *
 * @example
 * ```ts
 * import { resolveTypeName } from "./resolve.ts";
 * declare const checker: import("ts-morph").TypeChecker, name: import("ts-morph").EntityName;
 * resolveTypeName(checker, name).kind; // "ts2go" for an imported u32
 * ```
 */
export function resolveTypeName(checker: TypeChecker, name: EntityName | Expression): Resolved {
  const decl = checker.getSymbolAtLocation(name)?.getDeclarations()[0];
  if (decl && Node.isImportSpecifier(decl)) {
    return imported(decl.getName(), decl.getImportDeclaration().getModuleSpecifierValue());
  }
  if (decl) return { kind: "local", decl };
  // `t.u32` with `import type * as t from "…"`: the module is not loaded, so only the left side resolves.
  const [left, right] = Node.isQualifiedName(name)
    ? [name.getLeft(), name.getRight().getText()]
    : Node.isPropertyAccessExpression(name)
    ? [name.getExpression(), name.getName()]
    : [undefined, ""];
  const ns = left && checker.getSymbolAtLocation(left)?.getDeclarations()[0];
  if (ns && Node.isNamespaceImport(ns)) {
    const module = ns.getFirstAncestor(Node.isImportDeclaration)?.getModuleSpecifierValue() ?? "";
    return imported(right, module);
  }
  return { kind: "global", name: name.getText() };
}

function imported(name: string, module: string): Resolved {
  return { kind: isTs2goModule(module) ? "ts2go" : "import", name, module };
}
