// `wsproxy decode [FILE|-]`: captured net.tcp bytes ([MC-NMF] records via
// nettcp.Inspector) printed record by record, each envelope as indented XML
// with the [MC-NBFSE] session table kept across the envelopes of a stream.

package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/wwsgo/wws/nettcp"
)

// errUndecodable reports input that is not (entirely) valid framing.
var errUndecodable = errors.New("cli: input is not valid net.tcp framing")

// decodeCmd holds the flags of decode.
type decodeCmd struct {
	dir      string
	encoding string
}

func (c *decodeCmd) flags(fs *flag.FlagSet) {
	fs.StringVar(&c.dir, "dir", "", "direction to show: c2s or s2c (default: both, separately)")
	fs.StringVar(&c.encoding, "encoding", "", "content type of envelopes whose preamble is not in the input\n(default: from the connection's preamble, else application/soap+msbinsession1)")
}

// runDecode is the decode command.
func runDecode(e *env, args []string) error {
	var c decodeCmd
	fs := newFlagSet("decode", "[FILE|-]", e)
	c.flags(fs)
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 1 || (c.dir != "" && c.dir != dirC2S && c.dir != dirS2C) {
		fs.Usage()
		return usagef(errors.New("decode takes one FILE and -dir c2s or s2c"))
	}
	b, err := c.read(e, pos)
	if err != nil {
		return usagef(err)
	}
	streams, err := parseInput(b, c.dir)
	if err != nil {
		return usagef(err)
	}
	return c.print(e.stdout, streams)
}

// read reads the input named by pos (stdin for none or "-").
func (c *decodeCmd) read(e *env, pos []string) ([]byte, error) {
	if len(pos) == 0 || pos[0] == "-" {
		return readInput(e.stdin)
	}
	f, err := os.Open(pos[0])
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readInput(f)
}

// print prints every stream and returns errUndecodable if any part failed.
func (c *decodeCmd) print(w io.Writer, streams []stream) error {
	var failed bool
	for i, s := range streams {
		if i > 0 {
			fmt.Fprintln(w)
		}
		ct := c.contentType(s, streams)
		if err := printStream(w, s, ct); err != nil {
			fmt.Fprintf(w, "error: %v\n", err)
			failed = true
		}
	}
	if failed {
		return errUndecodable
	}
	return nil
}

// contentType picks the encoding of s: its own preamble's, else that of the
// client stream of the same connection, else the -encoding flag.
func (c *decodeCmd) contentType(s stream, all []stream) string {
	if ct := preambleContentType(s.data); ct != "" {
		return ct
	}
	for _, o := range all {
		if o.conn == s.conn && o.dir == dirC2S {
			if ct := preambleContentType(o.data); ct != "" {
				return ct
			}
		}
	}
	if c.encoding != "" {
		return c.encoding
	}
	return nettcp.ContentTypeBinarySession
}

// preambleContentType returns the content type of the encoding record at
// the start of b, or "".
func preambleContentType(b []byte) string {
	in := nettcp.NewInspector(b)
	for {
		r, err := in.Next()
		if err != nil || r.Type == nettcp.RecordSizedEnvelope || r.Type == nettcp.RecordUnsizedEnvelope {
			return ""
		}
		if r.Type == nettcp.RecordKnownEncoding || r.Type == nettcp.RecordExtensibleEnc {
			return r.Text
		}
	}
}

// directionNames label the streams.
var directionNames = map[string]string{dirC2S: "client to server", dirS2C: "server to client"}

// printStream prints the records of one stream.
func printStream(w io.Writer, s stream, ct string) error {
	label := directionNames[s.dir]
	if s.conn != "" {
		label = "connection " + s.conn + ", " + label
	}
	fmt.Fprintf(w, "== %s (%d bytes)\n", label, len(s.data))
	rend, rerr := newEnvelopeRenderer(ct)
	in := nettcp.NewInspector(s.data)
	var failed error
	for {
		r, err := in.Next()
		if err == io.EOF {
			return failed
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "@%-6d %s\n", r.Offset, describe(r))
		if r.Type != nettcp.RecordSizedEnvelope && r.Type != nettcp.RecordUnsizedEnvelope {
			continue
		}
		if rerr != nil {
			failed = rerr
			fmt.Fprintf(w, "        (not rendered: %v)\n", rerr)
			continue
		}
		if err := printEnvelope(w, rend, r.Payload); err != nil {
			failed = err
		}
	}
}

// printEnvelope renders one envelope after its record line.
func printEnvelope(w io.Writer, rend *envelopeRenderer, payload []byte) error {
	xml, added, err := rend.render(payload)
	if len(added) > 0 {
		fmt.Fprintf(w, "        session strings:")
		for _, a := range added {
			fmt.Fprintf(w, " %s", a)
		}
		fmt.Fprintln(w)
	}
	w.Write(xml)
	if err != nil {
		fmt.Fprintf(w, "        envelope error: %v\n", err)
	}
	return err
}

// describe is the one-line summary of a record.
func describe(r nettcp.Record) string {
	switch r.Type {
	case nettcp.RecordVersion:
		return fmt.Sprintf("Version %d.%d", r.Major, r.Minor)
	case nettcp.RecordMode:
		return "Mode " + r.Mode.String()
	case nettcp.RecordVia, nettcp.RecordKnownEncoding, nettcp.RecordExtensibleEnc, nettcp.RecordUpgradeRequest:
		return r.Type.String() + " " + r.Text
	case nettcp.RecordFault:
		return fmt.Sprintf("Fault %s (%s)%s", r.Fault, r.Text, faultHint(r.Fault))
	case nettcp.RecordSizedEnvelope:
		return fmt.Sprintf("SizedEnvelope %d bytes", len(r.Payload))
	case nettcp.RecordUnsizedEnvelope:
		return fmt.Sprintf("UnsizedEnvelope %d bytes in %d chunks", len(r.Payload), r.Chunks)
	case nettcp.RecordUpgraded:
		return fmt.Sprintf("%d bytes after the upgrade (TLS), not decoded", len(r.Payload))
	}
	return r.Type.String()
}
