package windowsauth

import (
	"bufio"
	"context"
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
)

// FuzzHTTPHostAuthorization feeds two Authorization headers, in turn, on
// one connection to HTTPHost, seeded with the tokens of a real gss-ntlmssp
// exchange, bare and under MIT's SPNEGO (ntlm/testdata/gss_tokens.hex,
// spnego/testdata/gss_spnego_tokens.hex): every request is answered 401
// with a challenge (no input can complete a handshake whose challenge it
// never saw), the handler is never reached, and nothing panics.
func FuzzHTTPHostAuthorization(f *testing.F) {
	for _, file := range []string{"ntlm/testdata/gss_tokens.hex", "spnego/testdata/gss_spnego_tokens.hex"} {
		fh, err := os.Open(file)
		if err != nil {
			f.Fatal(err)
		}
		sc := bufio.NewScanner(fh)
		sc.Buffer(nil, 1<<20)
		var toks []string
		for sc.Scan() {
			if b, err := hex.DecodeString(strings.TrimSpace(sc.Text())); err == nil && len(b) > 0 {
				toks = append(toks, base64.StdEncoding.EncodeToString(b))
			}
		}
		fh.Close()
		for i, tok := range toks {
			next := ""
			if i+1 < len(toks) {
				next = toks[i+1]
			}
			for _, scheme := range []string{"Negotiate ", "NTLM "} {
				f.Add(scheme+tok, scheme+next)
			}
		}
	}
	f.Add("", "Negotiate")
	f.Add("NTLM", "NTLM ====")
	f.Add("Basic YWxpY2U6cHc=", "negotiate  TlRMTVNTUAABAAAA")
	h := &HTTPHost{Server: *serverConfig(f), MaxChallengedBody: 1 << 10,
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			panic("the handler was reached")
		})}
	f.Fuzz(func(t *testing.T, first, second string) {
		ctx := h.ConnContext(context.Background(), nil)
		for _, authz := range []string{first, second} {
			r := httptest.NewRequestWithContext(ctx, "POST", "http://127.0.0.1/calc", strings.NewReader("<Add/>"))
			r.Header.Set("Authorization", authz)
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			if w.Code != http.StatusUnauthorized || len(w.Header().Values("WWW-Authenticate")) == 0 {
				t.Fatalf("Authorization %q: %d %v", authz, w.Code, w.Header().Values("WWW-Authenticate"))
			}
		}
	})
}
