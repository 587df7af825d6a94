// The Go side of @ts2go-example/hello: a thin wrapper over two packages of Go's standard library.
package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"text/template"
)

type hello struct{}

func init() { RegisterHello(hello{}) }

// Render executes template with data; a missing key is an error rather than "<no value>".
func (hello) Render(tmpl string, data map[string]string) (string, error) {
	t, err := template.New("render").Option("missingkey=error").Parse(tmpl)
	if err != nil {
		return "", err
	}
	var out bytes.Buffer
	if err := t.Execute(&out, data); err != nil {
		return "", err
	}
	return out.String(), nil
}

func (hello) Sha256(ctx context.Context, data []byte) (string, error) {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:]), nil
}
