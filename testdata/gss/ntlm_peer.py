#!/usr/bin/python3
"""An independent NTLM peer for wws's tests: gss-ntlmssp through python3-gssapi.

Run with Debian's /usr/bin/python3 (python3-gssapi, gss-ntlmssp installed).
The test drives it over stdin/stdout, one line per message, binary as hex:

  peer -> test   TOKEN <hex>          a handshake token to pass on
                 ESTABLISHED <name> <flags>   the context is complete
                 DATA <hex>           the result of WRAP or MIC
                 PLAIN <hex>          the result of UNWRAP
                 OK                   VERIFY succeeded
                 ERROR <text>         the last step failed (the peer goes on)
  test -> peer   TOKEN <hex>          the other side's handshake token
                 WRAP <0|1> <hex>     gss_wrap with conf_req 0 or 1
                 UNWRAP <hex>         gss_unwrap
                 MIC <hex>            gss_get_mic
                 VERIFY <msg hex> <sig hex>   gss_verify_mic
                 QUIT

Roles: --role both runs a gss-ntlmssp initiator against a gss-ntlmssp
acceptor in this process and prints their three tokens, one hex line each
(how the fuzz seeds in testdata were captured); --role initiate (needs --user, --domain, --password, --target) prints
the NEGOTIATE first; --role accept reads users from $NTLM_USER_FILE.
--conf asks the initiator for confidentiality (else integrity only).
--spnego runs MIT krb5's SPNEGO around gss-ntlmssp (NTLM its only
mechanism) instead of bare NTLM.
"""
import argparse
import binascii
import sys

import gssapi
import gssapi.raw

NTLM = gssapi.OID.from_int_seq("1.3.6.1.4.1.311.2.2.10")
SPNEGO = gssapi.OID.from_int_seq("1.3.6.1.5.5.2")


def say(*words):
    sys.stdout.write(" ".join(words) + "\n")
    sys.stdout.flush()


def hexs(b):
    return binascii.hexlify(b).decode()


def flags_of(ctx):
    names = []
    for f in (gssapi.RequirementFlag.confidentiality, gssapi.RequirementFlag.integrity,
              gssapi.RequirementFlag.replay_detection, gssapi.RequirementFlag.out_of_sequence_detection):
        if f in ctx.actual_flags:
            names.append(f.name)
    return ",".join(names) or "none"


def initiator(args):
    name = gssapi.Name(args.domain + "\\" + args.user, gssapi.NameType.user)
    cred = gssapi.raw.acquire_cred_with_password(name, args.password.encode(), mechs=[NTLM], usage="initiate").creds
    flags = [gssapi.RequirementFlag.integrity, gssapi.RequirementFlag.replay_detection,
             gssapi.RequirementFlag.out_of_sequence_detection, gssapi.RequirementFlag.mutual_authentication]
    if args.conf:
        flags.append(gssapi.RequirementFlag.confidentiality)
    target = gssapi.Name(args.target, gssapi.NameType.hostbased_service)
    mech = SPNEGO if args.spnego else NTLM
    return gssapi.SecurityContext(name=target, creds=cred, mech=mech, usage="initiate", flags=flags)


def acceptor(args):
    cred = gssapi.Credentials(usage="accept", mechs=[SPNEGO if args.spnego else NTLM])
    return gssapi.SecurityContext(creds=cred, usage="accept")


def handshake(ctx, initiate):
    if initiate:
        say("TOKEN", hexs(ctx.step()))
    complete = False
    while not complete:
        line = sys.stdin.readline().split()
        if not line or line[0] != "TOKEN":
            say("ERROR", "expected TOKEN, got", repr(line))
            return False
        try:
            out = ctx.step(binascii.unhexlify(line[1]))
            # python-gssapi hands back a failed step's token (SPNEGO's
            # reject) and raises on the next use of the context.
            complete = ctx.complete
        except gssapi.exceptions.GSSError as e:
            say("ERROR", str(e).replace("\n", " "))
            return False
        if out:
            say("TOKEN", hexs(out))
    peer = ctx.initiator_name if not initiate else ctx.target_name
    # gss-ntlmssp's display names end with a NUL byte.
    say("ESTABLISHED", str(peer).rstrip("\x00").replace(" ", "_"), flags_of(ctx))
    return True


def serve(ctx):
    for line in sys.stdin:
        w = line.split()
        if not w:
            continue
        try:
            if w[0] == "QUIT":
                return
            elif w[0] == "WRAP":
                say("DATA", hexs(ctx.wrap(binascii.unhexlify(w[2]), w[1] == "1").message))
            elif w[0] == "UNWRAP":
                say("PLAIN", hexs(ctx.unwrap(binascii.unhexlify(w[1])).message))
            elif w[0] == "MIC":
                say("DATA", hexs(ctx.get_signature(binascii.unhexlify(w[1]))))
            elif w[0] == "VERIFY":
                ctx.verify_signature(binascii.unhexlify(w[1]), binascii.unhexlify(w[2]))
                say("OK")
            else:
                say("ERROR", "unknown command", w[0])
        except gssapi.exceptions.GSSError as e:
            say("ERROR", str(e).replace("\n", " "))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--role", choices=["initiate", "accept", "both"], required=True)
    p.add_argument("--user", default="")
    p.add_argument("--domain", default="")
    p.add_argument("--password", default="")
    p.add_argument("--target", default="host@server.example")
    p.add_argument("--conf", action="store_true")
    p.add_argument("--spnego", action="store_true")
    args = p.parse_args()
    if args.role == "both":
        ic, ac = initiator(args), acceptor(args)
        negotiate = ic.step()
        challenge = ac.step(negotiate)
        authenticate = ic.step(challenge)
        ac.step(authenticate)
        for tok in (negotiate, challenge, authenticate):
            print(hexs(tok))
        return
    initiate = args.role == "initiate"
    try:
        ctx = initiator(args) if initiate else acceptor(args)
    except gssapi.exceptions.GSSError as e:
        say("ERROR", str(e).replace("\n", " "))
        return
    if handshake(ctx, initiate):
        serve(ctx)


if __name__ == "__main__":
    main()
