#!/usr/bin/env bash
# Webhook deliveries a second to a local receiver, and latency from the state change (the
# event's created_at) to receipt. N sessions are created as fast as 8 clients can; every
# session_created event goes to one endpoint (CLIENTS=8 by default).
# Usage: benches/webhooks.sh [N] [sqlite|postgres]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000}
BACKEND=${2:-sqlite}
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/klarefi-target}"
cargo build --release --quiet --bin klarefi
BIN="$CARGO_TARGET_DIR/release/klarefi"
WORK=$(mktemp -d)
PORT=18184
HOOK=18185
cat > "$WORK/receiver.py" <<'PY'
import datetime, http.server, json, sys, time, threading
n, out = int(sys.argv[2]), sys.argv[3]
lat, lock, first = [], threading.Lock(), [None]
class H(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        now = time.time()
        created = json.loads(body)["created_at"]
        # Not time.strptime: its first calls are not thread-safe and would fail requests.
        t = datetime.datetime.fromisoformat(created.replace("Z", "+00:00")).timestamp()
        with lock:
            first[0] = first[0] or now
            lat.append((now - t) * 1000)
            done = len(lat) == n
        self.send_response(200); self.send_header("Content-Length", "0"); self.end_headers()
        if done:
            lat.sort()
            span = now - first[0]
            open(out, "w").write(f"{n} deliveries, {n / span if span else 0:.0f} a second after the first; latency from event to receipt p50 {lat[len(lat)//2]:.0f} ms, p99 {lat[int(len(lat)*0.99)-1]:.0f} ms\n")
    def log_message(self, *a): pass
class S(http.server.ThreadingHTTPServer):
    request_queue_size = 256  # the default backlog of 5 refuses bursts of concurrent deliveries
S(("127.0.0.1", int(sys.argv[1])), H).serve_forever()
PY
python3 "$WORK/receiver.py" "$HOOK" "$N" "$WORK/result" &
RECEIVER=$!
for _ in $(seq 1 50); do (echo > "/dev/tcp/127.0.0.1/$HOOK") 2>/dev/null && break; sleep 0.1; done
if [ "$BACKEND" = postgres ]; then
  DB=klarefi_bench_$$
  psql -q -h 127.0.0.1 -U postgres -c "CREATE DATABASE $DB" postgres
  URL="postgres://postgres@127.0.0.1:5432/$DB"
else
  URL="sqlite://$WORK/data/klarefi.db?mode=rwc"
fi
export KLAREFI_DATA_DIR="$WORK/data" KLAREFI_DATABASE_URL="$URL" KLAREFI_ALLOW_PRIVATE_URLS=1 KLAREFI_LOG=warn
KLAREFI_BIND="127.0.0.1:$PORT" KLAREFI_RATE_LIMIT=1000000000 "$BIN" serve > "$WORK/out" 2>&1 &
SERVER=$!
trap 'kill $SERVER $RECEIVER 2>/dev/null || true; [ "$BACKEND" = postgres ] && psql -q -h 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" postgres; rm -rf "$WORK"' EXIT
for _ in $(seq 1 50); do curl -fs "http://127.0.0.1:$PORT/api/v1/health" >/dev/null && break; sleep 0.2; done
KEY=$(grep -o 'sk_test_[A-Za-z0-9]*' "$WORK/out" | head -n 1)
ORG=$(grep -o 'org_[A-Za-z0-9]*' "$WORK/out" | head -n 1)
ENDPOINT=$("$BIN" webhooks add --org "$ORG" --url "http://127.0.0.1:$HOOK/hook" --event intake.session_created | sed -nE 's/.*"endpoint_id": "([^"]+)".*/\1/p')
seq 1 "$N" | xargs -P "${CLIENTS:-8}" -I{} curl -fs -o /dev/null -X POST "http://127.0.0.1:$PORT/api/v1/sessions" \
  -H "Authorization: Bearer $KEY" -H "Content-Type: application/json" \
  -d '{"case_type_id":"motor_claim","idempotency_key":"wh{}"}'
for _ in $(seq 1 600); do [ -s "$WORK/result" ] && break; sleep 0.1; done
echo "$BACKEND: $(cat "$WORK/result" 2>/dev/null || echo 'not all deliveries arrived within 60 s')"
"$BIN" webhooks deliveries --endpoint "$ENDPOINT" | python3 -c '
import collections, json, sys
d = json.load(sys.stdin)["deliveries"]
retried = collections.Counter((x["attempts"], x["last_error"]) for x in d if x["attempts"] != 1)
print("  %d deliveries; needing more than one attempt: %d" % (len(d), sum(retried.values())))'
sed 's/\x1b\[[0-9;]*m//g' "$WORK/out" | grep 'webhook attempt failed' | grep -o 'error=.*' | sort | uniq -c | head -5 || true

