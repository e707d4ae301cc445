#!/usr/bin/env python3
"""The former webhook bench receiver (scripts/bench/webhooks.sh with RECEIVER=python, for comparison; the default
is scripts/bench/WebhookReceiver, which also verifies signatures). Answers 200 to every POST at once, and records for each delivery its
event id, type, the event's created_at and the arrival time (for event-to-delivery lag). On SIGTERM it writes
one line per delivery to the file given: "<arrival_unix> <created_unix> <event_id> <type>"."""
import json, signal, sys, threading, time
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

out, port = sys.argv[1], int(sys.argv[2])
records, lock = [], threading.Lock()

class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        now = time.time()
        # Only the arrival time and the raw body here: parsing waits for SIGTERM, so the receiver spends as
        # little CPU as possible per request and its answer time stays a small part of what is measured.
        with lock:
            records.append((now, body))
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")
    def log_message(self, *args):
        pass

server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
def stop(*_):
    with lock, open(out, "w") as f:
        for now, body in records:
            try:
                e = json.loads(body)
                created = datetime.fromisoformat(e["created_at"].replace("Z", "+00:00")).timestamp()
            except Exception:
                continue
            f.write(f"{now:.6f} {created:.6f} {e['id']} {e['type']}\n")
    threading.Thread(target=server.shutdown).start()
signal.signal(signal.SIGTERM, stop)
server.serve_forever()
