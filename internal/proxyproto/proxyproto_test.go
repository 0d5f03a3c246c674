package proxyproto

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// v2Header builds a v2 PROXY header for TCP over IPv4 (§2.2), with tlv
// appended inside the declared length.
func v2Header(src, dst string, sport, dport uint16, tlv []byte) []byte {
	b := append([]byte(nil), v2Signature...)
	b = append(b, 0x21, 0x11) // version 2, PROXY; AF_INET, STREAM
	body := append(net.ParseIP(src).To4(), net.ParseIP(dst).To4()...)
	body = binary.BigEndian.AppendUint16(body, sport)
	body = binary.BigEndian.AppendUint16(body, dport)
	body = append(body, tlv...)
	b = binary.BigEndian.AppendUint16(b, uint16(len(body)))
	return append(b, body...)
}

// serve writes data from a client, then returns what the server side
// reads after the header, its RemoteAddr and its error.
func serve(t *testing.T, cfg Config, data []byte) (rest []byte, remote net.Addr, err error) {
	t.Helper()
	ln, lerr := net.Listen("tcp", "127.0.0.1:0")
	if lerr != nil {
		t.Fatal(lerr)
	}
	pl := Listen(ln, cfg)
	defer pl.Close()
	client, derr := net.Dial("tcp", ln.Addr().String())
	if derr != nil {
		t.Fatal(derr)
	}
	defer client.Close()
	if _, werr := client.Write(data); werr != nil {
		t.Fatal(werr)
	}
	_ = client.(*net.TCPConn).CloseWrite()
	c, aerr := pl.Accept()
	if aerr != nil {
		t.Fatal(aerr)
	}
	defer c.Close()
	rest, err = io.ReadAll(c)
	return rest, c.RemoteAddr(), err
}

func TestHeaders(t *testing.T) {
	tests := []struct {
		name   string
		header []byte
		remote string // "" : the connection's own
	}{
		{"v1 tcp4", []byte("PROXY TCP4 192.0.2.7 198.51.100.1 56324 8808\r\n"), "192.0.2.7:56324"},
		{"v1 tcp6", []byte("PROXY TCP6 2001:db8::7 2001:db8::1 56324 8808\r\n"), "[2001:db8::7]:56324"},
		{"v1 unknown", []byte("PROXY UNKNOWN\r\n"), ""},
		{"v1 unknown with addresses", []byte("PROXY UNKNOWN ffff:f...f:ffff 1 2 3\r\n"), ""},
		{"v1 longest", []byte("PROXY TCP6 ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff 65535 65535\r\n"), "[ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff]:65535"},
		{"v2 tcp4", v2Header("192.0.2.7", "198.51.100.1", 56324, 8808, nil), "192.0.2.7:56324"},
		{"v2 tcp4 with tlv", v2Header("192.0.2.7", "198.51.100.1", 1, 2, []byte{0x04, 0x00, 0x01, 0x00}), "192.0.2.7:1"},
		{"v2 local", append(append([]byte(nil), v2Signature...), 0x20, 0x00, 0x00, 0x00), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			payload := []byte("\x00\x01\x00\x01\x02after the header")
			rest, remote, err := serve(t, Config{}, append(append([]byte(nil), tt.header...), payload...))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(rest, payload) {
				t.Errorf("read %q after the header, want %q", rest, payload)
			}
			if tt.remote == "" {
				if !strings.HasPrefix(remote.String(), "127.0.0.1:") {
					t.Errorf("RemoteAddr %v, want the connection's own", remote)
				}
			} else if remote.String() != tt.remote {
				t.Errorf("RemoteAddr %v, want %s", remote, tt.remote)
			}
		})
	}
}

func TestInvalidHeaders(t *testing.T) {
	v2 := v2Header("192.0.2.7", "198.51.100.1", 1, 2, nil)
	badVersion := append([]byte(nil), v2...)
	badVersion[12] = 0x11
	badCommand := append([]byte(nil), v2...)
	badCommand[12] = 0x22
	short := append([]byte(nil), v2...)
	binary.BigEndian.PutUint16(short[14:], 4) // AF_INET needs 12
	huge := append(append([]byte(nil), v2Signature...), 0x21, 0x11, 0xff, 0xff)
	tests := map[string][]byte{
		"no header":        []byte("\x00\x01\x00\x01\x02\x02net.tcp://x/"),
		"http request":     []byte("POST /calculator HTTP/1.1\r\nHost: x\r\n\r\n"),
		"v1 bad family":    []byte("PROXY TCP5 192.0.2.7 198.51.100.1 1 2\r\n"),
		"v1 family clash":  []byte("PROXY TCP6 192.0.2.7 198.51.100.1 1 2\r\n"),
		"v1 double space":  []byte("PROXY TCP4  192.0.2.7 198.51.100.1 1 2\r\n"),
		"v1 port range":    []byte("PROXY TCP4 192.0.2.7 198.51.100.1 65536 2\r\n"),
		"v1 leading zero":  []byte("PROXY TCP4 192.0.2.7 198.51.100.1 01 2\r\n"),
		"v1 missing field": []byte("PROXY TCP4 192.0.2.7 198.51.100.1 1\r\n"),
		"v1 bare LF":       []byte("PROXY TCP4 192.0.2.7 198.51.100.1 1 2\n\r\n"),
		"v1 no CRLF":       []byte("PROXY TCP4 " + strings.Repeat("1", 200)),
		"v1 truncated":     []byte("PROXY TCP4 192.0.2.7"),
		"v2 version":       badVersion,
		"v2 command":       badCommand,
		"v2 short":         short,
		"v2 over limit":    huge,
		"v2 truncated":     v2[:20],
	}
	for name, data := range tests {
		t.Run(name, func(t *testing.T) {
			_, remote, err := serve(t, Config{}, data)
			if !errors.Is(err, ErrInvalidHeader) {
				t.Fatalf("err = %v, want ErrInvalidHeader", err)
			}
			if !strings.HasPrefix(remote.String(), "127.0.0.1:") {
				t.Errorf("RemoteAddr %v, want the connection's own", remote)
			}
		})
	}
}

// A connection rejected for its header gets nothing written: the client
// reads EOF, not bytes.
func TestRejectWritesNothing(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	pl := Listen(ln, Config{})
	defer pl.Close()
	client, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	client.Write([]byte("GET / HTTP/1.0\r\n\r\n"))
	c, err := pl.Accept()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Write([]byte("HTTP/1.0 400 Bad Request\r\n\r\n")); !errors.Is(err, ErrInvalidHeader) {
		t.Fatalf("Write: err = %v, want ErrInvalidHeader", err)
	}
	client.SetReadDeadline(time.Now().Add(5 * time.Second))
	if b, err := io.ReadAll(client); len(b) != 0 || err != nil {
		t.Fatalf("client read %q, %v; want a clean close with nothing", b, err)
	}
}

// A client that sends nothing is cut off at the header timeout, and a slow
// one does not hold up Accept.
func TestHeaderTimeout(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	pl := Listen(ln, Config{Timeout: time.Second}) // long enough for the good client under load
	defer pl.Close()
	silent, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer silent.Close()
	c1, err := pl.Accept()
	if err != nil {
		t.Fatal(err)
	}
	defer c1.Close()
	good, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer good.Close()
	good.Write([]byte("PROXY TCP4 192.0.2.9 192.0.2.1 4000 80\r\n"))
	c2, err := pl.Accept() // the silent client's header is not read yet
	if err != nil {
		t.Fatal(err)
	}
	defer c2.Close()
	if got := c2.RemoteAddr().String(); got != "192.0.2.9:4000" {
		t.Errorf("second client RemoteAddr %s", got)
	}
	c1.SetReadDeadline(time.Now().Add(time.Hour)) // a later user deadline does not lift the header's
	_, err = c1.Read(make([]byte, 1))
	var ne net.Error
	if !errors.Is(err, ErrInvalidHeader) || !errors.As(err, &ne) || !ne.Timeout() {
		t.Fatalf("silent client: err = %v, want ErrInvalidHeader and a timeout", err)
	}
}

// The user's read deadline, set before the header is read, holds after it.
func TestUserDeadlineAfterHeader(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	pl := Listen(ln, Config{})
	defer pl.Close()
	client, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	client.Write([]byte("PROXY UNKNOWN\r\n"))
	c, err := pl.Accept()
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetReadDeadline(time.Now().Add(50 * time.Millisecond))
	_, err = c.Read(make([]byte, 1))
	var ne net.Error
	if !errors.As(err, &ne) || !ne.Timeout() || errors.Is(err, ErrInvalidHeader) {
		t.Fatalf("err = %v, want the user's timeout after a valid header", err)
	}
}

// The headers HAProxy sent (testdata/haproxy-*.bin, captured by
// TestCaptureHAProxyHeaders) parse to the client's address.
func TestHAProxyCaptures(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "haproxy-*.bin"))
	if len(files) == 0 {
		t.Fatal("no captures in testdata")
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		_, remote, err := serve(t, Config{}, b)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if !strings.HasPrefix(remote.String(), "127.0.0.1:") || remote.(*net.TCPAddr).Port == 0 {
			t.Errorf("%s: RemoteAddr %v, want the loopback client of the capture", f, remote)
		}
	}
}
