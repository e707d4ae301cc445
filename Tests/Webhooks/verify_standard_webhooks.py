#!/usr/bin/env python3
"""An independent Standard Webhooks verifier, written from the specification (standardwebhooks.com):
signed content is "{webhook-id}.{webhook-timestamp}.{body}", the key is the base64-decoded part after
"whsec_", webhook-signature is a space-separated list of "v1,<base64 HMAC-SHA256>", any match verifies,
timestamps more than 5 minutes away are refused. Reads {"secret", "headers", "body"} as JSON on stdin;
exit status 0 = verified, 1 = refused (reason on stderr)."""
import base64, hashlib, hmac, json, sys, time

def verify(secret, headers, body):
    headers = {k.lower(): v for k, v in headers.items()}
    msg_id, ts, sigs = headers.get("webhook-id"), headers.get("webhook-timestamp"), headers.get("webhook-signature")
    if not msg_id or not ts or not sigs:
        return "missing header"
    if abs(time.time() - int(ts)) > 300:
        return "timestamp outside tolerance"
    key = base64.b64decode(secret[len("whsec_"):] if secret.startswith("whsec_") else secret)
    expected = base64.b64encode(hmac.new(key, f"{msg_id}.{ts}.{body}".encode(), hashlib.sha256).digest()).decode()
    for item in sigs.split(" "):
        version, _, signature = item.partition(",")
        if version == "v1" and hmac.compare_digest(signature, expected):
            return None
    return "no matching signature"

if __name__ == "__main__":
    request = json.load(sys.stdin)
    reason = verify(request["secret"], request["headers"], request["body"])
    if reason:
        print(reason, file=sys.stderr)
        sys.exit(1)
