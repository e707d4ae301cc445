#!/usr/bin/env bash
# Webhook delivery under full transfer load, in one run on one stack: transfer throughput WITHOUT any webhook
# endpoint, then WITH one "*" endpoint on a local receiver, then WITHOUT again (the endpoint disabled), so the
# ratio compares "with" to the mean of the runs either side of it and the database growing through the runs
# does not count as the webhooks' cost. Also deliveries/s, event-to-delivery lag (the event's created_at →
# arrival at the receiver, p50/p99) and CPU per transfer by process in each run. Targets: lag p99 < 2 s,
# throughput with webhooks ≥ 80 % of without. Loopback only; bounded by DURATION; cleans up after itself.
#   scripts/bench/webhooks.sh                    (64 connections, 15 s warm-up, 15 s per measured run)
#   CONNECTIONS=32 DURATION=30 scripts/bench/webhooks.sh
#   RECEIVER=python scripts/bench/webhooks.sh    (the former single-process Python receiver, for comparison)
# The receiver (scripts/bench/WebhookReceiver, Kestrel) stands in for a customer's server: it reads every body
# and verifies its Standard Webhooks signature, and must not be what limits delivery. ROWELL_WEBHOOK_MAX_IN_FLIGHT
# is passed through to the silo when set.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
source scripts/lib/services.sh
source scripts/lib/cpu.sh

ACCOUNTS=${ACCOUNTS:-200}
CONNECTIONS=${CONNECTIONS:-64}
DURATION=${DURATION:-15}
WARMUP=${WARMUP:-15}
RECEIVER=${RECEIVER:-kestrel}

rowell_ensure_packages postgresql redis-server wrk
work=$(mktemp -d "${TMPDIR:-/tmp}/rowell-bench-webhooks.XXXXXX")
pids=()
receiver_pid=""
cleanup() {
    [[ -n "$receiver_pid" ]] && kill "$receiver_pid" 2>/dev/null || true
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rowell_redis_stop "$work/redis" || true
    rowell_pg_stop "$work/pg" || true
    rm -rf "$work"
}
trap cleanup EXIT INT TERM

# The figures depend on what else the machine is doing: print the load before and after.
echo "[bench] load before: $(uptime)"
echo "[bench] building Release"
dotnet build "$root/Rowell.sln" -c Release -v q --nologo >/dev/null
[[ "$RECEIVER" == kestrel ]] && dotnet build "$root/scripts/bench/WebhookReceiver" -c Release -v q --nologo >/dev/null
rowell_pg_start "$work/pg"
rowell_redis_start "$work/redis"
export ADMIN_TOKEN="bench-admin-$RANDOM$RANDOM"
export ROWELL_CLUSTER=postgres SECRET_KEY="$(openssl rand -hex 32)" ROWELL_CLUSTER_ID=bench ROWELL_SERVICE_ID=bench
export ROWELL_SANDBOX_SETTLEMENT_MS=200 Logging__LogLevel__Default=Warning
# Load from a handful of fresh, unverified sandbox accounts would otherwise be held for compliance review
# (the unverified daily limit and the risk hold): these runs measure ledger mechanics, not compliance.
export ROWELL_COMPLIANCE_UNVERIFIED_DAILY_LIMIT_USD=1000000000000000 ROWELL_COMPLIANCE_HOLD_RISK_FROM=101
# The receiver is on loopback over http: allowed for this bench only.
export ROWELL_WEBHOOKS_ALLOW_HTTP=true ROWELL_WEBHOOKS_ALLOW_PRIVATE=true
ROWELL_SILO_PORT=$(rowell_free_port) ROWELL_GATEWAY_PORT=$(rowell_free_port) \
    dotnet Silo/bin/Release/net10.0/Rowell.Silo.dll >"$work/silo.log" 2>&1 &
pids+=($!)
api_port=$(rowell_free_port)
(cd Api/bin/Release/net10.0 && exec dotnet Rowell.Api.dll --urls "http://127.0.0.1:$api_port") >"$work/api.log" 2>&1 &
pids+=($!)
base="http://127.0.0.1:$api_port"
for _ in $(seq 1 120); do
    curl -sf "$base/health/ready" >/dev/null 2>&1 && break
    sleep 0.5
done
curl -sf "$base/health/ready" >/dev/null || { echo "[bench] API not ready"; tail -20 "$work/api.log" "$work/silo.log"; exit 1; }

receiver_port=$(rowell_free_port)
if [[ "$RECEIVER" == kestrel ]]; then
    receiver_dll=$(ls "$root"/scripts/bench/WebhookReceiver/bin/Release/net*/Rowell.Bench.WebhookReceiver.dll | head -1)
    dotnet "$receiver_dll" "$receiver_port" "$work/secret.txt" "$work/deliveries.txt" "$work/receiver-summary.txt" &
else
    python3 scripts/bench/webhook_receiver.py "$work/deliveries.txt" "$receiver_port" &
fi
receiver_pid=$!

echo "[bench] creating $ACCOUNTS accounts"
read -r key dev < <(curl -sf -X POST "$base/api/v1/developers/register" -H 'Content-Type: application/json' \
    -d '{"email":"bench-webhooks@example.com","first_name":"Bench","last_name":"Mark"}' | python3 -c 'import json,sys; d=json.load(sys.stdin)["data"]; print(d["api_key"]["secret"], d["developer"]["id"])')
curl -sf -X PUT "$base/admin/developers/$dev/tier" -H "Authorization: Bearer $ADMIN_TOKEN" -H 'Content-Type: application/json' \
    -d '{"tier":"enterprise","rate_limit":1000000}' >/dev/null
python3 - "$base" "$key" "$ACCOUNTS" >"$work/accounts.txt" <<'PY'
import json, sys, urllib.request, concurrent.futures
base, key, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
def create(i):
    req = urllib.request.Request(base + "/api/v1/accounts", method="POST",
        data=json.dumps({"network": "stellar", "environment": "testnet", "account_type": "user", "country_code": ["NG", "KE", "GH", "ZA"][i % 4]}).encode(),
        headers={"Content-Type": "application/json", "Authorization": "Bearer " + key})
    return json.load(urllib.request.urlopen(req))["data"]["id"]
with concurrent.futures.ThreadPoolExecutor(8) as pool:
    for acc in pool.map(create, range(n)):
        print(acc)
PY
export ROWELL_BENCH_KEY=$key ROWELL_BENCH_ACCOUNTS=$work/accounts.txt

silo_pid=${pids[0]} api_pid=${pids[1]}
hz=$(getconf CLK_TCK)
# measure NAME: one wrk run of DURATION into $work/NAME.txt, then the CPU each process used during it.
measure() {
    local a0 s0 p0 r0
    a0=$(rowell_cpu_ticks "$api_pid"); s0=$(rowell_cpu_ticks "$silo_pid"); p0=$(rowell_cpu_ticks $(rowell_pg_pids "$work/pg/data")); r0=$(rowell_cpu_ticks "$receiver_pid")
    wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s scripts/bench/transfers.lua "$base" | tee "$work/$1.txt"
    echo "CPU api=$(( $(rowell_cpu_ticks "$api_pid") - a0 )) silo=$(( $(rowell_cpu_ticks "$silo_pid") - s0 )) postgres=$(( $(rowell_cpu_ticks $(rowell_pg_pids "$work/pg/data")) - p0 )) receiver=$(( $(rowell_cpu_ticks "$receiver_pid") - r0 )) hz=$hz" >>"$work/$1.txt"
}
settle() { # the transfers of the last run finish before the next one starts
    for _ in $(seq 1 30); do [[ $(psql -tAq -c "SELECT count(*) FROM rowell_transfers WHERE needs_driving") -eq 0 ]] && break; sleep 1; done
}

echo "[bench] warm-up ${WARMUP}s (no endpoint)"
wrk -t2 -c"$CONNECTIONS" -d"${WARMUP}s" -s scripts/bench/transfers.lua "$base" >/dev/null
sleep 3
echo "[bench] run 1: ${DURATION}s without webhooks"
measure without
settle

# The endpoint's secret goes to the receiver, which verifies every signature with it.
curl -sf -X POST "$base/api/v1/webhooks" -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
    -d "{\"url\":\"http://127.0.0.1:$receiver_port/hook\",\"events\":[\"*\"]}" \
    | python3 -c 'import json,sys; d=json.load(sys.stdin)["data"]; print(d["secret"]); print(d["id"], file=sys.stderr)' >"$work/secret.tmp" 2>"$work/endpoint.txt"
mv "$work/secret.tmp" "$work/secret.txt"
sleep 2
events_before=$(psql -tAq -c "SELECT count(*) FROM rowell_webhook_deliveries")
start=$(date +%s.%N)
echo "[bench] run 2: ${DURATION}s with one \"*\" endpoint"
measure with
end=$(date +%s.%N)
# Keeping up: how much was still waiting when the load stopped (the backlog the lag figures drain).
backlog=$(psql -tAq -c "SELECT count(*) FROM rowell_webhook_deliveries WHERE status = 'pending'")
fanned=$(( $(psql -tAq -c "SELECT count(*) FROM rowell_webhook_deliveries") - events_before ))
# Let the deliveries of the last transfers land (bounded), then stop the receiver so it writes its log.
for _ in $(seq 1 60); do
    pending=$(psql -tAq -c "SELECT count(*) FROM rowell_webhook_deliveries WHERE status = 'pending'")
    left=$(psql -tAq -c "SELECT count(*) FROM rowell_transfers WHERE needs_driving")
    [[ "$pending" -eq 0 && "$left" -eq 0 ]] && break
    sleep 1
done
# Run 3: the same load with the endpoint disabled (the receiver stays up, idle, as in run 1).
curl -sf -X PATCH "$base/api/v1/webhooks/$(cat "$work/endpoint.txt")" -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
    -d '{"status":"disabled"}' >/dev/null
sleep 2
echo "[bench] run 3: ${DURATION}s without webhooks again (endpoint disabled)"
measure without_again
settle
kill -TERM "$receiver_pid"; wait "$receiver_pid" 2>/dev/null || true; receiver_pid=""
summary=$(cat "$work/receiver-summary.txt" 2>/dev/null || echo "not verified (python receiver)")
expected=$(psql -tAq -c "SELECT count(*) FROM rowell_events e JOIN rowell_webhook_deliveries d ON d.event_id = e.id")
failed=$(psql -tAq -c "SELECT count(*) FROM rowell_webhook_deliveries WHERE status <> 'succeeded'")
# Where the lag comes from: event commit → delivery row (the relay's fan-out), and the receiver's answer time.
fanout_lag=$(psql -tAq -c "SELECT round((percentile_cont(0.5) WITHIN GROUP (ORDER BY x) * 1000)::numeric) || ' ' || round((percentile_cont(0.99) WITHIN GROUP (ORDER BY x) * 1000)::numeric)
    FROM (SELECT extract(epoch FROM d.created_at - e.created_at) AS x FROM rowell_webhook_deliveries d JOIN rowell_events e ON e.id = d.event_id) s")
attempt_ms=$(psql -tAq -c "SELECT round(percentile_cont(0.5) WITHIN GROUP (ORDER BY x)::numeric) || ' ' || round(percentile_cont(0.99) WITHIN GROUP (ORDER BY x)::numeric)
    FROM (SELECT (a->>'duration_ms')::float AS x FROM rowell_webhook_deliveries d, jsonb_array_elements(d.attempts) a) s")

echo "[bench] load after: $(uptime)"
python3 - "$work/without.txt" "$work/with.txt" "$work/deliveries.txt" "$start" "$end" "$expected" "$failed" "$fanout_lag" "$attempt_ms" "$backlog" "$fanned" "$summary" "$work/without_again.txt" <<'PY'
import re, sys
def rps(path): return float(re.search(r"Requests/sec:\s+([\d.]+)", open(path).read()).group(1))
def cpu(path): # ms of CPU per transfer, by process
    text = open(path).read()
    kv = dict(x.split("=") for x in re.search(r"^CPU (.*)$", text, re.M).group(1).split())
    n = max(1, int(re.search(r"(\d+) requests in", text).group(1)))
    return {k: int(v) * 1000 / int(kv["hz"]) / n for k, v in kv.items() if k != "hz"}
without_1, with_, without_3 = rps(sys.argv[1]), rps(sys.argv[2]), rps(sys.argv[13])
without = (without_1 + without_3) / 2
start, end = float(sys.argv[4]), float(sys.argv[5])
rows = [l.split() for l in open(sys.argv[3]) if l.strip()]
lags = sorted(float(r[0]) - float(r[1]) for r in rows)
in_window = [r for r in rows if start <= float(r[0]) <= end]
def pct(p): return lags[min(len(lags) - 1, int(p * len(lags)))] if lags else float("nan")
print()
print(f"transfers without webhooks : {without_1:8.0f} /s before, {without_3:.0f} /s after (endpoint disabled), mean {without:.0f} /s")
print(f"transfers with one endpoint: {with_:8.0f} /s   ratio {with_ / without:.0%} of the mean   (target ≥ 80 %)")
for name, path in (("without", sys.argv[1]), ("with", sys.argv[2]), ("without again", sys.argv[13])):
    c = cpu(path)
    print(f"  CPU per transfer, {name:13}: " + ", ".join(f"{k} {v:.2f} ms" for k, v in c.items()) + f"   (total {sum(c.values()):.2f} ms)")
print(f"deliveries                 : {len(rows)} received, {sys.argv[6]} delivery rows, {sys.argv[7]} not succeeded")
print(f"deliveries/s during run 2  : {len(in_window) / (end - start):8.0f}   (events fanned out to it: {int(sys.argv[11]) / (end - start):.0f}/s)")
print(f"backlog when load stopped  : {sys.argv[10]} pending deliveries")
print(f"receiver                   : {sys.argv[12]}")
print(f"event → delivery lag       : p50 {pct(0.50) * 1000:7.0f} ms   p99 {pct(0.99) * 1000:7.0f} ms   max {lags[-1] * 1000 if lags else float('nan'):7.0f} ms   (target p99 < 2000 ms)")
fan, att = (sys.argv[8].split() or ["?", "?"]), (sys.argv[9].split() or ["?", "?"])
print(f"  of which event → fan-out : p50 {fan[0]:>7} ms   p99 {fan[-1]:>7} ms   (the relay inserting the delivery row)")
print(f"  receiver answer time     : p50 {att[0]:>7} ms   p99 {att[-1]:>7} ms   (per attempt, as recorded)")
PY
