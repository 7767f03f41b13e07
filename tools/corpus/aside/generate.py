#!/usr/bin/env python3
"""Generate the held-out ("aside") labelled claim-document corpus.

Usage:  python3 tools/corpus/aside/generate.py [--seed N] [--out tests/corpus/aside]

Deterministic for a given seed (document content, labels and degradations; PDF byte streams
may differ in embedded timestamps).
"""
import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import content  # noqa: E402
import render_html  # noqa: E402
import render_fpdf  # noqa: E402
import degrade  # noqa: E402
from values import iban_ok  # noqa: E402

SEED = 7319
PLAN = {
    "motor_claim": [("claim_form", 7), ("accident_statement", 7), ("repair_quote", 6), ("invoice", 6),
                    ("expert_report", 6), ("letter", 6), ("email", 6), ("portal_confirmation", 6)],
    "home_damage": [("claim_form", 6), ("repair_quote", 6), ("invoice", 6), ("expert_report", 6),
                    ("letter", 5), ("email", 6), ("portal_confirmation", 5)],
}
LANG_CYCLE = ["nl", "en", "nl", "nl", "en", "nl", "en"]
PRODUCERS = ["chromium", "libreoffice", "fpdf2"]
TEXT_FACTS = {"incident_location", "incident_description", "property_address"}
CHOICE_FACTS = {"incident_type", "damage_cause", "counterparty_involved"}


def chrome_theme(r, kind):
    if kind == "portal_confirmation":
        return r.choice(["portal", "portal", "corp", "cards"])
    if kind in ("letter", "email"):
        return r.choice(["serif", "corp", "mono"])
    if kind in ("invoice", "repair_quote"):
        return r.choice(["mono", "corp", "cards", "serif"])
    return r.choice(["corp", "cards", "serif", "mono"])


def plan(r):
    items = []
    p_off = 0
    for ct, kinds in PLAN.items():
        for kind, n in kinds:
            lang_off = r.randrange(len(LANG_CYCLE))
            for i in range(n):
                lang = LANG_CYCLE[(i + lang_off) % len(LANG_CYCLE)]
                prod = PRODUCERS[(i + p_off) % 3]
                items.append((ct, kind, lang, prod))
            p_off += 1
    r.shuffle(items)
    return items


def norm(s):
    return re.sub(r"\s+", "", s)


def pdftext(path):
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True).stdout


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--out", default=str(HERE.parent.parent.parent / "tests" / "corpus" / "aside"))
    ap.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    ap.add_argument("--soffice", default=shutil.which("soffice") or "/usr/bin/soffice")
    ap.add_argument("--no-variants", action="store_true")
    args = ap.parse_args()
    r = random.Random(args.seed)
    out = Path(args.out)
    docs_dir = out / "docs"
    if docs_dir.exists():
        shutil.rmtree(docs_dir)
    docs_dir.mkdir(parents=True)
    work = Path(tempfile.mkdtemp(prefix="aside_"))
    records = []
    cases = {}
    lo_jobs = []
    chrome_jobs = []
    for idx, (ct, kind, lang, prod) in enumerate(plan(r), start=1):
        dr = random.Random(args.seed * 1000 + idx)
        d, layout, case = content.build(dr, ct, kind, lang)
        name = "aside-%04d-%s-%s-%s.pdf" % (idx, prod, kind.replace("_", "-"), lang)
        target = docs_dir / name
        if prod == "fpdf2":
            theme = dr.choice(list(render_fpdf.THEMES))
            render_fpdf.render(d.b, theme, str(target))
        elif prod == "chromium":
            theme = chrome_theme(dr, kind)
            h = work / (name[:-4] + ".html")
            h.write_text(render_html.render(d.b, theme, lo=False), encoding="utf-8")
            chrome_jobs.append((h, target))
        else:
            theme = dr.choice(["lo_plain", "lo_serif", "lo_boxed"])
            font = {"lo_plain": dr.choice(["Liberation Sans", "DejaVu Sans"]), "lo_serif": "Liberation Serif",
                    "lo_boxed": dr.choice(["DejaVu Sans Condensed", "Liberation Sans Narrow"])}[theme]
            h = work / (name[:-4] + ".html")
            h.write_text(render_html.render(d.b, theme, lo=True, font=font), encoding="utf-8")
            lo_jobs.append((h, target))
        cases[name] = case
        records.append({"file": "docs/" + name, "case_type": ct, "kind": kind, "producer": prod,
                        "layout": "%s_%s" % (layout, theme), "language": lang, "variant": "born_digital",
                        "source": None, "facts": dict(sorted(d.facts.items()))})
    # chromium
    for h, target in chrome_jobs:
        prof = tempfile.mkdtemp(prefix="aside_chr_")
        subprocess.run([args.chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--user-data-dir=" + prof, "--no-pdf-header-footer", "--print-to-pdf=" + str(target),
                        "file://" + str(h)], capture_output=True, timeout=120)
        shutil.rmtree(prof, ignore_errors=True)
    # libreoffice (one batch)
    if lo_jobs:
        lo_out = work / "lo"
        lo_out.mkdir()
        prof = tempfile.mkdtemp(prefix="aside_lo_")
        subprocess.run([args.soffice, "-env:UserInstallation=file://" + prof, "--headless",
                        "--infilter=HTML (StarWriter)", "--convert-to", "pdf:writer_pdf_Export",
                        "--outdir", str(lo_out)] + [str(h) for h, _ in lo_jobs], capture_output=True, timeout=900)
        for h, target in lo_jobs:
            shutil.move(str(lo_out / (h.stem + ".pdf")), str(target))
        shutil.rmtree(prof, ignore_errors=True)
    # self-check of born-digital documents
    bad = 0
    for rec in records:
        txt = norm(pdftext(out / rec["file"]))
        for k, v in rec["facts"].items():
            if k in CHOICE_FACTS:
                continue
            if norm(v) not in txt:
                bad += 1
                print("MISSING %s %s=%r" % (rec["file"], k, v))
            if k == "iban" and not iban_ok(v):
                bad += 1
                print("BAD IBAN %s %r" % (rec["file"], v))
    # audit: a claim value visible in the text but not labelled
    for rec in records:
        c = cases[Path(rec["file"]).name]
        raw = pdftext(out / rec["file"])
        flat = re.sub(r"[\s\-./()+]", "", raw).lower()
        probes = {"policy_number": c.policy, "iban": c.iban, "claimant_email": c.p["email"],
                  "claimant_phone": c.phone[1]}
        if c.ct == "motor_claim":
            probes["licence_plate"] = c.plate
            if c.cp_plate:
                probes["counterparty_licence_plate"] = c.cp_plate
        for k, v in probes.items():
            pv = re.sub(r"[\s\-./()+]", "", v).lower()
            if pv in flat and k not in rec["facts"]:
                print("UNLABELLED? %s %s=%r" % (rec["file"], k, v))
    # scanned / photographed variants
    if not args.no_variants:
        records += degrade.make_variants(random.Random(args.seed + 99), records, out, len(records) + 1, work)
    with open(out / "truth.jsonl", "w", encoding="utf-8") as fh:
        for rec in records:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    shutil.rmtree(work, ignore_errors=True)
    print("documents: %d, check failures: %d" % (len(records), bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
