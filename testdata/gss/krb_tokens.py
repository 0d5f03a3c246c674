#!/usr/bin/python3
"""MIT krb5's per-message tokens for wws' tests (Debian's /usr/bin/python3).

An SPNEGO initiator (Kerberos from $KRB5CCNAME, realm from $KRB5_CONFIG)
for host@--host, driven over stdin/stdout one line per message, binary as
hex:
  prints "TOKEN <hex>" (the NegTokenInit with the AP-REQ); reads
  "TOKEN <hex>" (the acceptor's answer) and prints "COMPLETE <flags>";
  then prints "WRAP <hex>" (sealed), "WRAPI <hex>" (integrity only) and
  "MIC <hex>" of the messages "sealed by MIT", "signed by MIT" and
  "mic by MIT"; then for each line "UNWRAP <hex>" prints
  "PLAIN <hex> <sealed 0|1>", for "VERIFY <msg hex> <mic hex>" prints "OK".
Failures print "ERROR <reason>".
"""
import argparse
import binascii
import sys

import gssapi

SPNEGO = gssapi.OID.from_int_seq("1.3.6.1.5.5.2")


def say(*words):
    sys.stdout.write(" ".join(str(w) for w in words) + "\n")
    sys.stdout.flush()


def hx(b):
    return binascii.hexlify(b).decode()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--host", default="server.example")
    args = p.parse_args()
    R = gssapi.RequirementFlag
    target = gssapi.Name("host@" + args.host, gssapi.NameType.hostbased_service)
    ctx = gssapi.SecurityContext(name=target, mech=SPNEGO, usage="initiate",
                                 flags=[R.mutual_authentication, R.integrity, R.confidentiality,
                                        R.replay_detection, R.out_of_sequence_detection])
    say("TOKEN", hx(ctx.step()))
    w = sys.stdin.readline().split()
    out = ctx.step(binascii.unhexlify(w[1]))
    if out:
        say("ERROR", "unexpected_token_" + hx(out))
        return
    say("COMPLETE", int(ctx.actual_flags))
    say("WRAP", hx(ctx.wrap(b"sealed by MIT", True).message))
    say("WRAPI", hx(ctx.wrap(b"signed by MIT", False).message))
    say("MIC", hx(ctx.get_signature(b"mic by MIT")))
    for line in sys.stdin:
        w = line.split()
        if w[0] == "UNWRAP":
            res = ctx.unwrap(binascii.unhexlify(w[1]))
            say("PLAIN", hx(res.message), int(res.encrypted))
        elif w[0] == "VERIFY":
            ctx.verify_signature(binascii.unhexlify(w[1]), binascii.unhexlify(w[2]))
            say("OK")


if __name__ == "__main__":
    try:
        main()
    except gssapi.exceptions.GSSError as e:
        say("ERROR", str(e).replace("\n", " ").replace(" ", "_"))
