package windowsauth

import (
	"bytes"
	"context"
	"encoding/binary"
	"io"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/wwsgo/wws/nettcp"
	"github.com/wwsgo/wws/servicemodel/windowsauth/ntlm"
)

// A client that authenticates, then sends what is not a valid data frame,
// loses its connection; a session open beside it goes on.
func TestGarbageAfterHandshake(t *testing.T) {
	v := variants[1] // SPNEGO, as .NET
	prot := nettcp.NNSProtectionEncryptAndSign
	via, stop := goEchoHost(t, v, prot)
	defer stop()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	good, err := nettcp.Dial(ctx, via, &nettcp.ClientConfig{Upgrader: v.upgrader(&ntlm.ClientConfig{Credentials: alice}, nil, prot)})
	if err != nil {
		t.Fatal(err)
	}
	for name, garbage := range map[string][]byte{
		"oversized frame":   binary.LittleEndian.AppendUint32(nil, 1<<20),
		"tiny frame":        {4, 0, 0, 0, 1, 2, 3, 4},
		"sealed with junk":  append(binary.LittleEndian.AppendUint32(nil, 17), bytes.Repeat([]byte{0xAB}, 17)...),
		"plaintext records": []byte("\x0c\x06\x05hello"), // no protection, as if downgraded
	} {
		conn := authenticatedRaw(t, ctx, via, v, prot)
		conn.Write(garbage)
		conn.SetReadDeadline(time.Now().Add(10 * time.Second))
		if n, err := io.Copy(io.Discard, conn); err != nil || n != 0 {
			t.Errorf("%s: the host answered %d bytes, then %v; want a close", name, n, err)
		}
		conn.Close()
		if err := good.Send(ctx, []byte("still here")); err != nil {
			t.Fatalf("after %s: %v", name, err)
		}
		if b, err := good.Receive(ctx, nil); err != nil || string(b) != "still here" {
			t.Fatalf("after %s: %q, %v", name, b, err)
		}
	}
	if err := good.Close(ctx); err != nil {
		t.Fatal(err)
	}
}

// authenticatedRaw sends a preamble with the upgrade request, runs the
// client handshake and returns the raw connection under it.
func authenticatedRaw(t *testing.T, ctx context.Context, via string, v mechVariant, prot nettcp.NNSProtection) net.Conn {
	addr := strings.TrimSuffix(strings.TrimPrefix(via, "net.tcp://"), "/calc")
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	pre := []byte{0x00, 0x01, 0x00, 0x01, 0x02, 0x02, byte(len(via))}
	pre = append(pre, via...)
	pre = append(pre, 0x03, 0x08, 0x09, byte(len(nettcp.UpgradeNegotiate)))
	pre = append(pre, nettcp.UpgradeNegotiate...)
	if _, err := conn.Write(pre); err != nil {
		t.Fatal(err)
	}
	var ans [1]byte
	if _, err := io.ReadFull(conn, ans[:]); err != nil || ans[0] != 0x0A {
		t.Fatalf("answer % x, %v", ans, err)
	}
	up := v.upgrader(&ntlm.ClientConfig{Credentials: alice}, nil, prot)
	if _, err := up.Client(ctx, conn, "127.0.0.1"); err != nil {
		t.Fatal(err)
	}
	return conn
}
