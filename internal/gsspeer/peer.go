package gsspeer

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

// Peer is a running peer script.
type Peer struct {
	t   testing.TB
	in  io.WriteCloser
	out *bufio.Scanner
}

// Start requires the peers (Require), then starts testdata/gss/<script>
// with args. users, when not empty, is written to a temporary file that
// becomes the peer's NTLM_USER_FILE. The peer is stopped at cleanup (its
// stdin closed, then waited for; killed after a minute).
func Start(t testing.TB, script, users string, args ...string) *Peer {
	t.Helper()
	return StartEnv(t, script, os.Environ(), users, args...)
}

// StartEnv is Start with the peer's environment (before NTLM_USER_FILE),
// such as a Kerberos realm's KRB5_CONFIG, KRB5CCNAME and KRB5_KTNAME.
func StartEnv(t testing.TB, script string, env []string, users string, args ...string) *Peer {
	t.Helper()
	Require(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	cmd := exec.CommandContext(ctx, Python, append([]string{ScriptPath(t, script)}, args...)...)
	cmd.Env = append([]string(nil), env...)
	if users != "" {
		p := filepath.Join(t.TempDir(), "ntlm_users")
		if err := os.WriteFile(p, []byte(users), 0o600); err != nil {
			t.Fatal(err)
		}
		cmd.Env = append(cmd.Env, "NTLM_USER_FILE="+p)
	}
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
		_ = cmd.Wait()
		cancel()
	})
	sc := bufio.NewScanner(out)
	sc.Buffer(make([]byte, 0, 64*1024), 4<<20)
	return &Peer{t: t, in: in, out: sc}
}

// ScriptPath returns the path of testdata/gss/<name> at the module root.
func ScriptPath(t testing.TB, name string) string {
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, "testdata", "gss", name)
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("gsspeer: no go.mod above the working directory")
		}
		dir = parent
	}
}

// Send writes one line of words.
func (p *Peer) Send(words ...string) {
	p.t.Helper()
	if _, err := fmt.Fprintln(p.in, strings.Join(words, " ")); err != nil {
		p.t.Fatalf("gsspeer: %v", err)
	}
}

// Next reads the peer's next line as words.
func (p *Peer) Next() ([]string, error) {
	if !p.out.Scan() {
		return nil, fmt.Errorf("gsspeer: peer ended: %v", p.out.Err())
	}
	w := strings.Fields(p.out.Text())
	if len(w) == 0 {
		return nil, fmt.Errorf("gsspeer: peer sent an empty line")
	}
	return w, nil
}

// Expect reads the next line, which must start with word, and returns its
// words.
func (p *Peer) Expect(word string) []string {
	p.t.Helper()
	w, err := p.Next()
	if err != nil {
		p.t.Fatal(err)
	}
	if w[0] != word {
		p.t.Fatalf("gsspeer: peer said %q, want %s", strings.Join(w, " "), word)
	}
	return w
}

// ExpectHex reads a line starting with word and decodes its hex argument
// (empty when there is none).
func (p *Peer) ExpectHex(word string) []byte {
	p.t.Helper()
	w := p.Expect(word)
	if len(w) < 2 {
		return []byte{}
	}
	b, err := hex.DecodeString(w[1])
	if err != nil {
		p.t.Fatal(err)
	}
	return b
}
