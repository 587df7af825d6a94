package main

import (
	"context"
	"fmt"
	"time"
)

type demo struct{}

func init() { RegisterDemoCall(demo{}) }

func (demo) DemoOneway(req *DemoUser) error {
	fmt.Printf("[Go-oneway] Golang received name: %s, age: %d\n", req.Name, req.Age)
	return nil
}

func (demo) DemoCheck(req *DemoComplicatedRequest) (DemoResponse, error) {
	fmt.Printf("[Go-call] Golang received %d users and %d bytes\n", len(req.Users), len(req.Balabala))
	return DemoResponse{Pass: allAdults(req.Users)}, nil
}

func (demo) DemoCheckAsync(ctx context.Context, req *DemoComplicatedRequest) (DemoResponse, error) {
	fmt.Printf("[Go-call async] Golang received %d users, sleeping 1s\n", len(req.Users))
	select {
	case <-time.After(time.Second):
	case <-ctx.Done():
		return DemoResponse{}, ctx.Err()
	}
	return DemoResponse{Pass: allAdults(req.Users)}, nil
}

func allAdults(users []DemoUser) bool {
	for _, u := range users {
		if u.Age < 18 {
			return false
		}
	}
	return true
}
