/**
 * The exported declarations a schema may not contain. A schema declares types only: exported
 * interfaces (structs and services), type aliases and enums. Anything else a user exports — a class,
 * a namespace, a function, a variable, a default export, a re-export — would otherwise be dropped
 * without a word, so each is reported at its name with what to write instead. Declarations that are
 * not exported stay ignored unless an exported type refers to them (the parser reports those then).
 *
 * @example
 * ```ts
 * import { Project } from "ts-morph";
 * import { unsupportedExports } from "./parse_exports.ts";
 * const sf = new Project({ useInMemoryFileSystem: true }).createSourceFile("s.ts", "export class S {}");
 * unsupportedExports(sf)[0].message; // "class S is not supported; declare an exported interface …"
 * ```
 * @module
 */

import { Node } from "ts-morph";
import type { SourceFile, Statement } from "ts-morph";

/** One exported declaration the schema may not contain: where to point, and what to say. */
export interface UnsupportedExport {
  at: Node;
  message: string;
}

const INTERFACE = "declare an exported interface instead (fields for data, method signatures for a service)";
const DEFAULT = "a default export is not supported; export each interface, type alias or enum by name";

/**
 * Every exported declaration of `sf` that gen does not support, in source order.
 *
 * @example
 * ```ts
 * import { Project } from "ts-morph";
 * import { unsupportedExports } from "./parse_exports.ts";
 * const sf = new Project({ useInMemoryFileSystem: true }).createSourceFile("s.ts", "export const x = 1;");
 * unsupportedExports(sf).map((u) => u.message); // ['exported const "x" is not supported; …']
 * ```
 */
export function unsupportedExports(sf: SourceFile): UnsupportedExport[] {
  return sf.getStatements().flatMap((s) => {
    const found = unsupported(s);
    return found ? [found] : [];
  });
}

function unsupported(s: Statement): UnsupportedExport | null {
  if (Node.isExportAssignment(s)) {
    return { at: s, message: DEFAULT };
  }
  if (Node.isExportDeclaration(s)) {
    if (!s.getModuleSpecifier()) return null; // `export { A }` of this file's declarations
    return {
      at: s,
      message: "re-exports from another module are not supported; declare the schema's types in this file",
    };
  }
  if (!Node.isExportable(s) || !s.isExported()) return null;
  const name = Node.hasName(s) ? s.getNameNode() : s;
  if (s.hasDefaultKeyword()) {
    return { at: name, message: DEFAULT };
  }
  if (Node.isInterfaceDeclaration(s) || Node.isTypeAliasDeclaration(s) || Node.isEnumDeclaration(s)) return null;
  if (Node.isClassDeclaration(s)) return { at: name, message: `class ${s.getName()} is not supported; ${INTERFACE}` };
  if (Node.isModuleDeclaration(s)) {
    return {
      at: name,
      message:
        `namespace ${s.getName()} is not supported; declare its interfaces, type aliases and enums at the top level of the file`,
    };
  }
  if (Node.isFunctionDeclaration(s)) {
    return {
      at: name,
      message: `function ${s.getName()} is not supported; declare a method signature on an exported service interface`,
    };
  }
  if (Node.isVariableStatement(s)) {
    const first = s.getDeclarations()[0];
    return {
      at: first?.getNameNode() ?? s,
      message:
        `exported ${s.getDeclarationKind()} "${first?.getName()}" is not supported; a schema declares types only: ` +
        "remove it, or declare an exported interface, type alias or enum",
    };
  }
  return { at: name, message: `this exported declaration is not supported; ${INTERFACE}` };
}
