/**
 * The TS side of Go → TS calls (services that extend `Host`): runs the provided method for each
 * host-call frame and answers Go with the result, or the error's message, through
 * `ts2go_host_reply`.
 *
 * @example
 * ```ts
 * import type { HostMethod } from "./host_calls.ts";
 * const log: HostMethod = { invoke: (r) => console.log(r.base), result: null };
 * ```
 * @module
 */

import type { ResultReader } from "./reader.ts";
import { finishStrings, measureString, putString } from "./strings.ts";
import { type ArgWriter, round8 } from "./writer.ts";
import { atParam } from "./input.ts";
import { STATUS_ERROR, STATUS_OK } from "./protocol.ts";

/** How to pack a Host method's result for Go. */
export interface ResultPacker<T = unknown> {
  /** Size of the result's Ref. */
  size: number;
  /** Validates the result (`strict`: refusing keys of structs that are not their fields) and returns its heap bytes. */
  measure(v: T, strict: boolean): number;
  /** Writes the result's Ref at `at`. */
  write(w: ArgWriter, at: number, v: T): void;
}

/** One provided Host method: decode the arguments and call the implementation; pack its result. */
export interface HostMethod {
  invoke(r: ResultReader): unknown;
  // deno-lint-ignore no-explicit-any -- each method's packer has its own result type
  result: ResultPacker<any> | null;
}

/** What replying needs from the connection. */
export interface HostReplyChannel {
  /** A buffer for a reply of `total` bytes whose root Ref takes `rootSize`. */
  take(rootSize: number, total: number): ArgWriter;
  give(w: ArgWriter): void;
  /** Calls `ts2go_host_reply`. */
  reply(call: number, status: number, w: ArgWriter): void;
  /** False once the client is closed: late results are dropped (Go has given up on them). */
  open(): boolean;
  /** The client's strict mode (see `LoadOptions`). */
  readonly strict: boolean;
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Serves the Host methods one client provides.
 *
 * @example
 * ```ts
 * import { HostServer } from "./host_calls.ts";
 * declare const channel: import("./host_calls.ts").HostReplyChannel;
 * const server = new HostServer(channel);
 * server.add(0x1234, { invoke: () => 1, result: null });
 * ```
 */
export class HostServer {
  private readonly methods = new Map<number, HostMethod>();

  /** @param channel how to answer Go. */
  constructor(private readonly channel: HostReplyChannel) {}

  /** Registers a method under its wire code. */
  add(code: number, method: HostMethod): void {
    this.methods.set(code >>> 0, method);
  }

  /** Runs one Go → TS call; the arguments are read from `r` before this returns. */
  serve(call: number, code: number, r: ResultReader): void {
    const method = this.methods.get(code >>> 0);
    if (!method) {
      this.fail(call, new Error(`no TypeScript method with code ${code} is provided`));
      return;
    }
    let value: unknown;
    try {
      value = method.invoke(r);
    } catch (e) {
      this.fail(call, e);
      return;
    }
    if (value instanceof Promise || (typeof value === "object" && value !== null && "then" in value)) {
      Promise.resolve(value).then((v) => this.succeed(call, method, v), (e) => this.fail(call, e));
    } else {
      this.succeed(call, method, value);
    }
  }

  private succeed(call: number, method: HostMethod, value: unknown): void {
    if (!this.channel.open()) return;
    const packer = method.result;
    if (!packer) {
      this.send(call, STATUS_OK, 8, 8, () => {});
      return;
    }
    let heap: number;
    try {
      heap = packer.measure(value, this.channel.strict);
    } catch (e) {
      this.fail(call, atParam(e, "result"));
      return;
    }
    this.send(call, STATUS_OK, packer.size, round8(packer.size) + heap, (w) => packer.write(w, 0, value));
  }

  private fail(call: number, error: unknown): void {
    if (!this.channel.open()) return;
    const message = messageOf(error);
    this.send(call, STATUS_ERROR, 16, 16 + measureString(message), (w) => putString(w, 0, message));
  }

  private send(call: number, status: number, rootSize: number, total: number, fill: (w: ArgWriter) => void): void {
    const w = this.channel.take(rootSize, total);
    try {
      fill(w);
      finishStrings(w);
    } catch (e) {
      // The value changed while it was being written (a getter or Proxy): Go gets the error instead.
      this.channel.give(w);
      this.fail(call, atParam(e, "result"));
      return;
    }
    try {
      this.channel.reply(call, status, w);
    } finally {
      this.channel.give(w);
    }
  }
}
