package nettcp

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"testing"
	"testing/iotest"
)

func TestSizeRoundTrip(t *testing.T) {
	tests := []struct {
		n    int
		want []byte
	}{ // [MC-NMF] 2.2.2 record size examples
		{0, []byte{0x00}},
		{127, []byte{0x7f}},
		{128, []byte{0x80, 0x01}},
		{214, []byte{0xd6, 0x01}},
		{300, []byte{0xac, 0x02}},
		{16384, []byte{0x80, 0x80, 0x01}},
		{65536, []byte{0x80, 0x80, 0x04}},
		{maxSize, []byte{0xff, 0xff, 0xff, 0xff, 0x07}},
	}
	for _, tt := range tests {
		if got := appendSize(nil, tt.n); !bytes.Equal(got, tt.want) {
			t.Errorf("appendSize(%d): got % x, want % x", tt.n, got, tt.want)
		}
		br := bufio.NewReader(iotest.OneByteReader(bytes.NewReader(tt.want)))
		got, err := readSize(br)
		if err != nil || got != tt.n {
			t.Errorf("readSize(% x): got %d, %v; want %d", tt.want, got, err, tt.n)
		}
		for i := range len(tt.want) {
			_, err := readSize(bytes.NewReader(tt.want[:i]))
			if !errors.Is(err, io.ErrUnexpectedEOF) {
				t.Errorf("readSize(% x) truncated: got %v, want ErrUnexpectedEOF", tt.want[:i], err)
			}
		}
	}
}

func TestSizeRejects(t *testing.T) {
	for _, in := range [][]byte{
		{0xff, 0xff, 0xff, 0xff, 0x08},
		{0x80, 0x80, 0x80, 0x80, 0x80, 0x01},
		{0xff, 0xff, 0xff, 0xff, 0xff},
	} {
		if _, err := readSize(bytes.NewReader(in)); !errors.Is(err, ErrProtocol) {
			t.Errorf("readSize(% x): got %v, want ErrProtocol", in, err)
		}
	}
}
