# shellcheck shell=bash
# =============================================================================
# scripts/lib/services.sh -- private PostgreSQL / Redis instances for Rowell's
# tests and benchmarks. Source it; do not execute it.
#
#   source scripts/lib/services.sh
#   rowell_ensure_packages postgresql redis-server
#   rowell_pg_start    "$tmp/pg"      # exports PGHOST PGPORT PGUSER PGPASSWORD
#                                     # PGDATABASE ROWELL_TEST_PG DATABASE_URL
#   rowell_redis_start "$tmp/redis"   # exports REDIS_URL ROWELL_TEST_REDIS
#   ...
#   rowell_redis_stop  "$tmp/redis"
#   rowell_pg_stop     "$tmp/pg"
#
# Every function logs short "[services] ..." lines to stderr and returns
# non-zero with a message on failure. Stop functions are safe to call twice
# (and on a directory that was never started). Nothing here calls `exit` or
# changes the caller's shell options, so it is safe under `set -euo pipefail`.
#
# PostgreSQL keeps real durability: fsync and synchronous_commit stay at
# their defaults (on) because benchmarks measure durable commits.
# =============================================================================

# Guard against double sourcing.
if [[ -n "${__ROWELL_SERVICES_SH:-}" ]]; then
    return 0
fi
__ROWELL_SERVICES_SH=1

# Set once apt-get update has run in this shell.
__ROWELL_APT_UPDATED=""

__rowell_log() { printf '[services] %s\n' "$*" >&2; }
__rowell_err() { printf '[services] ERROR: %s\n' "$*" >&2; }

# Run a command as the OS user that owns the PostgreSQL cluster: `postgres`
# when we are root (postgres refuses to run as root), otherwise ourselves.
__rowell_pg_as_owner() {
    if [[ "$(id -u)" -eq 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

# Print the directory holding the highest-versioned Debian PostgreSQL binaries.
__rowell_pg_bindir() {
    local d best="" best_ver=-1 ver
    for d in /usr/lib/postgresql/*/bin; do
        [[ -x "$d/initdb" && -x "$d/pg_ctl" ]] || continue
        ver="${d#/usr/lib/postgresql/}"
        ver="${ver%%/*}"
        ver="${ver%%.*}"
        [[ "$ver" =~ ^[0-9]+$ ]] || continue
        if (( ver > best_ver )); then
            best_ver=$ver
            best=$d
        fi
    done
    if [[ -z "$best" ]]; then
        __rowell_err "no PostgreSQL server binaries under /usr/lib/postgresql/*/bin (install the 'postgresql' package)"
        return 1
    fi
    printf '%s\n' "$best"
}

# rowell_ensure_packages PKG... -- install the Debian packages that are missing.
rowell_ensure_packages() {
    local missing=() pkg
    if (( $# == 0 )); then
        __rowell_err "rowell_ensure_packages: no package names given"
        return 2
    fi
    for pkg in "$@"; do
        if dpkg -s "$pkg" >/dev/null 2>&1 \
            && dpkg -s "$pkg" 2>/dev/null | grep -q '^Status: install ok installed'; then
            continue
        fi
        missing+=("$pkg")
    done
    if (( ${#missing[@]} == 0 )); then
        __rowell_log "packages present: $*"
        return 0
    fi

    local sudo=()
    if [[ "$(id -u)" -ne 0 ]]; then
        if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
            sudo=(sudo -n)
        else
            __rowell_err "missing packages (${missing[*]}) and not root / no passwordless sudo"
            return 1
        fi
    fi

    if [[ -z "$__ROWELL_APT_UPDATED" ]]; then
        __rowell_log "apt-get update"
        if ! "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q </dev/null >&2; then
            __rowell_err "apt-get update failed"
            return 1
        fi
        __ROWELL_APT_UPDATED=1
    fi
    __rowell_log "installing: ${missing[*]}"
    # Debian starts a package's daemon on install (nginx on :80, redis on :6379, prometheus on
    # :9090). We run private instances on free ports instead, so forbid that start for the
    # duration of the install (the standard policy-rc.d "101 = action forbidden").
    local policy=/usr/sbin/policy-rc.d placed=""
    if [[ ! -e "$policy" ]] && "${sudo[@]}" sh -c "printf '#!/bin/sh\\nexit 101\\n' > $policy && chmod +x $policy" 2>/dev/null; then
        placed=1
    fi
    local rc=0
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
        --no-install-recommends "${missing[@]}" </dev/null >&2 || rc=$?
    [[ -n "$placed" ]] && "${sudo[@]}" rm -f "$policy"
    if (( rc != 0 )); then
        __rowell_err "apt-get install ${missing[*]} failed"
        return 1
    fi
}

# rowell_free_port -- print a TCP port that is free on 127.0.0.1 right now.
# (The kernel picks it; there is an unavoidable small race until it is bound.)
rowell_free_port() {
    local port=""
    if command -v python3 >/dev/null 2>&1; then
        port="$(python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()')" || port=""
    fi
    if [[ -z "$port" ]]; then
        # Fallback without python: probe random high ports with bash's /dev/tcp.
        local i candidate
        for i in $(seq 1 200); do
            candidate=$(( 20000 + (RANDOM * 32768 + RANDOM) % 40000 ))
            if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then
                port=$candidate
                break
            fi
            : "$i"
        done
    fi
    if [[ -z "$port" ]]; then
        __rowell_err "could not find a free TCP port on 127.0.0.1"
        return 1
    fi
    printf '%s\n' "$port"
}

# rowell_pg_start DIR -- private cluster in DIR/data, sockets in DIR.
rowell_pg_start() {
    local dir="${1:-}"
    if [[ -z "$dir" ]]; then
        __rowell_err "usage: rowell_pg_start DIR"
        return 2
    fi
    local bindir
    bindir="$(__rowell_pg_bindir)" || return 1
    mkdir -p "$dir" || { __rowell_err "cannot create $dir"; return 1; }
    dir="$(cd "$dir" && pwd)" || return 1
    local data="$dir/data" log="$dir/postgres.log"

    if [[ "$(id -u)" -eq 0 ]]; then
        if ! id -u postgres >/dev/null 2>&1; then
            __rowell_err "running as root but there is no 'postgres' OS user (install the postgresql package)"
            return 1
        fi
        chown postgres: "$dir" || { __rowell_err "cannot chown $dir to postgres"; return 1; }
        # The postgres user must be able to traverse DIR's parents. `mktemp -d`
        # makes 0700 directories, so grant traverse-only (o+x, not listing) on
        # ancestors inside the temp area; elsewhere fail with a clear message.
        local tmproot anc
        tmproot="$(cd "${TMPDIR:-/tmp}" 2>/dev/null && pwd)" || tmproot=/tmp
        anc="$(dirname "$dir")"
        while [[ "$anc" == "$tmproot"/* ]]; do
            if ! runuser -u postgres -- test -x "$anc"; then
                __rowell_log "chmod o+x $anc (so the postgres OS user can reach $dir)"
                chmod o+x "$anc" || return 1
            fi
            anc="$(dirname "$anc")"
        done
        if ! runuser -u postgres -- test -w "$dir"; then
            __rowell_err "$dir is not reachable/writable by the postgres OS user; put it under ${TMPDIR:-/tmp} or make its parents o+x"
            return 1
        fi
    fi

    if [[ -f "$data/postmaster.pid" ]] && __rowell_pg_as_owner "$bindir/pg_ctl" -D "$data" status >/dev/null 2>&1; then
        __rowell_err "a PostgreSQL server is already running in $data (call rowell_pg_stop first)"
        return 1
    fi

    if [[ ! -f "$data/PG_VERSION" ]]; then
        __rowell_log "initdb $data ($(basename "$(dirname "$bindir")"))"
        local pwfile="$dir/.pwfile"
        printf 'rowell\n' >"$pwfile"
        if [[ "$(id -u)" -eq 0 ]]; then chown postgres: "$pwfile"; fi
        chmod 600 "$pwfile"
        # Bootstrap superuser is `rowell` itself: no separate CREATE ROLE needed,
        # and no dependence on the OS user's name.
        if ! __rowell_pg_as_owner "$bindir/initdb" -D "$data" -U rowell --pwfile="$pwfile" \
                -A scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1; then
            rm -f "$pwfile"
            __rowell_err "initdb failed; see $dir/initdb.log:"
            tail -n 20 "$dir/initdb.log" >&2
            return 1
        fi
        rm -f "$pwfile"
    fi

    local port
    port="$(rowell_free_port)" || return 1
    # Settings are passed on the command line so a reused data dir picks up
    # the new port. fsync / synchronous_commit are intentionally left on.
    local opts="-c listen_addresses=127.0.0.1 -c port=$port -k '$dir'"
    opts+=" -c shared_buffers=256MB -c max_connections=300"
    opts+=" -c unix_socket_permissions=0770 -c logging_collector=off"
    # For profiling, e.g. ROWELL_PG_EXTRA_OPTS="-c shared_preload_libraries=pg_stat_statements".
    opts+=" ${ROWELL_PG_EXTRA_OPTS:-}"
    __rowell_log "starting postgres on 127.0.0.1:$port (data $data)"
    if ! __rowell_pg_as_owner "$bindir/pg_ctl" -D "$data" -l "$log" -o "$opts" -w -t 60 start >/dev/null; then
        __rowell_err "pg_ctl start failed; last lines of $log:"
        tail -n 30 "$log" >&2 2>/dev/null
        return 1
    fi

    local i
    for i in $(seq 1 60); do
        if "$bindir/pg_isready" -q -h 127.0.0.1 -p "$port" -t 2; then
            break
        fi
        if (( i == 60 )); then
            __rowell_err "postgres on port $port did not become ready; see $log"
            return 1
        fi
        sleep 0.5
    done

    local psql_bin="$bindir/psql"
    [[ -x "$psql_bin" ]] || psql_bin="$(command -v psql)" || { __rowell_err "psql not found"; return 1; }
    if ! PGPASSWORD=rowell "$psql_bin" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U rowell -d postgres \
            -c "SELECT 1 FROM pg_database WHERE datname = 'rowell'" -tA | grep -q 1; then
        if ! PGPASSWORD=rowell "$psql_bin" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U rowell -d postgres \
                -c "CREATE DATABASE rowell OWNER rowell"; then
            __rowell_err "could not create database rowell"
            return 1
        fi
    fi

    printf '%s\n' "$port" >"$dir/port"
    export PGHOST=127.0.0.1 PGPORT="$port" PGUSER=rowell PGPASSWORD=rowell PGDATABASE=rowell
    export ROWELL_TEST_PG="Host=127.0.0.1;Port=$port;Username=rowell;Password=rowell;Database=rowell"
    export DATABASE_URL="postgresql://rowell:rowell@127.0.0.1:$port/rowell"
    __rowell_log "postgres ready: $DATABASE_URL"
}

# rowell_pg_stop DIR -- fast shutdown; no-op if nothing is running.
rowell_pg_stop() {
    local dir="${1:-}"
    if [[ -z "$dir" ]]; then
        __rowell_err "usage: rowell_pg_stop DIR"
        return 2
    fi
    local data="$dir/data"
    if [[ ! -f "$data/postmaster.pid" ]]; then
        __rowell_log "postgres in $dir not running"
        return 0
    fi
    local bindir
    bindir="$(__rowell_pg_bindir)" || return 1
    if ! __rowell_pg_as_owner "$bindir/pg_ctl" -D "$data" status >/dev/null 2>&1; then
        __rowell_log "postgres in $dir not running (stale postmaster.pid)"
        rm -f "$dir/port"
        return 0
    fi
    __rowell_log "stopping postgres in $dir"
    if ! __rowell_pg_as_owner "$bindir/pg_ctl" -D "$data" -m fast -w -t 60 stop >/dev/null 2>&1; then
        if [[ -f "$data/postmaster.pid" ]]; then
            __rowell_err "pg_ctl stop failed for $data"
            return 1
        fi
    fi
    rm -f "$dir/port"
}

# rowell_redis_start DIR -- throwaway redis-server on a free loopback port.
rowell_redis_start() {
    local dir="${1:-}"
    if [[ -z "$dir" ]]; then
        __rowell_err "usage: rowell_redis_start DIR"
        return 2
    fi
    if ! command -v redis-server >/dev/null 2>&1; then
        __rowell_err "redis-server not found (rowell_ensure_packages redis-server)"
        return 1
    fi
    mkdir -p "$dir" || { __rowell_err "cannot create $dir"; return 1; }
    dir="$(cd "$dir" && pwd)" || return 1
    local pidfile="$dir/redis.pid"
    if [[ -f "$pidfile" ]] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
        __rowell_err "redis already running from $dir (pid $(cat "$pidfile"))"
        return 1
    fi
    local port
    port="$(rowell_free_port)" || return 1
    __rowell_log "starting redis on 127.0.0.1:$port"
    # No persistence at all (no RDB snapshots, no AOF): it is a cache for tests.
    if ! redis-server --bind 127.0.0.1 --port "$port" --protected-mode yes \
            --daemonize yes --pidfile "$pidfile" --dir "$dir" \
            --logfile "$dir/redis.log" --save '' --appendonly no </dev/null >/dev/null; then
        __rowell_err "redis-server failed to start; see $dir/redis.log"
        return 1
    fi
    local i ok=""
    for i in $(seq 1 50); do
        if command -v redis-cli >/dev/null 2>&1; then
            [[ "$(redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null)" == "PONG" ]] && ok=1
        elif (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            ok=1
        fi
        [[ -n "$ok" && -f "$pidfile" ]] && break
        sleep 0.1
        : "$i"
    done
    if [[ -z "$ok" ]]; then
        __rowell_err "redis on port $port did not answer; see $dir/redis.log"
        tail -n 20 "$dir/redis.log" >&2 2>/dev/null
        return 1
    fi
    printf '%s\n' "$port" >"$dir/port"
    export REDIS_URL="127.0.0.1:$port"
    export ROWELL_TEST_REDIS="$REDIS_URL"
    __rowell_log "redis ready: $REDIS_URL"
}

# rowell_redis_stop DIR -- no-op if nothing is running.
rowell_redis_stop() {
    local dir="${1:-}"
    if [[ -z "$dir" ]]; then
        __rowell_err "usage: rowell_redis_stop DIR"
        return 2
    fi
    local pidfile="$dir/redis.pid" pid
    if [[ ! -f "$pidfile" ]]; then
        __rowell_log "redis in $dir not running"
        return 0
    fi
    pid="$(cat "$pidfile")"
    if [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null; then
        __rowell_log "stopping redis (pid $pid)"
        kill -TERM "$pid" 2>/dev/null
        local i
        for i in $(seq 1 50); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
            : "$i"
        done
        if kill -0 "$pid" 2>/dev/null; then
            __rowell_err "redis pid $pid ignored SIGTERM; sending SIGKILL"
            kill -KILL "$pid" 2>/dev/null
        fi
    fi
    rm -f "$pidfile" "$dir/port"
}
