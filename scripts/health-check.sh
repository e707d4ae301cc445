#!/usr/bin/env bash
# One-shot health check of a Rowell deployment. Exit codes: 0 healthy, 1 API (via nginx) unhealthy,
# 2 PostgreSQL unreachable, 3 Redis unreachable, 4 fewer active silos than expected.
#   scripts/health-check.sh                 checks the native stack (.rowell/stack or $ROWELL_STACK_DIR)
#   EDGE_URL=https://host:8443 DATABASE_URL=... REDIS_HOST=... REDIS_PORT=... EXPECTED_SILOS=5 scripts/health-check.sh
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
S="${ROWELL_STACK_DIR:-$root/.rowell/stack}"
get() { [[ -f "$S/state.env" ]] && grep -E "^$1=" "$S/state.env" | tail -n1 | cut -d= -f2- || true; }
EDGE_URL="${EDGE_URL:-https://127.0.0.1:$(get port_nginx_https)}"
DATABASE_URL="${DATABASE_URL:-postgresql://rowell:rowell@127.0.0.1:$(get pg_port)/rowell}"
REDIS_HOST="${REDIS_HOST:-127.0.0.1}"
REDIS_PORT="${REDIS_PORT:-$(get redis_port)}"
EXPECTED_SILOS="${EXPECTED_SILOS:-$(get silos)}"
EXPECTED_SILOS="${EXPECTED_SILOS:-1}"

if curl -skf --max-time 5 "$EDGE_URL/health/ready" >/dev/null; then
    echo "✅ API (via nginx): ready"
else
    echo "❌ API (via nginx): not ready at $EDGE_URL/health/ready"; exit 1
fi
if psql -X -tA --dbname="$DATABASE_URL" -c 'SELECT 1' >/dev/null 2>&1; then
    echo "✅ PostgreSQL: reachable"
else
    echo "❌ PostgreSQL: unreachable"; exit 2
fi
if [[ "$(redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" ping 2>/dev/null)" == PONG ]]; then
    echo "✅ Redis: PONG"
else
    echo "❌ Redis: no answer at $REDIS_HOST:$REDIS_PORT"; exit 3
fi
silos="$(psql -X -tA --dbname="$DATABASE_URL" -c "SELECT count(*) FROM orleansmembershiptable WHERE status = 3" 2>/dev/null)"
if [[ "${silos:-0}" -ge "$EXPECTED_SILOS" ]]; then
    echo "✅ Silos: $silos active (expected $EXPECTED_SILOS)"
else
    echo "❌ Silos: ${silos:-0} active, expected $EXPECTED_SILOS"; exit 4
fi
echo "All services healthy"
