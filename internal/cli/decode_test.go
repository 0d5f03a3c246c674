package cli

import (
	"encoding/hex"
	"os"
	"strings"
	"testing"

	"github.com/wwsgo/wws/internal/capture"
)

const sessionLog = "../../testdata/vectors/nettcp_session.hex.log"

func TestDecodeCaptureGolden(t *testing.T) {
	code, out, errs := run(t, "", "decode", sessionLog)
	if code != ExitOK {
		t.Fatalf("exit %d, want 0; stderr:\n%s", code, errs)
	}
	golden(t, "decode_nettcp_session.golden", out)
	for _, want := range []string{
		"<AddResult>5</AddResult>",
		`<s:Text xml:lang="en-US">boom</s:Text>`,
		"<BlobResult>AAECAwQFBgcICQoLDA0ODw==</BlobResult>",
		`session strings: 1="a" 3="b"`,
		"Via net.tcp://127.0.0.1:18861/calc",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
}

// serverBytes returns the server→client stream of the capture.
func serverBytes(t *testing.T) []byte {
	chunks, err := capture.ParseFile(sessionLog)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range capture.Streams(chunks) {
		if !s.ToServer {
			return s.Data
		}
	}
	t.Fatal("no server stream")
	return nil
}

func TestDecodeInputForms(t *testing.T) {
	s2c := serverBytes(t)
	raw := t.TempDir() + "/s2c.bin"
	if err := os.WriteFile(raw, s2c, 0o644); err != nil {
		t.Fatal(err)
	}
	spaced := strings.Join(strings.SplitAfter(hex.EncodeToString(s2c), "00"), "\n ")
	tests := []struct {
		name  string
		stdin string
		args  []string
		want  []string
		not   []string
	}{
		{"raw file", "", []string{"decode", "-dir", "s2c", raw}, []string{"server to client", "<AddResult>5</AddResult>"}, nil},
		{"hex stdin", spaced, []string{"decode", "-dir", "s2c", "-"}, []string{"<AddResult>5</AddResult>", "boom"}, nil},
		{"capture one direction", "", []string{"decode", "-dir", "s2c", sessionLog}, []string{"server to client", "<EchoResult>hello</EchoResult>"}, []string{"client to server"}},
		{"flags after file", "", []string{"decode", sessionLog, "-dir", "c2s"}, []string{"client to server", "<text>hello</text>"}, []string{"server to client"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := run(t, tt.stdin, tt.args...)
			if code != ExitOK {
				t.Fatalf("exit %d, want 0; stderr:\n%s", code, errs)
			}
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
			for _, w := range tt.not {
				if strings.Contains(out, w) {
					t.Errorf("output has %q", w)
				}
			}
		})
	}
}

func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name  string
		stdin string
		args  []string
		want  int
	}{
		{"missing file", "", []string{"decode", "/nonexistent/x"}, ExitUsage},
		{"bad dir", "", []string{"decode", "-dir", "up", sessionLog}, ExitUsage},
		{"two files", "", []string{"decode", "a", "b"}, ExitUsage},
		{"http bytes", "POST /calc HTTP/1.1\r\n\r\n", []string{"decode"}, ExitTransport},
		{"truncated", "0601", []string{"decode"}, ExitTransport},
		{"bad envelope", "0603000102", []string{"decode"}, ExitTransport},
		{"unknown flag", "", []string{"decode", "-x"}, ExitUsage},
		{"help", "", []string{"decode", "-h"}, ExitOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if code, out, errs := run(t, tt.stdin, tt.args...); code != tt.want {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.want, out, errs)
			}
		})
	}
}
