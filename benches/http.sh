#!/usr/bin/env bash
# HTTP throughput and latency of the API on SQLite and PostgreSQL, side by side in one run:
# health, me, session create (new keys, then replayed ones), case read and events, beside the
# raw single-transaction insert rate of the same database (benches/raw_insert.rs). Needs: wrk
# (apt-get install wrk), and PostgreSQL on 127.0.0.1:5432 for the second half.
# Usage: benches/http.sh [seconds per run]
# To compare another build (an older commit's), set KLAREFI_BENCH_BIN and KLAREFI_BENCH_RAW to its
# klarefi and raw_insert binaries; nothing is built then.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-10}"
CONNECTIONS=64
THREADS=2
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/klarefi-target}"
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)"; exit 1; }
if [ -n "${KLAREFI_BENCH_BIN:-}" ]; then
  BIN=$KLAREFI_BENCH_BIN RAW=${KLAREFI_BENCH_RAW:?set KLAREFI_BENCH_RAW too}
else
  cargo build --release --quiet --bin klarefi --example raw_insert
  BIN="$CARGO_TARGET_DIR/release/klarefi" RAW="$CARGO_TARGET_DIR/release/examples/raw_insert"
fi

PORT=18181
WORK=$(mktemp -d)
trap 'kill $SERVER 2>/dev/null || true; rm -rf "$WORK"' EXIT

start() { # $1 = database URL
  KLAREFI_DATA_DIR="$WORK/data" KLAREFI_DATABASE_URL="$1" KLAREFI_BIND="127.0.0.1:$PORT" \
    KLAREFI_RATE_LIMIT=1000000000 KLAREFI_LOG=warn "$BIN" serve > "$WORK/out" 2>&1 &
  SERVER=$!
  for _ in $(seq 1 50); do curl -fs "http://127.0.0.1:$PORT/api/v1/health" >/dev/null && break; sleep 0.2; done
  export KEY=$(grep -o 'sk_test_[A-Za-z0-9]*' "$WORK/out" | head -n 1)
}

stop() { kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; rm -rf "$WORK/data"; }

run() { # $1 = label, $2 = path, $3.. = extra wrk args
  local label=$1 path=$2; shift 2
  local out
  out=$(wrk -t$THREADS -c$CONNECTIONS -d"${DURATION}s" --latency "$@" "http://127.0.0.1:$PORT$path")
  local rps p50 p99 errors
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  errors=$(grep -Eo 'Non-2xx or 3xx responses: [0-9]+' <<<"$out" | grep -Eo '[0-9]+$' || echo 0)
  printf '| %-9s | %-22s | %10s | %8s | %8s | %6s |\n' "$BACKEND" "$label" "$rps" "$p50" "$p99" "$errors"
}

api_rows() {
  run "GET /api/v1/health" /api/v1/health
  run "GET /api/v1/me" /api/v1/me -H "Authorization: Bearer $KEY"
  run "POST /api/v1/sessions" / -s benches/create_session.lua
  REPLAY_KEYS=32 run "POST …/sessions replay" / -s benches/create_session.lua
  # A new PostgreSQL database has no statistics until autovacuum's first analyze (up to a
  # minute), and plans made from "empty" statistics scan whole tables. Measure steady state.
  if [ "$BACKEND" = postgres ]; then psql -q -h 127.0.0.1 -U postgres -c ANALYZE "$DB"; fi
  local case_id
  case_id=$(curl -fs -X POST "http://127.0.0.1:$PORT/api/v1/sessions" -H "Authorization: Bearer $KEY" \
    -H "Content-Type: application/json" -d '{"case_type_id":"motor_claim","idempotency_key":"bench-read"}' |
    sed -E 's/.*"session_id":"([^"]+)".*/\1/')
  run "GET /api/v1/cases/{id}" "/api/v1/cases/$case_id" -H "Authorization: Bearer $KEY"
  run "GET …/{id}/events" "/api/v1/cases/$case_id/events" -H "Authorization: Bearer $KEY"
}

echo "wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s on $(nproc) cores, server and load generator on one machine"
echo
printf '| %-9s | %-22s | %10s | %8s | %8s | %6s |\n' backend endpoint "requests/s" p50 p99 non-2xx
echo "|-----------|------------------------|------------|----------|----------|--------|"

BACKEND=sqlite
start "sqlite://$WORK/data/klarefi.db?mode=rwc"
api_rows
stop
printf '| %-9s | %-22s | %10s | %8s | %8s | %6s |\n' "$BACKEND" "raw insert (1 row/tx)" "$("$RAW" "sqlite://$WORK/raw.db?mode=rwc" "$DURATION")" - - -

if pg_isready -q -h 127.0.0.1 -p 5432; then
  BACKEND=postgres
  DB=klarefi_bench_$$
  psql -q -h 127.0.0.1 -U postgres -c "CREATE DATABASE $DB" postgres
  start "postgres://postgres@127.0.0.1:5432/$DB"
  api_rows
  stop
  printf '| %-9s | %-22s | %10s | %8s | %8s | %6s |\n' "$BACKEND" "raw insert (1 row/tx)" "$("$RAW" "postgres://postgres@127.0.0.1:5432/$DB" "$DURATION")" - - -
  psql -q -h 127.0.0.1 -U postgres -c "DROP DATABASE $DB WITH (FORCE)" postgres
else
  echo "(PostgreSQL not reachable on 127.0.0.1:5432: skipped)"
fi
