#!/usr/bin/env python3
"""Fits the confidence model of src/extract/confidence.rs on the development corpus.

    cargo run --release --example corpus -- dev --dump-features /tmp/features.jsonl
    python3 tools/fit_confidence.py /tmp/features.jsonl [--write src/extract/confidence.toml]

Reads one JSON line per observation ({"set", "features", "right", ...}), keeps the `dev` set
only (the aside set is never fitted on), and fits a logistic regression with a small L2
penalty by Newton's method (plain Python: a few hundred samples and ten features). Prints
the weights, the log-loss before (the rule confidence as it was) and after, and the
calibration per confidence band for both; with --write, writes the weights file.
Feature names and their order come from src/extract/confidence.rs (FEATURES).
"""

import argparse
import json
import math
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
L2 = 1.0


def feature_names():
    src = (ROOT / "src/extract/confidence.rs").read_text()
    block = re.search(r"pub const FEATURES: \[&str; \d+\] = \[(.*?)\];", src, re.S).group(1)
    return re.findall(r'"([a-z_]+)"', block)


def sigmoid(z):
    if z < -30:
        return 0.0
    if z > 30:
        return 1.0
    return 1.0 / (1.0 + math.exp(-z))


def solve(a, b):
    """Gaussian elimination with partial pivoting: a x = b."""
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for c in range(n):
        p = max(range(c, n), key=lambda r: abs(m[r][c]))
        m[c], m[p] = m[p], m[c]
        if abs(m[c][c]) < 1e-12:
            continue
        for r in range(n):
            if r != c:
                f = m[r][c] / m[c][c]
                for k in range(c, n + 1):
                    m[r][k] -= f * m[c][k]
    return [m[i][n] / m[i][i] if abs(m[i][i]) > 1e-12 else 0.0 for i in range(n)]


def penalized(w, xs, ys):
    eps = 1e-12
    loss = 0.0
    for x, y in zip(xs, ys):
        p = sigmoid(w[0] + sum(wi * xi for wi, xi in zip(w[1:], x)))
        loss -= y * math.log(max(p, eps)) + (1 - y) * math.log(max(1 - p, eps))
    return loss + 0.5 * L2 * sum(wi * wi for wi in w[1:])


def fit(xs, ys, iters=100):
    """Newton's method with step halving on the L2-penalized log-loss."""
    n = len(xs[0]) + 1
    w = [0.0] * n
    w[1] = 1.0  # start from the rule confidence as it is
    current = penalized(w, xs, ys)
    for _ in range(iters):
        grad = [0.0] * n
        hess = [[0.0] * n for _ in range(n)]
        for x, y in zip(xs, ys):
            v = [1.0] + x
            p = sigmoid(sum(wi * vi for wi, vi in zip(w, v)))
            for i in range(n):
                grad[i] += (p - y) * v[i]
                for j in range(n):
                    hess[i][j] += p * (1 - p) * v[i] * v[j]
        hess[0][0] += 1e-6
        for i in range(1, n):
            grad[i] += L2 * w[i]
            hess[i][i] += L2
        step = solve(hess, grad)
        t = 1.0
        while t > 1e-6:
            trial = [wi - t * si for wi, si in zip(w, step)]
            value = penalized(trial, xs, ys)
            if value <= current:
                break
            t /= 2
        else:
            break
        w, improvement, current = trial, current - value, value
        if improvement < 1e-9:
            break
    return w


def logloss(ps, ys):
    eps = 1e-6
    return -sum(y * math.log(max(p, eps)) + (1 - y) * math.log(max(1 - p, eps)) for p, y in zip(ps, ys)) / len(ys)


def bands(ps, ys):
    out = []
    for lo, hi in [(0.0, 0.4), (0.4, 0.8), (0.8, 0.9), (0.9, 0.95), (0.95, 1.01)]:
        sel = [y for p, y in zip(ps, ys) if lo <= round(p, 2) < hi]
        if sel:
            out.append(f"[{lo:.2f},{min(hi, 1.0):.2f}): {sum(sel)}/{len(sel)} = {sum(sel) / len(sel):.3f}")
    return out


def main():
    global L2
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dump")
    ap.add_argument("--write", help="write the weights file (src/extract/confidence.toml)")
    ap.add_argument("--without", default="", help="comma-separated features left out of the model (weight 0)")
    ap.add_argument("--l2", type=float, default=1.0, help="L2 penalty on the weights (default 1.0)")
    args = ap.parse_args()
    L2 = args.l2
    names = feature_names()
    rows = [json.loads(l) for l in Path(args.dump).read_text().splitlines() if l.strip()]
    rows = [r for r in rows if r.get("set") == "dev"]
    if not rows:
        sys.exit("no dev rows in the dump")
    left_out = {n for n in args.without.split(",") if n}
    xs = [[0.0 if n in left_out else v for n, v in zip(names, r["features"])] for r in rows]
    ys = [1.0 if r["right"] else 0.0 for r in rows]
    if len(xs[0]) != len(names):
        sys.exit(f"the dump has {len(xs[0])} features, confidence.rs names {len(names)}")
    before = [sigmoid(x[0]) for x in xs]
    w = fit(xs, ys)
    after = [sigmoid(w[0] + sum(wi * xi for wi, xi in zip(w[1:], x))) for x in xs]
    print(f"{len(rows)} observations of the dev set, {int(sum(ys))} right")
    print(f"log-loss: rule confidence {logloss(before, ys):.4f}, fitted {logloss(after, ys):.4f}")
    print("calibration before:", "; ".join(bands(before, ys)))
    print("calibration after: ", "; ".join(bands(after, ys)))
    print(f"bias = {w[0]:.4f}")
    for n, wi in zip(names, w[1:]):
        print(f"  {n:<26} {wi:+.4f}")
    if args.write:
        lines = [
            "# Weights of the confidence model (src/extract/confidence.rs). Written by",
            "# tools/fit_confidence.py; review a change like code.",
            f'fitted_on = "tools/fit_confidence.py on tests/corpus/dev ({len(rows)} observations, L2 {L2}'
            + (f", without {','.join(sorted(left_out))}" if left_out else "")
            + ')"',
            f"bias = {w[0]:.4f}",
            "",
            "[weights]",
        ] + [f"{n} = {wi:.4f}" for n, wi in zip(names, w[1:])]
        Path(args.write).write_text("\n".join(lines) + "\n")
        print(f"wrote {args.write}")


if __name__ == "__main__":
    main()
