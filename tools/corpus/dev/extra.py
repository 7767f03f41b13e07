"""Second wave of development documents: wordings and layouts the first wave lacks.

Made after the first wave with a generator of its own (seed + 1), so the first 180 documents stay
exactly as they were. Written from how Dutch and English claimants, insurers and garages word
things in general (no other corpus was looked at):

* letters whose facts stand only in sentences: a weekday before the date, an abbreviated month
  ("7 jul. 2022"), the plate in brackets ("mijn auto (GX-904-K)"), the other party's plate in a
  sentence of its own, the account "op rekeningnummer …", "U kunt mij bereiken op …", with the
  phone numbers of a garage and a witness in other sentences;
* e-mails that answer the insurer in the Outlook way: the earlier message below an
  "-----Oorspronkelijk bericht-----" / "From:" block without any ">" marks, with the insurer's
  signature (its phone and e-mail are never the claimant's), and a signature with a job title;
* accident statements with the two vehicles side by side (each its own label and value
  columns, "A" and "B" headings), the box numbers of the European form and its own wordings
  ("Inschrijvingsnummer (kenteken)", "Verzekeringnemer/verzekerde (zie verzekeringsbewijs)").
"""
import datetime as dt

import fmt
from kinds import TYPE_WORDS


def _mon_dot(d):
    return "%d %s %d" % (d.day, fmt.MON_NL[d.month - 1], d.year)


def _prose_date(b, d):
    """A date as a claimant writes it in a sentence."""
    if b.lang == "nl":
        style = b.pick("weekday", "mon", "long", "numeric")
        if style == "weekday":
            return "%s %d %s %d" % (fmt.DAYS_NL[d.weekday()], d.day, fmt.MONTHS_NL[d.month - 1], d.year)
        if style == "mon":
            return _mon_dot(d)
        if style == "long":
            return "%d %s %d" % (d.day, fmt.MONTHS_NL[d.month - 1], d.year)
        return d.strftime("%d-%m-%Y")
    style = b.pick("weekday", "ord", "plain", "us")
    if style == "weekday":
        return "%s %d %s %d" % (fmt.DAYS_EN[d.weekday()], d.day, fmt.MONTHS_EN[d.month - 1], d.year)
    if style == "ord":
        return "%s of %s %d" % (fmt.ordinal(d.day), fmt.MONTHS_EN[d.month - 1], d.year)
    if style == "plain":
        return "%d %s %d" % (d.day, fmt.MONTHS_EN[d.month - 1], d.year)
    return "%s %d, %d" % (fmt.MONTHS_EN[d.month - 1], d.day, d.year)


def letter_prose(b):
    """A claimant's letter whose facts stand in sentences, other people's numbers beside them."""
    rng, c, lang = b.rng, b.c, b.lang
    motor = c["case_type"] == "motor_claim"
    p, a = c["p"], c["addr"]
    ins = c["insurer"][0]
    theme = rng.choice(["classic", "modern"])
    ldate = c["date"] + dt.timedelta(days=rng.randint(2, 25))
    b.fact("claimant_name", p["written"])
    sender = [p["written"], a["line1"], a["line2"]]
    if rng.random() < 0.5:
        sender.append(c["email"])
        b.fact("claimant_email", c["email"])
    b.add("para", text="\n".join(sender))
    b.add("para", text="%s\n%s\n%s" % (ins, b.nl("t.a.v. de afdeling Schadebehandeling", "FAO the Claims Department"),
                                       b.nl("Antwoordnummer %d" % rng.randint(1000, 99999), "Freepost %d" % rng.randint(100, 9999))))
    b.add("para", text="%s, %s" % (a["city"], b.date(ldate)))
    pol = c["policy"]
    subj = b.pick(*b.nl(["Betreft: schadeclaim", "Onderwerp: ingebrekestelling / schadeclaim", "Inzake: uw polis %s" % pol],
                        ["Re: my claim", "Subject: insurance claim", "Your policy %s" % pol]))
    b.add("para", text=subj)
    if pol in subj:
        b.fact("policy_number", pol)
    b.add("para", text=b.pick(*b.nl(["Geachte heer, mevrouw,", "Beste medewerker schade,"], ["Dear Sir or Madam,", "To whom it may concern,"])))
    dw = _prose_date(b, c["date"])
    b.fact("incident_date", dw)
    body = []
    if motor:
        plate = c["plate"]
        b.fact("licence_plate", plate)
        car = "%s %s" % c["car"]
        body.append(b.pick(*b.nl(
            ["Op %s is mijn auto (%s) beschadigd geraakt." % (dw, plate),
             "Op %s heb ik met mijn %s, kenteken %s, schade gereden." % (dw, car, plate),
             "Met deze brief meld ik de schade aan mijn %s (%s) van %s." % (car, plate, dw)],
            ["On %s my car (%s) was damaged." % (dw, plate),
             "On %s my %s, registration %s, was damaged." % (dw, car, plate),
             "I am writing about the damage to my %s (%s) on %s." % (car, plate, dw)])))
        body.append(b.nl("Plaats van het ongeval: %s." % c["loc"], "Place of the accident: %s." % c["loc"]))
        b.fact("incident_location", c["loc"])
        tw = TYPE_WORDS[lang].get(c["itype"])
        if tw and rng.random() < 0.5:
            body.append(b.nl("Het gaat om %s." % tw, "It concerns %s." % tw))
            b.fact("incident_type", c["itype"])
    else:
        body.append(b.pick(*b.nl(["Op %s is er schade ontstaan aan mijn woning aan de %s." % (dw, a["oneline"]),
                                  "Op %s is mijn huis aan de %s beschadigd geraakt." % (dw, a["oneline"])],
                                 ["On %s my home at %s was damaged." % (dw, a["oneline"]),
                                  "On %s damage occurred at my house at %s." % (dw, a["oneline"])])))
        b.fact("property_address", a["oneline"])
    b.add("para", text=" ".join(body))
    b.add("para", text=c["desc"])
    b.fact("incident_description", c["desc"])
    if motor and c["cp"]:
        cp = c["cp"]
        b.add("para", text=b.pick(*b.nl(
            ["Het kenteken van de tegenpartij is %s. De bestuurder, %s, is verzekerd bij %s." % (cp["plate"], cp["p"]["written"], cp["insurer"][0]),
             "De andere auto (kenteken %s) werd bestuurd door %s." % (cp["plate"], cp["p"]["written"]),
             "Gegevens van de wederpartij: %s, kenteken %s, verzekerd bij %s." % (cp["p"]["written"], cp["plate"], cp["insurer"][0])],
            ["The other driver's car, registration %s, is insured with %s." % (cp["plate"], cp["insurer"][0]),
             "The third party (%s) was driving a car with registration %s." % (cp["p"]["written"], cp["plate"]),
             "The other vehicle (%s) was driven by %s." % (cp["plate"], cp["p"]["written"])])))
        b.fact("counterparty_licence_plate", cp["plate"])
        b.fact("counterparty_involved", "yes")
    g = c["garage"]
    if rng.random() < 0.6:
        b.add("para", text=b.nl("%s staat bij %s; u kunt de garage bellen op %s." % ("De auto" if motor else "De offerte ligt",
                                                                                   g["name"], g["phone"]),
                                "%s is with %s; you can call them on %s." % ("The car" if motor else "The quote", g["name"], g["phone"])))
    if c["witness"] and rng.random() < 0.7:
        wp, wph = c["witness"][0]
        b.add("para", text=b.nl("Mijn buurman %s heeft alles gezien (telefoon %s)." % (wp["written"], wph),
                                "My neighbour %s saw everything (phone %s)." % (wp["written"], wph)))
    amount = (rng.randint(300, 6000) if motor else rng.randint(500, 15000)) * 100 + rng.choice([0, 0, 50, 95])
    aw = b.amt(amount)
    b.add("para", text=b.pick(*b.nl(["Het totale schadebedrag bedraagt %s." % aw,
                                     "De herstelkosten komen volgens de offerte op %s." % aw,
                                     "Ik verzoek u mij een bedrag van %s te vergoeden." % aw],
                                    ["The total amount of the damage is %s." % aw,
                                     "According to the quote the repair will cost %s." % aw,
                                     "I ask you to pay me %s." % aw])))
    b.fact("damage_amount", aw)
    if rng.random() < 0.8:
        ib = b.iban()
        b.add("para", text=b.pick(*b.nl(["Wilt u het bedrag overmaken op rekeningnummer %s?" % ib,
                                         "Mijn IBAN is %s, ten name van %s." % (ib, p["written"]),
                                         "Graag ontvang ik de uitkering op %s." % ib],
                                        ["Please pay this into my account %s." % ib,
                                         "My bank account number is %s." % ib,
                                         "The payment can be made to %s, in the name of %s." % (ib, p["written"])])))
        b.fact("iban", ib)
    if rng.random() < 0.8:
        b.add("para", text=b.pick(*b.nl(["U kunt mij bereiken op %s." % c["phone"],
                                         "Voor vragen ben ik telefonisch bereikbaar via %s." % c["phone"]],
                                        ["You can reach me on %s." % c["phone"],
                                         "If you have any questions, please call me on %s." % c["phone"]])))
        b.fact("claimant_phone", c["phone"])
    if "policy_number" not in b.facts and rng.random() < 0.7:
        b.add("para", text=b.nl("Mijn polisnummer is %s." % pol, "My policy number is %s." % pol))
        b.fact("policy_number", pol)
    b.add("sig", lines=[b.pick(*b.nl(["Met vriendelijke groet,", "Hoogachtend,"], ["Yours faithfully,", "Kind regards,"])), "", p["written"]])
    return {"theme": theme, "title": subj, "blocks": b.blocks, "layout": "letter_prose"}


def email_reply(b):
    """A claimant's e-mail answering the insurer, the earlier message below it unquoted."""
    rng, c, lang = b.rng, b.c, b.lang
    motor = c["case_type"] == "motor_claim"
    p, a = c["p"], c["addr"]
    ins, dom = c["insurer"]
    theme = rng.choice(["modern", "portal", "grid"])
    sent = dt.datetime.combine(c["date"] + dt.timedelta(days=rng.randint(3, 12)), dt.time(rng.randint(7, 22), rng.randint(0, 59)))
    handler = "%s %s" % (rng.choice(fmt.FIRST_F + fmt.FIRST_M), rng.choice(fmt.SURNAMES)[1])
    ins_mail = rng.choice(["schade@", "claims@", "schadebehandeling@"]) + dom
    ins_phone = fmt.phone(rng, "088", mobile=False)
    dossier = fmt.ref_number(rng)
    b.fact("claimant_email", c["email"])
    b.fact("claimant_name", p["written"])
    subj = b.nl("RE: Uw schademelding %s" % dossier, "RE: Your claim %s" % dossier)
    b.add("ehdr", pairs=[(b.nl("Van:", "From:"), "%s <%s>" % (p["written"], c["email"])), (b.nl("Aan:", "To:"), ins_mail),
                         (b.nl("Verzonden:", "Sent:"), b.date(sent.date(), "weekday long" if lang == "nl" else "weekday en") + " " + sent.strftime("%H:%M")),
                         (b.nl("Onderwerp:", "Subject:"), subj)])
    b.add("para", text=b.nl("Beste %s," % handler, "Dear %s," % handler))
    lines = [b.nl("Hierbij de gevraagde gegevens.", "Here are the details you asked for.")]
    dw = _prose_date(b, c["date"])
    b.fact("incident_date", dw)
    if motor:
        plate = c["plate"]
        b.fact("licence_plate", plate)
        lines.append(b.pick(*b.nl(["De schade is ontstaan op %s; het gaat om mijn auto met kenteken %s." % (dw, plate),
                                   "Het ongeval was op %s, met mijn auto (%s)." % (dw, plate)],
                                  ["The damage happened on %s to my car, registration %s." % (dw, plate),
                                   "The accident was on %s, my car is %s." % (dw, plate)])))
    else:
        lines.append(b.nl("De schade is ontstaan op %s." % dw, "The damage happened on %s." % dw))
    b.add("para", text=" ".join(lines))
    b.add("para", text=c["desc"])
    b.fact("incident_description", c["desc"])
    if rng.random() < 0.7:
        ib = b.iban()
        b.add("para", text=b.nl("Mijn rekeningnummer is %s." % ib, "My account number is %s." % ib))
        b.fact("iban", ib)
    if rng.random() < 0.6:
        aw = b.amt((rng.randint(250, 5000) if motor else rng.randint(400, 12000)) * 100)
        b.add("para", text=b.nl("De offerte van de %s komt uit op %s." % ("garage" if motor else "aannemer", aw),
                                "The %s's quote comes to %s." % ("garage" if motor else "builder", aw)))
        b.fact("damage_amount", aw)
    sig = [b.pick(*b.nl(["Met vriendelijke groet,", "Groeten,"], ["Kind regards,", "Regards,"])), p["written"]]
    if rng.random() < 0.6:
        mobile = "".join(ch for ch in c["phone"].replace("(0)", "") if ch.isdigit()).startswith(("06", "316", "00316"))
        sig.append((b.nl("Mobiel: ", "Mobile: ") if mobile else b.nl("Tel.: ", "Tel: ")) + c["phone"])
        b.fact("claimant_phone", c["phone"])
    b.add("sig", lines=sig)
    if rng.random() < 0.4:
        b.add("para", text=b.nl("Verzonden vanaf mijn iPhone", "Sent from my iPhone"), small=True)
    earlier = sent - dt.timedelta(days=rng.randint(1, 3))
    b.add("para", text=b.nl("-----Oorspronkelijk bericht-----", "-----Original Message-----"))
    b.add("ehdr", pairs=[(b.nl("Van:", "From:"), "%s <%s>" % (ins, ins_mail)), (b.nl("Aan:", "To:"), c["email"]),
                         (b.nl("Verzonden:", "Sent:"), b.date(earlier.date(), "weekday long" if lang == "nl" else "weekday en") + " " + earlier.strftime("%H:%M")),
                         (b.nl("Onderwerp:", "Subject:"), b.nl("Uw schademelding %s" % dossier, "Your claim %s" % dossier))])
    b.add("para", text=b.nl("Geachte %s %s," % (p["nl_title"], p["surname_cap"]), "Dear %s %s," % (p["en_title"], p["surname_cap"])))
    b.add("para", text=b.nl("Wij hebben uw schademelding ontvangen. Wilt u ons de datum van de schade, een omschrijving, de offerte en uw rekeningnummer sturen? U kunt ons bereiken op %s." % ins_phone,
                            "We have received your claim. Could you send us the date of the damage, a description, the quote and your bank details? You can reach us on %s." % ins_phone))
    b.add("sig", lines=[b.nl("Met vriendelijke groet,", "Kind regards,"), handler, b.nl("Schadebehandelaar", "Claims handler"), ins,
                        b.nl("T ", "T ") + ins_phone, b.nl("E ", "E ") + ins_mail])
    return {"theme": theme, "title": subj, "blocks": b.blocks, "layout": "email_reply"}


def statement_sides(b):
    """A European accident statement with the two vehicles side by side."""
    rng, c, lang = b.rng, b.c, b.lang
    p, a = c["p"], c["addr"]
    cp = c["cp"]
    theme = rng.choice(["boxed", "modern", "grid"])
    title = b.nl("Europees aanrijdingsformulier", "Accident statement")
    b.add("title", text=title)
    b.colon = False
    dstr = b.date(c["date"], rng.choice(["dd-mm-yyyy", "dd.mm.yyyy"]) if lang == "nl" else "d Month yyyy")
    b.fields("pairs2", [(b.nl("1. Datum van het ongeval", "1. Date of accident"), dstr, "incident_date"),
                        (b.nl("Tijd", "Time"), c["time"], None),
                        (b.nl("2. Plaats", "2. Location"), c["loc"], "incident_location"),
                        (b.nl("3. Gewonden, ook licht", "3. Injuries, even slight"), b.nl("nee", "no"), None)])
    va, vb = b.nl("VOERTUIG A", "VEHICLE A"), b.nl("VOERTUIG B", "VEHICLE B")
    rows = [
        (b.nl("6. Verzekeringnemer (zie verzekeringsbewijs)", "6. Policyholder (see insurance certificate)"), "", ""),
        (b.nl("Naam en voorletters", "Name and initials"), p["written"], cp["p"]["written"]),
        (b.nl("Adres", "Address"), a["line1"] + ", " + a["line2"], cp["addr"]["line1"] + ", " + cp["addr"]["line2"]),
        (b.nl("Tel. of e-mail", "Tel. or e-mail"), c["phone"], cp["phone"]),
        (b.nl("7. Motorrijtuig", "7. Vehicle"), "", ""),
        (b.nl("Merk, type", "Make, model"), "%s %s" % c["car"], "%s %s" % cp["car"]),
        (b.nl("Inschrijvingsnummer (kenteken)", "Registration number"), c["plate"], cp["plate"]),
        (b.nl("8. Verzekeringsonderneming", "8. Insurance company"), c["insurer"][0], cp["insurer"][0]),
        (b.nl("Polisnummer", "Policy number"), c["policy"], cp["policy"]),
    ]
    b.add("ab4", headers=[va, vb], rows=[(lab, av, lab, bv) for lab, av, bv in rows])
    b.fact("claimant_name", p["written"])
    b.fact("claimant_phone", c["phone"])
    b.fact("licence_plate", c["plate"])
    b.fact("policy_number", c["policy"])
    b.fact("counterparty_licence_plate", cp["plate"])
    b.fact("counterparty_involved", "yes")
    b.fact("incident_type", "collision")
    if rng.random() < 0.6:
        b.fields("table", [(b.nl("14. Mijn opmerkingen (A)", "14. My remarks (A)"), c["desc"], "incident_description")])
    b.fields("pairs2", [(b.nl("15. Handtekening A", "15. Signature A"), p["written"], None),
                        (b.nl("Handtekening B", "Signature B"), cp["p"]["written"], None)])
    return {"theme": theme, "title": title, "blocks": b.blocks, "layout": "accident_statement_sides"}


# (case_type, builder, count)
PLAN = [("motor_claim", "letter", letter_prose, 6), ("home_damage", "letter", letter_prose, 4),
        ("motor_claim", "email", email_reply, 5), ("home_damage", "email", email_reply, 4),
        ("motor_claim", "accident_statement", statement_sides, 6)]
