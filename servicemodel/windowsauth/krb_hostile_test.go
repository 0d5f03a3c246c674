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
	"github.com/wwsgo/wws/servicemodel/windowsauth/kerberos"
)

// A Kerberos client that authenticates at EncryptAndSign, then sends what
// is not a sealed data frame of its session — garbage, a frame of the
// wrong size, an integrity-only Wrap token (a downgrade), a replayed frame
// — loses its connection; a session open beside it goes on.
func TestKerberosGarbageAfterHandshake(t *testing.T) {
	r := startRealm(t)
	cl := r.client(t, "alice", krbPassword)
	prot := nettcp.NNSProtectionEncryptAndSign
	via, _, stop := krbGoHost(t, &NegotiateServerConfig{Kerberos: r.acceptor(t)}, prot)
	defer stop()
	up := NegotiateUpgrader(&NegotiateClientConfig{Kerberos: cl, TargetName: krbSPN}, nil, prot)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	good, err := nettcp.Dial(ctx, via, &nettcp.ClientConfig{Upgrader: up})
	if err != nil {
		t.Fatal(err)
	}
	frame := func(payload []byte) []byte {
		return append(binary.LittleEndian.AppendUint32(nil, uint32(len(payload))), payload...)
	}
	for name, garbage := range map[string]func(*kerberos.Context) []byte{
		"oversized frame":  func(*kerberos.Context) []byte { return binary.LittleEndian.AppendUint32(nil, 1<<20) },
		"tiny frame":       func(*kerberos.Context) []byte { return []byte{4, 0, 0, 0, 1, 2, 3, 4} },
		"sealed with junk": func(*kerberos.Context) []byte { return frame(bytes.Repeat([]byte{0xAB}, 80)) },
		"integrity only": func(c *kerberos.Context) []byte {
			return frame(c.Wrap(nil, []byte("\x0c"), false))
		},
		"replayed frame": func(c *kerberos.Context) []byte {
			f := frame(c.Wrap(nil, []byte("\x0c"), true))
			return append(f, f...)
		},
		"plaintext records": func(*kerberos.Context) []byte { return []byte("\x0c\x06\x05hello") },
	} {
		conn, kc := krbAuthenticatedRaw(t, ctx, via, up)
		conn.Write(garbage(kc))
		conn.SetReadDeadline(time.Now().Add(10 * time.Second))
		// A replayed frame follows a good PreambleEnd: the host may answer
		// its PreambleAck before it reads the replay.
		n, err := io.Copy(io.Discard, conn)
		if err != nil || (n != 0 && name != "replayed frame") {
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

// krbAuthenticatedRaw sends a preamble with the upgrade request, runs the
// client handshake and returns the raw connection under it with the
// client's Kerberos context.
func krbAuthenticatedRaw(t *testing.T, ctx context.Context, via string, up *nettcp.NegotiateUpgrader) (net.Conn, *kerberos.Context) {
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
	nc, err := up.Client(ctx, conn, "127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	a := nc.(*nettcp.NNSConn).Authenticator().(*SPNEGOAuthenticator)
	return conn, a.sp.Mechanism().(*KerberosClient).init.Context()
}
