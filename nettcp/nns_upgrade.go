package nettcp

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
)

// The application/negotiate upgrade: after the Upgrade Response the client
// and the server run an [MS-NNS] handshake (2.2.1) of security tokens, as
// dotnet/runtime's NegotiateStream does (System/Net/Security/
// NegotiateStream.cs, SendBlobAsync/ReceiveBlobAsync):
//
//   - The client sends first. Each side sends its token as HandshakeInProgress
//     while its context is incomplete, as HandshakeDone once it is complete.
//   - The server, once complete, always sends a HandshakeDone, empty when it
//     has no last token; the client is authenticated only when it has read
//     that frame.
//   - A side whose context fails, or whose complete context has less
//     protection than it requires, sends HandshakeError with an 8-byte code
//     (ERROR_TRUST_FAILURE for too little protection) and gives up.
//
// The mechanism (SPNEGO, Kerberos, NTLM) is an NNSAuthenticator supplied by
// the caller; this file knows only the frames.

// NNSProtection is a protection level: what the data frames after the
// handshake do (WCF's ProtectionLevel).
type NNSProtection uint8

// Protection levels, in increasing order.
const (
	// NNSProtectionNone: no data frames; the stream after the handshake is
	// the raw connection.
	NNSProtectionNone NNSProtection = iota
	// NNSProtectionSign: data frames are signed.
	NNSProtectionSign
	// NNSProtectionEncryptAndSign: data frames are signed and encrypted
	// (WCF's default).
	NNSProtectionEncryptAndSign
)

// String returns WCF's name of the level.
func (p NNSProtection) String() string {
	switch p {
	case NNSProtectionNone:
		return "None"
	case NNSProtectionSign:
		return "Sign"
	case NNSProtectionEncryptAndSign:
		return "EncryptAndSign"
	}
	return fmt.Sprintf("NNSProtection(%d)", uint8(p))
}

// NNSAuthenticator is one side of a security context (a GSS-API or SSPI
// context) as the NNS handshake drives it.
type NNSAuthenticator interface {
	// Step takes the peer's last token (nil for a client's first call) and
	// returns the token to send, possibly none, and whether the context is
	// complete. An error that is an *NNSAuthError names the code sent to
	// the peer in the HandshakeError message.
	Step(token []byte) (out []byte, done bool, err error)
	// Protection is the level the complete context gives.
	Protection() NNSProtection
	// Security protects the data frames of a complete context whose
	// Protection is Sign or EncryptAndSign.
	Security() NNSSecurity
}

// NNSAuthError is an NNSAuthenticator's failure with the Win32 error or
// HRESULT to send in the HandshakeError message.
type NNSAuthError struct {
	Code uint32
	Err  error
}

func (e *NNSAuthError) Error() string { return e.Err.Error() }
func (e *NNSAuthError) Unwrap() error { return e.Err }

// NNS error codes sent when an authenticator gives no code of its own.
const (
	// NNSErrInvalidToken is SEC_E_INVALID_TOKEN.
	NNSErrInvalidToken uint32 = 0x80090308
)

// maxNNSRounds bounds the handshake messages a side reads: SPNEGO with
// NTLM needs three, Kerberos two; a peer that keeps going is refused.
const maxNNSRounds = 8

// NegotiateUpgrader implements the application/negotiate upgrade ([MC-NMF]
// 2.2.3.9, [MS-NNS]) with the authenticators its functions return. Each
// side fails the handshake when the context it gets has less protection
// than Protection. The connection it returns is an *NNSConn.
type NegotiateUpgrader struct {
	// NewClient returns the client's authenticator for a connection to
	// host (the Via's host name, for a default target name host/<host>).
	NewClient func(host string) (NNSAuthenticator, error)
	// NewServer returns the server's authenticator for one connection.
	NewServer func() (NNSAuthenticator, error)
	// Protection is the least protection accepted. The zero value is
	// NNSProtectionNone; WCF's default is EncryptAndSign.
	Protection NNSProtection
	// Identity names who the client authenticates as: a Pool reuses a
	// connection only for a NegotiateUpgrader of the same Identity and
	// Protection.
	Identity string
}

// PoolIdentity keys pooled connections by Identity and Protection.
func (u *NegotiateUpgrader) PoolIdentity() string { return u.Protection.String() + "|" + u.Identity }

// Protocol returns "application/negotiate".
func (u *NegotiateUpgrader) Protocol() string { return UpgradeNegotiate }

// Client runs the client half of the NNS handshake over conn.
func (u *NegotiateUpgrader) Client(ctx context.Context, conn net.Conn, host string) (net.Conn, error) {
	if u.NewClient == nil {
		return nil, errors.New("nettcp: NegotiateUpgrader without NewClient")
	}
	a, err := u.NewClient(host)
	if err != nil {
		return nil, err
	}
	return u.run(ctx, conn, a, false)
}

// Server runs the server half of the NNS handshake over conn.
func (u *NegotiateUpgrader) Server(ctx context.Context, conn net.Conn) (net.Conn, error) {
	if u.NewServer == nil {
		return nil, errors.New("nettcp: NegotiateUpgrader without NewServer")
	}
	a, err := u.NewServer()
	if err != nil {
		return nil, err
	}
	return u.run(ctx, conn, a, true)
}

func (u *NegotiateUpgrader) run(ctx context.Context, conn net.Conn, a NNSAuthenticator, server bool) (net.Conn, error) {
	stop := context.AfterFunc(ctx, func() { _ = conn.SetDeadline(aLongTimeAgo) })
	err := nnsHandshake(conn, a, server, u.Protection)
	if !stop() {
		return nil, ioError(ctx, errors.Join(err, context.Cause(ctx)))
	}
	if err != nil {
		return nil, ioError(ctx, err)
	}
	nc := &NNSConn{Conn: conn, auth: a}
	if a.Protection() != NNSProtectionNone {
		nc.sec = a.Security()
	}
	return nc, nil
}

// nnsHandshake runs one side of the handshake over rw.
func nnsHandshake(rw io.ReadWriter, a NNSAuthenticator, server bool, want NNSProtection) error {
	var in []byte
	if server {
		var err error
		if in, _, err = readNNSToken(rw); err != nil {
			return err
		}
	}
	remoteDone := false
	for round := 0; ; round++ {
		out, done, err := a.Step(in)
		if err != nil {
			return nnsFail(rw, err)
		}
		id := NNSHandshakeInProgress
		if done {
			if got := a.Protection(); got < want {
				return nnsFail(rw, &NNSAuthError{NNSErrTrustFailure,
					fmt.Errorf("%w: negotiated protection %v, %v required", ErrSecurityVerification, got, want)})
			}
			id = NNSHandshakeDone
			if server {
				remoteDone = true
				if out == nil {
					out = []byte{}
				}
			}
		}
		if out != nil {
			if err := WriteNNSHandshake(rw, id, out); err != nil {
				return err
			}
		}
		if done && remoteDone {
			return nil
		}
		if round == maxNNSRounds {
			return fmt.Errorf("%w: NNS handshake still running after %d messages", ErrSecurityVerification, round)
		}
		var peerDone bool
		if in, peerDone, err = readNNSToken(rw); err != nil {
			return err
		}
		remoteDone = remoteDone || peerDone
		if done {
			if !remoteDone {
				return fmt.Errorf("%w: NNS handshake message after a complete context is not HandshakeDone", ErrSecurityVerification)
			}
			return nil
		}
	}
}

// readNNSToken reads the peer's next handshake message; HandshakeDone is
// reported, HandshakeError returned as the *NNSError, the end of the
// stream as an error.
func readNNSToken(r io.Reader) ([]byte, bool, error) {
	id, tok, err := ReadNNSHandshake(r, nil)
	if err == io.EOF {
		return nil, false, fmt.Errorf("%w: connection closed during the NNS handshake: %w", ErrSecurityVerification, io.ErrUnexpectedEOF)
	}
	if err != nil {
		return nil, false, err
	}
	return tok, id == NNSHandshakeDone, nil
}

// nnsFail sends the HandshakeError message for err and returns err,
// marked as a security verification failure.
func nnsFail(w io.Writer, err error) error {
	code := NNSErrInvalidToken
	var ae *NNSAuthError
	if errors.As(err, &ae) {
		code = ae.Code
	}
	_ = WriteNNSHandshake(w, NNSHandshakeError, AppendNNSErrorCode(nil, code))
	if !errors.Is(err, ErrSecurityVerification) {
		err = fmt.Errorf("%w: %w", ErrSecurityVerification, err)
	}
	return err
}
