// The floor: a raw-TCP ping-pong of length-prefixed messages framed as
// net.tcp frames a sized envelope ([MC-NMF] §2.2.3.4: a record type byte,
// the size as a variable-length integer, the payload), with a request and a
// reply of the sizes of the Add envelopes. The server reads each request
// whole through a buffered reader and answers with one write; each client
// caller writes a request and reads its reply whole, one in flight per
// connection, as wsproxy bench does.

package main

import (
	"bufio"
	"encoding/binary"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// sizedEnvelope is the record type of [MC-NMF] §2.2.3.4.
const sizedEnvelope = 0x06

// frame returns a framed message whose payload makes it total bytes long,
// or one byte short where the size's encoding grows by a byte (a total of
// 130 is 1 + 1 + 127 or 1 + 2 + 128).
func frame(total int) []byte {
	payload := total - 2
	for 1+uvarintLen(payload)+payload > total {
		payload--
	}
	b := []byte{sizedEnvelope}
	b = binary.AppendUvarint(b, uint64(payload))
	return append(b, make([]byte, payload)...)
}

func uvarintLen(n int) int {
	var b [binary.MaxVarintLen64]byte
	return binary.PutUvarint(b[:], uint64(n))
}

// readFrame reads one framed message into buf (grown when needed).
func readFrame(r *bufio.Reader, buf []byte) ([]byte, error) {
	t, err := r.ReadByte()
	if err != nil {
		return buf, err
	}
	if t != sizedEnvelope {
		return buf, fmt.Errorf("record type %#x", t)
	}
	n, err := binary.ReadUvarint(r)
	if err != nil {
		return buf, err
	}
	if n > 1<<20 {
		return buf, errors.New("frame too large")
	}
	if cap(buf) < int(n) {
		buf = make([]byte, n)
	}
	_, err = io.ReadFull(r, buf[:n])
	return buf, err
}

// pingPongServer answers every framed request with a framed reply of
// -reply bytes. It prints its address on stdout and serves until killed.
func pingPongServer(args []string) int {
	fs := flag.NewFlagSet("pingpong-server", flag.ExitOnError)
	reply := fs.Int("reply", 200, "framed reply size")
	fs.Parse(args)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	fmt.Println(ln.Addr())
	out := frame(*reply)
	for {
		c, err := ln.Accept()
		if err != nil {
			return 1
		}
		go func() {
			defer c.Close()
			r := bufio.NewReaderSize(c, 64<<10)
			var buf []byte
			for {
				if buf, err = readFrame(r, buf); err != nil {
					return
				}
				if _, err := c.Write(out); err != nil {
					return
				}
			}
		}()
	}
}

// report is what a client prints: the fields of wsproxy bench -json that
// loadtest reads.
type report struct {
	Calls       int     `json:"calls"`
	Errors      int     `json:"errors"`
	Seconds     float64 `json:"seconds"`
	CallsPerSec float64 `json:"calls_per_second"`
	P50ms       float64 `json:"p50_ms"`
	P99ms       float64 `json:"p99_ms"`
	FirstError  string  `json:"first_error,omitempty"`
}

// pingPongClient makes -n calls from -c callers, each on its own
// connection, and prints a report as JSON.
func pingPongClient(args []string) int {
	fs := flag.NewFlagSet("pingpong-client", flag.ExitOnError)
	addr := fs.String("addr", "", "server address")
	reqSize := fs.Int("req", 400, "framed request size")
	n := fs.Int("n", 1000, "calls in all")
	c := fs.Int("c", 1, "concurrent callers")
	fs.Parse(args)
	req := frame(*reqSize)
	var left atomic.Int64
	left.Store(int64(*n))
	lat := make([][]time.Duration, *c)
	errs := make([]error, *c)
	start := time.Now()
	var wg sync.WaitGroup
	for i := range *c {
		wg.Go(func() {
			conn, err := net.Dial("tcp", *addr)
			if err != nil {
				errs[i] = err
				return
			}
			defer conn.Close()
			r := bufio.NewReaderSize(conn, 64<<10)
			var buf []byte
			for left.Add(-1) >= 0 {
				t0 := time.Now()
				if _, err = conn.Write(req); err == nil {
					buf, err = readFrame(r, buf)
				}
				lat[i] = append(lat[i], time.Since(t0))
				if err != nil {
					errs[i] = err
					return
				}
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	var all []time.Duration
	for _, l := range lat {
		all = append(all, l...)
	}
	slices.Sort(all)
	rep := report{Calls: len(all), Seconds: elapsed.Seconds(), CallsPerSec: float64(len(all)) / elapsed.Seconds()}
	if len(all) > 0 {
		rep.P50ms = msOf(all[(len(all)+1)/2-1])
		rep.P99ms = msOf(all[(99*len(all)+99)/100-1])
	}
	for _, err := range errs {
		if err != nil {
			rep.Errors++
			if rep.FirstError == "" {
				rep.FirstError = err.Error()
			}
		}
	}
	json.NewEncoder(os.Stdout).Encode(rep)
	if rep.Errors > 0 {
		return 1
	}
	return 0
}

func msOf(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
