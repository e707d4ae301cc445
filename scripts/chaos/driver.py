#!/usr/bin/env python3
"""Chaos driver for scripts/chaos/run.sh (standard library only).

  driver.py setup BASE OUT.json                      register a developer, open accounts; writes key + ids
  driver.py phase BASE SETUP.json FAULT SECONDS OUT.json   drive transfers with Idempotency-Keys while
        scripts/chaos/faults.sh injects FAULT (after 1/4 of SECONDS) and restores it (after 1/2); every
        request that was not answered 201/4xx is retried with the same key and body until it is, then the
        phase waits for every acknowledged transfer to settle. Writes the client log and counters to OUT.

Counted as 5xx: any status >= 500 except a 503 in the error envelope with Retry-After (the documented
"not now"). Recovery: seconds from the fault's restore completing to the first new transfer acknowledged.
"""
import json
import os
import random
import subprocess
import sys
import threading
import time
import uuid

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
import edge_client  # noqa: E402  (TLS context and the call helper of the stack's selftest)

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def call(method, url, body=None, key=None, headers=None, timeout=20):
    try:
        return edge_client.call(method, url, body, key, headers, timeout=timeout, paced=False)
    except Exception as e:  # connection refused/reset, timeout: no answer at all
        return 0, {}, str(e).encode()


def setup(base, out, accounts=8):
    key = edge_client.register(base)
    ids = []
    for i in range(accounts):
        ids.append(edge_client.account(base, key, "NG" if i % 2 else "KE"))
    json.dump({"key": key, "accounts": ids}, open(out, "w"))


def is_good_503(status, headers, raw):
    if status != 503:
        return False
    h = {k.lower(): v for k, v in headers.items()}
    try:
        body = json.loads(raw)
        return "retry-after" in h and body.get("success") is False and body["error"]["code"] in ("SERVICE_UNAVAILABLE", "LEDGER_UNAVAILABLE")
    except Exception:
        return False


def phase(base, setup_file, fault, seconds, out, workers=6):
    cfg = json.load(open(setup_file))
    key, accounts = cfg["key"], cfg["accounts"]
    lock = threading.Lock()
    stats = {"requests": 0, "acknowledged": 0, "refused_4xx": 0, "good_503": 0, "bad_5xx": 0, "no_answer": 0,
             "key_changed_transfer": 0, "statuses": {}}
    bad = []
    log = {}  # idempotency key -> transfer id (acknowledged)
    restored_at = [None]
    first_ack_after_restore = [None]
    stop_new = threading.Event()
    deadline = time.monotonic() + seconds

    def one_transfer(rng):
        ck = "chaos-" + uuid.uuid4().hex
        a, b = rng.sample(accounts, 2)
        body = {"from_account": a, "to_account": b, "asset_code": "XLM",
                "amount": "0.%07d" % rng.randint(1, 99999), "metadata": {"ck": ck}}
        give_up = time.monotonic() + seconds + 90
        while time.monotonic() < give_up:
            status, headers, raw = call("POST", f"{base}/api/v1/transfers", body, key, {"Idempotency-Key": ck})
            with lock:
                stats["requests"] += 1
                stats["statuses"][str(status)] = stats["statuses"].get(str(status), 0) + 1
            if status == 201:
                tid = json.loads(raw)["data"]["id"]
                with lock:
                    if ck in log and log[ck] != tid:
                        stats["key_changed_transfer"] += 1
                    if ck not in log:
                        stats["acknowledged"] += 1
                        if restored_at[0] is not None and first_ack_after_restore[0] is None:
                            first_ack_after_restore[0] = time.monotonic()
                    log[ck] = tid
                return
            if 400 <= status < 500 and status != 429:
                with lock:
                    stats["refused_4xx"] += 1
                return
            with lock:
                if status == 0:
                    stats["no_answer"] += 1
                elif is_good_503(status, headers, raw):
                    stats["good_503"] += 1
                elif status >= 500:
                    stats["bad_5xx"] += 1
                    if len(bad) < 10:
                        bad.append(f"{status} {raw[:200]!r}")
            time.sleep(0.5 if status in (0, 503, 429) else 0.2)
        with lock:
            stats.setdefault("gave_up", 0)
            stats["gave_up"] += 1

    def worker(n):
        rng = random.Random(n * 7919 + hash(fault) % 1000)
        while not stop_new.is_set() and time.monotonic() < deadline:
            one_transfer(rng)

    def faults():
        if fault == "none":
            return
        time.sleep(seconds / 4)
        subprocess.run([os.path.join(ROOT, "scripts/chaos/faults.sh"), "inject", fault], check=True)
        time.sleep(seconds / 4)
        subprocess.run([os.path.join(ROOT, "scripts/chaos/faults.sh"), "restore", fault], check=True)
        restored_at[0] = time.monotonic()

    started = time.time()
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(workers)]
    injector = threading.Thread(target=faults)
    for t in threads + [injector]:
        t.start()
    for t in threads + [injector]:
        t.join()

    # Every acknowledged transfer settles (the sweeper drives what a dead silo left behind).
    unsettled = set(log.values())
    settle_deadline = time.monotonic() + 90
    while unsettled and time.monotonic() < settle_deadline:
        for tid in list(unsettled)[:50]:
            status, _, raw = call("GET", f"{base}/api/v1/transfers/{tid}/status", key=key)
            if status == 200 and json.loads(raw)["data"]["status"] in ("completed", "failed", "rejected"):
                unsettled.discard(tid)
        if unsettled:
            time.sleep(0.5)
    recovery = None
    if restored_at[0] is not None and first_ack_after_restore[0] is not None:
        recovery = round(first_ack_after_restore[0] - restored_at[0], 2)
    stats.update({"fault": fault, "started_epoch": started, "recovery_seconds": recovery,
                  "unsettled": len(unsettled), "bad_samples": bad, "log": log})
    json.dump(stats, open(out, "w"))


if __name__ == "__main__":
    cmd = sys.argv[1] if len(sys.argv) > 1 else ""
    if cmd == "setup":
        setup(sys.argv[2], sys.argv[3])
    elif cmd == "phase":
        phase(sys.argv[2], sys.argv[3], sys.argv[4], float(sys.argv[5]), sys.argv[6])
    else:
        sys.exit(__doc__)
