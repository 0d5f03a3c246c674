// RunClient: running CalcClient.exe (testdata/mono/CalcClient.cs) and reading its verdicts.

package monotest

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// clientTimeout bounds one CalcClient run. Every op has 15–20 s timeouts of its own, so only a
// wedged Mono runtime reaches it.
const clientTimeout = 3 * time.Minute

// The client's operations, in the order it runs them by default.
var allOps = []string{"add", "echo", "fail", "notify", "blob", "delay", "delay-timeout"}

// AllOps returns the names of every CalcClient operation, in the order it runs them.
func AllOps() []string { return slices.Clone(allOps) }

// Errors of RunClient; the returned error wraps one of them.
var (
	// ErrClientFailed: the client ran, but an op failed, an op is missing or it exited non-zero.
	ErrClientFailed = errors.New("monotest: client reported failures")
	// ErrClientTimeout: the client did not finish within its time limit and was killed.
	ErrClientTimeout = errors.New("monotest: client timed out")
)

// OpResult is one line of CalcClient's output.
type OpResult struct {
	Op     string // e.g. "add", "delay-timeout"
	OK     bool   // the line began with OK
	Detail string // what follows the op name: a result summary or the failure message
}

// Result is one run of CalcClient.
type Result struct {
	Ops      []OpResult    // one per OK/FAIL line, in output order
	Other    []string      // stdout lines that are neither OK nor FAIL
	ExitCode int           // -1 when killed
	Stderr   string        // tail of stderr: stack traces of failed ops
	Elapsed  time.Duration // wall time of the run, Mono start-up included
}

// Op returns the result of the op, and whether there was one.
func (r Result) Op(name string) (OpResult, bool) {
	i := slices.IndexFunc(r.Ops, func(o OpResult) bool { return o.Op == name })
	if i < 0 {
		return OpResult{}, false
	}
	return r.Ops[i], true
}

// RunClient builds the programs and runs CalcClient.exe with the binding (NetTCP, SOAP12,
// SOAP11 or WSHTTP) against the address, running ops (default AllOps). The error is nil only if every op
// printed OK and the client exited with 0; otherwise it wraps ErrClientFailed or
// ErrClientTimeout and the client's stderr is logged. Result holds what could be read either way.
func RunClient(t testing.TB, binding, address string, ops ...string) (Result, error) {
	t.Helper()
	dir := Build(t)
	ctx, cancel := context.WithTimeout(context.Background(), clientTimeout)
	defer cancel()
	r, err := runClient(ctx, dir, binding, address, ops)
	if err != nil && monoRuntimeCrashed(r) {
		// Mono's own runtime aborted (an assertion in its thread pool,
		// seen at exit after every op had printed OK): not a verdict on
		// the service. Run the whole client once more; that run decides.
		t.Logf("monotest: CalcClient %s %s: the Mono runtime crashed (%v); running it again.\nclient stderr:\n%s", binding, address, err, r.Stderr)
		r, err = runClient(ctx, dir, binding, address, ops)
	}
	if err != nil {
		t.Logf("monotest: CalcClient %s %s: %v\nclient stderr:\n%s", binding, address, err, r.Stderr)
	}
	return r, err
}

// monoRuntimeCrashed reports a run that Mono's runtime ended itself with
// a signal and its crash dump: an assertion in the runtime, not an
// exception of the program.
func monoRuntimeCrashed(r Result) bool {
	return r.ExitCode == -1 && strings.Contains(r.Stderr, "monoeg_assertion_message")
}

func runClient(ctx context.Context, dir, binding, address string, ops []string) (Result, error) {
	args := append([]string{"--debug", filepath.Join(dir, clientExe), binding, address}, ops...)
	cmd := exec.CommandContext(ctx, "mono", args...)
	cmd.Dir = dir
	var stdout, stderr tailBuffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.WaitDelay = 5 * time.Second
	start := time.Now()
	runErr := cmd.Run()
	r := Result{Elapsed: time.Since(start), Stderr: stderr.String(), ExitCode: cmd.ProcessState.ExitCode()}
	r.Ops, r.Other = parseOutput(stdout.String())
	if ctx.Err() != nil {
		return r, fmt.Errorf("%w after %v", ErrClientTimeout, r.Elapsed.Round(time.Millisecond))
	}
	var exitErr *exec.ExitError
	if runErr != nil && !errors.As(runErr, &exitErr) {
		return r, fmt.Errorf("monotest: run client: %w", runErr)
	}
	if len(ops) == 0 {
		ops = allOps
	}
	return r, verdict(r, ops)
}

// verdict checks that every wanted op printed OK and that the client exited with 0.
func verdict(r Result, want []string) error {
	var problems []string
	for _, op := range want {
		o, ok := r.Op(op)
		switch {
		case !ok:
			problems = append(problems, "no result for "+op)
		case !o.OK:
			problems = append(problems, "FAIL "+op+" "+o.Detail)
		}
	}
	if r.ExitCode != 0 && len(problems) == 0 {
		problems = append(problems, fmt.Sprintf("exit code %d", r.ExitCode))
	}
	if len(problems) > 0 {
		return fmt.Errorf("%w: %s", ErrClientFailed, strings.Join(problems, "; "))
	}
	return nil
}

// parseOutput splits CalcClient's stdout into op results ("OK <op> <detail>",
// "FAIL <op> <message>") and other lines.
func parseOutput(out string) (ops []OpResult, other []string) {
	for line := range strings.Lines(out) {
		line = strings.TrimRight(line, "\r\n")
		if o, ok := parseLine(line); ok {
			ops = append(ops, o)
		} else if line != "" {
			other = append(other, line)
		}
	}
	return ops, other
}

// parseLine parses one OK or FAIL line.
func parseLine(line string) (OpResult, bool) {
	verb, rest, _ := strings.Cut(line, " ")
	if verb != "OK" && verb != "FAIL" {
		return OpResult{}, false
	}
	op, detail, _ := strings.Cut(rest, " ")
	if op == "" {
		return OpResult{}, false
	}
	return OpResult{Op: op, OK: verb == "OK", Detail: detail}, true
}
