package windowsauth

import (
	"bytes"
	"testing"

	"github.com/wwsgo/wws/servicemodel/windowsauth/kerberos"
)

// Sign-level frames as .NET Framework made them (MakeSignature: the MIC
// token, then the plaintext) are read beside Wrap tokens, with AES and
// RC4-HMAC keys.
func TestKerberosMICFrames(t *testing.T) {
	for name, o := range realmOptions {
		t.Run(name, func(t *testing.T) {
			r := startRealmWith(t, o)
			cl := r.client(t, "alice", krbPassword)
			c := NewKerberosClient(kerberos.InitiatorConfig{Client: cl, TargetName: krbSPN})
			s := NewKerberosServer(*r.acceptor(t))
			req, _, err := c.Step(nil)
			if err != nil {
				t.Fatal(err)
			}
			rep, _, err := s.Step(req)
			if err != nil {
				t.Fatal(err)
			}
			if _, _, err := c.Step(rep); err != nil {
				t.Fatal(err)
			}
			send, recv := c.Security(), s.Security()
			ctx := c.init.Context()
			for i, msg := range [][]byte{[]byte("first, MakeSignature"), []byte("second, wrapped"), []byte("third, MakeSignature")} {
				var frame []byte
				if i == 1 {
					frame, _ = send.Wrap(nil, msg)
				} else {
					frame = append(ctx.MIC(nil, msg), msg...)
				}
				got, err := recv.Unwrap(frame)
				if err != nil || !bytes.Equal(got, msg) {
					t.Fatalf("frame %d: %q, %v", i, got, err)
				}
			}
		})
	}
}
