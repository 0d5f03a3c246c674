package nettcp

import (
	"bytes"
	"errors"
	"io"
	"testing"
)

// dataThenEOF returns all its bytes and io.EOF from one Read, as a
// net.Conn may.
type dataThenEOF struct{ b []byte }

func (d *dataThenEOF) Read(p []byte) (int, error) {
	if len(d.b) == 0 {
		return 0, io.EOF
	}
	n := copy(p, d.b)
	d.b = d.b[n:]
	if len(d.b) == 0 {
		return n, io.EOF
	}
	return n, nil
}

// Frames that arrive in one read (the read ahead of a frame's size takes
// the next frames too) are each unwrapped in order; an error the
// connection returned with the last bytes comes after them: here the end
// of the stream inside a third frame, a truncation.
func TestNNSConnReadAhead(t *testing.T) {
	big := bytes.Repeat([]byte("b"), 3*nnsReadAhead) // read past the read-ahead buffer
	all := frames([]byte("one"), big, []byte("three"))
	c := NewNNSConn(&rawConn{r: &dataThenEOF{all[:len(all)-2]}}, &testSec{})
	for _, want := range [][]byte{[]byte("one"), big} {
		got := make([]byte, len(want))
		if _, err := io.ReadFull(c, got); err != nil || !bytes.Equal(got, want) {
			t.Fatalf("read %d bytes: %v (equal %v)", len(want), err, bytes.Equal(got, want))
		}
	}
	if _, err := c.Read(make([]byte, 8)); !errors.Is(err, ErrSecurityVerification) || !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Fatalf("truncated third frame: %v", err)
	}
	c = NewNNSConn(&rawConn{r: &dataThenEOF{frames([]byte("last"))}}, &testSec{})
	got, err := io.ReadAll(c)
	if err != nil || string(got) != "last" {
		t.Fatalf("a frame, then the end with its bytes: %q, %v", got, err)
	}
}
