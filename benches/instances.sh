#!/usr/bin/env bash
# One instance against two on one PostgreSQL database (issue 26): session creates and case
# reads per second, side by side in one run. The load is the same in both: two wrk processes
# of 32 connections each, aimed at the one instance or one at each of the two.
#
# Two layouts, because this machine has few cores and runs the database and the load
# generator too:
#   shared  every process may use every core (what one small machine gives);
#   pinned  each instance gets a core of its own (taskset), as two machines would; wrk and
#           PostgreSQL float.
#   capped  each instance may use CAP % of one core (a cgroup v1 CPU quota, default 30), so
#           the instances and not the shared cores are the limit, as with a database on a
#           machine of its own; wrk and PostgreSQL float. Skipped where cgroups are not
#           writable.
# Needs: wrk, taskset, PostgreSQL on 127.0.0.1:5432 (trust auth).
# Usage: benches/instances.sh [seconds per run]   (KLAREFI_BENCH_BIN: a klarefi to use instead)
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-10}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/klarefi-target}"
for tool in wrk taskset psql; do
  command -v "$tool" >/dev/null || { echo "$tool is not installed"; exit 1; }
done
pg_isready -q -h 127.0.0.1 -p 5432 || { echo "PostgreSQL is not running on 127.0.0.1:5432"; exit 1; }
if [ -n "${KLAREFI_BENCH_BIN:-}" ]; then
  BIN=$KLAREFI_BENCH_BIN
else
  cargo build --release --quiet --bin klarefi
  BIN="$CARGO_TARGET_DIR/release/klarefi"
fi
CORES=$(nproc)
LAST_CORE=$((CORES - 1))

WORK=$(mktemp -d)
DB=klarefi_instances_$$
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  for group in "$CGROUPS"/klarefi-bench-$$-*; do [ -d "$group" ] && rmdir "$group" 2>/dev/null; done
  psql -q -h 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" postgres || true
  rm -rf "$WORK"
}
trap cleanup EXIT
psql -q -h 127.0.0.1 -U postgres -c "CREATE DATABASE $DB" postgres

export KLAREFI_DATABASE_URL="postgres://postgres@127.0.0.1:5432/$DB"
export KLAREFI_DATA_DIR="$WORK/data"
export KLAREFI_SIGNING_SECRET
KLAREFI_SIGNING_SECRET=$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')
export KLAREFI_DEMO=false KLAREFI_RATE_LIMIT=1000000000 KLAREFI_LOG=warn
"$BIN" migrate >/dev/null
field() { python3 -c "import json,sys; print(json.load(sys.stdin)['$1'])"; }
ORG=$("$BIN" orgs create --name Bench --enable-processing | field org_id)
export KEY
KEY=$("$BIN" keys create --org "$ORG" --env test | field api_key)

CAP="${CAP:-30}"
CGROUPS=/sys/fs/cgroup/cpu
CAPPED=""   # set by measure: put new instances under a CPU quota
start() { # $1 = port, $2 = cores (taskset list)
  KLAREFI_BIND="127.0.0.1:$1" taskset -c "$2" "$BIN" serve >"$WORK/serve-$1.log" 2>&1 &
  PIDS+=($!)
  if [ -n "$CAPPED" ]; then
    local group="$CGROUPS/klarefi-bench-$$-$1"
    mkdir -p "$group"
    echo 100000 >"$group/cpu.cfs_period_us"
    echo $((CAP * 1000)) >"$group/cpu.cfs_quota_us"
    echo "$!" >"$group/cgroup.procs"
  fi
  for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$1/api/v1/ready" >/dev/null && return; sleep 0.1; done
  cat "$WORK/serve-$1.log"; exit 1
}

stop_all() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  PIDS=()
}

# Two wrk processes at once, at $1 and $2 (the same port twice for one instance); prints the
# summed requests per second. $3.. = wrk's script or header arguments, then the path last.
load() {
  local first=$1 second=$2; shift 2
  local path="${*: -1}" args=("${@:1:$#-1}")
  wrk -t1 -c32 -d"${DURATION}s" "${args[@]}" "http://127.0.0.1:$first$path" >"$WORK/wrk1" &
  local one=$!
  wrk -t1 -c32 -d"${DURATION}s" "${args[@]}" "http://127.0.0.1:$second$path" >"$WORK/wrk2"
  wait "$one"
  awk '/Requests\/sec/ {sum += $2} END {printf "%.0f", sum}' "$WORK/wrk1" "$WORK/wrk2"
}

measure() { # $1 = layout, $2 = cores of instance one, $3 = cores of instance two
  local rows=()
  for count in 1 2; do
    start 18301 "$2"
    local second=18301
    if [ "$count" = 2 ]; then
      start 18302 "$3"
      second=18302
    fi
    local case_id
    case_id=$(curl -fs -X POST "http://127.0.0.1:18301/api/v1/sessions" -H "Authorization: Bearer $KEY" \
      -H "Content-Type: application/json" -d "{\"case_type_id\":\"motor_claim\",\"idempotency_key\":\"read-$1-$count\"}" |
      field session_id)
    psql -q -h 127.0.0.1 -U postgres -c ANALYZE "$DB"
    rows+=("$(load 18301 $second -s benches/create_session.lua /)")
    rows+=("$(load 18301 $second -H "Authorization: Bearer $KEY" "/api/v1/cases/$case_id")")
    stop_all
  done
  # rows: creates(1) reads(1) creates(2) reads(2)
  awk -v layout="$1" -v c1="${rows[0]}" -v r1="${rows[1]}" -v c2="${rows[2]}" -v r2="${rows[3]}" 'BEGIN {
    printf "| %-7s | POST /api/v1/sessions   | %9d | %9d | %5.2f× |\n", layout, c1, c2, c2 / c1
    printf "| %-7s | GET /api/v1/cases/{id}  | %9d | %9d | %5.2f× |\n", layout, r1, r2, r2 / r1
  }'
}

echo "$CORES cores; PostgreSQL, wrk (2 processes × 1 thread × 32 connections, ${DURATION} s) and the instances on one machine"
echo
echo "| layout  | requests                | 1 instance | 2 instances | ratio |"
echo "|---------|-------------------------|-----------:|------------:|------:|"
measure shared "0-$LAST_CORE" "0-$LAST_CORE"
measure pinned 0 "$LAST_CORE"
if mkdir "$CGROUPS/klarefi-bench-$$-probe" 2>/dev/null && rmdir "$CGROUPS/klarefi-bench-$$-probe"; then
  CAPPED=1
  measure "capped" "0-$LAST_CORE" "0-$LAST_CORE"
else
  echo "(capped: skipped, $CGROUPS is not writable here)"
fi
