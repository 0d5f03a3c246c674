package nettcp

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"testing"
	"time"
)

// scriptAuth is an NNSAuthenticator that answers tokens from a script:
// on each Step it checks the token it got and returns the next one.
type scriptAuth struct {
	steps []scriptStep
	prot  NNSProtection
	n     int
}

type scriptStep struct {
	in, out string // out "" sends nothing
	done    bool
	err     error
}

func (a *scriptAuth) Step(tok []byte) ([]byte, bool, error) {
	if a.n >= len(a.steps) {
		return nil, false, fmt.Errorf("scriptAuth: step %d beyond the script", a.n)
	}
	s := a.steps[a.n]
	a.n++
	if string(tok) != s.in {
		return nil, false, fmt.Errorf("scriptAuth: step %d got %q, want %q", a.n, tok, s.in)
	}
	if s.err != nil {
		return nil, false, s.err
	}
	if s.out == "" {
		return nil, s.done, nil
	}
	return []byte(s.out), s.done, nil
}

func (a *scriptAuth) Protection() NNSProtection { return a.prot }
func (a *scriptAuth) Security() NNSSecurity     { return &testSec{} }

// ntlmLike are the steps of an NTLM handshake: three tokens, the client
// complete after its second.
func ntlmLikeClient() *scriptAuth {
	return &scriptAuth{prot: NNSProtectionEncryptAndSign, steps: []scriptStep{
		{in: "", out: "NEGOTIATE"},
		{in: "CHALLENGE", out: "AUTHENTICATE", done: true},
	}}
}

func ntlmLikeServer() *scriptAuth {
	return &scriptAuth{prot: NNSProtectionEncryptAndSign, steps: []scriptStep{
		{in: "NEGOTIATE", out: "CHALLENGE"},
		{in: "AUTHENTICATE", done: true},
	}}
}

type frame struct {
	id  NNSMessageID
	tok string
}

// runPair runs a client and a server handshake over a pipe and returns
// both errors and the frames each side sent.
func runPair(t *testing.T, c, s NNSAuthenticator, cwant, swant NNSProtection) (cerr, serr error, cframes, sframes []frame) {
	t.Helper()
	a, b := net.Pipe()
	ra, rb := &recorder{Conn: a}, &recorder{Conn: b}
	done := make(chan error, 1)
	go func() {
		err := nnsHandshake(rb, s, true, swant)
		b.Close()
		done <- err
	}()
	cerr = nnsHandshake(ra, c, false, cwant)
	a.Close()
	serr = <-done
	return cerr, serr, ra.frames(t), rb.frames(t)
}

// recorder keeps what is written through it.
type recorder struct {
	net.Conn
	w bytes.Buffer
}

func (r *recorder) Write(p []byte) (int, error) {
	r.w.Write(p)
	return r.Conn.Write(p)
}

func (r *recorder) frames(t *testing.T) []frame {
	var fs []frame
	rd := bytes.NewReader(r.w.Bytes())
	for {
		id, tok, err := ReadNNSHandshake(rd, nil)
		if err == io.EOF {
			return fs
		}
		var ne *NNSError
		if err != nil && !errors.As(err, &ne) {
			t.Fatalf("recorded frames: %v", err)
		}
		if ne != nil {
			tok = []byte(fmt.Sprintf("%#x", ne.Code))
		}
		fs = append(fs, frame{id, string(tok)})
	}
}

func checkFrames(t *testing.T, side string, got []frame, want ...frame) {
	t.Helper()
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("%s sent %v, want %v", side, got, want)
	}
}

func TestNNSHandshakeNTLMShape(t *testing.T) {
	cerr, serr, cf, sf := runPair(t, ntlmLikeClient(), ntlmLikeServer(), NNSProtectionEncryptAndSign, NNSProtectionEncryptAndSign)
	if cerr != nil || serr != nil {
		t.Fatalf("client %v, server %v", cerr, serr)
	}
	checkFrames(t, "client", cf, frame{NNSHandshakeInProgress, "NEGOTIATE"}, frame{NNSHandshakeDone, "AUTHENTICATE"})
	checkFrames(t, "server", sf, frame{NNSHandshakeInProgress, "CHALLENGE"}, frame{NNSHandshakeDone, ""})
}

// Kerberos with mutual authentication: AP-REQ, AP-REP in the server's
// HandshakeDone, and the client, complete after reading it, sends nothing.
func TestNNSHandshakeKerberosShape(t *testing.T) {
	c := &scriptAuth{prot: NNSProtectionSign, steps: []scriptStep{{in: "", out: "AP-REQ"}, {in: "AP-REP", done: true}}}
	s := &scriptAuth{prot: NNSProtectionSign, steps: []scriptStep{{in: "AP-REQ", out: "AP-REP", done: true}}}
	cerr, serr, cf, sf := runPair(t, c, s, NNSProtectionSign, NNSProtectionSign)
	if cerr != nil || serr != nil {
		t.Fatalf("client %v, server %v", cerr, serr)
	}
	checkFrames(t, "client", cf, frame{NNSHandshakeInProgress, "AP-REQ"})
	checkFrames(t, "server", sf, frame{NNSHandshakeDone, "AP-REP"})
}

func TestNNSHandshakeServerRefuses(t *testing.T) {
	s := ntlmLikeServer()
	s.steps[1].err = &NNSAuthError{NNSErrLogonDenied, errors.New("wrong password")}
	cerr, serr, _, sf := runPair(t, ntlmLikeClient(), s, NNSProtectionEncryptAndSign, NNSProtectionEncryptAndSign)
	var ne *NNSError
	if !errors.As(cerr, &ne) || ne.Code != NNSErrLogonDenied || !errors.Is(cerr, ErrSecurityVerification) {
		t.Fatalf("client: %v, want the peer's logon-denied NNSError", cerr)
	}
	if !errors.Is(serr, ErrSecurityVerification) {
		t.Fatalf("server: %v", serr)
	}
	checkFrames(t, "server", sf, frame{NNSHandshakeInProgress, "CHALLENGE"}, frame{NNSHandshakeError, "0x8009030c"})
}

// A server that requires more protection than the context gives sends
// ERROR_TRUST_FAILURE (0x6FE); so does a client.
func TestNNSHandshakeProtectionTooLow(t *testing.T) {
	s := ntlmLikeServer()
	s.prot = NNSProtectionSign
	cerr, serr, _, sf := runPair(t, ntlmLikeClient(), s, NNSProtectionSign, NNSProtectionEncryptAndSign)
	var ne *NNSError
	if !errors.As(cerr, &ne) || ne.Code != NNSErrTrustFailure || !errors.Is(serr, ErrSecurityVerification) {
		t.Fatalf("client %v, server %v", cerr, serr)
	}
	checkFrames(t, "server", sf, frame{NNSHandshakeInProgress, "CHALLENGE"}, frame{NNSHandshakeError, "0x6fe"})

	c := ntlmLikeClient()
	c.prot = NNSProtectionNone
	cerr, serr, cf, _ := runPair(t, c, ntlmLikeServer(), NNSProtectionEncryptAndSign, NNSProtectionNone)
	if !errors.Is(cerr, ErrSecurityVerification) || !errors.As(serr, &ne) || ne.Code != NNSErrTrustFailure {
		t.Fatalf("client %v, server %v", cerr, serr)
	}
	checkFrames(t, "client", cf, frame{NNSHandshakeInProgress, "NEGOTIATE"}, frame{NNSHandshakeError, "0x6fe"})
}

// scriptedPeer answers one side of a handshake with raw bytes.
func scriptedPeer(t *testing.T, server bool, answer func(conn net.Conn)) error {
	a, b := net.Pipe()
	go func() {
		answer(b)
		b.Close()
	}()
	defer a.Close()
	if server {
		return nnsHandshake(a, ntlmLikeServer(), true, NNSProtectionNone)
	}
	return nnsHandshake(a, ntlmLikeClient(), false, NNSProtectionNone)
}

func TestNNSHandshakeHostilePeer(t *testing.T) {
	drain := func(c net.Conn) { ReadNNSHandshake(c, nil) }
	for name, tc := range map[string]struct {
		server bool
		answer func(net.Conn)
	}{
		"closed before answering": {false, drain},
		"truncated frame": {false, func(c net.Conn) {
			drain(c)
			c.Write([]byte{0x16, 1, 0, 0, 20, 'C'})
		}},
		"garbage": {false, func(c net.Conn) {
			drain(c)
			c.Write([]byte("HTTP/1.1 400 Bad Request\r\n"))
		}},
		"client sends data frames first": {true, func(c net.Conn) {
			c.Write([]byte{0x10, 0, 0, 0})
		}},
		"server never done": {false, func(c net.Conn) {
			for {
				if _, _, err := ReadNNSHandshake(c, nil); err != nil {
					return
				}
				if WriteNNSHandshake(c, NNSHandshakeInProgress, []byte("CHALLENGE")) != nil {
					return
				}
			}
		}},
		"server done without a last message": {false, func(c net.Conn) {
			drain(c)
			WriteNNSHandshake(c, NNSHandshakeInProgress, []byte("CHALLENGE"))
			drain(c)
			WriteNNSHandshake(c, NNSHandshakeInProgress, nil)
		}},
	} {
		if err := scriptedPeer(t, tc.server, tc.answer); !errors.Is(err, ErrSecurityVerification) {
			t.Errorf("%s: %v, want ErrSecurityVerification", name, err)
		}
	}
}

// A handshake waiting for a peer that never answers ends with its context.
func TestNegotiateUpgraderContext(t *testing.T) {
	a, b := net.Pipe()
	defer a.Close()
	defer b.Close()
	go io.Copy(io.Discard, b)
	u := &NegotiateUpgrader{NewClient: func(string) (NNSAuthenticator, error) { return ntlmLikeClient(), nil }}
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() {
		_, err := u.Client(ctx, a, "server")
		errc <- err
	}()
	cancel()
	if err := <-errc; !errors.Is(err, context.Canceled) {
		t.Fatalf("%v, want context.Canceled", err)
	}
}

// TestNegotiateUpgraderSession runs the upgrade through Dial and a
// Listener: the Preamble End, the acknowledgement and every envelope after
// them travel in data frames; envelopes larger than one frame come back
// whole.
func TestNegotiateUpgraderSession(t *testing.T) {
	up := &NegotiateUpgrader{
		NewClient:  func(host string) (NNSAuthenticator, error) { return ntlmLikeClient(), nil },
		NewServer:  func() (NNSAuthenticator, error) { return ntlmLikeServer(), nil },
		Protection: NNSProtectionEncryptAndSign,
	}
	l, err := Listen("tcp", "127.0.0.1:0", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if err := l.Handle("/calc", EndpointConfig{Upgrader: up, MaxMessageSize: 1 << 20}); err != nil {
		t.Fatal(err)
	}
	wait := echoServer(t, l)
	defer wait()
	defer l.Close()
	ctx := testCtx(t, 10*time.Second)
	s, err := Dial(ctx, fmt.Sprintf("net.tcp://%s/calc", l.Addr()), &ClientConfig{Upgrader: up, MaxMessageSize: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	if s.Upgrade() != UpgradeNegotiate {
		t.Fatalf("session upgrade %q", s.Upgrade())
	}
	for _, n := range []int{10, 0xFC00 - 3, 200000} {
		msg := bytes.Repeat([]byte{byte(n)}, n)
		if err := s.Send(ctx, msg); err != nil {
			t.Fatal(err)
		}
		got, err := s.Receive(ctx, nil)
		if err != nil || !bytes.Equal(got, msg) {
			t.Fatalf("%d-byte envelope: %d bytes back, %v", n, len(got), err)
		}
	}
	if err := s.Close(ctx); err != nil {
		t.Fatal(err)
	}

	// A client the server refuses learns why from the HandshakeError.
	bad := *up
	bad.NewClient = func(string) (NNSAuthenticator, error) {
		c := ntlmLikeClient()
		c.steps[1].out = "WRONG"
		return c, nil
	}
	_, err = Dial(ctx, fmt.Sprintf("net.tcp://%s/calc", l.Addr()), &ClientConfig{Upgrader: &bad})
	var ne *NNSError
	if !errors.As(err, &ne) || !errors.Is(err, ErrSecurityVerification) {
		t.Fatalf("refused client: %v", err)
	}
}

// A pool never hands a connection authenticated as one identity, or at one
// protection level, to a dial of another.
func TestNegotiatePoolKey(t *testing.T) {
	a := &NegotiateUpgrader{Identity: `WWS\alice`, Protection: NNSProtectionEncryptAndSign}
	keys := map[string]string{
		"alice":         poolKey("h:1", a),
		"bob":           poolKey("h:1", &NegotiateUpgrader{Identity: `WWS\bob`, Protection: NNSProtectionEncryptAndSign}),
		"alice signing": poolKey("h:1", &NegotiateUpgrader{Identity: `WWS\alice`, Protection: NNSProtectionSign}),
		"tls":           poolKey("h:1", &TLSUpgrader{}),
		"none":          poolKey("h:1", nil),
	}
	seen := map[string]string{}
	for name, k := range keys {
		if other, dup := seen[k]; dup {
			t.Errorf("%s and %s share the pool key %q", name, other, k)
		}
		seen[k] = name
	}
	if poolKey("h:1", a) != poolKey("h:1", &NegotiateUpgrader{Identity: `WWS\alice`, Protection: NNSProtectionEncryptAndSign}) {
		t.Error("two upgraders of one identity do not share connections")
	}
}
