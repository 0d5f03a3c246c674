// Command loadtest measures wws against its floor on this machine, in one
// run (README "Performance"; `make loadtest`): a raw-TCP length-prefixed
// ping-pong whose request and reply have the framed sizes of a warm net.tcp
// Add request and reply, then wshost with `wsproxy bench`, both as real
// processes at the same concurrency and call count, alternating for
// -rounds rounds, then both again with one caller, alternating for -rounds1
// shorter runs. It prints calls/s and each process's CPU time per call
// (user+sys, from /proc/PID/stat for the servers and the rusage of the
// clients), then the -c 1 p50 latencies with the median of the
// alternations' p50 ratios and its spread, each beside its target ratio:
//
//	calls/s                ≥ 0.7 × ping-pong
//	wshost CPU/call        ≤ 1.5 × ping-pong server's
//	bench client CPU/call  ≤ 1.5 × ping-pong client's
//	-c 1 p50               ≤ 1.3 × ping-pong's
//
// The ping-pong server and client are this program run again with a role
// argument (pingpong-server, pingpong-client).
package main

import (
	"flag"
	"fmt"
	"os"
)

func main() {
	if len(os.Args) > 1 {
		switch os.Args[1] {
		case "pingpong-server":
			os.Exit(pingPongServer(os.Args[2:]))
		case "pingpong-client":
			os.Exit(pingPongClient(os.Args[2:]))
		}
	}
	var o options
	fs := flag.NewFlagSet("loadtest", flag.ExitOnError)
	fs.IntVar(&o.c, "c", 16, "concurrent callers, each on its own connection")
	fs.IntVar(&o.n, "n", 100000, "calls in all per measured run")
	fs.IntVar(&o.n1, "n1", 10000, "calls of each -c 1 latency run")
	fs.IntVar(&o.rounds, "rounds", 2, "alternating rounds of ping-pong and wws at -c (0: none)")
	fs.IntVar(&o.rounds1, "rounds1", 12, "alternations of the -c 1 latency runs (0: none)")
	fs.StringVar(&o.bin, "bin", "", "directory holding wshost and wsproxy (default: built into a temporary directory); several, comma-separated, to compare builds in one run")
	fs.BoolVar(&o.verbose, "v", false, "print each run")
	fs.Parse(os.Args[1:])
	if err := run(&o); err != nil {
		fmt.Fprintf(os.Stderr, "loadtest: %v\n", err)
		os.Exit(1)
	}
}
