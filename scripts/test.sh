#!/usr/bin/env bash
# The README's test command. On a fresh Debian machine (as root, no stdin) it installs what is
# missing, starts a private Postgres and Redis on free loopback ports, runs every test of the
# solution against them, prints the totals and always stops what it started.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

# shellcheck source=scripts/lib/services.sh
source scripts/lib/services.sh

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

rowell_ensure_packages postgresql redis-server
# Operations: the native stack's pieces and the compose validator.
rowell_ensure_packages nginx prometheus prometheus-alertmanager docker-compose prometheus-postgres-exporter \
    prometheus-redis-exporter prometheus-nginx-exporter prometheus-node-exporter
# Dashboard: Node for its build, Debian's Chromium for the browser tests (Playwright drives it; no browser download).
rowell_ensure_packages nodejs chromium
# npm ships inside some nodejs builds (NodeSource); Debian packages it apart.
command -v npm >/dev/null || rowell_ensure_packages npm

work=$(mktemp -d "${TMPDIR:-/tmp}/rowell-test.XXXXXX")
cleanup() {
    local rc=$?
    rowell_redis_stop "$work/redis" || true
    rowell_pg_stop "$work/pg" || true
    rm -rf "$work"
    exit "$rc"
}
trap cleanup EXIT INT TERM

rowell_pg_start "$work/pg"
rowell_redis_start "$work/redis"
echo "[test] Postgres: $ROWELL_TEST_PG" >&2
echo "[test] Redis:    $ROWELL_TEST_REDIS" >&2

# The dashboard's static build, which the API serves and the browser tests (Tests/Dashboard) drive.
dashboard_status=0
echo "[test] dashboard: npm ci && npm run build" >&2
if ! (cd "$root/dashboard" && npm ci --no-audit --no-fund && npm run build) >"$work/dashboard.log" 2>&1; then
    cat "$work/dashboard.log" >&2
    echo "[test] dashboard build failed (see above)" >&2
    dashboard_status=1
fi

log="$work/dotnet-test.log"
set +e
step_started=$SECONDS
# The trx results give the short fuzz run's own duration (it shares a 2-minute budget with the short fault run).
dotnet test "$root/Rowell.sln" --nologo -c Release --logger "trx;LogFilePrefix=rowell" --results-directory "$work/trx" "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
echo "[test] dotnet test took $((SECONDS - step_started)) s" >&2
set -e

# One closing line over all test assemblies, e.g. "Passed!  - Failed: 0, Passed: 57, Skipped: 0, Total: 57".
read -r passed failed skipped < <(grep -Eo 'Failed: +[0-9]+, Passed: +[0-9]+, Skipped: +[0-9]+' "$log" \
    | awk -F'[:,]' '{f+=$2; p+=$4; s+=$6} END {print p+0, f+0, s+0}')
# The stack's Silo and Api: the selftest publishes them into this directory, the fault run reuses them
# (ROWELL_STACK_APP in stack.sh), so the tree is published once, not twice.
export ROWELL_STACK_APP="$work/app"
# Operations: static checks (nginx -t, promtool, compose) and the native stack's selftest.
# The short fault run (silo and API kills under load, audited): scripts/chaos/run.sh; the full one is run.sh alone.
for ops in scripts/ops-checks.sh "scripts/stack.sh selftest" "scripts/chaos/run.sh --short"; do
    set +e
    step_started=$SECONDS
    $ops 2>&1 | tee "$work/ops.log"
    ops_status=${PIPESTATUS[0]}
    echo "[test] $ops took $((SECONDS - step_started)) s" >&2
    [[ "$ops" != scripts/chaos/* ]] || chaos_seconds=$((SECONDS - step_started))
    set -e
    # A step that died before its summary line prints nothing here: count it as one failure below, don't stop.
    p=0 f=0
    read -r p f < <(grep -Eo '[0-9]+ passed, [0-9]+ failed' "$work/ops.log" | tail -n1 | awk '{print $1+0, $3+0}') || true
    passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
    if [[ "$ops_status" -ne 0 ]]; then
        status=1
        [[ "${f:-0}" -gt 0 ]] || failed=$((failed + 1))
    fi
done

fuzz_seconds="$(python3 - "$work/trx" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
total = 0.0
for path in glob.glob(sys.argv[1] + "/*.trx"):
    for r in ET.parse(path).getroot().iter("{http://microsoft.com/schemas/VisualStudio/TeamTest/2010}UnitTestResult"):
        if ".ApiFuzzTests." in r.get("testName", ""):
            h, m, s = r.get("duration", "0:0:0").split(":")
            total += int(h) * 3600 + int(m) * 60 + float(s)
print(round(total))
PY
)" || fuzz_seconds="?"
echo "[test] short fault run ${chaos_seconds:-?} s + short fuzz run ${fuzz_seconds} s (budget: 120 s together)" >&2

if [[ "$dashboard_status" -ne 0 ]]; then
    status=1
    failed=$((failed + 1))
fi
if [[ "$status" -ne 0 && "$failed" -eq 0 ]]; then
    echo "[test] dotnet test failed before running tests (build or restore error: see above)." >&2
    failed=1
fi
echo "tests: ${passed} passed, ${failed} failed, ${skipped} skipped"
exit "$status"
