package servicemodel_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wwsgo/wws/nettcp"
	"github.com/wwsgo/wws/servicemodel"
	"github.com/wwsgo/wws/servicemodel/calculator"
	"github.com/wwsgo/wws/servicemodel/windowsauth"
)

// Bad [MS-NNS] data after a good handshake, both ways: a proxy whose
// service sends it fails Open with ErrSecurityVerification; a host whose
// client sends it closes that connection, and a session beside it goes on.

// badFrames are what a peer sends after authenticating, instead of data
// frames of its session.
var badFrames = map[string][]byte{
	"truncated frame": append(binary.LittleEndian.AppendUint32(nil, 100), bytes.Repeat([]byte{0x5A}, 10)...),
	"oversized frame": binary.LittleEndian.AppendUint32(nil, 64*1024+1),
	"tiny frame":      {4, 0, 0, 0, 1, 2, 3, 4},
	"garbage frame":   append(binary.LittleEndian.AppendUint32(nil, 40), bytes.Repeat([]byte{0xAB}, 40)...),
	"plaintext":       []byte("\x0b\x0b\x0b\x0b\x0b\x0b"), // a Preamble Ack unprotected, as if downgraded
}

// badHandshakes are what a service sends instead of its first handshake
// message.
var badHandshakes = map[string][]byte{
	"truncated handshake": {0x16, 1, 0, 0x01, 0x00, 0x4E, 0x54},
	"unknown message id":  {0x17, 1, 0, 0, 0},
	"version 2.0":         {0x16, 2, 0, 0, 0},
}

// fakeWindowsService accepts one connection, answers its upgrade, runs a
// real server handshake (unless handshake), then writes bad and closes.
func fakeWindowsService(t *testing.T, bad []byte, handshake bool) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	up, err := windowsauth.ServerUpgrader(windowsauth.ServerConfig{NTLMUserFile: userFile(t)}, nettcp.NNSProtectionEncryptAndSign)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		conn, err := l.Accept()
		if err != nil {
			return
		}
		defer conn.Close()
		conn.SetDeadline(time.Now().Add(10 * time.Second))
		// The preamble ends with the Upgrade Request: its last bytes name
		// the protocol.
		var pre []byte
		buf := make([]byte, 256)
		for !bytes.HasSuffix(pre, []byte(nettcp.UpgradeNegotiate)) {
			n, err := conn.Read(buf)
			if err != nil {
				return
			}
			pre = append(pre, buf[:n]...)
		}
		conn.Write([]byte{0x0A}) // Upgrade Response
		if handshake {
			if _, err := up.Server(context.Background(), conn); err != nil {
				t.Errorf("fake service handshake: %v", err)
				return
			}
		}
		conn.Write(bad)
		// Half-close and drain, so that the client reads all of bad
		// rather than a reset.
		conn.(*net.TCPConn).CloseWrite()
		io.Copy(io.Discard, conn)
	}()
	t.Cleanup(func() { l.Close(); wg.Wait() })
	return "net.tcp://" + l.Addr().String() + "/calculator"
}

func TestWindowsProxyRefusesBadFrames(t *testing.T) {
	for name, bad := range badFrames {
		t.Run(name, func(t *testing.T) {
			addr := fakeWindowsService(t, bad, true)
			_, err := openWindowsProxy(t, windowsBinding(servicemodel.ProtectionEncryptAndSign), addr, &servicemodel.ProxyOptions{Windows: alicePw})
			if !errors.Is(err, servicemodel.ErrSecurityVerification) {
				t.Fatalf("Open: %v; want ErrSecurityVerification", err)
			}
		})
	}
}

func TestWindowsProxyRefusesBadHandshakes(t *testing.T) {
	for name, bad := range badHandshakes {
		t.Run(name, func(t *testing.T) {
			addr := fakeWindowsService(t, bad, false)
			_, err := openWindowsProxy(t, windowsBinding(servicemodel.ProtectionEncryptAndSign), addr, &servicemodel.ProxyOptions{Windows: alicePw})
			if !errors.Is(err, servicemodel.ErrSecurityVerification) {
				t.Fatalf("Open: %v; want ErrSecurityVerification", err)
			}
		})
	}
}

func TestWindowsHostClosesOnBadFrames(t *testing.T) {
	addr, _ := openWindowsHost(t, windowsBinding(servicemodel.ProtectionEncryptAndSign))
	good, err := openWindowsProxy(t, windowsBinding(servicemodel.ProtectionEncryptAndSign), addr, &servicemodel.ProxyOptions{Windows: alicePw})
	if err != nil {
		t.Fatal(err)
	}
	for name, bad := range badFrames {
		t.Run(name, func(t *testing.T) {
			conn := authenticatedConn(t, addr)
			defer conn.Close()
			conn.Write(bad)
			if tc, ok := conn.(*net.TCPConn); ok && strings.HasPrefix(name, "truncated") {
				tc.CloseWrite() // the frame ends with the stream
			}
			conn.SetReadDeadline(time.Now().Add(10 * time.Second))
			if n, err := io.Copy(io.Discard, conn); err != nil || n != 0 {
				t.Fatalf("the host answered %d bytes, then %v; want a close", n, err)
			}
			var resp calculator.AddResponse
			if err := good.Call(context.Background(), "Add", &calculator.AddRequest{A: 1, B: 2}, &resp); err != nil || resp.AddResult != 3 {
				t.Fatalf("the session beside it: %d, %v", resp.AddResult, err)
			}
		})
	}
}

// authenticatedConn sends a preamble with the Upgrade Request to addr,
// authenticates as alice and returns the raw connection under the
// handshake.
func authenticatedConn(t *testing.T, addr string) net.Conn {
	hostport := strings.TrimSuffix(strings.TrimPrefix(addr, "net.tcp://"), "/calculator")
	conn, err := net.Dial("tcp", hostport)
	if err != nil {
		t.Fatal(err)
	}
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	pre := []byte{0x00, 0x01, 0x00, 0x01, 0x02, 0x02, byte(len(addr))}
	pre = append(pre, addr...)
	pre = append(pre, 0x03, 0x08, 0x09, byte(len(nettcp.UpgradeNegotiate)))
	pre = append(pre, nettcp.UpgradeNegotiate...)
	if _, err := conn.Write(pre); err != nil {
		t.Fatal(err)
	}
	var ans [1]byte
	if _, err := io.ReadFull(conn, ans[:]); err != nil || ans[0] != 0x0A {
		t.Fatalf("answer % x, %v", ans, err)
	}
	up, err := windowsauth.ClientUpgrader(windowsauth.ClientConfig{User: alicePw.User, Password: alicePw.Password}, nettcp.NNSProtectionEncryptAndSign)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := up.Client(context.Background(), conn, "127.0.0.1"); err != nil {
		t.Fatal(err)
	}
	conn.SetDeadline(time.Time{})
	return conn
}
