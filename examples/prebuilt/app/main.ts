// An app that uses @ts2go-example/hello as any npm package: no Go, no C compiler, no build step.
// tests/prebuilt_example_test.ts copies this file into a fresh directory, installs the packed
// library there and runs it on Deno and Bun with a PATH that has no `go`.
import { openHello } from "@ts2go-example/hello";

using hello = await openHello();
console.log(hello.render("Hello, {{.who}} from {{.where}}!", new Map([["who", "TypeScript"], ["where", "Go"]])));
console.log(await hello.sha256(new TextEncoder().encode("abc")));
