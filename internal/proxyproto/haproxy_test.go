package proxyproto

import (
	"bytes"
	"flag"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/wwsgo/wws/internal/haproxytest"
)

var update = flag.Bool("update", false, "rewrite testdata/haproxy-*.bin from a live haproxy")

// HAProxy's send-proxy (v1) and send-proxy-v2 headers (plain, and with TLVs) parse to the
// address of the client that connected to HAProxy. With -update the
// headers are saved as the captures of TestHAProxyCaptures and FuzzHeader.
func TestCaptureHAProxyHeaders(t *testing.T) {
	haproxytest.Path(t)
	backend, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer backend.Close()
	v1, v2, v2tlv := haproxytest.FreePort(t), haproxytest.FreePort(t), haproxytest.FreePort(t)
	haproxytest.Start(t, fmt.Sprintf(`frontend v1
	mode tcp
	bind %s
	default_backend v1
backend v1
	mode tcp
	server s %s send-proxy
frontend v2
	mode tcp
	bind %s
	default_backend v2
backend v2
	mode tcp
	server s %[2]s send-proxy-v2
frontend v2tlv
	mode tcp
	bind %[4]s
	default_backend v2tlv
backend v2tlv
	mode tcp
	server s %[2]s send-proxy-v2 proxy-v2-options crc32c,unique-id
`, v1, backend.Addr(), v2, v2tlv))
	const marker = "<end of the client's data>"
	for _, front := range []struct {
		name    string
		addr    string
		version int
	}{{"v1", v1, 1}, {"v2", v2, 2}, {"v2tlv", v2tlv, 2}} {
		client, err := net.Dial("tcp", front.addr)
		if err != nil {
			t.Fatal(err)
		}
		defer client.Close()
		client.Write([]byte(marker))
		c, err := backend.Accept()
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		c.SetReadDeadline(time.Now().Add(10 * time.Second))
		var got []byte
		buf := make([]byte, 512)
		for !bytes.HasSuffix(got, []byte(marker)) {
			n, err := c.Read(buf)
			if err != nil {
				t.Fatalf("%s: read %q: %v", front.name, got, err)
			}
			got = append(got, buf[:n]...)
		}
		hdr := got[:len(got)-len(marker)]
		rest, remote, err := serve(t, Config{}, got)
		if err != nil {
			t.Fatalf("%s: %q: %v", front.name, hdr, err)
		}
		if string(rest) != marker {
			t.Errorf("%s: data after the header %q", front.name, rest)
		}
		if remote.String() != client.LocalAddr().String() {
			t.Errorf("%s: RemoteAddr %v, want the client's %v", front.name, remote, client.LocalAddr())
		}
		if h, err := parse(hdr); err != nil || h.version != front.version {
			t.Errorf("%s: version %d, %v", front.name, h.version, err)
		}
		if *update {
			if err := os.WriteFile(filepath.Join("testdata", "haproxy-"+front.name+".bin"), hdr, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}
