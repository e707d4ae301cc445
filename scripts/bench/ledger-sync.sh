#!/usr/bin/env bash
# The inbound ledger sync's request rate against the fake Horizon, with many wallets registered, compared with
# the cost model of docs/LEDGERS.md: one network-wide /payments request per pass (one pass per ledger close,
# ~5 s) while the network carries <= 200 payments per close, independent of the number of wallets; a
# per-wallet poller would need one request per wallet per pass. Loopback only, bounded (20 passes).
#   WALLETS=100000 scripts/bench/ledger-sync.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
WALLETS="${WALLETS:-100000}"
OUT="$(mktemp)"
LOG="$(mktemp)"
trap 'rm -f "$OUT" "$LOG"' EXIT
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
echo "[bench] building the tests (Release)" >&2
dotnet build Tests/Tests.csproj -c Release --nologo -v q >"$LOG" 2>&1 || { tail -n 40 "$LOG" >&2; exit 1; }
echo "[bench] registering $WALLETS wallets, then 20 passes of 51 payments each" >&2
if ! ROWELL_BENCH_WALLETS="$WALLETS" ROWELL_BENCH_OUT="$OUT" \
    dotnet test Tests/Tests.csproj -c Release --no-build --nologo \
    --filter "FullyQualifiedName~StellarSyncTests.IdleWallets_CostNothing" >"$LOG" 2>&1; then
    tail -n 40 "$LOG" >&2
    exit 1
fi
[[ -s "$OUT" ]] || { echo "the test wrote no report" >&2; tail -n 20 "$LOG" >&2; exit 1; }
echo "ledger-sync bench (fake Horizon, in-memory directory):"
tr ' ' '\n' < "$OUT" | sed 's/^/  /'
python3 - "$OUT" <<'PY'
import re, sys
kv = dict(re.findall(r"(\w+)=([0-9.]+)", open(sys.argv[1]).read()))
per_pass = float(kv["requests_per_pass"])
wallets = int(kv["wallets"])
model = 1.0  # docs/LEDGERS.md: one request per network per pass while a pass carries <= 200 payments
verdict = "within the model" if per_pass <= model else "OVER the model"
print(f"cost model (docs/LEDGERS.md): {model:.2f} Horizon request per pass, whatever the wallets; measured {per_pass:.2f} "
      f"with {wallets:,} wallets -> {verdict}")
print(f"steady state at 5 s ledger closes: {per_pass / 5:.2f} requests/s; a per-wallet poller: {wallets / 5:,.0f} requests/s")
sys.exit(0 if per_pass <= model else 1)
PY
