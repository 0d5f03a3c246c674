package servicemodel

import (
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// allErrors lists every sentinel with the WWSAPI code it stands for.
var allErrors = []struct {
	code string
	err  error
}{
	{"WS_E_INVALID_OPERATION", ErrInvalidOperation},
	{"WS_E_OBJECT_FAULTED", ErrObjectFaulted},
	{"WS_E_OPERATION_ABORTED", ErrAborted},
	{"WS_E_OPERATION_TIMED_OUT", ErrTimedOut},
	{"WS_E_OPERATION_ABANDONED", ErrAbandoned},
	{"WS_E_QUOTA_EXCEEDED", ErrQuotaExceeded},
	{"WS_E_INVALID_FORMAT", ErrInvalidFormat},
	{"WS_E_NOT_SUPPORTED", ErrNotSupported},
	{"WS_E_ENDPOINT_DISCONNECTED", ErrEndpointDisconnected},
	{"WS_E_ENDPOINT_NOT_FOUND", ErrEndpointNotFound},
	{"WS_E_ENDPOINT_ACCESS_DENIED", ErrEndpointAccessDenied},
	{"WS_E_SECURITY_VERIFICATION_FAILURE", ErrSecurityVerification},
	{"WS_E_ENDPOINT_FAULT_RECEIVED", ErrEndpointFaultReceived},
	{"WS_E_ENDPOINT_UNREACHABLE", ErrEndpointUnreachable},
	{"WS_E_ENDPOINT_TOO_BUSY", ErrEndpointTooBusy},
	{"WS_E_ENDPOINT_ACTION_NOT_SUPPORTED", ErrEndpointActionNotSupported},
	{"WS_E_ENDPOINT_FAILURE", ErrEndpointFailure},
	{"WS_E_ENDPOINT_NOT_AVAILABLE", ErrEndpointNotAvailable},
	{"WS_E_INVALID_ENDPOINT_URL", ErrInvalidEndpointURL},
	{"WS_E_ADDRESS_IN_USE", ErrAddressInUse},
	{"WS_E_ADDRESS_NOT_AVAILABLE", ErrAddressNotAvailable},
}

// ownErrors lists the package's other sentinels with the WWSAPI code each
// wraps, if any.
var ownErrors = []struct {
	name string
	err  error
	code error // nil: none
}{
	{"ErrInvalidEndpoint", ErrInvalidEndpoint, nil},
	{"ErrNoHandler", ErrNoHandler, nil},
	{"ErrUnknownOperation", ErrUnknownOperation, nil},
	{"ErrOperationPanicked", ErrOperationPanicked, nil},
	{"ErrClosedChannel", ErrClosedChannel, nil},
	{"ErrUncorrelatedReply", ErrUncorrelatedReply, nil},
	{"ErrListenerClosed", ErrListenerClosed, nil},
	{"ErrHTTPNoReply", ErrHTTPNoReply, ErrEndpointFailure},
}

func TestErrorsDistinctAndPrefixed(t *testing.T) {
	texts := make(map[string]string)
	check := func(name string, err error) {
		msg := err.Error()
		if !strings.HasPrefix(msg, "servicemodel: ") {
			t.Errorf("%s: text %q, want prefix %q", name, msg, "servicemodel: ")
		}
		if prev, dup := texts[msg]; dup {
			t.Errorf("%s: text %q already used by %s", name, msg, prev)
		}
		texts[msg] = name
	}
	for _, tc := range allErrors {
		check(tc.code, tc.err)
	}
	for _, tc := range ownErrors {
		check(tc.name, tc.err)
	}
}

func TestErrorsIs(t *testing.T) {
	for _, tc := range allErrors {
		wrapped := fmt.Errorf("proxy call: %w", tc.err)
		for _, other := range allErrors {
			if got, want := errors.Is(wrapped, other.err), other.code == tc.code; got != want {
				t.Errorf("errors.Is(wrapped %s, %s) = %v, want %v", tc.code, other.code, got, want)
			}
		}
		for _, other := range ownErrors {
			if errors.Is(wrapped, other.err) {
				t.Errorf("errors.Is(wrapped %s, %s) = true", tc.code, other.name)
			}
		}
	}
	// The package's own sentinels are only themselves, and the code they
	// wrap; MapError leaves the one wrapping a code alone and maps none of
	// the others.
	for _, tc := range ownErrors {
		wrapped := fmt.Errorf("call: %w", tc.err)
		for _, other := range ownErrors {
			if got, want := errors.Is(wrapped, other.err), other.name == tc.name; got != want {
				t.Errorf("errors.Is(wrapped %s, %s) = %v, want %v", tc.name, other.name, got, want)
			}
		}
		for _, other := range allErrors {
			if got, want := errors.Is(wrapped, other.err), other.err == tc.code; got != want {
				t.Errorf("errors.Is(wrapped %s, %s) = %v, want %v", tc.name, other.code, got, want)
			}
		}
		if got := MapError(wrapped); got != wrapped {
			t.Errorf("MapError(%s) = %v; want it unchanged", tc.name, got)
		}
	}
}

// TestSentinelsInErrorsGo: every package-level error variable of the
// package (errors.New, fmt.Errorf, newError) is declared in errors.go, and
// every exported one is listed in allErrors or ownErrors.
func TestSentinelsInErrorsGo(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	exported := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, name, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.VAR {
				continue
			}
			for _, spec := range gd.Specs {
				vs := spec.(*ast.ValueSpec)
				for i, id := range vs.Names {
					if i >= len(vs.Values) || !isErrorConstructor(vs.Values[i]) {
						continue
					}
					if name != "errors.go" {
						t.Errorf("%s: error variable %s; sentinels belong in errors.go", fset.Position(id.Pos()), id.Name)
					}
					if id.IsExported() {
						exported++
					}
				}
			}
		}
	}
	if want := len(allErrors) + len(ownErrors); exported != want {
		t.Errorf("%d exported sentinels; allErrors and ownErrors list %d", exported, want)
	}
}

// isErrorConstructor reports a call of errors.New, fmt.Errorf or newError.
func isErrorConstructor(e ast.Expr) bool {
	call, ok := e.(*ast.CallExpr)
	if !ok {
		return false
	}
	switch fn := call.Fun.(type) {
	case *ast.Ident:
		return fn.Name == "newError"
	case *ast.SelectorExpr:
		pkg, ok := fn.X.(*ast.Ident)
		return ok && (pkg.Name == "errors" && fn.Sel.Name == "New" || pkg.Name == "fmt" && fn.Sel.Name == "Errorf")
	}
	return false
}
