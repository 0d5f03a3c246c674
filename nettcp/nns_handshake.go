package nettcp

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// [MS-NNS] 2.2.1 handshake messages: the security tokens of the
// application/negotiate upgrade travel in frames of
//
//	[message id u8][major version 1][minor version 0][size u16 big-endian][token]
//
// (dotnet/runtime System/Net/FrameHeader.cs, StreamFramer.cs). The server's
// last message is always HandshakeDone, possibly with an empty token; the
// client is authenticated only once it has read it
// (System/Net/Security/NegotiateStream.cs, ReceiveBlobAsync).

// ErrSecurityVerification reports an [MS-NNS] exchange that failed its
// checks: a malformed or unexpected handshake frame, a handshake error
// message from the peer (*NNSError), a data frame whose size .NET would
// reject, one cut short, or one whose signature or seal the security context
// rejected. It is named after WWSAPI's WS_E_SECURITY_VERIFICATION_FAILURE.
var ErrSecurityVerification = errors.New("nettcp: security verification failed")

// NNSMessageID is the first byte of an [MS-NNS] handshake message.
type NNSMessageID byte

// [MS-NNS] 2.2.1 message ids.
const (
	// NNSHandshakeDone carries the last token, possibly empty; the server
	// always sends it last.
	NNSHandshakeDone NNSMessageID = 0x14
	// NNSHandshakeError carries an 8-byte error code (see NNSError) and ends
	// the handshake.
	NNSHandshakeError NNSMessageID = 0x15
	// NNSHandshakeInProgress carries a token of a handshake still running.
	NNSHandshakeInProgress NNSMessageID = 0x16
)

// String names the id as [MS-NNS] does.
func (id NNSMessageID) String() string {
	switch id {
	case NNSHandshakeDone:
		return "HandshakeDone"
	case NNSHandshakeError:
		return "HandshakeError"
	case NNSHandshakeInProgress:
		return "HandshakeInProgress"
	}
	return fmt.Sprintf("NNSMessageID(%#02x)", byte(id))
}

const (
	nnsHeaderLen    = 5
	nnsMajorVersion = 1
	nnsMinorVersion = 0
	// MaxNNSHandshakeToken is the largest token a handshake message holds
	// (its size field has 16 bits).
	MaxNNSHandshakeToken = 0xFFFF
)

// AppendNNSHandshake appends a handshake message carrying token. A token
// longer than MaxNNSHandshakeToken cannot be framed and gives an error.
func AppendNNSHandshake(b []byte, id NNSMessageID, token []byte) ([]byte, error) {
	if len(token) > MaxNNSHandshakeToken {
		return b, fmt.Errorf("nettcp: NNS handshake token of %d bytes exceeds %d", len(token), MaxNNSHandshakeToken)
	}
	b = append(b, byte(id), nnsMajorVersion, nnsMinorVersion)
	b = binary.BigEndian.AppendUint16(b, uint16(len(token)))
	return append(b, token...), nil
}

// WriteNNSHandshake writes one handshake message to w in a single Write.
func WriteNNSHandshake(w io.Writer, id NNSMessageID, token []byte) error {
	b, err := AppendNNSHandshake(make([]byte, 0, nnsHeaderLen+len(token)), id, token)
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}

// ReadNNSHandshake reads one handshake message from r. The token is
// appended to buf[:0] (a nil buf allocates), so a caller may reuse one
// buffer. An error message is returned as a *NNSError, so the caller sees
// the peer's refusal as an error. A header with an unknown id or version
// gives ErrSecurityVerification; io.EOF is returned only when r ends before
// the first byte.
func ReadNNSHandshake(r io.Reader, buf []byte) (NNSMessageID, []byte, error) {
	var h [nnsHeaderLen]byte
	if _, err := io.ReadFull(r, h[:]); err != nil {
		return 0, nil, nnsReadError(err)
	}
	id := NNSMessageID(h[0])
	if err := checkNNSHeader(h); err != nil {
		return id, nil, err
	}
	n := int(binary.BigEndian.Uint16(h[3:]))
	if cap(buf) < n {
		buf = make([]byte, n)
	}
	token := buf[:n]
	if _, err := io.ReadFull(r, token); err != nil {
		return id, nil, nnsReadError(noEOF(err))
	}
	if id == NNSHandshakeError {
		return id, token, &NNSError{Code: NNSErrorCode(token), Payload: token}
	}
	return id, token, nil
}

// checkNNSHeader validates the id and version of a handshake header.
func checkNNSHeader(h [nnsHeaderLen]byte) error {
	switch id := NNSMessageID(h[0]); id {
	case NNSHandshakeDone, NNSHandshakeError, NNSHandshakeInProgress:
	default:
		return fmt.Errorf("%w: NNS handshake message id %#02x", ErrSecurityVerification, byte(id))
	}
	if h[1] != nnsMajorVersion || h[2] != nnsMinorVersion {
		return fmt.Errorf("%w: NNS handshake version %d.%d, want 1.0", ErrSecurityVerification, h[1], h[2])
	}
	return nil
}

// nnsReadError marks a read cut short inside a frame as a verification
// failure; io.EOF (nothing read) and transport errors pass unchanged.
func nnsReadError(err error) error {
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return fmt.Errorf("%w: NNS frame truncated: %w", ErrSecurityVerification, err)
	}
	return err
}

// NNSError is a HandshakeError message received from the peer. It matches
// ErrSecurityVerification with errors.Is.
type NNSError struct {
	// Code is the Win32 error or HRESULT the peer sent, such as 0x6FE
	// (ERROR_TRUST_FAILURE: the negotiated protection or impersonation level
	// is below what the peer requires) or 0x8009030C (SEC_E_LOGON_DENIED).
	Code uint32
	// Payload is the message's token as received.
	Payload []byte
}

func (e *NNSError) Error() string {
	return fmt.Sprintf("nettcp: peer ended the NNS handshake with error %#x", e.Code)
}

// Is makes an NNSError match ErrSecurityVerification.
func (e *NNSError) Is(target error) bool { return target == ErrSecurityVerification }

// Well-known NNS error codes.
const (
	// NNSErrTrustFailure is ERROR_TRUST_FAILURE, which NegotiateStream sends
	// when the negotiated protection or impersonation level is too low.
	NNSErrTrustFailure uint32 = 0x6FE
	// NNSErrLogonDenied is SEC_E_LOGON_DENIED: wrong credentials.
	NNSErrLogonDenied uint32 = 0x8009030C
)

// NNSErrorCode reads the 8-byte error code of a HandshakeError message.
// dotnet/runtime writes it big-endian (NegotiateStream.cs, GetOutgoingBlob:
// the low byte last); other .NET versions wrote it little-endian. The code
// is a 32-bit Win32 error or HRESULT, so one half of the 8 bytes is zero:
// zero high half means big-endian, otherwise the bytes are read
// little-endian. A payload shorter than 8 bytes has no code (0).
func NNSErrorCode(payload []byte) uint32 {
	if len(payload) < 8 {
		return 0
	}
	if be := binary.BigEndian.Uint64(payload); be>>32 == 0 {
		return uint32(be)
	}
	return uint32(binary.LittleEndian.Uint64(payload))
}

// AppendNNSErrorCode appends code as the 8-byte big-endian payload of a
// HandshakeError message, as dotnet/runtime writes it.
func AppendNNSErrorCode(b []byte, code uint32) []byte {
	return binary.BigEndian.AppendUint64(b, uint64(code))
}
