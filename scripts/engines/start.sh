#!/usr/bin/env bash
# Starts the database engines the SQL tests run against, on loopback ports, with data directories
# of their own under $SURPRISAL_ENGINES_DIR (default /tmp/surprisal-engines):
#   - PostgreSQL 15 (run as the `postgres` user: the server refuses root), port $SURPRISAL_PG_PORT
#   - two ClickHouse servers forming a 2-shard cluster `surprisal` (remote_servers in their own
#     config files), HTTP ports $SURPRISAL_CH_HTTP1/$SURPRISAL_CH_HTTP2
# Installs what is missing (apt-get install -y clickhouse-server clickhouse-client postgresql),
# waits until each server answers, records the PIDs in $DIR/pids, and writes $DIR/env with the
# variables the tests read (SURPRISAL_PG_URL, SURPRISAL_CH_URLS). DuckDB runs in process (npm).
# Stop with scripts/engines/stop.sh (by PID). Usage: bash scripts/engines/start.sh
set -euo pipefail

DIR="${SURPRISAL_ENGINES_DIR:-/tmp/surprisal-engines}"
PG_PORT="${SURPRISAL_PG_PORT:-15432}"
CH_HTTP1="${SURPRISAL_CH_HTTP1:-18123}"
CH_HTTP2="${SURPRISAL_CH_HTTP2:-18124}"
CH_TCP1="${SURPRISAL_CH_TCP1:-19000}"
CH_TCP2="${SURPRISAL_CH_TCP2:-19001}"
PG_BIN="${SURPRISAL_PG_BIN:-/usr/lib/postgresql/15/bin}"

log() { echo "[engines] $*" >&2; }

need_apt=()
[ -x "$PG_BIN/postgres" ] || need_apt+=(postgresql)
command -v clickhouse-server >/dev/null 2>&1 || need_apt+=(clickhouse-server clickhouse-client)
if [ "${#need_apt[@]}" -gt 0 ]; then
  log "installing ${need_apt[*]} (apt-get)"
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  $SUDO apt-get update -qq >/dev/null 2>&1 || true
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
  if [ ! -x "$PG_BIN/postgres" ]; then
    PG_BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
  fi
fi

if [ -f "$DIR/pids" ]; then
  log "engines already recorded in $DIR/pids; stopping them first"
  bash "$(dirname "$0")/stop.sh" || true
fi
mkdir -p "$DIR"
: > "$DIR/pids"

# --- PostgreSQL -------------------------------------------------------------------------------
PGDATA="$DIR/pg"
rm -rf "$PGDATA"
mkdir -p "$PGDATA"
if [ "$(id -u)" -eq 0 ]; then
  chown postgres:postgres "$DIR" "$PGDATA"
  AS_PG=(runuser -u postgres --)
else
  AS_PG=()
fi
"${AS_PG[@]}" "$PG_BIN/initdb" -D "$PGDATA" --auth=trust -U postgres >"$DIR/pg-initdb.log" 2>&1
"${AS_PG[@]}" "$PG_BIN/postgres" -D "$PGDATA" -p "$PG_PORT" -k "$PGDATA" -c listen_addresses=127.0.0.1 \
  -c jit=off -c fsync=off -c shared_buffers=64MB >"$DIR/pg.log" 2>&1 &
echo "postgres $!" >>"$DIR/pids"

# --- ClickHouse: two shards -------------------------------------------------------------------
write_ch_config() { # n http tcp interserver
  local n=$1 http=$2 tcp=$3 inter=$4 d="$DIR/ch$1"
  rm -rf "$d"
  mkdir -p "$d/data" "$d/tmp" "$d/log"
  cat >"$d/config.xml" <<EOF
<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><log>$d/log/server.log</log><errorlog>$d/log/error.log</errorlog></logger>
  <http_port>$http</http_port>
  <tcp_port>$tcp</tcp_port>
  <interserver_http_port>$inter</interserver_http_port>
  <listen_host>127.0.0.1</listen_host>
  <path>$d/data/</path>
  <tmp_path>$d/tmp/</tmp_path>
  <format_schema_path>$d/format_schemas/</format_schema_path>
  <users_config>$d/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <mark_cache_size>67108864</mark_cache_size>
  <uncompressed_cache_size>67108864</uncompressed_cache_size>
  <max_concurrent_queries>20</max_concurrent_queries>
  <macros><shard>$n</shard></macros>
  <remote_servers>
    <surprisal>
      <shard><replica><host>127.0.0.1</host><port>$CH_TCP1</port></replica></shard>
      <shard><replica><host>127.0.0.1</host><port>$CH_TCP2</port></replica></shard>
    </surprisal>
  </remote_servers>
</yandex>
EOF
  cat >"$d/users.xml" <<EOF
<?xml version="1.0"?>
<yandex>
  <profiles><default><max_memory_usage>2000000000</max_memory_usage><max_threads>2</max_threads></default></profiles>
  <users><default><password></password><networks><ip>127.0.0.1</ip><ip>::1</ip></networks>
    <profile>default</profile><quota>default</quota></default></users>
  <quotas><default><interval><duration>3600</duration><queries>0</queries><errors>0</errors>
    <result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time></interval></default></quotas>
</yandex>
EOF
  clickhouse-server --config-file="$d/config.xml" >"$d/log/stdout.log" 2>&1 &
  echo "clickhouse$n $!" >>"$DIR/pids"
}
write_ch_config 1 "$CH_HTTP1" "$CH_TCP1" "${SURPRISAL_CH_INTER1:-19009}"
write_ch_config 2 "$CH_HTTP2" "$CH_TCP2" "${SURPRISAL_CH_INTER2:-19010}"

# --- wait until each answers -------------------------------------------------------------------
wait_for() { # name command...
  local name=$1
  shift
  for _ in $(seq 1 100); do
    if "$@" >/dev/null 2>&1; then
      log "$name is up"
      return 0
    fi
    sleep 0.2
  done
  log "$name did not answer in 20 s; see $DIR"
  return 1
}
wait_for postgres "${AS_PG[@]}" "$PG_BIN/pg_isready" -h 127.0.0.1 -p "$PG_PORT" -q
wait_for clickhouse1 curl -sf "http://127.0.0.1:$CH_HTTP1/ping"
wait_for clickhouse2 curl -sf "http://127.0.0.1:$CH_HTTP2/ping"

cat >"$DIR/env" <<EOF
SURPRISAL_PG_URL=postgres://postgres@127.0.0.1:$PG_PORT/postgres
SURPRISAL_CH_URLS=http://127.0.0.1:$CH_HTTP1,http://127.0.0.1:$CH_HTTP2
SURPRISAL_CH_CLUSTER=surprisal
EOF
log "started; variables in $DIR/env, PIDs in $DIR/pids"
cat "$DIR/env"
