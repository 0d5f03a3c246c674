// Package capture reads the *.hex.log traffic captures in testdata/vectors:
// one line per TCP read, "<conn><dir> <seconds> <hex|EOF>", where dir is '>'
// (client to server) or '<' (server to client).
package capture

import (
	"bufio"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"strings"
)

// Chunk is one recorded read.
type Chunk struct {
	Conn     string // connection number as written
	ToServer bool   // '>' client → server; '<' server → client
	Data     []byte // nil with EOF set for a FIN
	EOF      bool
}

// Stream is the bytes of one direction of one connection, in order.
type Stream struct {
	Conn     string
	ToServer bool
	Data     []byte
	Chunks   [][]byte // the individual reads, for per-chunk tests
}

// Parse reads a capture.
func Parse(r io.Reader) ([]Chunk, error) {
	var out []Chunk
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for line := 1; sc.Scan(); line++ {
		f := strings.Fields(sc.Text())
		if len(f) == 0 {
			continue
		}
		if len(f) != 3 || len(f[0]) < 2 {
			return nil, fmt.Errorf("capture: line %d: want 3 fields", line)
		}
		c := Chunk{Conn: f[0][:len(f[0])-1]}
		switch f[0][len(f[0])-1] {
		case '>':
			c.ToServer = true
		case '<':
		default:
			return nil, fmt.Errorf("capture: line %d: bad direction in %q", line, f[0])
		}
		if f[2] == "EOF" {
			c.EOF = true
		} else {
			b, err := hex.DecodeString(f[2])
			if err != nil {
				return nil, fmt.Errorf("capture: line %d: %v", line, err)
			}
			c.Data = b
		}
		out = append(out, c)
	}
	return out, sc.Err()
}

// ParseFile reads the capture at path.
func ParseFile(path string) ([]Chunk, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return Parse(f)
}

// Streams joins chunks into one stream per connection and direction, in
// order of first appearance.
func Streams(chunks []Chunk) []*Stream {
	var out []*Stream
	idx := map[string]*Stream{}
	for _, c := range chunks {
		key := fmt.Sprintf("%s/%v", c.Conn, c.ToServer)
		s := idx[key]
		if s == nil {
			s = &Stream{Conn: c.Conn, ToServer: c.ToServer}
			idx[key] = s
			out = append(out, s)
		}
		if !c.EOF {
			s.Data = append(s.Data, c.Data...)
			s.Chunks = append(s.Chunks, c.Data)
		}
	}
	return out
}
