// Both directions from one schema: Go serves Greeter to TypeScript, and TypeScript serves Logger
// (it extends Host) to Go. While Go serves greet, it calls back into TypeScript.
import type { Host, u32 } from "ts2go";

export interface User {
  id: u32;
  name: string;
}

/** Implemented in TypeScript, called from Go. */
export interface Logger extends Host {
  /** Go waits until TS has run it. */
  log(line: string): void;
  /** Go waits until the Promise settles; a rejection becomes a Go error. */
  lookup(id: u32): Promise<User>;
}

/** Implemented in Go, called from TypeScript. */
export interface Greeter {
  /** Looks the user up in TS, logs through TS, and returns a greeting. */
  greet(id: u32): Promise<string>;
  /** The same from a sync method: Go's call into TS fails fast, since JS is blocked here. */
  greet_sync(id: u32): string;
}
