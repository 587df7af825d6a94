// The schema: plain TypeScript interfaces. An exported interface whose members are all methods is a
// service, implemented in Go (go/impl.go); the others are data. After editing it, run the gen task.
import type { u32 } from "ts2go";

export interface HelloRequest {
  name: string;
}

export interface HelloReply {
  message: string;
}

export interface WordCount {
  words: u32;
  longest: string;
}

export interface Greeter {
  /** Sync: JavaScript waits for Go's answer. */
  hello(req: HelloRequest): HelloReply;
  /** Async: runs in a goroutine; the Promise settles when it returns. */
  count_words(text: string): Promise<WordCount>;
}
