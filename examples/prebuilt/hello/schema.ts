// The schema of @ts2go-example/hello: Go's text/template and crypto/sha256, called from TypeScript.

export interface Hello {
  /** Renders a Go text/template with `data` (sync). */
  render(template: string, data: Map<string, string>): string;
  /** SHA-256 of `data` in hex, computed in a goroutine (async). */
  sha256(data: Uint8Array): Promise<string>;
}
