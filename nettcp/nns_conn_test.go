package nettcp

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"io"
	"net"
	"sync"
	"testing"
	"time"
)

// testSec is an NNSSecurity for the framing tests: an 8-byte header (the
// sequence number and a CRC of it and the plaintext), then the plaintext
// XORed with 0x5A. Unwrap refuses a wrong CRC or an unexpected sequence
// number, as a real context refuses a bad signature or a replay.
type testSec struct {
	wseq, rseq uint32
}

var errTestSec = errors.New("testSec: bad frame")

func (s *testSec) Wrap(dst, plaintext []byte) ([]byte, error) {
	dst = binary.LittleEndian.AppendUint32(dst, s.wseq)
	h := crc32.NewIEEE()
	h.Write(dst[len(dst)-4:])
	h.Write(plaintext)
	dst = binary.LittleEndian.AppendUint32(dst, h.Sum32())
	s.wseq++
	for _, c := range plaintext {
		dst = append(dst, c^0x5A)
	}
	return dst, nil
}

func (s *testSec) Unwrap(p []byte) ([]byte, error) {
	if len(p) < 8 {
		return nil, errTestSec
	}
	body := p[8:]
	for i := range body {
		body[i] ^= 0x5A
	}
	h := crc32.NewIEEE()
	h.Write(p[:4])
	h.Write(body)
	if binary.LittleEndian.Uint32(p) != s.rseq || binary.LittleEndian.Uint32(p[4:]) != h.Sum32() {
		return nil, errTestSec
	}
	s.rseq++
	return body, nil
}

// rawConn is a net.Conn reading from r and writing to w.
type rawConn struct {
	net.Conn
	r io.Reader
	w bytes.Buffer
}

func (c *rawConn) Read(p []byte) (int, error)  { return c.r.Read(p) }
func (c *rawConn) Write(p []byte) (int, error) { return c.w.Write(p) }

// frames wraps each plaintext as its own data frame.
func frames(plaintexts ...[]byte) []byte {
	var sec testSec
	var b []byte
	for _, p := range plaintexts {
		b = append(b, 0, 0, 0, 0)
		start := len(b)
		b, _ = sec.Wrap(b, p)
		binary.LittleEndian.PutUint32(b[start-4:], uint32(len(b)-start))
	}
	return b
}

func TestNNSConnRoundTrip(t *testing.T) {
	a, b := net.Pipe()
	ca, cb := NewNNSConn(a, &testSec{}), NewNNSConn(b, &testSec{})
	defer ca.Close()
	defer cb.Close()
	msgs := [][]byte{[]byte("x"), bytes.Repeat([]byte("0123456789"), 30000), make([]byte, nnsMaxPlaintext), make([]byte, nnsMaxPlaintext+1)}
	var want []byte
	for _, m := range msgs {
		want = append(want, m...)
	}
	go func() {
		for _, m := range msgs {
			if n, err := ca.Write(m); n != len(m) || err != nil {
				t.Errorf("Write(%d bytes) = %d, %v", len(m), n, err)
			}
		}
		ca.Close()
	}()
	got, err := io.ReadAll(readerOf(cb, 7000))
	if err != nil || !bytes.Equal(got, want) {
		t.Fatalf("read %d bytes (%v), want %d", len(got), err, len(want))
	}
}

// readerOf reads r in reads of at most n bytes.
func readerOf(r io.Reader, n int) io.Reader {
	return readerFunc(func(p []byte) (int, error) { return r.Read(p[:min(len(p), n)]) })
}

type readerFunc func([]byte) (int, error)

func (f readerFunc) Read(p []byte) (int, error) { return f(p) }

func TestNNSConnFrameSizes(t *testing.T) {
	c := &rawConn{}
	nc := NewNNSConn(c, &testSec{})
	data := make([]byte, 2*nnsMaxPlaintext+10)
	if n, err := nc.Write(data); n != len(data) || err != nil {
		t.Fatalf("Write = %d, %v", n, err)
	}
	var plain []int
	for b := c.w.Bytes(); len(b) > 0; {
		size := int(binary.LittleEndian.Uint32(b))
		plain = append(plain, size-8)
		b = b[4+size:]
	}
	if len(plain) != 3 || plain[0] != 0xFC00 || plain[1] != 0xFC00 || plain[2] != 10 {
		t.Fatalf("frames carry %v plaintext bytes, want [64512 64512 10]", plain)
	}
	if n, err := nc.Write(nil); n != 0 || err != nil || c.w.Len() != 4*3+8*3+len(data) {
		t.Fatalf("empty Write wrote a frame: %d, %v", n, err)
	}
}

func TestNNSConnBadFrames(t *testing.T) {
	good := frames([]byte("hello"))
	tampered := bytes.Clone(good)
	tampered[len(tampered)-1] ^= 1
	size := func(n uint32) []byte { return binary.LittleEndian.AppendUint32(nil, n) }
	for name, in := range map[string][]byte{
		"size 0":            size(0),
		"size 4":            append(size(4), 0, 0, 0, 0),
		"size 64KiB+1":      size(nnsMaxFrame + 1),
		"size 0xFFFFFFFF":   size(0xFFFFFFFF),
		"truncated header":  good[:2],
		"truncated payload": good[:len(good)-1],
		"tampered":          tampered,
		"replayed":          append(bytes.Clone(good), good...),
		"out of order":      append(frames([]byte("a"), []byte("b"))[4+9:], frames([]byte("a"))...),
	} {
		nc := NewNNSConn(&rawConn{r: bytes.NewReader(in)}, &testSec{})
		got, err := io.ReadAll(nc)
		if !errors.Is(err, ErrSecurityVerification) {
			t.Errorf("%s: read %q, %v; want ErrSecurityVerification", name, got, err)
			continue
		}
		if _, err2 := nc.Read(make([]byte, 1)); !errors.Is(err2, ErrSecurityVerification) {
			t.Errorf("%s: the next Read gave %v, want the same failure", name, err2)
		}
	}
}

func TestNNSConnLargestFrame(t *testing.T) {
	in := frames(make([]byte, nnsMaxFrame-8)) // payload of exactly 64 KiB
	got, err := io.ReadAll(NewNNSConn(&rawConn{r: bytes.NewReader(in)}, &testSec{}))
	if err != nil || len(got) != nnsMaxFrame-8 {
		t.Fatalf("64 KiB frame: %d bytes, %v", len(got), err)
	}
}

func TestNNSConnEmptyFrameSkipped(t *testing.T) {
	in := frames(nil, []byte("after"))
	got, err := io.ReadAll(NewNNSConn(&rawConn{r: bytes.NewReader(in)}, &testSec{}))
	if err != nil || string(got) != "after" {
		t.Fatalf("got %q, %v", got, err)
	}
}

func TestNNSConnOneByteReads(t *testing.T) {
	in := frames([]byte("one "), []byte("two "), []byte("three"))
	got, err := io.ReadAll(readerOf(NewNNSConn(&rawConn{r: readerOf(bytes.NewReader(in), 1)}, &testSec{}), 1))
	if err != nil || string(got) != "one two three" {
		t.Fatalf("got %q, %v", got, err)
	}
}

// A Read that times out in the middle of a frame keeps what it read; the
// next Read finishes the frame (nettcp.Session interrupts reads this way).
func TestNNSConnTimeoutMidFrameResumes(t *testing.T) {
	a, b := net.Pipe()
	defer a.Close()
	nc := NewNNSConn(b, &testSec{})
	defer nc.Close()
	in := frames([]byte("resumed after a timeout"))
	firstHalf := make(chan struct{})
	go func() {
		a.Write(in[:10])
		close(firstHalf)
	}()
	errc := make(chan error, 1)
	go func() {
		_, err := nc.Read(make([]byte, 64))
		errc <- err
	}()
	<-firstHalf
	nc.SetReadDeadline(time.Unix(1, 0))
	if err := <-errc; !isTimeout(err) {
		t.Fatalf("interrupted Read: %v, want a timeout", err)
	}
	nc.SetReadDeadline(time.Time{})
	go a.Write(in[10:])
	buf := make([]byte, 64)
	n, err := nc.Read(buf)
	if err != nil || string(buf[:n]) != "resumed after a timeout" {
		t.Fatalf("resumed Read: %q, %v", buf[:n], err)
	}
}

type failSec struct{ testSec }

func (failSec) Wrap(dst, p []byte) ([]byte, error) { return dst, errTestSec }

func TestNNSConnWrapErrorIsFinal(t *testing.T) {
	c := &rawConn{}
	nc := NewNNSConn(c, &failSec{})
	if _, err := nc.Write([]byte("x")); !errors.Is(err, errTestSec) {
		t.Fatalf("Write: %v", err)
	}
	if _, err := nc.Write([]byte("y")); !errors.Is(err, errTestSec) || c.w.Len() != 0 {
		t.Fatalf("second Write: %v after %d bytes", err, c.w.Len())
	}
}

func TestNNSConnConcurrentReadWrite(t *testing.T) {
	a, b := net.Pipe()
	ca, cb := NewNNSConn(a, &testSec{}), NewNNSConn(b, &testSec{})
	defer ca.Close()
	defer cb.Close()
	var wg sync.WaitGroup
	msg := bytes.Repeat([]byte("duplex "), 20000)
	for _, c := range []*NNSConn{ca, cb} {
		wg.Add(2)
		go func() { defer wg.Done(); c.Write(msg) }()
		go func() {
			defer wg.Done()
			got := make([]byte, len(msg))
			if _, err := io.ReadFull(c, got); err != nil || !bytes.Equal(got, msg) {
				t.Errorf("duplex read: %v", err)
			}
		}()
	}
	wg.Wait()
}

// With no NNSSecurity (a handshake that negotiated no protection) the
// stream after the handshake is the connection itself.
func TestNNSConnWithoutSecurity(t *testing.T) {
	c := &rawConn{r: bytes.NewReader([]byte("raw bytes"))}
	nc := NewNNSConn(c, nil)
	got, err := io.ReadAll(nc)
	if err != nil || string(got) != "raw bytes" {
		t.Fatalf("read %q, %v", got, err)
	}
	if _, err := nc.Write([]byte("out")); err != nil || c.w.String() != "out" {
		t.Fatalf("wrote %q, %v", c.w.String(), err)
	}
}
