#!/usr/bin/env python3
"""Audit of one chaos phase against the stack's Postgres (psql on PGPORT; standard library only).

  audit.py total PGPORT                 the sandbox books' XLM total, in stroops
  audit.py check PGPORT PHASE.json TOTAL_BEFORE   compares the client log with the database; prints one
        JSON line: requests, acknowledged, lost, doubled, conserved, 5xx, 503, recovery

lost      acknowledged (201) transfers that are not in rowell_transfers
doubled   Idempotency-Keys with more than one transfer row, transfers with more than one successful ledger
          payment, and keys whose replay named another transfer
conserved XLM before - XLM after == the fees burnt by the payments of the phase (to the stroop), once every
          acknowledged transfer is final (waited for up to 120 s; what is not is reported as unsettled)
"""
import json
import subprocess
import sys
import time


def psql(port, sql):
    # The statement goes on stdin: with thousands of ids per phase it outgrows the argument list (E2BIG).
    out = subprocess.run(["psql", "-X", "-qtA", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", str(port), "-U", "rowell", "-d", "rowell", "-f", "-"],
                         input=sql, check=True, capture_output=True, text=True, env={"PGPASSWORD": "rowell", "PATH": "/usr/bin:/bin"})
    return out.stdout.strip()


def total(port):
    return int(psql(port, "SELECT coalesce(sum(amount_minor), 0) FROM sandbox_balances WHERE asset = 'XLM'"))


def check(port, phase_file, before):
    p = json.load(open(phase_file))
    log = p["log"]
    ids = sorted(set(log.values()))
    lost = doubled = 0
    listed = ""
    if ids:
        listed = ",".join("'" + i + "'" for i in ids)
        present = int(psql(port, f"SELECT count(*) FROM rowell_transfers WHERE id IN ({listed})"))
        lost = len(ids) - present
        keys = ",".join("'" + k + "'" for k in log)
        doubled += int(psql(port, f"""SELECT count(*) FROM (SELECT state::json->'Metadata'->>'ck' AS ck FROM rowell_transfers
                                      WHERE state::json->'Metadata'->>'ck' IN ({keys}) GROUP BY 1 HAVING count(*) > 1) d"""))
        doubled += int(psql(port, f"""SELECT count(*) FROM (SELECT split_part(payment_id, ':', 1) AS t FROM sandbox_transactions
                                      WHERE succeeded AND split_part(payment_id, ':', 1) IN ({listed}) GROUP BY 1 HAVING count(*) > 1) d"""))
    doubled += p.get("key_changed_transfer", 0)
    # Every acknowledged transfer reaches a final state (the sweeper drives what a dead silo left behind).
    unsettled = len(ids)
    deadline = time.monotonic() + 120
    while ids and time.monotonic() < deadline:
        unsettled = int(psql(port, f"SELECT count(*) FROM rowell_transfers WHERE id IN ({listed}) AND status NOT IN ('completed', 'failed', 'rejected')"))
        if unsettled == 0:
            break
        time.sleep(1)
    after = total(port)
    fees = int(psql(port, f"SELECT coalesce(sum(fee_minor), 0) FROM sandbox_transactions WHERE succeeded AND submitted_at >= to_timestamp({p['started_epoch'] - 1})"))
    print(json.dumps({
        "fault": p["fault"], "requests": p["requests"], "acknowledged": p["acknowledged"], "lost": lost, "doubled": doubled,
        "conserved": before - after == fees, "drift_stroops": before - after - fees, "bad_5xx": p["bad_5xx"], "good_503": p["good_503"],
        "no_answer": p["no_answer"], "unsettled": unsettled if ids else 0, "gave_up": p.get("gave_up", 0), "recovery_seconds": p["recovery_seconds"],
        "bad_samples": p["bad_samples"][:3]}))


if __name__ == "__main__":
    if sys.argv[1] == "total":
        print(total(sys.argv[2]))
    elif sys.argv[1] == "check":
        check(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    else:
        sys.exit(__doc__)
