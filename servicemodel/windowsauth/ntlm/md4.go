package ntlm

import (
	"encoding/binary"
	"math/bits"
)

// md4 returns the RFC 1320 MD4 digest of b. NTLM needs it for one thing,
// the NT hash of a password (NTOWFv1, [MS-NLMP] 3.3.1); the standard
// library has no MD4 and golang.org/x/crypto/md4 is deprecated, so these
// few lines live here, checked against RFC 1320's test suite.
func md4(b []byte) [16]byte {
	s := [4]uint32{0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476}
	n := len(b)
	for len(b) >= 64 {
		md4Block(&s, b[:64])
		b = b[64:]
	}
	var tail [128]byte
	k := copy(tail[:], b)
	tail[k] = 0x80
	end := 64
	if k >= 56 {
		end = 128
	}
	binary.LittleEndian.PutUint64(tail[end-8:], uint64(n)<<3)
	for i := 0; i < end; i += 64 {
		md4Block(&s, tail[i:i+64])
	}
	var d [16]byte
	for i, v := range s {
		binary.LittleEndian.PutUint32(d[4*i:], v)
	}
	return d
}

// md4Shifts are the rotations of rounds 1, 2 and 3 (RFC 1320 3.4).
var md4Shifts = [3][4]int{{3, 7, 11, 19}, {3, 5, 9, 13}, {3, 9, 11, 15}}

// md4Round3 is the order round 3 visits the words in.
var md4Round3 = [16]int{0, 8, 4, 12, 2, 10, 6, 14, 1, 9, 5, 13, 3, 11, 7, 15}

// md4Block runs the compression function over one 64-byte block.
func md4Block(s *[4]uint32, p []byte) {
	var x [16]uint32
	for i := range x {
		x[i] = binary.LittleEndian.Uint32(p[4*i:])
	}
	a, b, c, d := s[0], s[1], s[2], s[3]
	for i := range 16 { // round 1: F(x,y,z) = xy | ¬xz
		t := a + (b&c | ^b&d) + x[i]
		a, b, c, d = d, bits.RotateLeft32(t, md4Shifts[0][i%4]), b, c
	}
	for i := range 16 { // round 2: G = xy | xz | yz, constant 0x5A827999
		k := i%4*4 + i/4
		t := a + (b&c | b&d | c&d) + x[k] + 0x5A827999
		a, b, c, d = d, bits.RotateLeft32(t, md4Shifts[1][i%4]), b, c
	}
	for i := range 16 { // round 3: H = x ^ y ^ z, constant 0x6ED9EBA1
		t := a + (b ^ c ^ d) + x[md4Round3[i]] + 0x6ED9EBA1
		a, b, c, d = d, bits.RotateLeft32(t, md4Shifts[2][i%4]), b, c
	}
	s[0] += a
	s[1] += b
	s[2] += c
	s[3] += d
}
