package kerberos

import (
	"errors"
	"fmt"
)

// Sentinel errors. Every failure matches ErrSecurityVerification; the
// others say which check failed.
var (
	// ErrSecurityVerification: a token failed its checks or a context
	// could not be established; named after WWSAPI's
	// WS_E_SECURITY_VERIFICATION_FAILURE.
	ErrSecurityVerification = errors.New("kerberos: security verification failed")
	// ErrLogonDenied: the KDC refused the client's credentials (wrong
	// password, unknown user: KDC_ERR_PREAUTH_FAILED,
	// KDC_ERR_C_PRINCIPAL_UNKNOWN), or none could be had.
	ErrLogonDenied = errors.New("kerberos: logon denied")
	// ErrWrongPrincipal: no ticket for the target name (the KDC does not
	// know the SPN: KDC_ERR_S_PRINCIPAL_UNKNOWN), or the server's keytab
	// has no key for the ticket's service (KRB_AP_ERR_NOKEY,
	// KRB_AP_ERR_BAD_INTEGRITY).
	ErrWrongPrincipal = errors.New("kerberos: wrong principal")
	// ErrSkew: the clocks differ by more than the allowed skew
	// (KRB_AP_ERR_SKEW).
	ErrSkew = errors.New("kerberos: clock skew too great")
	// ErrReplay: an authenticator seen before (KRB_AP_ERR_REPEAT).
	ErrReplay = errors.New("kerberos: replayed authenticator")
	// ErrUnsupported: an encryption type this package does not implement.
	ErrUnsupported = errors.New("kerberos: unsupported encryption type")
)

// fail wraps kind (and ErrSecurityVerification) with a detail.
func fail(kind error, format string, args ...any) error {
	msg := fmt.Sprintf(format, args...)
	if kind == ErrSecurityVerification {
		return fmt.Errorf("%w: %s", kind, msg)
	}
	return fmt.Errorf("%w: %w: %s", ErrSecurityVerification, kind, msg)
}
