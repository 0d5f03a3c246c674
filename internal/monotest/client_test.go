package monotest

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseOutput(t *testing.T) {
	tests := []struct {
		name      string
		out       string
		wantOps   []OpResult
		wantOther []string
	}{
		{"empty", "", nil, nil},
		{
			"ok and fail",
			"OK add 2+3=5\nFAIL fail FaultException: reason \"x\"\r\nOK delay-timeout timeout after 1003ms, then 2+3=5\n",
			[]OpResult{
				{Op: "add", OK: true, Detail: "2+3=5"},
				{Op: "fail", Detail: `FaultException: reason "x"`},
				{Op: "delay-timeout", OK: true, Detail: "timeout after 1003ms, then 2+3=5"},
			},
			nil,
		},
		{"no detail", "OK notify", []OpResult{{Op: "notify", OK: true}}, nil},
		{
			"other lines",
			"Mono warning: something\nOK\nOKAY add\nok add x\n\nFAIL  blob\n",
			nil,
			[]string{"Mono warning: something", "OK", "OKAY add", "ok add x", "FAIL  blob"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ops, other := parseOutput(tt.out)
			if d := cmp.Diff(tt.wantOps, ops); d != "" {
				t.Errorf("ops mismatch (-want +got):\n%s", d)
			}
			if d := cmp.Diff(tt.wantOther, other); d != "" {
				t.Errorf("other lines mismatch (-want +got):\n%s", d)
			}
		})
	}
}

func TestVerdict(t *testing.T) {
	okAdd := OpResult{Op: "add", OK: true, Detail: "2+3=5"}
	tests := []struct {
		name    string
		r       Result
		want    []string
		wantErr error
	}{
		{"all ok", Result{Ops: []OpResult{okAdd}}, []string{"add"}, nil},
		{"a fail", Result{Ops: []OpResult{okAdd, {Op: "fail"}}, ExitCode: 1}, []string{"add", "fail"}, ErrClientFailed},
		{"missing op", Result{Ops: []OpResult{okAdd}}, []string{"add", "echo"}, ErrClientFailed},
		{"bad exit code", Result{Ops: []OpResult{okAdd}, ExitCode: 3}, []string{"add"}, ErrClientFailed},
		{"killed", Result{Ops: []OpResult{okAdd}, ExitCode: -1}, []string{"add"}, ErrClientFailed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := verdict(tt.r, tt.want); !errors.Is(err, tt.wantErr) || (err == nil) != (tt.wantErr == nil) {
				t.Errorf("verdict = %v, want %v", err, tt.wantErr)
			}
		})
	}
}

func TestResultOp(t *testing.T) {
	r := Result{Ops: []OpResult{{Op: "add", OK: true}, {Op: "echo"}}}
	if o, ok := r.Op("echo"); !ok || o.Op != "echo" || o.OK {
		t.Errorf("Op(echo) = %+v, %v; want the failed echo", o, ok)
	}
	if o, ok := r.Op("blob"); ok {
		t.Errorf("Op(blob) = %+v, true; want none", o)
	}
}

func TestAllOpsIsACopy(t *testing.T) {
	a := AllOps()
	a[0] = "changed"
	if got := AllOps()[0]; got != "add" {
		t.Errorf("AllOps()[0] = %q after changing a copy, want \"add\"", got)
	}
}

// Only a run Mono's runtime aborted with its own crash dump counts as a
// runtime crash worth a second run: a failing op, an exit code, or a kill
// without the dump does not.
func TestMonoRuntimeCrashed(t *testing.T) {
	dump := "=====\n\tExternal Debugger Dump:\n#13 0x00005653ff7fbad3 in monoeg_assertion_message ()\n"
	for _, tc := range []struct {
		r    Result
		want bool
	}{
		{Result{ExitCode: -1, Stderr: dump}, true},
		{Result{ExitCode: -1, Stderr: "killed"}, false},
		{Result{ExitCode: 1, Stderr: dump}, false},
		{Result{ExitCode: 0}, false},
	} {
		if got := monoRuntimeCrashed(tc.r); got != tc.want {
			t.Errorf("monoRuntimeCrashed(exit %d, %q) = %v, want %v", tc.r.ExitCode, tc.r.Stderr, got, tc.want)
		}
	}
}
