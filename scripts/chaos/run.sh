#!/usr/bin/env bash
# Fault injection on the native stack (scripts/stack.sh: 2 silos, 2 APIs, nginx, Postgres, Redis).
# Drives transfers through nginx (HTTPS) with Idempotency-Keys and a client log of every acknowledged
# transfer, and injects one fault at a time: (a) kill -9 one of two silos, then a restart; (b) a Postgres
# restart; (c) Redis stopped, then started; (d) kill -9 one of two APIs. After each, an audit compares the
# client log with the database (scripts/chaos/audit.py) and prints one table row.
#   scripts/chaos/run.sh              all four faults, 24 s of load each
#   scripts/chaos/run.sh --short      silo and API kills, 10 s each (the form scripts/test.sh runs)
#   scripts/chaos/run.sh --runs 3     the four faults three times in a row on one stack
# A row passes with 0 lost, 0 doubled, the books conserved to the stroop, 0 5xx (a 503 in the envelope with
# Retry-After is the documented answer during a fault), every acknowledged transfer settled, and recovery
# within 10 s. Ends with "N passed, N failed" and stops everything it started.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
faults=(silo postgres redis api)
seconds=24
runs=1
while [[ $# -gt 0 ]]; do
    case "$1" in
        --short) faults=(silo api); seconds=10 ;;
        --runs) runs="$2"; shift ;;
        *) echo "usage: run.sh [--short] [--runs N]" >&2; exit 2 ;;
    esac
    shift
done

work="$(mktemp -d "${TMPDIR:-/tmp}/rowell-chaos.XXXXXX")"
export ROWELL_STACK_DIR="$work/stack" ROWELL_STACK_KEEP=
# The driver is one client on one address: lift the per-key limit and the edge's 10 r/s for it.
export ROWELL_RATE_LIMIT=off ROWELL_STACK_API_RATE=5000r/s
# Load from a handful of fresh, unverified sandbox accounts would otherwise be held for compliance review
# (the unverified daily limit and the risk hold): these runs measure ledger mechanics, not compliance.
export ROWELL_COMPLIANCE_UNVERIFIED_DAILY_LIMIT_USD=1000000000000000 ROWELL_COMPLIANCE_HOLD_RISK_FROM=101
if [[ -d "$root/.rowell/stack/app" ]]; then
    mkdir -p "$ROWELL_STACK_DIR" && cp -r "$root/.rowell/stack/app" "$ROWELL_STACK_DIR/app" # reuse a published build
fi
cleanup() {
    local rc=$?
    "$root/scripts/stack.sh" down >/dev/null 2>&1 || true
    rm -rf "$work"
    exit "$rc"
}
trap cleanup EXIT INT TERM

echo "[chaos] bringing up the stack in $ROWELL_STACK_DIR" >&2
"$root/scripts/stack.sh" up 2 >"$work/up.log" 2>&1 || { tail -n 30 "$work/up.log" >&2; echo "0 passed, 1 failed"; exit 1; }
state() { grep -E "^$1=" "$ROWELL_STACK_DIR/state.env" | tail -n1 | cut -d= -f2-; }
base="https://127.0.0.1:$(state port_nginx_https)"
pg="$(state pg_port)"
python3 "$root/scripts/chaos/driver.py" setup "$base" "$work/setup.json"

passed=0; failed=0
printf '%-4s %-9s %9s %12s %5s %8s %10s %5s %5s %10s %s\n' run fault requests acknowledged lost doubled conserved 5xx 503 recovery_s result
for ((r = 1; r <= runs; r++)); do
    for fault in "${faults[@]}"; do
        before="$(python3 "$root/scripts/chaos/audit.py" total "$pg")"
        python3 "$root/scripts/chaos/driver.py" phase "$base" "$work/setup.json" "$fault" "$seconds" "$work/$fault-$r.json"
        row="$(python3 "$root/scripts/chaos/audit.py" check "$pg" "$work/$fault-$r.json" "$before")"
        echo "$row" >>"$work/rows.jsonl"
        read -r ok line < <(python3 - "$row" <<'PY'
import json, sys
r = json.loads(sys.argv[1])
rec = r["recovery_seconds"]
ok = (r["lost"] == 0 and r["doubled"] == 0 and r["conserved"] and r["bad_5xx"] == 0 and r["unsettled"] == 0
      and r["gave_up"] == 0 and r["acknowledged"] > 0 and rec is not None and rec <= 10)
print(int(ok), "%-9s %9d %12d %5d %8d %10s %5d %5d %10s %s" % (r["fault"], r["requests"], r["acknowledged"], r["lost"], r["doubled"],
      "yes" if r["conserved"] else "NO(%+d)" % r["drift_stroops"], r["bad_5xx"], r["good_503"], rec, "ok" if ok else
      "FAIL " + json.dumps({k: r[k] for k in ("unsettled", "gave_up", "no_answer", "bad_samples")})))
PY
        )
        printf '%-4s %s\n' "$r" "$line"
        if [[ "$ok" == 1 ]]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
    done
done
echo "chaos: ${passed} passed, ${failed} failed"
if [[ "$failed" -gt 0 ]]; then
    # The stack is removed on exit: show what its processes said about the failure while the logs still exist.
    echo "[chaos] errors and warnings in the stack's logs:" >&2
    grep -h -E 'fail:|crit:|Unhandled|"status":5(0[0-24-9]|[1-9][0-9]),' "$ROWELL_STACK_DIR"/logs/*.log 2>/dev/null | tail -n 60 >&2 || true
fi
[[ "$failed" -eq 0 ]]
