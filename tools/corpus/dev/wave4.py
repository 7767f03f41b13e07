#!/usr/bin/env python3
"""The fourth wave of the dev set: a second blind check, written before the reader was changed for it.

    python3 tools/corpus/dev/wave4.py [--seed 20261209] [--out tests/corpus/dev]

Written from general knowledge of how Dutch and English insurers, garages, claimants and the
European Accident Statement word and lay out claim documents, without looking at the reader's
code, its lexicon or the case types' labels (only the fact ids and option ids of the truth
schema). The producer is fpdf2 (hand-placed cells and multi-cells, embedded DejaVu subsets),
which no earlier wave and not the aside set use. It leans on what the reader did worst on:
accident statements in other layouts (vehicle columns side by side with their own labels,
stacked vehicle blocks, the circumstances ticked as boxes), the other party's plate, name,
insurer and phone in sections of their own ("tegenpartij", "wederpartij", "other party"),
letters and e-mails naming witnesses', garages' and neighbours' phones beside the claimant's,
a description beside a date on one line, the kind of incident in a free-text field or as
ticked boxes, and claim forms in several insurers' wordings.

Rewrites only its own documents (`dev-0248` on) and their truth lines (layout `w4_*`).
Value shapes (plates, IBANs, phones, policy numbers, amounts, dates) come from wave3.py.
"""
import argparse
import datetime
import json
import random
import sys
from pathlib import Path

sys.dont_write_bytecode = True
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from wave3 import amount_en, amount_nl, date_s, iban, phone, plate, policy  # noqa: E402

ROOT = HERE.parents[2]
FIRST = 248
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")

# ---------------------------------------------------------------- people, places, events

FIRST_NL = ["Anouk", "Joost", "Lotte", "Stijn", "Iris", "Marco", "Femke", "Hugo", "Roos", "Sem",
            "Linda", "Bas", "Eva", "Khalid", "Samira", "Tim", "Willemijn", "Luuk", "Nadia", "Gerrit"]
LAST_NL = ["Visser", "van den Berg", "Meijer", "de Wit", "Bos", "van Beek", "Hoekstra", "Koster",
           "Prins", "Huisman", "Peters", "de Jong", "Boukhari", "Wijnands", "Sluiter", "van Rijn",
           "Timmermans", "Bosman", "Aydin", "Veenstra"]
FIRST_EN = ["George", "Amelia", "Jack", "Isla", "William", "Freya", "Noah", "Poppy", "Oscar", "Ruby"]
LAST_EN = ["Robinson", "Evans", "Taylor", "Cooper", "Ward", "Baker", "Khan", "Price", "Turner", "Fisher"]
STREETS = ["Beukenlaan", "Kerkstraat", "Wilhelminastraat", "Prinses Beatrixlaan", "Hoofdweg", "Lange Nieuwstraat",
           "Meidoornstraat", "Industrieweg", "Schoolstraat", "Julianapark", "Nieuwe Haven", "Eikenlaan"]
TOWNS = [("Apeldoorn", "7311"), ("Breda", "4811"), ("Nijmegen", "6511"), ("Alkmaar", "1811"), ("Emmen", "7811"),
         ("Venlo", "5911"), ("Dordrecht", "3311"), ("Almere", "1315"), ("Den Bosch", "5211"), ("Assen", "9401"),
         ("Middelburg", "4331"), ("Hilversum", "1211")]
INSURERS = ["Noordzee Verzekeringen", "De Vaste Hand Assurantiën", "Unisure Nederland", "Hollandia Schadeverzekering",
            "Brugman & Co Verzekeringen", "Kustlicht Verzekeringen N.V."]
GARAGES = ["Autobedrijf Van der Meer", "Schadecentrum Noord B.V.", "Carrosserie Jansen & Zonen", "Autoschade De Brug",
           "Garage Het Anker", "Spuiterij Twello"]
CONTRACTORS = ["Installatiebedrijf Warmtewacht", "Dak- en Gevelwerken Bosch", "Timmerbedrijf Houtwerk",
               "Glashandel Helder B.V.", "Schildersbedrijf Kleurrijk"]
EXPERTS = ["Schade-expertise Centraal", "Taxatiebureau Meetpunt", "Expertise Groep Delta"]
CARS = ["Ford Focus", "Hyundai i30", "Mazda CX-5", "Citroën C3", "Volvo V60", "Seat Ibiza", "Nissan Qashqai",
        "Suzuki Swift"]

MOTOR = {
    "nl": [("collision", "Aanrijding met een ander voertuig",
            "Ik stond stil voor het rode verkeerslicht toen een personenauto mij van achteren raakte."),
           ("collision", "Aanrijding",
            "De wederpartij kwam van rechts en verleende geen voorrang, waardoor hij mijn linkerportier raakte."),
           ("parking_damage", "Schade aan geparkeerde auto",
            "Toen ik terugkwam bij mijn geparkeerde auto zag ik een kras over de hele rechterflank."),
           ("single_vehicle", "Eenzijdige schade",
            "Bij het inparkeren heb ik een betonnen paal over het hoofd gezien en de achterbumper ingedeukt."),
           ("vandalism", "Vernieling",
            "Onbekenden hebben de achterruit ingegooid en de antenne afgebroken."),
           ("storm_or_hail", "Storm- of hagelschade",
            "Door de zware hagelbui zit het dak vol kleine deuken en is de voorruit gebarsten.")],
    "en": [("collision", "Accident with another vehicle",
            "I was queueing at the roundabout when the car behind failed to stop and ran into my rear bumper."),
           ("collision", "Road traffic accident",
            "The other vehicle changed lanes without indicating and struck the nearside of my car."),
           ("parking_damage", "Hit while parked",
            "My car was parked outside my house overnight and in the morning the front bumper was cracked."),
           ("single_vehicle", "Single vehicle incident",
            "I misjudged the width of the gate and scraped the driver's side along the gatepost."),
           ("vandalism", "Malicious damage",
            "Someone keyed both doors on the passenger side and let down the tyres."),
           ("storm_or_hail", "Storm damage",
            "A roof tile blown off during the gale landed on the bonnet and cracked the windscreen.")],
}
HOME = {
    "nl": [("water", "Lekkage",
            "Door een lekkende afvoer onder het bad is er water door het plafond van de keuken gelopen."),
           ("storm", "Storm",
            "Tijdens de storm is de schoorsteenkap losgeraakt en door het dakraam gevallen."),
           ("fire", "Brand en rook",
            "Een kaars heeft de gordijnen in de woonkamer in brand gezet; muren en plafond zijn zwart van de rook."),
           ("burglary", "Inbraak of diefstal",
            "Inbrekers hebben het raam van de achterkamer opengebroken en de laptop en sieraden meegenomen.")],
    "en": [("water", "Escape of water",
            "A pipe under the kitchen sink burst and the water soaked through the floorboards into the cellar."),
           ("storm", "Storm",
            "High winds tore off several ridge tiles and rain came through into the loft bedroom."),
           ("fire", "Fire",
            "An electrical fault in the tumble dryer started a fire in the utility room."),
           ("burglary", "Theft / break-in",
            "Thieves broke the lock on the back door and took a television and a bicycle from the hall.")],
}
CIRCUMSTANCES = {
    "nl": ["stond geparkeerd / stond stil", "reed weg van een parkeerplaats", "reed een parkeerterrein op",
           "reed in dezelfde richting en in dezelfde rijstrook", "veranderde van rijstrook", "haalde in",
           "sloeg rechtsaf", "sloeg linksaf", "reed achteruit", "kwam van rechts (op een kruispunt)",
           "verleende geen voorrang", "reed op een rotonde"],
    "en": ["was parked / stationary", "was leaving a parking space", "was entering a car park",
           "was going in the same direction and lane", "was changing lanes", "was overtaking", "was turning right",
           "was turning left", "was reversing", "was coming from the right (at a junction)",
           "did not give way", "was going round a roundabout"],
}


def person(rng, lang):
    if lang == "en" and rng.random() < 0.6:
        return f"{rng.choice(FIRST_EN)} {rng.choice(LAST_EN)}"
    return f"{rng.choice(FIRST_NL)} {rng.choice(LAST_NL)}"


def email_of(rng, name, domain=None):
    parts = "".join(ch for ch in name.lower() if ch.isalpha() or ch == " ").split()
    local = rng.choice([f"{parts[0]}.{parts[-1]}", f"{parts[0][0]}.{parts[-1]}", f"{parts[0]}_{parts[-1]}{rng.randint(1, 9)}"])
    return f"{local}@{domain or rng.choice(['gmail.com', 'live.nl', 'planet.nl', 'icloud.com', 'hetnet.nl', 'yahoo.co.uk'])}"


def address(rng):
    town, pc = rng.choice(TOWNS)
    return (f"{rng.choice(STREETS)} {rng.randint(1, 240)}{rng.choice(['', '', 'b', ' A'])}",
            f"{pc} {rng.choice('ABCEGHKLMNPRSTVWXZ')}{rng.choice('ABCEGHKLMNPRSTVWXZ')}", town)


def make_case(rng, ct, lang, want=None):
    while True:
        name = person(rng, lang)
        street, pc, town = address(rng)
        c = {"ct": ct, "lang": lang, "name": name, "email": email_of(rng, name), "phone": phone(rng),
             "policy": policy(rng), "iban": iban(rng, spaced=rng.random() < 0.6), "street": street, "pc": pc,
             "town": town, "date": (rng.randint(1, 28), rng.randint(1, 12), rng.choice([2025, 2026])),
             "dstyle": rng.randint(0, 5), "amount": round(rng.uniform(290, 11800), 2),
             "astyle": rng.choice([0, 0, 1, 2, 3, 4]),
             "witness": person(rng, lang), "witness_phone": phone(rng),
             "other": person(rng, lang), "other_phone": phone(rng), "other_policy": policy(rng),
             "other_insurer": rng.choice(INSURERS), "other_email": None}
        c["other_email"] = email_of(rng, c["other"])
        if ct == "motor_claim":
            ev = rng.choice(MOTOR[lang])
            c.update(type=ev[0], type_words=ev[1], desc=ev[2], plate=plate(rng), cp=ev[0] == "collision",
                     cp_plate=plate(rng), car=rng.choice(CARS), other_car=rng.choice(CARS),
                     loc=rng.choice([f"{rng.choice(STREETS)} ter hoogte van nr. {rng.randint(1, 99)}, {rng.choice(TOWNS)[0]}",
                                     f"kruispunt {rng.choice(STREETS)} - {rng.choice(STREETS)} in {rng.choice(TOWNS)[0]}",
                                     f"parkeergarage {rng.choice(['Centrum', 'Stationsplein', 'De Kolk'])}, {rng.choice(TOWNS)[0]}",
                                     f"N{rng.randint(200, 399)} richting {rng.choice(TOWNS)[0]}"]))
            if want and c["type"] not in want:
                continue
        else:
            ev = rng.choice(HOME[lang])
            c.update(cause=ev[0], cause_words=ev[1], desc=ev[2])
        return c


def amt(c, x=None, style=None):
    x = c["amount"] if x is None else x
    style = c["astyle"] if style is None else style
    return amount_nl(x, style) if c["lang"] == "nl" else amount_en(x, style)


def dt(c, delta=0, style=None):
    d, m, y = c["date"]
    d += delta
    while d > 28:
        d -= 28
        m += 1
        if m > 12:
            m, y = 1, y + 1
    return date_s(c["lang"], d, m, y, c["dstyle"] if style is None else style)


def T(c, nl, en):
    return nl if c["lang"] == "nl" else en


def addr(c):
    return f"{c['street']}, {c['pc']} {c['town']}"


def biz(rng, kind):
    name = rng.choice({"garage": GARAGES, "contractor": CONTRACTORS, "expert": EXPERTS, "insurer": INSURERS}[kind])
    street, pc, town = address(rng)
    slug = "".join(ch for ch in name.lower() if ch.isalpha())[:12]
    return {"name": name, "addr": f"{street}, {pc} {town}", "phone": phone(rng, mobile=False),
            "email": f"{rng.choice(['info', 'schade', 'claims', 'kantoor'])}@{slug}.nl", "iban": iban(rng),
            "kvk": "".join(rng.choice("0123456789") for _ in range(8))}


# ---------------------------------------------------------------- the fpdf2 page model

class Doc:
    """A4 page with DejaVu fonts and a few hand-placed building blocks."""

    def __init__(self):
        from fpdf import FPDF  # noqa: PLC0415
        self.pdf = FPDF(format="A4", unit="mm")
        self.pdf.set_compression(True)
        self.pdf.set_creation_date(datetime.datetime(2026, 12, 7, tzinfo=datetime.timezone.utc))
        self.pdf.add_font("S", "", str(FONT_DIR / "DejaVuSans.ttf"))
        self.pdf.add_font("S", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        self.pdf.set_margins(18, 16, 18)
        self.pdf.set_auto_page_break(True, 18)
        self.pdf.add_page()
        self.font(9.5)

    def font(self, size, bold=False):
        self.pdf.set_font("S", "B" if bold else "", size)

    def letterhead(self, b, right=True):
        self.font(13, True)
        self.pdf.cell(0, 7, b["name"], new_x="LMARGIN", new_y="NEXT", align="R" if right else "L")
        self.font(7.5)
        for line in (b["addr"], f"Tel. {b['phone']}  ·  {b['email']}"):
            self.pdf.cell(0, 4, line, new_x="LMARGIN", new_y="NEXT", align="R" if right else "L")
        y = self.pdf.get_y() + 2
        self.pdf.line(18, y, 192, y)
        self.pdf.set_y(y + 4)
        self.font(9.5)

    def title(self, text, size=14):
        self.font(size, True)
        self.pdf.multi_cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")
        self.font(9.5)
        self.pdf.ln(1)

    def section(self, text):
        self.pdf.ln(2)
        self.font(10, True)
        self.pdf.set_fill_color(225, 230, 238)
        self.pdf.cell(0, 6, text, new_x="LMARGIN", new_y="NEXT", fill=True)
        self.font(9.5)
        self.pdf.ln(1)

    def kv(self, label, value, lw=55, x=None, w=None):
        """Label left, value right of it on the same line (value wraps in its own column)."""
        x = self.pdf.l_margin if x is None else x
        w = (210 - self.pdf.r_margin - x) if w is None else w
        y = self.pdf.get_y()
        self.pdf.set_xy(x, y)
        self.font(8.5)
        self.pdf.multi_cell(lw, 5, label, new_x="RIGHT", new_y="TOP")
        y1 = self.pdf.get_y()
        self.font(9.5)
        self.pdf.set_xy(x + lw, y)
        self.pdf.multi_cell(w - lw, 5, value, new_x="LMARGIN", new_y="NEXT")
        self.pdf.set_y(max(self.pdf.get_y(), y1, y + 5))

    def pair(self, l1, v1, l2, v2, lw=30):
        """Two label/value pairs on one line (a description beside a date and the like)."""
        y = self.pdf.get_y()
        self.kv(l1, v1, lw=lw, x=18, w=70)
        y1 = self.pdf.get_y()
        self.pdf.set_y(y)
        self.kv(l2, v2, lw=lw, x=92, w=100)
        self.pdf.set_y(max(y1, self.pdf.get_y()) + 1)

    def boxes(self, options, ticked, cols=2, w=174):
        """Tick boxes: a drawn square, an X inside the ticked ones, the option's words after it."""
        cw = w / cols
        for i, opt in enumerate(options):
            if i % cols == 0 and i:
                self.pdf.ln(5.5)
            x = 18 + (i % cols) * cw
            y = self.pdf.get_y()
            self.pdf.rect(x, y + 0.8, 3.2, 3.2)
            if opt in ticked:
                self.font(8, True)
                self.pdf.set_xy(x, y)
                self.pdf.cell(3.2, 4.8, "X", align="C")
            self.font(8.5)
            self.pdf.set_xy(x + 4.5, y)
            self.pdf.cell(cw - 5, 5, opt)
            self.pdf.set_xy(18, y)
        self.pdf.ln(7)
        self.font(9.5)

    def para(self, text, size=9.5, h=5):
        self.font(size)
        self.pdf.multi_cell(0, h, text, new_x="LMARGIN", new_y="NEXT")
        self.pdf.ln(2)
        self.font(9.5)

    def columns(self, left, right, heads, lw=26):
        """Two vehicle columns side by side, each with its own labels."""
        self.font(10, True)
        y = self.pdf.get_y()
        self.pdf.set_xy(18, y)
        self.pdf.cell(84, 6, heads[0], border="B")
        self.pdf.set_xy(108, y)
        self.pdf.cell(84, 6, heads[1], border="B")
        y += 8
        for (l1, v1), (l2, v2) in zip(left, right):
            self.pdf.set_y(y)
            self.kv(l1, v1, lw=lw, x=18, w=84)
            ya = self.pdf.get_y()
            self.pdf.set_y(y)
            self.kv(l2, v2, lw=lw, x=108, w=84)
            y = max(ya, self.pdf.get_y()) + 0.8
        self.pdf.set_y(y + 2)
        self.font(9.5)

    def table(self, rows, widths, head=True, aligns=None):
        for i, row in enumerate(rows):
            self.font(8.5, head and i == 0)
            for j, (cell, w) in enumerate(zip(row, widths)):
                a = (aligns or ["L"] * len(widths))[j]
                self.pdf.cell(w, 6, cell, border=1, align=a)
            self.pdf.ln(6)
        self.font(9.5)
        self.pdf.ln(2)

    def footer_text(self, text):
        self.pdf.set_y(-24)
        self.font(7)
        self.pdf.multi_cell(0, 3.5, text, align="C")

    def save(self, path):
        self.pdf.output(str(path))


# ---------------------------------------------------------------- documents
# Each builder returns (Doc, facts, layout); facts hold values exactly as written.


def statement_columns(rng, c):
    """European accident statement with the two vehicles side by side, each with its own labels,
    and the circumstances (box 12) ticked per vehicle."""
    d = Doc()
    d.title(T(c, "AANRIJDINGSFORMULIER — Europees model", "EUROPEAN ACCIDENT STATEMENT"))
    d.para(T(c, "Niet als erkenning van aansprakelijkheid bedoeld, maar als vaststelling van identiteiten en feiten.",
             "Does not constitute an admission of liability, but a record of identities and facts."), size=7.5, h=3.5)
    d.pair(T(c, "1. Datum", "1. Date"), dt(c), T(c, "Tijd", "Time"), f"{rng.randint(7, 21)}:{rng.choice(['05', '20', '45'])}")
    d.kv(T(c, "2. Plaats", "2. Location"), c["loc"], lw=30)
    d.pair(T(c, "3. Gewonden", "3. Injuries"), T(c, "nee", "no"),
           T(c, "4. Andere schade", "4. Other damage"), T(c, "nee", "no"))
    d.kv(T(c, "5. Getuigen", "5. Witnesses"), f"{c['witness']}, tel. {c['witness_phone']}", lw=30)
    heads = (T(c, "VOERTUIG A", "VEHICLE A"), T(c, "VOERTUIG B", "VEHICLE B"))
    lab = lambda nl, en: T(c, nl, en)  # noqa: E731
    left = [(lab("Naam", "Surname"), c["name"]), (lab("Adres", "Address"), addr(c)),
            (lab("Tel./e-mail", "Tel./e-mail"), c["phone"]), (lab("Merk, type", "Make, model"), c["car"]),
            (lab("Kenteken", "Reg. no."), c["plate"]), (lab("Verzekeraar", "Insurer"), rng.choice(INSURERS)),
            (lab("Polisnr.", "Policy no."), c["policy"])]
    o_street, o_pc, o_town = address(rng)
    right = [(lab("Naam", "Surname"), c["other"]), (lab("Adres", "Address"), f"{o_street}, {o_pc} {o_town}"),
             (lab("Tel./e-mail", "Tel./e-mail"), c["other_phone"]), (lab("Merk, type", "Make, model"), c["other_car"]),
             (lab("Kenteken", "Reg. no."), c["cp_plate"]), (lab("Verzekeraar", "Insurer"), c["other_insurer"]),
             (lab("Polisnr.", "Policy no."), c["other_policy"])]
    d.columns(left, right, heads)
    d.section(T(c, "12. Omstandigheden (aankruisen wat van toepassing is)", "12. Circumstances (tick where applicable)"))
    circ = CIRCUMSTANCES[c["lang"]]
    ta, tb = rng.sample(range(len(circ)), 2)
    d.font(8.5, True)
    d.pdf.cell(0, 5, "A  |  B", new_x="LMARGIN", new_y="NEXT")
    for i, words in enumerate(circ):
        y = d.pdf.get_y()
        for k, (x, tick) in enumerate(((18, i == ta), (26, i == tb))):
            d.pdf.rect(x, y + 0.8, 3.2, 3.2)
            if tick:
                d.font(8, True)
                d.pdf.set_xy(x, y)
                d.pdf.cell(3.2, 4.8, "X", align="C")
        d.font(8.5)
        d.pdf.set_xy(34, y)
        d.pdf.cell(0, 4.8, f"{i + 1}. {words}", new_x="LMARGIN", new_y="NEXT")
    d.pdf.ln(2)
    d.kv(T(c, "14. Mijn opmerkingen (A)", "14. My remarks (A)"), c["desc"], lw=45)
    d.kv(T(c, "Handtekening A / B", "Signature A / B"), f"{c['name']} / {c['other']}", lw=45)
    f = dict(incident_date=dt(c), incident_location=c["loc"], claimant_name=c["name"], claimant_phone=c["phone"],
             licence_plate=c["plate"], policy_number=c["policy"], counterparty_licence_plate=c["cp_plate"],
             counterparty_involved="yes", incident_type="collision", incident_description=c["desc"])
    return d, f, "w4_statement_columns_ticks"


def statement_stacked(rng, c):
    """Accident statement with the vehicle blocks one under the other ('Voertuig A' then 'Voertuig B'),
    the policyholder and the driver as separate blocks, sketch and remarks after."""
    d = Doc()
    ins = biz(rng, "insurer")
    d.letterhead(ins, right=False)
    d.title(T(c, "Europees Schadeformulier", "Joint Accident Report Form"))
    d.pair(T(c, "Datum ongeval", "Date of accident"), dt(c), T(c, "Plaats", "Place"), c["loc"])
    for letter, who, ph, em, pl, car, pol, insn in (
            ("A", c["name"], c["phone"], c["email"], c["plate"], c["car"], c["policy"], ins["name"]),
            ("B", c["other"], c["other_phone"], c["other_email"], c["cp_plate"], c["other_car"], c["other_policy"],
             c["other_insurer"])):
        d.section(T(c, f"Voertuig {letter}", f"Vehicle {letter}"))
        d.kv(T(c, "6. Verzekeringnemer (naam)", "6. Policyholder (name)"), who)
        d.kv(T(c, "Telefoon", "Phone"), ph)
        d.kv("E-mail", em)
        d.kv(T(c, "7. Kenteken", "7. Registration number"), pl)
        d.kv(T(c, "Merk en type", "Make and type"), car)
        d.kv(T(c, "8. Verzekeringsmaatschappij", "8. Insurance company"), insn)
        d.kv(T(c, "Polisnummer", "Policy number"), pol)
    d.section(T(c, "Toedracht", "How it happened"))
    d.para(c["desc"])
    d.kv(T(c, "Zichtbare schade voertuig A", "Visible damage vehicle A"),
         T(c, "achterbumper, achterklep", "rear bumper, tailgate"))
    d.kv(T(c, "Opgemaakt op", "Signed on"), dt(c, 0, 0 if c["dstyle"] else 1))
    f = dict(incident_date=dt(c), incident_location=c["loc"], claimant_name=c["name"], claimant_phone=c["phone"],
             claimant_email=c["email"], licence_plate=c["plate"], policy_number=c["policy"],
             counterparty_licence_plate=c["cp_plate"], counterparty_involved="yes", incident_type="collision",
             incident_description=c["desc"])
    return d, f, "w4_statement_stacked"


def motor_form_otherparty(rng, c):
    """Insurer's motor claim form: own details, the incident with the kind of damage ticked, a section
    for the other party (tegenpartij / wederpartij / third party) with its plate, name, insurer, phone."""
    d = Doc()
    ins = biz(rng, "insurer")
    d.letterhead(ins)
    d.title(T(c, "Schadeaangifteformulier motorrijtuigen", "Motor Claim Form"))
    d.section(T(c, "1. Uw gegevens", "1. Your details"))
    d.kv(T(c, "Naam verzekerde", "Name of insured"), c["name"])
    d.kv(T(c, "Adres", "Address"), addr(c))
    d.kv(T(c, "Telefoonnummer", "Telephone number"), c["phone"])
    d.kv(T(c, "E-mailadres", "E-mail address"), c["email"])
    d.kv(T(c, "Polisnummer", "Policy number"), c["policy"])
    d.kv(T(c, "Kenteken van uw voertuig", "Registration of your vehicle"), c["plate"])
    d.kv("IBAN", c["iban"])
    d.section(T(c, "2. De schade", "2. The incident"))
    d.pair(T(c, "Datum", "Date"), dt(c), T(c, "Omschrijving", "Description"), c["desc"], lw=24)
    d.kv(T(c, "Plaats van de schade", "Where did it happen"), c["loc"])
    d.font(8.5)
    d.pdf.cell(0, 5, T(c, "Soort schade:", "Type of claim:"), new_x="LMARGIN", new_y="NEXT")
    opts = {"nl": [("collision", "Aanrijding met ander voertuig"), ("parking_damage", "Parkeerschade"),
                   ("single_vehicle", "Eenzijdig (geen tegenpartij)"), ("vandalism", "Vandalisme"),
                   ("storm_or_hail", "Storm/hagel"), ("other", "Anders, nl. ...")],
            "en": [("collision", "Collision with another vehicle"), ("parking_damage", "Damage while parked"),
                   ("single_vehicle", "Single vehicle (no third party)"), ("vandalism", "Vandalism"),
                   ("storm_or_hail", "Storm/hail"), ("other", "Other, please specify")]}[c["lang"]]
    d.boxes([w for _, w in opts], [w for k, w in opts if k == c["type"]], cols=3)
    d.kv(T(c, "Geschat schadebedrag", "Estimated cost of damage"), amt(c))
    f = dict(claimant_name=c["name"], claimant_phone=c["phone"], claimant_email=c["email"], policy_number=c["policy"],
             licence_plate=c["plate"], iban=c["iban"], incident_date=dt(c), incident_description=c["desc"],
             incident_location=c["loc"], incident_type=c["type"], damage_amount=amt(c))
    title = rng.choice([("3. Gegevens tegenpartij", "3. Third party details"),
                        ("3. Wederpartij", "3. Other party"),
                        ("3. Betrokken derde", "3. Other driver involved")])
    d.section(T(c, *title))
    d.font(8.5)
    d.pdf.cell(0, 5, T(c, "Was er een andere partij bij de schade betrokken?", "Was another party involved?"),
               new_x="LMARGIN", new_y="NEXT")
    d.boxes([T(c, "Ja", "Yes"), T(c, "Nee", "No")], [T(c, "Ja", "Yes") if c["cp"] else T(c, "Nee", "No")], cols=4)
    f["counterparty_involved"] = "yes" if c["cp"] else "no"
    if c["cp"]:
        d.kv(T(c, "Naam", "Name"), c["other"])
        d.kv(T(c, "Telefoon", "Telephone"), c["other_phone"])
        d.kv(T(c, "Kenteken", "Registration"), c["cp_plate"])
        d.kv(T(c, "Verzekeraar", "Insurer"), c["other_insurer"])
        d.kv(T(c, "Polisnummer", "Policy number"), c["other_policy"])
        f["counterparty_licence_plate"] = c["cp_plate"]
    d.section(T(c, "4. Getuigen", "4. Witnesses"))
    d.table([[T(c, "Naam", "Name"), T(c, "Telefoon", "Telephone")], [c["witness"], c["witness_phone"]]], [90, 84])
    d.kv(T(c, "Datum en handtekening", "Date and signature"), f"{dt(c, 3, 0)}   {c['name']}")
    d.footer_text(f"{ins['name']} · {ins['addr']} · KvK {ins['kvk']}")
    return d, f, "w4_motor_form_otherparty"


def motor_letter(rng, c):
    """Claimant's letter: the other party's plate and insurer in sentences, a witness's and a garage's
    phone beside the claimant's own."""
    d = Doc()
    ins = rng.choice(INSURERS)
    gar = biz(rng, "garage")
    d.para(f"{c['name']}\n{c['street']}\n{c['pc']} {c['town']}\n{T(c, 'Tel.', 'Tel.')} {c['phone']}")
    d.para(f"{ins}\n{T(c, 't.a.v. afdeling Schadebehandeling', 'FAO Claims Department')}")
    d.para(f"{c['town']}, {dt(c, 4, 1)}")
    f = dict(claimant_name=c["name"], claimant_phone=c["phone"], policy_number=c["policy"], licence_plate=c["plate"],
             incident_date=dt(c), incident_location=c["loc"], incident_description=c["desc"], damage_amount=amt(c))
    if c["lang"] == "nl":
        d.para(f"Onderwerp: melding schade, polisnummer {c['policy']}", size=10)
        body = [f"Geachte heer/mevrouw,",
                f"Op {dt(c)} is mijn {c['car']} ({c['plate']}) beschadigd geraakt op de {c['loc']}.",
                c["desc"]]
        if c["cp"]:
            body.append(f"De bestuurder van de andere auto, {c['other']}, reed in een {c['other_car']} met kenteken "
                        f"{c['cp_plate']}. Hij is verzekerd bij {c['other_insurer']} en gaf mij zijn nummer {c['other_phone']}.")
            f.update(counterparty_licence_plate=c["cp_plate"], counterparty_involved="yes")
        elif c["type"] == "single_vehicle":
            body.append("Er was geen ander voertuig bij betrokken.")
            f["counterparty_involved"] = "no"
        body += [f"Een voorbijganger, {c['witness']} ({c['witness_phone']}), heeft het zien gebeuren.",
                 f"{gar['name']} heeft de schade getaxeerd op {amt(c)} inclusief btw; de werkplaats is bereikbaar "
                 f"op {gar['phone']}.",
                 "Ik hoor graag van u hoe de schade verder wordt afgehandeld.",
                 f"Met vriendelijke groet,\n\n{c['name']}"]
    else:
        d.para(f"Your ref.: policy {c['policy']}", size=10)
        body = ["Dear Sir/Madam,",
                f"On {dt(c)} my {c['car']}, registration {c['plate']}, was damaged at {c['loc']}.",
                c["desc"]]
        if c["cp"]:
            body.append(f"The other driver, {c['other']}, was driving a {c['other_car']}, registration {c['cp_plate']}. "
                        f"He is insured with {c['other_insurer']} and his mobile number is {c['other_phone']}.")
            f.update(counterparty_licence_plate=c["cp_plate"], counterparty_involved="yes")
        elif c["type"] == "single_vehicle":
            body.append("No other vehicle was involved.")
            f["counterparty_involved"] = "no"
        body += [f"A passer-by, {c['witness']} ({c['witness_phone']}), witnessed the accident.",
                 f"{gar['name']} has estimated the repair at {amt(c)} including VAT; their workshop number is {gar['phone']}.",
                 "I look forward to hearing from you.",
                 f"Yours faithfully,\n\n{c['name']}"]
    for p in body:
        d.para(p)
    return d, f, "w4_motor_letter_parties"


def email_doc(rng, c):
    """E-mail printout: header block, the claimant's message, a signature with mobile number, the
    other party's or a neighbour's details in the text and the insurer's auto-reply below."""
    d = Doc()
    ins = biz(rng, "insurer")
    d.font(8)
    hdr = [(T(c, "Van", "From"), f"{c['name']} <{c['email']}>"), (T(c, "Verzonden", "Sent"), dt(c, 1, 1) + " 21:14"),
           (T(c, "Aan", "To"), ins["email"]),
           (T(c, "Onderwerp", "Subject"), T(c, f"Schade {c['policy']}", f"Claim {c['policy']}"))]
    for k, v in hdr:
        d.kv(k + ":", v, lw=22)
    d.pdf.line(18, d.pdf.get_y() + 1, 192, d.pdf.get_y() + 1)
    d.pdf.ln(4)
    f = dict(claimant_name=c["name"], claimant_email=c["email"], claimant_phone=c["phone"], policy_number=c["policy"],
             incident_date=dt(c), incident_description=c["desc"])
    motor = c["ct"] == "motor_claim"
    if c["lang"] == "nl":
        lines = ["Goedenavond,", f"Hierbij meld ik schade die is ontstaan op {dt(c)}.", c["desc"]]
        if motor:
            lines.append(f"Het gaat om mijn auto met kenteken {c['plate']}.")
            f["licence_plate"] = c["plate"]
            if c["cp"]:
                lines.append(f"Gegevens van de tegenpartij: {c['other']}, kenteken {c['cp_plate']}, "
                             f"tel. {c['other_phone']}, verzekerd bij {c['other_insurer']}.")
                f.update(counterparty_licence_plate=c["cp_plate"], counterparty_involved="yes")
        else:
            lines.append(f"Het adres is {addr(c)}. Mijn buurvrouw {c['witness']} (tel. {c['witness_phone']}) "
                         "heeft de schade ook gezien.")
            f["property_address"] = addr(c)
        lines += [f"De reparatie gaat volgens de offerte {amt(c)} kosten. De offerte stuur ik als bijlage mee.",
                  f"Met vriendelijke groet,\n{c['name']}\nMobiel: {c['phone']}"]
        auto = [f"-----Oorspronkelijk bericht-----", f"Van: {ins['name']} <{ins['email']}>",
                "Dank voor uw bericht. Wij reageren binnen vijf werkdagen. Met spoed? Bel " + ins["phone"] + "."]
    else:
        lines = ["Hello,", f"I would like to report damage that occurred on {dt(c)}.", c["desc"]]
        if motor:
            lines.append(f"My car's registration is {c['plate']}.")
            f["licence_plate"] = c["plate"]
            if c["cp"]:
                lines.append(f"Other party: {c['other']}, reg. {c['cp_plate']}, phone {c['other_phone']}, "
                             f"insured with {c['other_insurer']}.")
                f.update(counterparty_licence_plate=c["cp_plate"], counterparty_involved="yes")
        else:
            lines.append(f"The address is {addr(c)}. My neighbour {c['witness']} (tel. {c['witness_phone']}) "
                         "also saw the damage.")
            f["property_address"] = addr(c)
        lines += [f"The quote for the repair comes to {amt(c)}; I have attached it.",
                  f"Best wishes,\n{c['name']}\nMobile: {c['phone']}"]
        auto = ["-----Original Message-----", f"From: {ins['name']} <{ins['email']}>",
                "Thank you for your message. We aim to reply within five working days. Urgent? Call " + ins["phone"] + "."]
    f["damage_amount"] = amt(c)
    for p in lines:
        d.para(p)
    d.para("\n".join(auto), size=8, h=4)
    return d, f, "w4_email_outlook_parties"


def quote_invoice(rng, c, kind):
    """Garage or contractor quote/invoice: letterhead with the issuer's phone and IBAN, a customer
    block, a parts-and-labour table, subtotal, VAT, own risk and the total."""
    d = Doc()
    motor = c["ct"] == "motor_claim"
    b = biz(rng, "garage" if motor else "contractor")
    d.letterhead(b, right=rng.random() < 0.5)
    inv = kind == "invoice"
    d.title(T(c, "FACTUUR" if inv else "OFFERTE / SCHADECALCULATIE", "INVOICE" if inv else "REPAIR ESTIMATE"), 13)
    d.pair(T(c, "Klant", "Customer"), c["name"], T(c, "Datum", "Date"), dt(c, 6, 0))
    d.pair(T(c, "Adres", "Address"), addr(c), T(c, "Nummer", "Number"), f"{'F' if inv else 'O'}{rng.randint(20000, 99999)}")
    f = dict(claimant_name=c["name"])
    if motor:
        d.pair(T(c, "Kenteken", "Reg. no."), c["plate"], T(c, "Voertuig", "Vehicle"), c["car"])
        d.pair(T(c, "Schadedatum", "Date of loss"), dt(c), T(c, "Km-stand", "Mileage"), f"{rng.randint(20, 190)}.{rng.randint(100, 999)}")
        f.update(licence_plate=c["plate"], incident_date=dt(c))
    else:
        d.kv(T(c, "Werkadres", "Site address"), addr(c), lw=30)
        f["property_address"] = addr(c)
    if rng.random() < 0.5:
        d.kv(T(c, "Polisnummer klant", "Customer's policy no."), c["policy"], lw=45)
        f["policy_number"] = c["policy"]
    total = c["amount"]
    ex = round(total / 1.21, 2)
    vat = round(total - ex, 2)
    parts = round(ex * 0.55, 2)
    labour = round(ex - parts, 2)
    rows = [[T(c, "Omschrijving", "Description"), T(c, "Aantal", "Qty"), T(c, "Bedrag", "Amount")],
            [T(c, "Onderdelen en materialen", "Parts and materials"), "1", amt(c, parts, 2)],
            [T(c, "Arbeid", "Labour") + f" ({rng.randint(4, 30)} u à {amt(c, 62.5, 2)})", "1", amt(c, labour, 2)]]
    d.table(rows, [110, 20, 44], aligns=["L", "R", "R"])
    for lab, val in ((T(c, "Subtotaal excl. btw", "Subtotal excl. VAT"), amt(c, ex, 2)),
                     (T(c, "BTW 21%", "VAT 21%"), amt(c, vat, 2)),
                     (T(c, "Totaal incl. btw", "Total incl. VAT"), amt(c))):
        d.kv(lab, val, lw=130)
    f["damage_amount"] = amt(c)
    if inv:
        d.para(T(c, f"Graag binnen 14 dagen overmaken op {b['iban']} o.v.v. het factuurnummer.",
                 f"Please pay within 14 days to {b['iban']} quoting the invoice number."), size=8.5)
    d.footer_text(f"{b['name']} · KvK {b['kvk']} · IBAN {b['iban']} · {b['phone']}")
    return d, f, f"w4_{kind}_parts_labour"


def expert_report(rng, c):
    """Expert's report: a reference block, the insured and the object, findings and the assessed damage
    among other amounts (value before, residual value, deductible)."""
    d = Doc()
    e = biz(rng, "expert")
    d.letterhead(e, right=False)
    d.title(T(c, "Expertiserapport", "Loss Assessor's Report"))
    expert = person(rng, c["lang"])
    d.kv(T(c, "Dossiernummer", "File reference"), f"EX-{rng.randint(100000, 999999)}")
    d.kv(T(c, "Opdrachtgever", "Instructed by"), rng.choice(INSURERS))
    d.kv(T(c, "Verzekerde", "Insured"), c["name"])
    d.kv(T(c, "Polis", "Policy"), c["policy"])
    d.kv(T(c, "Datum schade", "Date of loss"), dt(c))
    d.kv(T(c, "Datum opname", "Date of inspection"), dt(c, 5, 0))
    f = dict(claimant_name=c["name"], policy_number=c["policy"], incident_date=dt(c), damage_amount=amt(c))
    if c["ct"] == "motor_claim":
        d.kv(T(c, "Object", "Vehicle"), f"{c['car']}, {T(c, 'kenteken', 'registration')} {c['plate']}")
        d.kv(T(c, "Aard van de schade", "Nature of the loss"), c["type_words"])
        f.update(licence_plate=c["plate"], incident_type=c["type"])
    else:
        d.kv(T(c, "Risicoadres", "Risk address"), addr(c))
        d.kv(T(c, "Oorzaak", "Cause"), c["cause_words"])
        f.update(property_address=addr(c), damage_cause=c["cause"])
    d.section(T(c, "Bevindingen", "Findings"))
    d.para(T(c, f"Volgens verzekerde: {c['desc']} De schade is in overeenstemming met deze toedracht.",
             f"According to the insured: {c['desc']} The damage is consistent with this account."))
    d.section(T(c, "Vaststelling", "Assessment"))
    rows = [(T(c, "Vastgestelde schade incl. btw", "Assessed damage incl. VAT"), amt(c)),
            (T(c, "Eigen risico", "Policy excess"), amt(c, rng.choice([150, 250, 300, 500]), 2)),
            (T(c, "Uurtarief expert", "Assessor's hourly rate"), amt(c, 95, 2))]
    for lab, val in rows:
        d.kv(lab, val, lw=80)
    d.para(f"{expert}, {T(c, 'register-expert', 'chartered loss adjuster')} — {T(c, 'tel.', 'tel.')} {e['phone']}", size=8.5)
    return d, f, "w4_expert_report_assessment"


def portal(rng, c):
    """Portal confirmation as a summary table with two columns of label | value per row."""
    d = Doc()
    ins = biz(rng, "insurer")
    d.font(12, True)
    d.pdf.cell(0, 7, f"{ins['name']} | {T(c, 'Online schade melden', 'Online claims')}", new_x="LMARGIN", new_y="NEXT")
    d.title(T(c, "Bevestiging van uw schademelding", "Your claim has been submitted"), 12)
    d.para(T(c, f"Schadenummer {rng.randint(10**7, 10**8 - 1)}. Bewaar deze bevestiging.",
             f"Claim number {rng.randint(10**7, 10**8 - 1)}. Please keep this confirmation."), size=8.5)
    rows = [[T(c, "Vraag", "Question"), T(c, "Uw antwoord", "Your answer")],
            [T(c, "Uw naam", "Your name"), c["name"]], [T(c, "Polisnummer", "Policy number"), c["policy"]],
            [T(c, "Telefoonnummer", "Phone number"), c["phone"]], ["E-mail", c["email"]],
            [T(c, "Wanneer is de schade ontstaan?", "When did the damage happen?"), dt(c)]]
    f = dict(claimant_name=c["name"], policy_number=c["policy"], claimant_phone=c["phone"], claimant_email=c["email"],
             incident_date=dt(c))
    if c["ct"] == "motor_claim":
        rows += [[T(c, "Kenteken", "Registration"), c["plate"]],
                 [T(c, "Wat voor schade is het?", "What kind of damage is it?"), c["type_words"]],
                 [T(c, "Is er een tegenpartij?", "Is there another party?"), T(c, "Ja", "Yes") if c["cp"] else T(c, "Nee", "No")]]
        f.update(licence_plate=c["plate"], incident_type=c["type"], counterparty_involved="yes" if c["cp"] else "no")
        if c["cp"]:
            rows += [[T(c, "Kenteken tegenpartij", "Other party's registration"), c["cp_plate"]]]
            f["counterparty_licence_plate"] = c["cp_plate"]
    else:
        rows += [[T(c, "Adres van de schade", "Address of the damage"), addr(c)],
                 [T(c, "Wat is de oorzaak?", "What caused the damage?"), c["cause_words"]]]
        f.update(property_address=addr(c), damage_cause=c["cause"])
    rows += [[T(c, "Toelichting", "Tell us what happened"), c["desc"]],
             [T(c, "Hoe hoog is de schade ongeveer?", "Roughly how much is the damage?"), amt(c)],
             [T(c, "Rekeningnummer", "Bank account (IBAN)"), c["iban"]]]
    f.update(incident_description=c["desc"], damage_amount=amt(c), iban=c["iban"])
    for i, (q, a) in enumerate(rows):
        d.font(8.5, i == 0)
        y = d.pdf.get_y()
        d.pdf.set_xy(18, y)
        d.pdf.multi_cell(70, 5, q, border="T", new_x="RIGHT", new_y="TOP")
        y1 = d.pdf.get_y()
        d.pdf.set_xy(88, y)
        d.font(9.5, i == 0)
        d.pdf.multi_cell(104, 5, a, border="T", new_x="LMARGIN", new_y="NEXT")
        d.pdf.set_y(max(d.pdf.get_y(), y1 + 5))
    d.para(T(c, f"Vragen? Bel {ins['phone']} (werkdagen 8-18 uur).", f"Questions? Call {ins['phone']} (weekdays 8am-6pm)."), size=8)
    return d, f, "w4_portal_question_answer"


def home_form(rng, c):
    """Insurer's home claim form in one of three wordings: policyholder, the address at risk, the cause
    ticked, the description beside the date, a neighbour as witness and the contractor's details."""
    d = Doc()
    ins = biz(rng, "insurer")
    d.letterhead(ins)
    wording = rng.randint(0, 2)
    d.title(T(c, ["Schadeformulier Woonhuis", "Melding schade aan woning en inboedel", "Aangifte opstalschade"][wording],
              ["Home Insurance Claim Form", "Household claim notification", "Buildings and contents claim"][wording]))
    d.section(T(c, "A. Verzekeringnemer", "A. Policyholder"))
    lab_name = T(c, ["Naam", "Voor- en achternaam", "Naam aanvrager"][wording], ["Full name", "Name of policyholder", "Your name"][wording])
    d.kv(lab_name, c["name"])
    d.kv(T(c, "Polisnummer", "Policy number"), c["policy"])
    d.kv(T(c, "Telefoon (mobiel)", "Contact number"), c["phone"])
    d.kv("E-mail", c["email"])
    d.kv(T(c, "Rekeningnummer (IBAN)", "Bank account (IBAN)"), c["iban"])
    d.section(T(c, "B. De schade", "B. The loss"))
    d.kv(T(c, "Adres waar de schade is", "Address where the damage occurred"), addr(c))
    d.pair(T(c, "Datum", "Date"), dt(c), T(c, "Wat is er gebeurd?", "What happened?"), c["desc"], lw=28)
    d.font(8.5)
    d.pdf.cell(0, 5, T(c, "Oorzaak van de schade:", "Cause of the damage:"), new_x="LMARGIN", new_y="NEXT")
    opts = {"nl": [("water", "Water / lekkage"), ("storm", "Storm"), ("fire", "Brand / rook"),
                   ("burglary", "Inbraak / diefstal"), ("other", "Overig")],
            "en": [("water", "Escape of water"), ("storm", "Storm"), ("fire", "Fire / smoke"),
                   ("burglary", "Theft / burglary"), ("other", "Other")]}[c["lang"]]
    d.boxes([w for _, w in opts], [w for k, w in opts if k == c["cause"]], cols=3)
    d.kv(T(c, "Schadebedrag (indien bekend)", "Amount claimed (if known)"), amt(c))
    d.section(T(c, "C. Derden", "C. Others"))
    d.kv(T(c, "Getuige / buurman", "Witness / neighbour"), f"{c['witness']}, {c['witness_phone']}")
    con = biz(rng, "contractor")
    d.kv(T(c, "Hersteller", "Repairer"), f"{con['name']}, {con['phone']}")
    d.kv(T(c, "Plaats en datum ondertekening", "Place and date signed"), f"{c['town']}, {dt(c, 9, 0)}")
    f = dict(claimant_name=c["name"], policy_number=c["policy"], claimant_phone=c["phone"], claimant_email=c["email"],
             iban=c["iban"], property_address=addr(c), incident_date=dt(c), incident_description=c["desc"],
             damage_cause=c["cause"], damage_amount=amt(c))
    d.footer_text(f"{ins['name']} · {ins['addr']} · {ins['phone']}")
    return d, f, f"w4_home_form_{['a', 'b', 'c'][wording]}"


def home_letter(rng, c):
    """Home claimant's letter: the contractor's and the neighbour's phones in sentences beside the
    claimant's own, the date and the description in one paragraph."""
    d = Doc()
    ins = rng.choice(INSURERS)
    con = biz(rng, "contractor")
    d.para(f"{c['name']}\n{addr(c)}")
    d.para(f"{ins}\n{T(c, 'Postbus', 'PO Box')} {rng.randint(100, 9999)}")
    d.para(f"{c['town']}, {dt(c, 3, 1)}")
    f = dict(claimant_name=c["name"], policy_number=c["policy"], property_address=addr(c), incident_date=dt(c),
             incident_description=c["desc"], damage_amount=amt(c), claimant_phone=c["phone"], iban=c["iban"])
    if c["lang"] == "nl":
        body = [f"Betreft: schade aan mijn woning, polis {c['policy']}", "Geachte heer, mevrouw,",
                f"Op {dt(c)} is er schade ontstaan aan mijn woning. {c['desc']}",
                f"Mijn buurman, {c['witness']}, kan dit bevestigen (telefoon {c['witness_phone']}). "
                f"{con['name']} ({con['phone']}) heeft een offerte gemaakt van {amt(c)}.",
                f"Wilt u de vergoeding overmaken op {c['iban']}? U kunt mij bellen op {c['phone']}.",
                f"Hoogachtend,\n\n{c['name']}"]
    else:
        body = [f"Re: damage to my home, policy {c['policy']}", "Dear Sir or Madam,",
                f"On {dt(c)} my home was damaged. {c['desc']}",
                f"My neighbour {c['witness']} can confirm this (telephone {c['witness_phone']}). "
                f"{con['name']} ({con['phone']}) has quoted {amt(c)} for the repair.",
                f"Please pay the settlement into {c['iban']}. I can be reached on {c['phone']}.",
                f"Yours sincerely,\n\n{c['name']}"]
    for p in body:
        d.para(p)
    return d, f, "w4_home_letter_contacts"


PLAN = [("motor_claim", statement_columns, 4, None), ("motor_claim", statement_stacked, 3, None),
        ("motor_claim", motor_form_otherparty, 4, None), ("motor_claim", motor_letter, 3, None),
        ("motor_claim", email_doc, 3, None), ("motor_claim", "repair_quote", 1, None),
        ("motor_claim", "invoice", 1, None), ("motor_claim", expert_report, 1, None), ("motor_claim", portal, 2, None),
        ("home_damage", home_form, 3, None), ("home_damage", home_letter, 2, None), ("home_damage", email_doc, 2, None),
        ("home_damage", "repair_quote", 1, None), ("home_damage", "invoice", 1, None),
        ("home_damage", expert_report, 1, None), ("home_damage", portal, 1, None)]
KIND = {statement_columns: "accident_statement", statement_stacked: "accident_statement",
        motor_form_otherparty: "claim_form", motor_letter: "letter", email_doc: "email", expert_report: "expert_report",
        portal: "portal_confirmation", home_form: "claim_form", home_letter: "letter"}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=20261209)
    ap.add_argument("--out", default=str(ROOT / "tests/corpus/dev"))
    args = ap.parse_args()
    rng = random.Random(args.seed)
    out = Path(args.out)
    truth = out / "truth.jsonl"
    kept = [l for l in truth.read_text().splitlines() if l.strip() and not json.loads(l)["layout"].startswith("w4_")]
    for p in (out / "docs").glob("dev-0*-fpdf2-*"):
        if FIRST <= int(p.name[4:8]) < 281:  # the fifth wave (wave5.py) is fpdf2 too
            p.unlink()
    records = []
    n = FIRST
    for ct, builder, count, _ in PLAN:
        for _i in range(count):
            lang = "en" if n % 5 in (0, 2) else "nl"
            statement = builder in (statement_columns, statement_stacked)
            c = make_case(rng, ct, lang, want={"collision"} if statement else None)
            if isinstance(builder, str):
                doc, facts, layout = quote_invoice(rng, c, builder)
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
