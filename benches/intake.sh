#!/usr/bin/env bash
# The applicant's pages under load, on SQLite, in one run:
#  1. requests/s and latency of a conversation step page (GET /s/{id} with a cookie) beside
#     GET /api/v1/health, with wrk at 64 connections;
#  2. upload throughput and the server's peak RSS while 20 applicants upload one file each at
#     the same time, once with 2 MB files and once with 20 MB files (each size on a fresh
#     server, so VmHWM is that run's peak). Streaming means the peak must not grow with size.
# Needs wrk (apt-get install wrk) and curl. Usage: benches/intake.sh [seconds per wrk run]
# To measure another build (an older commit's), set KLAREFI_BENCH_BIN to its klarefi binary;
# nothing is built then. ONLY=uploads runs part 2 alone. With KLAREFI_BLOB_URL (and the AWS_*
# credentials) in the environment the uploads go to that bucket instead of the folder;
# BUCKET_DIR then names the folder an s3s-fs serves it from, to count what was stored.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-10}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/klarefi-target}"
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)"; exit 1; }
if [ -n "${KLAREFI_BENCH_BIN:-}" ]; then
  BIN=$KLAREFI_BENCH_BIN
else
  cargo build --release --quiet --bin klarefi
  BIN="$CARGO_TARGET_DIR/release/klarefi"
fi
PORT=18182
BASE="http://127.0.0.1:$PORT"
WORK=$(mktemp -d)
SERVER=
trap 'kill $SERVER 2>/dev/null || true; rm -rf "$WORK"' EXIT

start() {
  rm -rf "$WORK/data"
  KLAREFI_DATA_DIR="$WORK/data" KLAREFI_BIND="127.0.0.1:$PORT" KLAREFI_RATE_LIMIT=1000000000 \
    KLAREFI_LOG=warn "$BIN" serve > "$WORK/out" 2>&1 &
  SERVER=$!
  for _ in $(seq 1 50); do curl -fs "$BASE/api/v1/health" >/dev/null && break; sleep 0.2; done
  KEY=$(grep -o 'sk_test_[A-Za-z0-9]*' "$WORK/out" | head -n 1)
}
stop() { kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; }

new_link() {
  curl -fs -X POST "$BASE/api/v1/sessions" -H "Authorization: Bearer $KEY" -H "Content-Type: application/json" \
    -d "{\"case_type_id\":\"motor_claim\",\"idempotency_key\":\"bench-$RANDOM-$RANDOM\"}" |
    sed -E 's/.*"signed_url":"([^"]+)".*/\1/'
}

csrf() { grep -o 'name="csrf" value="[^"]*"' "$1" | head -n 1 | sed -E 's/.*value="([^"]*)"/\1/'; }

# post JAR PAGE PATH VALUE: posts one answer with the page's CSRF token, saves the next page.
post() {
  local jar=$1 page=$2 path=$3 value=$4 token
  token=$(csrf "$page")
  curl -fs -L -b "$jar" -c "$jar" -o "$page" --data-urlencode "csrf=$token" --data-urlencode "value=$value" "$BASE$path"
}

# walk JAR PAGE UNTIL: opens a new link and answers every step before step UNTIL.
walk() {
  local jar=$1 page=$2 until=$3 url id
  url=$(new_link)
  id=$(sed -E 's#.*/s/([^?]+).*#\1#' <<<"$url")
  curl -fs -L -b "$jar" -c "$jar" -o "$page" "$url"
  # motor_claim asks for documents first (issue 22); none are given on the way.
  local answers=("consent=yes" "damage_report=" "repair_quote=" "photos="
    "claimant_name=Jan de Vries" "claimant_email=jan@example.nl" "claimant_phone="
    "policy_number=AUTO-1" "licence_plate=AB-123-C" "incident_date=3-2-2023" "incident_location=Utrecht"
    "incident_type=collision" "incident_description=Achteruit geraakt." "counterparty_involved=no")
  for a in "${answers[@]}"; do
    local step=${a%%=*}
    [ "$step" = "$until" ] && break
    post "$jar" "$page" "/s/$id/step/$step" "${a#*=}"
  done
  echo "$id"
}

wrk_row() { # label url extra-args…
  local label=$1 url=$2; shift 2
  local out
  out=$(wrk -t2 -c64 -d"${DURATION}s" --latency "$@" "$url")
  printf '| %-28s | %10s | %8s | %8s | %6s |\n' "$label" "$(awk '/Requests\/sec/ {print $2}' <<<"$out")" \
    "$(awk '$1=="50%" {print $2}' <<<"$out")" "$(awk '$1=="99%" {print $2}' <<<"$out")" \
    "$(grep -Eo 'Non-2xx or 3xx responses: [0-9]+' <<<"$out" | grep -Eo '[0-9]+$' || echo 0)"
}

if [ "${ONLY:-}" != uploads ]; then
  echo "On $(nproc) cores, server and load generator on one machine; SQLite."
  echo
  echo "| request                      | requests/s |      p50 |      p99 | non-2xx |"
  echo "|------------------------------|-----------:|---------:|---------:|--------:|"
  start
  ID=$(walk "$WORK/jar" "$WORK/page" claimant_phone)
  COOKIE=$(awk '$6=="klarefi_session" {print $7}' "$WORK/jar")
  wrk_row "GET /api/v1/health" "$BASE/api/v1/health"
  wrk_row "GET /s/{id} (question page)" "$BASE/s/$ID" -H "Cookie: klarefi_session=$COOKIE"
  stop
fi

# CPU seconds (user + system) the server has used so far: what an upload costs our process,
# whatever else shares the cores (a bucket's server on the same machine, say).
server_cpu() { awk -v tick="$(getconf CLK_TCK)" '{printf "%.2f", ($14 + $15) / tick}' "/proc/$SERVER/stat"; }

upload_run() { # size in MB
  local mb=$1
  start
  local ids=()
  for i in $(seq 1 20); do ids+=("$(walk "$WORK/jar$i" "$WORK/page$i" photos)"); done
  printf '\xff\xd8\xff\xe0' > "$WORK/photo.jpg"
  head -c $((mb * 1024 * 1024 - 4)) /dev/urandom >> "$WORK/photo.jpg"
  local rss_before cpu_before t0 t1
  rss_before=$(awk '/VmRSS/ {print $2}' "/proc/$SERVER/status")
  cpu_before=$(server_cpu)
  t0=$(date +%s.%N)
  local pids=()
  for i in $(seq 1 20); do
    curl -fs -b "$WORK/jar$i" -o /dev/null -F "csrf=$(csrf "$WORK/page$i")" -F "files=@$WORK/photo.jpg;filename=photo$i.jpg" \
      "$BASE/s/${ids[$((i - 1))]}/step/photos/upload" &
    pids+=($!)
  done
  wait "${pids[@]}"
  t1=$(date +%s.%N)
  local hwm stored cpu
  cpu=$(echo "$(server_cpu) - $cpu_before" | bc)
  hwm=$(awk '/VmHWM/ {print $2}' "/proc/$SERVER/status")
  if [ -n "${KLAREFI_BLOB_URL:-}" ]; then
    stored=$(find "${BUCKET_DIR:?set BUCKET_DIR to the bucket s3s-fs serves}" -type f -name 'doc_*' -newer "$WORK/photo.jpg" | wc -l)
  else
    stored=$(find "$WORK/data/blobs" -type f | wc -l)
  fi
  printf '| %3d MB × 20 | %6.2f s | %7.1f MB/s | %6.2f s | %6d MiB | %6d MiB | %2d |\n' "$mb" "$(echo "$t1 - $t0" | bc)" \
    "$(echo "20 * $mb / ($t1 - $t0)" | bc -l)" "$cpu" $((rss_before / 1024)) $((hwm / 1024)) "$stored"
  stop
}

echo
echo "| files      | wall time | throughput | server CPU | RSS before | peak RSS (VmHWM) | stored |"
echo "|------------|----------:|-----------:|-----------:|-----------:|-----------------:|-------:|"
upload_run 2
upload_run 20
