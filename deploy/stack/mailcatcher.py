#!/usr/bin/env python3
"""A mail catcher for `make stack`: an SMTP server that accepts every message, keeps each as
MAIL_DIR/NNNNNN.eml, and serves the small part of Mailpit's HTTP API the tests need, so the BDD
steps read codes the same way from this and from the Compose stack's Mailpit:
  GET /api/v1/messages            newest first: ID, From, To, Subject, Created, Snippet
  GET /api/v1/message/ID          the same plus Text (the plain-text body)
  GET /api/v1/message/ID/raw      the message as received
  DELETE /api/v1/messages         forget every message
  GET /readyz                     200 once listening
Standard library only (no STARTTLS, no AUTH: loopback only).
usage: mailcatcher.py --smtp 127.0.0.1:1025 --http 127.0.0.1:8025 --dir .stack/mail
"""
import argparse
import asyncio
import datetime
import email
import email.policy
import html
import json
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

lock = threading.Lock()


def host_port(s):
    host, _, port = s.rpartition(":")
    return host, int(port)


class Store:
    def __init__(self, directory):
        self.dir = directory
        os.makedirs(directory, exist_ok=True)

    def ids(self):
        return sorted((f[:-4] for f in os.listdir(self.dir) if f.endswith(".eml")), reverse=True)

    def add(self, sender, rcpts, data):
        with lock:
            n = int(self.ids()[0]) + 1 if self.ids() else 1
            path = os.path.join(self.dir, f"{n:06d}.eml")
            with open(path + ".tmp", "wb") as f:
                f.write(data)
            os.replace(path + ".tmp", path)
            with open(os.path.join(self.dir, f"{n:06d}.json"), "w") as f:
                json.dump({"from": sender, "to": rcpts,
                           "created": datetime.datetime.now(datetime.timezone.utc).isoformat()}, f)
        return n

    def summary(self, mid, full=False):
        raw = open(os.path.join(self.dir, mid + ".eml"), "rb").read()
        env = json.load(open(os.path.join(self.dir, mid + ".json")))
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        body = msg.get_body(preferencelist=("plain", "html"))
        text = body.get_content() if body is not None else ""
        out = {"ID": mid, "From": {"Address": env["from"]}, "To": [{"Address": a} for a in env["to"]],
               "Subject": str(msg.get("Subject", "")), "Created": env["created"],
               "Snippet": " ".join(text.split())[:200]}
        if full:
            out["Text"] = text
        return out

    def clear(self):
        with lock:
            for f in os.listdir(self.dir):
                if f.endswith((".eml", ".json")):
                    os.remove(os.path.join(self.dir, f))


async def smtp_session(reader, writer, store):
    async def reply(line):
        writer.write((line + "\r\n").encode())
        await writer.drain()

    await reply("220 authlens-stack mailcatcher ESMTP")
    sender, rcpts = None, []
    while True:
        line = await reader.readline()
        if not line:
            break
        cmd = line.decode("utf-8", "replace").strip()
        verb = cmd.split(" ", 1)[0].upper()
        if verb == "EHLO":
            writer.write(b"250-authlens-stack\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n")
            await reply("250 SIZE 10485760")
        elif verb == "HELO":
            await reply("250 authlens-stack")
        elif verb == "MAIL":
            sender, rcpts = cmd.split(":", 1)[1].strip().split(" ")[0].strip("<>"), []
            await reply("250 OK")
        elif verb == "RCPT":
            rcpts.append(cmd.split(":", 1)[1].strip().split(" ")[0].strip("<>"))
            await reply("250 OK")
        elif verb == "DATA":
            if sender is None or not rcpts:
                await reply("503 need MAIL and RCPT first")
                continue
            await reply("354 end with <CRLF>.<CRLF>")
            lines = []
            while True:
                dl = await reader.readline()
                if not dl or dl in (b".\r\n", b".\n"):
                    break
                lines.append(dl[1:] if dl.startswith(b"..") else dl)
            n = store.add(sender, rcpts, b"".join(lines))
            await reply(f"250 OK queued as {n:06d}")
            sender, rcpts = None, []
        elif verb == "RSET":
            sender, rcpts = None, []
            await reply("250 OK")
        elif verb == "NOOP":
            await reply("250 OK")
        elif verb == "VRFY":
            await reply("252 cannot verify")
        elif verb == "QUIT":
            await reply("221 bye")
            break
        else:
            await reply("502 command not implemented")
    writer.close()


def http_handler(store):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def send(self, code, body, ctype="application/json"):
            data = body if isinstance(body, bytes) else json.dumps(body).encode()
            self.send_response(code)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            parts = self.path.split("?")[0].strip("/").split("/")
            try:
                if parts == ["readyz"]:
                    self.send(200, {"status": "ok"})
                elif parts == ["api", "v1", "messages"]:
                    ids = store.ids()
                    self.send(200, {"total": len(ids), "count": len(ids),
                                    "messages": [store.summary(i) for i in ids]})
                elif parts[:3] == ["api", "v1", "message"] and len(parts) == 4:
                    self.send(200, store.summary(parts[3], full=True))
                elif parts[:3] == ["api", "v1", "message"] and len(parts) == 5 and parts[4] == "raw":
                    self.send(200, open(os.path.join(store.dir, parts[3] + ".eml"), "rb").read(), "message/rfc822")
                elif parts == [""]:
                    rows = "".join(f"<li>{m['Created']} to {html.escape(', '.join(t['Address'] for t in m['To']))}: "
                                   f"<a href='/api/v1/message/{m['ID']}'>{html.escape(m['Subject'])}</a></li>"
                                   for m in (store.summary(i) for i in store.ids()))
                    self.send(200, f"<!doctype html><title>mail</title><h1>Mail caught</h1><ul>{rows}</ul>"
                              .encode(), "text/html; charset=utf-8")
                else:
                    self.send(404, {"error": "not found"})
            except (FileNotFoundError, ValueError):
                self.send(404, {"error": "no such message"})

        def do_DELETE(self):
            if self.path.split("?")[0].rstrip("/") == "/api/v1/messages":
                store.clear()
                self.send(200, {"status": "ok"})
            else:
                self.send(404, {"error": "not found"})

    return Handler


async def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--smtp", default="127.0.0.1:1025")
    ap.add_argument("--http", default="127.0.0.1:8025")
    ap.add_argument("--dir", required=True)
    ap.add_argument("--ports-file", help="write the bound ports here as JSON (for port 0)")
    a = ap.parse_args()
    store = Store(a.dir)
    httpd = ThreadingHTTPServer(host_port(a.http), http_handler(store))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    server = await asyncio.start_server(lambda r, w: smtp_session(r, w, store), *host_port(a.smtp))
    smtp_port = server.sockets[0].getsockname()[1]
    http_port = httpd.server_address[1]
    if a.ports_file:  # written whole, then renamed: a reader sees nothing or everything
        with open(a.ports_file + ".tmp", "w") as f:
            json.dump({"smtp": smtp_port, "http": http_port}, f)
        os.replace(a.ports_file + ".tmp", a.ports_file)
    print(f"mailcatcher: SMTP on port {smtp_port}, API on port {http_port}, messages in {a.dir}",
          flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        pass
