/**
 * A small code printer: lines at the current indentation and blocks that indent their body, so that
 * emitters never count spaces. {@link GoPrinter} also records the packages the code uses as it is
 * printed, for the import block.
 *
 * @example
 * ```ts
 * import { Printer } from "./printer.ts";
 * const p = new Printer();
 * p.block("function f(): number {", () => p.line("return 1;"));
 * p.text(); // "function f(): number {\n  return 1;\n}\n"
 * ```
 * @module
 */

/**
 * Lines of code with indentation. A line given with embedded newlines is indented line by line.
 *
 * @example
 * ```ts
 * import { Printer } from "./printer.ts";
 * const p = new Printer();
 * p.line("const a = 1;", "");
 * p.text(); // "const a = 1;\n\n"
 * ```
 */
export class Printer {
  private readonly lines: string[] = [];
  private indent = "";

  /** @param unit one level of indentation. */
  constructor(private readonly unit = "  ") {}

  /** Adds lines at the current indentation; an empty string is an empty line. */
  line(...lines: string[]): this {
    for (const text of lines) {
      for (const l of text.split("\n")) this.lines.push(l === "" ? "" : this.indent + l);
    }
    return this;
  }

  /** Adds `head`, then what `body` prints one level deeper, then `tail`. */
  block(head: string, body: () => void, tail = "}"): this {
    this.line(head);
    this.indented(body);
    return this.line(tail);
  }

  /** Runs `body` with its lines one level deeper. */
  indented(body: () => void): this {
    const outer = this.indent;
    this.indent += this.unit;
    try {
      body();
    } finally {
      this.indent = outer;
    }
    return this;
  }

  /** The code printed so far, each line ended by a newline. */
  text(): string {
    return this.lines.map((l) => l + "\n").join("");
  }
}

/**
 * A Go file's printer: {@link use} names a package where the code uses it and records its import.
 *
 * @example
 * ```ts
 * import { GoPrinter } from "./printer.ts";
 * const p = new GoPrinter();
 * p.line(`v = ${p.use("strings")}.Clone(v)`);
 * [...p.imports]; // ["strings"]
 * ```
 */
export class GoPrinter extends Printer {
  private readonly used = new Set<string>();

  constructor() {
    super("\t");
  }

  /** Records that the code uses package `pkg` and returns its name, to print. */
  use(pkg: string): string {
    this.used.add(pkg);
    return pkg;
  }

  /** The packages used so far, sorted as gofmt sorts imports. */
  get imports(): string[] {
    return [...this.used].sort();
  }
}
