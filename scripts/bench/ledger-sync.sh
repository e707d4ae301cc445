#!/usr/bin/env bash
# The inbound ledger sync's request rate against the fake Horizon, with many wallets registered.
# Cost model (docs/LEDGERS.md): one network-wide /payments request per pass (one pass per ledger close,
# ~5 s) while the network carries <= 200 payments per close, independent of the number of wallets;
# a per-wallet poller would need one request per wallet per pass. Loopback only, bounded (20 passes).
#   WALLETS=100000 scripts/bench/ledger-sync.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
WALLETS="${WALLETS:-100000}"
OUT="$(mktemp)"
trap 'rm -f "$OUT"' EXIT
ROWELL_BENCH_WALLETS="$WALLETS" ROWELL_BENCH_OUT="$OUT" \
  dotnet test Tests --nologo -v q --filter "FullyQualifiedName~StellarSyncTests.IdleWallets_CostNothing" >/dev/null
echo "ledger-sync bench (fake Horizon, in-memory directory):"
tr ' ' '\n' < "$OUT" | sed 's/^/  /'
