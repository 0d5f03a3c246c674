package soap

// Sentinel errors of the message model. Faults received from a peer are
// *Fault values, not these.

import (
	"errors"
	"fmt"
)

var (
	// ErrMalformed reports an envelope that is well-formed XML but not a
	// valid SOAP envelope (missing Body, header content that cannot be read).
	ErrMalformed = errors.New("soap: malformed envelope")
	// ErrVersionMismatch reports an envelope whose namespace is not the
	// expected SOAP version (SOAP 1.2 Part 1 §5.4.7 VersionMismatch).
	ErrVersionMismatch = errors.New("soap: envelope version mismatch")
	// ErrDuplicateHeader reports an addressing header that occurs twice.
	ErrDuplicateHeader = errors.New("soap: duplicate addressing header")
	// ErrQuotaExceeded reports input over a configured limit
	// (MaxReceivedMessageSize, maximum depth).
	ErrQuotaExceeded = errors.New("soap: quota exceeded")
	// ErrBodyConsumed reports a second attempt to read a message body.
	ErrBodyConsumed = errors.New("soap: message body already read")
	// ErrNotFault reports Fault called on a message whose body is not a fault.
	ErrNotFault = errors.New("soap: message is not a fault")
	// ErrUnsupportedType reports a Go type the body codec cannot map.
	ErrUnsupportedType = errors.New("soap: unsupported type")
	// ErrDecode reports body content that does not match the Go type.
	ErrDecode = errors.New("soap: cannot decode")
)

func wrapf(sentinel error, format string, args ...any) error {
	return fmt.Errorf("%w: %s", sentinel, fmt.Sprintf(format, args...))
}
