// Package gsspeer runs the independent Windows-authentication peers of
// testdata/gss: Python scripts on Debian's python3-gssapi with the
// gss-ntlmssp mechanism, which tests drive over stdin/stdout, one line per
// message, binary as hex.
//
//	gsspeer.Require(t) // skip (or fail under CI) when the peer cannot run
//	p := gsspeer.Start(t, "ntlm_peer.py", "WWS:alice:Passw0rd!\n", "--role", "accept")
//	p.Send("TOKEN", hex.EncodeToString(negotiate))
//	challenge := p.ExpectHex("TOKEN")
//
// Policy: when python3-gssapi or gss-ntlmssp is missing, Require fails the
// test if CI=true or WWS_REQUIRE_GSS=1 is set in the environment, and skips
// it otherwise. .ci/run installs both.
package gsspeer
