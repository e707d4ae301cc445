#!/usr/bin/env bash
# Hot read path benchmark: wrk against GET /api/v1/accounts/{id} over many accounts, in cluster mode
# (private Postgres, one Silo process, the Api process as Orleans client, API-key auth, Redis limiter
# with a tier high enough never to refuse), then (a) the same with ROWELL_RATE_LIMIT=off and (b) a bare
# Kestrel app returning the same JSON bytes (the ceiling). Prints req/s, p50, p99 and the ratios.
# Loopback only, bounded (BENCH_SECONDS per run, default 10), stops everything it started.
#
#   scripts/bench/read-path.sh            # BENCH_SECONDS=10 BENCH_ACCOUNTS=200 BENCH_CONNECTIONS=64 BENCH_THREADS=2
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
# shellcheck source=scripts/lib/services.sh
source scripts/lib/services.sh
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

seconds=${BENCH_SECONDS:-10}
accounts=${BENCH_ACCOUNTS:-200}
connections=${BENCH_CONNECTIONS:-64}
threads=${BENCH_THREADS:-2}

rowell_ensure_packages postgresql redis-server wrk curl python3

work=$(mktemp -d "${TMPDIR:-/tmp}/rowell-bench.XXXXXX")
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
dotnet build "$root/scripts/bench/BareKestrel" -c Release --nologo -v q >&2
silo_dll=$(ls "$root"/Silo/bin/Release/net*/Rowell.Silo.dll | head -1)
api_dll=$(ls "$root"/Api/bin/Release/net*/Rowell.Api.dll | head -1)
bare_dll=$(ls "$root"/scripts/bench/BareKestrel/bin/Release/net*/Rowell.Bench.BareKestrel.dll | head -1)

rowell_pg_start "$work/pg"
rowell_redis_start "$work/redis"
export ROWELL_CLUSTER=postgres SECRET_KEY="$(openssl rand -hex 32)" ROWELL_CLUSTER_ID=bench ROWELL_SERVICE_ID=bench
export Logging__LogLevel__Default=Warning
admin_token="bench-admin-$RANDOM$RANDOM"

wait_http() { # url
    for _ in $(seq 1 300); do
        curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
        sleep 0.2
    done
    log "timed out waiting for $1"; return 1
}

ROWELL_SILO_PORT=$(rowell_free_port) ROWELL_GATEWAY_PORT=$(rowell_free_port) \
    dotnet "$silo_dll" >"$work/silo.log" 2>&1 &
pids+=($!)

api_port=$(rowell_free_port)
api_pid=""
start_api() { # extra env assignments...
    env "$@" REDIS_URL="$REDIS_URL" ADMIN_TOKEN="$admin_token" ASPNETCORE_URLS="http://127.0.0.1:$api_port" \
        dotnet "$api_dll" >>"$work/api.log" 2>&1 &
    api_pid=$!
    pids+=("$api_pid")
    wait_http "http://127.0.0.1:$api_port/health/ready"
}
stop_api() { stop_pid "$api_pid"; }

api="http://127.0.0.1:$api_port"
start_api ROWELL_RATE_LIMIT=on
log "API up (cluster client, Redis limiter at $REDIS_URL)"

json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
# bench_developer N FILE: registers a developer on a tier that never refuses during the runs (the limiter
# still does its full work per request), creates N accounts (stellar and hedera alternately) whose ids go
# to FILE, and prints the developer's key.
bench_developer() {
    set -e # it runs inside $(...), which does not inherit errexit: a failed call must still stop the bench
    local n=$1 file=$2 reg key dev i net
    reg=$(curl -fsS -X POST "$api/api/v1/developers/register" -H 'Content-Type: application/json' \
        -d "{\"email\":\"bench$RANDOM$RANDOM@example.com\",\"first_name\":\"Bench\",\"last_name\":\"Mark\"}")
    key=$(printf '%s' "$reg" | json 'd["data"]["api_key"]["secret"]')
    dev=$(printf '%s' "$reg" | json 'd["data"]["developer"]["id"]')
    curl -fsS -X PUT "$api/admin/developers/$dev/tier" -H "Authorization: Bearer $admin_token" -H 'Content-Type: application/json' \
        -d '{"tier":"enterprise","rate_limit":1000000}' >/dev/null
    log "creating $n accounts"
    : >"$file"
    for i in $(seq 1 "$n"); do
        net=stellar; (( i % 2 == 0 )) && net=hedera
        curl -fsS -X POST "$api/api/v1/accounts" -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
            -d "{\"network\":\"$net\",\"environment\":\"testnet\",\"account_type\":\"user\",\"country_code\":\"NG\"}" \
            | json 'd["data"]["id"]' >>"$file"
    done
    printf '%s' "$key"
}
key=$(bench_developer "$accounts" "$work/ids")
first=$(head -1 "$work/ids")
curl -fsS "$api/api/v1/accounts/$first" -H "Authorization: Bearer $key" >"$work/one.json"
curl -fsS -D - -o /dev/null "$api/api/v1/accounts/$first" -H "Authorization: Bearer $key" | grep -i '^x-ratelimit' >&2

export BENCH_KEY=$key BENCH_IDS=$work/ids
silo_pid=${pids[0]}
redis_pid=$(cat "$work/redis/redis.pid")
hz=$(getconf CLK_TCK)
cpu_ticks() { # pid -> utime+stime in clock ticks (0 if none)
    [[ -n "${1:-}" && -r /proc/$1/stat ]] || { echo 0; return; }
    awk '{print $14 + $15}' "/proc/$1/stat"
}
# run_wrk label url [connections] [seconds]: also records CPU ms per 1000 requests of the API (or bare app), silo and Redis.
run_wrk() {
    local c=${3:-$connections} d=${4:-$seconds} server=${SERVER_PID:-}
    wrk -t"$threads" -c"$c" -d"${BENCH_WARMUP:-5}s" -s scripts/bench/read-path.lua "$2" >/dev/null 2>&1 || true   # warm-up: a freshly started API must reach tiered JIT before it is measured
    local a0 s0 r0 out
    a0=$(cpu_ticks "$server"); s0=$(cpu_ticks "$silo_pid"); r0=$(cpu_ticks "$redis_pid")
    out=$(wrk -t"$([[ $c -lt $threads ]] && echo "$c" || echo "$threads")" -c"$c" -d"${d}s" --timeout 5s -s scripts/bench/read-path.lua "$2" | grep '^RESULT')
    local a1 s1 r1 n
    a1=$(cpu_ticks "$server"); s1=$(cpu_ticks "$silo_pid"); r1=$(cpu_ticks "$redis_pid")
    n=$(sed -E 's/.*requests=([0-9]+).*/\1/' <<<"$out")
    out+=$(awk -v a=$((a1 - a0)) -v s=$((s1 - s0)) -v r=$((r1 - r0)) -v n="$n" -v hz="$hz" \
        'BEGIN { printf " server_cpu_us=%.0f silo_cpu_us=%.0f redis_cpu_us=%.0f", a*1e6/hz/n, s*1e6/hz/n, r*1e6/hz/n }')
    log "$1: $out"
    printf '%s %s\n' "$1" "$out" >>"$work/results"
}
: >"$work/results"
SERVER_PID=$api_pid
redis-cli -p "${REDIS_URL##*:}" config resetstat >/dev/null
run_wrk full "$api"
redis-cli -p "${REDIS_URL##*:}" info commandstats | grep -E 'cmdstat_(eval|evalsha)[:_]' | tr -d '\r' >&2 || true
run_wrk full1 "$api" 1 5
if [[ -n "${BENCH_PROFILE:-}" ]]; then
    # Optional: a CPU-sampling trace of the API under the same load, as speedscope JSON in $BENCH_PROFILE.
    mkdir -p "$BENCH_PROFILE"
    dotnet-trace collect -p "$api_pid" --profile dotnet-sampled-thread-time,dotnet-common --duration 00:00:00:08 --format Speedscope \
        -o "$BENCH_PROFILE/api.nettrace" >"$BENCH_PROFILE/dotnet-trace.log" 2>&1 &
    trace_pid=$!
    sleep 1
    wrk -t"$threads" -c"$connections" -d8s -s scripts/bench/read-path.lua "$api" >/dev/null 2>&1 || true
    wait "$trace_pid" || log "dotnet-trace failed"
fi

# The same limiter without leases: one Redis round trip per request, as free and pro keys always are.
# A second developer, so the runs above have not used up this key's window.
stop_api
start_api ROWELL_RATE_LIMIT=on ROWELL_RATE_LIMIT_LEASE=off
SERVER_PID=$api_pid
# Its own accounts: another developer's ids answer 404.
key2=$(bench_developer "$accounts" "$work/ids2")
export BENCH_KEY=$key2 BENCH_IDS=$work/ids2
run_wrk exact "$api"
run_wrk exact1 "$api" 1 5
export BENCH_KEY=$key BENCH_IDS=$work/ids

stop_api
start_api ROWELL_RATE_LIMIT=off
SERVER_PID=$api_pid
run_wrk nolimit "$api"
run_wrk nolimit1 "$api" 1 5
stop_api

bare_port=$(rowell_free_port)
ASPNETCORE_URLS="http://127.0.0.1:$bare_port" dotnet "$bare_dll" "$work/one.json" >"$work/bare.log" 2>&1 &
pids+=($!)
SERVER_PID=$!
wait_http "http://127.0.0.1:$bare_port/api/v1/accounts/$first"
run_wrk bare "http://127.0.0.1:$bare_port"

python3 - "$work/results" "$seconds" "$accounts" "$connections" "$threads" <<'PY'
import sys, re
rows = {}
for line in open(sys.argv[1]):
    label, rest = line.split(" ", 1)
    rows[label] = {k: float(v) for k, v in re.findall(r"(\w+)=([0-9.]+)", rest)}
print(f"\nGET /api/v1/accounts/{{id}} over {sys.argv[3]} accounts, {sys.argv[2]} s per run, {sys.argv[4]} connections, {sys.argv[5]} wrk threads (loopback, same 2-core host)")
print(f"{'run':<40}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'err':>5}   CPU µs/request: {'server':>7}{'silo':>7}{'redis':>7}")
names = {"full": "full path (auth + Redis limiter)", "nolimit": "(a) limiter off", "bare": "(b) bare Kestrel, same bytes",
         "full1": "full path, 1 connection", "nolimit1": "(a) limiter off, 1 connection",
         "exact": "full path, limiter without leases", "exact1": "  same, 1 connection"}
for k in ("full", "nolimit", "bare", "full1", "nolimit1", "exact", "exact1"):
    r = rows[k]
    print(f"{names[k]:<40}{r['rps']:>9.0f}{r['p50_us']/1000:>9.2f}{r['p99_us']/1000:>9.2f}{int(r['errors']):>5}   "
          f"{'':>16}{r['server_cpu_us']:>7.0f}{r['silo_cpu_us']:>7.0f}{r['redis_cpu_us']:>7.0f}")
f, n, b, f1, n1 = rows["full"], rows["nolimit"], rows["bare"], rows["full1"], rows["nolimit1"]
print(f"\nlimiter cost, p50 unloaded (1 connection): {(f1['p50_us'] - n1['p50_us'])/1000:+.3f} ms; "
      f"at saturation ({sys.argv[4]} connections): {(f['p50_us'] - n['p50_us'])/1000:+.3f} ms (target < 1 ms)")
e, e1 = rows["exact"], rows["exact1"]
print(f"limiter without leases (one Redis round trip per request): p50 unloaded {(e1['p50_us'] - n1['p50_us'])/1000:+.3f} ms, "
      f"at saturation {(e['p50_us'] - n['p50_us'])/1000:+.3f} ms; full path / bare = {e['rps']/b['rps']:.2f}")
print(f"limiter CPU in the API: {f['server_cpu_us'] - n['server_cpu_us']:+.0f} µs/request; throughput full / limiter-off = {f['rps']/n['rps']:.2f}")
print(f"full path / bare ceiling = {f['rps']/b['rps']:.2f} (target >= 0.50); limiter-off / bare = {n['rps']/b['rps']:.2f}")
PY
