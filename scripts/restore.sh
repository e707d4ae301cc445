#!/usr/bin/env bash
# Restore a scripts/backup.sh dump into a FRESH database (never over a live one), then check that
# the key tables hold rows again.
#   scripts/restore.sh FILE [DBNAME]   DBNAME defaults to the database named in DATABASE_URL / PGDATABASE
# The target database must not exist (drop it first, deliberately) — restoring over live data is
# how backups destroy production.
set -euo pipefail
file="${1:?usage: restore.sh FILE [DBNAME]}"
[[ -f "$file" ]] || { echo "[restore] ERROR: no such file $file" >&2; exit 1; }
url="${DATABASE_URL:-}"
if [[ -n "$url" ]]; then
    target="${2:-$(sed -E 's|^[a-z]+://[^/]*/([^?]*).*|\1|' <<<"$url")}"
    admin_url="$(sed -E 's|^([a-z]+://[^/]*/)[^?]*(.*)$|\1postgres\2|' <<<"$url")"
    target_url="$(sed -E "s|^([a-z]+://[^/]*/)[^?]*(.*)\$|\\1$target\\2|" <<<"$url")"
else
    target="${2:-${PGDATABASE:?set DATABASE_URL or PGDATABASE}}"
    admin_url="postgres"
    target_url="$target"
fi
pg_restore --list "$file" >/dev/null || { echo "[restore] ERROR: $file is not a pg_dump custom-format archive" >&2; exit 1; }
exists="$(psql -X -tA --dbname="$admin_url" -c "SELECT 1 FROM pg_database WHERE datname = '$target'")"
if [[ "$exists" == 1 ]]; then
    echo "[restore] ERROR: database '$target' exists; drop it first (DROP DATABASE \"$target\") or pass another name" >&2
    exit 1
fi
echo "[restore] creating database $target" >&2
psql -X -q --dbname="$admin_url" -v ON_ERROR_STOP=1 -c "CREATE DATABASE \"$target\""
echo "[restore] pg_restore $file → $target" >&2
pg_restore --exit-on-error --no-owner --dbname="$target_url" "$file"
accounts="$(psql -X -tA --dbname="$target_url" -c 'SELECT count(*) FROM rowell_accounts')"
echo "[restore] ok: $target has $accounts account(s)" >&2
