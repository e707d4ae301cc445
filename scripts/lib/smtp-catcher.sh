#!/usr/bin/env bash
# A local SMTP catcher for development stacks (scripts/stack.sh): notifications (transfer failed, webhook
# endpoint disabled, API key created) land as .eml files in DIR/mail instead of anyone's inbox.
#   rowell_smtp_catcher_start DIR   starts it once (idempotent: a live catcher is kept)
#   rowell_smtp_catcher_url DIR     prints smtp://127.0.0.1:PORT for SMTP_URL (an SMTP_URL already set wins)
#   rowell_smtp_catcher_stop DIR
# Loopback only; no relaying, no auth.

rowell_smtp_catcher_start() {
    local dir=$1 here port
    mkdir -p "$dir/mail"
    if [[ -f "$dir/smtp.pid" ]] && kill -0 "$(cat "$dir/smtp.pid")" 2>/dev/null; then
        return 0
    fi
    here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    nohup python3 "$here/smtp_catcher.py" "$dir/mail" "$port" >"$dir/smtp-catcher.log" 2>&1 &
    echo $! >"$dir/smtp.pid"
    echo "$port" >"$dir/smtp.port"
    echo "[smtp] catcher on smtp://127.0.0.1:$port, mails in $dir/mail"
}

rowell_smtp_catcher_url() {
    local dir=$1
    if [[ -n "${SMTP_URL:-}" ]]; then
        echo "$SMTP_URL"
    elif [[ -f "$dir/smtp.port" ]]; then
        echo "smtp://127.0.0.1:$(cat "$dir/smtp.port")"
    fi
}

rowell_smtp_catcher_stop() {
    local dir=$1
    if [[ -f "$dir/smtp.pid" ]]; then
        kill "$(cat "$dir/smtp.pid")" 2>/dev/null || true
        rm -f "$dir/smtp.pid"
    fi
}
