#!/usr/bin/env bash
# Mean word-F1 of our text vs `pdftotext FILE -` on the real corpus (see benches/wordf1.rs).
# Needs poppler-utils (reference only). Usage: benches/wordf1.sh [CORPUS_DIR] [--worst N]
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/klarefi-target}"
cargo run --release --example wordf1 -- "$@"
