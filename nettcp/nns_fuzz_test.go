package nettcp

import (
	"bytes"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// nnsSeedTokens are real NTLM tokens (NEGOTIATE, CHALLENGE, AUTHENTICATE)
// of one gss-ntlmssp exchange, initiator and acceptor driven by Debian's
// python3-gssapi (testdata/nns/ntlm_tokens.hex, one hex token a line).
func nnsSeedTokens(f *testing.F) [][]byte {
	b, err := os.ReadFile(filepath.Join("testdata", "nns", "ntlm_tokens.hex"))
	if err != nil {
		f.Fatal(err)
	}
	var toks [][]byte
	for _, line := range strings.Fields(string(b)) {
		tok, err := hex.DecodeString(line)
		if err != nil {
			f.Fatal(err)
		}
		toks = append(toks, tok)
	}
	return toks
}

// FuzzNNSHandshake reads handshake messages: an accepted message encodes
// back to the bytes it was read from; nothing panics.
func FuzzNNSHandshake(f *testing.F) {
	for i, tok := range nnsSeedTokens(f) {
		id := []NNSMessageID{NNSHandshakeInProgress, NNSHandshakeDone}[i%2]
		b, _ := AppendNNSHandshake(nil, id, tok)
		f.Add(b)
	}
	f.Add(append([]byte{0x15, 1, 0, 0, 8}, AppendNNSErrorCode(nil, NNSErrLogonDenied)...))
	f.Add([]byte{0x14, 1, 0, 0, 0})
	f.Fuzz(func(t *testing.T, in []byte) {
		id, tok, err := ReadNNSHandshake(bytes.NewReader(in), nil)
		var ne *NNSError
		if err != nil && !errors.As(err, &ne) {
			if err != io.EOF && !errors.Is(err, ErrSecurityVerification) {
				t.Fatalf("unclassified error %v", err)
			}
			return
		}
		b, err := AppendNNSHandshake(nil, id, tok)
		if err != nil || !bytes.HasPrefix(in, b) {
			t.Fatalf("re-encoded % x is not a prefix of the input", b)
		}
	})
}

// FuzzNNSConnRead reads data frames: the plaintext read is what the
// accepted frames carried, every failure is ErrSecurityVerification.
func FuzzNNSConnRead(f *testing.F) {
	toks := nnsSeedTokens(f)
	f.Add(frames(toks...))
	f.Add(frames(toks[0], nil, toks[len(toks)-1]))
	f.Add(frames(make([]byte, 300)))
	f.Fuzz(func(t *testing.T, in []byte) {
		got, err := io.ReadAll(NewNNSConn(&rawConn{r: bytes.NewReader(in)}, &testSec{}))
		if err != nil && !errors.Is(err, ErrSecurityVerification) {
			t.Fatalf("unclassified error %v", err)
		}
		if err == nil && len(got) > len(in) {
			t.Fatalf("read %d bytes of plaintext from %d", len(got), len(in))
		}
	})
}
