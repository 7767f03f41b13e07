#!/usr/bin/env python3
"""The third wave of the dev set: a blind check written before the reader was changed for it.

    python3 tools/corpus/dev/wave3.py [--seed 20261208] [--out tests/corpus/dev]

Written from general knowledge of how Dutch and English insurers, garages, expert bureaus,
contractors, portals and claimants word and lay out claim documents, without looking at the
reader's code, its lexicon or the case types' labels (only the fact ids and option ids). The
producer is WeasyPrint (HTML/CSS to PDF), which neither the first two waves nor the aside set
use. Every document carries distractors: the issuer's phone, e-mail and IBAN in a letterhead or
footer, witnesses' and the other party's phones, subtotals, VAT, line amounts, deductibles,
invoice and letter dates beside the incident date.

Rewrites only its own documents (`dev-0210` on) and their truth lines (layout `w3_*`); the first
two waves stay as they are.
"""
import argparse
import json
import random
import re
import sys
from pathlib import Path

sys.dont_write_bytecode = True

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
FIRST = 210

# ---------------------------------------------------------------- value shapes

LETTERS = "BDFGHJKLNPRSTVXZ"


def plate(rng):
    L = lambda n: "".join(rng.choice(LETTERS) for _ in range(n))  # noqa: E731
    D = lambda n: "".join(rng.choice("0123456789") for _ in range(n))  # noqa: E731
    form = rng.choice([
        lambda: f"{L(2)}-{D(3)}-{L(1)}", lambda: f"{D(1)}-{L(3)}-{D(2)}", lambda: f"{L(3)}-{D(2)}-{L(1)}",
        lambda: f"{D(2)}-{L(3)}-{D(1)}", lambda: f"{L(1)}-{D(3)}-{L(2)}", lambda: f"{L(2)}-{L(2)}-{D(2)}",
    ])
    return form()


def iban_check(country, bban):
    digits = "".join(str(int(c, 36)) for c in bban + country + "00")
    return f"{98 - int(digits) % 97:02d}"


def iban(rng, spaced=True):
    bank = rng.choice(["INGB", "RABO", "ABNA", "SNSB", "TRIO", "ASNB", "KNAB", "BUNQ"])
    acct = "".join(rng.choice("0123456789") for _ in range(10))
    bban = bank + acct
    s = "NL" + iban_check("NL", bban) + bban
    if spaced:
        return " ".join(s[i:i + 4] for i in range(0, len(s), 4))
    return s


def phone(rng, mobile=None):
    mobile = rng.random() < 0.6 if mobile is None else mobile
    if mobile:
        n = "".join(rng.choice("0123456789") for _ in range(8))
        return rng.choice([f"06-{n}", f"06 {n[:2]} {n[2:4]} {n[4:6]} {n[6:]}", f"+31 6 {n[:4]} {n[4:]}",
                           f"0031 6 {n}", f"06 {n[:4]} {n[4:]}"])
    area = rng.choice(["010", "020", "030", "040", "050", "070", "024", "026", "043", "053", "0172", "0318"])
    rest = "".join(rng.choice("0123456789") for _ in range(10 - len(area)))
    return rng.choice([f"{area}-{rest}", f"({area}) {rest}", f"{area} {rest[:3]} {rest[3:]}",
                       f"+31 {area[1:]} {rest}"])


def policy(rng):
    d = lambda n: "".join(rng.choice("0123456789") for _ in range(n))  # noqa: E731
    return rng.choice([f"AP-{d(7)}", f"{d(3)}.{d(3)}.{d(3)}", f"WP{d(8)}", f"MZ/{d(6)}/{d(2)}",
                       f"{d(10)}", f"POL-{d(4)}-{d(4)}", f"BV{d(6)}"])


def amount_nl(x, style):
    s = f"{x:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")
    return {0: f"€ {s}", 1: f"EUR {s}", 2: f"{s}", 3: f"€{s}", 4: f"{s} EUR"}[style]


def amount_en(x, style):
    s = f"{x:,.2f}"
    return {0: f"€{s}", 1: f"EUR {s}", 2: f"{s}", 3: f"€ {s}", 4: f"{s} EUR"}[style]


MONTHS_NL = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
             "oktober", "november", "december"]
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
             "October", "November", "December"]


def date_s(lang, d, m, y, style):
    if style == 0:
        return f"{d:02d}-{m:02d}-{y}"
    if style == 1:
        return f"{d} {MONTHS_NL[m - 1]} {y}" if lang == "nl" else f"{d} {MONTHS_EN[m - 1]} {y}"
    if style == 2:
        return f"{d:02d}/{m:02d}/{y}"
    if style == 3:
        return f"{y}-{m:02d}-{d:02d}"
    if style == 4:
        return f"{d}-{m}-{y}"
    return f"{d} {MONTHS_NL[m - 1][:3]} {y}" if lang == "nl" else f"{MONTHS_EN[m - 1]} {d}, {y}"


# ---------------------------------------------------------------- people and places

FIRST_NL = ["Sanne", "Thijs", "Fleur", "Bram", "Noor", "Jeroen", "Maaike", "Ruben", "Esther", "Wouter",
            "Ilse", "Koen", "Hanneke", "Mehmet", "Fatima", "Dirk", "Marloes", "Gijs", "Yara", "Pieter"]
LAST_NL = ["van der Linden", "Bakker", "Jansen", "de Groot", "Mulder", "Kuipers", "Verhoeven", "Smit",
           "Dekker", "van Dijk", "Brouwer", "Hendriks", "Postma", "Yilmaz", "El Amrani", "Schouten",
           "de Boer", "Vermeulen", "van Leeuwen", "Kok"]
FIRST_EN = ["Oliver", "Emily", "James", "Charlotte", "Harry", "Sophie", "Thomas", "Grace", "Daniel", "Lucy"]
LAST_EN = ["Walker", "Thompson", "Hughes", "Clarke", "Bennett", "Morris", "Patel", "Carter", "Wright", "Hall"]
STREETS = ["Kastanjelaan", "Molenweg", "Stationsstraat", "Burgemeester de Withstraat", "Zuiderhaven",
           "Lindengracht", "Parallelweg", "Koningin Julianalaan", "Tolhuisweg", "Esdoornhof", "Rijnkade",
           "Vondelstraat", "Graaf Florisweg", "Dorpsstraat", "Oude Gracht"]
TOWNS = [("Zwolle", "8011"), ("Amersfoort", "3811"), ("Haarlem", "2011"), ("Deventer", "7411"),
         ("Tilburg", "5038"), ("Leiden", "2312"), ("Groningen", "9711"), ("Arnhem", "6811"),
         ("Delft", "2611"), ("Zaandam", "1506"), ("Hengelo", "7551"), ("Gouda", "2801")]


def person(rng, lang):
    if lang == "en" and rng.random() < 0.5:
        return f"{rng.choice(FIRST_EN)} {rng.choice(LAST_EN)}"
    return f"{rng.choice(FIRST_NL)} {rng.choice(LAST_NL)}"


def email_of(rng, name, domain=None):
    parts = re.sub(r"[^a-z ]", "", name.lower()).split()
    local = rng.choice([f"{parts[0]}.{parts[-1]}", f"{parts[0][0]}{parts[-1]}", f"{parts[0]}{rng.randint(10, 99)}"])
    return f"{local}@{domain or rng.choice(['gmail.com', 'hotmail.nl', 'outlook.com', 'ziggo.nl', 'kpnmail.nl', 'xs4all.nl'])}"


def address(rng):
    town, pc = rng.choice(TOWNS)
    return (f"{rng.choice(STREETS)} {rng.randint(2, 180)}{rng.choice(['', '', 'a', '-2'])}",
            f"{pc} {rng.choice('ABCDEGHJKLMNPRSTVWXZ')}{rng.choice('ABCDEGHJKLMNPRSTVWXZ')}", town)


BUSINESSES = {
    "garage": ["Autoschade Rijnland B.V.", "Carrosseriebedrijf De Kroon", "AutoHerstel Twente", "Garage Van Vliet & Zn.",
               "Schadeherstel Oost B.V.", "Poetsen & Spuiten Kuijpers"],
    "expert": ["Expertisebureau Noordhoff", "TVM Schade-expertise", "Van Ommen Taxaties B.V.", "CED-partner Holland"],
    "contractor": ["Dakwerken Verbeek", "Aannemersbedrijf Hofstede", "Loodgietersbedrijf Aqua-Fix",
                   "Bouwbedrijf De Vries & Partners", "Schilders- en Glaswerk Ooms"],
    "insurer": ["Zuiderland Verzekeringen", "Polder Assuradeuren", "Veilig Thuis Verzekeringen", "Meridiaan Schade N.V."],
}

MOTOR_EVENTS = {
    "nl": [("collision", "Aanrijding met ander voertuig",
            "Bij het afslaan naar links werd ik van achteren aangereden door een bestelbus die te laat remde."),
           ("collision", "Botsing",
            "De tegenpartij reed bij het verlaten van de rotonde tegen de rechterzijkant van mijn auto."),
           ("parking_damage", "Parkeerschade",
            "Mijn auto stond geparkeerd bij de supermarkt; bij terugkomst zat er een flinke deuk in het achterspatbord."),
           ("single_vehicle", "Eenzijdig ongeval",
            "Door gladheid raakte ik in de bocht van de weg en kwam ik tegen een lantaarnpaal tot stilstand."),
           ("vandalism", "Vandalisme",
            "'s Nachts zijn beide zijspiegels van mijn auto afgetrapt en is de lak bekrast."),
           ("storm_or_hail", "Hagelschade",
            "Tijdens de hagelbui van zaterdagmiddag is de motorkap en het dak van mijn auto vol deuken geslagen.")],
    "en": [("collision", "Collision with another vehicle",
            "While I was waiting at the traffic lights a van drove into the back of my car."),
           ("collision", "Collision",
            "The other driver pulled out of a side street without looking and hit my front wing."),
           ("parking_damage", "Damage while parked",
            "My car was parked in the multi-storey car park and someone scraped the rear door while manoeuvring."),
           ("single_vehicle", "Single-vehicle accident",
            "I swerved to avoid a deer and hit the crash barrier on the right-hand side."),
           ("vandalism", "Vandalism",
            "During the night someone smashed the side window and damaged the dashboard."),
           ("storm_or_hail", "Storm damage",
            "A branch came down during the storm and fell onto the roof of my parked car.")],
}
HOME_EVENTS = {
    "nl": [("water", "Waterschade",
            "Door een gesprongen waterleiding in de badkamer is het plafond van de woonkamer doorgezakt."),
           ("storm", "Stormschade",
            "Tijdens de storm zijn meerdere dakpannen van het dak gewaaid en is regenwater de zolder binnengekomen."),
           ("fire", "Brand",
            "Door kortsluiting in de wasdroger is brand ontstaan in de bijkeuken; de keuken heeft rook- en roetschade."),
           ("burglary", "Inbraak",
            "Er is ingebroken via de achterdeur; het slot is geforceerd en het kozijn is beschadigd.")],
    "en": [("water", "Water damage",
            "A leaking washing machine hose flooded the utility room and the laminate floor has warped."),
           ("storm", "Storm damage",
            "The storm blew part of the garden fence and the conservatory roof panels away."),
           ("fire", "Fire",
            "A pan fire in the kitchen damaged the extractor hood, the cupboards and the ceiling."),
           ("burglary", "Burglary",
            "Burglars forced the patio door and damaged the frame and the glass.")],
}


def make_case(rng, ct, lang):
    name = person(rng, lang)
    street, pc, town = address(rng)
    y = rng.choice([2024, 2025, 2026])
    m = rng.randint(1, 12)
    d = rng.randint(1, 28)
    c = {
        "ct": ct, "lang": lang, "name": name, "email": email_of(rng, name), "phone": phone(rng),
        "policy": policy(rng), "iban": iban(rng, spaced=rng.random() < 0.7), "street": street, "pc": pc, "town": town,
        "date": (d, m, y), "dstyle": rng.randint(0, 5),
        "amount": round(rng.uniform(380, 9800), 2), "astyle": rng.choice([0, 0, 1, 2, 3, 4]),
        "witness": person(rng, lang), "witness_phone": phone(rng),
        "other": person(rng, lang), "other_phone": phone(rng), "other_policy": policy(rng),
    }
    if ct == "motor_claim":
        ev = rng.choice(MOTOR_EVENTS[lang])
        c.update(type=ev[0], type_words=ev[1], desc=ev[2], plate=plate(rng),
                 cp=ev[0] == "collision", cp_plate=plate(rng) if ev[0] == "collision" else None,
                 car=rng.choice(["Volkswagen Golf", "Toyota Yaris", "Kia Niro", "Peugeot 308", "Skoda Octavia",
                                 "Renault Clio", "Tesla Model 3", "Opel Corsa"]),
                 loc=rng.choice([f"kruising {rng.choice(STREETS)} / {rng.choice(STREETS)}, {rng.choice(TOWNS)[0]}",
                                 f"{rng.choice(STREETS)} {rng.randint(1, 90)}, {rng.choice(TOWNS)[0]}",
                                 f"parkeerterrein {rng.choice(['Jumbo', 'Albert Heijn', 'IKEA'])}, {rng.choice(TOWNS)[0]}",
                                 f"A{rng.choice([1, 2, 12, 27, 28, 50])} bij afrit {rng.randint(3, 30)}"]))
    else:
        ev = rng.choice(HOME_EVENTS[lang])
        c.update(cause=ev[0], cause_words=ev[1], desc=ev[2])
    return c


def amt(c, x=None, style=None):
    x = c["amount"] if x is None else x
    style = c["astyle"] if style is None else style
    return amount_nl(x, style) if c["lang"] == "nl" else amount_en(x, style)


def dt(c, delta=0, style=None):
    d, m, y = c["date"]
    d2 = d + delta
    m2 = m
    y2 = y
    while d2 > 28:
        d2 -= 28
        m2 += 1
        if m2 > 12:
            m2 = 1
            y2 += 1
    return date_s(c["lang"], d2, m2, y2, c["dstyle"] if style is None else style)


def T(c, nl, en):
    return nl if c["lang"] == "nl" else en


# ---------------------------------------------------------------- document builders
# Each returns (html, facts, layout). Facts hold the values exactly as written.

CSS = """
@page { size: A4; margin: 18mm 16mm 22mm 16mm; @bottom-center { content: element(footer); } }
body { font-family: 'DejaVu Sans', 'Liberation Sans', sans-serif; font-size: 9.5pt; color: #222; }
.footer { position: running(footer); font-size: 7.5pt; color: #555; border-top: 1px solid #999; padding-top: 3px; }
h1 { font-size: 15pt; margin: 0 0 6px 0; } h2 { font-size: 11pt; margin: 12px 0 4px 0; border-bottom: 1px solid #aaa; }
.lh { display: flex; justify-content: space-between; border-bottom: 2px solid #345; padding-bottom: 6px; margin-bottom: 12px; }
.lh .co { font-weight: bold; font-size: 13pt; } .small { font-size: 8pt; color: #444; }
table { border-collapse: collapse; width: 100%; } td, th { padding: 3px 5px; vertical-align: top; text-align: left; }
table.grid td, table.grid th { border: 1px solid #999; }
.r { text-align: right; } .above .lbl { font-size: 7.5pt; color: #555; text-transform: uppercase; }
.above .val { border: 1px solid #bbb; padding: 3px; min-height: 12px; margin-bottom: 5px; }
.cols { display: flex; gap: 14px; } .cols > div { flex: 1; }
.box { border: 1px solid #555; padding: 4px; margin-bottom: 4px; } .num { font-weight: bold; }
.quote { color: #555; border-left: 2px solid #aaa; padding-left: 6px; }
"""


def page(body, footer=""):
    return f"<html><head><meta charset='utf-8'><style>{CSS}</style></head><body>" \
           f"<div class='footer'>{footer}</div>{body}</body></html>"


def biz_block(rng, kind):
    name = rng.choice(BUSINESSES[kind])
    street, pc, town = address(rng)
    return {"name": name, "addr": f"{street}, {pc} {town}", "phone": phone(rng, mobile=False),
            "email": f"{rng.choice(['info', 'schade', 'administratie', 'planning'])}@"
                     f"{re.sub(r'[^a-z]', '', name.lower())[:14]}.nl",
            "iban": iban(rng), "kvk": "".join(rng.choice("0123456789") for _ in range(8)),
            "btw": f"NL{''.join(rng.choice('0123456789') for _ in range(9))}B01"}


def claim_form_above(rng, c):
    """Insurer's claim form, labels in small capitals above boxed values, two columns per section."""
    ins = biz_block(rng, "insurer")
    f = {}
    L = lambda l, v: f"<div class='above'><div class='lbl'>{l}</div><div class='val'>{v}</div></div>"  # noqa
    you = [L(T(c, "Naam verzekeringnemer", "Policyholder's name"), c["name"]),
           L(T(c, "Polis", "Policy ref."), c["policy"]),
           L(T(c, "Telefoon overdag", "Daytime telephone"), c["phone"]),
           L(T(c, "E-mail", "Email address"), c["email"]),
           L(T(c, "Rekening voor uitbetaling", "Account for payment"), c["iban"])]
    f.update(claimant_name=c["name"], policy_number=c["policy"], claimant_phone=c["phone"],
             claimant_email=c["email"], iban=c["iban"])
    ev = [L(T(c, "Wanneer gebeurde het?", "When did it happen?"), dt(c)),
          L(T(c, "Wat is er gebeurd?", "What happened?"), c["desc"])]
    f.update(incident_date=dt(c), incident_description=c["desc"])
    if c["ct"] == "motor_claim":
        ev.insert(1, L(T(c, "Waar gebeurde het?", "Where did it happen?"), c["loc"]))
        you.insert(2, L(T(c, "Kenteken", "Vehicle registration"), c["plate"]))
        ev.insert(2, L(T(c, "Soort schade", "Type of loss"), c["type_words"]))
        f.update(incident_location=c["loc"], licence_plate=c["plate"], incident_type=c["type"])
    else:
        you.insert(2, L(T(c, "Adres van de verzekerde woning", "Address of the insured home"),
                        f"{c['street']}, {c['pc']} {c['town']}"))
        ev.insert(1, L(T(c, "Oorzaak", "Cause"), c["cause_words"]))
        f.update(property_address=f"{c['street']}, {c['pc']} {c['town']}", damage_cause=c["cause"])
    ev.append(L(T(c, "Geschatte hoogte schade", "Estimated cost of damage"), amt(c)))
    f["damage_amount"] = amt(c)
    other = ""
    if c["ct"] == "motor_claim" and c["cp"]:
        other = f"<h2>{T(c, '3. Wederpartij', '3. Third party')}</h2><div class='cols'><div>" + \
            L(T(c, "Naam", "Name"), c["other"]) + L(T(c, "Telefoon", "Telephone"), c["other_phone"]) + "</div><div>" + \
            L(T(c, "Kenteken", "Registration"), c["cp_plate"]) + \
            L(T(c, "Verzekerd bij / polis", "Insurer / policy"), c["other_policy"]) + "</div></div>"
        f["counterparty_licence_plate"] = c["cp_plate"]
        f["counterparty_involved"] = "yes"
    wit = f"<h2>{T(c, '4. Getuige', '4. Witness')}</h2><div class='cols'><div>" + \
        L(T(c, "Naam", "Name"), c["witness"]) + "</div><div>" + L(T(c, "Telefoon", "Telephone"), c["witness_phone"]) + \
        "</div></div>"
    half = (len(you) + 1) // 2
    body = f"<div class='lh'><div class='co'>{ins['name']}</div><div class='small'>{ins['addr']}<br>" \
           f"T {ins['phone']} · {ins['email']}</div></div>" \
           f"<h1>{T(c, 'Schadeaangifte', 'Claim notification')}</h1>" \
           f"<h2>{T(c, '1. Uw gegevens', '1. Your details')}</h2><div class='cols'><div>{''.join(you[:half])}</div>" \
           f"<div>{''.join(you[half:])}</div></div>" \
           f"<h2>{T(c, '2. De schade', '2. The loss')}</h2>{''.join(ev)}{other}{wit}"
    return page(body, f"{ins['name']} · KvK {ins['kvk']} · {ins['iban']}"), f, "w3_claim_form_label_above"


def claim_form_table(rng, c):
    """Two-column table form with qualifiers in labels and an intermediary block."""
    ins = biz_block(rng, "insurer")
    agent = person(rng, c["lang"])
    agent_phone = phone(rng, mobile=False)
    f = {}
    rows = [(T(c, "Achternaam en voorletters", "Surname and initials"), c["name"]),
            (T(c, "Uw telefoonnummer", "Your phone number"), c["phone"]),
            (T(c, "Uw e-mailadres", "Your e-mail address"), c["email"]),
            (T(c, "Polisnr.", "Policy no."), c["policy"])]
    f.update(claimant_name=c["name"], claimant_phone=c["phone"], claimant_email=c["email"], policy_number=c["policy"])
    if c["ct"] == "motor_claim":
        rows += [(T(c, "Kenteken van uw voertuig", "Registration of your vehicle"), c["plate"]),
                 (T(c, "Merk en type", "Make and model"), c["car"]),
                 (T(c, "Schadedatum", "Date of loss"), dt(c)),
                 (T(c, "Plaats van het ongeval", "Location of the accident"), c["loc"]),
                 (T(c, "Toedracht", "Circumstances"), c["desc"])]
        f.update(licence_plate=c["plate"], incident_date=dt(c), incident_location=c["loc"], incident_description=c["desc"])
        if c["cp"]:
            rows += [(T(c, "Was er een tegenpartij?", "Was another party involved?"), T(c, "Ja", "Yes")),
                     (T(c, "Kenteken tegenpartij", "Other party's registration"), c["cp_plate"])]
            f.update(counterparty_involved="yes", counterparty_licence_plate=c["cp_plate"])
        else:
            rows += [(T(c, "Was er een tegenpartij?", "Was another party involved?"), T(c, "Nee", "No"))]
            f.update(counterparty_involved="no")
    else:
        rows += [(T(c, "Risicoadres", "Risk address"), f"{c['street']}, {c['pc']} {c['town']}"),
                 (T(c, "Datum ontstaan schade", "Date the damage occurred"), dt(c)),
                 (T(c, "Oorzaak van de schade", "Cause of the damage"), c["cause_words"]),
                 (T(c, "Omschrijving", "Description"), c["desc"])]
        f.update(property_address=f"{c['street']}, {c['pc']} {c['town']}", incident_date=dt(c),
                 damage_cause=c["cause"], incident_description=c["desc"])
    rows += [(T(c, "Bedrag van de schade (incl. btw)", "Amount claimed (incl. VAT)"), amt(c)),
             (T(c, "Eigen risico volgens polis", "Policy excess"), amt(c, 250.0)),
             (T(c, "IBAN voor uitkering", "IBAN for settlement"), c["iban"])]
    f.update(damage_amount=amt(c), iban=c["iban"])
    trs = "".join(f"<tr><td style='width:42%'>{a}</td><td>{b}</td></tr>" for a, b in rows)
    body = f"<div class='lh'><div class='co'>{ins['name']}</div><div class='small'>{ins['addr']}<br>{ins['phone']}</div></div>" \
           f"<h1>{T(c, 'Meldingsformulier schade', 'Loss report form')}</h1>" \
           f"<table class='grid'>{trs}</table>" \
           f"<h2>{T(c, 'Uw tussenpersoon', 'Your broker')}</h2><table class='grid'>" \
           f"<tr><td style='width:42%'>{T(c, 'Naam adviseur', 'Adviser')}</td><td>{agent}</td></tr>" \
           f"<tr><td>{T(c, 'Telefoon adviseur', 'Adviser phone')}</td><td>{agent_phone}</td></tr></table>" \
           f"<p class='small'>{T(c, 'Ingevuld op', 'Completed on')} {dt(c, 3)}</p>"
    return page(body, f"{ins['name']} · {ins['email']}"), f, "w3_claim_form_table_qualified"


def accident_statement(rng, c):
    """Two side-by-side vehicle columns with numbered boxes in another order; shared boxes above."""
    f = {}
    shared = [("1", T(c, "Datum van het ongeval", "Date of accident"), dt(c)),
              ("2", T(c, "Plaats (straat, plaats)", "Location (street, town)"), c["loc"]),
              ("3", T(c, "Gewonden", "Injuries"), T(c, "nee", "no")),
              ("4", T(c, "Getuigen (naam, tel.)", "Witnesses (name, tel.)"), f"{c['witness']}, {c['witness_phone']}")]
    f.update(incident_date=dt(c), incident_location=c["loc"])
    sh = "".join(f"<div class='box'><span class='num'>{n}.</span> {lab}<br>{val}</div>" for n, lab, val in shared)

    def side(letter, who, ph, pl, pol, veh, remarks):
        boxes = [("5", T(c, "Bestuurder", "Driver"), who), ("6", T(c, "Telefoon", "Phone"), ph),
                 ("7", T(c, "Kenteken", "Registration no."), pl), ("8", T(c, "Merk, type", "Make, model"), veh),
                 ("9", T(c, "Maatschappij / polisnummer", "Insurer / policy number"), pol),
                 ("12", T(c, "Opmerkingen", "Remarks"), remarks)]
        rng.shuffle(boxes)
        return f"<div><h2>{T(c, 'Voertuig', 'Vehicle')} {letter}</h2>" + \
            "".join(f"<div class='box'><span class='num'>{n}.</span> {lab}<br>{val}</div>" for n, lab, val in boxes) + \
            "</div>"
    a = side("A", c["name"], c["phone"], c["plate"], c["policy"], c["car"], c["desc"])
    b = side("B", c["other"], c["other_phone"], c["cp_plate"], c["other_policy"],
             rng.choice(["Ford Transit", "BMW 318i", "Fiat Panda"]), T(c, "Geen", "None"))
    f.update(claimant_name=c["name"], claimant_phone=c["phone"], licence_plate=c["plate"], policy_number=c["policy"],
             incident_description=c["desc"], counterparty_licence_plate=c["cp_plate"], counterparty_involved="yes",
             incident_type="collision")
    body = f"<h1>{T(c, 'Aanrijdingsformulier', 'Joint accident report')}</h1>" \
           f"<p class='small'>{T(c, 'Europees model — door beide bestuurders in te vullen', 'European model — to be completed by both drivers')}</p>" \
           f"<div class='cols'>{sh}</div>" \
           f"<div class='cols'>{a}{b}</div>" \
           f"<p class='small'>{T(c, 'Handtekening A en B', 'Signature A and B')} — {dt(c, 0)}</p>"
    return page(body, T(c, "Exemplaar voor verzekeraar", "Copy for the insurer")), f, "w3_accident_statement_boxes"


def accident_statement_rows(rng, c):
    """Table with numbered rows, label in the middle, A left and B right (the printed form's mirror)."""
    f = {}
    rows = [("9", T(c, "Naam bestuurder", "Driver's surname"), c["name"], c["other"]),
            ("9", T(c, "Tel. of e-mail", "Tel. or e-mail"), c["phone"], c["other_phone"]),
            ("7", T(c, "Kenteken motorrijtuig", "Motor vehicle registration"), c["plate"], c["cp_plate"]),
            ("8", T(c, "Polisnummer", "Policy number"), c["policy"], c["other_policy"]),
            ("14", T(c, "Mijn opmerkingen", "My remarks"), c["desc"], "")]
    trs = "".join(f"<tr><td>{a}</td><td class='num'>{n}</td><td>{lab}</td><td>{b}</td></tr>" for n, lab, a, b in rows)
    f.update(claimant_name=c["name"], claimant_phone=c["phone"], licence_plate=c["plate"], policy_number=c["policy"],
             counterparty_licence_plate=c["cp_plate"], counterparty_involved="yes", incident_description=c["desc"],
             incident_date=dt(c), incident_location=c["loc"], incident_type="collision")
    body = f"<h1>{T(c, 'Europees schadeformulier', 'European accident statement')}</h1>" \
           f"<table class='grid'><tr><td>1. {T(c, 'Datum ongeval', 'Date of accident')}</td><td>{dt(c)}</td>" \
           f"<td>2. {T(c, 'Plaats', 'Place')}</td><td>{c['loc']}</td></tr></table><br>" \
           f"<table class='grid'><tr><th>{T(c, 'Voertuig A', 'Vehicle A')}</th><th></th><th></th>" \
           f"<th>{T(c, 'Voertuig B', 'Vehicle B')}</th></tr>{trs}</table>"
    return page(body), f, "w3_accident_statement_mirror"


def quote_or_invoice(rng, c, kind):
    """Garage or contractor document with several amounts and the issuer's contacts in letterhead and footer."""
    motor = c["ct"] == "motor_claim"
    biz = biz_block(rng, "garage" if motor else "contractor")
    f = {}
    lines = []
    remaining = c["amount"] / 1.21
    n = rng.randint(2, 4)
    for i in range(n):
        part = round(remaining / (n - i) * rng.uniform(0.6, 1.3), 2) if i < n - 1 else round(remaining, 2)
        remaining -= part
        lines.append(part)
    net = round(sum(lines), 2)
    vat = round(c["amount"] - net, 2)
    items_m = T(c, ["Arbeid carrosserie", "Spuitwerk", "Onderdelen", "Klein materiaal"],
                ["Body labour", "Paintwork", "Parts", "Consumables"])
    items_h = T(c, ["Sloopwerk en afvoer", "Materiaal", "Arbeidsloon", "Steigerhuur"],
                ["Strip-out and disposal", "Materials", "Labour", "Scaffolding hire"])
    items = items_m if motor else items_h
    trs = "".join(f"<tr><td>{items[i]}</td><td class='r'>{amt(c, x, 2)}</td></tr>" for i, x in enumerate(lines))
    total_label = rng.choice(T(c, ["Totaal incl. BTW", "Te betalen", "Totaalbedrag", "Eindtotaal"],
                               ["Total incl. VAT", "Amount due", "Grand total", "Total payable"]))
    total = amt(c, None, rng.choice([0, 1, 3]))
    f["damage_amount"] = total
    cust = f"{c['name']}<br>{c['street']}<br>{c['pc']} {c['town']}"
    f["claimant_name"] = c["name"]
    meta = []
    doc_date = dt(c, rng.randint(3, 20), 0)
    if kind == "invoice":
        meta.append((T(c, "Factuurdatum", "Invoice date"), doc_date))
        meta.append((T(c, "Factuurnummer", "Invoice number"), f"F{rng.randint(20240000, 20269999)}"))
        meta.append((T(c, "Vervaldatum", "Due date"), dt(c, 30, 0)))
    else:
        meta.append((T(c, "Offertedatum", "Quote date"), doc_date))
        meta.append((T(c, "Geldig tot", "Valid until"), dt(c, 40, 0)))
    if motor:
        meta.append((T(c, "Kenteken", "Reg."), c["plate"]))
        f["licence_plate"] = c["plate"]
        if rng.random() < 0.6:
            meta.append((T(c, "Schadedatum", "Date of incident"), dt(c)))
            f["incident_date"] = dt(c)
    else:
        meta.append((T(c, "Werkadres", "Site address"), f"{c['street']}, {c['town']}"))
        f["property_address"] = f"{c['street']}, {c['town']}"
    if rng.random() < 0.5:
        meta.append((T(c, "Uw polisnummer", "Your policy no."), c["policy"]))
        f["policy_number"] = c["policy"]
    mt = "".join(f"<tr><td>{a}</td><td>{b}</td></tr>" for a, b in meta)
    pay = T(c, f"Gelieve binnen 14 dagen te voldoen op {biz['iban']} t.n.v. {biz['name']}.",
            f"Please pay within 14 days to {biz['iban']}, {biz['name']}.") if kind == "invoice" else \
        T(c, "Op deze offerte zijn onze algemene voorwaarden van toepassing.", "Our terms and conditions apply.")
    title = T(c, "FACTUUR", "INVOICE") if kind == "invoice" else T(c, "OFFERTE", "QUOTATION")
    body = f"<div class='lh'><div><div class='co'>{biz['name']}</div><div class='small'>{biz['addr']}</div></div>" \
           f"<div class='small'>Tel. {biz['phone']}<br>{biz['email']}<br>IBAN {biz['iban']}</div></div>" \
           f"<div class='cols'><div>{cust}</div><div><table>{mt}</table></div></div><h1>{title}</h1>" \
           f"<table class='grid'><tr><th>{T(c, 'Omschrijving', 'Description')}</th><th class='r'>{T(c, 'Bedrag', 'Amount')}</th></tr>{trs}" \
           f"<tr><td class='r'>{T(c, 'Subtotaal excl. BTW', 'Subtotal excl. VAT')}</td><td class='r'>{amt(c, net, 2)}</td></tr>" \
           f"<tr><td class='r'>{T(c, 'BTW 21%', 'VAT 21%')}</td><td class='r'>{amt(c, vat, 2)}</td></tr>" \
           f"<tr><td class='r'><b>{total_label}</b></td><td class='r'><b>{total}</b></td></tr></table>" \
           f"<p>{pay}</p>"
    footer = f"{biz['name']} · KvK {biz['kvk']} · BTW {biz['btw']} · {biz['phone']} · {biz['email']}"
    return page(body, footer), f, f"w3_{kind}_letterhead_amounts"


def expert_report(rng, c):
    exp = biz_block(rng, "expert")
    expert = person(rng, c["lang"])
    motor = c["ct"] == "motor_claim"
    f = {}
    rows = [(T(c, "Opdrachtgever", "Instructed by"), rng.choice(BUSINESSES["insurer"])),
            (T(c, "Verzekerde", "Insured"), c["name"]),
            (T(c, "Telefoon verzekerde", "Insured's telephone"), c["phone"]),
            (T(c, "Polis", "Policy"), c["policy"]),
            (T(c, "Datum opname", "Inspection date"), dt(c, 6, 0)),
            (T(c, "Datum schade", "Date of loss"), dt(c))]
    f.update(claimant_name=c["name"], claimant_phone=c["phone"], policy_number=c["policy"], incident_date=dt(c))
    if motor:
        rows.insert(3, (T(c, "Object", "Vehicle"), f"{c['car']}, {c['plate']}"))
        f["licence_plate"] = c["plate"]
        vals = [(T(c, "Dagwaarde voor schade", "Pre-accident value"), amt(c, c["amount"] * 2.7 + 1000)),
                (T(c, "Herstelkosten incl. btw", "Repair costs incl. VAT"), amt(c)),
                (T(c, "Restwaarde", "Salvage value"), amt(c, c["amount"] * 0.4))]
    else:
        rows.insert(3, (T(c, "Adres risico", "Property"), f"{c['street']}, {c['pc']} {c['town']}"))
        f["property_address"] = f"{c['street']}, {c['pc']} {c['town']}"
        vals = [(T(c, "Herbouwwaarde woning", "Rebuild value"), amt(c, 385000.0)),
                (T(c, "Vastgestelde schade", "Assessed loss"), amt(c)),
                (T(c, "Eigen risico", "Excess"), amt(c, 150.0))]
    f["damage_amount"] = amt(c)
    trs = "".join(f"<tr><td style='width:38%'>{a}</td><td>{b}</td></tr>" for a, b in rows)
    vt = "".join(f"<tr><td>{a}</td><td class='r'>{b}</td></tr>" for a, b in vals)
    cause = T(c, "Oorzaak en toedracht", "Cause and circumstances")
    body = f"<div class='lh'><div class='co'>{exp['name']}</div><div class='small'>{exp['addr']}<br>{exp['phone']} · {exp['email']}</div></div>" \
           f"<h1>{T(c, 'Expertiserapport', 'Loss adjuster report')}</h1><table class='grid'>{trs}</table>" \
           f"<h2>{cause}</h2><p>{T(c, 'Volgens verzekerde', 'According to the insured')}: {c['desc']}</p>" \
           f"<h2>{T(c, 'Vaststelling', 'Assessment')}</h2><table class='grid'>{vt}</table>" \
           f"<p>{T(c, 'Expert', 'Adjuster')}: {expert}, {T(c, 'bereikbaar op', 'direct line')} {phone(rng, mobile=True)}</p>"
    return page(body, f"{exp['name']} · {exp['iban']}"), f, "w3_expert_report_valuation"


def letter(rng, c):
    """A claimant's letter: facts only in sentences, a neighbour's and a garage's phone as distractors."""
    f = {}
    insurer = rng.choice(BUSINESSES["insurer"])
    garage = rng.choice(BUSINESSES["garage"] if c["ct"] == "motor_claim" else BUSINESSES["contractor"])
    gphone = phone(rng, mobile=False)
    f.update(claimant_name=c["name"], policy_number=c["policy"], incident_date=dt(c), damage_amount=amt(c),
             iban=c["iban"], claimant_phone=c["phone"])
    head = f"<p>{c['name']}<br>{c['street']}<br>{c['pc']} {c['town']}</p><p>{insurer}<br>{T(c, 'Afdeling Schade', 'Claims Department')}</p>" \
           f"<p>{c['town']}, {dt(c, 5, 1)}</p>"
    if c["lang"] == "nl":
        subj = f"<p><b>Betreft: schademelding polis {c['policy']}</b></p>"
        if c["ct"] == "motor_claim":
            p1 = f"Geachte heer, mevrouw,</p><p>Hierbij meld ik schade aan mijn {c['car']} met kenteken {c['plate']}. " \
                 f"Op {dt(c)} ging het mis op de {c['loc']}."
            f.update(licence_plate=c["plate"], incident_location=c["loc"])
        else:
            p1 = f"Geachte heer, mevrouw,</p><p>Graag meld ik schade aan ons huis aan de {c['street']}, {c['pc']} {c['town']}. " \
                 f"De schade is ontstaan op {dt(c)}."
        p2 = c["desc"]
        p3 = f"{garage} heeft de schade bekeken en begroot de herstelkosten op {amt(c)} inclusief btw. " \
             f"U kunt hen bellen op {gphone}. Mijn buurman {c['witness']} heeft alles gezien; hij is bereikbaar op {c['witness_phone']}."
        p4 = f"Ik verzoek u het bedrag over te maken naar rekening {c['iban']}. Voor vragen ben ik bereikbaar op {c['phone']}."
        close = f"Met vriendelijke groet,<br><br>{c['name']}"
    else:
        subj = f"<p><b>Re: claim under policy {c['policy']}</b></p>"
        if c["ct"] == "motor_claim":
            p1 = f"Dear Sir or Madam,</p><p>I am writing to report damage to my {c['car']}, registration {c['plate']}. " \
                 f"The incident happened on {dt(c)} at {c['loc']}."
            f.update(licence_plate=c["plate"], incident_location=c["loc"])
        else:
            p1 = f"Dear Sir or Madam,</p><p>I wish to report damage to our home at {c['street']}, {c['pc']} {c['town']}. " \
                 f"It happened on {dt(c)}."
        p2 = c["desc"]
        p3 = f"{garage} inspected the damage and quoted {amt(c)} including VAT for the repair. " \
             f"They can be reached on {gphone}. My neighbour {c['witness']} saw what happened and can be contacted on {c['witness_phone']}."
        p4 = f"Please transfer the payment to my account {c['iban']}. You can reach me on {c['phone']}."
        close = f"Yours faithfully,<br><br>{c['name']}"
    f["incident_description"] = c["desc"]
    if c["ct"] == "home_damage":
        f["property_address"] = f"{c['street']}, {c['pc']} {c['town']}"
    body = head + subj + f"<p>{p1}</p><p>{p2}</p><p>{p3}</p><p>{p4}</p><p>{close}</p>"
    return page(body), f, "w3_letter_sentences"


def email(rng, c):
    """A claimant's reply above the insurer's earlier message (Gmail style 'On … wrote:' with > quotes)."""
    f = {}
    handler = person(rng, c["lang"])
    ins = biz_block(rng, "insurer")
    hphone = phone(rng, mobile=False)
    f.update(claimant_name=c["name"], claimant_email=c["email"], policy_number=c["policy"], incident_date=dt(c),
             damage_amount=amt(c), claimant_phone=c["phone"], incident_description=c["desc"])
    sent = dt(c, 2, 1)
    if c["lang"] == "nl":
        hdr = f"Van: {c['name']} &lt;{c['email']}&gt;<br>Aan: {ins['email']}<br>Datum: {sent}<br>Onderwerp: Re: uw schademelding {c['policy']}"
        extra = f"Het kenteken is {c['plate']}." if c["ct"] == "motor_claim" else \
            f"Het gaat om ons huis aan de {c['street']}, {c['pc']} {c['town']}."
        body_txt = f"Beste {handler.split()[0]},<br><br>Bedankt voor uw snelle reactie. Hieronder de gevraagde gegevens.<br><br>" \
                   f"De schade is ontstaan op {dt(c)}. {c['desc']} {extra}<br><br>" \
                   f"Volgens de offerte komen de kosten op {amt(c)}. U kunt mij het beste bellen op {c['phone']}.<br><br>" \
                   f"Groet,<br>{c['name']}"
        quoted = f"Op {dt(c, 1, 1)} schreef {handler} &lt;{ins['email']}&gt;:<br>" \
                 f"&gt; Geachte heer/mevrouw,<br>&gt; Wij hebben uw melding ontvangen. Wilt u ons de datum en het bedrag van de schade laten weten?<br>" \
                 f"&gt; Met vriendelijke groet,<br>&gt; {handler}, schadebehandelaar<br>&gt; {ins['name']} | T {hphone} | {ins['email']}"
    else:
        hdr = f"From: {c['name']} &lt;{c['email']}&gt;<br>To: {ins['email']}<br>Sent: {sent}<br>Subject: RE: your claim {c['policy']}"
        extra = f"The registration is {c['plate']}." if c["ct"] == "motor_claim" else \
            f"The property is {c['street']}, {c['pc']} {c['town']}."
        body_txt = f"Hi {handler.split()[0]},<br><br>Thanks for getting back to me. Here are the details you asked for.<br><br>" \
                   f"The damage happened on {dt(c)}. {c['desc']} {extra}<br><br>" \
                   f"The repairer's estimate comes to {amt(c)}. The best number to reach me is {c['phone']}.<br><br>" \
                   f"Kind regards,<br>{c['name']}"
        quoted = f"On {dt(c, 1, 1)}, {handler} &lt;{ins['email']}&gt; wrote:<br>" \
                 f"&gt; Dear customer,<br>&gt; Thank you for your notification. Could you let us know the date and the amount of the damage?<br>" \
                 f"&gt; Kind regards,<br>&gt; {handler}, claims handler<br>&gt; {ins['name']} | T {hphone} | {ins['email']}"
    if c["ct"] == "motor_claim":
        f["licence_plate"] = c["plate"]
    else:
        f["property_address"] = f"{c['street']}, {c['pc']} {c['town']}"
    body = f"<p class='small'>{hdr}</p><hr><p>{body_txt}</p><div class='quote'>{quoted}</div>"
    return page(body), f, "w3_email_gmail_quoted"


def portal(rng, c):
    """Portal confirmation as a definition list (label above value) with a reference and the portal's helpdesk."""
    ins = biz_block(rng, "insurer")
    f = {}
    ref = f"SCH-{rng.randint(1000000, 9999999)}"
    items = [(T(c, "Referentie", "Reference"), ref), (T(c, "Ingediend op", "Submitted on"), dt(c, 1, 0)),
             (T(c, "Naam melder", "Reported by"), c["name"]), (T(c, "Mobiel", "Mobile"), c["phone"]),
             (T(c, "E-mail", "E-mail"), c["email"]), (T(c, "Polisnummer", "Policy number"), c["policy"]),
             (T(c, "Datum gebeurtenis", "Date of event"), dt(c))]
    f.update(claimant_name=c["name"], claimant_phone=c["phone"], claimant_email=c["email"], policy_number=c["policy"],
             incident_date=dt(c))
    if c["ct"] == "motor_claim":
        items += [(T(c, "Uw kenteken", "Your registration"), c["plate"]),
                  (T(c, "Wat is er gebeurd", "What happened"), c["type_words"]),
                  (T(c, "Locatie", "Location"), c["loc"]), (T(c, "Toelichting", "Details"), c["desc"])]
        f.update(licence_plate=c["plate"], incident_type=c["type"], incident_location=c["loc"], incident_description=c["desc"])
    else:
        items += [(T(c, "Soort schade", "Kind of damage"), c["cause_words"]),
                  (T(c, "Adres", "Address"), f"{c['street']}, {c['pc']} {c['town']}"),
                  (T(c, "Toelichting", "Details"), c["desc"])]
        f.update(damage_cause=c["cause"], property_address=f"{c['street']}, {c['pc']} {c['town']}",
                 incident_description=c["desc"])
    items += [(T(c, "Schadebedrag (schatting)", "Estimated amount"), amt(c)),
              (T(c, "Uitbetalen op", "Pay out to"), c["iban"])]
    f.update(damage_amount=amt(c), iban=c["iban"])
    dl = "".join(f"<div class='above'><div class='lbl'>{a}</div><div>{b}</div></div><br>" for a, b in items)
    body = f"<div class='lh'><div class='co'>{ins['name']} — {T(c, 'Mijn Schade', 'My Claims')}</div></div>" \
           f"<h1>{T(c, 'Uw melding is ontvangen', 'We have received your claim')}</h1>{dl}" \
           f"<p class='small'>{T(c, 'Vragen? Bel onze klantenservice', 'Questions? Call our helpdesk')} {ins['phone']} " \
           f"{T(c, 'of mail', 'or e-mail')} {ins['email']}.</p>"
    return page(body, ins["name"]), f, "w3_portal_definition_list"


PLAN = [("motor_claim", claim_form_above, 3), ("motor_claim", claim_form_table, 3),
        ("motor_claim", accident_statement, 3), ("motor_claim", accident_statement_rows, 2),
        ("motor_claim", "repair_quote", 2), ("motor_claim", "invoice", 2), ("motor_claim", expert_report, 2),
        ("motor_claim", letter, 2), ("motor_claim", email, 2), ("motor_claim", portal, 2),
        ("home_damage", claim_form_above, 2), ("home_damage", claim_form_table, 2), ("home_damage", "repair_quote", 2),
        ("home_damage", "invoice", 2), ("home_damage", expert_report, 2), ("home_damage", letter, 2),
        ("home_damage", email, 2), ("home_damage", portal, 1)]
KIND = {claim_form_above: "claim_form", claim_form_table: "claim_form", accident_statement: "accident_statement",
        accident_statement_rows: "accident_statement", expert_report: "expert_report", letter: "letter",
        email: "email", portal: "portal_confirmation"}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=20261208)
    ap.add_argument("--out", default=str(ROOT / "tests/corpus/dev"))
    args = ap.parse_args()
    import weasyprint  # noqa: PLC0415

    rng = random.Random(args.seed)
    out = Path(args.out)
    truth = out / "truth.jsonl"
    kept = [l for l in truth.read_text().splitlines() if l.strip() and not json.loads(l)["layout"].startswith("w3_")]
    for p in (out / "docs").glob("dev-0*-weasyprint-*"):
        p.unlink()
    records = []
    n = FIRST
    for ct, builder, count in PLAN:
        for i in range(count):
            lang = "en" if (n % 5 in (1, 3)) else "nl"
            while True:
                c = make_case(rng, ct, lang)
                if builder in (accident_statement, accident_statement_rows) and not c["cp"]:
                    continue
                break
            if isinstance(builder, str):
                html, facts, layout = quote_or_invoice(rng, c, builder)
                kind = builder
            else:
                html, facts, layout = builder(rng, c)
                kind = KIND[builder]
            name = f"docs/dev-{n:04d}-weasyprint-{kind}-{lang}.pdf"
            weasyprint.HTML(string=html).write_pdf(out / name)
            records.append({"file": name, "case_type": ct, "kind": kind, "producer": "weasyprint", "layout": layout,
                            "language": lang, "variant": "born_digital", "source": None,
                            "facts": dict(sorted(facts.items()))})
            n += 1
    truth.write_text("\n".join(kept + [json.dumps(r, ensure_ascii=False) for r in records]) + "\n")
    print(f"wrote {len(records)} documents")


if __name__ == "__main__":
    main()
