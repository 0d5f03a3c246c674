package ntlm

import (
	"encoding/hex"
	"strings"
	"testing"
)

// TestMD4 runs RFC 1320's test suite (appendix A.5) and inputs around the
// padding boundaries.
func TestMD4(t *testing.T) {
	for in, want := range map[string]string{
		"":                           "31d6cfe0d16ae931b73c59d7e0c089c0",
		"a":                          "bde52cb31de33e46245e05fbdbd6fb24",
		"abc":                        "a448017aaf21d8525fc10ae87aa6729d",
		"message digest":             "d9130a8164549fe818874806e1c7014b",
		"abcdefghijklmnopqrstuvwxyz": "d79e1c308aa5bbcdeea8ed63df412da9",
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789":                   "043f8582f241db351ce627e153e7f0e4",
		"12345678901234567890123456789012345678901234567890123456789012345678901234567890": "e33b4ddc9c38f2199c3e7b164fcc0536",
	} {
		if got := md4([]byte(in)); hex.EncodeToString(got[:]) != want {
			t.Errorf("md4(%q) = %x, want %s", in, got, want)
		}
	}
}

// TestMD4Boundaries checks the padding around the 56- and 64-byte marks
// against OpenSSL (openssl dgst -md4 -provider legacy) over runs of 'x'.
func TestMD4Boundaries(t *testing.T) {
	for n, want := range map[int]string{
		55:   "92f32bb82c95ad10e8f87ae58ab06807",
		56:   "374d5f08103b7092c83b4626ebceffab",
		63:   "2870452596e98fffd48332289b3472b9",
		64:   "b1abf956a5ae6f3221e5fe85e300fbb0",
		119:  "b55ae15e41e55643b0c3daad5e05c905",
		120:  "d8f9adfc41ec43552619606c70cfd287",
		1000: "4b4cacfefc79bf951c60620df38532dc",
	} {
		if got := md4([]byte(strings.Repeat("x", n))); hex.EncodeToString(got[:]) != want {
			t.Errorf("md4 of %d x's = %x, want %s", n, got, want)
		}
	}
}
