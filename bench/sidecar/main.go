// The HTTP sidecar baseline of bench/main.ts: the bench's Go methods behind net/http with JSON bodies.
//
//	go build -o sidecar . && ./sidecar -max 1000000
//
// It listens on a free port of 127.0.0.1, prints "listening 127.0.0.1:PORT" on stdout, and exits
// after -max requests, when its stdin closes (its parent died), or when killed.
package main

import (
	"encoding/binary"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"sync/atomic"
	"time"
)

type user struct {
	Name string `json:"name"`
	Age  uint8  `json:"age"`
}

type request struct {
	Users    []user `json:"users"`
	Balabala []byte `json:"balabala"`
}

type bytesRequest struct {
	Data []byte `json:"data"`
}

func main() {
	max := flag.Int64("max", 10_000_000, "exit after this many requests")
	flag.Parse()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	go func() {
		_, _ = io.Copy(io.Discard, os.Stdin)
		os.Exit(0)
	}()
	var served atomic.Int64
	count := func(w http.ResponseWriter) bool {
		if served.Add(1) > *max {
			http.Error(w, "request budget spent", http.StatusServiceUnavailable)
			go os.Exit(0)
			return false
		}
		return true
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /seed", jsonHandler(count, func(req request) any {
		time.Sleep(10 * time.Millisecond)
		pass := true
		for _, u := range req.Users {
			if u.Age < 18 {
				pass = false
			}
		}
		return map[string]bool{"pass": pass}
	}))
	mux.HandleFunc("POST /count_users", jsonHandler(count, func(req request) any {
		return map[string]int{"count": len(req.Users)}
	}))
	mux.HandleFunc("POST /sum_bytes", jsonHandler(count, func(req bytesRequest) any {
		return map[string]uint64{"sum": sumBytes(req.Data)}
	}))
	fmt.Printf("listening %s\n", ln.Addr())
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	_ = srv.Serve(ln)
}

// jsonHandler serves one method: it counts the request against -max, decodes its JSON body into T and
// answers serve's result as JSON.
func jsonHandler[T any](count func(http.ResponseWriter) bool, serve func(T) any) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !count(w) {
			return
		}
		var req T
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(serve(req))
	}
}

// sumBytes is bench/go/impl.go's sumBytes (SWAR, eight bytes at a time).
func sumBytes(b []byte) uint64 {
	const lo = 0x00FF00FF00FF00FF
	var total uint64
	for len(b) >= 8 {
		var lanes uint64
		n := min(len(b)/8, 128)
		for i := 0; i < n; i++ {
			w := binary.LittleEndian.Uint64(b[i*8:])
			lanes += (w & lo) + ((w >> 8) & lo)
		}
		total += (lanes & 0xFFFF) + ((lanes >> 16) & 0xFFFF) + ((lanes >> 32) & 0xFFFF) + (lanes >> 48)
		b = b[n*8:]
	}
	for _, c := range b {
		total += uint64(c)
	}
	return total
}
