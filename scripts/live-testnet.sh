#!/usr/bin/env bash
# Opt-in live check against the public Stellar testnet (and Hedera testnet if HEDERA_OPERATOR_ID /
# HEDERA_OPERATOR_KEY are set): friendbot creates + funds two accounts, one pays the other 1 XLM,
# balances are read back. Needs internet access; not part of scripts/test.sh or CI.
# Overrides: STELLAR_TESTNET_URL, STELLAR_FRIENDBOT_URL, HEDERA_TESTNET_URL, HEDERA_TESTNET_NODE.
set -euo pipefail
cd "$(dirname "$0")/.."
export ROWELL_LIVE_TESTNET=1
exec dotnet run --project Tools/LiveTestnet -- "$@"
