package windowsauth

import (
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wwsgo/wws/nettcp"
	"github.com/wwsgo/wws/servicemodel/windowsauth/ntlm"
)

// FuzzServerUpgrader feeds a host's application/negotiate handshake
// (ServerUpgrader: SPNEGO or bare NTLM, verified against a user file) a
// client stream of handshake messages. Seeds: the initiator tokens of real
// gss-ntlmssp exchanges, bare (ntlm/testdata/gss_tokens.hex) and under MIT
// SPNEGO (spnego/testdata/gss_spnego_tokens.hex), framed as [MS-NNS]
// handshake messages, and a whole exchange of this package's client.
// Every input ends in a completed context or ErrSecurityVerification (or
// the end of the input); nothing panics.
func FuzzServerUpgrader(f *testing.F) {
	for _, file := range []string{"ntlm/testdata/gss_tokens.hex", "spnego/testdata/gss_spnego_tokens.hex"} {
		toks := hexLines(f, file)
		var stream []byte
		for i := 0; i < len(toks); i += 2 { // the initiator's: 1st, 3rd
			stream, _ = nettcp.AppendNNSHandshake(stream, nettcp.NNSHandshakeInProgress, toks[i])
			f.Add(stream)
		}
	}
	f.Add(clientStream(f))
	f.Add([]byte{0x15, 1, 0, 0, 8, 0, 0, 0, 0, 0x80, 0x09, 0x03, 0x0C})
	uf, err := ntlm.ParseUserFile(strings.NewReader(testUsers))
	if err != nil {
		f.Fatal(err)
	}
	up, err := ServerUpgrader(ServerConfig{Users: uf}, nettcp.NNSProtectionEncryptAndSign)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		_, err := up.Server(context.Background(), &scriptConn{r: bytes.NewReader(in)})
		if err != nil && !errors.Is(err, nettcp.ErrSecurityVerification) && !errors.Is(err, io.EOF) {
			t.Fatalf("unclassified error %v", err)
		}
	})
}

// clientStream is what ClientUpgrader sends in a whole handshake with
// ServerUpgrader: its handshake messages, concatenated.
func clientStream(f *testing.F) []byte {
	cu, err := ClientUpgrader(ClientConfig{User: `WWS\alice`, Password: alice.Password}, nettcp.NNSProtectionEncryptAndSign)
	if err != nil {
		f.Fatal(err)
	}
	uf, _ := ntlm.ParseUserFile(strings.NewReader(testUsers))
	su, _ := ServerUpgrader(ServerConfig{Users: uf}, nettcp.NNSProtectionEncryptAndSign)
	a, b := net.Pipe()
	rec := &recordConn{Conn: a}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	done := make(chan error, 1)
	go func() { _, err := su.Server(ctx, b); done <- err }()
	if _, err := cu.Client(ctx, rec, "server.example"); err != nil {
		f.Fatal(err)
	}
	if err := <-done; err != nil {
		f.Fatal(err)
	}
	a.Close()
	b.Close()
	return rec.sent.Bytes()
}

type recordConn struct {
	net.Conn
	sent bytes.Buffer
}

func (c *recordConn) Write(p []byte) (int, error) {
	c.sent.Write(p)
	return c.Conn.Write(p)
}

// scriptConn reads from r and discards writes.
type scriptConn struct {
	net.Conn
	r io.Reader
}

func (c *scriptConn) Read(p []byte) (int, error)  { return c.r.Read(p) }
func (c *scriptConn) Write(p []byte) (int, error) { return len(p), nil }
func (c *scriptConn) SetDeadline(time.Time) error { return nil }
func (c *scriptConn) Close() error                { return nil }

func hexLines(f *testing.F, file string) [][]byte {
	b, err := os.ReadFile(filepath.FromSlash(file))
	if err != nil {
		f.Fatal(err)
	}
	var out [][]byte
	for _, line := range strings.Fields(string(b)) {
		tok, err := hex.DecodeString(line)
		if err != nil {
			f.Fatal(err)
		}
		out = append(out, tok)
	}
	return out
}
