package xmltext

// Reader errors and their positions (XML 1.0 §2.11 line ends count once).

import (
	"errors"
	"io"
	"strconv"
	"unicode/utf8"
)

// Sentinel errors. Reader errors are *Error values wrapping one of
// ErrSyntax (WS_E_INVALID_FORMAT) or ErrQuotaExceeded (WS_E_QUOTA_EXCEEDED);
// truncated input also wraps io.ErrUnexpectedEOF.
var (
	// ErrSyntax reports input that is not well-formed XML 1.0 with namespaces.
	ErrSyntax = errors.New("xmltext: syntax error")
	// ErrQuotaExceeded reports input over one of the reader's Quotas.
	ErrQuotaExceeded = errors.New("xmltext: quota exceeded")
	// ErrInvalidName reports a writer call with a name that is not an NCName.
	ErrInvalidName = errors.New("xmltext: invalid XML name")
	// ErrInvalidChar reports text or a comment a writer cannot represent in XML 1.0.
	ErrInvalidChar = errors.New("xmltext: invalid XML character")
	// ErrNamespace reports a namespace binding that XML namespaces forbid.
	ErrNamespace = errors.New("xmltext: invalid namespace binding")
)

// Error is a reader error with the position where it was found.
type Error struct {
	Line, Col int    // 1-based position in the (UTF-8 decoded) document
	Err       error  // ErrSyntax or ErrQuotaExceeded
	Msg       string // what was wrong
	EOF       bool   // the input ended too early (wraps io.ErrUnexpectedEOF)
}

// Error renders e as "xmltext: syntax error: msg at line:col".
func (e *Error) Error() string {
	s := e.Err.Error()
	if e.Msg != "" {
		s += ": " + e.Msg
	}
	return s + " at " + strconv.Itoa(e.Line) + ":" + strconv.Itoa(e.Col)
}

// Unwrap returns the sentinel, and io.ErrUnexpectedEOF for truncated input.
func (e *Error) Unwrap() []error {
	if e.EOF {
		return []error{e.Err, io.ErrUnexpectedEOF}
	}
	return []error{e.Err}
}

// position converts a byte offset in b to a 1-based line and column
// (columns count characters). CRLF, CR and LF each end a line.
func position(b []byte, off int) (line, col int) {
	off = min(max(off, 0), len(b))
	line, start := 1, 0
	for i := 0; i < off; i++ {
		switch b[i] {
		case '\n':
			line, start = line+1, i+1
		case '\r':
			if i+1 >= len(b) || b[i+1] != '\n' {
				line, start = line+1, i+1
			}
		}
	}
	return line, utf8.RuneCount(b[start:off]) + 1
}
