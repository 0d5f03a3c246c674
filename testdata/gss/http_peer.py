#!/usr/bin/python3
"""An independent HTTP peer with Windows authentication for wws's tests.

--role server (the default): a keep-alive HTTP/1.1 server (http.server)
that answers a request without credentials with 401 and
"WWW-Authenticate: Negotiate" (or NTLM with --scheme NTLM), runs
gss-ntlmssp (under MIT's SPNEGO for Negotiate) through python3-gssapi on
the tokens of Authorization headers, keeps the context of each connection,
and once it is complete answers 200 with "hello <initiator> <request
body>", the final token, if any, in WWW-Authenticate. With --soap it
answers a SOAP Add instead (the reply's envelope version follows the
request's Content-Type) and prints "AUTHENTICATED <initiator>" for each
completed handshake. Users come from $NTLM_USER_FILE. It prints
"LISTENING <port>" and serves until stdin closes.

--role client: one keep-alive connection to --url; for each stdin line
"POST <hex body>" it posts the body (--content-type, --soapaction),
authenticating as --domain\\--user (--password) with --scheme on the first
request (and whenever it gets a 401 with a new challenge), printing
"AUTHENTICATED" once the context is complete and "STATUS <code> <hex
body>" for each answer. Under SPNEGO, MIT krb5 takes the NTLM credentials
from $NTLM_USER_FILE.

Run with /usr/bin/python3.
"""
import argparse
import base64
import binascii
import http.client
import http.server
import re
import socketserver
import sys
import threading
import urllib.parse

import gssapi
import gssapi.raw

NTLM = gssapi.OID.from_int_seq("1.3.6.1.4.1.311.2.2.10")
SPNEGO = gssapi.OID.from_int_seq("1.3.6.1.5.5.2")
SCHEME = "Negotiate"
SOAP = False
OUT = threading.Lock()


def say(*words):
    with OUT:
        print(*words, flush=True)


def add_reply(request, content_type):
    """The Calculator's AddResponse to a SOAP Add request."""
    a = int(re.search(rb"<(?:\w+:)?a>(-?\d+)<", request).group(1))
    b = int(re.search(rb"<(?:\w+:)?b>(-?\d+)<", request).group(1))
    body = b'<AddResponse xmlns="http://tempuri.org/"><AddResult>%d</AddResult></AddResponse>' % (a + b)
    if content_type.startswith("text/xml"):
        env = b'<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>' + body + b"</s:Body></s:Envelope>"
        return env, "text/xml; charset=utf-8"
    mid = re.search(rb"<(?:\w+:)?MessageID[^>]*>([^<]+)<", request)
    relates = b"<a:RelatesTo>" + mid.group(1) + b"</a:RelatesTo>" if mid else b""
    env = (b'<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:a="http://www.w3.org/2005/08/addressing">'
           b'<s:Header><a:Action s:mustUnderstand="1">http://tempuri.org/ICalculator/AddResponse</a:Action>' + relates +
           b"</s:Header><s:Body>" + body + b"</s:Body></s:Envelope>")
    return env, "application/soap+xml; charset=utf-8"


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    ctx = None  # this connection's context; the handler lives as long as it
    caller = None

    def log_message(self, *args):
        pass

    def reply(self, code, body=b"", auth=None, content_type=None):
        self.send_response(code)
        if auth is not None:
            self.send_header("WWW-Authenticate", auth)
        if content_type is not None:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def answer(self, body, auth=None):
        if SOAP:
            env, ct = add_reply(body, self.headers.get("Content-Type", ""))
            return self.reply(200, env, auth=auth, content_type=ct)
        self.reply(200, b"hello " + self.caller.encode() + b" " + body, auth=auth)

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        if self.caller is not None:
            return self.answer(body)
        authz = self.headers.get("Authorization", "")
        if not authz.startswith(SCHEME + " "):
            return self.reply(401, auth=SCHEME)
        token = base64.b64decode(authz[len(SCHEME) + 1:])
        if self.ctx is None or token.startswith(b"NTLMSSP\x00\x01") or token[:1] == b"\x60":
            mech = SPNEGO if SCHEME == "Negotiate" else NTLM
            self.ctx = gssapi.SecurityContext(creds=gssapi.Credentials(usage="accept", mechs=[mech]), usage="accept")
        try:
            out = self.ctx.step(token)
            complete = self.ctx.complete
        except gssapi.exceptions.GSSError:
            self.ctx = None
            return self.reply(401, auth=SCHEME)
        auth = SCHEME + " " + base64.b64encode(out).decode() if out else None
        if not complete:
            return self.reply(401, auth=auth)
        self.caller = str(self.ctx.initiator_name).rstrip("\x00")
        if SOAP:
            say("AUTHENTICATED", self.caller)
        self.answer(body, auth=auth)


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True


def client(args):
    u = urllib.parse.urlsplit(args.url)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
    name = gssapi.Name(args.domain + "\\" + args.user, gssapi.NameType.user)
    cred = gssapi.raw.acquire_cred_with_password(name, args.password.encode(), mechs=[NTLM], usage="initiate").creds
    target = gssapi.Name("HTTP@" + u.hostname, gssapi.NameType.hostbased_service)
    mech = SPNEGO if SCHEME == "Negotiate" else NTLM
    authed = False
    for line in sys.stdin:
        w = line.split()
        if not w or w[0] != "POST":
            break
        body = binascii.unhexlify(w[1]) if len(w) > 1 else b""
        headers = {"Content-Type": args.content_type}
        if args.soapaction:
            headers["SOAPAction"] = '"%s"' % args.soapaction
        ctx, token = None, None
        if not authed:
            ctx = gssapi.SecurityContext(name=target, creds=cred, mech=mech, usage="initiate")
            token = ctx.step()
        while True:
            h = dict(headers)
            if token is not None:
                h["Authorization"] = SCHEME + " " + base64.b64encode(token).decode()
            conn.request("POST", u.path, body=body, headers=h)
            resp = conn.getresponse()
            data = resp.read()
            challenge = resp.getheader("WWW-Authenticate", "")
            if resp.status == 401 and challenge.startswith(SCHEME + " ") and ctx is not None and not ctx.complete:
                token = ctx.step(base64.b64decode(challenge[len(SCHEME) + 1:]))
                continue
            if resp.status == 401 and authed:  # the server dropped the context
                authed = False
                ctx = gssapi.SecurityContext(name=target, creds=cred, mech=mech, usage="initiate")
                token = ctx.step()
                continue
            break
        if resp.status != 401 and ctx is not None:
            if challenge.startswith(SCHEME + " ") and not ctx.complete:
                ctx.step(base64.b64decode(challenge[len(SCHEME) + 1:]))
            authed = True
            say("AUTHENTICATED")
        say("STATUS", resp.status, binascii.hexlify(data).decode() or "-")
    conn.close()


def main():
    global SCHEME, SOAP
    p = argparse.ArgumentParser()
    p.add_argument("--role", choices=["server", "client"], default="server")
    p.add_argument("--scheme", choices=["Negotiate", "NTLM"], default="Negotiate")
    p.add_argument("--soap", action="store_true")
    p.add_argument("--url")
    p.add_argument("--domain", default="WWS")
    p.add_argument("--user", default="alice")
    p.add_argument("--password", default="Passw0rd!")
    p.add_argument("--content-type", default="text/xml; charset=utf-8")
    p.add_argument("--soapaction", default="")
    args = p.parse_args()
    SCHEME, SOAP = args.scheme, args.soap
    if args.role == "client":
        return client(args)
    srv = Server(("127.0.0.1", 0), Handler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    say("LISTENING", srv.server_address[1])
    sys.stdin.read()
    srv.shutdown()


if __name__ == "__main__":
    main()
