#!/usr/bin/env bash
# Analytics benchmark, cluster mode (private Postgres, one Silo, the Api as Orleans client):
#  1. seeds BENCH_TRANSFERS (default 1,000,000) transfers' events into rowell_events with one bulk INSERT … SELECT
#     (scripts/bench/analytics/seed.sql: ~2.85 events per transfer over 30 closed days);
#  2. builds the rollups through the reconciler (POST /api/v1/analytics/reconcile: the same code the reminder runs)
#     and reports its time and events/s;
#  3. waits (BENCH_SETTLE_S, 600) until the log's consumers have taken the seeded events, then measures every analytics endpoint through the API with wrk at BENCH_CONNECTIONS (16) for BENCH_SECONDS each;
#     Before any endpoint is measured, every one is driven for BENCH_WARMUP_S (3) s in turn, and each again for 3 s
#     right before its own measurement: real clients hit warm processes (JIT tiers, pools, answer caches), and the
#     first endpoint measured should not pay the API's and silo's warm-up for all the others;
#     then the same endpoints again with every request a different question (uncached: each builds its answer);
#  4. freshness: BENCH_FRESH (200) transfers through the API, time from 'completed' to visible in the dashboard.
# Loopback only, bounded, stops everything it started.
#
#   scripts/bench/analytics.sh      # BENCH_TRANSFERS=1000000 BENCH_SECONDS=10 BENCH_CONNECTIONS=16 BENCH_FRESH=200
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
# shellcheck source=scripts/lib/services.sh
source scripts/lib/services.sh
source scripts/lib/cpu.sh
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

transfers=${BENCH_TRANSFERS:-1000000}
seconds=${BENCH_SECONDS:-10}
connections=${BENCH_CONNECTIONS:-16}
threads=${BENCH_THREADS:-2}
fresh=${BENCH_FRESH:-200}

rowell_ensure_packages postgresql redis-server wrk curl python3
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

work=$(mktemp -d "${TMPDIR:-/tmp}/rowell-analytics-bench.XXXXXX")
pids=()
stop_pid() {
    local pid=$1
    if kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid" 2>/dev/null || true
        for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null || true
    fi
}
cleanup() {
    local rc=$?
    for pid in "${pids[@]}"; do stop_pid "$pid"; done
    if [[ $rc -ne 0 ]]; then
        for f in "$work"/api.log "$work"/silo.log; do
            [[ -f $f ]] && { log "last lines of $(basename "$f"):"; grep -v 'Analytics reconciliation corrected' "$f" | tail -n 40 >&2; }
        done
    fi
    rowell_redis_stop "$work/redis" || true
    rowell_pg_stop "$work/pg" || true
    rm -rf "$work"
    exit "$rc"
}
trap cleanup EXIT INT TERM
log() { printf '[bench] %s\n' "$*" >&2; }

log "building (Release)"
dotnet build "$root/Silo" -c Release --nologo -v q >&2
dotnet build "$root/Api" -c Release --nologo -v q >&2
silo_dll=$(ls "$root"/Silo/bin/Release/net*/Rowell.Silo.dll | head -1)
api_dll=$(ls "$root"/Api/bin/Release/net*/Rowell.Api.dll | head -1)

rowell_pg_start "$work/pg"
rowell_redis_start "$work/redis"
export ROWELL_CLUSTER=postgres SECRET_KEY="$(openssl rand -hex 32)" ROWELL_CLUSTER_ID=bench ROWELL_SERVICE_ID=bench
export Logging__LogLevel__Default=Warning ROWELL_SANDBOX_SETTLEMENT_MS=100
admin_token="bench-admin-$RANDOM$RANDOM"

wait_http() {
    for _ in $(seq 1 300); do
        curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
        sleep 0.2
    done
    log "timed out waiting for $1"; return 1
}

ROWELL_SILO_PORT=$(rowell_free_port) ROWELL_GATEWAY_PORT=$(rowell_free_port) dotnet "$silo_dll" >"$work/silo.log" 2>&1 &
pids+=($!)
silo_pid=$!
api_port=$(rowell_free_port)
REDIS_URL="$REDIS_URL" ADMIN_TOKEN="$admin_token" ASPNETCORE_URLS="http://127.0.0.1:$api_port" dotnet "$api_dll" >"$work/api.log" 2>&1 &
pids+=($!)
api_pid=$!
api="http://127.0.0.1:$api_port"
wait_http "$api/health/ready"

json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
reg=$(curl -fsS -X POST "$api/api/v1/developers/register" -H 'Content-Type: application/json' \
    -d "{\"email\":\"bench$RANDOM$RANDOM@example.com\",\"first_name\":\"Bench\",\"last_name\":\"Mark\"}")
key=$(printf '%s' "$reg" | json 'd["data"]["api_key"]["secret"]')
dev=$(printf '%s' "$reg" | json 'd["data"]["developer"]["id"]')
curl -fsS -X PUT "$api/admin/developers/$dev/tier" -H "Authorization: Bearer $admin_token" -H 'Content-Type: application/json' \
    -d '{"tier":"enterprise","rate_limit":1000000}' >/dev/null

log "seeding $transfers transfers' events"
t0=$(date +%s.%N)
psql -q -v n="$transfers" -v dev="$dev" -f scripts/bench/analytics/seed.sql >&2
t1=$(date +%s.%N)
events=$(psql -tAq -c "SELECT count(*) FROM rowell_events WHERE developer_id = '$dev'")
log "seeded $events events in $(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.1f", b-a}') s"

log "building the rollups through the reconciler"
t0=$(date +%s.%N)
report=$(curl -fsS -m 900 -X POST "$api/api/v1/analytics/reconcile" -H "Authorization: Bearer $key")
t1=$(date +%s.%N)
rebuild_s=$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.1f", b-a}')
log "reconcile: $report"
printf 'REBUILD events=%s seconds=%s days=%s rows=%s\n' "$(printf '%s' "$report" | json 'd["data"]["events"]')" "$rebuild_s" \
    "$(printf '%s' "$report" | json 'd["data"]["days"]')" "$(psql -tAq -c "SELECT count(*) FROM rowell_analytics_rollups")" >"$work/results"

# The seeded events are new to the log's consumers too: the stream relay (to the rollup grains) and the webhook and
# email fan-outs read all of them once. Their catch-up is a one-off of the bulk insert, not the steady state the
# endpoints are measured in (it ran under the first endpoints and inflated them), so wait for it, bounded.
settle=${BENCH_SETTLE_S:-600}
t0=$(date +%s.%N)
last=$(psql -tAq -c "SELECT max(seq) FROM rowell_events")
for _ in $(seq 1 "$settle"); do
    behind=$(psql -tAq -c "SELECT count(*) FILTER (WHERE seq < $last) || '/' || count(*) FROM rowell_event_cursors")
    [[ $behind == 0/* && $behind != 0/0 ]] && break
    sleep 1
done
settle_s=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}')
log "log consumers caught up with the seeded events in $settle_s s (consumers behind/all: $behind)"
printf 'SETTLE seconds=%s behind=%s\n' "$settle_s" "${behind%%/*}" >>"$work/results"

start=$(date -u -d '32 days ago' +%F); end=$(date -u -d '3 days ago' +%F); week_start=$(date -u -d '9 days ago' +%F)
export BENCH_KEY=$key
# CPU ticks per process (scripts/lib/cpu.sh; Postgres counted as the postmaster with its live and reaped
# children), so each endpoint's run says which process its time went to.
hz=$(getconf CLK_TCK)
warmup=${BENCH_WARMUP_S:-3}
warm() { # path
    BENCH_PATH="$1" wrk -t"$threads" -c"$connections" -d"${warmup}s" -s scripts/bench/analytics/endpoint.lua "$api" >/dev/null 2>&1 || true
}
run() { # label path
    BENCH_PATH="$2" wrk -t"$threads" -c"$connections" -d3s -s scripts/bench/analytics/endpoint.lua "$api" >/dev/null 2>&1 || true
    local out a0 s0 p0 a1 s1 p1
    a0=$(rowell_cpu_ticks "$api_pid"); s0=$(rowell_cpu_ticks "$silo_pid"); p0=$(rowell_cpu_ticks $(rowell_pg_pids "$work/pg/data"))
    out=$(BENCH_PATH="$2" wrk -t"$threads" -c"$connections" -d"${seconds}s" --timeout 5s -s scripts/bench/analytics/endpoint.lua "$api" | grep '^RESULT')
    a1=$(rowell_cpu_ticks "$api_pid"); s1=$(rowell_cpu_ticks "$silo_pid"); p1=$(rowell_cpu_ticks $(rowell_pg_pids "$work/pg/data"))
    out="$out $(awk -v r="$(printf '%s' "$out" | sed 's/.*requests=\([0-9]*\).*/\1/')" -v hz="$hz" -v a=$((a1 - a0)) -v s=$((s1 - s0)) -v p=$((p1 - p0)) \
        'BEGIN{ if (r < 1) r = 1; printf "api_cpu_us=%.0f silo_cpu_us=%.0f pg_cpu_us=%.0f", a*1e6/hz/r, s*1e6/hz/r, p*1e6/hz/r }')"
    curl -fsS -o /dev/null "$api$2" -H "Authorization: Bearer $key"   # a 4xx/5xx fails the bench
    log "$1: $out"
    printf 'ENDPOINT %s %s\n' "$1" "$out" >>"$work/results"
}
# Uncached: every request a different question (endpoint.lua: a start date of these × limit 1..100), so each one
# builds its answer from the rollup rows in Postgres, the way the first request after a write does.
run_cold() { # label path-with-{start}-and-{limit}
    local out check
    out=$(BENCH_STARTS="$starts" BENCH_PATH="$2" wrk -t"$threads" -c"$connections" -d"${seconds}s" --timeout 5s \
        -s scripts/bench/analytics/endpoint.lua "$api" | grep '^RESULT')
    check=${2//\{start\}/$start}; check=${check//\{limit\}/7}
    curl -fsS -o /dev/null "$api$check" -H "Authorization: Bearer $key"   # a 4xx/5xx fails the bench
    log "$1 (uncached): $out"
    printf 'UNCACHED %s %s\n' "$1" "$out" >>"$work/results"
}
starts=$(for d in $(seq 32 -1 4); do date -u -d "$d days ago" +%F; done | paste -sd,)
q="start_date=$start&end_date=$end"
paths=(
    "/api/v1/analytics/remittance?$q&sort=-volume_usd"
    "/api/v1/analytics/remittance?$q&period=monthly"
    "/api/v1/analytics/stablecoin?$q"
    "/api/v1/analytics/merchants?$q&period=monthly&sort=-volume_usd"
    "/api/v1/analytics/merchants?start_date=$week_start&end_date=$end&sort=-volume_usd"
    "/api/v1/analytics/network?$q"
    "/api/v1/analytics/dashboard?$q"
    "/api/v1/analytics/timeseries?$q&metric=volume&interval=day"
    "/api/v1/analytics/timeseries?start_date=$week_start&end_date=$end&metric=settlement_p95&interval=hour"
)
log "warming up: every endpoint for ${warmup} s"
for p in "${paths[@]}"; do warm "$p"; done
run remittance_daily_30d "${paths[0]}"
run remittance_monthly "${paths[1]}"
run stablecoin_daily_30d "${paths[2]}"
run merchants_monthly "${paths[3]}"
run merchants_daily_7d "${paths[4]}"
run network_daily_30d "${paths[5]}"
run dashboard_30d "${paths[6]}"
run timeseries_day_30d "${paths[7]}"
run timeseries_hour_7d "${paths[8]}"

cq="start_date={start}&end_date=$end&limit={limit}"
run_cold remittance_daily "/api/v1/analytics/remittance?$cq&sort=-volume_usd"
run_cold stablecoin_daily "/api/v1/analytics/stablecoin?$cq"
run_cold merchants_daily "/api/v1/analytics/merchants?$cq&sort=-volume_usd"
run_cold network_daily "/api/v1/analytics/network?$cq"
run_cold dashboard "/api/v1/analytics/dashboard?$cq"
run_cold timeseries_day "/api/v1/analytics/timeseries?$cq&metric=volume&interval=day"
run_cold timeseries_hour "/api/v1/analytics/timeseries?$cq&metric=settlement_p95&interval=hour"

log "freshness over $fresh transfers"
python3 scripts/bench/analytics/freshness.py "$api" "$key" "$fresh" >>"$work/results"

python3 - "$work/results" "$transfers" "$connections" "$seconds" "$load_before" "$(cut -d' ' -f1-3 /proc/loadavg)" <<'PY'
import sys, re
lines = open(sys.argv[1]).read().splitlines()
print(f"\nAnalytics over {int(sys.argv[2]):,} seeded transfers, {sys.argv[3]} connections, {sys.argv[4]} s per endpoint (loopback, same 2-core host)")
print(f"load average before: {sys.argv[5]}   after: {sys.argv[6]}")
for line in lines:
    kv = dict(re.findall(r"(\w+)=([0-9.]+)", line))
    if line.startswith("REBUILD"):
        e, s = float(kv["events"]), float(kv["seconds"])
        print(f"reconciler rebuild: {int(e):,} events over {kv['days']} days in {s:.1f} s ({e/s:,.0f} events/s), {kv['rows']} rollup rows (target < 60 s)")
for line in lines:
    if line.startswith("SETTLE"):
        kv = dict(re.findall(r"(\w+)=([0-9.]+)", line))
        note = "" if kv["behind"] == "0" else f" (NOT caught up: {kv['behind']} consumers behind; figures include their catch-up)"
        print(f"log consumers caught up with the seeded events {kv['seconds']} s after the rebuild{note}")
def endpoint(line, cpu):
    label = line.split()[1]
    kv = dict(re.findall(r"(\w+)=([0-9.]+)", line))
    ok = "ok" if float(kv["p95_us"]) < 20000 and int(kv["errors"]) == 0 else "OVER TARGET"
    out = f"  {label:<24} {float(kv['rps']):>7.0f} req/s  p50 {float(kv['p50_us'])/1000:6.2f} ms  p95 {float(kv['p95_us'])/1000:6.2f} ms  p99 {float(kv['p99_us'])/1000:6.2f} ms  errors {kv['errors']}  {ok}"
    if cpu:
        out += f"   CPU/request: api {float(kv.get('api_cpu_us', 0))/1000:.2f} ms, silo {float(kv.get('silo_cpu_us', 0))/1000:.2f} ms, postgres {float(kv.get('pg_cpu_us', 0))/1000:.2f} ms"
    print(out)
for line in lines:
    if line.startswith("ENDPOINT"):
        endpoint(line, cpu=True)
cold = [l for l in lines if l.startswith("UNCACHED")]
if cold:
    print("every request a different question (2 to 29 days × limit 1..100, more than the caches keep): each builds its answer")
for line in cold:
    endpoint(line, cpu=False)
for line in lines:
    if line.startswith("FRESHNESS"):
        kv = dict(re.findall(r"(\w+)=([0-9.]+)", line))
        print(f"freshness (completed → in dashboard) over {kv['n']} transfers: p50 {kv['p50_ms']} ms, p95 {kv['p95_ms']} ms, max {kv['max_ms']} ms (target p95 < 2000 ms)")
PY
