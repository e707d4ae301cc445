#!/usr/bin/env bash
# Static checks of the operations files, run by scripts/test.sh: nginx -t (container config and
# native template), promtool check config/rules, promtool test rules, amtool check-config,
# docker-compose config (dev, prod, scale) with the expected services, ports and env, Grafana JSON.
# Prints "ops checks: N passed, N failed".
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
pass=0 fail=0
check() { local name="$1"; shift; if "$@" >/tmp/ops-check.$$ 2>&1; then pass=$((pass + 1)); echo "[ops] ok   $name" >&2; else fail=$((fail + 1)); echo "[ops] FAIL $name" >&2; cat /tmp/ops-check.$$ >&2; fi; }
t="$(mktemp -d)"
trap 'rm -rf "$t" /tmp/ops-check.$$' EXIT

nginx_container() {
    cp -r docker/nginx/. "$t/c/" && scripts/gen-certs.sh "$t/c/ssl" 2>/dev/null \
        && sed -i "s|server api:8000|server 127.0.0.1:8000|; s|/etc/nginx/ssl|$t/c/ssl|g; s|/usr/share/nginx/html|$t/c/html|" "$t/c/nginx.conf" \
        && nginx -t -p "$t/c" -c "$t/c/nginx.conf"
}
nginx_native() {
    local d="$t/n"
    mkdir -p "$d/logs" "$d/tmp" && cp -r docker/nginx/rowell "$d/" && scripts/gen-certs.sh "$d/ssl" 2>/dev/null \
        && SERVERS="        server 127.0.0.1:8001;" awk '{ if ($0 ~ /@API_SERVERS@/) print ENVIRON["SERVERS"]; else print }' docker/nginx/nginx.native.conf.template \
        | sed -e "s|@STATE@|$d|g; s|@HTTP_PORT@|18080|; s|@HTTPS_PORT@|18443|; s|@STATUS_PORT@|18081|" >"$d/nginx.conf" \
        && nginx -t -p "$d" -c "$d/nginx.conf"
}
mkdir -p "$t/c"
check "nginx -t (docker/nginx/nginx.conf)" nginx_container
check "nginx -t (native template)" nginx_native
check "promtool check config" promtool check config docker/prometheus/prometheus.yml
check "promtool check rules" promtool check rules docker/prometheus/alert_rules.yml docker/prometheus/silos_expected.yml docker/prometheus/silos_expected.scale.yml
check "promtool test rules" promtool test rules docker/prometheus/tests/alert_rules_test.yml
check "amtool check-config" amtool check-config docker/alertmanager/alertmanager.yml

compose() { docker-compose --env-file .env.example "$@" config; }
compose_checks() {
    compose -f docker-compose.yml -f docker-compose.override.yml >"$t/dev.yml" && compose -f docker-compose.yml >"$t/base.yml" && compose -f docker-compose.yml -f docker-compose.prod.yml >"$t/prod.yml" \
        && compose -f docker-compose.yml -f docker-compose.scale.yml >"$t/scale.yml" || return 1
    python3 - "$t" <<'PY'
import sys, yaml
t = sys.argv[1]
dev, base, prod, scale = (yaml.safe_load(open(f"{t}/{n}.yml")) for n in ("dev", "base", "prod", "scale"))
s = dev["services"]
want = {"nginx", "api", "silo", "postgres", "redis", "prometheus", "grafana", "alertmanager"}
assert want <= set(s), f"missing services: {want - set(s)}"
def published(svc):
    return {(int(p["published"]), int(p["target"])) for p in s[svc].get("ports", [])}
assert published("postgres") == {(5433, 5432)}, published("postgres")
assert published("redis") == {(6381, 6379)}, published("redis")
assert published("prometheus") == {(9091, 9090)}, published("prometheus")
assert published("grafana") == {(3001, 3000)}, published("grafana")
assert published("nginx") == {(8080, 8080), (8443, 8443)}, published("nginx")
assert not s["api"].get("ports") and not s["silo"].get("ports"), "api/silo must only be reachable through nginx / the network"
for svc in ("api", "silo"):
    env = s[svc]["environment"]
    assert env["ROWELL_CLUSTER"] == "postgres" and env["DATABASE_URL"].startswith("postgresql://rowell:"), env
    assert "healthcheck" in s[svc], svc
assert s["silo"]["environment"]["SECRET_KEY"] and "SECRET_KEY" not in s["api"]["environment"], "only silos hold SECRET_KEY"
assert "--requirepass" in s["redis"]["command"] and "@redis:6379" in s["api"]["environment"]["REDIS_URL"], "Redis needs a password"
for svc in ("postgres", "redis"):
    assert not base["services"][svc].get("ports") and not prod["services"][svc].get("ports"), f"{svc} must not be published outside development"
assert s["silo"]["environment"]["ROWELL_METRICS_PORT"] == "9464"
for svc in ("postgres", "redis", "nginx", "prometheus", "alertmanager"):
    assert "healthcheck" in s[svc], f"{svc} has no healthcheck"
p = prod["services"]
assert all(p[n].get("restart") == "unless-stopped" for n in ("api", "silo", "postgres", "redis", "nginx")), "restart policies"
assert all("limits" in p[n]["deploy"]["resources"] for n in ("api", "silo", "postgres", "redis")), "resource limits"
assert p["api"]["environment"]["ROWELL_LOG_FORMAT"] == "json" and "--requirepass" in p["redis"]["command"]
c = scale["services"]
assert c["api"]["deploy"]["replicas"] == 3 and c["silo"]["deploy"]["replicas"] == 5, "scale replicas"
env_example = dict(l.split("=", 1) for l in open(".env.example").read().splitlines() if l and not l.startswith("#"))
for k in ("POSTGRES_PASSWORD", "DATABASE_URL", "REDIS_PASSWORD", "REDIS_URL", "SECRET_KEY", "GRAFANA_PASSWORD", "STELLAR_TESTNET_URL", "HEDERA_TESTNET_URL"):
    assert k in env_example, f".env.example lacks {k}"
PY
}
check "docker-compose config (dev, prod, scale) + services/ports/env" compose_checks

dockerfiles() {
    local f
    for f in Api/Dockerfile Silo/Dockerfile; do
        [[ "$(grep -c '^FROM ' "$f")" -ge 2 ]] && grep -q '^USER app' "$f" && grep -q '^HEALTHCHECK' "$f" || { echo "$f: needs multi-stage, USER app, HEALTHCHECK"; return 1; }
    done
}
check "Dockerfiles multi-stage, non-root, healthcheck" dockerfiles
check "Grafana dashboard JSON" python3 -c 'import json; d=json.load(open("docker/grafana/dashboards/rowell-overview.json")); assert len(d["panels"]) >= 7 and all(p["targets"] for p in d["panels"])'
check "shell syntax" bash -c 'for f in "$@"; do bash -n "$f" || exit 1; done' _ scripts/stack.sh scripts/lib/stack-selftest.sh scripts/backup.sh scripts/restore.sh scripts/health-check.sh scripts/monitor.sh scripts/gen-certs.sh

echo "ops checks: $pass passed, $fail failed"
((fail == 0))
