#!/usr/bin/env bash
# Stops the engines scripts/engines/start.sh started, by the PIDs it recorded (never by name),
# and removes their data directories. Usage: bash scripts/engines/stop.sh
set -uo pipefail
DIR="${SURPRISAL_ENGINES_DIR:-/tmp/surprisal-engines}"
[ -f "$DIR/pids" ] || exit 0
while read -r name pid; do
  [ -n "${pid:-}" ] || continue
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
    echo "[engines] stopped $name ($pid)" >&2
  fi
done <"$DIR/pids"
rm -f "$DIR/pids" "$DIR/env"
rm -rf "$DIR/pg" "$DIR/ch1" "$DIR/ch2"
