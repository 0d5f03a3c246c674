// Windows transport security for call and bench: -security windows with
// -user, the password from WSPROXY_PASSWORD or a terminal prompt (never a
// flag: flags show in ps and shell history), -ccache/-keytab/-krb5conf
// (Kerberos; no -user at all takes the default credential cache),
// -no-ntlm, -spn/-upn (the service's identity) and -protection.

package cli

import (
	"errors"
	"flag"
	"fmt"
	"net/http"
	"os"
	"strings"

	"golang.org/x/term"

	"github.com/wwsgo/wws/nettcp"
	"github.com/wwsgo/wws/servicemodel"
	"github.com/wwsgo/wws/servicemodel/windowsauth/kerberos"
)

// passwordEnv names the environment variable holding -user's password.
const passwordEnv = "WSPROXY_PASSWORD"

// securityOptions are the transport security flags.
type securityOptions struct {
	security, protection string
	user, ccache, keytab string
	krb5conf, spn, upn   string
	noNTLM               bool
}

func (o *securityOptions) flags(fs *flag.FlagSet) {
	fs.StringVar(&o.security, "security", "none", "transport security: none, or windows (net.tcp: the application/negotiate upgrade, WCF NetTcpBinding's default; http(s): WWW-Authenticate Negotiate/NTLM; SPNEGO with Kerberos, else NTLM)")
	fs.StringVar(&o.user, "user", "", `with -security windows: DOMAIN\user or user@REALM; the password comes from $`+passwordEnv+` or a terminal prompt (none with -keytab or -ccache); without -user, Kerberos from the default credential cache (kinit)`)
	fs.StringVar(&o.ccache, "ccache", "", "with -security windows: Kerberos credential cache file, as kinit writes it (default $KRB5CCNAME, /tmp/krb5cc_<uid>)")
	fs.StringVar(&o.keytab, "keytab", "", "with -security windows and -user: Kerberos keytab holding the user's keys")
	fs.StringVar(&o.krb5conf, "krb5conf", "", "with -security windows: the krb5.conf to honour (default $KRB5_CONFIG, /etc/krb5.conf)")
	fs.BoolVar(&o.noNTLM, "no-ntlm", false, "with -security windows: Kerberos or nothing, no NTLM fallback (WCF's AllowNtlm=false)")
	fs.StringVar(&o.spn, "spn", "", "with -security windows: the service's SPN (default host/<address host> on net.tcp, HTTP/<address host> on http(s))")
	fs.StringVar(&o.upn, "upn", "", "with -security windows: the service account's UPN, instead of an SPN")
	fs.StringVar(&o.protection, "protection", "", "with -security windows on net.tcp: encrypt_and_sign (the default, WCF's), sign or none; the least the call accepts (HTTP's protection is TLS: an https address)")
}

// windows reports whether -security asks for Windows credentials.
func (o *securityOptions) windows() (bool, error) {
	switch o.security {
	case "", "none":
		if o.user != "" || o.ccache != "" || o.keytab != "" || o.krb5conf != "" || o.noNTLM || o.spn != "" || o.upn != "" {
			return false, errors.New("-user, -ccache, -keytab, -krb5conf, -no-ntlm, -spn and -upn need -security windows")
		}
		return false, nil
	case "windows":
		return true, nil
	}
	return false, fmt.Errorf("-security %q: want none or windows", o.security)
}

// netTCPSecurity returns the NetTcpBinding security of the flags.
func (o *securityOptions) netTCPSecurity() (servicemodel.Security, error) {
	win, err := o.windows()
	if err != nil || !win {
		return servicemodel.Security{}, err
	}
	sec := servicemodel.Security{Mode: servicemodel.SecurityModeTransport, Credential: servicemodel.CredentialWindows}
	switch o.protection {
	case "", "encrypt_and_sign":
	case "sign":
		sec.Protection = servicemodel.ProtectionSign
	case "none":
		sec.Protection = servicemodel.ProtectionNone
	default:
		return sec, fmt.Errorf("-protection %q: want encrypt_and_sign, sign or none", o.protection)
	}
	return sec, nil
}

// httpSecurity returns the HTTP binding security of the flags: Windows
// credentials are TransportCredentialOnly on http, Transport on https
// (WCF's BasicHttpSecurityMode).
func (o *securityOptions) httpSecurity(https bool) (servicemodel.Security, error) {
	win, err := o.windows()
	if err != nil || !win {
		return servicemodel.Security{}, err
	}
	if o.protection != "" {
		return servicemodel.Security{}, errors.New("-protection is net.tcp's: HTTP's protection is TLS (an https address)")
	}
	sec := servicemodel.Security{Mode: servicemodel.SecurityModeTransportCredentialOnly, Credential: servicemodel.CredentialWindows}
	if https {
		sec.Mode = servicemodel.SecurityModeTransport
	}
	return sec, nil
}

// proxyOptions returns the credentials of the flags, reading -user's
// password; nil without -security windows.
func (o *securityOptions) proxyOptions(e *env) (*servicemodel.ProxyOptions, error) {
	if win, err := o.windows(); err != nil || !win {
		return nil, err
	}
	if o.spn != "" && o.upn != "" {
		return nil, errors.New("-spn and -upn name the same identity: give one")
	}
	if o.keytab != "" && o.user == "" {
		return nil, errors.New("-keytab needs -user, the principal whose keys it holds")
	}
	w := &servicemodel.WindowsClientCredential{User: o.user, CCache: o.ccache, Keytab: o.keytab, KRB5Config: o.krb5conf, DisallowNTLM: o.noNTLM}
	if o.user != "" && o.keytab == "" && o.ccache == "" {
		pw, err := password(e, o.user)
		if err != nil {
			return nil, err
		}
		w.Password = pw
	}
	return &servicemodel.ProxyOptions{Windows: w, Identity: servicemodel.EndpointIdentity{SPN: o.spn, UPN: o.upn}}, nil
}

// password returns $WSPROXY_PASSWORD, else asks on the terminal without
// echo (golang.org/x/term: the standard library cannot turn echo off).
func password(e *env, user string) (string, error) {
	if pw, ok := os.LookupEnv(passwordEnv); ok {
		return pw, nil
	}
	f, ok := e.stdin.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return "", fmt.Errorf("-user %s: no password: set %s or run on a terminal", user, passwordEnv)
	}
	fmt.Fprintf(e.stderr, "Password for %s: ", user)
	pw, err := term.ReadPassword(int(f.Fd()))
	fmt.Fprintln(e.stderr)
	if err != nil {
		return "", fmt.Errorf("reading the password: %w", err)
	}
	return string(pw), nil
}

// SSPI codes a service sends in the NNS HandshakeError for Kerberos
// failures.
const (
	secETimeSkew       = 0x80090324 // SEC_E_TIME_SKEW
	secEWrongPrincipal = 0x80090322 // SEC_E_WRONG_PRINCIPAL
)

// securityHint explains the usual cause of a refused Windows handshake:
// the NNS error of net.tcp's upgrade, a Kerberos failure on this side, or
// HTTP's 401.
func securityHint(err error) string {
	const (
		denied  = " — the service refused the credentials: check -user (DOMAIN\\user) and the password"
		unasked = " — the service asks for Windows authentication: use -security windows -user DOMAIN\\user"
		skew    = " — the clocks of this machine, the KDC and the service differ by more than the realm allows (5 minutes by default): synchronise them (NTP)"
		spn     = " — the service's account is not the SPN asked for: give its SPN with -spn (or its account with -upn)"
		krb     = " — no Kerberos ticket: check -user and the password, -keytab or -ccache (kinit; klist shows it), and the realm's KDC in krb5.conf (-krb5conf)"
	)
	var ne *nettcp.NNSError
	if errors.As(err, &ne) {
		switch ne.Code {
		case nettcp.NNSErrTrustFailure:
			return " — the service needs more protection than the call accepted: use -protection encrypt_and_sign (WCF's default)"
		case nettcp.NNSErrLogonDenied:
			return denied
		case secETimeSkew:
			return skew
		case secEWrongPrincipal:
			return spn
		case nettcp.NNSErrInvalidToken:
			return " — the service could not use the token: it may not speak the mechanism offered (with -no-ntlm: a service without Kerberos, NTLM only)"
		}
		return ""
	}
	switch {
	case errors.Is(err, kerberos.ErrSkew):
		return skew
	case errors.Is(err, kerberos.ErrWrongPrincipal):
		return spn
	case errors.Is(err, kerberos.ErrLogonDenied):
		return krb
	}
	var he *servicemodel.HTTPStatusError
	if !errors.As(err, &he) || he.StatusCode != http.StatusUnauthorized {
		return ""
	}
	if errors.Is(err, servicemodel.ErrSecurityVerification) {
		return denied
	}
	if strings.Contains(err.Error(), "Negotiate") || strings.Contains(err.Error(), "NTLM") {
		return unasked
	}
	return ""
}
