package spnego

import (
	"encoding/hex"
	"errors"
	"os"
	"strings"
	"testing"
)

// FuzzParse reads tokens, seeded with a real MIT SPNEGO + gss-ntlmssp
// exchange (testdata/gss_spnego_tokens.hex): every input parses or gives
// ErrSecurityVerification, and what parses encodes and parses back alike.
func FuzzParse(f *testing.F) {
	b, err := os.ReadFile("testdata/gss_spnego_tokens.hex")
	if err != nil {
		f.Fatal(err)
	}
	for _, line := range strings.Fields(string(b)) {
		tok, err := hex.DecodeString(line)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(tok)
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		init, resp, err := Parse(in)
		if err != nil {
			if !errors.Is(err, ErrSecurityVerification) {
				t.Fatalf("unclassified error %v", err)
			}
			return
		}
		var again []byte
		if init != nil {
			again, err = init.Marshal()
		} else {
			again, err = resp.Marshal()
		}
		if err != nil {
			t.Fatalf("re-encode: %v", err)
		}
		init2, resp2, err := Parse(again)
		if err != nil || (init == nil) != (init2 == nil) || (resp == nil) != (resp2 == nil) {
			t.Fatalf("re-parse: %v", err)
		}
		if init != nil && (len(init2.MechTypes) != len(init.MechTypes) || string(init2.MechToken) != string(init.MechToken)) {
			t.Fatalf("NegTokenInit changed: %+v vs %+v", init, init2)
		}
		if resp != nil && (resp2.NegState != resp.NegState || string(resp2.ResponseToken) != string(resp.ResponseToken) || string(resp2.MechListMIC) != string(resp.MechListMIC)) {
			t.Fatalf("NegTokenResp changed: %+v vs %+v", resp, resp2)
		}
	})
}
