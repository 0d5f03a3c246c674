// Input of `wsproxy decode`: captured bytes of one direction, raw or as hex
// text, or a *.hex.log capture (testdata/vectors/README.md "File format")
// holding both directions of one or more connections.

package cli

import (
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/wwsgo/wws/internal/capture"
)

// maxInput bounds the bytes decode reads.
const maxInput = 64 << 20

// errInputTooLarge reports input over maxInput.
var errInputTooLarge = fmt.Errorf("cli: input larger than %d bytes", maxInput)

// Directions of captured bytes.
const (
	dirC2S = "c2s" // client to server
	dirS2C = "s2c" // server to client
)

// stream is the bytes one peer sent on one connection.
type stream struct {
	conn string // connection label of a capture, "" otherwise
	dir  string // dirC2S or dirS2C
	data []byte
}

// readInput reads all of r, failing beyond maxInput.
func readInput(r io.Reader) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, maxInput+1))
	if err != nil {
		return nil, err
	}
	if len(b) > maxInput {
		return nil, errInputTooLarge
	}
	return b, nil
}

// parseInput splits b into streams. dir selects one direction of a capture
// ("" keeps both), or names the direction of raw or hex bytes ("" is c2s).
func parseInput(b []byte, dir string) ([]stream, error) {
	if isCaptureLog(b) {
		return captureStreams(b, dir)
	}
	if dir == "" {
		dir = dirC2S
	}
	if raw, ok := hexBytes(b); ok {
		b = raw
	}
	return []stream{{dir: dir, data: b}}, nil
}

// isCaptureLog reports whether the first non-blank line looks like
// "<conn><dir> <seconds> <hex|EOF>".
func isCaptureLog(b []byte) bool {
	for line := range bytes.Lines(b) {
		f := strings.Fields(string(line))
		if len(f) == 0 {
			continue
		}
		last := f[0][len(f[0])-1]
		return len(f) == 3 && len(f[0]) >= 2 && (last == '<' || last == '>')
	}
	return false
}

// hexBytes decodes b as hex digits with optional white space.
func hexBytes(b []byte) ([]byte, bool) {
	digits := bytes.Join(bytes.Fields(b), nil)
	if len(digits) == 0 {
		return nil, false
	}
	out := make([]byte, hex.DecodedLen(len(digits)))
	if _, err := hex.Decode(out, digits); err != nil {
		return nil, false
	}
	return out, true
}

// captureStreams parses a *.hex.log capture.
func captureStreams(b []byte, dir string) ([]stream, error) {
	chunks, err := capture.Parse(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	var out []stream
	for _, s := range capture.Streams(chunks) {
		d := dirS2C
		if s.ToServer {
			d = dirC2S
		}
		if dir == "" || dir == d {
			out = append(out, stream{conn: s.Conn, dir: d, data: s.Data})
		}
	}
	if len(out) == 0 {
		return nil, errors.New("cli: the capture has no bytes in that direction")
	}
	return out, nil
}
