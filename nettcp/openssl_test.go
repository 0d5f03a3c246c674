package nettcp

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"sync"
	"testing"
	"time"
)

// These tests check the TLS upgrade against an independent TLS stack,
// /usr/bin/openssl. A relay written here does the plaintext framing records
// around the TLS bytes; openssl's stdin/stdout carry the framing records
// that travel inside TLS.

func opensslPath(t *testing.T) string {
	p, err := exec.LookPath("openssl")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("openssl is not installed; .ci/run installs it (apt-get install -y openssl)")
		}
		t.Skip("openssl not installed")
	}
	return p
}

// outBuf collects a process's stdout and lets the test wait for bytes.
type outBuf struct {
	mu   sync.Mutex
	buf  bytes.Buffer
	more chan struct{}
}

func (o *outBuf) Write(p []byte) (int, error) {
	o.mu.Lock()
	o.buf.Write(p)
	o.mu.Unlock()
	select {
	case o.more <- struct{}{}:
	default:
	}
	return len(p), nil
}

// waitFor waits until the output ends with want.
func (o *outBuf) waitFor(t *testing.T, want []byte) {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		o.mu.Lock()
		got := bytes.Contains(o.buf.Bytes(), want)
		o.mu.Unlock()
		if got {
			return
		}
		select {
		case <-o.more:
		case <-time.After(20 * time.Millisecond):
		case <-deadline:
			o.mu.Lock()
			defer o.mu.Unlock()
			t.Fatalf("openssl output % x, want it to contain % x", o.buf.Bytes(), want)
		}
	}
}

func startOpenssl(t *testing.T, args ...string) (io.WriteCloser, *outBuf) {
	cmd := exec.Command(opensslPath(t), args...)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out := &outBuf{more: make(chan struct{}, 1)}
	cmd.Stdout = out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		stdin.Close()
		cmd.Process.Kill()
		cmd.Wait()
	})
	return stdin, out
}

func freePort(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return fmt.Sprint(ln.Addr().(*net.TCPAddr).Port)
}

func pipeBoth(a, b net.Conn) {
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); io.Copy(a, b); a.Close() }()
	go func() { defer wg.Done(); io.Copy(b, a); b.Close() }()
	wg.Wait()
}

// TestTLSClientAgainstOpensslServer: our client upgrades to TLS with
// openssl s_server as the TLS peer.
func TestTLSClientAgainstOpensslServer(t *testing.T) {
	pki := newTestPKI(t)
	cert, key := writePKI(t, pki)
	port := freePort(t)
	stdin, out := startOpenssl(t, "s_server", "-quiet", "-accept", port, "-cert", cert, "-key", key)
	ssAddr := "127.0.0.1:" + port
	for i := 0; ; i++ { // wait until s_server listens
		c, err := net.Dial("tcp", ssAddr)
		if err == nil {
			c.Close()
			break
		}
		if i > 200 {
			t.Fatal(err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	via := "net.tcp://" + ln.Addr().String() + "/calc"
	head := appendUpgradeRequest(appendPreamble(nil, preamble{ModeDuplex, via, ContentTypeBinarySession}), UpgradeTLS)
	relayDone := make(chan struct{})
	go func() { // relay: plaintext preamble, 0A, then raw TLS to s_server
		defer close(relayDone)
		c, err := ln.Accept()
		if err != nil {
			return
		}
		got := make([]byte, len(head))
		if _, err := io.ReadFull(c, got); err != nil || !bytes.Equal(got, head) {
			t.Errorf("relay: preamble % x, %v; want % x", got, err, head)
			c.Close()
			return
		}
		c.Write(upgradeOKRecord)
		ss, err := net.Dial("tcp", ssAddr)
		if err != nil {
			c.Close()
			return
		}
		pipeBoth(c, ss)
	}()
	ctx := testCtx(t, 20*time.Second)
	type result struct {
		s   *Session
		err error
	}
	dialed := make(chan result, 1)
	go func() {
		s, err := Dial(ctx, via, &ClientConfig{Upgrader: pki.client(false)})
		dialed <- result{s, err}
	}()
	out.waitFor(t, preambleEndRecord) // 0C arrived inside TLS
	stdin.Write(ackRecord)
	r := <-dialed
	if r.err != nil {
		t.Fatal(r.err)
	}
	s := r.s
	if err := s.Send(ctx, []byte("hello")); err != nil {
		t.Fatal(err)
	}
	out.waitFor(t, append([]byte{recPreambleEnd, recSizedEnvelope, 5}, "hello"...))
	stdin.Write(append([]byte{recSizedEnvelope, 3}, "abc"...))
	got, err := s.Receive(ctx, nil)
	if err != nil || string(got) != "abc" {
		t.Fatalf("Receive: %q, %v", got, err)
	}
	closed := make(chan error, 1)
	go func() { closed <- s.Close(ctx) }()
	out.waitFor(t, append([]byte{recSizedEnvelope, 5}, "hello\x07"...))
	stdin.Write(endRecord)
	if err := <-closed; err != nil {
		t.Fatalf("Close: %v", err)
	}
	ln.Close()
	<-relayDone
}

// TestTLSServerAgainstOpensslClient: our listener upgrades to TLS with
// openssl s_client as the TLS peer.
func TestTLSServerAgainstOpensslClient(t *testing.T) {
	pki := newTestPKI(t)
	cert, _ := writePKI(t, pki)
	l, err := Listen("tcp", "127.0.0.1:0", nil)
	if err != nil {
		t.Fatal(err)
	}
	l.Handle("/secure", EndpointConfig{Upgrader: pki.server(0)})
	wait := echoServer(t, l)
	defer func() { l.Close(); wait() }()

	// Relay: plaintext preamble to our listener, then s_client's TLS bytes.
	srv, err := net.Dial("tcp", l.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	via := "net.tcp://" + l.Addr().String() + "/secure"
	srv.Write(appendUpgradeRequest(appendPreamble(nil, preamble{ModeDuplex, via, ContentTypeBinarySession}), UpgradeTLS))
	ans := make([]byte, 1)
	if _, err := io.ReadFull(srv, ans); err != nil || ans[0] != recUpgradeResponse {
		t.Fatalf("upgrade answer % x, %v", ans, err)
	}
	rl, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer rl.Close()
	relayDone := make(chan struct{})
	go func() {
		defer close(relayDone)
		c, err := rl.Accept()
		if err != nil {
			srv.Close()
			return
		}
		pipeBoth(c, srv)
	}()
	stdin, out := startOpenssl(t, "s_client", "-quiet", "-no_ign_eof", "-connect", rl.Addr().String(),
		"-CAfile", cert, "-verify_return_error", "-servername", "localhost")
	stdin.Write(preambleEndRecord)
	out.waitFor(t, ackRecord)
	stdin.Write(append([]byte{recSizedEnvelope, 4}, "ping"...))
	out.waitFor(t, append([]byte{recPreambleAck, recSizedEnvelope, 4}, "ping"...))
	stdin.Write(endRecord)
	out.waitFor(t, append([]byte{recSizedEnvelope, 4}, "ping\x07"...))
	stdin.Close()
	<-relayDone
	_ = context.Background
}
