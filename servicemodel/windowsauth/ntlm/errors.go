package ntlm

import (
	"errors"
	"fmt"
)

// Sentinel errors. Every failure of a handshake or of session security
// matches ErrSecurityVerification, named after WWSAPI's
// WS_E_SECURITY_VERIFICATION_FAILURE; the others say which check failed.
var (
	// ErrSecurityVerification: a message or a protected payload failed its
	// checks; the context cannot be used further.
	ErrSecurityVerification = errors.New("ntlm: security verification failed")
	// ErrMalformedMessage: an NTLM message or a field of it is malformed
	// (bad signature or type, a field outside the message, odd UTF-16).
	ErrMalformedMessage = errors.New("ntlm: malformed message")
	// ErrLogonDenied: the server rejected the credentials (SEC_E_LOGON_DENIED):
	// unknown user, wrong password, anonymous logon.
	ErrLogonDenied = errors.New("ntlm: logon denied")
	// ErrNegotiation: the peer did not agree to the flags this side requires
	// (extended session security, signing, sealing, 128-bit keys, key
	// exchange), or a message does not fit the handshake's state.
	ErrNegotiation = errors.New("ntlm: negotiation failed")
)

// verifyError wraps kind (and ErrSecurityVerification) with a detail.
func verifyError(kind error, format string, args ...any) error {
	if kind == ErrSecurityVerification {
		return fmt.Errorf("%w: %s", kind, fmt.Sprintf(format, args...))
	}
	return fmt.Errorf("%w: %w: %s", ErrSecurityVerification, kind, fmt.Sprintf(format, args...))
}

// malformed reports a malformed message.
func malformed(format string, args ...any) error {
	return verifyError(ErrMalformedMessage, format, args...)
}
