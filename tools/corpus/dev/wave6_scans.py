"""The dev set's scan wave: scans and phone photos of the WeasyPrint and fpdf2 documents.

Waves three to five (`dev-0210` ... `dev-0310`) have no scanned or photographed versions; this
makes ~24 scans (every page, image-only PDF) and ~16 photos (page 1 of single-page documents,
JPEG) of them with `degrade6.py`, numbered from `dev-0400`, and appends their truth lines
(the source's facts, `variant` scan/photo, `source` the born-digital file). It rewrites only
its own files and lines, so running it twice gives the same set.

    python3 tools/corpus/dev/wave6_scans.py [--seed 20261208]
"""
import argparse
import json
import random
import re
from pathlib import Path

import degrade6

FIRST = 400
N_SCAN, N_PHOTO = 24, 16


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=20261208)
    ap.add_argument("--out", default=str(Path(__file__).resolve().parents[3] / "tests/corpus/dev"))
    args = ap.parse_args()
    out = Path(args.out)
    truth = out / "truth.jsonl"
    lines = [json.loads(l) for l in truth.read_text().splitlines() if l.strip()]
    mine = lambda r: re.match(r"docs/dev-0(4\d\d)-", r["file"]) and r["variant"] in ("scan", "photo")
    for r in lines:
        if mine(r):
            (out / r["file"]).unlink(missing_ok=True)
    lines = [r for r in lines if not mine(r)]
    num = lambda r: int(re.match(r"docs/dev-(\d+)-", r["file"]).group(1))
    pool = [r for r in lines if r["variant"] == "born_digital" and 210 <= num(r) <= 310]
    rng = random.Random(args.seed)
    rng.shuffle(pool)
    scans = pool[:N_SCAN]
    single = [r for r in pool[N_SCAN:] if degrade6.page_count(out / r["file"]) == 1]
    photos = single[:N_PHOTO]
    n = FIRST - 1
    new = []
    for variant, chosen in (("scan", scans), ("photo", photos)):
        for src in chosen:
            n += 1
            stem = Path(src["file"]).stem.split("-", 2)[2]
            ext = "pdf" if variant == "scan" else "jpg"
            name = "docs/dev-%04d-%s-%s.%s" % (n, stem, variant, ext)
            vr = random.Random(rng.random())
            if variant == "scan":
                how = degrade6.make_scan(out / src["file"], out / name, vr)
            else:
                how = degrade6.make_photo(out / src["file"], out / name, vr)
            rec = dict(src)
            rec.update(file=name, variant=variant, source=src["file"])
            new.append(rec)
            print("%4d %s %s" % (n, name, how), flush=True)
    with truth.open("w") as f:
        for r in lines + new:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
