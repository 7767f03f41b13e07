"""Document builders, one per kind. Each returns a doc dict (theme, title, blocks, layout) and facts."""
import datetime as dt

import fmt
from content import CAUSE_OPTS, ITYPE_OPTS, LABELS


class B:
    def __init__(self, rng, c):
        self.rng = rng
        self.c = c
        self.lang = c["lang"]
        self.blocks = []
        self.facts = {}
        self.colon = rng.random() < 0.6
        self.caps = rng.random() < 0.12
        self.numbered = False
        self.n = 0
        self.date_style = None

    def nl(self, a, b):
        return a if self.lang == "nl" else b

    def pick(self, *opts):
        return self.rng.choice(opts)

    def L(self, key):
        return self.rng.choice(LABELS[self.lang][key])

    def phone_label(self):
        digits = "".join(ch for ch in self.c["phone"].replace("(0)", "") if ch.isdigit())
        mobile = digits.startswith(("06", "316", "00316"))
        while True:
            lab = self.L("phone")
            if mobile or ("obiel" not in lab and "obile" not in lab):
                return lab

    def d(self, label):
        if self.numbered:
            self.n += 1
            label = "%d. %s" % (self.n, label) if self.rng.random() < 0.8 else "%d%s %s" % (
                self.n, self.rng.choice(["a", "b"]), label)
        if self.colon and not label.endswith("?") and not label.endswith(":"):
            label += ":"
        if self.caps:
            label = label.upper()
        return label

    def fact(self, k, v):
        if v is not None:
            self.facts.setdefault(k, v)
        return v

    def add(self, t, **kw):
        kw["t"] = t
        self.blocks.append(kw)

    def fields(self, style, items, upper=False):
        pairs = []
        for it in items:
            if it is None:
                continue
            label, value, fact = it
            if value is None:
                continue
            if fact:
                self.fact(fact, value)
            pairs.append((self.d(label) if label else "", value))
        if pairs:
            self.add("fields", style=style, pairs=pairs, upper=upper)

    def date(self, d, style=None):
        return fmt.fmt_date(self.rng, d, self.lang, style)

    def amt(self, cents, style=None):
        return fmt.fmt_amount(self.rng, cents, self.lang, style)

    def plain(self, cents):
        return fmt.num(cents, self.lang)

    def iban(self):
        return fmt.fmt_iban(self.rng, self.c["iban"])

    def plate_w(self, running=False):
        p = self.c["plate"]
        if running and self.rng.random() < 0.5:
            return p.replace("-", "")
        return p

    def co_lines(self, co, with_bank=True):
        a = co["addr"]
        lines = [a["line1"], a["line2"]]
        right = [self.pick("Tel. ", "T ", "Telefoon: ", "tel: ") + co["phone"] if self.lang == "nl" else
                 self.pick("Tel. ", "Phone: ", "T ") + co["phone"],
                 self.pick("", "E-mail: ", "E ") + co["email"], co["web"]]
        reg = ["KvK %s" % co["kvk"], "%s %s" % (self.pick("BTW", "BTW-nr.", "Btw-id", "VAT no."), co["btw"])]
        if with_bank:
            reg.append("IBAN %s" % fmt.group_iban(co["iban"]))
        return lines, right, reg


def std_deco(b, rng):
    b.colon = rng.random() < 0.65


# ------------------------------------------------------------------------ helpers for lines & totals

MOTOR_LINES = [("Voorbumper spuiten", "Front bumper respray", 1, (18000, 42000)),
               ("Koplamp rechts (origineel)", "Headlamp right (OEM)", 1, (19000, 78000)),
               ("Motorkap uitdeuken en spuiten", "Bonnet repair and paint", 1, (24000, 56000)),
               ("Portier linksvoor vervangen", "Replace front left door", 1, (45000, 98000)),
               ("Spatscherm rechtsvoor", "Front right wing", 1, (16000, 32000)),
               ("Achterklep herstellen", "Tailgate repair", 1, (22000, 61000)),
               ("Bumpersteun", "Bumper bracket", 2, (1800, 4500)),
               ("Parkeersensor", "Parking sensor", 1, (6500, 14000)),
               ("Buitenspiegel compleet", "Wing mirror assembly", 1, (14000, 39000)),
               ("Voorruit incl. kalibratie camera", "Windscreen incl. camera calibration", 1, (48000, 95000)),
               ("Klein materiaal", "Sundries", 1, (1500, 4500))]
MOTOR_LABOUR = [("Arbeid plaatwerk", "Labour bodywork"), ("Arbeid spuitwerk", "Labour paintwork"),
                ("Montage/demontage", "Fitting and removal")]
HOME_LINES = {
    "water": [("Lekdetectie en opsporen lekkage", "Leak detection", 1, (19500, 39500)),
              ("Vervangen koperen waterleiding 15 mm", "Replace 15 mm copper pipe", 1, (12000, 28000)),
              ("Herstel plafond (stucwerk)", "Ceiling plaster repair", 1, (45000, 120000)),
              ("Laminaat leveren en leggen (m2)", "Supply and lay laminate (m2)", 24, (3200, 4800)),
              ("Bouwdroger huur (per dag)", "Dehumidifier hire (per day)", 5, (2500, 4500)),
              ("Schilderwerk plafond", "Painting ceiling", 1, (28000, 52000))],
    "storm": [("Dakpannen leveren (stuks)", "Roof tiles supplied (each)", 18, (450, 900)),
              ("Dakgoot zink herstellen (m1)", "Zinc gutter repair (m)", 6, (6500, 11000)),
              ("Steiger / hoogwerker", "Scaffolding / cherry picker", 1, (35000, 69000)),
              ("Herstel dakraam", "Skylight repair", 1, (38000, 79000)),
              ("Afvoer puin en afval", "Removal of debris", 1, (9500, 18000))],
    "fire": [("Roetreiniging benedenverdieping", "Soot cleaning ground floor", 1, (95000, 210000)),
             ("Keukenkasten vervangen", "Replace kitchen units", 1, (280000, 520000)),
             ("Plafond herstellen en sausen", "Repair and paint ceiling", 1, (65000, 130000)),
             ("Geurneutralisatie (ozon)", "Odour treatment (ozone)", 1, (35000, 60000)),
             ("Elektra keuken herstellen", "Kitchen electrics repair", 1, (42000, 98000))],
    "burglary": [("Achterdeur hardhout incl. beslag", "Hardwood back door incl. fittings", 1, (85000, 160000)),
                 ("Kozijn herstellen", "Frame repair", 1, (32000, 65000)),
                 ("SKG*** cilinderslot", "SKG*** cylinder lock", 2, (6500, 11000)),
                 ("Dubbel glas HR++ (m2)", "Double glazing HR++ (m2)", 2, (14000, 22000)),
                 ("Schilderwerk deur en kozijn", "Painting door and frame", 1, (22000, 38000))],
    "other": [("Glazen schuifpui vervangen", "Replace glass sliding door", 1, (120000, 240000)),
              ("Gevelherstel metselwerk", "Brickwork repair", 1, (65000, 140000)),
              ("Afvoer glas en puin", "Removal of glass and debris", 1, (7500, 15000))],
}


def quantity(b, q):
    if isinstance(q, float):
        return ("%.1f" % q).replace(".", ",") if b.lang == "nl" else "%.1f" % q
    return str(q)


def make_lines(b):
    rng, c = b.rng, b.c
    lines = []
    if c["case_type"] == "motor_claim":
        for nl, en, q, (lo, hi) in rng.sample(MOTOR_LINES, rng.randint(2, 5)):
            lines.append((b.nl(nl, en), q, rng.randint(lo, hi) // 5 * 5))
        rate = rng.choice([6450, 6850, 7250, 7795, 8200, 8950])
        for nl, en in rng.sample(MOTOR_LABOUR, rng.randint(1, 2)):
            lines.append((b.nl(nl, en), rng.choice([1.5, 2.0, 2.5, 3.0, 3.5, 4.5, 6.0]), rate))
    else:
        pool = HOME_LINES[c["cause"]]
        for nl, en, q, (lo, hi) in rng.sample(pool, min(len(pool), rng.randint(2, 4))):
            lines.append((b.nl(nl, en), q, rng.randint(lo, hi) // 5 * 5))
        rate = rng.choice([5250, 5800, 6200, 6500, 7150])
        lines.append((b.nl(rng.choice(["Arbeid (uren)", "Arbeidsloon", "Manuren"]),
                           rng.choice(["Labour (hours)", "Labour"])), rng.choice([2.0, 4.0, 6.0, 8.0, 12.0]), rate))
    rows = []
    sub = 0
    for desc, q, price in lines:
        tot = int(round(price * q))
        sub += tot
        rows.append((desc, q, price, tot))
    vat = int(round(sub * 0.21))
    return rows, sub, vat, sub + vat


def items_block(b, rows, sub, vat, total, total_label, extra_totals=()):
    rng = b.rng
    hdr_sets = {"nl": [["Omschrijving", "Aantal", "Prijs", "Totaal"],
                       ["Omschrijving", "Aantal", "Eenheidsprijs", "Bedrag"],
                       ["Omschrijving werkzaamheden / onderdelen", "Aantal", "Prijs p/st", "Totaal excl."],
                       ["Art./Omschrijving", "Aantal", "Stukprijs (€)", "Totaal (€)"]],
                "en": [["Description", "Qty", "Unit price", "Amount"], ["Description", "Quantity", "Price", "Total"],
                       ["Item", "Qty", "Rate", "Line total"]]}
    headers = rng.choice(hdr_sets[b.lang])
    eur_in_cells = "€" not in "".join(headers) and rng.random() < 0.4
    cell = (lambda v: "€ " + b.plain(v)) if eur_in_cells else b.plain
    trs = [[d, quantity(b, q), cell(p), cell(t)] for d, q, p, t in rows]
    totals = [(b.pick(*b.nl(["Subtotaal", "Totaal excl. BTW", "Subtotaal excl. btw", "Totaal exclusief BTW"],
                             ["Subtotal", "Total excl. VAT", "Net amount"])), cell(sub), False),
              (b.pick(*b.nl(["BTW 21%", "21% BTW", "Btw 21 %", "BTW hoog (21%)"], ["VAT 21%", "VAT @ 21%"])),
               cell(vat), False)]
    tot_w = b.amt(total) if rng.random() < 0.7 else cell(total)
    totals.append((total_label, tot_w, True))
    totals += list(extra_totals)
    b.add("items", headers=headers, rows=trs, totals=totals, num_cols=[1, 2, 3])
    return tot_w


# ------------------------------------------------------------------------ claim form

def claim_form(b):
    rng, c, lang = b.rng, b.c, b.lang
    motor = c["case_type"] == "motor_claim"
    p, a = c["p"], c["addr"]
    block_caps = rng.random() < 0.15
    NM = p["written"].upper() if block_caps else p["written"]
    layout = rng.choice(["sections_table", "label_above", "numbered", "questions", "two_pairs"])
    style = {"sections_table": "table", "label_above": "above", "numbered": rng.choice(["pairs2", "table"]),
             "questions": rng.choice(["inline", "dots", "table"]), "two_pairs": rng.choice(["pairs2", "grid2"])}[layout]
    b.numbered = layout == "numbered"
    upper = rng.random() < 0.3
    ins, dom = c["insurer"]
    theme = rng.choice(["modern", "boxed", "grid", "classic"])
    b.add("lh", name=ins, lines=[b.nl("Postbus %d" % rng.randint(100, 9999), "PO Box %d" % rng.randint(100, 9999)),
                                 "%s %s" % (fmt.postcode(rng, 2500), rng.choice(["Den Haag", "Apeldoorn", "Zwolle", "Tilburg"]))],
          right=["schade@" + dom, "www." + dom])
    if motor:
        title = b.pick(*b.nl(["Schadeaangifteformulier motorrijtuigen", "Schadeformulier auto", "Schademelding motorrijtuig",
                              "Aangifte van schade – personenauto"],
                             ["Motor claim form", "Car insurance claim form", "Vehicle damage report"]))
    else:
        title = b.pick(*b.nl(["Schadeaangifteformulier woonhuis en inboedel", "Schademelding woonverzekering",
                              "Schadeformulier opstal/inboedel"],
                             ["Home insurance claim form", "Household claim form", "Property damage claim form"]))
    b.add("title", text=title, sub=b.nl("Volledig en duidelijk invullen a.u.b. Onvolledige formulieren kunnen vertraging opleveren.",
                                        "Please complete in block capitals. Incomplete forms may delay your claim.")
          if rng.random() < 0.6 else None)
    q = layout == "questions"

    def lab(key, question_nl=None, question_en=None):
        if q and question_nl and rng.random() < 0.7:
            return b.nl(question_nl, question_en)
        return b.L(key)

    # --- policyholder
    b.add("sec", text=b.pick(*b.nl(["Gegevens verzekeringnemer", "Uw gegevens", "Persoonlijke gegevens", "A. Verzekeringnemer"],
                                   ["Policyholder details", "Your details", "About you", "Section A – Policyholder"])))
    items = [(lab("name", "Wat is uw naam?", "What is your name?"), NM, "claimant_name"),
             (b.L("address"), a["oneline"] if rng.random() < 0.5 else a["line1"], None)]
    if items[1][1] == a["line1"]:
        items.append((b.nl("Postcode en plaats", "Postcode and town"), a["line2"], None))
    items.append((b.L("birth"), b.date(c["birth"]), None) if rng.random() < 0.5 else None)
    items.append((lab("phone", "Op welk nummer bent u bereikbaar?", "On which number can we reach you?") if q else b.phone_label(), c["phone"], "claimant_phone")
                 if rng.random() < 0.9 else None)
    items.append((lab("email", "Wat is uw e-mailadres?", "What is your email address?"), c["email"], "claimant_email")
                 if rng.random() < 0.85 else None)
    items.append((b.L("policy" if motor else "policy_home"), c["policy"], "policy_number"))
    if rng.random() < 0.4:
        items.append((b.nl(rng.choice(["Relatienummer", "Klantnummer"]), "Customer no."), str(rng.randint(1000000, 9999999)), None))
    b.fields(style, items, upper)
    if not motor:
        home_same = rng.random() < 0.3
        b.add("sec", text=b.pick(*b.nl(["Risicoadres", "Adres van de woning", "B. Het verzekerde adres"],
                                       ["Insured property", "Risk address", "Section B – The property"])))
        b.fields(style, [(b.L("property"), a["oneline"], "property_address"),
                         (b.nl("Soort woning", "Type of property"), b.pick(*b.nl(["Tussenwoning", "Hoekwoning", "Appartement", "Vrijstaand"],
                                                                                  ["Terraced house", "Flat", "Detached house"])), None),
                         (b.nl("Eigenaar of huurder?", "Owner or tenant?"), b.pick(*b.nl(["Eigenaar", "Huurder"], ["Owner", "Tenant"])), None)],
                 upper)
    if motor:
        b.add("sec", text=b.pick(*b.nl(["Gegevens voertuig", "Uw voertuig", "B. Het motorrijtuig"],
                                       ["Vehicle details", "Your vehicle", "Section B – Vehicle"])))
        mk, md = c["car"]
        b.fields(style, [(b.L("plate"), c["plate"], "licence_plate"),
                         (b.nl(rng.choice(["Merk en type", "Merk / model", "Merk"]), rng.choice(["Make and model", "Make / model"])), "%s %s" % (mk, md), None),
                         (b.nl("Bouwjaar", "Year of manufacture"), str(c["year"]), None),
                         (b.nl("Kilometerstand", "Mileage"), "%d km" % c["km"], None) if rng.random() < 0.5 else None,
                         (b.nl("Bestuurder ten tijde van het ongeval", "Driver at the time"), b.pick(*b.nl(["idem", "verzekeringnemer", p["written"]], ["policyholder", "same as above", p["written"]])), None)],
                 upper)
    # --- incident
    b.add("sec", text=b.pick(*b.nl(["Het ongeval", "Gegevens over de schade", "C. Toedracht", "De gebeurtenis"] if motor else
                                   ["De schade", "Gegevens over de schade", "C. Toedracht", "De gebeurtenis"],
                                   ["The accident" if motor else "The damage", "Incident details", "Section C – What happened"])))
    dkey = "date" if motor else "date_home"
    items = [(lab(dkey, "Wanneer is de schade ontstaan?", "When did the damage happen?"), b.date(c["date"]), "incident_date")]
    if motor or rng.random() < 0.5:
        items.append((b.L("time"), c["time"] + b.pick("", " uur" if lang == "nl" else "", ""), None))
    if motor:
        items.append((lab("location", "Waar is het gebeurd?", "Where did it happen?"), c["loc"], "incident_location"))
    b.fields(style, items, upper)
    if motor:
        opts = ITYPE_OPTS[lang]
        b.add("checks", title=b.d(b.L("itype")), opts=[(rng.choice(t), k == c["itype"]) for k, t in opts], cols=rng.choice([2, 3]))
        b.fact("incident_type", c["itype"])
    else:
        opts = CAUSE_OPTS[lang]
        b.add("checks", title=b.d(b.L("cause")), opts=[(rng.choice(t), k == c["cause"]) for k, t in opts], cols=rng.choice([2, 3, 5]))
        b.fact("damage_cause", c["cause"])
    b.fields("table" if style in ("pairs2", "grid2", "dots") else style,
             [(lab("desc" if motor else "desc_home", "Hoe is de schade ontstaan?", "How did the damage happen?"), c["desc"], "incident_description")], upper)
    if motor:
        cp = c["cp"]
        yes, no = b.nl("Ja", "Yes"), b.nl("Nee", "No")
        if rng.random() < 0.5:
            b.add("checks", title=b.d(b.L("cp_q")), opts=[(yes, bool(cp)), (no, not cp)], cols=rng.choice([2, 4]))
            b.fields(style, [(b.nl("Is er politie ter plaatse geweest?", "Were the police called?"), b.pick(yes, no), None)], upper)
        else:
            b.fields(style, [(b.L("cp_q"), yes if cp else no, None),
                             (b.nl("Is er politie ter plaatse geweest?", "Were the police called?"), b.pick(yes, no), None)], upper)
        b.fact("counterparty_involved", "yes" if cp else "no")
        if cp:
            b.add("sec", text=b.pick(*b.nl(["Tegenpartij", "Gegevens tegenpartij", "D. Wederpartij"], ["Other party", "Third party details", "Section D – Other party"])))
            mk, md = cp["car"]
            b.fields(style, [(b.nl("Naam", "Name"), cp["p"]["written"], None),
                             (b.nl("Adres", "Address"), cp["addr"]["oneline"], None),
                             (b.nl("Telefoon", "Phone"), cp["phone"], None),
                             (b.L("cp_plate"), cp["plate"], "counterparty_licence_plate"),
                             (b.nl("Merk en type", "Make / model"), "%s %s" % (mk, md), None),
                             (b.nl("Verzekerd bij", "Insurer"), cp["insurer"][0], None),
                             (b.nl("Polisnummer tegenpartij", "Their policy no."), cp["policy"], None) if rng.random() < 0.6 else None],
                     upper)
    if c["witness"]:
        b.add("sec", text=b.nl("Getuigen", "Witnesses"))
        wit = []
        for i, (wp, wph) in enumerate(c["witness"]):
            wit.append((b.nl("Getuige %d" % (i + 1), "Witness %d" % (i + 1)), wp["written"], None))
            wit.append((b.nl("Tel. getuige %d" % (i + 1), "Phone witness %d" % (i + 1)), wph, None))
        b.fields(style, wit, upper)
    # --- damage & payment
    b.add("sec", text=b.pick(*b.nl(["Schade", "De schade", "E. Schadebedrag"], ["Damage", "Your loss", "Section E – Amount"])))
    amount = rng.randint(250, 9000) * 100 + (rng.choice([0, 0, 0, 50, rng.randint(1, 99)]))
    if not motor:
        amount = rng.randint(400, 18000) * 100
    items = []
    if not motor and rng.random() < 0.5:
        # list of damaged items; the claimed total is the damage amount
        goods = {"nl": ["Laminaatvloer woonkamer", "Bank (3-zits)", "Televisie 55 inch", "Laptop", "Gordijnen", "Dressoir",
                        "Vloerkleed", "Sieraden", "Fiets", "Spelcomputer", "Plafond en stucwerk", "Behang slaapkamer"],
                 "en": ["Laminate floor living room", "Sofa (3-seater)", "55-inch television", "Laptop", "Curtains",
                        "Sideboard", "Rug", "Jewellery", "Bicycle", "Games console", "Ceiling plaster", "Bedroom wallpaper"]}[lang]
        rows, tot = [], 0
        for g in rng.sample(goods, rng.randint(2, 5)):
            price = rng.randint(80, 2500) * 100
            claim = price * rng.randint(50, 100) // 100 // 100 * 100
            tot += claim
            rows.append([g, str(rng.randint(2012, 2025)), b.plain(price), b.plain(claim)])
        b.add("sec", text=b.nl("Beschadigde of gestolen zaken", "Damaged or stolen items"))
        tw = b.amt(tot)
        b.add("items", headers=b.nl(["Omschrijving", "Aankoopjaar", "Aankoopprijs", "Geclaimd"], ["Item", "Year bought", "Price paid", "Claimed"]),
              rows=rows, totals=[(b.pick(*b.nl(["Totaal geclaimd", "Totaal schadebedrag", "Totaal"], ["Total claimed", "Total"])), tw, True)],
              num_cols=[1, 2, 3])
        b.fact("damage_amount", tw)
    elif rng.random() < 0.85:
        items.append((lab("amount", "Hoe hoog is de schade ongeveer?", "How much is the damage?"), b.amt(amount), "damage_amount"))
    if motor:
        items.append((b.nl("Waar kan de auto bekeken worden?", "Where can the vehicle be inspected?"),
                      "%s, %s" % (c["garage"]["name"], c["garage"]["addr"]["city"]), None))
    else:
        items.append((b.nl("Wie voert het herstel uit?", "Who will carry out the repair?"), c["garage"]["name"], None))
    items.append((b.nl("Eigen risico volgens polis", "Policy excess"), b.amt(rng.choice([10000, 15000, 25000, 30000, 50000])), None)
                 if rng.random() < 0.4 else None)
    b.fields(style, items, upper)
    if rng.random() < 0.87:
        b.add("sec", text=b.pick(*b.nl(["Betaalgegevens", "Uitbetaling", "F. Bankgegevens"], ["Payment details", "Bank details", "Section F – Payment"])))
        b.fields(style, [(lab("iban", "Op welk rekeningnummer wilt u de uitkering ontvangen?", "Which account should we pay into?"), b.iban(), "iban"),
                         (b.nl("Ten name van", "Account holder"), NM, None)], upper)
    b.add("sec", text=b.nl("Ondertekening", "Declaration"))
    b.add("para", text=b.nl("Ondergetekende verklaart dit formulier naar waarheid te hebben ingevuld en geen feiten te hebben verzwegen.",
                            "I declare that the information given on this form is true and complete."), small=True)
    sign = c["date"] + dt.timedelta(days=rng.randint(1, 12))
    b.fields(style if style != "above" else "pairs2",
             [(b.nl("Plaats en datum", "Place and date"), "%s, %s" % (a["city"], b.date(sign)), None),
              (b.nl("Handtekening", "Signature"), NM, None)], upper)
    b.add("foot", text="%s · %s · %s" % (ins, b.nl("Formulier SCH-%02d" % rng.randint(1, 40), "Form CL-%02d" % rng.randint(1, 40)),
                                         b.nl("Stuur dit formulier naar schade@", "Send this form to schade@") + dom))
    return {"theme": theme, "title": title, "blocks": b.blocks, "layout": "claim_form_" + layout + "_" + style}


# ------------------------------------------------------------------------ European accident statement

CIRC_NL = ["stond geparkeerd / stond stil", "verliet een parkeerplaats / opende een portier", "ging parkeren",
           "verliet een parkeerterrein, een private plaats, een onverharde weg", "reed een rotonde op",
           "reed op een rotonde", "botste op de achterkant van een voertuig dat in dezelfde richting reed",
           "reed in dezelfde richting maar op een andere rijstrook", "veranderde van rijstrook", "haalde in",
           "sloeg rechtsaf", "sloeg linksaf", "reed achteruit", "reed op een rijstrook voor tegenliggers",
           "kwam van rechts (op een kruispunt)", "verleende geen voorrang", "negeerde een rood verkeerslicht"]
CIRC_EN = ["was parked / stationary", "was leaving a parking space / opening a door", "was parking",
           "was emerging from a car park, private grounds or track", "was entering a roundabout",
           "was circulating on a roundabout", "struck the rear of the other vehicle going the same way",
           "was going the same way but in a different lane", "was changing lanes", "was overtaking",
           "was turning right", "was turning left", "was reversing", "was encroaching onto the opposite lane",
           "was coming from the right (at a junction)", "had not observed a right of way sign", "ignored a red light"]


def accident_statement(b):
    rng, c, lang = b.rng, b.c, b.lang
    p, a = c["p"], c["addr"]
    if not c["cp"]:
        raise ValueError("needs counterparty")
    cp = c["cp"]
    layout = rng.choice(["ab_table", "ab_table_numbered", "ab_sections"])
    theme = rng.choice(["boxed", "modern", "grid"])
    title = b.pick(*b.nl(["Europees Schadeformulier", "Aanrijdingsformulier", "EUROPEES SCHADEFORMULIER – Aanrijding"],
                         ["European Accident Statement", "Joint report of a road traffic accident", "EUROPEAN ACCIDENT STATEMENT"]))
    b.add("title", text=title, sub=b.nl("Niet verplicht om in te vullen door de betrokken bestuurders. Geen erkenning van aansprakelijkheid, maar een weergave van identiteit en feiten.",
                                        "Does not constitute an admission of liability, but a summary of identities and facts."))
    b.colon = False
    num = layout != "ab_sections"
    N = (lambda n, s: "%s. %s" % (n, s)) if num else (lambda n, s: s)
    dstr = b.date(c["date"], rng.choice(["dd-mm-yyyy", "dd-mm-yy", "d-m-yyyy", "dd/mm/yy"]) if lang == "nl" else None)
    b.fields("pairs2", [(N(1, b.nl("Datum van het ongeval", "Date of accident")), dstr, "incident_date"),
                        (b.nl("Tijd", "Time"), c["time"], None),
                        (N(2, b.nl("Plaats (land, plaats, straat)", "Location (country, place)")), b.nl("Nederland, ", "Netherlands, ") + c["loc"], "incident_location"),
                        (N(3, b.nl("Gewonden, ook licht", "Injuries, even slight")), b.nl("Nee", "No"), None),
                        (N(4, b.nl("Materiële schade aan andere voertuigen dan A en B", "Damage to vehicles other than A and B")), b.nl("Nee", "No"), None)])
    b.facts["incident_location"] = b.nl("Nederland, ", "Netherlands, ") + c["loc"]
    if c["witness"]:
        wp, wph = c["witness"][0]
        b.fields("table", [(N(5, b.nl("Getuigen: namen, adressen, tel.", "Witnesses: names, addresses, tel.")),
                            "%s, %s, tel. %s" % (wp["written"], wp["addr"] if "addr" in wp else a["city"], wph), None)])
    va, vb = b.nl("Voertuig A", "Vehicle A"), b.nl("Voertuig B", "Vehicle B")
    contact_a = c["phone"] if rng.random() < 0.6 else c["email"]
    rows = [(N(6, b.nl("Verzekeringnemer – naam", "Policyholder – name")), p["written"], cp["p"]["written"]),
            (b.nl("Adres", "Address"), a["line1"], cp["addr"]["line1"]),
            (b.nl("Postcode / plaats", "Postcode / town"), a["line2"], cp["addr"]["line2"]),
            (b.nl("Tel. of e-mail", "Tel. or e-mail"), contact_a, cp["phone"] if rng.random() < 0.6 else cp["email"]),
            (N(7, b.nl("Voertuig – merk, type", "Vehicle – make, model")), "%s %s" % c["car"], "%s %s" % cp["car"]),
            (b.nl("Kenteken", "Registration no."), c["plate"], cp["plate"]),
            (b.nl("Land van inschrijving", "Country of registration"), "NL", "NL"),
            (N(8, b.nl("Verzekeringsmaatschappij", "Insurance company")), c["insurer"][0], cp["insurer"][0]),
            (b.nl("Polisnummer", "Policy no."), c["policy"], cp["policy"]),
            (b.nl("Groene kaart nr.", "Green card no."), str(rng.randint(10 ** 7, 10 ** 8)), str(rng.randint(10 ** 7, 10 ** 8))),
            (N(9, b.nl("Bestuurder – naam", "Driver – name")), p["written"], cp["p"]["written"]),
            (b.nl("Geboortedatum", "Date of birth"), b.date(c["birth"], "dd-mm-yyyy" if lang == "nl" else "d Month yyyy"),
             b.date(dt.date(rng.randint(1950, 2002), rng.randint(1, 12), rng.randint(1, 28)), "dd-mm-yyyy" if lang == "nl" else "d Month yyyy")),
            (b.nl("Rijbewijs nr.", "Driving licence no."), str(rng.randint(10 ** 9, 10 ** 10)), str(rng.randint(10 ** 9, 10 ** 10))),
            (N(11, b.nl("Zichtbare schade", "Visible damage")), b.nl(rng.choice(["voorzijde rechts", "achterbumper", "linkerflank"]), rng.choice(["front right", "rear bumper", "left side"])),
             b.nl(rng.choice(["voorbumper", "koplamp links", "motorkap"]), rng.choice(["front bumper", "left headlamp", "bonnet"])))]
    b.fact("claimant_name", p["written"])
    b.fact("claimant_phone" if contact_a == c["phone"] else "claimant_email", contact_a)
    b.fact("licence_plate", c["plate"])
    b.fact("policy_number", c["policy"])
    b.fact("counterparty_licence_plate", cp["plate"])
    b.fact("counterparty_involved", "yes")
    b.fact("incident_type", "collision")
    if layout == "ab_sections":
        # Vehicle A block then vehicle B block, each as its own field table
        for col, lab in ((1, va), (2, vb)):
            b.add("sec", text=lab)
            b.fields("table", [(r[0], r[col], None) for r in rows])
    else:
        b.add("ab", headers=[b.nl("Rubriek", "Item"), va, vb], rows=rows)
    circ = CIRC_NL if lang == "nl" else CIRC_EN
    ca = set(rng.sample(range(17), rng.randint(1, 2)))
    cb = set(rng.sample(range(17), rng.randint(1, 2)))
    b.add("sec", text=N(12, b.nl("Omstandigheden – kruis de vakjes aan", "Circumstances – tick the boxes")))
    b.add("ab", headers=["", "A", "B"], rows=[("%d %s" % (i + 1, t), "X" if i in ca else "", "X" if i in cb else "")
                                            for i, t in enumerate(circ)])
    b.add("para", text=b.nl("Aantal aangekruiste vakjes: A %d, B %d" % (len(ca), len(cb)),
                            "Number of boxes marked: A %d, B %d" % (len(ca), len(cb))), small=True)
    if rng.random() < 0.6:
        b.fields("table", [(N(14, b.nl("Mijn opmerkingen (bestuurder A)", "My remarks (driver A)")), c["desc"], "incident_description")])
    b.add("para", text=b.nl("Akkoord met de toedracht. Beide bestuurders hebben dit formulier ondertekend.",
                            "Both drivers agree with the facts stated above."))
    b.fields("pairs2", [(N(15, b.nl("Handtekening bestuurder A", "Signature driver A")), p["written"], None),
                        (b.nl("Handtekening bestuurder B", "Signature driver B"), cp["p"]["written"], None)])
    return {"theme": theme, "title": title, "blocks": b.blocks, "layout": "accident_statement_" + layout}


# ------------------------------------------------------------------------ quote / invoice

def quote_or_invoice(b, invoice):
    rng, c, lang = b.rng, b.c, b.lang
    motor = c["case_type"] == "motor_claim"
    p, a, co = c["p"], c["addr"], c["garage"]
    layout = rng.choice(["letterhead_right", "letterhead_footer", "compact"])
    theme = rng.choice(["modern", "classic", "grid", "boxed"])
    lines, right, reg = b.co_lines(co)
    tagline = b.pick(*(b.nl(["Erkend FOCWA-schadeherstelbedrijf", "Uw partner in schadeherstel", "APK · Onderhoud · Schadeherstel"],
                            ["Approved body repair centre", "Your partner in repairs"]) if motor else
                       b.nl(["Vakmanschap sinds 1987", "24/7 bereikbaar bij calamiteiten", "Lid van Bouwend Nederland"],
                            ["Craftsmanship since 1987", "24/7 emergency service"])))
    if layout == "letterhead_footer":
        b.add("lh", name=co["name"], tagline=tagline, lines=[], right=[])
        foot = " | ".join(lines + right[:2] + reg)
    else:
        b.add("lh", name=co["name"], tagline=tagline, lines=lines + ([] if layout == "compact" else reg), right=right)
        foot = " · ".join(reg) if layout == "compact" else None
    doc_date = c["date"] + dt.timedelta(days=rng.randint(2, 25))
    if invoice:
        title = b.pick(*b.nl(["Factuur", "FACTUUR", "Factuur schadeherstel"], ["Invoice", "INVOICE", "Tax invoice"]))
        meta = [(b.pick(*b.nl(["Factuurnummer", "Factuurnr.", "Factuur nr."], ["Invoice no.", "Invoice number"])), "%d%05d" % (doc_date.year, rng.randint(1, 99999))),
                (b.nl("Factuurdatum", "Invoice date"), b.date(doc_date)),
                (b.nl("Vervaldatum", "Due date"), b.date(doc_date + dt.timedelta(days=rng.choice([14, 30]))))]
    else:
        title = b.pick(*(b.nl(["Offerte", "Schadecalculatie", "Kostenbegroting herstel", "OFFERTE"], ["Quotation", "Repair estimate", "Quote"]) if motor else
                         b.nl(["Offerte", "Offerte herstelwerkzaamheden", "Prijsopgave", "Begroting"], ["Quotation", "Estimate", "Quote for repairs"])))
        meta = [(b.pick(*b.nl(["Offertenummer", "Offerte nr.", "Ons kenmerk"], ["Quote no.", "Our ref."])), "OF-%d-%04d" % (doc_date.year, rng.randint(1, 9999))),
                (b.nl("Datum", "Date"), b.date(doc_date)),
                (b.nl("Geldig tot", "Valid until"), b.date(doc_date + dt.timedelta(days=30)))]
    if rng.random() < 0.5:
        meta.append((b.pick(*b.nl(["Klantnummer", "Debiteurnr."], ["Customer no.", "Account no."])), str(rng.randint(10000, 99999))))
    to_insurer = rng.random() < 0.25
    if to_insurer:
        # direct repair: the garage/contractor bills the insurer; the claimant appears as the insured
        cust = [c["insurer"][0], b.nl("t.a.v. afdeling Schade", "attn. Claims department"),
                b.nl("Postbus %d" % rng.randint(100, 9999), "PO Box %d" % rng.randint(100, 9999)),
                "%s %s" % (fmt.postcode(rng, 3500), rng.choice(["Utrecht", "Apeldoorn", "Zwolle", "Den Haag"]))]
        layout += "_to_insurer"
    else:
        cust = [("%s %s" % (p["nl_abbr"] if lang == "nl" else p["en_title"], p["written"])) if rng.random() < 0.4 else p["written"],
                a["line1"], a["line2"]]
    b.fact("claimant_name", p["written"])
    b.add("addr", lines=cust, meta=meta)
    b.add("title", text=title)
    if to_insurer:
        b.fields("inline", [(b.pick(*b.nl(["Uw verzekerde", "Verzekerde", "Eigenaar", "Opdrachtgever"], ["Your insured", "Insured", "Owner"])),
                             p["written"], None),
                            (b.nl("Adres verzekerde", "Address of insured"), a["oneline"], "property_address") if not motor else None])
    b.colon = rng.random() < 0.7
    st = rng.choice(["pairs2", "table", "inline", "grid2"])
    info = []
    if motor:
        mk, md = c["car"]
        info += [(b.pick(*b.nl(["Kenteken", "Kent.", "Kenteken voertuig", "Reg. nr."], ["Registration", "Reg. no.", "Vehicle reg."])), c["plate"], "licence_plate"),
                 (b.nl("Merk / type", "Make / model"), "%s %s" % (mk, md), None),
                 (b.nl("Km-stand", "Odometer"), "%d" % c["km"], None) if rng.random() < 0.5 else None]
    else:
        if rng.random() < 0.85:
            info.append((b.pick(*b.nl(["Werkadres", "Adres uitvoering", "Locatie werkzaamheden", "Betreft adres"],
                                      ["Site address", "Work address", "Property"])),
                         a["oneline"], "property_address"))
    if rng.random() < 0.5:
        info.append((b.pick(*b.nl(["Schadedatum", "Datum schade", "Schade d.d."], ["Date of loss", "Date of damage"])), b.date(c["date"]), "incident_date"))
    if rng.random() < 0.45:
        info.append((b.nl("Verzekeraar", "Insurer"), c["insurer"][0], None))
        info.append((b.pick(*b.nl(["Polisnummer", "Polisnr.", "Uw polisnummer"], ["Policy no.", "Policy number"])), c["policy"], "policy_number"))
    if rng.random() < 0.4:
        info.append((b.nl("Schadenummer verzekeraar", "Insurer claim no."), fmt.ref_number(rng), None))
    if rng.random() < 0.3:
        info.append((b.nl("Telefoon klant", "Customer phone"), c["phone"], "claimant_phone"))
    if not motor:
        subj_nl = {"water": "Herstel lekkageschade", "storm": "Herstel stormschade dak", "fire": "Herstel brandschade keuken",
                   "burglary": "Herstel inbraakschade achterdeur", "other": "Herstel schade"}
        subj_en = {"water": "Repair of water damage (leak)", "storm": "Storm damage roof repair", "fire": "Fire damage repair kitchen",
                   "burglary": "Burglary damage repair back door", "other": "Repair of damage"}
        info.insert(0, (b.nl("Betreft", "Re"), b.nl(subj_nl, subj_en)[c["cause"]], None))
        if c["cause"] != "other":
            b.fact("damage_cause", c["cause"])
    b.fields(st, info)
    rows, sub, vat, total = make_lines(b)
    if invoice:
        tl = b.pick(*b.nl(["Te betalen", "Totaal te voldoen", "Totaal incl. BTW", "Factuurbedrag", "Totaal"],
                          ["Amount due", "Total due", "Total incl. VAT", "Balance due"]))
    else:
        tl = b.pick(*b.nl(["Totaal incl. BTW", "Herstelkosten incl. BTW", "Totaal offerte", "Totaalbedrag incl. btw"],
                          ["Total incl. VAT", "Total estimate", "Total repair cost incl. VAT"]))
    tot_w = items_block(b, rows, sub, vat, total, tl)
    b.fact("damage_amount", tot_w)
    er = rng.choice([0, 15000, 25000, 30000, 50000, 13500])
    if er and rng.random() < 0.6:
        b.add("para", text=b.nl("Eigen risico %s komt voor rekening van de klant en wordt met de verzekeraar verrekend." % b.amt(er),
                                "Policy excess of %s is payable by the customer and settled with the insurer." % b.amt(er)), small=False)
    if invoice:
        hold = co["name"]
        b.add("para", text=b.nl("Gelieve het totaalbedrag binnen %d dagen te betalen op %s t.n.v. %s onder vermelding van het factuurnummer."
                                % (rng.choice([14, 30]), fmt.group_iban(co["iban"]), hold),
                                "Please pay within %d days to %s in the name of %s, quoting the invoice number."
                                % (rng.choice([14, 30]), fmt.group_iban(co["iban"]), hold)))
    else:
        b.add("para", text=b.nl("Deze offerte is 30 dagen geldig. Op al onze werkzaamheden zijn de algemene voorwaarden van toepassing. Eventuele verborgen schade wordt na demontage gemeld.",
                                "This quotation is valid for 30 days. Hidden damage found after dismantling will be reported separately."), small=True)
        if rng.random() < 0.5:
            b.add("sig", lines=[b.nl("Met vriendelijke groet,", "Kind regards,"), b.pick(*fmt.FIRST_M) + " " + rng.choice(fmt.SURNAMES)[1], co["name"]])
    b.add("foot", text=foot or b.nl("Op al onze offertes en leveringen zijn onze algemene voorwaarden van toepassing. %s" % " · ".join(reg),
                                    "Our general terms and conditions apply. %s" % " · ".join(reg)))
    return {"theme": theme, "title": title, "blocks": b.blocks, "layout": ("invoice_" if invoice else "repair_quote_") + layout + "_" + st}


def repair_quote(b):
    return quote_or_invoice(b, False)


def invoice(b):
    return quote_or_invoice(b, True)


# ------------------------------------------------------------------------ expert report

def expert_report(b):
    rng, c, lang = b.rng, b.c, b.lang
    motor = c["case_type"] == "motor_claim"
    p, a, ex = c["p"], c["addr"], c["expert"]
    layout = rng.choice(["report_sections", "report_table", "report_prose"])
    theme = rng.choice(["classic", "modern", "grid"])
    lines, right, reg = b.co_lines(ex, with_bank=False)
    b.add("lh", name=ex["name"], lines=lines, right=right + [reg[0]],
          tagline=b.nl("Register-expert NIVRE", "Registered loss adjusters") if rng.random() < 0.6 else None)
    rdate = c["date"] + dt.timedelta(days=rng.randint(5, 40))
    idate = c["date"] + dt.timedelta(days=rng.randint(2, 4))
    title = b.pick(*b.nl(["Expertiserapport", "Rapport van expertise", "Taxatierapport", "Expertiseverslag"],
                         ["Expert report", "Loss assessment report", "Assessment report"]))
    b.add("addr", lines=[c["insurer"][0], b.nl("t.a.v. afdeling Schade", "attn. Claims department")],
          meta=[(b.nl("Ons dossiernr.", "Our file no."), "%d-%05d" % (rdate.year, rng.randint(1, 99999))),
                (b.nl("Uw schadenummer", "Your claim no."), fmt.ref_number(rng)),
                (b.nl("Datum rapport", "Report date"), b.date(rdate))])
    b.add("title", text=title)
    b.colon = rng.random() < 0.7
    st = "table" if layout != "report_table" else rng.choice(["pairs2", "table"])
    if layout == "report_prose":
        b.add("sec", text=b.nl("1. Opdracht en opname", "1. Instruction and inspection"))
        pol = c["policy"]
        name = p["written"]
        dl = b.date(c["date"])
        b.fact("claimant_name", name)
        b.fact("policy_number", pol)
        b.fact("incident_date", dl)
        if motor:
            mk, md = c["car"]
            b.add("para", text=b.nl(
                "In opdracht van %s hebben wij op %s de schade opgenomen aan de %s %s met kenteken %s, eigendom van %s (polisnummer %s). De opname vond plaats bij %s te %s."
                % (c["insurer"][0], b.date(idate), mk, md, c["plate"], name, pol, c["garage"]["name"], c["garage"]["addr"]["city"]),
                "Instructed by %s we inspected the %s %s, registration %s, owned by %s (policy number %s) on %s at the premises of %s, %s."
                % (c["insurer"][0], mk, md, c["plate"], name, pol, b.date(idate), c["garage"]["name"], c["garage"]["addr"]["city"])))
            b.fact("licence_plate", c["plate"])
            b.add("para", text=b.nl("De schade is ontstaan op %s. Locatie: %s." % (dl, c["loc"]),
                                    "The loss occurred on %s. Location: %s." % (dl, c["loc"])))
            b.fact("incident_location", c["loc"])
        else:
            cw = {"water": b.nl("waterschade", "water damage"), "storm": b.nl("stormschade", "storm damage"),
                  "fire": b.nl("brandschade", "fire damage"), "burglary": b.nl("inbraakschade", "burglary damage"),
                  "other": b.nl("schade", "damage")}[c["cause"]]
            b.add("para", text=b.nl(
                "In opdracht van %s hebben wij op %s de %s opgenomen in de woning van %s aan de %s (polisnummer %s). De schade is ontstaan op %s."
                % (c["insurer"][0], b.date(idate), cw, name, a["oneline"], pol, dl),
                "Instructed by %s we inspected the %s at the home of %s, %s (policy number %s) on %s. The damage occurred on %s."
                % (c["insurer"][0], cw, name, a["oneline"], pol, b.date(idate), dl)))
            b.fact("property_address", a["oneline"])
            if c["cause"] != "other":
                b.fact("damage_cause", c["cause"])
        b.add("sec", text=b.nl("2. Toedracht", "2. Circumstances"))
    else:
        b.add("sec", text=b.nl("Gegevens verzekerde", "Insured"))
        items = [(b.pick(*b.nl(["Verzekerde", "Naam verzekerde", "Benadeelde"], ["Insured", "Policyholder"])), p["written"], "claimant_name"),
                 (b.pick(*b.nl(["Polisnummer", "Polisnr."], ["Policy number", "Policy no."])), c["policy"], "policy_number"),
                 (b.nl("Opdrachtgever", "Instructed by"), c["insurer"][0], None)]
        if not motor:
            items.insert(1, (b.pick(*b.nl(["Risicoadres", "Adres object", "Schadeadres"], ["Risk address", "Property"])), a["oneline"], "property_address"))
        else:
            items.insert(1, (b.nl("Adres", "Address"), a["oneline"], None))
        if rng.random() < 0.3:
            items.append((b.nl("Telefoon", "Phone"), c["phone"], "claimant_phone"))
        b.fields(st, items)
        if motor:
            b.add("sec", text=b.nl("Object", "Vehicle"))
            mk, md = c["car"]
            b.fields(st, [(b.nl("Kenteken", "Registration"), c["plate"], "licence_plate"),
                          (b.nl("Merk / type", "Make / model"), "%s %s" % (mk, md), None),
                          (b.nl("Bouwjaar", "Year"), str(c["year"]), None),
                          (b.nl("Tellerstand", "Odometer"), "%d km" % c["km"], None)])
        b.add("sec", text=b.nl("Schadegegevens", "Loss details"))
        items = [(b.pick(*b.nl(["Schadedatum", "Datum schade", "Datum voorval"], ["Date of loss", "Date of incident"])), b.date(c["date"]), "incident_date"),
                 (b.nl("Datum opname", "Date of inspection"), b.date(idate), None),
                 (b.nl("Plaats opname", "Inspected at"), c["garage"]["name"] if motor else a["city"], None)]
        if motor and rng.random() < 0.6:
            items.append((b.nl("Plaats ongeval", "Place of accident"), c["loc"], "incident_location"))
        if not motor:
            cn = {"water": b.nl("Lekkage / waterschade", "Escape of water"), "storm": b.nl("Storm", "Storm"),
                  "fire": b.nl("Brand", "Fire"), "burglary": b.nl("Inbraak", "Burglary"), "other": b.nl("Overig", "Other")}
            items.append((b.nl("Oorzaak", "Cause"), cn[c["cause"]], None))
            b.fact("damage_cause", c["cause"])
        b.fields(st, items)
    b.add("para", text=b.nl("Toedracht volgens verzekerde:", "Circumstances as stated by the insured:"))
    b.add("para", text=c["desc"])
    b.fact("incident_description", c["desc"])
    # amounts
    rows, sub, vat, total = make_lines(b)
    b.add("sec", text=b.nl("Calculatie", "Calculation"))
    total_loss = motor and rng.random() < 0.25
    if motor:
        if total_loss:
            dag = int(total * rng.uniform(0.7, 0.92)) // 5000 * 5000
            rest = int(dag * rng.uniform(0.1, 0.3)) // 1000 * 1000
        else:
            dag = max(rng.randint(30, 200) * 10000, total * 3 // 1000000 * 10000)
            rest = rng.randint(3, 25) * 10000
        assessed = dag - rest if total_loss else total
    else:
        assessed = total
    herst_l = b.nl("Herstelkosten incl. BTW", "Repair costs incl. VAT")
    tot_lbl = herst_l
    items_block(b, rows, sub, vat, total, tot_lbl)
    vlab = b.pick(*b.nl(["Vastgestelde schade", "Schadebedrag (vastgesteld)", "Totaal vastgestelde schade", "Vastgesteld schadebedrag"],
                        ["Assessed damage", "Agreed loss", "Total assessed loss", "Assessed amount"]))
    vval = b.amt(assessed)
    items = []
    if motor:
        items += [(b.nl("Dagwaarde voor schade", "Pre-accident value"), b.amt(dag), None),
                  (b.nl("Restwaarde", "Salvage value"), b.amt(rest), None)]
    items.append((vlab, vval, "damage_amount"))
    er = rng.choice([0, 10000, 25000, 30000, 50000])
    if er and assessed > 3 * er:
        items.append((b.nl("Eigen risico", "Excess"), b.amt(er), None))
        items.append((b.nl("Uitkering na aftrek eigen risico", "Payable after excess"), b.amt(assessed - er), None))
    b.fields("table", items)
    b.add("sec", text=b.nl("Conclusie", "Conclusion"))
    if total_loss:
        concl = b.nl("Het voertuig is technisch herstelbaar, maar de herstelkosten overschrijden de dagwaarde minus restwaarde. Er is sprake van een economisch totaal verlies. Wij hebben de schade vastgesteld op %s." % vval,
                     "Repair costs exceed the pre-accident value less salvage; the vehicle is an economic total loss. We assessed the loss at %s." % vval)
    else:
        concl = b.nl("De schade is verenigbaar met de opgegeven toedracht. Herstel is technisch en economisch verantwoord. Wij adviseren de schade af te wikkelen op basis van bovenstaande calculatie.",
                     "The damage is consistent with the reported circumstances. Repair is technically and economically justified. We recommend settlement on the basis of the above calculation.")
    b.add("para", text=concl)
    b.add("sig", lines=[b.nl("Hoogachtend,", "Yours faithfully,"), ex["person"]["written"], b.nl("Schade-expert", "Loss adjuster") + ", " + ex["name"]])
    b.add("foot", text="%s · %s · %s %s" % (ex["name"], ex["phone"], reg[0], reg[1]))
    return {"theme": theme, "title": title, "blocks": b.blocks, "layout": "expert_report_" + layout + "_" + st}


# ------------------------------------------------------------------------ letter

TYPE_WORDS = {"nl": {"collision": "een aanrijding met een ander voertuig", "parking_damage": "parkeerschade",
                     "single_vehicle": "een eenzijdig ongeval zonder tegenpartij", "vandalism": "vandalisme",
                     "storm_or_hail": "storm- of hagelschade"},
              "en": {"collision": "a collision with another vehicle", "parking_damage": "damage to my parked car",
                     "single_vehicle": "a single-vehicle accident", "vandalism": "vandalism",
                     "storm_or_hail": "storm or hail damage"}}

def letter(b):
    rng, c, lang = b.rng, b.c, b.lang
    motor = c["case_type"] == "motor_claim"
    p, a = c["p"], c["addr"]
    layout = rng.choice(["sender_top", "sender_right", "plain", "sender_bottom"])
    theme = rng.choice(["classic", "classic", "modern"])
    ldate = c["date"] + dt.timedelta(days=rng.randint(1, 20))
    sender = [p["written"], a["line1"], a["line2"]]
    if rng.random() < 0.7:
        sender.append((b.nl("Tel. ", "Tel. ") if rng.random() < 0.5 else "") + c["phone"])
        b.fact("claimant_phone", c["phone"])
    if rng.random() < 0.6:
        sender.append(c["email"])
        b.fact("claimant_email", c["email"])
    b.fact("claimant_name", p["written"])
    if layout == "sender_right":
        b.add("lh", name="", lines=[], right=sender)
    elif layout == "sender_top":
        b.add("lh", name=p["written"], lines=sender[1:], right=[])
    elif layout == "plain":
        b.add("para", text="\n".join(sender))
    ins = c["insurer"][0]
    b.add("para", text="%s\n%s\n%s" % (ins, b.nl("Afdeling Schade", "Claims Department"),
                                       b.nl("Postbus %d" % rng.randint(100, 9999), "PO Box %d" % rng.randint(100, 9999))))
    b.add("para", text="%s, %s" % (a["city"], b.date(ldate)))
    pol = c["policy"]
    subj = b.pick(*b.nl(["Betreft: schademelding polisnummer %s" % pol, "Onderwerp: schade aan mijn auto" if motor else "Onderwerp: schade aan mijn woning",
                         "Betreft: melding %s" % ("aanrijding" if motor else "schade")],
                        ["Re: claim under policy %s" % pol, "Subject: damage to my car" if motor else "Subject: damage to my home"]))
    b.add("para", text=subj)
    if pol in subj:
        b.fact("policy_number", pol)
    b.add("para", text=b.nl("Geachte heer, mevrouw,", "Dear Sir or Madam,") if rng.random() < 0.7 else b.nl("Geachte schadebehandelaar,", "Dear claims handler,"))
    dw = b.date(c["date"], None if rng.random() < 0.5 else ("d mon yyyy" if lang == "nl" else "dth Month yyyy"))
    b.fact("incident_date", dw)
    if motor:
        plate = b.plate_w(running=True)
        intro = b.nl("Hierbij meld ik schade aan mijn auto, een %s %s met kenteken %s." % (c["car"][0], c["car"][1], plate),
                     "I am writing to report damage to my car, a %s %s with registration %s." % (c["car"][0], c["car"][1], plate))
        b.fact("licence_plate", plate)
        when = rng.choice(b.nl(["Het ongeval gebeurde op %s omstreeks %s uur. Plaats van het ongeval: %s." % (dw, c["time"], c["loc"]),
                                 "Het gebeurde op %s rond %s uur, locatie: %s." % (dw, c["time"], c["loc"]),
                                 "Op %s om ongeveer %s uur ging het mis (%s)." % (dw, c["time"], c["loc"])],
                                ["The accident happened on %s at about %s. Location: %s." % (dw, c["time"], c["loc"]),
                                 "It happened on %s around %s (%s)." % (dw, c["time"], c["loc"])]))
        tw = TYPE_WORDS[lang].get(c["itype"])
        if tw and rng.random() < 0.7:
            intro += " " + b.nl("Het gaat om %s." % tw, "It concerns %s." % tw)
            b.fact("incident_type", c["itype"])
        b.fact("incident_location", c["loc"])
    else:
        intro = b.nl("Hierbij meld ik schade aan onze woning aan de %s." % a["oneline"],
                     "I am writing to report damage to our home at %s." % a["oneline"])
        b.fact("property_address", a["oneline"])
        cw = {"water": b.nl("waterschade", "water damage"), "storm": b.nl("stormschade", "storm damage"),
              "fire": b.nl("brandschade", "fire damage"), "burglary": b.nl("schade door een inbraak", "damage from a burglary"),
              "other": b.nl("schade", "damage")}[c["cause"]]
        when = b.nl("Op %s hebben wij %s opgelopen." % (dw, cw), "On %s we suffered %s." % (dw, cw))
        if c["cause"] != "other":
            b.fact("damage_cause", c["cause"])
    b.add("para", text=intro + " " + when)
    b.add("para", text=c["desc"])
    b.fact("incident_description", c["desc"])
    if motor and c["cp"]:
        cp = c["cp"]
        b.add("para", text=b.nl("De tegenpartij, %s, reed in een %s met kenteken %s en is verzekerd bij %s (polisnummer %s). Wij hebben samen een schadeformulier ingevuld."
                                % (cp["p"]["written"], cp["car"][0], cp["plate"], cp["insurer"][0], cp["policy"]),
                                "The other driver, %s, was driving a %s with registration %s and is insured with %s (policy %s). We completed an accident statement together."
                                % (cp["p"]["written"], cp["car"][0], cp["plate"], cp["insurer"][0], cp["policy"])))
        b.fact("counterparty_licence_plate", cp["plate"])
        b.fact("counterparty_involved", "yes")
    if "policy_number" not in b.facts and rng.random() < 0.8:
        b.add("para", text=b.nl("Mijn polisnummer is %s." % pol, "My policy number is %s." % pol))
        b.fact("policy_number", pol)
    if motor and c["witness"] and rng.random() < 0.6:
        wp, wph = c["witness"][0]
        b.add("para", text=b.nl("Een getuige, %s, heeft het ongeval gezien en is bereikbaar op %s." % (wp["written"], wph),
                                "A witness, %s, saw what happened and can be reached on %s." % (wp["written"], wph)))
    amount = (rng.randint(300, 6000) if motor else rng.randint(500, 15000)) * 100
    if rng.random() < 0.3:
        amount += rng.choice([50, 95, 45])
    aw = b.amt(amount)
    ib = b.iban()
    what = c["garage"]["name"]
    pay = rng.random()
    if pay < 0.75:
        b.add("para", text=b.nl("Volgens de offerte van %s bedragen de herstelkosten %s. Ik verzoek u het bedrag van %s over te maken op rekeningnummer %s t.n.v. %s."
                                % (what, aw, aw, ib, p["written"]),
                                "According to the quote from %s the repair costs are %s. Please transfer %s to my account %s in the name of %s."
                                % (what, aw, aw, ib, p["written"])))
        b.fact("damage_amount", aw)
        b.fact("iban", ib)
    elif pay < 0.9:
        b.add("para", text=b.nl("De schade schat ik op ongeveer %s. De offerte volgt zo snel mogelijk." % aw,
                                "I estimate the damage at about %s. The quote will follow as soon as possible." % aw))
        b.fact("damage_amount", aw)
    b.add("para", text=b.nl("Als bijlage stuur ik foto's van de schade%s. Mocht u nog vragen hebben, dan hoor ik het graag." % (" en de offerte" if pay < 0.75 else ""),
                            "Please find attached photos of the damage%s. Do not hesitate to contact me if you have any questions." % (" and the quote" if pay < 0.75 else "")))
    b.add("sig", lines=[b.pick(*b.nl(["Met vriendelijke groet,", "Met vriendelijke groeten,", "Hoogachtend,"], ["Kind regards,", "Yours faithfully,", "Yours sincerely,"])), "", p["written"]])
    if layout == "sender_bottom":
        b.add("para", text="\n".join(sender[1:]), small=True)
    if rng.random() < 0.4:
        b.add("para", text=b.nl("Bijlagen: foto's, offerte, kopie schadeformulier", "Enclosures: photos, quote, copy of accident statement"), small=True)
    return {"theme": theme, "title": subj, "blocks": b.blocks, "layout": "letter_" + layout}


# ------------------------------------------------------------------------ email

def email(b):
    rng, c, lang = b.rng, b.c, b.lang
    motor = c["case_type"] == "motor_claim"
    p, a = c["p"], c["addr"]
    ins, dom = c["insurer"]
    layout = rng.choice(["webmail", "outlook", "plain"])
    theme = rng.choice(["modern", "portal", "grid"])
    gap = rng.randint(2, 9)
    sent = dt.datetime.combine(c["date"] + dt.timedelta(days=gap), dt.time(rng.randint(7, 23), rng.randint(0, 59)))
    from_w = "%s <%s>" % (p["written"], c["email"]) if rng.random() < 0.7 else c["email"]
    b.fact("claimant_email", c["email"])
    to = rng.choice(["schade@", "claims@", "schadeservice@", "klantenservice@"]) + dom
    pol = c["policy"]
    subj = b.pick(*b.nl(["Schademelding polis %s" % pol, "Schade auto %s" % c.get("plate", "") if motor else "Waterschade / schade woning",
                         "Re: uw schademelding", "Melding schade"],
                        ["Claim - policy %s" % pol, "Damage to my car" if motor else "Damage to my house", "Re: your claim"]))
    if pol in subj:
        b.fact("policy_number", pol)
    if motor and c["plate"] in subj:
        b.fact("licence_plate", c["plate"])
    if "<" in from_w or layout != "plain":
        b.fact("claimant_name", p["written"])
    if layout == "webmail":
        b.add("nav", items=[b.pick("Gmail", "Ziggo Mail", "KPN Mail", "Outlook.com"), p["written"] + " <" + c["email"] + ">",
                            b.nl("1 bericht", "1 message")])
        b.add("title", text=subj)
    elif layout == "outlook":
        b.add("lh", name=p["written"], lines=[], right=[])
    sent_w = (b.date(sent.date(), "weekday long" if lang == "nl" else "weekday en") + " " + sent.strftime("%H:%M"))
    pairs = [(b.nl("Van:", "From:"), from_w), (b.nl("Aan:", "To:"), to),
             (b.nl(rng.choice(["Datum:", "Verzonden:"]), rng.choice(["Date:", "Sent:"])), sent_w),
             (b.nl("Onderwerp:", "Subject:"), subj)]
    if rng.random() < 0.3:
        pairs.insert(2, ("CC:", email_cc(rng, c)))
    b.add("ehdr", pairs=pairs)
    b.add("para", text=b.pick(*b.nl(["Beste meneer/mevrouw,", "Goedemiddag,", "Geachte heer/mevrouw,", "Hallo,"], ["Dear Sir/Madam,", "Hello,", "Good afternoon,"])))
    dw = b.date(c["date"])
    b.fact("incident_date", dw)
    if motor:
        plate = b.plate_w(running=True)
        b.fact("licence_plate", plate)
        b.add("para", text=b.nl("Op %s heb ik schade opgelopen met mijn auto (kenteken %s). Het gebeurde op %s." % (dw, plate, c["loc"]),
                                "On %s my car (registration %s) was damaged. It happened at %s." % (dw, plate, c["loc"])))
        b.fact("incident_location", c["loc"])
    else:
        b.add("para", text=b.nl("Op %s is er schade ontstaan aan onze woning op het adres %s." % (dw, a["oneline"]),
                                "On %s our house at %s was damaged." % (dw, a["oneline"])))
        b.fact("property_address", a["oneline"])
    b.add("para", text=c["desc"])
    b.fact("incident_description", c["desc"])
    if "policy_number" not in b.facts and rng.random() < 0.7:
        b.add("para", text=b.nl("Mijn polisnummer is %s." % pol, "My policy number is %s." % pol))
        b.fact("policy_number", pol)
    amount = (rng.randint(200, 5000) if motor else rng.randint(400, 12000)) * 100
    if rng.random() < 0.6:
        aw = b.amt(amount)
        b.add("para", text=b.nl("De garage schat de kosten op %s." % aw if motor else "De aannemer schat de kosten op %s." % aw,
                                "The %s estimates the cost at %s." % ("garage" if motor else "contractor", aw)))
        b.fact("damage_amount", aw)
    if rng.random() < 0.5:
        ib = b.iban()
        b.add("para", text=b.nl("U kunt de vergoeding overmaken op %s." % ib, "You can pay the settlement into %s." % ib))
        b.fact("iban", ib)
    sig = [b.pick(*b.nl(["Met vriendelijke groet,", "Groet,", "Mvg,"], ["Kind regards,", "Best regards,", "Thanks,"])),
           p["written"] if layout != "plain" else p["first"]]
    if rng.random() < 0.7:
        sig.append(b.nl("Tel. ", "Mob. ") + c["phone"])
        b.fact("claimant_phone", c["phone"])
    b.add("sig", lines=sig)
    if rng.random() < 0.7:
        qd = sent - dt.timedelta(days=rng.randint(1, gap - 1), hours=rng.randint(0, 5))
        dossier = fmt.ref_number(rng)
        handler_phone = fmt.phone(rng, "088", mobile=False).replace("(088)", "088")
        b.add("quote", lines=[b.nl("Op %s schreef %s <%s>:" % (b.date(qd.date(), "d mon yyyy") + " om " + qd.strftime("%H:%M"), ins, to),
                                   "On %s, %s <%s> wrote:" % (b.date(qd.date(), "d Mon yyyy") + " at " + qd.strftime("%H:%M"), ins, to)),
                              b.nl("> Geachte %s %s," % (p["nl_title"], p["surname_cap"]), "> Dear %s %s," % (p["en_title"], p["surname_cap"])),
                              b.nl("> Wij hebben uw melding ontvangen onder dossiernummer %s. Wilt u ons een omschrijving van de schade, foto's en uw rekeningnummer sturen?" % dossier,
                                   "> We have registered your claim under file number %s. Could you send us a description of the damage, photos and your bank details?" % dossier),
                              b.nl("> Met vriendelijke groet, Team Schade, %s, tel. %s" % (ins, handler_phone),
                                   "> Kind regards, Claims team, %s, tel. %s" % (ins, handler_phone))])
    return {"theme": theme, "title": subj, "blocks": b.blocks, "layout": "email_" + layout}


def email_cc(rng, c):
    return rng.choice(["partner", "info"]) + "@" + rng.choice(["gmail.com", "ziggo.nl"])


# ------------------------------------------------------------------------ portal confirmation

def portal_confirmation(b):
    rng, c, lang = b.rng, b.c, b.lang
    motor = c["case_type"] == "motor_claim"
    p, a = c["p"], c["addr"]
    ins, dom = c["insurer"]
    layout = rng.choice(["summary_table", "summary_grid", "summary_list"])
    theme = "portal" if rng.random() < 0.6 else rng.choice(["modern", "grid"])
    b.add("lh", name=ins, lines=[], right=[b.nl("Mijn %s" % ins.split()[0], "My %s" % ins.split()[0]), p["written"]])
    b.add("nav", items=b.nl(["Home", "Mijn polissen", "Schade melden", "Berichten", "Uitloggen"], ["Home", "My policies", "Report a claim", "Messages", "Log out"]))
    ref = fmt.ref_number(rng)
    sub_d = c["date"] + dt.timedelta(days=rng.randint(0, 5))
    title = b.pick(*b.nl(["Uw schademelding is ontvangen", "Bedankt voor uw schademelding", "Schademelding verzonden"],
                         ["Your claim has been received", "Thank you – claim submitted", "Claim submitted"]))
    b.add("banner", text=title, sub=b.nl("Referentienummer: %s · Ingediend op %s om %02d:%02d" % (ref, b.date(sub_d, "dd-mm-yyyy"), rng.randint(7, 23), rng.randint(0, 59)),
                                         "Reference number: %s · Submitted on %s at %02d:%02d" % (ref, b.date(sub_d, "d Month yyyy"), rng.randint(7, 23), rng.randint(0, 59))))
    b.add("para", text=b.nl("Wij nemen binnen 2 werkdagen contact met u op. U ontvangt ook een bevestiging per e-mail. Bewaar uw referentienummer; u heeft dit nodig als u contact met ons opneemt.",
                            "We will contact you within 2 working days. A confirmation has also been sent by email. Please keep your reference number."))
    b.add("title", text=b.pick(*b.nl(["Overzicht van uw melding", "Wat u heeft ingevuld", "Samenvatting"], ["Summary of your claim", "What you told us", "Summary"])))
    b.colon = rng.random() < 0.3
    st = {"summary_table": "table", "summary_grid": "grid2", "summary_list": "inline"}[layout]
    b.add("sec", text=b.nl("Uw gegevens", "Your details"))
    b.fields(st, [(b.L("name"), p["written"], "claimant_name"),
                  (b.L("email"), c["email"], "claimant_email"),
                  (b.phone_label(), c["phone"], "claimant_phone") if rng.random() < 0.85 else None,
                  (b.L("policy" if motor else "policy_home"), c["policy"], "policy_number")])
    b.add("sec", text=b.nl("De schade", "The damage"))
    items = [(b.L("date" if motor else "date_home"), b.date(c["date"]), "incident_date")]
    if motor:
        opts = dict(ITYPE_OPTS[lang])
        items += [(b.L("plate"), c["plate"], "licence_plate"),
                  (b.L("itype"), rng.choice(opts[c["itype"]]), None),
                  (b.L("location"), c["loc"], "incident_location")]
        b.fact("incident_type", c["itype"])
        if c["cp"] or rng.random() < 0.5:
            items.append((b.L("cp_q"), b.nl("Ja", "Yes") if c["cp"] else b.nl("Nee", "No"), None))
            b.fact("counterparty_involved", "yes" if c["cp"] else "no")
        if c["cp"]:
            items.append((b.nl("Kenteken tegenpartij", "Other party's registration"), c["cp"]["plate"], "counterparty_licence_plate"))
    else:
        opts = dict(CAUSE_OPTS[lang])
        items += [(b.L("property"), a["oneline"], "property_address"),
                  (b.L("cause"), rng.choice(opts[c["cause"]]), None)]
        b.fact("damage_cause", c["cause"])
    items.append((b.L("desc" if motor else "desc_home"), c["desc"], "incident_description"))
    amount = (rng.randint(200, 6000) if motor else rng.randint(300, 15000)) * 100
    if rng.random() < 0.75:
        items.append((b.L("amount"), b.amt(amount), "damage_amount"))
    b.fields(st, items)
    if rng.random() < 0.8:
        b.add("sec", text=b.nl("Uitbetaling", "Payment"))
        b.fields(st, [(b.L("iban"), b.iban(), "iban")])
    b.add("para", text=b.nl("Uploads: foto_schade_1.jpg, foto_schade_2.jpg", "Uploads: damage_photo_1.jpg, damage_photo_2.jpg"), small=True)
    b.add("foot", text=b.nl("%s · Klantenservice %s (ma-vr 8.00-20.00) · schade@%s · Schade 24/7: 088 - %d %d"
                            % (ins, "088 - %03d %04d" % (rng.randint(100, 999), rng.randint(0, 9999)), dom, rng.randint(100, 999), rng.randint(1000, 9999)),
                            "%s · Customer service +31 88 %03d %04d · claims@%s" % (ins, rng.randint(100, 999), rng.randint(0, 9999), dom)))
    return {"theme": theme, "title": title, "blocks": b.blocks, "layout": "portal_confirmation_" + layout}


BUILDERS = {"claim_form": claim_form, "accident_statement": accident_statement, "repair_quote": repair_quote,
            "invoice": invoice, "expert_report": expert_report, "letter": letter, "email": email,
            "portal_confirmation": portal_confirmation}
