package ntlm

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"io"
	"net"
	"testing"

	"github.com/wwsgo/wws/nettcp"
)

var _ nettcp.NNSSecurity = (*Session)(nil)

// TestGSSThroughNNSFrames carries a byte stream through [MS-NNS] data
// frames between a Go NTLM session (nettcp.NNSConn) and gss-ntlmssp: each
// frame's payload is what gss_unwrap (or gss_verify_mic) takes and what
// gss_wrap (or gss_get_mic) makes, for both protection levels, with a
// stream larger than one frame.
func TestGSSThroughNNSFrames(t *testing.T) {
	for _, conf := range []bool{true, false} {
		t.Run(map[bool]string{true: "EncryptAndSign", false: "Sign"}[conf], func(t *testing.T) {
			c, p, w := goClientToGSS(t, alice, conf)
			if w[0] != "ESTABLISHED" {
				t.Fatal(w)
			}
			goEnd, rawEnd := net.Pipe()
			defer goEnd.Close()
			defer rawEnd.Close()
			nc := nettcp.NewNNSConn(goEnd, c.Session())
			stream := bytes.Repeat([]byte("<Add><a>2</a><b>3</b></Add>"), 8000) // 216000 bytes: 4 frames

			// Go → gss.
			go nc.Write(stream)
			var got []byte
			for len(got) < len(stream) {
				payload := readFrame(t, rawEnd)
				if n := len(payload) - SignatureSize; n > 0xFC00 {
					t.Fatalf("a frame carries %d plaintext bytes", n)
				}
				got = append(got, gssReceive(t, p, conf, payload)...)
			}
			if !bytes.Equal(got, stream) {
				t.Fatal("gss read another stream than Go wrote")
			}

			// gss → Go, in frames cut elsewhere than Go would cut them.
			var payloads [][]byte
			for rest := stream; len(rest) > 0; {
				n := min(len(rest), 50000)
				payloads = append(payloads, gssSend(t, p, conf, rest[:n]))
				rest = rest[n:]
			}
			go func() {
				for _, payload := range payloads {
					writeFrame(rawEnd, payload)
				}
			}()
			back := make([]byte, len(stream))
			if _, err := io.ReadFull(nc, back); err != nil || !bytes.Equal(back, stream) {
				t.Fatalf("Go read %v", err)
			}
		})
	}
}

func readFrame(t *testing.T, r io.Reader) []byte {
	var h [4]byte
	if _, err := io.ReadFull(r, h[:]); err != nil {
		t.Fatal(err)
	}
	n := binary.LittleEndian.Uint32(h[:])
	if n <= 4 || n > 64*1024 {
		t.Fatalf("frame size %d", n)
	}
	b := make([]byte, n)
	if _, err := io.ReadFull(r, b); err != nil {
		t.Fatal(err)
	}
	return b
}

func writeFrame(w io.Writer, payload []byte) {
	w.Write(binary.LittleEndian.AppendUint32(nil, uint32(len(payload))))
	w.Write(payload)
}

// gssReceive has the peer check a frame payload and returns its plaintext.
func gssReceive(t *testing.T, p *gssPeer, conf bool, payload []byte) []byte {
	if conf {
		plain, err := p.unwrap(payload)
		if err != nil {
			t.Error(err)
		}
		return plain
	}
	p.send("VERIFY", hex.EncodeToString(payload[SignatureSize:]), hex.EncodeToString(payload[:SignatureSize]))
	p.recv("OK")
	return payload[SignatureSize:]
}

// gssSend has the peer make the frame payload for plaintext.
func gssSend(t *testing.T, p *gssPeer, conf bool, plaintext []byte) []byte {
	if conf {
		return p.wrap(true, plaintext)
	}
	p.send("MIC", hex.EncodeToString(plaintext))
	return append(p.recvHex("DATA"), plaintext...)
}
