package binxml

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/wwsgo/wws/internal/capture"
	"github.com/wwsgo/wws/soap/infoset"
)

// Golden files for the net.tcp capture: every SizedEnvelope of
// testdata/vectors/nettcp_session.hex.log decodes to the infoset in
// testdata/golden/nettcp/<dir>-<n>.json and the XML in <dir>-<n>.xml.
// go test ./soap/nbfx -run Golden -update rewrites them.

func init() {
	// Registered only if no other test file of the package did.
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite golden files")
	}
}

func updating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

const (
	captureFile = "../../../testdata/vectors/nettcp_session.hex.log"
	goldenDir   = "../../../testdata/golden/nettcp"
)

// envelope is one SizedEnvelope payload of the capture.
type envelope struct {
	name    string       // c2s-1, s2c-1, ...
	payload []byte       // string table + document
	doc     []byte       // the document after the table
	sess    *ReadSession // the direction's session after this table
}

// captureEnvelopes parses the capture's framing ([MC-NMF] 2.2.3)
// and reads each direction's string tables in order.
func captureEnvelopes(t testing.TB) []envelope {
	t.Helper()
	chunks, err := capture.ParseFile(captureFile)
	if err != nil {
		t.Fatal(err)
	}
	var out []envelope
	for _, st := range capture.Streams(chunks) {
		dir := "s2c"
		if st.ToServer {
			dir = "c2s"
		}
		payloads, err := sizedEnvelopes(st.Data)
		if err != nil {
			t.Fatalf("%s: framing: %v", dir, err)
		}
		s := NewReadSession(0)
		for i, p := range payloads {
			n, err := s.ReadTable(p)
			if err != nil {
				t.Fatalf("%s-%d: string table: %v", dir, i+1, err)
			}
			snap := *s
			snap.strs = slices.Clone(s.strs)
			out = append(out, envelope{fmt.Sprintf("%s-%d", dir, i+1), p, p[n:], &snap})
		}
	}
	return out
}

// sizedEnvelopes is a minimal framing parser: it returns the payloads of
// the SizedEnvelope records of one direction.
func sizedEnvelopes(b []byte) ([][]byte, error) {
	var out [][]byte
	for len(b) > 0 {
		rec := b[0]
		b = b[1:]
		switch rec {
		case 0x00: // Version: major, minor
			if len(b) < 2 {
				return nil, fmt.Errorf("short Version record")
			}
			b = b[2:]
		case 0x01, 0x03: // Mode, KnownEncoding: one byte
			if len(b) < 1 {
				return nil, fmt.Errorf("short record 0x%02X", rec)
			}
			b = b[1:]
		case 0x02, 0x04, 0x06: // Via, ExtensibleEncoding, SizedEnvelope: MB31 + bytes
			v, n, err := ReadMB31(b)
			if err != nil || n == 0 || int(v) > len(b)-n {
				return nil, fmt.Errorf("bad record 0x%02X", rec)
			}
			if rec == 0x06 {
				out = append(out, b[n:n+int(v)])
			}
			b = b[n+int(v):]
		case 0x07, 0x0B, 0x0C: // End, PreambleAck, PreambleEnd
		default:
			return nil, fmt.Errorf("unexpected framing record 0x%02X", rec)
		}
	}
	return out, nil
}

func TestGoldenCapture(t *testing.T) {
	envs := captureEnvelopes(t)
	if len(envs) != 11 {
		t.Fatalf("capture holds %d envelopes, want 11 (6 requests, 5 replies)", len(envs))
	}
	if updating() {
		if err := os.MkdirAll(goldenDir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, e := range envs {
		t.Run(e.name, func(t *testing.T) {
			nodes, err := infoset.ReadNodes(NewReader(e.doc, e.sess, Quotas{}))
			if err != nil {
				t.Fatalf("ReadNodes: %v", err)
			}
			x, err := DecodeXML(e.doc, e.sess, Quotas{}, true)
			if err != nil {
				t.Fatalf("DecodeXML: %v", err)
			}
			x = append(x, '\n')
			js, err := json.MarshalIndent(nodes, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			js = append(js, '\n')
			jf, xf := filepath.Join(goldenDir, e.name+".json"), filepath.Join(goldenDir, e.name+".xml")
			if updating() {
				if err := os.WriteFile(jf, js, 0o644); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(xf, x, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			wantJS, err := os.ReadFile(jf)
			if err != nil {
				t.Fatalf("%v (run with -update to create)", err)
			}
			var want []*infoset.Node
			if err := json.Unmarshal(wantJS, &want); err != nil {
				t.Fatalf("%s: %v", jf, err)
			}
			if d := cmp.Diff(want, nodes); d != "" {
				t.Errorf("%s: infoset (-golden +got):\n%s", jf, d)
			}
			wantX, err := os.ReadFile(xf)
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(string(wantX), string(x)); d != "" {
				t.Errorf("%s: XML (-golden +got):\n%s", xf, d)
			}
		})
	}
}

// TestCaptureStreamAndPrefixes: each captured envelope streams one byte at
// a time to the same events, and every strict prefix fails.
func TestCaptureStreamAndPrefixes(t *testing.T) {
	for _, e := range captureEnvelopes(t) {
		want, err := readEvents(NewReader(e.doc, e.sess, Quotas{}))
		if err != nil {
			t.Fatalf("%s: %v", e.name, err)
		}
		got, err := oneByteEvents(e.doc, e.sess, Quotas{})
		if err != nil {
			t.Fatalf("%s: streamed: %v", e.name, err)
		}
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("%s: streamed events (-slice +stream):\n%s", e.name, d)
		}
		checkPrefixesFail(t, e.name, e.doc, e.sess)
	}
}
