#!/usr/bin/env bash
# The original deployment's monitoring loop, plus request rate and p95 latency read from Prometheus.
#   scripts/monitor.sh [INTERVAL_SECONDS]   (default 30; ONCE=1 prints one round and exits)
# Uses the native stack's ports, or EDGE_URL / PROMETHEUS_URL / DATABASE_URL / REDIS_* as in health-check.sh.
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
S="${ROWELL_STACK_DIR:-$root/.rowell/stack}"
get() { [[ -f "$S/state.env" ]] && grep -E "^$1=" "$S/state.env" | tail -n1 | cut -d= -f2- || true; }
PROMETHEUS_URL="${PROMETHEUS_URL:-http://127.0.0.1:$(get port_prometheus)}"
interval="${1:-30}"

prom() { # prom EXPR → the first sample's value, or "n/a"
    curl -s --max-time 5 --get "$PROMETHEUS_URL/api/v1/query" --data-urlencode "query=$1" \
        | python3 -c 'import json,sys
try:
    r = json.load(sys.stdin)["data"]["result"]
    print(r[0]["value"][1] if r else "0")
except Exception:
    print("n/a")'
}

while true; do
    echo "=== Rowell Infra Health Check ==="
    echo "Timestamp: $(date)"
    "$root/scripts/health-check.sh" | grep -v '^All services healthy'
    rate="$(prom 'sum(rate(rowell_requests_total[5m]))')"
    p95="$(prom 'histogram_quantile(0.95, sum by (le) (rate(rowell_request_duration_seconds_bucket[5m])))')"
    printf '📈 Request rate: %s req/s   p95: %s s\n' "$rate" "$p95"
    echo "================================"
    [[ -n "${ONCE:-}" ]] && break
    sleep "$interval"
done
