#!/usr/bin/env python3
"""Generate the labelled development corpus in tests/corpus/dev/ (see README.md next to this file).

    python3 tools/corpus/dev/generate.py [--seed 20261207] [--out tests/corpus/dev] [--only-born-digital]
"""
import argparse
import sys
sys.dont_write_bytecode = True
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import content  # noqa: E402
import degrade  # noqa: E402
import extra  # noqa: E402
import kinds  # noqa: E402
import render  # noqa: E402

ROOT = HERE.parents[2]

# (case_type, kind, count)
PLAN = [
    ("motor_claim", "claim_form", 11), ("motor_claim", "accident_statement", 10), ("motor_claim", "repair_quote", 9),
    ("motor_claim", "invoice", 9), ("motor_claim", "expert_report", 9), ("motor_claim", "letter", 9),
    ("motor_claim", "email", 9), ("motor_claim", "portal_confirmation", 9),
    ("home_damage", "claim_form", 11), ("home_damage", "repair_quote", 9), ("home_damage", "invoice", 9),
    ("home_damage", "expert_report", 9), ("home_damage", "letter", 9), ("home_damage", "email", 9),
    ("home_damage", "portal_confirmation", 9),
]
N_SCAN = 24
N_PHOTO = 16


def schedule(rng):
    jobs = []
    for ct, kind, n in PLAN:
        producers = (["chromium", "platypus", "chromium", "canvas"] * 10)[:n]
        langs = (["nl", "en", "nl", "nl", "en"] * 10)[:n]
        rng.shuffle(producers)
        rng.shuffle(langs)
        for i in range(n):
            jobs.append((ct, kind, producers[i], langs[i]))
    rng.shuffle(jobs)
    return jobs


def build(rng, ct, kind, lang):
    for _ in range(50):
        c = content.make_case(rng, ct, lang)
        if kind == "accident_statement" and not c["cp"]:
            continue
        b = kinds.B(rng, c)
        doc = kinds.BUILDERS[kind](b)
        return doc, b.facts
    raise RuntimeError("could not build")


def render_doc(producer, doc, path):
    if producer == "chromium":
        render.render_chromium(doc, path)
    elif producer == "platypus":
        render.render_platypus(doc, path)
    else:
        render.render_canvas(doc, path)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=20261207)
    ap.add_argument("--out", default=str(ROOT / "tests/corpus/dev"))
    ap.add_argument("--only-born-digital", action="store_true")
    ap.add_argument("--limit", type=int, default=0, help="only the first N born-digital documents (for testing)")
    ap.add_argument("--second-wave-only", action="store_true",
                    help="keep the first wave's documents and records as they are, (re)write only the second wave")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    out = Path(args.out)
    docs = out / "docs"
    if args.second_wave_only:
        with open(out / "truth.jsonl", encoding="utf-8") as f:
            records = [json.loads(line) for line in f if line.strip()]
        records = [r for r in records if not r["layout"].endswith(SECOND_WAVE_LAYOUTS)]
        for old in docs.glob("dev-*"):
            if int(old.name.split("-")[1]) > len(records):
                old.unlink()
        second_wave(args.seed, out, records)
        return
    if docs.exists():
        shutil.rmtree(docs)
    docs.mkdir(parents=True)
    jobs = schedule(rng)
    if args.limit:
        jobs = jobs[:args.limit]
    records = []
    for i, (ct, kind, producer, lang) in enumerate(jobs, 1):
        doc, facts = build(rng, ct, kind, lang)
        prod_name = "chromium" if producer == "chromium" else "reportlab"
        name = "docs/dev-%04d-%s-%s-%s.pdf" % (i, prod_name, kind, lang)
        render_doc(producer, doc, out / name)
        layout = ("rl_%s_" % producer if producer != "chromium" else "html_") + doc["theme"] + "_" + doc["layout"]
        records.append({"file": name, "case_type": ct, "kind": kind, "producer": prod_name, "layout": layout,
                        "language": lang, "variant": "born_digital", "source": None,
                        "facts": dict(sorted(facts.items()))})
        print("%4d %s %s" % (i, name, len(facts)), flush=True)
    if not args.only_born_digital:
        n = len(records)
        # scans from any document (all pages), photos only from single-page documents (page 1)
        pool = list(records)
        rng.shuffle(pool)
        scans = pool[:N_SCAN]
        single = [r for r in pool[N_SCAN:] if degrade.page_count(out / r["file"]) == 1]
        photos = single[:N_PHOTO]
        for variant, chosen in (("scan", scans), ("photo", photos)):
            for src in chosen:
                n += 1
                stem = Path(src["file"]).stem.split("-", 2)[2]
                ext = "pdf" if variant == "scan" else "jpg"
                name = "docs/dev-%04d-%s-%s.%s" % (n, stem, variant, ext)
                vr = random.Random(rng.random())
                if variant == "scan":
                    degrade.make_scan(out / src["file"], out / name, vr)
                else:
                    degrade.make_photo(out / src["file"], out / name, vr)
                rec = dict(src)
                rec.update(file=name, variant=variant, source=src["file"])
                records.append(rec)
                print("%4d %s" % (n, name), flush=True)
    if args.limit or args.only_born_digital:
        write_truth(out, records)
        return
    second_wave(args.seed, out, records)


SECOND_WAVE_LAYOUTS = tuple(sorted({"letter_prose", "email_reply", "accident_statement_sides"}))


def second_wave(seed, out, records):
    """Appends the second wave (tools/corpus/dev/extra.py), drawn from its own generator so the
    first wave stays as it was; a few of its documents also as scans."""
    rng = random.Random(seed + 1)
    jobs = []
    for ct, kind, builder, count in extra.PLAN:
        producers = (["chromium", "platypus", "canvas"] * 10)[:count]
        langs = (["nl", "en", "nl"] * 10)[:count]
        rng.shuffle(producers)
        rng.shuffle(langs)
        jobs += [(ct, kind, builder, producers[i], langs[i]) for i in range(count)]
    rng.shuffle(jobs)
    n = len(records)
    born = []
    for ct, kind, builder, producer, lang in jobs:
        for _ in range(50):
            c = content.make_case(rng, ct, lang)
            if kind == "accident_statement" and not c["cp"]:
                continue
            b = kinds.B(rng, c)
            doc = builder(b)
            break
        n += 1
        prod_name = "chromium" if producer == "chromium" else "reportlab"
        name = "docs/dev-%04d-%s-%s-%s.pdf" % (n, prod_name, kind, lang)
        render_doc(producer, doc, out / name)
        layout = ("rl_%s_" % producer if producer != "chromium" else "html_") + doc["theme"] + "_" + doc["layout"]
        rec = {"file": name, "case_type": ct, "kind": kind, "producer": prod_name, "layout": layout,
               "language": lang, "variant": "born_digital", "source": None, "facts": dict(sorted(b.facts.items()))}
        records.append(rec)
        born.append(rec)
        print("%4d %s %s" % (n, name, len(b.facts)), flush=True)
    for src in born[:N_SECOND_SCAN]:
        n += 1
        stem = Path(src["file"]).stem.split("-", 2)[2]
        name = "docs/dev-%04d-%s-scan.pdf" % (n, stem)
        degrade.make_scan(out / src["file"], out / name, random.Random(rng.random()))
        rec = dict(src)
        rec.update(file=name, variant="scan", source=src["file"])
        records.append(rec)
        print("%4d %s" % (n, name), flush=True)
    write_truth(out, records)


N_SECOND_SCAN = 4


def write_truth(out, records):
    with open(out / "truth.jsonl", "w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print("wrote %d records" % len(records))


if __name__ == "__main__":
    main()
