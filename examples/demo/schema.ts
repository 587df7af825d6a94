// The demo schema: two data types, one request with a list of them, and a service with a one-way
// call, a sync call and an async call.
import type { u8 } from "ts2go";

export interface DemoUser {
  name: string;
  age: u8;
}

export interface DemoComplicatedRequest {
  users: DemoUser[];
  balabala: Uint8Array;
}

export interface DemoResponse {
  pass: boolean;
}

export interface DemoCall {
  /** Sync, no result: Go prints the request. */
  demo_oneway(req: DemoUser): void;
  /** Sync: passes when every user is an adult. */
  demo_check(req: DemoComplicatedRequest): DemoResponse;
  /** Async: the same check, after Go sleeps for a second. */
  demo_check_async(req: DemoComplicatedRequest): Promise<DemoResponse>;
}
