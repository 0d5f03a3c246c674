package binxml

import (
	"errors"
	"fmt"
	"io"
	"strconv"
)

// Errors a Reader wraps in a *SyntaxError ([MC-NBFX] 2 record grammar).
// Truncated input wraps io.ErrUnexpectedEOF and quota violations wrap
// ErrQuotaExceeded.
var (
	// ErrMalformed reports bytes that break the [MC-NBFX] record grammar.
	ErrMalformed = errors.New("nbfx: malformed binary XML")
	// ErrUnknownID reports a dictionary id that names no string: an even id
	// past the [MC-NBFS] table, or an odd id the session has not defined.
	ErrUnknownID = errors.New("nbfx: unknown dictionary id")
)

// SyntaxError is a Reader error with the offset of the record at fault.
type SyntaxError struct {
	Offset int64  // byte offset of the record in the document
	Msg    string // what is wrong, e.g. "unknown record 0x7A"
	Err    error  // ErrMalformed, ErrUnknownID, ErrQuotaExceeded, io.ErrUnexpectedEOF or a source error
}

// Error renders e as "nbfx: offset N: msg".
func (e *SyntaxError) Error() string {
	return "nbfx: offset " + strconv.FormatInt(e.Offset, 10) + ": " + e.Msg
}

// Unwrap returns the sentinel (or source) error e wraps.
func (e *SyntaxError) Unwrap() error { return e.Err }

// fail records a malformed-input error at the current record.
func (r *Reader) fail(format string, args ...any) error {
	return r.errAt(ErrMalformed, fmt.Sprintf(format, args...))
}

// quota records a quota violation at the current record.
func (r *Reader) quota(name string, limit int) error {
	return r.errAt(ErrQuotaExceeded, quotaMsg(name, limit))
}

// truncated records input that ends inside the current record.
func (r *Reader) truncated() error {
	if r.srcErr != nil && r.srcErr != io.EOF {
		return r.errAt(r.srcErr, fmt.Sprintf("record 0x%02X: reading input: %v", r.rec, r.srcErr))
	}
	if r.rec == 0 {
		return r.errAt(io.ErrUnexpectedEOF, "unexpected end of input: document incomplete")
	}
	return r.errAt(io.ErrUnexpectedEOF, fmt.Sprintf("record 0x%02X: unexpected end of input", r.rec))
}

func (r *Reader) errAt(err error, msg string) error {
	return &SyntaxError{Offset: r.base + int64(r.recStart), Msg: msg, Err: err}
}
