#!/usr/bin/env bash
# One fault at a time on a native stack (scripts/stack.sh) in $ROWELL_STACK_DIR: inject it, then restore it.
#   faults.sh inject silo|postgres|redis|api     kill -9 silo-2 / stop Postgres (fast) / stop Redis / kill -9 api-2
#   faults.sh restore silo|postgres|redis|api    start it again on the same ports and wait until it answers
# Only processes whose pids the stack recorded are signalled.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
# shellcheck source=scripts/lib/services.sh
source "$root/scripts/lib/services.sh"
S="${ROWELL_STACK_DIR:?set ROWELL_STACK_DIR to the stack under test}"
state_get() { grep -E "^$1=" "$S/state.env" | tail -n1 | cut -d= -f2-; }
pid_of() { cat "$S/pids/$1.pid"; }

pg_bin() { __rowell_pg_bindir; }

case "${1:-} ${2:-}" in
    "inject silo") kill -9 "$(pid_of silo-2)" ;;
    "restore silo") "$root/scripts/stack.sh" start silo-2 >/dev/null 2>&1
        # Active again in the membership table (a fresh row; the killed one is declared dead by its peers).
        for _ in $(seq 1 240); do
            n="$(PGPASSWORD=rowell psql -X -qtA -h 127.0.0.1 -p "$(state_get pg_port)" -U rowell -d rowell \
                -c "SELECT count(*) FROM orleansmembershiptable WHERE status = 3 AND port = $(state_get port_silo-2_silo) AND starttime > now() - interval '5 minutes'" 2>/dev/null || echo 0)"
            [[ "$n" -ge 1 ]] && exit 0
            sleep 0.25
        done
        echo "silo-2 did not rejoin" >&2; exit 1 ;;
    "inject postgres")
        # Keep the exact command line (port, socket dir) to start it again as it was.
        sed -e 's/^[^ ]* //' "$S/pg/data/postmaster.opts" >"$S/pg/opts.chaos"
        __rowell_pg_as_owner "$(pg_bin)/pg_ctl" -D "$S/pg/data" -m fast -w -t 60 stop >/dev/null ;;
    "restore postgres")
        __rowell_pg_as_owner "$(pg_bin)/pg_ctl" -D "$S/pg/data" -l "$S/pg/postgres.log" -o "$(tr -d '"' <"$S/pg/opts.chaos" | sed -e 's|-D [^ ]*||')" -w -t 60 start >/dev/null
        "$(pg_bin)/pg_isready" -q -h 127.0.0.1 -p "$(state_get pg_port)" -t 30 ;;
    "inject redis") redis-cli -h 127.0.0.1 -p "$(state_get redis_port)" shutdown nosave >/dev/null 2>&1 || true ;;
    "restore redis")
        redis-server --bind 127.0.0.1 --port "$(state_get redis_port)" --protected-mode yes --daemonize yes \
            --pidfile "$S/redis/redis.pid" --dir "$S/redis" --logfile "$S/redis/redis.log" --save '' --appendonly no </dev/null >/dev/null
        for _ in $(seq 1 40); do
            [[ "$(redis-cli -h 127.0.0.1 -p "$(state_get redis_port)" ping 2>/dev/null)" == PONG ]] && exit 0
            sleep 0.25
        done
        echo "redis did not come back" >&2; exit 1 ;;
    "inject api") kill -9 "$(pid_of api-2)" ;;
    "restore api") "$root/scripts/stack.sh" start api-2 >/dev/null 2>&1 ;;
    *) echo "usage: faults.sh inject|restore silo|postgres|redis|api" >&2; exit 2 ;;
esac
