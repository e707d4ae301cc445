#!/usr/bin/env bash
# =============================================================================
# scripts/stack.sh -- Rowell's deployment topology natively on loopback, no Docker:
#   PostgreSQL + Redis (private instances), N Orleans silos, 2 API instances, nginx with TLS
#   (on 8080/8443 when free), Prometheus (9091 when free) + Alertmanager (+ the Debian exporters found,
#   and Grafana on 3001 when grafana-server is installed). Taken ports fall back to free ones; status prints them.
#
#   scripts/stack.sh up [N]     start (idempotent: starts only what is not running), N silos (default 2)
#   scripts/stack.sh status     what runs where, silo count from the membership table
#   scripts/stack.sh scale N    add or remove silos live (removal: SIGTERM = graceful Orleans shutdown)
#   scripts/stack.sh logs [NAME] tail the logs (all, or one of: silo-1, api-1, nginx, prometheus, ...)
#   scripts/stack.sh start NAME start one recorded process again (silo-N or api-N), e.g. after a kill -9
#   scripts/stack.sh down       stop everything this stack started and delete its state
#   scripts/stack.sh selftest   up → checks through nginx/HTTPS, Prometheus, alerts, limit_req,
#                               live scale-out under load → down (in its own temporary state dir)
#
# State lives in $ROWELL_STACK_DIR (default .rowell/stack, gitignored): pids, ports, logs, data.
# Only processes whose pids are recorded there are ever signalled.
# =============================================================================
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=scripts/lib/services.sh
source "$root/scripts/lib/services.sh"
source "$root/scripts/lib/smtp-catcher.sh"
S="${ROWELL_STACK_DIR:-$root/.rowell/stack}"
CLIENT="$root/scripts/lib/edge_client.py"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

say()  { printf '[stack +%ss] %s\n' "$SECONDS" "$*" >&2; }
die()  { printf '[stack] ERROR: %s\n' "$*" >&2; exit 1; }

# ---- state -------------------------------------------------------------------
state_get() { [[ -f "$S/state.env" ]] && grep -E "^$1=" "$S/state.env" | tail -n1 | cut -d= -f2- || true; }
state_set() {
    mkdir -p "$S"
    touch "$S/state.env"
    grep -v -E "^$1=" "$S/state.env" >"$S/state.env.tmp" || true
    printf '%s=%s\n' "$1" "$2" >>"$S/state.env.tmp"
    mv "$S/state.env.tmp" "$S/state.env"
}
port_is_free() { # port_is_free PORT: nothing listens on 127.0.0.1:PORT and we may bind it
    python3 -c 'import socket, sys
s = socket.socket()
try:
    s.bind(("127.0.0.1", int(sys.argv[1])))
except OSError:
    sys.exit(1)
finally:
    s.close()' "$1"
}
# The documented ports (the same as the compose files publish), used when free: nginx 8080/8443,
# Prometheus 9091, Grafana 3001. Anything else, or a documented port already taken, gets a free one.
preferred_port() {
    case "$1" in
        nginx_http) echo 8080 ;; nginx_https) echo 8443 ;; prometheus) echo 9091 ;; grafana) echo 3001 ;;
    esac
}
port_for() { # port_for NAME: the recorded port, else the documented one if free, else a free one (recorded)
    local p want
    p="$(state_get "port_$1")"
    if [[ -z "$p" ]]; then
        want="$(preferred_port "$1")"
        if [[ -n "$want" ]] && port_is_free "$want"; then
            p="$want"
        else
            p="$(rowell_free_port)"
            [[ -n "$want" ]] && say "port $want ($1) is taken; using $p"
        fi
        state_set "port_$1" "$p"
    fi
    printf '%s\n' "$p"
}

# ---- processes -----------------------------------------------------------------
alive() { local f="$S/pids/$1.pid"; [[ -f "$f" ]] && kill -0 "$(cat "$f")" 2>/dev/null; }

start_proc() { # start_proc NAME DIR CMD... (env is inherited; stdout+stderr to logs/NAME.log)
    local name="$1" dir="$2"; shift 2
    if alive "$name"; then
        say "$name already running (pid $(cat "$S/pids/$name.pid"))"
        return 0
    fi
    mkdir -p "$S/pids" "$S/logs"
    (cd "$dir" && exec setsid "$@" >>"$S/logs/$name.log" 2>&1 </dev/null) &
    echo $! >"$S/pids/$name.pid"
    say "started $name (pid $!)"
}

stop_proc() { # stop_proc NAME [SECONDS]: SIGTERM, wait, SIGKILL only if it ignores us
    local name="$1" wait="${2:-30}" pid i
    [[ -f "$S/pids/$name.pid" ]] || return 0
    pid="$(cat "$S/pids/$name.pid")"
    if kill -0 "$pid" 2>/dev/null; then
        say "stopping $name (pid $pid)"
        kill -TERM "$pid" 2>/dev/null || true
        for ((i = 0; i < wait * 10; i++)); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        if kill -0 "$pid" 2>/dev/null; then
            say "$name ignored SIGTERM for ${wait}s: SIGKILL"
            kill -KILL "$pid" 2>/dev/null || true
        fi
    fi
    rm -f "$S/pids/$name.pid"
}

stop_tier() { # stop_tier SECONDS NAME...: stop_proc on each, in parallel
    local wait="$1" name pids=()
    shift
    for name in "$@"; do
        stop_proc "$name" "$wait" &
        pids+=("$!")
    done
    # Only these: a bare `wait` would also wait on the stack's own processes when up and down share a shell.
    [[ ${#pids[@]} -eq 0 ]] || wait "${pids[@]}"
}

wait_http() { # wait_http URL SECONDS [EXPECTED_STATUS]
    local url="$1" secs="$2" want="${3:-200}" i code
    for ((i = 0; i < secs * 4; i++)); do
        code="$(curl -sk -o /dev/null -w '%{http_code}' --max-time 2 "$url" || true)"
        [[ "$code" == "$want" ]] && return 0
        sleep 0.25
    done
    return 1
}

psql_stack() { PGPASSWORD=rowell psql -X -q -tA -h 127.0.0.1 -p "$(state_get pg_port)" -U rowell -d rowell "$@"; }

# ---- components ------------------------------------------------------------------
ensure_tools() {
    rowell_ensure_packages postgresql redis-server nginx prometheus prometheus-alertmanager \
        prometheus-postgres-exporter prometheus-redis-exporter prometheus-nginx-exporter prometheus-node-exporter
}

build_app() {
    if [[ -f "$S/app/silo/Rowell.Silo.dll" && -f "$S/app/api/Rowell.Api.dll" && -z "${ROWELL_STACK_REBUILD:-}" ]]; then
        return 0
    fi
    # ROWELL_STACK_APP: a directory shared by several stacks of this tree (scripts/test.sh points the selftest and
    # the fault run at one), published into the first time and copied from after, so the tree is published once.
    local out="${ROWELL_STACK_APP:-$S/app}"
    if [[ -f "$out/silo/Rowell.Silo.dll" && -f "$out/api/Rowell.Api.dll" && "$out" != "$S/app" ]]; then
        say "using the published build in $out"
    else
        say "dotnet publish Silo and Api (Release) into $out"
        dotnet publish "$root/Silo/Silo.csproj" -c Release --nologo -v q -o "$out/silo" >"$S/logs/publish.log" 2>&1 \
            || { tail -n 30 "$S/logs/publish.log" >&2; die "publish Silo failed"; }
        dotnet publish "$root/Api/Api.csproj" -c Release --nologo -v q -o "$out/api" >>"$S/logs/publish.log" 2>&1 \
            || { tail -n 30 "$S/logs/publish.log" >&2; die "publish Api failed"; }
    fi
    if [[ "$out" != "$S/app" ]]; then
        mkdir -p "$S/app" && cp -r "$out/silo" "$out/api" "$S/app/"
    fi
}

start_data() {
    if [[ -f "$S/pg/data/postmaster.pid" ]] && [[ -n "$(state_get pg_port)" ]] \
        && pg_isready -q -h 127.0.0.1 -p "$(state_get pg_port)"; then
        say "postgres already running on $(state_get pg_port)"
    else
        rowell_pg_start "$S/pg"
        state_set pg_port "$PGPORT"
    fi
    if [[ -f "$S/redis/redis.pid" ]] && kill -0 "$(cat "$S/redis/redis.pid")" 2>/dev/null; then
        say "redis already running on $(state_get redis_port)"
    else
        rowell_redis_start "$S/redis"
        state_set redis_port "${REDIS_URL##*:}"
    fi
    if [[ -z "$(state_get secret_key)" ]]; then
        state_set secret_key "$(openssl rand -hex 32)"
    fi
    rowell_smtp_catcher_start "$S/smtp"  # notifications as .eml files in $S/smtp/mail (scripts/lib/smtp-catcher.sh)
}

rowell_env() { # the environment every silo and API instance gets
    export ROWELL_CLUSTER=postgres
    export DATABASE_URL="postgresql://rowell:rowell@127.0.0.1:$(state_get pg_port)/rowell"
    export REDIS_URL="127.0.0.1:$(state_get redis_port)"
    export SECRET_KEY="$(state_get secret_key)"
    export ROWELL_FAST_FAILOVER=true
    export ROWELL_LOG_FORMAT=json
    export ROWELL_SANDBOX_SETTLEMENT_MS="${ROWELL_SANDBOX_SETTLEMENT_MS:-300}"
    export SMTP_URL="$(rowell_smtp_catcher_url "$S/smtp")"
}

silo_names() { ls "$S/pids" 2>/dev/null | sed -n 's/^\(silo-[0-9]*\)\.pid$/\1/p' | sort -t- -k2 -n; }
live_silos() { local n; for n in $(silo_names); do alive "$n" && echo "$n"; done; true; }

start_silo() { # start_silo INDEX
    local name="silo-$1"
    alive "$name" && return 0
    (
        rowell_env
        export ROWELL_SILO_PORT="$(port_for "${name}_silo")" ROWELL_GATEWAY_PORT="$(port_for "${name}_gateway")"
        export ROWELL_METRICS_PORT="$(port_for "${name}_metrics")" ROWELL_METRICS_HOST=127.0.0.1
        start_proc "$name" "$S/app/silo" dotnet Rowell.Silo.dll
    )
}

wait_silos() { # wait_silos N: until N silos are Active in the membership table and their /health answers
    local want="$1" i n name
    for ((i = 0; i < 240; i++)); do
        n="$(psql_stack -c "SELECT count(*) FROM orleansmembershiptable WHERE deploymentid = 'rowell' AND status = 3" 2>/dev/null || echo 0)"
        if [[ "$n" == "$want" ]]; then
            for name in $(live_silos); do
                wait_http "http://127.0.0.1:$(state_get "port_${name}_metrics")/health" 30 || die "$name: no /health"
            done
            say "$n silo(s) active in the membership table"
            return 0
        fi
        sleep 0.5
    done
    die "expected $want active silos, membership table says ${n:-?}"
}

start_api() { # start_api INDEX
    (
        rowell_env
        export ASPNETCORE_URLS="http://127.0.0.1:$(port_for "api-$1")"
        start_proc "api-$1" "$S/app/api" dotnet Rowell.Api.dll
    )
}

cmd_start() { # one process again, on the ports it had (recorded in state.env)
    local name="${1:-}"
    [[ -f "$S/state.env" ]] || die "no stack in $S: run 'stack.sh up' first"
    case "$name" in
        silo-[0-9]*) start_silo "${name#silo-}" ;;
        api-[0-9]*) start_api "${name#api-}"
            wait_http "http://127.0.0.1:$(state_get "port_$name")/health" 90 || die "$name does not answer /health" ;;
        *) die "usage: stack.sh start silo-N|api-N" ;;
    esac
}

start_apis() {
    local i
    for i in 1 2; do
        (
            rowell_env
            export ASPNETCORE_URLS="http://127.0.0.1:$(port_for "api-${i}")"
            start_proc "api-$i" "$S/app/api" dotnet Rowell.Api.dll
        )
    done
    for i in 1 2; do
        wait_http "http://127.0.0.1:$(state_get "port_api-${i}")/health/ready" 90 || die "api-$i not ready (see $S/logs/api-$i.log)"
    done
    say "2 API instances ready"
}

render_nginx() {
    local d="$S/nginx" servers="" i
    mkdir -p "$d/tmp" "$d/html" "$S/logs"
    cp -r "$root/docker/nginx/rowell" "$d/"
    cp -r "$root/docker/nginx/html/." "$d/html/"
    # The developer dashboard (the frontend role) at /app/, when built (cd dashboard && npm ci && npm run build).
    if [[ -f "$root/dashboard/dist/index.html" ]]; then
        rm -rf "$d/html/app" && cp -r "$root/dashboard/dist" "$d/html/app"
    fi
    "$root/scripts/gen-certs.sh" "$d/ssl" 2>/dev/null
    if [[ -n "${ROWELL_STACK_API_RATE:-}" ]]; then
        # Load and fault runs (scripts/chaos) drive more than one client's 10 r/s from one loopback address.
        sed -i "s|zone=api:10m rate=10r/s|zone=api:10m rate=${ROWELL_STACK_API_RATE}|" "$d/rowell/http.conf"
    fi
    for i in 1 2; do servers+="        server 127.0.0.1:$(port_for "api-$i") max_fails=2 fail_timeout=5s;"$'\n'; done
    # The upstream list spans lines, which sed cannot substitute portably: awk places it.
    SERVERS="$servers" awk '{ if ($0 ~ /@API_SERVERS@/) printf "%s", ENVIRON["SERVERS"]; else print }' \
        "$root/docker/nginx/nginx.native.conf.template" \
        | sed -e "s|@STATE@|$d|g" -e "s|@HTTP_PORT@|$(port_for nginx_http)|g" -e "s|@HTTPS_PORT@|$(port_for nginx_https)|g" \
              -e "s|@STATUS_PORT@|$(port_for nginx_status)|g" >"$d/nginx.conf"
    mkdir -p "$d/logs"
    # Workers run as nobody when we are root: let them read the static files.
    chmod -R a+rX "$d/html"
    nginx -t -q -p "$d" -c "$d/nginx.conf" || die "nginx -t failed for $d/nginx.conf"
}

start_nginx() {
    local d="$S/nginx"
    if [[ -f "$d/nginx.pid" ]] && kill -0 "$(cat "$d/nginx.pid")" 2>/dev/null; then
        say "nginx already running"
        return 0
    fi
    render_nginx
    nginx -p "$d" -c "$d/nginx.conf" || die "nginx failed to start (see $d/logs/nginx-error.log)"
    wait_http "https://127.0.0.1:$(state_get port_nginx_https)/health" 20 || die "nginx does not answer on HTTPS"
    say "nginx on http://127.0.0.1:$(state_get port_nginx_http) and https://127.0.0.1:$(state_get port_nginx_https)"
}

stop_nginx() {
    local d="$S/nginx" pid i
    [[ -f "$d/nginx.pid" ]] || return 0
    pid="$(cat "$d/nginx.pid")"
    if kill -0 "$pid" 2>/dev/null; then
        say "stopping nginx (pid $pid)"
        kill -QUIT "$pid" 2>/dev/null || true
        for ((i = 0; i < 100; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -0 "$pid" 2>/dev/null && kill -TERM "$pid" 2>/dev/null || true
    fi
    rm -f "$d/nginx.pid"
}

write_targets() { # file_sd target lists and the expected silo count, then ask Prometheus to reload
    local d="$S/prometheus" name list="" n=0
    mkdir -p "$d"
    for name in $(live_silos); do
        list+="${list:+, }\"127.0.0.1:$(state_get "port_${name}_metrics")\""
        n=$((n + 1))
    done
    printf '[{"targets": [%s], "labels": {"job": "rowell-silo"}}]\n' "$list" >"$d/silos.json.tmp" && mv "$d/silos.json.tmp" "$d/silos.json"
    printf '[{"targets": ["127.0.0.1:%s", "127.0.0.1:%s"], "labels": {"job": "rowell-api"}}]\n' \
        "$(port_for api-1)" "$(port_for api-2)" >"$d/apis.json"
    sed "s/vector(1)/vector($n)/" "$root/docker/prometheus/silos_expected.yml" >"$d/silos_expected.yml"
    if [[ -n "$(state_get port_prometheus)" ]] && alive prometheus; then
        curl -s -X POST "http://127.0.0.1:$(state_get port_prometheus)/-/reload" >/dev/null || true
    fi
}

render_prometheus() {
    local d="$S/prometheus" interval="${ROWELL_STACK_SCRAPE:-5s}"
    mkdir -p "$d"
    cp "$root/docker/prometheus/alert_rules.yml" "$d/alert_rules.yml"
    if [[ -n "${ROWELL_STACK_FAST_ALERTS:-}" ]]; then
        # Selftest only: "API down" after 5 s instead of 1 m, so the test can watch it fire.
        sed -i 's/for: 1m # selftest-for/for: 5s # selftest-for (shortened by stack.sh)/' "$d/alert_rules.yml"
    fi
    write_targets
    {
        cat <<YAML
# Rendered by scripts/stack.sh: the jobs of docker/prometheus/prometheus.yml, on loopback.
global:
  scrape_interval: $interval
  evaluation_interval: $interval
  external_labels: { deployment: rowell-native }
rule_files: [alert_rules.yml, silos_expected.yml]
alerting:
  alertmanagers:
    - static_configs: [{ targets: ["127.0.0.1:$(port_for alertmanager)"] }]
scrape_configs:
  - job_name: rowell-api
    file_sd_configs: [{ files: ["$d/apis.json"], refresh_interval: 5s }]
  - job_name: rowell-silo
    file_sd_configs: [{ files: ["$d/silos.json"], refresh_interval: 5s }]
  - job_name: alertmanager
    static_configs: [{ targets: ["127.0.0.1:$(port_for alertmanager)"] }]
  - job_name: prometheus
    static_configs: [{ targets: ["127.0.0.1:$(port_for prometheus)"] }]
YAML
        local job
        for job in postgres redis nginx node; do
            if [[ -n "$(state_get "exporter_$job")" ]]; then
                printf '  - job_name: %s\n    static_configs: [{ targets: ["127.0.0.1:%s"] }]\n' "$job" "$(state_get "exporter_$job")"
            fi
        done
    } >"$d/prometheus.yml"
    promtool check config "$d/prometheus.yml" >/dev/null || die "promtool rejects $d/prometheus.yml"
}

start_exporters() {
    local p
    if command -v prometheus-postgres-exporter >/dev/null; then
        p="$(port_for exporter_postgres_port)"; state_set exporter_postgres "$p"
        DATA_SOURCE_NAME="postgresql://rowell:rowell@127.0.0.1:$(state_get pg_port)/rowell?sslmode=disable" \
            start_proc postgres-exporter "$S" prometheus-postgres-exporter --web.listen-address="127.0.0.1:$p"
    fi
    if command -v prometheus-redis-exporter >/dev/null; then
        p="$(port_for exporter_redis_port)"; state_set exporter_redis "$p"
        start_proc redis-exporter "$S" prometheus-redis-exporter --redis.addr="redis://127.0.0.1:$(state_get redis_port)" \
            --web.listen-address="127.0.0.1:$p"
    fi
    if command -v prometheus-nginx-exporter >/dev/null; then
        p="$(port_for exporter_nginx_port)"; state_set exporter_nginx "$p"
        start_proc nginx-exporter "$S" prometheus-nginx-exporter -nginx.scrape-uri="http://127.0.0.1:$(port_for nginx_status)/stub_status" \
            -web.listen-address="127.0.0.1:$p"
    fi
    if command -v prometheus-node-exporter >/dev/null; then
        p="$(port_for exporter_node_port)"; state_set exporter_node "$p"
        start_proc node-exporter "$S" prometheus-node-exporter --web.listen-address="127.0.0.1:$p" \
            --collector.disable-defaults --collector.filesystem --collector.meminfo --collector.loadavg --collector.cpu
    fi
}

start_monitoring() {
    local d="$S/prometheus" a="$S/alertmanager"
    mkdir -p "$a/data" "$d/data"
    cp "$root/docker/alertmanager/alertmanager.yml" "$a/alertmanager.yml"
    start_proc alertmanager "$a" prometheus-alertmanager --config.file="$a/alertmanager.yml" --storage.path="$a/data" \
        --web.listen-address="127.0.0.1:$(port_for alertmanager)" --cluster.listen-address=
    start_exporters
    render_prometheus
    start_proc prometheus "$d" prometheus --config.file="$d/prometheus.yml" --storage.tsdb.path="$d/data" \
        --web.listen-address="127.0.0.1:$(port_for prometheus)" --web.enable-lifecycle
    wait_http "http://127.0.0.1:$(state_get port_alertmanager)/-/ready" 30 || die "alertmanager not ready"
    wait_http "http://127.0.0.1:$(state_get port_prometheus)/-/ready" 30 || die "prometheus not ready"
    say "prometheus on http://127.0.0.1:$(state_get port_prometheus), alertmanager on http://127.0.0.1:$(state_get port_alertmanager)"
}

# Grafana when the machine has it (Debian's grafana package); the dashboards are the containers' own.
start_grafana() {
    local g="$S/grafana"
    command -v grafana-server >/dev/null || { say "grafana-server not installed: no Grafana (dashboards: docker/grafana/)"; return 0; }
    mkdir -p "$g/provisioning/datasources" "$g/provisioning/dashboards" "$g/data" "$g/logs"
    sed "s|http://prometheus:9090|http://127.0.0.1:$(port_for prometheus)|" \
        "$root/docker/grafana/provisioning/datasources/prometheus.yml" >"$g/provisioning/datasources/prometheus.yml"
    sed "s|/var/lib/grafana/dashboards|$root/docker/grafana/dashboards|" \
        "$root/docker/grafana/provisioning/dashboards/rowell.yml" >"$g/provisioning/dashboards/rowell.yml"
    GF_SERVER_HTTP_ADDR=127.0.0.1 GF_SERVER_HTTP_PORT="$(port_for grafana)" GF_PATHS_DATA="$g/data" \
        GF_PATHS_LOGS="$g/logs" GF_PATHS_PROVISIONING="$g/provisioning" \
        start_proc grafana "$g" grafana-server --homepath "${GRAFANA_HOME:-/usr/share/grafana}"
    say "grafana on http://127.0.0.1:$(state_get port_grafana)"
}

# ---- commands -----------------------------------------------------------------------
cmd_up() {
    local n="${1:-$(state_get silos)}" i
    n="${n:-2}"
    [[ "$n" =~ ^[1-9][0-9]*$ ]] || die "silo count must be a positive number"
    mkdir -p "$S/logs"
    say "bringing up the stack in $S ($n silos, 2 APIs)"
    ensure_tools
    build_app
    start_data
    state_set silos "$n"
    for ((i = 1; i <= n; i++)); do start_silo "$i"; done
    wait_silos "$n"
    start_apis
    start_nginx
    start_monitoring
    start_grafana
    say "up."
    cmd_status
}

cmd_status() {
    local name st
    [[ -f "$S/state.env" ]] || { say "no stack in $S"; return 0; }
    printf '%-18s %-8s %s\n' COMPONENT STATE WHERE
    for name in $(silo_names) api-1 api-2 postgres-exporter redis-exporter nginx-exporter node-exporter prometheus alertmanager grafana; do
        [[ -f "$S/pids/$name.pid" ]] || continue
        st=down; alive "$name" && st=up
        case "$name" in
            silo-*) printf '%-18s %-8s silo :%s gateway :%s metrics http://127.0.0.1:%s/metrics\n' "$name" "$st" \
                        "$(state_get "port_${name}_silo")" "$(state_get "port_${name}_gateway")" "$(state_get "port_${name}_metrics")" ;;
            api-*) printf '%-18s %-8s http://127.0.0.1:%s\n' "$name" "$st" "$(state_get "port_$name")" ;;
            prometheus|alertmanager|grafana) printf '%-18s %-8s http://127.0.0.1:%s\n' "$name" "$st" "$(state_get "port_$name")" ;;
            *) printf '%-18s %-8s\n' "$name" "$st" ;;
        esac
    done
    st=down; [[ -f "$S/nginx/nginx.pid" ]] && kill -0 "$(cat "$S/nginx/nginx.pid")" 2>/dev/null && st=up
    printf '%-18s %-8s http://127.0.0.1:%s  https://127.0.0.1:%s\n' nginx "$st" "$(state_get port_nginx_http)" "$(state_get port_nginx_https)"
    st=down; pg_isready -q -h 127.0.0.1 -p "$(state_get pg_port)" 2>/dev/null && st=up
    printf '%-18s %-8s %s\n' postgres "$st" "postgresql://rowell:rowell@127.0.0.1:$(state_get pg_port)/rowell"
    printf '%-18s %-8s %s\n' redis "$([[ -f "$S/redis/redis.pid" ]] && kill -0 "$(cat "$S/redis/redis.pid")" 2>/dev/null && echo up || echo down)" "127.0.0.1:$(state_get redis_port)"
    if [[ "$st" == up ]]; then
        printf 'active silos (membership): %s\n' "$(psql_stack -c "SELECT count(*) FROM orleansmembershiptable WHERE status = 3" 2>/dev/null || echo '?')"
    fi
}

cmd_scale() {
    local n="${1:-}" current i name
    [[ "$n" =~ ^[1-9][0-9]*$ ]] || die "usage: stack.sh scale N (N >= 1)"
    [[ -f "$S/state.env" ]] || die "no stack in $S: run 'stack.sh up' first"
    current="$(live_silos | wc -l)"
    say "scaling silos $current → $n"
    if ((n > current)); then
        i=0
        while (($(live_silos | wc -l) < n)); do
            i=$((i + 1))
            alive "silo-$i" || start_silo "$i"
        done
    else
        # Highest index first; one at a time so the cluster rebalances between departures.
        for name in $(live_silos | sort -t- -k2 -n -r | head -n $((current - n))); do
            stop_proc "$name" 60
        done
    fi
    state_set silos "$n"
    wait_silos "$n"
    write_targets
    say "scaled to $n silo(s)"
}

cmd_logs() {
    local which="${1:-}"
    [[ -d "$S/logs" ]] || die "no logs in $S"
    if [[ -n "$which" ]]; then
        tail -n 100 -F "$S/logs/$which.log"
    else
        tail -n 20 -F "$S"/logs/*.log "$S"/nginx/logs/*.log 2>/dev/null
    fi
}

cmd_down() {
    local name
    [[ -d "$S" ]] || { say "nothing to stop in $S"; return 0; }
    say "stopping the stack in $S"
    stop_nginx
    # Tier by tier (APIs before the silos they call), and within a tier all at once: each process's graceful
    # shutdown takes seconds, and nothing in a tier waits on another member of it.
    stop_tier 20 api-1 api-2
    stop_tier 60 $(silo_names)
    stop_tier 20 grafana prometheus alertmanager postgres-exporter redis-exporter nginx-exporter node-exporter
    rowell_redis_stop "$S/redis" || true
    rowell_smtp_catcher_stop "$S/smtp"
    rowell_pg_stop "$S/pg" || true
    if [[ -z "${ROWELL_STACK_KEEP:-}" ]]; then
        rm -rf "$S"
        say "removed $S"
    fi
    say "down."
}

source "$root/scripts/lib/stack-selftest.sh"

case "${1:-}" in
    up) shift; cmd_up "$@" ;;
    down) cmd_down ;;
    status) cmd_status ;;
    scale) shift; cmd_scale "$@" ;;
    logs) shift; cmd_logs "$@" ;;
    selftest) cmd_selftest ;;
    start) shift; cmd_start "$@" ;;
    *) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
