package ntlm

import (
	"bufio"
	"context"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The independent peer: gss-ntlmssp driven by python3-gssapi
// (testdata/gss/ntlm_peer.py at the module root), talking hex lines over
// stdin/stdout. Debian's /usr/bin/python3 has the gssapi module; the
// python3 on PATH may not.

const (
	gssPython   = "/usr/bin/python3"
	ntlmMechOID = "1.3.6.1.4.1.311.2.2.10"
)

var peerScript = filepath.Join("..", "..", "..", "testdata", "gss", "ntlm_peer.py")

// needGSS skips the test when the peer cannot run: no python3-gssapi under
// /usr/bin/python3, or no gss-ntlmssp mechanism registered in
// /etc/gss/mech.d with its library present. .ci/run installs both.
func needGSS(t *testing.T) {
	t.Helper()
	if err := exec.Command(gssPython, "-c", "import gssapi").Run(); err != nil {
		t.Skipf("gss-ntlmssp interop needs python3-gssapi under %s (apt-get install python3-gssapi): %v", gssPython, err)
	}
	if so := ntlmMechLibrary(); so == "" {
		t.Skipf("gss-ntlmssp interop needs the gss-ntlmssp mechanism (apt-get install gss-ntlmssp): no /etc/gss/mech.d entry for %s with its library present", ntlmMechOID)
	}
}

// ntlmMechLibrary returns the library of the NTLM mechanism named in
// /etc/gss/mech.d, if it exists.
func ntlmMechLibrary() string {
	confs, _ := filepath.Glob("/etc/gss/mech.d/*")
	for _, c := range confs {
		b, err := os.ReadFile(c)
		if err != nil {
			continue
		}
		for _, line := range strings.Split(string(b), "\n") {
			f := strings.Fields(line)
			if len(f) >= 3 && !strings.HasPrefix(f[0], "#") && f[1] == ntlmMechOID {
				if _, err := os.Stat(f[2]); err == nil {
					return f[2]
				}
			}
		}
	}
	return ""
}

// gssPeer is a running ntlm_peer.py.
type gssPeer struct {
	t   *testing.T
	in  io.WriteCloser
	out *bufio.Scanner
}

// startPeer starts the peer with args; users, when not empty, becomes its
// NTLM_USER_FILE.
func startPeer(t *testing.T, users string, args ...string) *gssPeer {
	t.Helper()
	needGSS(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	cmd := exec.CommandContext(ctx, gssPython, append([]string{peerScript}, args...)...)
	cmd.Env = append(os.Environ(), "NTLM_USER_FILE="+writeUserFile(t, users))
	cmd.Stderr = os.Stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		in.Close()
		cmd.Wait()
		cancel()
	})
	sc := bufio.NewScanner(out)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	return &gssPeer{t: t, in: in, out: sc}
}

func writeUserFile(t *testing.T, users string) string {
	p := filepath.Join(t.TempDir(), "ntlm_users")
	if err := os.WriteFile(p, []byte(users), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func (p *gssPeer) send(words ...string) {
	p.t.Helper()
	if _, err := fmt.Fprintln(p.in, strings.Join(words, " ")); err != nil {
		p.t.Fatalf("peer: %v", err)
	}
}

// recv reads the peer's next line and returns its words; the first must be
// want, or the test fails.
func (p *gssPeer) recv(want string) []string {
	p.t.Helper()
	w, err := p.next()
	if err != nil {
		p.t.Fatal(err)
	}
	if w[0] != want {
		p.t.Fatalf("peer said %q, want %s", strings.Join(w, " "), want)
	}
	return w
}

func (p *gssPeer) next() ([]string, error) {
	if !p.out.Scan() {
		return nil, fmt.Errorf("peer ended: %v", p.out.Err())
	}
	w := strings.Fields(p.out.Text())
	if len(w) == 0 {
		return nil, fmt.Errorf("peer sent an empty line")
	}
	return w, nil
}

// recvHex reads a line starting with want and decodes its hex argument.
func (p *gssPeer) recvHex(want string) []byte {
	p.t.Helper()
	w := p.recv(want)
	if len(w) < 2 {
		return nil
	}
	b, err := hex.DecodeString(w[1])
	if err != nil {
		p.t.Fatal(err)
	}
	return b
}

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
