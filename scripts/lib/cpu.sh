# CPU accounting for benchmarks (sourced). Ticks are user + system time from /proc/<pid>/stat, including
# reaped children, so a Postgres postmaster's figure covers the backends and autovacuum workers it forked.

# rowell_cpu_ticks PID... → the ticks those processes have used so far (missing pids count 0).
rowell_cpu_ticks() {
    local pid total=0
    for pid in "$@"; do
        [[ -r /proc/$pid/stat ]] || continue
        total=$((total + $(sed 's/^.*) //' "/proc/$pid/stat" | awk '{print $12 + $13 + $14 + $15}')))
    done
    echo "$total"
}

# rowell_pg_pids DATA_DIR → the postmaster of that cluster and its live children.
rowell_pg_pids() {
    local pm
    pm=$(head -1 "$1/postmaster.pid")
    echo "$pm" $(pgrep -P "$pm" || true)
}
