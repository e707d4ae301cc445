#!/usr/bin/env bash
# The full fuzz run in one command: ROWELL_FUZZ_REQUESTS (default 10000) seeded requests (ROWELL_FUZZ_SEED)
# over every operation of /openapi/v1.json on the embedded API (Tests/Fuzz/ApiFuzzTests.cs). The short form
# (2,000 requests) runs in scripts/test.sh as part of `dotnet test`. Prints the status histogram and any failure.
#   scripts/fuzz.sh                 # 10,000 requests, the default seed
#   ROWELL_FUZZ_SEED=7 scripts/fuzz.sh 20000
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
export ROWELL_FUZZ_REQUESTS="${1:-${ROWELL_FUZZ_REQUESTS:-10000}}"
echo "[fuzz] ${ROWELL_FUZZ_REQUESTS} requests, seed ${ROWELL_FUZZ_SEED:-20261202 (default)}" >&2
log=$(mktemp "${TMPDIR:-/tmp}/rowell-fuzz.XXXXXX")
trap 'rm -f "$log"' EXIT
set +e
dotnet test Tests/Tests.csproj --nologo -c Release --filter "FullyQualifiedName~Rowell.Tests.Fuzz" \
    --logger "console;verbosity=detailed" 2>&1 | tee "$log" | grep -E "seed [0-9]+, |fuzz failures|^ *[0-9]{3} (for|without)|negative balance|does not balance|bystander|never exercised|Passed!|Failed!|error"
status=${PIPESTATUS[0]}
set -e
if [[ "$status" -eq 0 ]]; then echo "[fuzz] passed: 0 responses >= 500, envelopes, books and bystander intact" >&2; else echo "[fuzz] FAILED (full log above)" >&2; fi
exit "$status"
