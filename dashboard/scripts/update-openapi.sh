#!/usr/bin/env bash
# Refreshes dashboard/openapi.json (the contract the dashboard's TypeScript client is generated from) from a
# running API, then regenerates src/api/schema.d.ts. Usage: dashboard/scripts/update-openapi.sh [API_URL]
# (default http://localhost:8000; start one with `dotnet run --project Api`).
set -euo pipefail
cd "$(dirname "$0")/.."
url="${1:-${ROWELL_API_URL:-http://localhost:8000}}"
tmp=$(mktemp)
curl -fsS "$url/openapi/v1.json" | python3 -m json.tool --indent 2 > "$tmp"
mv "$tmp" openapi.json
npx openapi-typescript openapi.json -o src/api/schema.d.ts
echo "openapi.json and src/api/schema.d.ts updated from $url"
