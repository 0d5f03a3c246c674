#!/usr/bin/python3
"""An independent net.tcp peer with Windows authentication for wws's tests.

It speaks just enough [MC-NMF] framing (preamble, the application/negotiate
upgrade, sized envelopes, End) and [MS-NNS] (handshake frames, then data
frames) around a gss-ntlmssp context from python3-gssapi. Envelopes are
opaque bytes: the server echoes them, the client sends them and prints the
replies. Run with Debian's /usr/bin/python3.

  --role server   listen on 127.0.0.1, print "LISTENING <port>", serve one
                  connection: authenticate (users from $NTLM_USER_FILE),
                  print "AUTHENTICATED <name> <flags>", echo envelopes until
                  End, print "DONE <count>". With --conf it refuses a
                  context without confidentiality (ERROR_TRUST_FAILURE).
                  With --add it answers SOAP 1.2 text envelopes of
                  ICalculator's Add instead of echoing (and prints
                  "ADD <a> <b>" for each).
  --role client   connect to --port with --via, authenticate as
                  --domain\\--user (--password; --conf asks for sealing),
                  print "AUTHENTICATED <target> <flags>", then for each
                  stdin line "SEND <hex>" send the envelope and print
                  "REPLY <hex>"; on "END" (or the end of stdin) send End,
                  read End, print "DONE <count>". --encoding names the
                  KnownEncoding record's value (8: binary with session
                  dictionaries, 3: SOAP 1.2 text).
With --spnego either side runs MIT krb5's SPNEGO around gss-ntlmssp (as
.NET's NegotiateStream sends SPNEGO); the client then takes its NTLM
credentials from $NTLM_USER_FILE, as MIT's SPNEGO does.
With --krb the mechanism is MIT's Kerberos (inside SPNEGO with --spnego):
the server's keys come from $KRB5_KTNAME, the client's TGT from
$KRB5CCNAME, the realm from $KRB5_CONFIG; the client's target is
host@--host. Data frames then carry RFC 4121 Wrap tokens, sealed with
--conf and integrity-only without, as dotnet/runtime's NegotiateStream
sends them (gss_wrap with or without confidentiality).
Either prints "REFUSED <code or reason>" when the handshake fails, with the
8-byte code of a received HandshakeError in hex.
"""
import argparse
import binascii
import socket
import struct
import sys
import xml.etree.ElementTree as ET

import gssapi
import gssapi.raw

NTLM = gssapi.OID.from_int_seq("1.3.6.1.4.1.311.2.2.10")
KRB5 = gssapi.OID.from_int_seq("1.2.840.113554.1.2.2")
SPNEGO = gssapi.OID.from_int_seq("1.3.6.1.5.5.2")
IN_PROGRESS, DONE, ERROR = 0x16, 0x14, 0x15
SEC_E_LOGON_DENIED = 0x8009030C
ERROR_TRUST_FAILURE = 0x6FE
MAX_PLAIN = 0xFC00


def say(*words):
    sys.stdout.write(" ".join(str(w) for w in words) + "\n")
    sys.stdout.flush()


class Refused(Exception):
    pass


def read_exact(sock, n):
    b = b""
    while len(b) < n:
        chunk = sock.recv(n - len(b))
        if not chunk:
            raise EOFError("connection closed")
        b += chunk
    return b


# [MS-NNS] 2.2.1 handshake messages.
def send_handshake(sock, mid, token):
    sock.sendall(struct.pack(">BBBH", mid, 1, 0, len(token)) + token)


def read_handshake(sock):
    mid, major, minor, size = struct.unpack(">BBBH", read_exact(sock, 5))
    if (major, minor) != (1, 0) or mid not in (IN_PROGRESS, DONE, ERROR):
        raise Refused("bad handshake header %02x %d.%d" % (mid, major, minor))
    token = read_exact(sock, size)
    if mid == ERROR:
        raise Refused("0x%x" % int.from_bytes(token[:8], "big"))
    return mid, token


def send_error(sock, code):
    send_handshake(sock, ERROR, code.to_bytes(8, "big"))


def confidential(ctx):
    return gssapi.RequirementFlag.confidentiality in ctx.actual_flags


def flags_of(ctx):
    return "confidentiality" if confidential(ctx) else "integrity"


class SecureStream:
    """A byte stream through [MS-NNS] 2.2.2 data frames.

    NTLM frames are a signature and the sealed or plain data; Kerberos
    frames (krb) are Wrap tokens, sealed when seal is set; a received
    frame must be sealed exactly then."""

    def __init__(self, sock, ctx, krb=False, seal=None):
        self.sock, self.ctx, self.buf, self.krb = sock, ctx, b"", krb
        self.seal = confidential(ctx) if seal is None else seal

    def write(self, data):
        for i in range(0, len(data), MAX_PLAIN):
            chunk = data[i:i + MAX_PLAIN]
            if self.krb:
                payload = self.ctx.wrap(chunk, self.seal).message
            elif self.seal:
                payload = self.ctx.wrap(chunk, True).message
            else:
                payload = self.ctx.get_signature(chunk) + chunk
            self.sock.sendall(struct.pack("<I", len(payload)) + payload)

    def read(self, n):
        while len(self.buf) < n:
            (size,) = struct.unpack("<I", read_exact(self.sock, 4))
            if size <= 4 or size > 65536:
                raise Refused("data frame of %d bytes" % size)
            payload = read_exact(self.sock, size)
            if self.krb:
                res = self.ctx.unwrap(payload)
                if res.encrypted != self.seal:
                    raise Refused("frame_sealed=%s" % res.encrypted)
                self.buf += res.message
            elif self.seal:
                self.buf += self.ctx.unwrap(payload).message
            else:
                self.ctx.verify_signature(payload[16:], payload[:16])
                self.buf += payload[16:]
        out, self.buf = self.buf[:n], self.buf[n:]
        return out


# [MC-NMF] pieces.
def mb31(n):
    out = b""
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out += bytes([b | 0x80])
        else:
            return out + bytes([b])


def read_mb31(read):
    n, shift = 0, 0
    while True:
        b = read(1)[0]
        n |= (b & 0x7F) << shift
        if not b & 0x80:
            return n
        shift += 7


def read_string(read):
    return read(read_mb31(read)).decode()


def read_preamble(sock):
    """Reads a client's preamble through the Upgrade Request."""
    read = lambda n: read_exact(sock, n)
    while True:
        rec = read(1)[0]
        if rec == 0x00:
            read(2)
        elif rec in (0x01, 0x03):
            read(1)
        elif rec in (0x02, 0x04):
            read_string(read)
        elif rec == 0x09:
            name = read_string(read)
            if name != "application/negotiate":
                raise Refused("upgrade " + name)
            return
        else:
            raise Refused("preamble record 0x%02x" % rec)


SOAP12 = "http://www.w3.org/2003/05/soap-envelope"
WSA10 = "http://www.w3.org/2005/08/addressing"
TEMPURI = "http://tempuri.org/"


def add_reply(env):
    """Answers a SOAP 1.2 / WS-Addressing 1.0 text envelope of Add."""
    root = ET.fromstring(env)
    action = root.find("{%s}Header/{%s}Action" % (SOAP12, WSA10)).text
    if action != "http://tempuri.org/ICalculator/Add":
        raise Refused("action " + action)
    msgid = root.find("{%s}Header/{%s}MessageID" % (SOAP12, WSA10)).text
    add = root.find("{%s}Body/{%s}Add" % (SOAP12, TEMPURI))
    a, b = int(add.find("{%s}a" % TEMPURI).text), int(add.find("{%s}b" % TEMPURI).text)
    say("ADD", a, b)
    return ('<s:Envelope xmlns:s="%s" xmlns:a="%s"><s:Header>'
            '<a:Action s:mustUnderstand="1">http://tempuri.org/ICalculator/AddResponse</a:Action>'
            '<a:RelatesTo>%s</a:RelatesTo></s:Header><s:Body>'
            '<AddResponse xmlns="%s"><AddResult>%d</AddResult></AddResponse>'
            '</s:Body></s:Envelope>' % (SOAP12, WSA10, msgid, TEMPURI, a + b)).encode()


def serve(args):
    ls = socket.socket()
    ls.bind(("127.0.0.1", 0))
    ls.listen(1)
    say("LISTENING", ls.getsockname()[1])
    sock, _ = ls.accept()
    sock.settimeout(30)
    read_preamble(sock)
    sock.sendall(b"\x0a")  # Upgrade Response
    mech = SPNEGO if args.spnego else (KRB5 if args.krb else NTLM)
    ctx = gssapi.SecurityContext(creds=gssapi.Credentials(usage="accept", mechs=[mech]), usage="accept")
    while not ctx.complete:
        _, token = read_handshake(sock)
        try:
            out = ctx.step(token)
            # python-gssapi hands back a failed step's token (SPNEGO's
            # reject) and raises on the next use of the context.
            complete = ctx.complete
        except gssapi.exceptions.GSSError as e:
            send_error(sock, SEC_E_LOGON_DENIED)
            raise Refused(str(e).replace("\n", " ").replace(" ", "_"))
        if complete:
            if args.conf and not confidential(ctx):
                send_error(sock, ERROR_TRUST_FAILURE)
                raise Refused("protection")
            send_handshake(sock, DONE, out or b"")
        else:
            send_handshake(sock, IN_PROGRESS, out)
    say("AUTHENTICATED", str(ctx.initiator_name).rstrip("\x00"), flags_of(ctx))
    s = SecureStream(sock, ctx, krb=args.krb)
    if s.read(1) != b"\x0c":
        raise Refused("no Preamble End")
    s.write(b"\x0b")
    count = 0
    while True:
        rec = s.read(1)[0]
        if rec == 0x07:
            s.write(b"\x07")
            break
        if rec != 0x06:
            raise Refused("record 0x%02x" % rec)
        env = s.read(read_mb31(s.read))
        if args.add:
            env = add_reply(env)
        s.write(b"\x06" + mb31(len(env)) + env)
        count += 1
    sock.close()
    say("DONE", count)


def client(args):
    if args.krb and args.spnego:
        cred = None  # the default credentials: the TGT in $KRB5CCNAME
    elif args.krb:
        cred = gssapi.Credentials(usage="initiate", mechs=[KRB5])
    else:
        name = gssapi.Name(args.domain + "\\" + args.user, gssapi.NameType.user)
        cred = gssapi.raw.acquire_cred_with_password(name, args.password.encode(), mechs=[NTLM], usage="initiate").creds
    flags = [gssapi.RequirementFlag.integrity, gssapi.RequirementFlag.replay_detection,
             gssapi.RequirementFlag.out_of_sequence_detection, gssapi.RequirementFlag.mutual_authentication]
    if args.conf:
        flags.append(gssapi.RequirementFlag.confidentiality)
    target = gssapi.Name("host@" + args.host, gssapi.NameType.hostbased_service)
    mech = SPNEGO if args.spnego else (KRB5 if args.krb else NTLM)
    ctx = gssapi.SecurityContext(name=target, creds=cred, mech=mech, usage="initiate", flags=flags)
    sock = socket.create_connection(("127.0.0.1", args.port), timeout=30)
    via = args.via.encode()
    upgrade = b"application/negotiate"
    sock.sendall(b"\x00\x01\x00\x01\x02\x02" + mb31(len(via)) + via + bytes([0x03, args.encoding]) + b"\x09" + mb31(len(upgrade)) + upgrade)
    answer = read_exact(sock, 1)
    if answer != b"\x0a":
        raise Refused("answer 0x%02x to the Upgrade Request" % answer[0])
    token, remote_done = ctx.step(), False
    while True:
        send_handshake(sock, DONE if ctx.complete else IN_PROGRESS, token)
        mid, token = read_handshake(sock)
        remote_done = mid == DONE
        if ctx.complete:
            break
        token = ctx.step(token)
        if ctx.complete and remote_done:
            break
    if not remote_done:
        raise Refused("no HandshakeDone from the server")
    say("AUTHENTICATED", "host@" + args.host, flags_of(ctx))
    s = SecureStream(sock, ctx, krb=args.krb)
    s.write(b"\x0c")
    if s.read(1) != b"\x0b":
        raise Refused("no Preamble Ack")
    count = 0
    for line in sys.stdin:
        w = line.split()
        if not w or w[0] != "SEND":
            break
        env = binascii.unhexlify(w[1]) if len(w) > 1 else b""
        s.write(b"\x06" + mb31(len(env)) + env)
        if s.read(1) != b"\x06":
            raise Refused("reply is not a sized envelope")
        say("REPLY", binascii.hexlify(s.read(read_mb31(s.read))).decode())
        count += 1
    s.write(b"\x07")
    if s.read(1) != b"\x07":
        raise Refused("no End")
    sock.close()
    say("DONE", count)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--role", choices=["server", "client"], required=True)
    p.add_argument("--add", action="store_true")
    p.add_argument("--encoding", type=int, default=8)
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--via", default="")
    p.add_argument("--host", default="server.example")
    p.add_argument("--user", default="")
    p.add_argument("--domain", default="")
    p.add_argument("--password", default="")
    p.add_argument("--conf", action="store_true")
    p.add_argument("--spnego", action="store_true")
    p.add_argument("--krb", action="store_true")
    args = p.parse_args()
    try:
        (serve if args.role == "server" else client)(args)
    except (Refused, EOFError, OSError, gssapi.exceptions.GSSError, ET.ParseError, AttributeError, ValueError) as e:
        say("REFUSED", str(e).replace("\n", " ").replace(" ", "_"))


if __name__ == "__main__":
    main()
