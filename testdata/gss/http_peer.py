#!/usr/bin/python3
"""An independent HTTP host with Windows authentication for wws's tests.

A keep-alive HTTP/1.1 server (http.server) that answers a request without
credentials with 401 and "WWW-Authenticate: Negotiate" (or NTLM with
--scheme NTLM), runs gss-ntlmssp (under MIT's SPNEGO for Negotiate) through
python3-gssapi on the tokens of Authorization headers, keeps the context of
each connection, and once it is complete answers 200 with
"hello <initiator> <request body>", the final token, if any, in
WWW-Authenticate. Users come from $NTLM_USER_FILE. It prints
"LISTENING <port>" and serves until stdin closes. Run with /usr/bin/python3.
"""
import argparse
import base64
import http.server
import socketserver
import sys
import threading

import gssapi

NTLM = gssapi.OID.from_int_seq("1.3.6.1.4.1.311.2.2.10")
SPNEGO = gssapi.OID.from_int_seq("1.3.6.1.5.5.2")
SCHEME = "Negotiate"


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    ctx = None  # this connection's context; the handler lives as long as it
    caller = None

    def log_message(self, *args):
        pass

    def reply(self, code, body=b"", auth=None):
        self.send_response(code)
        if auth is not None:
            self.send_header("WWW-Authenticate", auth)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        if self.caller is not None:
            return self.reply(200, b"hello " + self.caller.encode() + b" " + body)
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
        self.reply(200, b"hello " + self.caller.encode() + b" " + body, auth=auth)


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True


def main():
    global SCHEME
    p = argparse.ArgumentParser()
    p.add_argument("--scheme", choices=["Negotiate", "NTLM"], default="Negotiate")
    SCHEME = p.parse_args().scheme
    srv = Server(("127.0.0.1", 0), Handler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    print("LISTENING", srv.server_address[1], flush=True)
    sys.stdin.read()
    srv.shutdown()


if __name__ == "__main__":
    main()
