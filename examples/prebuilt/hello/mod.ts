/**
 * @ts2go-example/hello: Go's text/template and crypto/sha256 for Deno and Bun, with no Go needed
 * by its users: the package ships its libraries, built for every platform by `ts2go build`.
 *
 * @example
 * ```ts
 * import { openHello } from "@ts2go-example/hello";
 * using hello = await openHello();
 * hello.render("Hello, {{.name}}!", new Map([["name", "Go"]])); // "Hello, Go!"
 * ```
 * @module
 */
import { loadPrebuilt } from "../../../mod.ts";
import { type HelloClient, loadHello } from "./schema.gen.ts";

/**
 * Opens the library built for this platform: `prebuilt/<platform>/` in this package, else the
 * package `@ts2go-example/hello-<platform>`, else a build of `go/` when Go is installed.
 *
 * @example
 * ```ts
 * using hello = await openHello();
 * await hello.sha256(new TextEncoder().encode("abc"));
 * ```
 */
export function openHello(): Promise<HelloClient> {
  return loadPrebuilt(loadHello, {
    name: "hello",
    dir: new URL("./prebuilt/", import.meta.url),
    packages: { prefix: "@ts2go-example/hello", from: import.meta.url },
    goDir: new URL("./go/", import.meta.url),
  });
}
