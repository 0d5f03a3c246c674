package ntlm

import (
	"encoding/hex"
	"fmt"
	"strings"
	"testing"

	"github.com/wwsgo/wws/internal/gsspeer"
)

// The independent peer: gss-ntlmssp driven by python3-gssapi
// (testdata/gss/ntlm_peer.py at the module root; see internal/gsspeer).

type gssPeer struct {
	*gsspeer.Peer
	t *testing.T
}

// startPeer starts ntlm_peer.py with args; users, when not empty, becomes
// its NTLM_USER_FILE.
func startPeer(t *testing.T, users string, args ...string) *gssPeer {
	t.Helper()
	return &gssPeer{gsspeer.Start(t, "ntlm_peer.py", users, args...), t}
}

func (p *gssPeer) send(words ...string)       { p.t.Helper(); p.Send(words...) }
func (p *gssPeer) recv(want string) []string  { p.t.Helper(); return p.Expect(want) }
func (p *gssPeer) recvHex(want string) []byte { p.t.Helper(); return p.ExpectHex(want) }
func (p *gssPeer) next() ([]string, error)    { return p.Next() }

// unwrap asks the peer to unwrap payload and returns the plaintext, or the
// peer's error line.
func (p *gssPeer) unwrap(payload []byte) ([]byte, error) {
	p.send("UNWRAP", hex.EncodeToString(payload))
	w, err := p.next()
	if err != nil {
		return nil, err
	}
	if w[0] != "PLAIN" {
		return nil, fmt.Errorf("peer: %s", strings.Join(w, " "))
	}
	if len(w) == 1 {
		return []byte{}, nil
	}
	return hex.DecodeString(w[1])
}

// wrap asks the peer to wrap plaintext with conf_req conf.
func (p *gssPeer) wrap(conf bool, plaintext []byte) []byte {
	p.t.Helper()
	c := "0"
	if conf {
		c = "1"
	}
	p.send("WRAP", c, hex.EncodeToString(plaintext))
	return p.recvHex("DATA")
}
