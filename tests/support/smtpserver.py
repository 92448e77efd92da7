"""A real SMTP server for the tests: Debian's aiosmtpd on 127.0.0.1.

Every message it accepts is written to OUTDIR as N.eml (the bytes received) and N.json
(what Python's email package reads from them: decoded headers and each text part), so
the tests check the message as a mail program would see it.

  smtpserver.py --port P --out OUTDIR [--cert C --key K [--implicit-tls]] [--user U --password W]
               [--delay-ms MS]   (a slow server: each message is answered MS later)
               [--light]         (for benchmarks: only the envelope, the alert header and the
                                  time, a line each in OUTDIR/received.jsonl; parsing every
                                  message in Python would be what a benchmark measured)

Prints "ready" once it listens; stops on SIGTERM or when standard input closes.
"""
import argparse
import asyncio
import email
import email.policy
import json
import os
import re
import ssl
import sys
import time

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult


class Keep:
    def __init__(self, out, delay):
        self.out = out
        self.delay = delay
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        received = time.time()
        self.count += 1
        base = os.path.join(self.out, str(self.count))
        with open(base + ".eml", "wb") as f:
            f.write(envelope.original_content)
        msg = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        parts = []
        for part in msg.walk():
            if part.get_content_maintype() == "text":
                parts.append({"type": part.get_content_type(),
                              "charset": part.get_content_charset(),
                              "encoding": part.get("Content-Transfer-Encoding", ""),
                              "body": part.get_content()})
        summary = {"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos,
                   "subject": str(msg["subject"]), "from": str(msg["from"]),
                   "to": str(msg["to"]), "content_type": msg.get_content_type(),
                   "alert": str(msg["x-watchkeeper-alert"]),
                   "tls": session.ssl is not None
                   or server.transport.get_extra_info("ssl_object") is not None,
                   "authenticated": bool(session.authenticated),
                   "received_at": received,
                   "parts": parts}
        with open(base + ".json.tmp", "w") as f:
            json.dump(summary, f)
        os.rename(base + ".json.tmp", base + ".json")
        return "250 2.0.0 Ok: queued as WK%d" % self.count


class Note:
    def __init__(self, out):
        self.file = open(os.path.join(out, "received.jsonl"), "a", buffering=1)
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        received = time.time()
        self.count += 1
        found = ALERT.search(envelope.original_content)
        line = {"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos,
                "alert": found.group(1).decode("utf-8", "replace") if found else "",
                "received_at": received}
        self.file.write(json.dumps(line) + "\n")
        return "250 2.0.0 Ok: queued as WK%d" % self.count


ALERT = re.compile(rb"^X-Watchkeeper-Alert: *([^\r\n]*)", re.MULTILINE | re.IGNORECASE)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--cert")
    p.add_argument("--key")
    p.add_argument("--implicit-tls", action="store_true")
    p.add_argument("--user")
    p.add_argument("--password")
    p.add_argument("--delay-ms", type=int, default=0)
    p.add_argument("--light", action="store_true")
    a = p.parse_args()

    context = None
    if a.cert:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(a.cert, a.key)

    def authenticate(server, session, envelope, mechanism, auth_data):
        ok = (auth_data.login.decode() == a.user and auth_data.password.decode() == a.password)
        return AuthResult(success=ok, handled=False)

    kwargs = {}
    if a.user:
        kwargs.update(authenticator=authenticate, auth_required=True)
    if context and not a.implicit_tls:
        kwargs.update(tls_context=context, require_starttls=True)
    else:
        kwargs.update(auth_require_tls=False)
    handler = Note(a.out) if a.light else Keep(a.out, a.delay_ms / 1000.0)
    controller = Controller(handler, hostname="127.0.0.1", port=a.port,
                            ssl_context=context if a.implicit_tls else None,
                            server_hostname="127.0.0.1", **kwargs)
    controller.start()
    print("ready", flush=True)
    try:
        sys.stdin.read()
    except KeyboardInterrupt:
        pass
    controller.stop()


if __name__ == "__main__":
    main()
