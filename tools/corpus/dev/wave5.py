#!/usr/bin/env python3
"""The fifth wave of the dev set: a third blind check, written before the reader was changed for it.

    python3 tools/corpus/dev/wave5.py [--seed 20261210] [--out tests/corpus/dev]

Written from general knowledge of how Dutch and English insurers, brokers, contractors, loss
adjusters and claimants word and lay out claim documents, without looking at the reader's code,
its lexicon or the case types' labels (only the fact ids and option ids of the truth schema).
Producer fpdf2 2.8.3 (the only PDF producer installed quickly on this machine) with page
templates of its own: forms with numbered section headings and bare labels under them
("Datum", "Omschrijving", "Date", "Description"), labels above boxed values, the insured
property's address beside a correspondence address, a contractor's and an insurer's, kinds
of incident written as free text (or not at all), descriptions as a paragraph under a heading,
in a table cell and after the date on one line, several people's phones on one document.

Rewrites only its own documents (`dev-0281` on) and their truth lines (layout `w5_*`).
People, places and value shapes come from wave4.py / wave3.py.
"""
import argparse
import json
import random
import sys
from pathlib import Path

sys.dont_write_bytecode = True
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from wave3 import phone  # noqa: E402
from wave4 import INSURERS, Doc, T, addr, address, amt, biz, dt, make_case, person  # noqa: E402

ROOT = HERE.parents[2]
FIRST = 281

# free-text kinds of motor incident as a form's field would carry them (option id, nl, en)
MOTOR_KIND = [("collision", "Aanrijding met tegenpartij", "Collision with another car"),
              ("parking_damage", "Parkeerschade", "Damaged while parked"),
              ("single_vehicle", "Eenzijdig ongeval (tegen paal)", "Single-vehicle accident"),
              ("vandalism", "Vandalisme", "Vandalism"),
              ("storm_or_hail", "Hagelschade", "Hail damage")]
HOME_CAUSE = {"water": ("Waterschade (lekkage)", "Escape of water"), "storm": ("Stormschade", "Storm damage"),
              "fire": ("Brandschade", "Fire damage"), "burglary": ("Inbraak", "Burglary")}


def other_address(rng, c):
    while True:
        street, pc, town = address(rng)
        a = f"{street}, {pc} {town}"
        if a != addr(c):
            return a


def boxed(d, label, value, w=174, x=18):
    """Label in small type above a bordered box holding the value."""
    d.font(7.5)
    y = d.pdf.get_y()
    d.pdf.set_xy(x, y)
    d.pdf.cell(w, 4, label)
    d.font(9.5)
    d.pdf.set_xy(x, y + 4)
    d.pdf.multi_cell(w, 6, value, border=1, new_x="LMARGIN", new_y="NEXT")
    d.pdf.ln(1.5)


def heading(d, text):
    d.pdf.ln(2)
    d.font(11, True)
    d.pdf.cell(0, 6, text, new_x="LMARGIN", new_y="NEXT", border="B")
    d.font(9.5)
    d.pdf.ln(1.5)


# ---------------------------------------------------------------- documents


def home_form_sections(rng, c):
    """Home claim form: numbered sections, bare labels under them, a correspondence address beside the
    insured address, the cause as free text or not at all."""
    d = Doc()
    ins = biz(rng, "insurer")
    d.letterhead(ins, right=False)
    d.title(T(c, "Schademelding woonverzekering", "Home insurance - notification of loss"))
    corr = other_address(rng, c)
    heading(d, T(c, "1  Verzekeringnemer", "1  Policyholder"))
    d.kv(T(c, "Naam", "Name"), c["name"], lw=40)
    d.kv(T(c, "Correspondentieadres", "Correspondence address"), corr, lw=40)
    d.kv(T(c, "Telefoon", "Telephone"), c["phone"], lw=40)
    d.kv(T(c, "E-mail", "Email"), c["email"], lw=40)
    d.kv(T(c, "Polisnummer", "Policy no."), c["policy"], lw=40)
    heading(d, T(c, "2  Verzekerd object", "2  Insured property"))
    d.kv(T(c, "Adres", "Address"), addr(c), lw=40)
    d.kv(T(c, "Bouwjaar", "Year built"), str(rng.randint(1930, 2015)), lw=40)
    heading(d, T(c, "3  De schade", "3  The loss"))
    d.kv(T(c, "Datum", "Date"), dt(c), lw=40)
    f = dict(claimant_name=c["name"], claimant_phone=c["phone"], claimant_email=c["email"], policy_number=c["policy"],
             property_address=addr(c), incident_date=dt(c), incident_description=c["desc"], damage_amount=amt(c))
    if rng.random() < 0.6:
        d.kv(T(c, "Oorzaak", "Cause"), T(c, *HOME_CAUSE[c["cause"]]), lw=40)
        f["damage_cause"] = c["cause"]
    d.kv(T(c, "Omschrijving", "Description"), c["desc"], lw=40)
    d.kv(T(c, "Bedrag", "Amount"), amt(c), lw=40)
    heading(d, T(c, "4  Betaling", "4  Payment"))
    d.kv("IBAN", c["iban"], lw=40)
    f["iban"] = c["iban"]
    d.kv(T(c, "Ten name van", "Account holder"), c["name"], lw=40)
    d.pdf.ln(3)
    d.para(T(c, f"Ondertekend te {c['town']} op {dt(c, 5, 0)}.", f"Signed at {c['town']} on {dt(c, 5, 0)}."))
    return d, f, "w5_home_form_sections"


def home_form_boxed(rng, c):
    """Broker's home claim form with labels above boxed values, the description as a paragraph under
    its own heading and the contractor's address and phone in a section of their own."""
    d = Doc()
    broker = {"name": rng.choice(["Assurantiekantoor De Linde", "Van Dam Advies & Verzekeringen", "Polder Brokers B.V."]),
              "addr": other_address(rng, c), "phone": phone(rng, mobile=False), "email": "schade@tussenpersoon.nl"}
    d.letterhead(broker)
    d.title(T(c, "Schadeaangifte brand / storm / water", "Property claim form"))
    boxed(d, T(c, "Naam verzekerde", "Name of insured"), c["name"])
    boxed(d, T(c, "Adres van het verzekerde pand", "Address of the insured premises"), addr(c))
    boxed(d, T(c, "Telefoonnummer overdag", "Daytime telephone"), c["phone"])
    boxed(d, T(c, "Polisnummer maatschappij", "Insurer's policy number"), c["policy"])
    boxed(d, T(c, "Schadedatum", "Date of loss"), dt(c))
    heading(d, T(c, "Toedracht", "How did it happen?"))
    d.para(c["desc"])
    con = biz(rng, "contractor")
    heading(d, T(c, "Hersteller", "Repairer"))
    d.kv(T(c, "Bedrijf", "Firm"), con["name"], lw=40)
    d.kv(T(c, "Adres", "Address"), con["addr"], lw=40)
    d.kv(T(c, "Telefoon", "Telephone"), con["phone"], lw=40)
    d.kv(T(c, "Geraamde kosten", "Estimated cost"), amt(c), lw=40)
    f = dict(claimant_name=c["name"], property_address=addr(c), claimant_phone=c["phone"], policy_number=c["policy"],
             incident_date=dt(c), incident_description=c["desc"], damage_amount=amt(c))
    return d, f, "w5_home_form_boxed"


def contractor_doc(rng, c, kind):
    """Contractor's quote or invoice: its own address, the customer's billing address, the insurer's
    address and the work address (the insured property) as separate blocks."""
    d = Doc()
    con = biz(rng, "contractor")
    d.letterhead(con)
    billing = other_address(rng, c) if rng.random() < 0.5 else addr(c)
    ins = biz(rng, "insurer")
    y = d.pdf.get_y()
    d.font(8.5, True)
    d.pdf.cell(85, 5, T(c, "Factuuradres", "Bill to") if kind == "invoice" else T(c, "Opdrachtgever", "Client"))
    d.pdf.cell(85, 5, T(c, "Verzekeraar", "Insurer"), new_x="LMARGIN", new_y="NEXT")
    d.font(9)
    for left, right in zip([c["name"], billing], [ins["name"], ins["addr"]]):
        d.pdf.cell(85, 5, left)
        d.pdf.cell(85, 5, right, new_x="LMARGIN", new_y="NEXT")
    d.pdf.set_y(max(d.pdf.get_y(), y) + 3)
    num = rng.randint(20260001, 20269999)
    d.title(T(c, "FACTUUR" if kind == "invoice" else "OFFERTE", "INVOICE" if kind == "invoice" else "QUOTATION"), 13)
    d.kv(T(c, "Nummer", "Number"), str(num), lw=45)
    d.kv(T(c, "Datum", "Date"), dt(c, 6 if kind == "repair_quote" else 14, 0), lw=45)
    d.kv(T(c, "Werkadres", "Site address"), addr(c), lw=45)
    d.kv(T(c, "Uw referentie", "Your reference"), c["policy"], lw=45)
    d.kv(T(c, "Betreft", "Re"), T(c, f"herstel {HOME_CAUSE[c['cause']][0].lower()} d.d. {dt(c)}",
                                   f"repair of {HOME_CAUSE[c['cause']][1].lower()} of {dt(c)}"), lw=45)
    d.pdf.ln(2)
    total = c["amount"]
    net = round(total / 1.21, 2)
    lab = round(net * 0.4, 2)
    mat = round(net - lab, 2)
    rows = [[T(c, "Omschrijving", "Description"), T(c, "Bedrag", "Amount")],
            [T(c, "Materialen", "Materials"), amt(c, mat)], [T(c, "Arbeid", "Labour"), amt(c, lab)],
            [T(c, "Subtotaal excl. BTW", "Subtotal excl. VAT"), amt(c, net)],
            [T(c, "BTW 21%", "VAT 21%"), amt(c, round(total - net, 2))],
            [T(c, "Totaal incl. BTW", "Total incl. VAT"), amt(c)]]
    d.table(rows, [120, 54], aligns=["L", "R"])
    if kind == "invoice":
        d.para(T(c, f"Graag binnen 30 dagen overmaken op {con['iban']} o.v.v. factuurnummer {num}.",
                 f"Please pay within 30 days to {con['iban']} quoting invoice {num}."), size=8.5)
    d.footer_text(f"{con['name']} · KvK {con['kvk']} · {con['addr']}")
    f = dict(claimant_name=c["name"], property_address=addr(c), damage_amount=amt(c), incident_date=dt(c),
             damage_cause=c["cause"], policy_number=c["policy"])
    return d, f, f"w5_home_{kind}_addresses"


def adjuster_report(rng, c):
    """Loss adjuster's report: the adjuster's office, the insurer and the risk address, the cause
    in a sentence of the findings, the description under a heading."""
    d = Doc()
    ex = biz(rng, "expert")
    d.letterhead(ex, right=False)
    d.title(T(c, "Expertiserapport", "Loss adjuster's report"))
    d.kv(T(c, "Opdrachtgever", "Instructed by"), f"{rng.choice(INSURERS)}, {other_address(rng, c)}", lw=45)
    d.kv(T(c, "Verzekerde", "Insured"), c["name"], lw=45)
    d.kv(T(c, "Risicoadres", "Risk address"), addr(c), lw=45)
    d.kv(T(c, "Polis", "Policy"), c["policy"], lw=45)
    d.kv(T(c, "Datum schade", "Date of loss"), dt(c), lw=45)
    d.kv(T(c, "Datum opname", "Date of inspection"), dt(c, 4, 0), lw=45)
    heading(d, T(c, "Oorzaak en toedracht", "Cause and circumstances"))
    d.para(c["desc"])
    heading(d, T(c, "Vastgestelde schade", "Assessed loss"))
    d.table([[T(c, "Post", "Item"), T(c, "Bedrag", "Amount")], [T(c, "Opstal", "Buildings"), amt(c, round(c["amount"] * 0.7, 2))],
             [T(c, "Inboedel", "Contents"), amt(c, round(c["amount"] - round(c["amount"] * 0.7, 2), 2))],
             [T(c, "Totaal schade", "Total loss"), amt(c)], [T(c, "Eigen risico", "Excess"), amt(c, 250.0)]],
            [120, 54], aligns=["L", "R"])
    f = dict(claimant_name=c["name"], property_address=addr(c), policy_number=c["policy"], incident_date=dt(c),
             incident_description=c["desc"], damage_amount=amt(c))
    return d, f, "w5_home_adjuster_report"


def motor_form_sections(rng, c):
    """Motor claim form: the kind of incident as free text (or no such field), bare "Datum" /
    "Plaats" / "Omschrijving" under a damage heading, a second driver's phone."""
    d = Doc()
    ins = biz(rng, "insurer")
    d.letterhead(ins, right=False)
    d.title(T(c, "Schadeformulier motorrijtuigen", "Motor claim form"))
    heading(d, T(c, "Verzekerde", "Insured"))
    d.kv(T(c, "Naam", "Name"), c["name"], lw=40)
    d.kv(T(c, "Adres", "Address"), addr(c), lw=40)
    d.kv(T(c, "Telefoon", "Telephone"), c["phone"], lw=40)
    d.kv(T(c, "Polisnummer", "Policy number"), c["policy"], lw=40)
    heading(d, T(c, "Voertuig", "Vehicle"))
    d.kv(T(c, "Merk en type", "Make and model"), c["car"], lw=40)
    d.kv(T(c, "Kenteken", "Registration"), c["plate"], lw=40)
    driver = person(rng, c["lang"])
    dphone = phone(rng)
    d.kv(T(c, "Bestuurder (indien niet verzekerde)", "Driver (if not the insured)"), f"{driver}, tel. {dphone}", lw=40)
    heading(d, T(c, "Schadegegevens", "Details of the incident"))
    f = dict(claimant_name=c["name"], claimant_phone=c["phone"], policy_number=c["policy"], licence_plate=c["plate"],
             incident_date=dt(c), incident_location=c["loc"], incident_description=c["desc"])
    d.kv(T(c, "Datum", "Date"), dt(c), lw=40)
    d.kv(T(c, "Plaats", "Place"), c["loc"], lw=40)
    kinds = [k for k in MOTOR_KIND if k[0] == c["type"]]
    if kinds and rng.random() < 0.6:
        d.kv(T(c, "Soort schade", "Type of claim"), T(c, kinds[0][1], kinds[0][2]), lw=40)
        f["incident_type"] = c["type"]
    d.kv(T(c, "Omschrijving", "Description"), c["desc"], lw=40)
    if c["cp"]:
        d.kv(T(c, "Kenteken tegenpartij", "Other vehicle's registration"), c["cp_plate"], lw=40)
        f.update(counterparty_licence_plate=c["cp_plate"], counterparty_involved="yes")
    d.kv(T(c, "Getuige", "Witness"), f"{c['witness']} ({c['witness_phone']})", lw=40)
    return d, f, "w5_motor_form_sections"


def motor_form_table(rng, c):
    """Motor claim form as one bordered table: question | answer, the description in a cell after the
    date ("Datum en omschrijving"), no kind of incident asked."""
    d = Doc()
    ins = biz(rng, "insurer")
    d.letterhead(ins)
    d.title(T(c, "Melding autoschade", "Car damage report"))
    rows = [(T(c, "Naam verzekeringnemer", "Policyholder"), c["name"]),
            (T(c, "Mobiel nummer", "Mobile number"), c["phone"]),
            (T(c, "E-mailadres", "Email address"), c["email"]),
            (T(c, "Kenteken", "Registration number"), c["plate"]),
            (T(c, "Wanneer", "When"), dt(c)),
            (T(c, "Waar", "Where"), c["loc"]),
            (T(c, "Wat is er gebeurd", "What happened"), c["desc"]),
            (T(c, "Reparatiekosten volgens garage", "Repair cost per garage"), amt(c)),
            (T(c, "Uitbetalen op rekening", "Pay into account"), c["iban"])]
    for q, a in rows:
        y = d.pdf.get_y()
        d.font(8.5, True)
        d.pdf.set_xy(18, y)
        d.pdf.multi_cell(60, 6, q, border=1, new_x="RIGHT", new_y="TOP")
        d.font(9)
        d.pdf.set_xy(78, y)
        d.pdf.multi_cell(114, 6, a, border=1, new_x="LMARGIN", new_y="NEXT")
    f = dict(claimant_name=c["name"], claimant_phone=c["phone"], claimant_email=c["email"], licence_plate=c["plate"],
             incident_date=dt(c), incident_location=c["loc"], incident_description=c["desc"], damage_amount=amt(c),
             iban=c["iban"])
    return d, f, "w5_motor_form_table"


def letter_phones(rng, c):
    """Claimant's letter with several people's phones: a partner's, a neighbour's or the other
    driver's, the contractor's or garage's, and the claimant's own in the signature block."""
    d = Doc()
    partner = person(rng, c["lang"])
    pphone = phone(rng)
    d.para(f"{c['name']}\n{addr(c)}")
    d.para(f"{rng.choice(INSURERS)}\n{T(c, 'Afdeling Schade', 'Claims Department')}")
    d.para(T(c, f"{c['town']}, {dt(c, 2, 1)}", dt(c, 2, 1)))
    f = dict(claimant_name=c["name"], policy_number=c["policy"], incident_date=dt(c), incident_description=c["desc"],
             claimant_phone=c["phone"])
    if c["ct"] == "home_damage":
        f["property_address"] = addr(c)
    else:
        f.update(licence_plate=c["plate"])
    if c["lang"] == "nl":
        body = [f"Onderwerp: schademelding polisnummer {c['policy']}", "Geachte heer/mevrouw,",
                f"Hierbij meld ik schade die op {dt(c)} is ontstaan."
                + (f" Het gaat om mijn auto met kenteken {c['plate']}." if c["ct"] == "motor_claim" else ""),
                c["desc"],
                f"Overdag ben ik slecht bereikbaar; u kunt dan contact opnemen met mijn partner {partner} op {pphone}. "
                f"Onze buurvrouw {c['witness']} heeft alles gezien en is bereikbaar via {c['witness_phone']}.",
                "Met vriendelijke groet,", f"{c['name']}\nTel.: {c['phone']}"]
    else:
        body = [f"Subject: claim under policy {c['policy']}", "Dear Claims Team,",
                f"I am writing to report damage that occurred on {dt(c)}."
                + (f" The vehicle concerned is my car, registration {c['plate']}." if c["ct"] == "motor_claim" else ""),
                c["desc"],
                f"During working hours please call my partner {partner} on {pphone}. "
                f"Our neighbour {c['witness']} saw what happened and can be reached on {c['witness_phone']}.",
                "Kind regards,", f"{c['name']}\nPhone: {c['phone']}"]
    for p in body:
        d.para(p)
    return d, f, "w5_letter_phones"


def email_freetext(rng, c):
    """E-mail printout: the claimant names the kind of damage only inside the account (no field), the
    date and the account on one line, a colleague's phone in the forwarded signature below."""
    d = Doc()
    d.font(8.5)
    ins = biz(rng, "insurer")
    for k, v in [(T(c, "Van", "From"), f"{c['name']} <{c['email']}>"), (T(c, "Aan", "To"), ins["email"]),
                 (T(c, "Datum", "Sent"), dt(c, 1, 1)), (T(c, "Onderwerp", "Subject"), T(c, "Schade", "Damage"))]:
        d.kv(k, v, lw=22)
    d.pdf.line(18, d.pdf.get_y() + 1, 192, d.pdf.get_y() + 1)
    d.pdf.ln(4)
    f = dict(claimant_name=c["name"], claimant_email=c["email"], incident_date=dt(c), incident_description=c["desc"],
             claimant_phone=c["phone"])
    if c["lang"] == "nl":
        body = ["Beste mensen,", f"{dt(c)}: {c['desc']}",
                f"Mijn polisnummer is {c['policy']}. Ik ben bereikbaar op {c['phone']}.", f"Groet,\n{c['name']}",
                f"-----Oorspronkelijk bericht-----\nVan: {ins['name']}\nWij hebben uw melding ontvangen. "
                f"Vragen? Bel onze schadebehandelaar {person(rng, 'nl')} op {ins['phone']}."]
    else:
        body = ["Hello,", f"{dt(c)}: {c['desc']}",
                f"My policy number is {c['policy']}. You can reach me on {c['phone']}.", f"Regards,\n{c['name']}",
                f"-----Original message-----\nFrom: {ins['name']}\nThank you for your notification. "
                f"Questions? Call your claims handler {person(rng, 'en')} on {ins['phone']}."]
    f["policy_number"] = c["policy"]
    if c["ct"] == "home_damage":
        body.insert(2, T(c, f"Het adres is {addr(c)}.", f"The address is {addr(c)}."))
        f["property_address"] = addr(c)
    for p in body:
        d.para(p)
    return d, f, "w5_email_freetext"


PLAN = [("home_damage", home_form_sections, 6), ("home_damage", home_form_boxed, 3),
        ("home_damage", "repair_quote", 3), ("home_damage", "invoice", 3), ("home_damage", adjuster_report, 2),
        ("home_damage", letter_phones, 2), ("home_damage", email_freetext, 1),
        ("motor_claim", motor_form_sections, 5), ("motor_claim", motor_form_table, 2),
        ("motor_claim", letter_phones, 2), ("motor_claim", email_freetext, 1)]
KIND = {home_form_sections: "claim_form", home_form_boxed: "claim_form", adjuster_report: "expert_report",
        letter_phones: "letter", email_freetext: "email", motor_form_sections: "claim_form",
        motor_form_table: "claim_form"}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=20261210)
    ap.add_argument("--out", default=str(ROOT / "tests/corpus/dev"))
    args = ap.parse_args()
    rng = random.Random(args.seed)
    out = Path(args.out)
    truth = out / "truth.jsonl"
    kept = [l for l in truth.read_text().splitlines() if l.strip() and not json.loads(l)["layout"].startswith("w5_")]
    records = []
    n = FIRST
    for ct, builder, count in PLAN:
        for _i in range(count):
            lang = "en" if n % 5 in (1, 3) else "nl"
            c = make_case(rng, ct, lang)
            if isinstance(builder, str):
                doc, facts, layout = contractor_doc(rng, c, builder)
                kind = builder
            else:
                doc, facts, layout = builder(rng, c)
                kind = KIND[builder]
            name = f"docs/dev-{n:04d}-fpdf2-{kind}-{lang}.pdf"
            doc.save(out / name)
            records.append({"file": name, "case_type": ct, "kind": kind, "producer": "fpdf2", "layout": layout,
                            "language": lang, "variant": "born_digital", "source": None,
                            "facts": dict(sorted(facts.items()))})
            n += 1
    truth.write_text("\n".join(kept + [json.dumps(r, ensure_ascii=False) for r in records]) + "\n")
    print(f"wrote {len(records)} documents")


if __name__ == "__main__":
    main()
