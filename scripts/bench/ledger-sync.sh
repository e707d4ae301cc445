#!/usr/bin/env bash
# The inbound ledger sync's request rate against the fakes, with many wallets registered, compared with the
# cost model of docs/LEDGERS.md: per pass (one per ledger close, ~5 s) ONE network-wide feed request per
# network — Horizon /payments while the network carries <= 200 payments per pass, mirror node
# /api/v1/transactions while it carries <= 100 transactions per pass — independent of the number of wallets;
# a per-wallet poller would need one request per wallet per pass. Loopback only, bounded (20 passes each).
#   WALLETS=100000 scripts/bench/ledger-sync.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
WALLETS="${WALLETS:-100000}"
OUT_STELLAR="$(mktemp)"
OUT_HEDERA="$(mktemp)"
LOG="$(mktemp)"
trap 'rm -f "$OUT_STELLAR" "$OUT_HEDERA" "$LOG"' EXIT
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
echo "[bench] building the tests (Release)" >&2
dotnet build Tests/Tests.csproj -c Release --nologo -v q >"$LOG" 2>&1 || { tail -n 40 "$LOG" >&2; exit 1; }

# run_one <test filter> <report file>: the test registers $WALLETS wallets, then runs 20 passes of 51 payments.
run_one() {
    if ! ROWELL_BENCH_WALLETS="$WALLETS" ROWELL_BENCH_OUT="$2" \
        dotnet test Tests/Tests.csproj -c Release --no-build --nologo \
        --filter "FullyQualifiedName~$1" >"$LOG" 2>&1; then
        tail -n 40 "$LOG" >&2
        exit 1
    fi
    [[ -s "$2" ]] || { echo "$1 wrote no report" >&2; tail -n 20 "$LOG" >&2; exit 1; }
}
echo "[bench] Stellar: registering $WALLETS wallets, then 20 passes of 51 payments each (fake Horizon)" >&2
run_one StellarSyncTests.IdleWallets_CostNothing "$OUT_STELLAR"
echo "[bench] Hedera: registering $WALLETS wallets, then 20 passes of 51 transactions each (fake mirror node)" >&2
run_one HederaSyncTests.IdleWallets_CostNothing "$OUT_HEDERA"

echo "ledger-sync bench (fakes on loopback, in-memory directory):"
echo " stellar:"
tr ' ' '\n' < "$OUT_STELLAR" | sed 's/^/  /'
echo " hedera:"
tr ' ' '\n' < "$OUT_HEDERA" | sed 's/^/  /'
python3 - "$OUT_STELLAR" "$OUT_HEDERA" <<'PY'
import re, sys
# docs/LEDGERS.md: one feed request per network per pass while a pass carries <= 200 (Stellar) / <= 100
# (Hedera) records, whatever the number of wallets.
models = [("Stellar", "Horizon", sys.argv[1]), ("Hedera", "mirror node", sys.argv[2])]
ok = True
for network, service, path in models:
    kv = dict(re.findall(r"(\w+)=([0-9.]+)", open(path).read()))
    per_pass = float(kv["requests_per_pass"])
    wallets = int(kv["wallets"])
    model = 1.0
    within = per_pass <= model
    ok &= within
    print(f"{network}: cost model (docs/LEDGERS.md) {model:.2f} {service} request per pass, whatever the wallets; "
          f"measured {per_pass:.2f} with {wallets:,} wallets -> {'within the model' if within else 'OVER the model'}")
    print(f"{network}: steady state at 5 s passes {per_pass / 5:.2f} requests/s; a per-wallet poller: {wallets / 5:,.0f} requests/s")
sys.exit(0 if ok else 1)
PY
