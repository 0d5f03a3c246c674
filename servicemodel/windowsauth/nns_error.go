package windowsauth

import (
	"errors"

	"github.com/wwsgo/wws/nettcp"
	"github.com/wwsgo/wws/servicemodel/windowsauth/kerberos"
	"github.com/wwsgo/wws/servicemodel/windowsauth/ntlm"
)

// SSPI status codes sent in a HandshakeError message.
const (
	secETimeSkew       uint32 = 0x80090324 // SEC_E_TIME_SKEW
	secEWrongPrincipal uint32 = 0x80090322 // SEC_E_WRONG_PRINCIPAL
)

// nnsError gives a mechanism's failure the code its HandshakeError
// carries, as Windows' SSPI would report it: SEC_E_LOGON_DENIED for refused
// credentials, SEC_E_TIME_SKEW, SEC_E_WRONG_PRINCIPAL, else
// SEC_E_INVALID_TOKEN.
func nnsError(err error) error {
	if err == nil {
		return nil
	}
	var ae *nettcp.NNSAuthError
	if errors.As(err, &ae) {
		return err
	}
	code := nettcp.NNSErrInvalidToken
	switch {
	case errors.Is(err, ntlm.ErrLogonDenied), errors.Is(err, kerberos.ErrLogonDenied):
		code = nettcp.NNSErrLogonDenied
	case errors.Is(err, kerberos.ErrSkew):
		code = secETimeSkew
	case errors.Is(err, kerberos.ErrWrongPrincipal):
		code = secEWrongPrincipal
	}
	return &nettcp.NNSAuthError{Code: code, Err: err}
}
