// Exit codes of wsproxy and the one place errors are mapped to them.

package cli

import (
	"errors"

	"github.com/wwsgo/wws/soap"
)

// Exit codes.
const (
	ExitOK        = 0 // success
	ExitFault     = 1 // the service answered with a SOAP fault
	ExitUsage     = 2 // bad command line, unreadable body or input
	ExitTransport = 3 // transport error or timeout
)

// usageError marks an error caused by the command line.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

// usagef returns a usage error.
func usagef(err error) error { return usageError{err} }

// exitCode maps an error to the exit code of the command that returned it.
func exitCode(err error) int {
	var ue usageError
	var f *soap.Fault
	switch {
	case err == nil:
		return ExitOK
	case errors.As(err, &ue):
		return ExitUsage
	case errors.As(err, &f):
		return ExitFault
	}
	return ExitTransport
}
