package main

import (
	"context"
	"strings"
)

// greeter implements the Greeter service of schema.ts (its Go interface is in gen.go).
type greeter struct{}

func init() { RegisterGreeter(greeter{}) }

func (greeter) Hello(req *HelloRequest) (HelloReply, error) {
	return HelloReply{Message: "Hello, " + req.Name + "!"}, nil
}

func (greeter) CountWords(ctx context.Context, text string) (WordCount, error) {
	words := strings.Fields(text)
	longest := ""
	for _, w := range words {
		if len(w) > len(longest) {
			longest = w
		}
	}
	return WordCount{Words: uint32(len(words)), Longest: longest}, nil
}
