package nettcp

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"time"
)

// Sentinel errors of the framing layer ([MC-NMF] 2.2, 3.1.5). Framing faults
// received from a peer are *FaultError values that also match the sentinel of
// their code with errors.Is.
var (
	// ErrMaxMessageSize reports a sized envelope (or an unsized stream) larger
	// than the configured maximum ([MC-NMF] 2.2.3.6; WCF MaxBufferSize).
	ErrMaxMessageSize = errors.New("nettcp: max message size exceeded")
	// ErrTimeout reports an operation that ran past its timeout.
	ErrTimeout = errors.New("nettcp: timeout")
	// ErrClosed reports use of a session that was closed gracefully.
	ErrClosed = errors.New("nettcp: session closed")
	// ErrAborted reports use of a session that was aborted.
	ErrAborted = errors.New("nettcp: session aborted")
	// ErrProtocol reports a framing violation: an unexpected record type, a
	// malformed size, a record that does not fit the current state.
	ErrProtocol = errors.New("nettcp: framing protocol violation")
	// ErrLooksLikeHTTP reports a preamble answered with 'H' or 'h': the peer is
	// probably an HTTP server, not a net.tcp listener.
	ErrLooksLikeHTTP = errors.New("nettcp: peer answered like an HTTP server, not net.tcp")
	// ErrListenerClosed reports Accept on a closed Listener.
	ErrListenerClosed = errors.New("nettcp: listener closed")
	// ErrInvalidVia reports a Via that is not an absolute net.tcp URI.
	ErrInvalidVia = errors.New("nettcp: invalid via")
	// ErrWrongMode reports a call that does not fit the session's mode, such as
	// NextWriter on a duplex session.
	ErrWrongMode = errors.New("nettcp: operation not valid in this mode")
)

// protocolError wraps ErrProtocol with a detail.
func protocolError(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrProtocol, fmt.Sprintf(format, args...))
}

// ioError maps a net error to the package's errors: deadline expiry becomes
// ErrTimeout (and also matches context.DeadlineExceeded when ctx's deadline
// caused it); a cancelled ctx gives its cause. This is the one
// place where transport errors are translated.
func ioError(ctx context.Context, err error) error {
	if err == nil {
		return nil
	}
	if ctx != nil && ctx.Err() != nil {
		if ctx.Err() == context.DeadlineExceeded {
			return fmt.Errorf("%w: %w: %w", ErrTimeout, context.Cause(ctx), err)
		}
		return fmt.Errorf("%w: %w", context.Cause(ctx), err)
	}
	if isTimeout(err) {
		if dl, ok := ctxDeadline(ctx); ok && !time.Now().Before(dl) {
			return fmt.Errorf("%w: %w: %w", ErrTimeout, context.DeadlineExceeded, err)
		}
		return fmt.Errorf("%w: %w", ErrTimeout, err)
	}
	return err
}

func ctxDeadline(ctx context.Context) (time.Time, bool) {
	if ctx == nil {
		return time.Time{}, false
	}
	return ctx.Deadline()
}

// isTimeout reports a deadline's error.
func isTimeout(err error) bool {
	var ne net.Error
	return errors.Is(err, os.ErrDeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout())
}
