#!/usr/bin/env python3
"""Small HTTPS client for scripts/stack.sh: talks to Rowell through nginx (self-signed TLS) and to
Prometheus/Alertmanager. Standard library only. Every command prints one line of JSON or fails
with a message and a non-zero exit code.

  edge_client.py journey BASE                 register, 2 accounts, a transfer → completed
  edge_client.py load BASE SECONDS RPS OUT    steady reads + transfers; writes a JSON summary to OUT
  edge_client.py burst URL N                  N concurrent GETs; prints the status histogram
  edge_client.py prom-query PROM EXPR         instant query; prints the number of series
  edge_client.py wait-targets PROM JOB... SECONDS   waits until every target of the jobs is up
  edge_client.py wait-alert AM NAME SECONDS   waits until Alertmanager holds an active alert NAME
"""
import json
import ssl
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor

TLS = ssl.create_default_context()
TLS.check_hostname = False
TLS.verify_mode = ssl.CERT_NONE  # the stack's self-signed dev certificate


# nginx allows 10 r/s per client address (burst 20): stay under it unless a test wants to exceed it.
_PACE_LOCK = threading.Lock()
_PACE_NEXT = [0.0]
PACE_SECONDS = 0.125


def _pace():
    with _PACE_LOCK:
        now = time.monotonic()
        wait = _PACE_NEXT[0] - now
        _PACE_NEXT[0] = max(now, _PACE_NEXT[0]) + PACE_SECONDS
    if wait > 0:
        time.sleep(wait)


def call(method, url, body=None, key=None, headers=None, timeout=15, paced=True):
    if paced:
        _pace()
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method)
    if body is not None:
        req.add_header("Content-Type", "application/json")
    if key:
        req.add_header("Authorization", "Bearer " + key)
    for k, v in (headers or {}).items():
        req.add_header(k, v)
    try:
        with urllib.request.urlopen(req, timeout=timeout, context=TLS) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def ok_json(status, raw, expected, what):
    if status != expected:
        sys.exit(f"{what}: expected {expected}, got {status}: {raw[:300]!r}")
    return json.loads(raw)


def register(base):
    email = f"ops-{uuid.uuid4().hex[:12]}@example.com"
    s, _, raw = call("POST", f"{base}/api/v1/developers/register",
                     {"email": email, "first_name": "Ops", "last_name": "Selftest", "company": "Rowell Ops"})
    return ok_json(s, raw, 201, "register")["data"]["api_key"]["secret"]


def account(base, key, country="NG"):
    s, _, raw = call("POST", f"{base}/api/v1/accounts", {"network": "stellar", "environment": "testnet",
                     "account_type": "user", "country_code": country}, key)
    return ok_json(s, raw, 201, "create account")["data"]["id"]


def transfer(base, key, src, dst, amount="1", idem=None):
    headers = {"Idempotency-Key": idem} if idem else None
    s, _, raw = call("POST", f"{base}/api/v1/transfers", {"from_account": src, "to_account": dst,
                     "asset_code": "XLM", "amount": amount}, key, headers)
    if s not in (200, 201):
        raise RuntimeError(f"create transfer: {s} {raw[:300]!r}")
    return json.loads(raw)["data"]["id"]


def transfer_status(base, key, tid):
    s, _, raw = call("GET", f"{base}/api/v1/transfers/{tid}", key=key)
    return ok_json(s, raw, 200, "get transfer")["data"]


def has_transfers(base):
    s, _, raw = call("GET", f"{base}/openapi/v1.json")
    return s == 200 and "/api/v1/transfers" in json.loads(raw).get("paths", {})


def wait_final(base, key, tid, seconds=60):
    deadline = time.time() + seconds
    while time.time() < deadline:
        t = transfer_status(base, key, tid)
        if t["status"] in ("completed", "failed"):
            return t
        time.sleep(0.5)
    sys.exit(f"transfer {tid} not final after {seconds}s (last status {t['status']})")


def journey(base):
    key = register(base)
    a, b = account(base, key), account(base, key, "KE")
    out = {"key": key, "account": a, "second_account": b, "transfers": has_transfers(base)}
    s, _, raw = call("GET", f"{base}/api/v1/accounts/{a}", key=key)
    ok_json(s, raw, 200, "get account")
    if out["transfers"]:
        tid = transfer(base, key, a, b, "1.5", idem=uuid.uuid4().hex)
        t = wait_final(base, key, tid)
        if t["status"] != "completed":
            sys.exit(f"transfer {tid} ended {t['status']}: {t}")
        out["transfer"] = tid
        out["transfer_status"] = t["status"]
    print(json.dumps(out))


def load(base, seconds, rps, out_path):
    """Steady mixed load: reads of an account and (when available) transfers with idempotency keys.
    Records every request's outcome; afterwards checks each transfer completed exactly once."""
    key = register(base)
    a, b = account(base, key), account(base, key, "KE")
    with_transfers = has_transfers(base)
    results = {"requests": 0, "failed": 0, "failures": [], "transfers": []}
    lock = threading.Lock()
    stop = time.time() + seconds

    def one(i):
        try:
            if with_transfers and i % 4 == 0:
                idem = f"load-{i}-{uuid.uuid4().hex[:8]}"
                tid = transfer(base, key, a, b, "0.01", idem=idem)
                with lock:
                    results["transfers"].append((tid, idem))
                ok = True
            else:
                s, _, raw = call("GET", f"{base}/api/v1/accounts/{a}", key=key)
                ok = s == 200
                if not ok:
                    raise RuntimeError(f"GET account {s} {raw[:200]!r}")
        except Exception as e:  # any failure counts: a refused connection is as bad as a 5xx
            with lock:
                results["failed"] += 1
                results["failures"].append(str(e)[:300])
            ok = False
        with lock:
            results["requests"] += 1
        return ok

    with ThreadPoolExecutor(max_workers=8) as pool:
        i = 0
        next_at = time.time()
        while time.time() < stop:
            pool.submit(one, i)
            i += 1
            next_at += 1.0 / rps
            time.sleep(max(0, next_at - time.time()))
    # Every transfer must end completed, and appear once in the account's transfer list.
    final = {}
    for tid, _ in results["transfers"]:
        final[tid] = wait_final(base, key, tid, 90)["status"]
    results["transfer_count"] = len(results["transfers"])
    results["transfers_completed"] = sum(1 for s in final.values() if s == "completed")
    ids = [t for t, _ in results["transfers"]]
    results["duplicate_ids"] = len(ids) - len(set(ids))
    if with_transfers:
        listed, cursor = [], None
        while True:
            q = f"{base}/api/v1/transfers?limit=100" + (f"&starting_after={cursor}" if cursor else "")
            s, _, raw = call("GET", q, key=key)
            page = ok_json(s, raw, 200, "list transfers")["data"]
            listed += [t["id"] for t in page["items"]]
            if not page.get("has_more"):
                break
            cursor = page["items"][-1]["id"]
        results["listed"] = len(listed)
        results["listed_unique"] = len(set(listed))
    del results["transfers"]
    with open(out_path, "w") as f:
        json.dump(results, f)
    print(json.dumps(results))


def burst(url, n):
    def get(_):
        try:
            return call("GET", url, timeout=10, paced=False)[0]
        except Exception:
            return 0
    with ThreadPoolExecutor(max_workers=n) as pool:
        codes = list(pool.map(get, range(n)))
    hist = {}
    for c in codes:
        hist[str(c)] = hist.get(str(c), 0) + 1
    print(json.dumps(hist))


def prom(prom_base, path, params):
    url = f"{prom_base}{path}?{urllib.parse.urlencode(params)}"
    s, _, raw = call("GET", url, paced=False)
    return s, json.loads(raw) if raw else {}


def prom_query(prom_base, expr):
    s, body = prom(prom_base, "/api/v1/query", {"query": expr})
    if s != 200 or body.get("status") != "success":
        sys.exit(f"query failed ({s}): {expr}: {body.get('error')}")
    print(len(body["data"]["result"]))


def wait_targets(prom_base, jobs, seconds):
    deadline = time.time() + seconds
    last = {}
    while time.time() < deadline:
        _, body = prom(prom_base, "/api/v1/targets", {"state": "active"})
        targets = body.get("data", {}).get("activeTargets", [])
        last = {}
        for t in targets:
            last.setdefault(t["labels"]["job"], []).append(t["health"])
        if all(j in last and all(h == "up" for h in last[j]) for j in jobs):
            print(json.dumps({j: len(last[j]) for j in jobs}))
            return
        time.sleep(1)
    sys.exit(f"targets not all up after {seconds}s: {last}")


def wait_alert(am_base, name, seconds):
    deadline = time.time() + seconds
    while time.time() < deadline:
        s, _, raw = call("GET", f"{am_base}/api/v2/alerts?active=true", paced=False)
        if s == 200:
            alerts = [a for a in json.loads(raw) if a["labels"].get("alertname") == name]
            if alerts:
                print(json.dumps([a["labels"] for a in alerts]))
                return
        time.sleep(1)
    sys.exit(f"alert {name} not in Alertmanager after {seconds}s")


def check_back(base, key, account_id, transfer_id):
    """After a restore: the account and the transfer answer through the API (grain state, not only read models)."""
    s, _, raw = call("GET", f"{base}/api/v1/accounts/{account_id}", key=key)
    ok_json(s, raw, 200, "account after restore")
    out = {"account": account_id}
    if transfer_id:
        out["transfer_status"] = transfer_status(base, key, transfer_id)["status"]
        if out["transfer_status"] != "completed":
            sys.exit(f"transfer after restore is {out['transfer_status']}")
    print(json.dumps(out))


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "journey":
        journey(args[0])
    elif cmd == "load":
        load(args[0], float(args[1]), float(args[2]), args[3])
    elif cmd == "check-back":
        check_back(args[0], args[1], args[2], args[3] if len(args) > 3 else "")
    elif cmd == "burst":
        burst(args[0], int(args[1]))
    elif cmd == "prom-query":
        prom_query(args[0], args[1])
    elif cmd == "wait-targets":
        wait_targets(args[0], args[1:-1], float(args[-1]))
    elif cmd == "wait-alert":
        wait_alert(args[0], args[1], float(args[2]))
    else:
        sys.exit(f"unknown command {cmd}")
