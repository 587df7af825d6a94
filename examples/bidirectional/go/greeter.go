package main

import (
	"context"
	"fmt"
)

type greeter struct{}

func init() { RegisterGreeter(greeter{}) }

// Greet calls back into TypeScript twice while it serves a TypeScript call. The ctx of the call
// routes those calls to the client that made it.
func (greeter) Greet(ctx context.Context, id uint32) (string, error) {
	user, err := Logger{}.Lookup(ctx, id)
	if err != nil {
		return "", fmt.Errorf("greet %d: %w", id, err)
	}
	if err := (Logger{}).Log(ctx, fmt.Sprintf("[Go] greeting %s (#%d)", user.Name, user.Id)); err != nil {
		return "", err
	}
	return "hello, " + user.Name, nil
}

// GreetSync shows the deadlock guard: JS cannot serve Lookup while it waits for GreetSync, so the
// call fails at once with an error that names this method.
func (greeter) GreetSync(id uint32) (string, error) {
	user, err := Logger{}.Lookup(context.Background(), id)
	if err != nil {
		return "", err
	}
	return "hello, " + user.Name, nil
}
