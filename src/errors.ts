/**
 * Errors a ts2go client throws or rejects with.
 *
 * @example
 * ```ts
 * import { GoError } from "./errors.ts";
 * try { throw new GoError("user not found") } catch (e) { e instanceof GoError; }
 * ```
 * @module
 */

/**
 * A Go method returned a non-nil `error`; `message` is `err.Error()`.
 *
 * @example
 * ```ts
 * import { GoError } from "./errors.ts";
 * const e = new GoError("wrong password");
 * e.message; // "wrong password"
 * ```
 */
export class GoError extends Error {
  /** @param message `err.Error()` from Go. */
  constructor(message: string) {
    super(message);
    this.name = "GoError";
  }
}

/**
 * A Go method panicked. The panic was recovered in Go; the library and later calls keep working.
 *
 * @example
 * ```ts
 * import { GoPanicError } from "./errors.ts";
 * const e = new GoPanicError("index out of range", "goroutine 7 [running]: ...");
 * e.value; // "index out of range"
 * e.message; // "Go panic: index out of range"
 * ```
 */
export class GoPanicError extends Error {
  /** The panic value, formatted with `fmt.Sprint`. */
  readonly value: string;
  /** The Go stack at the panic (`runtime/debug.Stack`). */
  readonly goStack: string;

  /**
   * @param value the panic value as text.
   * @param goStack the Go stack trace.
   */
  constructor(value: string, goStack: string) {
    // The goroutine dump stays in goStack: a message holding it buries the value in logs.
    super(`Go panic: ${value}`);
    this.name = "GoPanicError";
    this.value = value;
    this.goStack = goStack;
  }
}

/**
 * A call on a closed client, or a call still in flight when its client was closed.
 *
 * @example
 * ```ts
 * import { ClientClosedError } from "./errors.ts";
 * new ClientClosedError("TestCall").message; // "TestCall client is closed"
 * ```
 */
export class ClientClosedError extends Error {
  /** @param service the service whose client was closed. */
  constructor(service: string) {
    super(`${service} client is closed`);
    this.name = "ClientClosedError";
  }
}

/**
 * A library could not be loaded as the service asked for: missing file, not a ts2go library, a
 * service missing, or a schema fingerprint that does not match.
 *
 * @example
 * ```ts
 * import { LibraryError } from "./errors.ts";
 * new LibraryError("library not found: ./x.so").name; // "LibraryError"
 * ```
 */
export class LibraryError extends Error {
  /** @param message what is wrong and what to do. */
  constructor(message: string) {
    super(message);
    this.name = "LibraryError";
  }
}
