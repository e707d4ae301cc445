#!/usr/bin/env python3
"""A local SMTP catcher for development stacks: accepts every message on 127.0.0.1:<port> and writes it to
<dir>/<n>.eml, so an operator can read the notifications Rowell sends (ls, cat, or any mail client that opens
.eml). No relaying, no auth, no TLS: loopback development only."""
import asyncio, itertools, os, sys

directory, port = sys.argv[1], int(sys.argv[2])
os.makedirs(directory, exist_ok=True)
counter = itertools.count(len(os.listdir(directory)) + 1)

async def session(reader, writer):
    async def say(line):
        writer.write((line + "\r\n").encode())
        await writer.drain()
    await say("220 rowell-smtp-catcher ready")
    mail_from, rcpt = None, []
    while True:
        line = await reader.readline()
        if not line:
            break
        command = line.decode(errors="replace").strip()
        verb = command[:4].upper()
        if verb in ("HELO", "EHLO"):
            await say("250 rowell-smtp-catcher")
        elif verb == "MAIL":
            mail_from, rcpt = command[10:], []
            await say("250 OK")
        elif verb == "RCPT":
            rcpt.append(command[8:])
            await say("250 OK")
        elif verb == "DATA":
            await say("354 end with <CRLF>.<CRLF>")
            lines = []
            while True:
                data = await reader.readline()
                if not data or data in (b".\r\n", b".\n"):
                    break
                lines.append(data[1:] if data.startswith(b"..") else data)
            path = os.path.join(directory, f"{next(counter):05d}.eml")
            with open(path, "wb") as f:
                f.write(f"X-Envelope-From: {mail_from}\r\nX-Envelope-To: {', '.join(rcpt)}\r\n".encode())
                f.writelines(lines)
            print(f"[smtp-catcher] {path}", flush=True)
            await say("250 OK: queued")
        elif verb == "RSET":
            mail_from, rcpt = None, []
            await say("250 OK")
        elif verb == "NOOP":
            await say("250 OK")
        elif verb == "QUIT":
            await say("221 bye")
            break
        else:
            await say("502 command not implemented")
    writer.close()

async def main():
    server = await asyncio.start_server(session, "127.0.0.1", port)
    async with server:
        await server.serve_forever()

asyncio.run(main())
