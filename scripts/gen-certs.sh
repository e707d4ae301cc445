#!/usr/bin/env bash
# Self-signed development certificate for nginx (the original deployment design's openssl command, with a SAN so
# clients that ignore CN still accept localhost/127.0.0.1). Production uses a real certificate
# mounted at the same paths.
#   scripts/gen-certs.sh [DIR]   (default docker/nginx/ssl; writes DIR/cert.pem and DIR/key.pem)
set -euo pipefail
dir="${1:-$(cd "$(dirname "$0")/.." && pwd)/docker/nginx/ssl}"
mkdir -p "$dir"
if [[ -s "$dir/cert.pem" && -s "$dir/key.pem" && -z "${FORCE:-}" ]]; then
    echo "[gen-certs] $dir/cert.pem exists (FORCE=1 to replace)" >&2
    exit 0
fi
# rsa:2048 rather than the original design's 4096: same security margin for a dev cert, a fraction of the CPU.
openssl req -x509 -newkey rsa:2048 -keyout "$dir/key.pem" -out "$dir/cert.pem" -days 365 -nodes \
    -subj "/C=US/ST=State/L=City/O=Organization/CN=localhost" \
    -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" >/dev/null 2>&1
chmod 600 "$dir/key.pem"
chmod 644 "$dir/cert.pem"
echo "[gen-certs] wrote $dir/cert.pem and $dir/key.pem" >&2
