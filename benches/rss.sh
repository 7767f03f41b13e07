#!/usr/bin/env bash
# Peak resident memory per file over a PDF corpus: our sandboxed reader (`klarefi worker pdf`,
# the process that parses untrusted bytes) beside `pdftotext`, one process per file.
# Needs GNU time (/usr/bin/time) and poppler-utils. Usage: benches/rss.sh [CORPUS_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=${1:-../shared/corpus/real}
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/klarefi-target}"
cargo build --release --quiet --bin klarefi
BIN="$CARGO_TARGET_DIR/release/klarefi"
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
# The allocator settings the sandbox gives the worker (src/sandbox.rs).
export MIMALLOC_ARENA_RESERVE=16MiB MIMALLOC_ARENA_EAGER_COMMIT=0 MIMALLOC_PURGE_DELAY=0
for f in "$DIR"/*.pdf; do
  /usr/bin/time -f "%M" -o "$OUT/ours" timeout 30 "$BIN" worker pdf < "$f" > /dev/null 2>&1 || true
  /usr/bin/time -f "%M" -o "$OUT/poppler" timeout 30 pdftotext "$f" - > /dev/null 2>&1 || true
  echo "$(tail -n 1 "$OUT/ours") $(tail -n 1 "$OUT/poppler")" >> "$OUT/all"
done
python3 - "$OUT/all" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1])]
def kb(v):
    try: return int(v)
    except ValueError: return None
for name, col in (("klarefi worker pdf", 0), ("pdftotext", 1)):
    xs = sorted(k for k in (kb(r[col]) for r in rows if len(r) > col) if k is not None)
    print(f"{name:20} files {len(xs)}  peak RSS median {statistics.median(xs)/1024:.1f} MiB, p99 {xs[int(len(xs)*0.99)-1]/1024:.1f} MiB, max {xs[-1]/1024:.1f} MiB")
PY
