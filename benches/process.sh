#!/usr/bin/env bash
# Documents a minute through POST /api/v1/process: N requests for one claim PDF served from
# loopback (KLAREFI_ALLOW_PRIVATE_URLS=1, development only), timed until every case settled.
# Needs a PDF: benches/process.sh FILE.pdf [N, default 100] [backend: sqlite|postgres]
set -euo pipefail
cd "$(dirname "$0")/.."
PDF=${1:?usage: benches/process.sh FILE.pdf [N] [sqlite|postgres]}
N=${2:-100}
BACKEND=${3:-sqlite}
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/klarefi-target}"
# To measure another build (an older commit's), set KLAREFI_BENCH_BIN to its klarefi binary.
if [ -n "${KLAREFI_BENCH_BIN:-}" ]; then
  BIN=$KLAREFI_BENCH_BIN
else
  cargo build --release --quiet --bin klarefi
  BIN="$CARGO_TARGET_DIR/release/klarefi"
fi
WORK=$(mktemp -d)
PORT=18182
FILES=18183
cp "$PDF" "$WORK/doc.pdf"
(cd "$WORK" && python3 -m http.server "$FILES" --bind 127.0.0.1 >/dev/null 2>&1) &
FILESERVER=$!
if [ "$BACKEND" = postgres ]; then
  DB=klarefi_bench_$$
  psql -q -h 127.0.0.1 -U postgres -c "CREATE DATABASE $DB" postgres
  URL="postgres://postgres@127.0.0.1:5432/$DB"
else
  URL="sqlite://$WORK/data/klarefi.db?mode=rwc"
fi
KLAREFI_DATA_DIR="$WORK/data" KLAREFI_DATABASE_URL="$URL" KLAREFI_BIND="127.0.0.1:$PORT" KLAREFI_ALLOW_PRIVATE_URLS=1 \
  KLAREFI_RATE_LIMIT=1000000000 KLAREFI_LOG=warn "$BIN" serve > "$WORK/out" 2>&1 &
SERVER=$!
trap 'kill $SERVER $FILESERVER 2>/dev/null || true; [ "$BACKEND" = postgres ] && psql -q -h 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" postgres; rm -rf "$WORK"' EXIT
for _ in $(seq 1 50); do curl -fs "http://127.0.0.1:$PORT/api/v1/health" >/dev/null && break; sleep 0.2; done
KEY=$(grep -o 'sk_test_[A-Za-z0-9]*' "$WORK/out" | head -n 1)

start=$(date +%s.%N)
for i in $(seq 1 "$N"); do
  curl -fs -X POST "http://127.0.0.1:$PORT/api/v1/process" -H "Authorization: Bearer $KEY" -H "Content-Type: application/json" \
    -d "{\"document_url\":\"http://127.0.0.1:$FILES/doc.pdf\",\"case_type_id\":\"motor_claim\",\"idempotency_key\":\"p$i\"}" |
    sed -E 's/.*"case_id":"([^"]+)".*/\1/' >> "$WORK/cases"
done
pending=$N
while [ "$pending" -gt 0 ]; do
  sleep 0.5
  pending=0
  while read -r id; do
    status=$(curl -fs "http://127.0.0.1:$PORT/api/v1/cases/$id" -H "Authorization: Bearer $KEY" | sed -E 's/.*"status":"([^"]+)".*/\1/')
    case "$status" in completed|needs_review|failed) ;; *) pending=$((pending + 1)) ;; esac
  done < "$WORK/cases"
done
end=$(date +%s.%N)
python3 -c "import sys; s=float(sys.argv[2])-float(sys.argv[1]); n=int(sys.argv[3]); print(f'{n} documents in {s:.1f} s: {n/s*60:.0f} documents a minute ($BACKEND, {sys.argv[4]} workers)')" "$start" "$end" "$N" "${KLAREFI_WORKERS:-2}"
