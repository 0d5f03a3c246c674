package xmltext

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/wwsgo/wws/internal/capture"
	"github.com/wwsgo/wws/soap/infoset"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden/http")

const (
	vectorDir = "../../testdata/vectors"
	goldenDir = "../../testdata/golden/http"
)

var captureFiles = []string{"soap12_http", "soap11_http"}

// httpBody is one non-empty HTTP message body of a capture.
type httpBody struct {
	name string // <file>-<n>, n counting bodies from 1 in capture order
	head string // the start line
	body []byte
}

// captureBodies returns the HTTP bodies of the SOAP-over-HTTP captures.
func captureBodies(t testing.TB) []httpBody {
	t.Helper()
	var out []httpBody
	for _, f := range captureFiles {
		chunks, err := capture.ParseFile(filepath.Join(vectorDir, f+".hex.log"))
		if err != nil {
			t.Fatalf("capture %s: %v", f, err)
		}
		bodies, err := splitHTTP(chunks)
		if err != nil {
			t.Fatalf("capture %s: %v", f, err)
		}
		for i, b := range bodies {
			b.name = f + "-" + strconv.Itoa(i+1)
			out = append(out, b)
		}
	}
	return out
}

// splitHTTP joins each connection direction's reads and splits them into
// HTTP/1.1 messages (head up to CRLFCRLF, then Content-Length bytes), in
// the order they complete. Bodies that are empty (100 Continue, a 200 with
// Content-Length: 0) are left out.
func splitHTTP(chunks []capture.Chunk) ([]httpBody, error) {
	pending := map[string][]byte{}
	var out []httpBody
	for _, c := range chunks {
		key := fmt.Sprintf("%s/%v", c.Conn, c.ToServer)
		buf := append(pending[key], c.Data...)
		for {
			i := bytes.Index(buf, []byte("\r\n\r\n"))
			if i < 0 {
				break
			}
			head := string(buf[:i])
			n, err := contentLength(head)
			if err != nil {
				return nil, err
			}
			if len(buf) < i+4+n {
				break
			}
			if n > 0 {
				line, _, _ := strings.Cut(head, "\r\n")
				out = append(out, httpBody{head: line, body: buf[i+4 : i+4+n]})
			}
			buf = buf[i+4+n:]
		}
		pending[key] = buf
	}
	for k, b := range pending {
		if len(b) > 0 {
			return nil, fmt.Errorf("%d bytes left over in %s", len(b), k)
		}
	}
	return out, nil
}

func contentLength(head string) (int, error) {
	for _, line := range strings.Split(head, "\r\n")[1:] {
		name, v, ok := strings.Cut(line, ":")
		if ok && strings.EqualFold(strings.TrimSpace(name), "Content-Length") {
			return strconv.Atoi(strings.TrimSpace(v))
		}
	}
	return 0, nil
}

// TestGoldenHTTP decodes every HTTP body of the captures and compares the
// tree with testdata/golden/http/<file>-<n>.json (-update rewrites them).
func TestGoldenHTTP(t *testing.T) {
	bodies := captureBodies(t)
	if len(bodies) < 10 {
		t.Fatalf("got %d HTTP bodies from the captures, want at least 10", len(bodies))
	}
	for _, b := range bodies {
		t.Run(b.name, func(t *testing.T) {
			got, err := readTree(b.body, Quotas{})
			if err != nil {
				t.Fatalf("%s (%s): %v", b.name, b.head, err)
			}
			path := filepath.Join(goldenDir, b.name+".json")
			if *update {
				writeGolden(t, path, got)
			}
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			var want []*infoset.Node
			if err := json.Unmarshal(data, &want); err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			if d := cmp.Diff(want, got); d != "" {
				t.Errorf("%s: tree differs from %s (-want +got):\n%s", b.head, path, d)
			}
		})
	}
}

func writeGolden(t *testing.T, path string, nodes []*infoset.Node) {
	t.Helper()
	data, err := json.MarshalIndent(nodes, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, append(data, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestGoldenValues checks by value what the goldens should show: the
// results of Add, Fail and Blob.
func TestGoldenValues(t *testing.T) {
	want := map[string]bool{"<AddResult>5</AddResult>": false, `xml:lang="en-US">boom<`: false,
		"<BlobResult>AAECAwQFBgcICQoLDA0ODw==</BlobResult>": false}
	for _, b := range captureBodies(t) {
		nodes, err := readTree(b.body, Quotas{})
		if err != nil {
			t.Fatalf("%s: %v", b.name, err)
		}
		out, err := writeTree(nodes)
		if err != nil {
			t.Fatalf("%s: write: %v", b.name, err)
		}
		for s := range want {
			if bytes.Contains(out, []byte(s)) {
				want[s] = true
			}
		}
	}
	for s, seen := range want {
		if !seen {
			t.Errorf("no HTTP body rewrites to contain %q", s)
		}
	}
}
