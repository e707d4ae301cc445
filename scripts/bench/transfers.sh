#!/usr/bin/env bash
# Transfer throughput through the whole stack (API → Orleans client → silo → Postgres, sandbox
# ledger) against, in the same run on the same Postgres, pgbench doing the bare SQL of a transfer.
# Loopback only; bounded by DURATION; cleans up after itself.
#   scripts/bench/transfers.sh            (defaults: 200 accounts, 64 connections, 20 s warm-up, 20 s measured)
#   CONNECTIONS=32 DURATION=30 scripts/bench/transfers.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
source scripts/lib/services.sh

ACCOUNTS=${ACCOUNTS:-200}
CONNECTIONS=${CONNECTIONS:-64}
DURATION=${DURATION:-20}
WARMUP=${WARMUP:-20}
SILOS=${SILOS:-1}

rowell_ensure_packages postgresql redis-server wrk
work=$(mktemp -d "${TMPDIR:-/tmp}/rowell-bench.XXXXXX")
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rowell_redis_stop "$work/redis" || true
    rowell_pg_stop "$work/pg" || true
    rm -rf "$work"
}
trap cleanup EXIT INT TERM

echo "[bench] building Release"
dotnet build "$root/Rowell.sln" -c Release -v q --nologo >/dev/null
rowell_pg_start "$work/pg"
# The full production path: Redis rate limiter on, with the bench developer on a tier that never refuses.
rowell_redis_start "$work/redis"
export ADMIN_TOKEN="bench-admin-$RANDOM$RANDOM"

export ROWELL_CLUSTER=postgres SECRET_KEY="$(openssl rand -hex 32)" ROWELL_CLUSTER_ID=bench ROWELL_SERVICE_ID=bench
export ROWELL_SANDBOX_SETTLEMENT_MS=200 Logging__LogLevel__Default=Warning
# Load from a handful of fresh, unverified sandbox accounts would otherwise be held for compliance review
# (the unverified daily limit and the risk hold): these runs measure ledger mechanics, not compliance.
export ROWELL_COMPLIANCE_UNVERIFIED_DAILY_LIMIT_USD=1000000000000000 ROWELL_COMPLIANCE_HOLD_RISK_FROM=101
for i in $(seq 1 "$SILOS"); do
    ROWELL_SILO_PORT=$(rowell_free_port) ROWELL_GATEWAY_PORT=$(rowell_free_port) \
        dotnet Silo/bin/Release/net10.0/Rowell.Silo.dll >"$work/silo$i.log" 2>&1 &
    pids+=($!)
done
api_port=$(rowell_free_port)
(cd Api/bin/Release/net10.0 && exec dotnet Rowell.Api.dll --urls "http://127.0.0.1:$api_port") >"$work/api.log" 2>&1 &
pids+=($!)
base="http://127.0.0.1:$api_port"
for _ in $(seq 1 120); do
    curl -sf "$base/health/ready" >/dev/null 2>&1 && break
    sleep 0.5
done
curl -sf "$base/health/ready" >/dev/null || { echo "[bench] API not ready"; tail -20 "$work/api.log" "$work"/silo*.log; exit 1; }

echo "[bench] creating $ACCOUNTS accounts"
key=$(curl -sf -X POST "$base/api/v1/developers/register" -H 'Content-Type: application/json' \
    -d '{"email":"bench@example.com","first_name":"Bench","last_name":"Mark"}' | python3 -c 'import json,sys; d=json.load(sys.stdin)["data"]; print(d["api_key"]["secret"], d["developer"]["id"])')
read -r key dev <<<"$key"
curl -sf -X PUT "$base/admin/developers/$dev/tier" -H "Authorization: Bearer $ADMIN_TOKEN" -H 'Content-Type: application/json' \
    -d '{"tier":"enterprise","rate_limit":1000000}' >/dev/null
python3 - "$base" "$key" "$ACCOUNTS" >"$work/accounts.txt" <<'PY'
import json, sys, urllib.request, concurrent.futures
base, key, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
def create(i):
    req = urllib.request.Request(base + "/api/v1/accounts", method="POST",
        data=json.dumps({"network": "stellar", "environment": "testnet", "account_type": "user",
                         "country_code": ["NG", "KE", "GH", "ZA"][i % 4]}).encode(),
        headers={"Content-Type": "application/json", "Authorization": "Bearer " + key})
    return json.load(urllib.request.urlopen(req))["data"]["id"]
with concurrent.futures.ThreadPoolExecutor(8) as pool:
    for acc in pool.map(create, range(n)):
        print(acc)
PY
export ROWELL_BENCH_KEY=$key ROWELL_BENCH_ACCOUNTS=$work/accounts.txt

# Warm-up until steady state: a fresh .NET process is still re-JITting hot paths (tiered PGO) for the
# first tens of seconds under load, and a server is measured as it runs for days, not as it starts.
echo "[bench] warm-up ${WARMUP}s"
wrk -t2 -c"$CONNECTIONS" -d"${WARMUP}s" -s scripts/bench/transfers.lua "$base" >/dev/null
# CPU seconds each tier spends per transfer: tells what limits throughput on a shared 2-core box.
cpu_seconds() {  # pids... → utime+stime in seconds
    local total=0 p
    for p in "$@"; do
        [[ -r /proc/$p/stat ]] || continue
        total=$(( total + $(awk '{print $14 + $15}' "/proc/$p/stat") ))
    done
    echo "$total $(getconf CLK_TCK)" | awk '{printf "%.2f", $1 / $2}'
}
pg_pids() { pgrep -u postgres -f "postgres" | tr '\n' ' '; }
silo_pids="${pids[*]:0:$SILOS}"
api_pid=${pids[$SILOS]}
before_silo=$(cpu_seconds $silo_pids); before_api=$(cpu_seconds "$api_pid"); before_pg=$(cpu_seconds $(pg_pids))
count_before=$(psql -tAq -c "SELECT count(*) FROM rowell_transfers")
echo "[bench] API: ${DURATION}s, $CONNECTIONS connections"
wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s scripts/bench/transfers.lua "$base" | tee "$work/wrk.txt"
after_silo=$(cpu_seconds $silo_pids); after_api=$(cpu_seconds "$api_pid"); after_pg=$(cpu_seconds $(pg_pids))
count_after=$(psql -tAq -c "SELECT count(*) FROM rowell_transfers")
created=$(( count_after - count_before ))
cpu_line=$(awk -v s1="$before_silo" -v s2="$after_silo" -v a1="$before_api" -v a2="$after_api" -v p1="$before_pg" -v p2="$after_pg" -v n="$created" \
    'BEGIN { if (n < 1) n = 1; printf "CPU per transfer during the run: silo %.2f ms, api %.2f ms, postgres %.2f ms (settlement of the last ones not included)", 1000*(s2-s1)/n, 1000*(a2-a1)/n, 1000*(p2-p1)/n }')
errors=$(grep -Eo 'Non-2xx or 3xx responses: [0-9]+' "$work/wrk.txt" | grep -Eo '[0-9]+$' || echo 0)

# Everything acknowledged must also finish: wait for the sweep of settlements, then check the books.
sleep 2
for _ in $(seq 1 60); do
    left=$(psql -tAq -c "SELECT count(*) FROM rowell_transfers WHERE needs_driving")
    [[ "$left" -eq 0 ]] && break
    sleep 1
done
done_count=$(psql -tAq -c "SELECT count(*) FROM rowell_transfers WHERE status = 'completed'")
dupes=$(psql -tAq -c "SELECT count(*) FROM (SELECT split_part(payment_id, ':', 1) FROM sandbox_transactions WHERE succeeded GROUP BY 1 HAVING count(*) > 1) d")

echo "[bench] pgbench: the bare SQL of a transfer, same concurrency, same Postgres"
psql -q -c "CREATE TABLE bench_balances (id int PRIMARY KEY, amount_minor bigint NOT NULL); CREATE TABLE bench_ledger (seq bigserial PRIMARY KEY, src int, dst int, amount_minor bigint, created_at timestamptz);" \
     -c "INSERT INTO bench_balances SELECT g, 100000000000 FROM generate_series(1, 200) g;"
pgbench -n -c "$CONNECTIONS" -j 2 -T "$DURATION" -f scripts/bench/transfer-equivalent.sql 2>/dev/null | tee "$work/pgbench.txt"

python3 - "$work/wrk.txt" "$work/pgbench.txt" "$errors" "$done_count" "$dupes" "$cpu_line" <<'PY'
import re, sys
wrk, pgb = open(sys.argv[1]).read(), open(sys.argv[2]).read()
def ms(v, unit): return float(v) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", wrk).group(1))
p50 = ms(*re.search(r"50%\s+([\d.]+)(us|ms|s)", wrk).groups())
p99 = ms(*re.search(r"99%\s+([\d.]+)(us|ms|s)", wrk).groups())
tps = float(re.search(r"tps = ([\d.]+)", pgb).group(1))
lat = float(re.search(r"latency average = ([\d.]+) ms", pgb).group(1))
print()
print(f"transfers via API : {rps:8.0f} /s   p50 {p50:6.1f} ms   p99 {p99:6.1f} ms   non-2xx {sys.argv[3]}")
print(f"pgbench bare SQL  : {tps:8.0f} tx/s  avg {lat:6.2f} ms")
print(f"ratio API / pgbench: {rps / tps:.2%}")
print(f"completed transfers: {sys.argv[4]}   paid twice: {sys.argv[5]}")
print(sys.argv[6])
PY
