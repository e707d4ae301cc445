#!/usr/bin/env bash
# Sanctions screening speed: 10,000 names against a 1,000-entry list in the UN consolidated XML format.
# Prints names/s, one-name latency percentiles, the per-transfer worst case (target: < 1 ms p95) and the ratio
# to an exact-lookup baseline measured in the same run. Usage: scripts/bench/sanctions.sh [--entries N] [--names N]
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet run -c Release --project Tools/SanctionsBench -- "$@"
