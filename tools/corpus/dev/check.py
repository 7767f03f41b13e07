#!/usr/bin/env python3
"""Self-check of the dev corpus: every truth value occurs in its document's text, IBANs pass mod-97.

    python3 tools/corpus/dev/check.py [tests/corpus/dev]

Born-digital PDFs are read with `pdftotext -layout`; values are compared whitespace-insensitively (text
facts, which the scorer compares by words, punctuation-insensitively too). Choice and yes/no facts hold option
ids and are only checked against their option lists. Scans/photos are checked against their source's facts.
"""
import json
import sys
sys.dont_write_bytecode = True
import re
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fmt import iban_valid  # noqa: E402

TEXT = {"incident_location", "incident_description", "property_address"}
CHOICE = {"incident_type": {"collision", "parking_damage", "single_vehicle", "vandalism", "storm_or_hail", "other"},
          "damage_cause": {"water", "storm", "fire", "burglary", "other"},
          "counterparty_involved": {"yes", "no"}}
FACTS = {"motor_claim": {"claimant_name", "claimant_email", "claimant_phone", "policy_number", "licence_plate",
                         "incident_date", "incident_location", "incident_type", "incident_description",
                         "counterparty_involved", "counterparty_licence_plate", "damage_amount", "iban"},
         "home_damage": {"claimant_name", "claimant_email", "claimant_phone", "policy_number", "incident_date",
                         "damage_cause", "property_address", "incident_description", "damage_amount", "iban"}}


def ws(s):
    return re.sub(r"\s+", "", s)


def alnum(s):
    return re.sub(r"[\W_]+", "", s.lower())


def main():
    root = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parents[3] / "tests/corpus/dev")
    recs = [json.loads(l) for l in open(root / "truth.jsonl", encoding="utf-8")]
    by_file = {r["file"]: r for r in recs}
    errors = 0
    checked = 0
    for r in recs:
        facts = r["facts"]
        unknown = set(facts) - FACTS[r["case_type"]]
        if unknown:
            print("UNKNOWN FACT", r["file"], unknown)
            errors += 1
        if not (root / r["file"]).exists():
            print("MISSING FILE", r["file"])
            errors += 1
            continue
        if r["variant"] != "born_digital":
            src = by_file.get(r["source"])
            if not src or src["facts"] != facts:
                print("VARIANT FACTS DIFFER", r["file"])
                errors += 1
            continue
        text = subprocess.run(["pdftotext", "-layout", str(root / r["file"]), "-"], capture_output=True,
                              text=True, check=True).stdout
        t_ws, t_an = ws(text), alnum(text)
        for k, v in facts.items():
            checked += 1
            if k in CHOICE:
                ok = v in CHOICE[k]
            elif k in TEXT:
                ok = alnum(v) in t_an
            else:
                ok = ws(v) in t_ws
            if k == "iban" and not iban_valid(v):
                print("BAD IBAN", r["file"], v)
                errors += 1
            if not ok:
                print("NOT FOUND", r["file"], k, repr(v))
                errors += 1
    print("%d documents, %d born-digital values checked, %d errors" % (len(recs), checked, errors))
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
