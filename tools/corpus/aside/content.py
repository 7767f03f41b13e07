"""Builds document content (a small block language) plus the truth facts for each document.

Block language (tuples):
  ("head", {"name", "lines", "right"})   letterhead
  ("title", text) / ("h", text) / ("p", text) / ("small", text)
  ("kv", rows, mode)    rows = [[(label, value), ...], ...]; mode in grid/shade/plain/above/dots
  ("long", label, value)  label above a full-width value
  ("checks", label, [(text, checked)], glyphs)
  ("items", cols, rows, totals)  totals = [(label, value, bold)]
  ("cols2", headA, blocksA, headB, blocksB)
  ("mailhead", [(label, value)])
  ("addr", lines) / ("sig", lines) / ("foot", text) / ("banner", text) / ("nav", [items])
"""
import datetime as dt
import world as W
from values import (make_plate, fmt_plate, make_iban, fmt_iban, make_phone, fmt_phone, fmt_date,
                    fmt_money, money_style, make_policy, make_ref)
from labels import LBL, QLBL, DL

GLYPHS = [("☒", "☐"), ("[X]", "[ ]"), ("■", "□"), ("✔", "☐"), ("(x)", "( )")]


class Case:
    def __init__(self, r, ct, lang):
        self.ct = ct
        english = lang == "en" and r.random() < 0.75
        self.p = W.make_person(r, english)
        self.names = W.name_forms(self.p)
        self.phone = W.make_phone(r) if False else make_phone(r)
        self.policy = make_policy(r)
        self.iban = make_iban(r)
        self.addr = W.make_address(r)
        self.insurer = r.choice(W.INSURERS)
        self.date = dt.date(2026, 1, 1) + dt.timedelta(days=r.randint(0, 300))
        self.doc_date = self.date + dt.timedelta(days=r.randint(1, 24))
        self.birth = dt.date(r.randint(1951, 1999), r.randint(1, 12), r.randint(1, 28))
        self.op = W.make_person(r, r.random() < 0.2)
        self.op_phone = make_phone(r, True)
        self.witness = W.make_person(r, False)
        self.witness_phone = make_phone(r, True)
        self.time = "%02d:%02d" % (r.randint(7, 22), r.choice([0, 5, 10, 15, 20, 30, 40, 45, 50]))
        self.claim_no = make_ref(r, "claim")
        self.customer_no = make_ref(r, "customer")
        if ct == "motor_claim":
            self.plate = make_plate(r)
            self.type = r.choice(["collision", "collision", "parking_damage", "single_vehicle", "vandalism",
                                  "storm_or_hail", "other"])
            self.cp = self.type == "collision"
            self.cp_plate = make_plate(r) if self.cp else None
            road, park = [0, 2, 4, 5, 6, 7, 9, 11], [1, 3, 6, 8, 10, 11]
            pool = road if self.type in ("collision", "single_vehicle", "other") else park
            self.loc = W.LOCATIONS[r.choice(pool)]
            d = W.MOTOR_DESC[self.type]
            self.make = r.choice(["Volkswagen Golf", "Toyota Yaris", "Kia Niro", "Peugeot 208", "Skoda Octavia",
                                  "Volvo V60", "Renault Clio", "Tesla Model 3", "Opel Corsa", "Ford Focus"])
            self.year = str(r.randint(2012, 2025))
            self.km = "%d" % (r.randint(8, 220) * 1000 + r.randint(0, 999))
            lines = r.sample(W.MOTOR_LINES, r.randint(3, 6))
        else:
            self.type = r.choice(["water", "water", "storm", "fire", "burglary", "other"])
            self.cp = False
            d = W.HOME_DESC[self.type]
            lines = r.sample(W.HOME_LINES[self.type], r.randint(3, 5))
            self.contractor = r.choice(W.CONTRACTORS[self.type])
        self.desc = {k: r.choice(v) for k, v in d.items()}
        self.lines = [(nl, en, r.randint(lo // 100, hi // 100) * 100 + r.choice([0, 0, 50, 95, 25, 0]))
                      for nl, en, lo, hi in lines]
        self.subtotal = sum(x[2] for x in self.lines)
        self.vat = int(round(self.subtotal * 0.21))
        self.total = self.subtotal + self.vat
        # what a claimant states on a form/letter: rounded estimate or the quote total
        self.stated = self.total if r.random() < 0.5 else int(round(self.total / 5000.0)) * 5000
        self.deductible = r.choice([15000, 25000, 30000, 50000, 13500])
        self.garage = r.choice(W.GARAGES)
        self.expert = r.choice(W.EXPERTS)
        self.intermediary = r.choice(W.INTERMEDIARIES) if r.random() < 0.4 else None


class Doc:
    def __init__(self, r, lang, case):
        self.r, self.lang, self.c = r, lang, case
        self.facts = {}
        self.b = []
        self.upper = r.random() < 0.18
        self.numbered = r.random() < 0.25
        self.q = r.random() < 0.22
        self.colon = r.random() < 0.6
        self.n = 0
        self.glyphs = r.choice(GLYPHS)
        self.mode = r.choice(["grid", "shade", "plain", "above", "dots", "grid", "shade"])
        self.money_style = None  # per-document consistent money format for tables
        self.nl = lang == "nl"

    # ---- labels
    def deco(self, lab, number=True):
        if self.upper:
            lab = lab.upper()
        if self.numbered and number:
            self.n += 1
            lab = "%d. %s" % (self.n, lab)
        if self.colon and not lab.endswith("?") and not lab.endswith(":"):
            lab += ":"
        return lab

    def L(self, fact, q=None):
        q = self.q if q is None else q
        bank = QLBL if (q and self.r.random() < 0.8) else LBL
        return self.deco(self.r.choice(bank[self.lang][fact]))

    def D(self, key):
        return self.deco(self.r.choice(DL[self.lang][key]))

    def t(self, nl, en):
        return nl if self.nl else en

    # ---- values recorded as facts
    def f(self, fact, text):
        self.facts[fact] = text
        return text

    def name(self, form=None, fact=True):
        form = form or self.r.choice(["full", "init", "full", "init", "first_init"])
        v = self.c.names[form]
        return self.f("claimant_name", v) if fact else v

    def phone(self, fact=True):
        v = fmt_phone(self.r, self.c.phone)
        return self.f("claimant_phone", v) if fact else v

    def email(self, fact=True):
        return self.f("claimant_email", self.c.p["email"]) if fact else self.c.p["email"]

    def policy(self, fact=True):
        return self.f("policy_number", self.c.policy) if fact else self.c.policy

    def plate(self, fact=True):
        v = fmt_plate(self.r, self.c.plate)
        return self.f("licence_plate", v) if fact else v

    def cp_plate(self, fact=True):
        v = fmt_plate(self.r, self.c.cp_plate)
        return self.f("counterparty_licence_plate", v) if fact else v

    def date(self, fact=True, style=None):
        v = fmt_date(self.r, self.c.date, self.lang, style)
        return self.f("incident_date", v) if fact else v

    def ddate(self, d, style=None):
        return fmt_date(self.r, d, self.lang, style)

    def money(self, cents, fact=None, style=None):
        v = fmt_money(self.r, cents, self.lang, style or self.money_style)
        if fact:
            self.f(fact, v)
        return v

    def iban(self, fact=True):
        v = fmt_iban(self.r, self.c.iban)
        return self.f("iban", v) if fact else v

    def loc(self, prose=False, fact=True):
        nlf, nlp, enf, enp = self.c.loc
        v = (nlp if self.nl else enp) if prose else (nlf if self.nl else enf)
        if prose:
            # value is the phrase without its leading preposition
            prep, rest = v.split(" ", 1)
            if fact:
                self.f("incident_location", rest)
            return v
        return self.f("incident_location", v) if fact else v

    def desc(self, who="fp", fact=True):
        v = self.c.desc[self.lang + "_" + who]
        return self.f("incident_description", v) if fact else v

    def type_text(self, fact=True):
        c = self.c
        bank = W.MOTOR_TYPE_TEXT if c.ct == "motor_claim" else W.HOME_CAUSE_TEXT
        v = self.r.choice(bank[self.lang][c.type])
        if fact:
            self.facts["incident_type" if c.ct == "motor_claim" else "damage_cause"] = c.type
        return v

    def type_checks(self, label):
        c = self.c
        bank = W.MOTOR_TYPE_TEXT if c.ct == "motor_claim" else W.HOME_CAUSE_TEXT
        opts = [(bank[self.lang][k][0], k == c.type) for k in bank[self.lang]]
        self.facts["incident_type" if c.ct == "motor_claim" else "damage_cause"] = c.type
        return ("checks", label, opts, self.glyphs)

    def yesno(self, v):
        return (self.t("Ja", "Yes") if v else self.t("Nee", "No"))

    def cp_checks(self, label):
        self.facts["counterparty_involved"] = "yes" if self.c.cp else "no"
        return ("checks", label, [(self.t("Ja", "Yes"), self.c.cp), (self.t("Nee", "No"), not self.c.cp)], self.glyphs)

    def address(self, form="one", fact=False):
        a = self.c.addr
        if form == "one":
            v = "%s %s, %s %s" % (a["street"], a["num"], a["pc"], a["city"])
        elif form == "two":
            v = ["%s %s" % (a["street"], a["num"]), "%s %s" % (a["pc"], a["city"])]
            if fact:
                self.f("property_address", "%s %s %s %s" % (a["street"], a["num"], a["pc"], a["city"]))
            return v
        else:
            v = "%s %s, %s %s" % (a["street"], a["num"], a["pc"], a["city"].upper())
        return self.f("property_address", v) if fact else v

    def other_addr(self):
        return "%s %d, %s" % (self.r.choice(W.STREETS), self.r.randint(1, 150), self.r.choice(W.CITIES)[0])

    def drop(self, n_max):
        """Pick up to n_max optional facts to omit from this document."""
        return set(self.r.sample(["claimant_email", "claimant_phone", "iban", "damage_amount", "policy_number",
                                  "incident_location", "claimant_phone"], self.r.randint(0, n_max)))


def insurer_head(doc, with_iban=False):
    i = doc.c.insurer
    r = doc.r
    right = [i["street"], "%s %s" % (i["pc"], i["city"]),
             doc.t("Tel. ", "Tel. ") + fmt_phone(r, make_phone(r, False), "dash" if doc.nl else "intl"),
             "schade@" + i["dom"], "www." + i["dom"]]
    if with_iban:
        right.append("IBAN " + fmt_iban(r, make_iban(r), "group"))
    return ("head", {"name": i["name"], "lines": [doc.t("Afdeling Schade", "Claims department")], "right": right})


def company_head(doc, name, trade):
    r = doc.r
    a = W.make_address(r)
    lines = ["%s %s" % (a["street"], a["num"]), "%s %s" % (a["pc"], a["city"])]
    slug = "".join(ch for ch in name.lower() if ch.isalnum())[:18]
    right = [doc.t("T ", "T ") + fmt_phone(r, make_phone(r, False)), "info@%s.nl" % slug,
             "KvK " + make_ref(r, "kvk"), doc.t("BTW ", "VAT ") + make_ref(r, "btw"),
             "IBAN " + fmt_iban(r, make_iban(r))]
    return ("head", {"name": name, "lines": [trade] + lines, "right": right}), right[-1][5:]


# ---------------------------------------------------------------- claim form

def claim_form(r, lang, c):
    d = Doc(r, lang, c)
    motor = c.ct == "motor_claim"
    omit = d.drop(3)
    d.b.append(insurer_head(d, with_iban=r.random() < 0.4))
    title = r.choice(["Schadeaangifteformulier motorrijtuigen", "Schadeformulier auto", "Meldingsformulier autoschade"]
                     if motor else ["Schadeformulier woonhuis en inboedel", "Aangifte van schade aan uw woning",
                                    "Schademeldingsformulier Wonen"]) if d.nl else \
        r.choice(["Motor claim form", "Vehicle damage claim form"] if motor else
                 ["Home insurance claim form", "Household and buildings claim form"])
    d.b.append(("title", d.deco(title, False) if d.upper else title))
    d.b.append(("small", d.t("In te vullen door de verzekeringnemer. Vul alle vragen volledig en naar waarheid in.",
                             "To be completed by the policyholder. Please answer all questions fully and truthfully.")))
    ref_known = r.random() < 0.5
    d.b.append(("kv", [[(d.D("claim_no"), c.claim_no if ref_known else ""), (d.D("customer_no"), c.customer_no)]], "grid"))
    pair = r.random() < 0.5
    mode = d.mode
    # section 1: policyholder
    d.b.append(("h", d.t("Gegevens verzekeringnemer", "Policyholder details")))
    rows = [[(d.L("claimant_name"), d.name(r.choice(["full", "init"])))]]
    rows.append([(d.D("address"), d.address("one", fact=False))])
    if pair:
        rows.append([(d.L("claimant_phone"), d.phone() if "claimant_phone" not in omit else ""),
                     (d.D("birth"), d.ddate(c.birth, "dmy"))])
    else:
        rows.append([(d.L("claimant_phone"), d.phone() if "claimant_phone" not in omit else "")])
        rows.append([(d.D("birth"), d.ddate(c.birth, r.choice(["dmy", "long", "dot"])))])
    rows.append([(d.L("claimant_email"), d.email() if "claimant_email" not in omit else "")])
    if pair:
        rows.append([(d.L("policy_number"), d.policy() if "policy_number" not in omit else ""),
                     (d.L("iban"), d.iban() if "iban" not in omit else "")])
    else:
        rows.append([(d.L("policy_number"), d.policy() if "policy_number" not in omit else "")])
    if c.intermediary:
        rows.append([(d.D("intermediary"), c.intermediary["name"] + ", " + c.intermediary["city"])])
    d.b.append(("kv", rows, mode))
    if motor:
        d.b.append(("h", d.t("Het verzekerde voertuig", "The insured vehicle")))
        if pair:
            d.b.append(("kv", [[(d.L("licence_plate"), d.plate()), (d.D("make"), c.make)],
                               [(d.D("year"), c.year), (d.D("km"), c.km)]], mode))
        else:
            d.b.append(("kv", [[(d.L("licence_plate"), d.plate())], [(d.D("make"), c.make)],
                               [(d.D("km"), c.km)]], mode))
    else:
        d.b.append(("h", d.t("De verzekerde woning", "The insured property")))
        same = r.random() < 0.6
        if same:
            d.b.append(("kv", [[(d.L("property_address"), d.address("one", fact=True))]], mode))
        else:
            # the risk address is stated explicitly; the correspondence address above is the same home
            d.b.append(("kv", [[(d.L("property_address"), d.address("caps", fact=True))],
                               [(d.t("Eigenaar / huurder:", "Owner / tenant:"), r.choice([d.t("Eigenaar", "Owner"), d.t("Huurder", "Tenant")]))]], mode))
    d.b.append(("h", d.t("Gegevens over de schade", "About the incident")))
    rows = [[(d.L("incident_date"), d.date()), (d.D("time"), c.time)]] if pair else \
        [[(d.L("incident_date"), d.date())], [(d.D("time"), c.time)]]
    if motor:
        rows.append([(d.L("incident_location"), d.loc() if "incident_location" not in omit else "")])
    d.b.append(("kv", rows, mode))
    if r.random() < 0.6:
        d.b.append(d.type_checks(d.L("incident_type" if motor else "damage_cause")))
    else:
        d.b.append(("kv", [[(d.L("incident_type" if motor else "damage_cause"), d.type_text())]], mode))
    d.b.append(("long", d.L("incident_description"), d.desc("fp")))
    if motor:
        d.b.append(("h", d.t("Tegenpartij", "Third party")))
        d.b.append(d.cp_checks(d.L("counterparty_involved")))
        if c.cp:
            rows = [[(d.D("op_name"), W.name_forms(c.op)["init"])],
                    [(d.L("counterparty_licence_plate"), d.cp_plate())],
                    [(d.D("op_phone"), fmt_phone(r, c.op_phone))],
                    [(d.D("op_insurer"), r.choice([i["name"] for i in W.INSURERS if i is not c.insurer]))]]
            d.b.append(("kv", rows, mode))
    if r.random() < 0.5:
        d.b.append(("kv", [[(d.D("witness"), W.name_forms(c.witness)["full"]),
                            (d.D("witness_phone"), fmt_phone(r, c.witness_phone))]], mode))
    if not motor and c.type == "burglary":
        d.b.append(("kv", [[(d.D("police"), "PL%s-%d" % (r.choice(["0900", "1300", "2700"]), r.randint(100000, 999999)))]], mode))
    d.b.append(("h", d.t("Schadebedrag en uitbetaling", "Amount and payment")))
    rows = [[(d.L("damage_amount"), d.money(c.stated, "damage_amount") if "damage_amount" not in omit else "")]]
    if not pair:
        rows.append([(d.L("iban"), d.iban() if "iban" not in omit else "")])
    rows.append([(d.D("deductible"), d.money(c.deductible))])
    d.b.append(("kv", rows, mode))
    d.b.append(("p", d.t("Ondergetekende verklaart dit formulier naar waarheid te hebben ingevuld.",
                         "I declare that the information given on this form is true and complete.")))
    d.b.append(("kv", [[(d.D("sign_date"), c.addr["city"] + ", " + d.ddate(c.doc_date)),
                        (d.t("Handtekening:", "Signature:"), "")]], "plain"))
    d.b.append(("foot", "%s · %s %s · KvK %s" % (c.insurer["name"], c.insurer["pc"], c.insurer["city"], make_ref(r, "kvk"))))
    return d, "claim_form_" + mode


# ---------------------------------------------------------------- accident statement

def accident_statement(r, lang, c):
    d = Doc(r, lang, c)
    d.numbered = False
    d.colon = True
    other_ins = r.choice([i for i in W.INSURERS if i is not c.insurer])
    title = d.t(r.choice(["Europees Schadeformulier", "Aanrijdingsformulier (Europees schadeformulier)"]),
                r.choice(["European Accident Statement", "Joint accident report (European Accident Statement)"]))
    d.b.append(("title", title))
    d.b.append(("small", d.t("Niet ondertekenen bij onenigheid; dit formulier is geen schulderkenning.",
                             "This statement is not an admission of liability. Both drivers sign.")))
    top = [[(d.t("1. Datum ongeval:", "1. Date of accident:"), d.date(style=r.choice(["dmy", "dmy_yy", "slash", "iso"] if lang == "en" else ["dmy", "dmy_yy", "dot"]))),
            (d.t("Tijd:", "Time:"), c.time)],
           [(d.t("2. Plaats:", "2. Location:"), d.loc())],
           [(d.t("3. Gewonden, ook licht:", "3. Injuries, even slight:"), d.yesno(False)),
            (d.t("4. Schade aan andere voertuigen dan A en B:", "4. Damage to other vehicles than A and B:"), d.yesno(False))],
           [(d.t("5. Getuigen (naam, tel.):", "5. Witnesses (name, tel.):"),
             "%s, %s" % (W.name_forms(c.witness)["full"], fmt_phone(r, c.witness_phone)) if r.random() < 0.6 else "-")]]
    d.b.append(("kv", top, "grid"))
    opn = W.name_forms(c.op)
    a_rows = [(d.t("6. Verzekeringnemer:", "6. Policyholder:"), d.name(r.choice(["full", "init"]))),
              (d.t("Adres:", "Address:"), "%s %s" % (c.addr["street"], c.addr["num"])),
              (d.t("Postcode/plaats:", "Postcode/town:"), "%s %s" % (c.addr["pc"], c.addr["city"])),
              (d.t("Tel./e-mail:", "Tel./e-mail:"), d.phone())]
    if r.random() < 0.6:
        a_rows.append((d.t("E-mail:", "E-mail:"), d.email()))
    a_rows += [(d.t("7. Merk, type:", "7. Make, model:"), c.make),
               (d.t("Kenteken:", "Registration no.:"), d.plate()),
               (d.t("8. Verzekeraar:", "8. Insurer:"), c.insurer["short"]),
               (d.t("Polisnummer:", "Policy no.:"), d.policy()),
               (d.t("9. Bestuurder:", "9. Driver:"), d.t("idem", "same as 6")),
               (d.t("11. Zichtbare schade:", "11. Visible damage:"), d.t("voorzijde", "front") if r.random() < 0.5 else d.t("achterzijde", "rear"))]
    other_make = r.choice(["Citroën C3", "BMW 3-serie", "Fiat 500", "Mercedes A-klasse", "Hyundai i20", "Audi A4"])
    b_rows = [(d.t("6. Verzekeringnemer:", "6. Policyholder:"), opn["init"]),
              (d.t("Adres:", "Address:"), d.other_addr()),
              (d.t("Tel./e-mail:", "Tel./e-mail:"), fmt_phone(r, c.op_phone)),
              (d.t("7. Merk, type:", "7. Make, model:"), other_make),
              (d.t("Kenteken:", "Registration no.:"), d.cp_plate() if c.cp else fmt_plate(r, make_plate(r))),
              (d.t("8. Verzekeraar:", "8. Insurer:"), other_ins["short"]),
              (d.t("Polisnummer:", "Policy no.:"), make_policy(r)),
              (d.t("9. Bestuurder:", "9. Driver:"), d.t("idem", "same as 6")),
              (d.t("11. Zichtbare schade:", "11. Visible damage:"), d.t("zijkant links", "left side"))]
    # a filled-in vehicle B section states that another vehicle was involved
    d.facts["counterparty_involved"] = "yes"
    stacked = r.random() < 0.4
    if stacked:
        for hd, rows_ in ((d.t("Voertuig A", "Vehicle A"), a_rows), (d.t("Voertuig B", "Vehicle B"), b_rows)):
            d.b.append(("h", hd))
            pairs = [[rows_[i], rows_[i + 1]] if i + 1 < len(rows_) else [rows_[i]] for i in range(0, len(rows_), 2)]
            d.b.append(("kv", pairs, r.choice(["grid", "shade"])))
    else:
        d.b.append(("cols2", d.t("VOERTUIG A", "VEHICLE A"), [("kv", [[x] for x in a_rows], "plain")],
                    d.t("VOERTUIG B", "VEHICLE B"), [("kv", [[x] for x in b_rows], "plain")]))
    circ_nl = ["geparkeerd / stilstaand", "wegrijdend van parkeerplaats", "inrijdend op parkeerplaats",
               "reed in dezelfde richting en in dezelfde rijstrook", "reed achteruit", "sloeg rechtsaf",
               "sloeg linksaf", "kwam van rechts (op een kruispunt)", "negeerde voorrangsteken of rood licht"]
    circ_en = ["parked / stationary", "leaving a parking space", "entering a parking space",
               "going in the same direction, same lane", "reversing", "turning right", "turning left",
               "coming from the right (at a junction)", "ignored a right-of-way sign or red light"]
    circ = circ_nl if d.nl else circ_en
    ia, ib = r.sample(range(len(circ)), 2)
    opts = [("A " + x, i == ia) for i, x in enumerate(circ)]
    d.b.append(("checks", d.t("12. Omstandigheden (aankruisen wat van toepassing is, voertuig A):",
                              "12. Circumstances (tick where applicable, vehicle A):"), opts, d.glyphs))
    d.b.append(("long", d.t("14. Mijn opmerkingen (bestuurder A):", "14. My remarks (driver A):"), d.desc("fp")))
    d.b.append(("kv", [[(d.t("15. Handtekening A:", "15. Signature A:"), d.c.names["init"] if False else ""),
                        (d.t("Handtekening B:", "Signature B:"), "")]], "grid"))
    return d, "eas_stacked" if stacked else "eas_two_column"


# ---------------------------------------------------------------- quote / invoice

def _line_rows(d, c, amount_style):
    rows = []
    for nl, en, cents in c.lines:
        qty = 1
        rows.append([nl if d.nl else en, str(qty), money_style(*divmod(cents, 100), amount_style),
                     money_style(*divmod(cents, 100), amount_style)])
    return rows


def quote_or_invoice(r, lang, c, invoice):
    d = Doc(r, lang, c)
    d.q = False
    d.numbered = False
    motor = c.ct == "motor_claim"
    name = c.garage if motor else c.contractor
    trade = (d.t("Schadeherstel · Carrosserie · Spuiterij", "Body repair · Paint shop") if motor else
             d.t({"water": "Loodgieter · Installatietechniek", "storm": "Dakdekker · Zinkwerk",
                  "fire": "Brand- en roetherstel · Schilderwerk", "burglary": "Timmerwerk · Hang- en sluitwerk",
                  "other": "Aannemer · Verbouw en herstel"}[c.type],
                 {"water": "Plumbing and heating", "storm": "Roofing", "fire": "Fire and smoke restoration",
                  "burglary": "Carpentry and locks", "other": "Building contractor"}[c.type]))
    head, co_iban = company_head(d, name, trade)
    d.b.append(head)
    style = r.choice(["eur_sp", "bare", "EUR_pre", "suffix_eur", "eur_nosp"]) if d.nl else r.choice(["en_eur", "en_EUR", "en_eur_sp", "en_suffix"])
    d.money_style = style
    cust = d.name(r.choice(["init", "full"]))
    salut = r.choice([d.t("Dhr. ", "Mr "), d.t("Mevr. ", "Ms "), ""]) if not c.p["english"] else ""
    if salut and c.p["female"] != (salut.strip() in ("Mevr.", "Ms")):
        salut = ""
    if r.random() < 0.3:
        addr_lines = [d.t("T.a.v. ", "Attn. ") + c.insurer["name"], d.t("Inzake: ", "Re: ") + salut + cust]
    else:
        addr_lines = [salut + cust] + d.address("two", fact=False)
    d.b.append(("addr", addr_lines))
    title = (d.t(r.choice(["FACTUUR", "Factuur", "Nota"]), r.choice(["INVOICE", "Invoice", "Tax invoice"])) if invoice else
             d.t(r.choice(["Offerte", "Schadecalculatie", "Prijsopgave herstel", "Begroting"]),
                 r.choice(["Quotation", "Repair estimate", "Estimate", "Cost estimate"])))
    d.b.append(("title", title))
    meta = []
    if invoice:
        meta.append([(d.t("Factuurnummer", "Invoice no."), make_ref(r, "invoice")),
                     (d.t("Factuurdatum", "Invoice date"), d.ddate(c.doc_date))])
        meta.append([(d.t("Vervaldatum", "Due date"), d.ddate(c.doc_date + dt.timedelta(days=30))),
                     (d.D("customer_no").rstrip(":"), c.customer_no)])
    else:
        meta.append([(d.t("Offertenummer", "Quote no."), make_ref(r, "quote")),
                     (d.t("Datum", "Date"), d.ddate(c.doc_date))])
        meta.append([(d.t("Geldig tot", "Valid until"), d.ddate(c.doc_date + dt.timedelta(days=30))),
                     (d.D("claim_no").rstrip(":"), c.claim_no)])
    if motor:
        meta.append([(d.L("licence_plate").rstrip(":"), d.plate()), (d.D("make").rstrip(":"), c.make)])
        meta.append([(d.D("km").rstrip(":"), c.km), (d.L("incident_date").rstrip(":"), d.date()) if r.random() < 0.6 else
                     (d.t("Werkorder", "Work order"), "WO-%d" % r.randint(10000, 99999))])
    else:
        meta.append([(d.t(r.choice(["Werkadres", "Adres werkzaamheden", "Object"]), r.choice(["Site address", "Work address", "Property"])),
                      d.address("one", fact=True))])
        if r.random() < 0.6:
            meta.append([(d.t("Datum schade", "Date of damage"), d.date()),
                         (d.t("Oorzaak", "Cause"), d.type_text())])
    if r.random() < 0.5:
        meta.append([(d.t("Verzekeraar", "Insurer"), c.insurer["short"]), (d.L("policy_number").rstrip(":"), d.policy())])
    if r.random() < 0.35:
        meta.append([(d.L("claimant_phone", False).rstrip(":"), d.phone())])
        if r.random() < 0.6:
            meta.append([(d.L("claimant_email", False).rstrip(":"), d.email())])
    d.b.append(("kv", meta, r.choice(["grid", "plain", "shade"])))
    cols = d.t(["Omschrijving", "Aantal", "Prijs", "Bedrag"], ["Description", "Qty", "Unit price", "Amount"])
    rows = _line_rows(d, c, style)
    total = money_style(*divmod(c.total, 100), style)
    tot_label = r.choice(d.t(["Totaal incl. BTW", "Totaal te betalen", "TOTAAL (incl. 21% btw)", "Totaalbedrag"],
                             ["Total incl. VAT", "Total due", "TOTAL (incl. 21% VAT)", "Amount payable"]))
    totals = [(d.t("Subtotaal excl. BTW", "Subtotal excl. VAT"), money_style(*divmod(c.subtotal, 100), style), False),
              (d.t("BTW 21%", "VAT 21%"), money_style(*divmod(c.vat, 100), style), False),
              (tot_label, total, True)]
    d.f("damage_amount", total)
    d.b.append(("items", cols, rows, totals))
    if invoice:
        d.b.append(("p", d.t("Wij verzoeken u het totaalbedrag binnen 30 dagen over te maken op %s t.n.v. %s, onder vermelding van het factuurnummer." % (co_iban, name),
                             "Please transfer the total within 30 days to %s in the name of %s, quoting the invoice number." % (co_iban, name))))
    else:
        d.b.append(("p", d.t("Deze offerte is vrijblijvend en 30 dagen geldig. Het eigen risico van %s is niet in mindering gebracht." % d.money(c.deductible),
                             "This estimate is valid for 30 days. The policy excess of %s has not been deducted." % d.money(c.deductible))))
    d.b.append(("foot", d.t("Op al onze werkzaamheden zijn de algemene voorwaarden van toepassing.",
                            "All work is carried out under our general terms and conditions.")))
    return d, ("invoice_" if invoice else "quote_") + ("motor" if motor else "home")


# ---------------------------------------------------------------- expert report

def expert_report(r, lang, c):
    d = Doc(r, lang, c)
    d.q = False
    d.numbered = False
    motor = c.ct == "motor_claim"
    head, _ = company_head(d, c.expert, d.t("Schade-expertise · Taxaties · Contra-expertise", "Loss adjusting · Surveys"))
    d.b.append(head)
    d.b.append(("title", d.t(r.choice(["Expertiserapport", "Rapport van expertise", "Taxatierapport schade"]),
                             r.choice(["Loss adjuster's report", "Expert report", "Damage assessment report"]))))
    survey = c.date + dt.timedelta(days=r.randint(2, 9))
    rows = [[(d.D("claim_no").rstrip(":"), c.claim_no), (d.t("Ons dossier", "Our file"), make_ref(r, "dossier"))],
            [(d.t("Opdrachtgever", "Instructed by"), c.insurer["name"])],
            [(d.t("Verzekerde", "Insured"), d.name()), (d.L("policy_number").rstrip(":"), d.policy())]]
    if motor:
        rows.append([(d.t("Kenteken", "Registration"), d.plate()), (d.t("Merk/type", "Make/model"), c.make)])
    else:
        rows.append([(d.t(r.choice(["Risicoadres", "Adres risico", "Object"]), r.choice(["Risk address", "Property"])), d.address("one", fact=True))])
    rows.append([(d.t("Datum schade", "Date of loss"), d.date()), (d.t("Datum opname", "Date of survey"), d.ddate(survey))])
    if motor:
        rows.append([(d.t("Plaats schade", "Place of loss"), d.loc())])
    d.b.append(("kv", rows, r.choice(["grid", "shade", "plain"])))
    d.b.append(("h", d.t("1. Toedracht", "1. Circumstances")))
    d.b.append(("p", d.desc("tp")))
    d.f("incident_description", c.desc[lang + "_tp"])
    d.b.append(("h", d.t("2. Oorzaak en dekking", "2. Cause and cover")))
    cause = d.type_text()
    d.b.append(("kv", [[(d.t("Oorzaak", "Cause") if not motor else d.t("Soort gebeurtenis", "Type of event"), cause)],
                       [(d.t("Dekking", "Cover"), d.t("Gedekt onder de polis", "Covered under the policy"))]], "plain"))
    if motor and c.cp:
        d.facts["counterparty_involved"] = "yes"
        d.b.append(("p", d.t("Wederpartij: %s, kenteken %s. Aansprakelijkheid wordt separaat beoordeeld." % (W.name_forms(c.op)["init"], d.cp_plate()),
                             "Other party: %s, registration %s. Liability is assessed separately." % (W.name_forms(c.op)["init"], d.cp_plate()))))
    d.b.append(("h", d.t("3. Schadevaststelling", "3. Assessment")))
    style = r.choice(["eur_sp", "EUR_pre", "bare"]) if d.nl else r.choice(["en_eur", "en_EUR"])
    ms = lambda x: money_style(*divmod(x, 100), style)
    tot = ms(c.total)
    d.f("damage_amount", tot)
    rows = [[(d.t("Herstelkosten excl. BTW", "Repair costs excl. VAT"), ms(c.subtotal))],
            [(d.t("BTW 21%", "VAT 21%"), ms(c.vat))],
            [(d.t(r.choice(["Vastgestelde schade", "Schadebedrag na expertise", "Getaxeerde schade incl. BTW"]),
                  r.choice(["Assessed damage", "Agreed loss amount", "Assessed loss incl. VAT"])), tot)]]
    if motor:
        rows.append([(d.t("Dagwaarde voor schade", "Pre-accident value"), ms(c.total * 4 + 123400))])
    rows.append([(d.D("deductible").rstrip(":"), ms(c.deductible))])
    rows.append([(d.t("Uit te keren na eigen risico", "Payable after excess"), ms(c.total - c.deductible))])
    d.b.append(("kv", rows, "grid"))
    d.b.append(("p", d.t("De schade is in overleg met het herstelbedrijf vastgesteld. Het uurtarief bedraagt %s excl. BTW." % ms(r.choice([6450, 6850, 7200, 5950])),
                         "The loss was agreed with the repairer. The hourly labour rate is %s excl. VAT." % ms(r.choice([6450, 6850, 7200, 5950])))))
    d.b.append(("sig", [d.ddate(survey + dt.timedelta(days=r.randint(1, 6))), "%s %s" % (r.choice(["ing.", "", "drs."]), W.name_forms(c.witness)["init"]),
                        d.t("Register-expert NIVRE", "Chartered loss adjuster")]))
    return d, "expert_" + ("motor" if motor else "home")


# ---------------------------------------------------------------- letter / email (prose)

def _prose(d, c, mail):
    """Returns list of paragraphs. Records facts in d."""
    r = d.r
    motor = c.ct == "motor_claim"
    nl = d.nl
    paras = []
    omit = d.drop(3)
    date_txt = d.date(style=r.choice(["long", "day_long", "dmy", "abbr"] if nl else ["long", "day_long", "us"]))
    pol = d.policy() if "policy_number" not in omit else None
    if motor:
        plate = d.plate()
        loc = d.loc(prose=True) if "incident_location" not in omit else None
        if nl:
            s = "Op %s is mijn auto met kenteken %s beschadigd geraakt" % (date_txt, plate)
            s = r.choice([s, "Hierbij meld ik schade aan mijn auto (kenteken %s), ontstaan op %s" % (plate, date_txt)])
            if loc:
                s += " " + loc
            s += "."
            if pol:
                s += r.choice([" Mijn polisnummer is %s." % pol, " De auto is bij u verzekerd onder polisnummer %s." % pol])
        else:
            s = r.choice(["On %s my car, registration %s, was damaged" % (date_txt, plate),
                          "I am writing to report damage to my car (registration %s) that happened on %s" % (plate, date_txt)])
            if loc:
                s += " " + loc
            s += "."
            if pol:
                s += r.choice([" My policy number is %s." % pol, " The car is insured with you under policy %s." % pol])
        paras.append(s)
    else:
        a1 = d.address("one", fact=True)
        if nl:
            s = r.choice(["Op %s is er schade ontstaan aan onze woning aan de %s." % (date_txt, a1),
                          "Graag meld ik schade aan mijn huis op het adres %s. De schade is ontstaan op %s." % (a1, date_txt)])
            if pol:
                s += " Het gaat om polisnummer %s." % pol
        else:
            s = r.choice(["On %s our home at %s was damaged." % (date_txt, a1),
                          "I would like to report damage to my house at %s, which occurred on %s." % (a1, date_txt)])
            if pol:
                s += " The policy number is %s." % pol
        paras.append(s)
    # explicit type statement (sometimes)
    if r.random() < 0.6:
        tt = d.type_text()
        paras.append(r.choice(d.t(["Soort schade: %s.", "Het betreft: %s.", "Categorie schade: %s."],
                                  ["Type of claim: %s.", "Claim category: %s.", "Nature of the damage: %s."])) % tt)
    paras.append(d.desc("fp"))
    if motor and c.cp:
        opn = W.name_forms(c.op)["full"]
        cpp = d.cp_plate()
        paras.append(d.t("De andere bestuurder, %s (telefoon %s), reed in een auto met kenteken %s. Wij hebben samen een schadeformulier ingevuld." % (opn, fmt_phone(r, c.op_phone), cpp),
                         "The other driver, %s (phone %s), was driving a car with registration %s. We filled in an accident statement together." % (opn, fmt_phone(r, c.op_phone), cpp)))
        d.facts["counterparty_involved"] = "yes"
    elif motor and r.random() < 0.5:
        paras.append(d.t("Er was geen andere partij bij betrokken.", "No other party was involved."))
        d.facts["counterparty_involved"] = "no"
    if "damage_amount" not in omit:
        amt = d.money(c.stated, "damage_amount")
        who = (c.garage if motor else c.contractor)
        paras.append(d.t(r.choice(["%s heeft de herstelkosten begroot op %s; de offerte stuur ik mee." % (who, amt),
                                   "De schade bedraagt volgens de offerte %s." % amt,
                                   "Ik schat de schade op ongeveer %s." % amt]),
                         r.choice(["%s estimated the repair at %s; I attach the quote." % (who, amt),
                                   "According to the quote the damage comes to %s." % amt,
                                   "I estimate the damage at around %s." % amt])))
    paras.append(d.t("Mijn eigen risico is %s, als ik het goed heb." % d.money(c.deductible) if r.random() < 0.4 else
                     "Foto's van de schade heb ik bijgevoegd.",
                     "I believe my excess is %s." % d.money(c.deductible) if r.random() < 0.4 else
                     "I have attached photos of the damage."))
    if "iban" not in omit:
        ib = d.iban()
        paras.append(d.t(r.choice(["Wilt u een eventuele uitkering overmaken naar %s t.n.v. %s?" % (ib, c.names["init"]),
                                   "Mijn rekeningnummer is %s." % ib]),
                         r.choice(["Please pay any settlement into account %s in the name of %s." % (ib, c.names["init"]),
                                   "My bank account (IBAN) is %s." % ib])))
    contact = []
    if "claimant_phone" not in omit:
        ph = d.phone()
        contact.append(d.t("U kunt mij bereiken op %s." % ph, "You can reach me on %s." % ph))
    return paras, contact


def letter(r, lang, c):
    d = Doc(r, lang, c)
    d.numbered = False
    motor = c.ct == "motor_claim"
    nm = d.name(r.choice(["full", "init"]))
    sender = [nm, "%s %s" % (c.addr["street"], c.addr["num"]), "%s %s" % (c.addr["pc"], c.addr["city"])]
    if r.random() < 0.6:
        sender.append(d.email())
    paras, contact = _prose(d, c, False)
    i = c.insurer
    d.b.append(("addr", sender))
    d.b.append(("addr", [i["name"], d.t("t.a.v. afdeling Schadebehandeling", "Attn. Claims department"),
                         i["street"], "%s %s" % (i["pc"], i["city"])]))
    d.b.append(("p", "%s, %s" % (c.addr["city"], d.ddate(c.doc_date))))
    subj = d.t("Betreft: ", "Re: ") + d.t(r.choice(["schademelding", "melding van schade", "claim autoschade" if motor else "schade aan woning"]),
                                          r.choice(["damage claim", "notification of loss", "claim"]))
    if "policy_number" in d.facts and r.random() < 0.5:
        subj += d.t(" polis ", ", policy ") + c.policy
    d.b.append(("p", subj))
    d.b.append(("p", d.t("Geachte heer, mevrouw,", "Dear Sir or Madam,")))
    for p in paras:
        d.b.append(("p", p))
    for p in contact:
        d.b.append(("p", p))
    if r.random() < 0.35:
        d.b.append(("p", d.t("Voor de volledigheid nog even mijn gegevens op een rij:", "For your convenience, my details:")))
        rows = [[(d.L("policy_number", False), d.policy())]]
        if motor:
            rows.append([(d.L("licence_plate", False), d.plate())])
        rows.append([(d.L("iban", False), d.iban())])
        d.b.append(("kv", rows, "plain"))
    d.b.append(("p", d.t("Met vriendelijke groet,", "Yours faithfully,")))
    d.b.append(("sig", [nm]))
    return d, "letter_" + ("motor" if motor else "home")


def email(r, lang, c):
    d = Doc(r, lang, c)
    motor = c.ct == "motor_claim"
    nm = d.name(r.choice(["full", "full", "init"]))
    em = d.email()
    paras, contact = _prose(d, c, True)
    i = c.insurer
    sent = c.doc_date
    hdr = [(d.t("Van", "From"), "%s <%s>" % (nm, em)),
           (d.t("Aan", "To"), "schade@" + i["dom"]),
           (d.t("Datum", "Date"), d.ddate(sent, "day_long") + " %02d:%02d" % (r.randint(7, 23), r.randint(0, 59))),
           (d.t("Onderwerp", "Subject"), d.t("Schademelding", "Claim") + (" " + c.policy if "policy_number" in d.facts and r.random() < 0.5 else ""))]
    if c.intermediary and r.random() < 0.7:
        hdr.insert(2, ("Cc", "info@%s.nl" % c.intermediary["name"].split()[-1].lower()))
    d.b.append(("mailhead", hdr))
    d.b.append(("p", d.t(r.choice(["Beste mensen,", "Goedemiddag,", "Geachte heer/mevrouw,"]), r.choice(["Hello,", "Dear claims team,", "Hi,"]))))
    for p in paras:
        d.b.append(("p", p))
    for p in contact:
        d.b.append(("p", p))
    d.b.append(("p", d.t("Groet,", "Kind regards,")))
    sig = [nm]
    if "claimant_phone" in d.facts and r.random() < 0.5:
        sig.append(d.t("Mob. ", "Mob. ") + d.facts["claimant_phone"])
    d.b.append(("sig", sig))
    if r.random() < 0.6:
        handler = W.make_person(r, False)
        d.b.append(("small", d.t("-----Oorspronkelijk bericht-----", "-----Original message-----")))
        d.b.append(("mailhead", [(d.t("Van", "From"), "%s <%s@%s>" % (W.name_forms(handler)["full"], handler["first"].lower(), i["dom"])),
                                 (d.t("Verzonden", "Sent"), d.ddate(c.doc_date - dt.timedelta(days=1))),
                                 (d.t("Onderwerp", "Subject"), "%s %s" % (d.t("Uw schade", "Your claim"), c.claim_no))]))
        d.b.append(("p", d.t("Wilt u de toedracht en de offerte per e-mail sturen? Voor vragen kunt u bellen met %s (werkdagen 8.30-17.00)." % fmt_phone(r, make_phone(r, False)),
                             "Could you e-mail us the circumstances and the quote? For questions call %s (weekdays 8.30-17.00)." % fmt_phone(r, make_phone(r, False)))))
    return d, "email_" + ("motor" if motor else "home")


# ---------------------------------------------------------------- portal confirmation

def portal(r, lang, c):
    d = Doc(r, lang, c)
    d.numbered = False
    d.colon = r.random() < 0.3
    motor = c.ct == "motor_claim"
    i = c.insurer
    omit = d.drop(2)
    d.b.append(("nav", [i["short"], d.t("Mijn %s" % i["short"], "My %s" % i["short"]), d.t("Schade melden", "Report a claim"),
                        d.t("Contact", "Contact"), d.t("Uitloggen", "Log out")]))
    d.b.append(("banner", d.t(r.choice(["Bedankt! Uw schademelding is ontvangen.", "Uw schade is succesvol gemeld", "Melding verzonden"]),
                              r.choice(["Thank you - your claim has been received.", "Claim submitted successfully", "We have received your claim"]))))
    sub = c.doc_date
    d.b.append(("kv", [[(d.D("claim_no"), c.claim_no)],
                       [(d.D("submitted"), d.ddate(sub, "dmy") + " %02d:%02d" % (r.randint(7, 23), r.randint(0, 59)))]], "plain"))
    d.b.append(("p", d.t("Hieronder ziet u een overzicht van de gegevens die u heeft ingevuld. Bewaar deze bevestiging goed.",
                         "Below is a summary of the information you entered. Please keep this confirmation.")))
    mode = r.choice(["grid", "shade", "plain"])
    d.b.append(("h", d.t("Uw gegevens", "Your details")))
    rows = [[(d.L("claimant_name"), d.name())]]
    if "claimant_email" not in omit:
        rows.append([(d.L("claimant_email"), d.email())])
    if "claimant_phone" not in omit:
        rows.append([(d.L("claimant_phone"), d.phone())])
    if "policy_number" not in omit:
        rows.append([(d.L("policy_number"), d.policy())])
    d.b.append(("kv", rows, mode))
    d.b.append(("h", d.t("Over de schade", "About the damage")))
    rows = []
    if motor:
        rows.append([(d.L("licence_plate"), d.plate())])
    else:
        rows.append([(d.L("property_address"), d.address("one", fact=True))])
    rows.append([(d.L("incident_date"), d.date(style=r.choice(["dmy", "long", "iso"] if lang == "nl" else ["long", "iso", "slash"])))])
    if motor and "incident_location" not in omit:
        rows.append([(d.L("incident_location"), d.loc())])
    rows.append([(d.L("incident_type" if motor else "damage_cause"), d.type_text())])
    if motor:
        rows.append([(d.L("counterparty_involved"), d.yesno(c.cp))])
        d.facts["counterparty_involved"] = "yes" if c.cp else "no"
        if c.cp:
            rows.append([(d.L("counterparty_licence_plate"), d.cp_plate())])
    d.b.append(("kv", rows, mode))
    d.b.append(("long", d.L("incident_description"), d.desc("fp")))
    if "damage_amount" not in omit or "iban" not in omit:
        d.b.append(("h", d.t("Bedrag en uitbetaling", "Amount and payment")))
        rows = []
        if "damage_amount" not in omit:
            rows.append([(d.L("damage_amount"), d.money(c.stated, "damage_amount"))])
        if "iban" not in omit:
            rows.append([(d.L("iban"), d.iban())])
        d.b.append(("kv", rows, mode))
    d.b.append(("h", d.t("Wat gebeurt er nu?", "What happens next?")))
    d.b.append(("p", d.t("Binnen 5 werkdagen neemt een schadebehandelaar contact met u op. Heeft u vragen? Bel %s of mail naar schade@%s." % (fmt_phone(r, make_phone(r, False)), i["dom"]),
                         "A claims handler will contact you within 5 working days. Questions? Call %s or e-mail claims@%s." % (fmt_phone(r, make_phone(r, False), "intl"), i["dom"]))))
    d.b.append(("foot", "© 2026 %s · %s · %s %s" % (i["name"], i["street"], i["pc"], i["city"])))
    return d, "portal_" + ("motor" if motor else "home")


BUILDERS = {
    "claim_form": claim_form,
    "accident_statement": accident_statement,
    "repair_quote": lambda r, l, c: quote_or_invoice(r, l, c, False),
    "invoice": lambda r, l, c: quote_or_invoice(r, l, c, True),
    "expert_report": expert_report,
    "letter": letter,
    "email": email,
    "portal_confirmation": portal,
}


def build(r, ct, kind, lang):
    c = Case(r, ct, lang)
    if kind == "accident_statement":
        # an accident statement always involves a vehicle B
        c.type = "collision"
        c.cp = True
        c.cp_plate = c.cp_plate or make_plate(r)
        c.desc = {k: r.choice(v) for k, v in W.MOTOR_DESC["collision"].items()}
        c.loc = W.LOCATIONS[r.choice([0, 2, 4, 5, 7, 9])]
    d, layout = BUILDERS[kind](r, lang, c)
    return d, layout, c
