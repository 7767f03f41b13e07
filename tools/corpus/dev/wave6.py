#!/usr/bin/env python3
"""The sixth wave of the dev set: a fourth blind check, written before the reader was changed for it.

    python3 tools/corpus/dev/wave6.py [--seed 20261211] [--out tests/corpus/dev]

Written from general knowledge of how Dutch and English insurers, brokers, garages, contractors and
claimants word and lay out claim documents, without looking at the reader's code, its lexicon or the
case types' labels (only the fact ids and option ids of the truth schema). Producer: LibreOffice
Writer (headless `soffice --convert-to pdf` of HTML written here), which no earlier dev wave uses.
It leans on what is still weak on the aside set: kinds of incident ticked among options (☒/☐,
[X], an "X" in a column, the chosen word in bold and underlined) or not named at all, descriptions
in table cells running over several lines and as prose, several people's phones on one document
(partner, garage, witness, claims handler, the insurer's switchboard, the broker's), yes/no
questions in ja/nee columns with "n.v.t.", the insured property's address beside a correspondence
address and a contractor's, quotes and invoices with a two-column address block (customer on one
side, issuer on the other) and subtotal, VAT, deductible and payable total.

Rewrites only its own documents (`dev-0311` on) and their truth lines (layout `w6_*`). People and
places come from wave4.py, plates, IBANs and policy numbers from wave3.py; wordings, phones,
descriptions and layouts are its own.
"""
import argparse
import html
import json
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.dont_write_bytecode = True
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from wave3 import iban, plate, policy  # noqa: E402
from wave4 import addr, address, amt, dt, email_of, person, INSURERS, GARAGES, CONTRACTORS, CARS, STREETS, TOWNS  # noqa: E402,F401

ROOT = HERE.parents[2]
FIRST = 311
E = html.escape


def phone6(rng, mobile=None):
    """Phone numbers as Dutch people and firms write them, including "+31 (0)6 …" and "(030) …"."""
    mobile = rng.random() < 0.6 if mobile is None else mobile
    d = lambda n: "".join(rng.choice("0123456789") for _ in range(n))  # noqa: E731
    if mobile:
        n = d(8)
        return rng.choice([f"+31 (0)6 {n[:2]} {n[2:4]} {n[4:6]} {n[6:]}", f"06-{n}", f"06 - {n[:4]} {n[4:]}",
                           f"+31 6 {n}", f"06 {n[:2]} {n[2:4]} {n[4:6]} {n[6:]}"])
    area = rng.choice(["030", "010", "020", "033", "038", "055", "076", "0314", "0546", "072"])
    rest = d(10 - len(area))
    return rng.choice([f"({area}) {rest[:3]} {rest[3:5]} {rest[5:]}" if len(rest) == 7 else f"({area}) {rest}",
                       f"{area} - {rest}", f"+31 (0){area[1:]} {rest}", f"{area}-{rest}"])


MOTOR_EVENTS = {
    # (option id, how a form's option list names it, own words, account)
    "nl": [("collision", "Aanrijding met ander voertuig", "kop-staartbotsing",
            "Ik remde voor een overstekende fietser bij de rotonde en de bestuurder achter mij kon niet meer op tijd stoppen. Hij reed vol op mijn trekhaak en achterklep."),
           ("collision", "Aanrijding met ander voertuig", "botsing op kruising",
            "Op de kruising kwam een bestelbus van links die door rood reed. Ik kon niet meer uitwijken en de bus raakte mijn rechtervoorscherm en de koplamp."),
           ("parking_damage", "Parkeerschade", "schade tijdens parkeren",
            "Mijn auto stond op het parkeerterrein van de supermarkt. Bij terugkomst was het linkerachterportier flink ingedeukt en er zat blauwe lak op; niemand heeft een briefje achtergelaten."),
           ("single_vehicle", "Eenzijdig ongeval", "eigen schuld, geen tegenpartij",
            "Bij het achteruit wegrijden uit de oprit heb ik de lantaarnpaal geraakt. De achterbumper is gescheurd en de parkeersensor hangt los."),
           ("vandalism", "Vandalisme / vernieling", "moedwillige beschadiging",
            "In de nacht zijn beide buitenspiegels van mijn auto afgetrapt en is er met een sleutel over de motorkap gekrast. De auto stond voor de deur geparkeerd."),
           ("storm_or_hail", "Storm- of hagelschade", "natuurgeweld",
            "Tijdens het noodweer viel een grote tak van de boom naast de parkeerplaats op het dak. Het dak is ingedeukt en het schuifdak is gebarsten.")],
    "en": [("collision", "Collision with another vehicle", "rear-end shunt",
            "I had stopped at the pedestrian crossing when the van behind me did not brake in time. It hit my tailgate and pushed the rear bumper in."),
           ("collision", "Collision with another vehicle", "crash at a junction",
            "A car pulled out of a side road without looking and struck the front wing on the driver's side. The airbag did not go off but the wheel is bent."),
           ("parking_damage", "Damage while parked", "car damaged in a car park",
            "I left the car in the multi-storey car park for the afternoon. When I came back the passenger door had a deep dent and white paint on it."),
           ("single_vehicle", "Single-vehicle accident", "no other vehicle involved",
            "On a wet bend I lost grip and slid into the kerb. The front tyre burst and the alloy wheel and the track rod are damaged."),
           ("vandalism", "Vandalism", "malicious damage by unknown persons",
            "Overnight someone smashed the rear side window and slashed two tyres while the car was parked in the street."),
           ("storm_or_hail", "Storm or hail", "hailstorm",
            "A short but heavy hailstorm left dozens of dents in the bonnet and roof and cracked the windscreen.")],
}
MOTOR_OPTIONS = {"nl": [("collision", "Aanrijding met ander voertuig"), ("parking_damage", "Parkeerschade"),
                        ("single_vehicle", "Eenzijdig ongeval"), ("vandalism", "Vandalisme / vernieling"),
                        ("storm_or_hail", "Storm- of hagelschade"), ("other", "Anders, namelijk")],
                 "en": [("collision", "Collision with another vehicle"), ("parking_damage", "Damage while parked"),
                        ("single_vehicle", "Single-vehicle accident"), ("vandalism", "Vandalism"),
                        ("storm_or_hail", "Storm or hail"), ("other", "Other")]}
HOME_EVENTS = {
    "nl": [("water", "Water / lekkage", "lekkage",
            "De cv-leiding onder de vloer van de badkamer is gesprongen. Het water is via het plafond in de woonkamer terechtgekomen; het stucwerk en het laminaat zijn beschadigd."),
           ("storm", "Storm", "stormschade",
            "Door de harde wind zijn een tiental dakpannen van het achterdak gewaaid. Daarna regende het binnen op de zolderkamer en is het plafond doorgezakt."),
           ("fire", "Brand / rook / ontploffing", "brand in de keuken",
            "Tijdens het koken vatte de afzuigkap vlam. De brandweer heeft het vuur geblust, maar de keuken en de gang zijn zwartgeblakerd door roet."),
           ("burglary", "Inbraak / diefstal", "inbraak",
            "Terwijl wij op vakantie waren is de achterdeur opengebroken. Er zijn een televisie, twee laptops en sieraden gestolen en de deurpost is versplinterd.")],
    "en": [("water", "Escape of water", "a leak",
            "The washing machine hose split while we were out. Water ran under the kitchen units and through the ceiling of the cellar, ruining the flooring."),
           ("storm", "Storm", "storm damage",
            "Gale-force winds brought down part of the garden wall and blew the ridge tiles off. Rain then came in through the roof above the landing."),
           ("fire", "Fire or smoke", "a fire",
            "A faulty extension lead caught fire in the study. The fire brigade put it out but the room and the hallway are badly smoke damaged."),
           ("burglary", "Theft or burglary", "a break-in",
            "Burglars forced the patio door while we were at work and took jewellery, a laptop and a games console. The door frame will have to be replaced.")],
}
HOME_OPTIONS = {"nl": [("water", "Water / lekkage"), ("storm", "Storm"), ("fire", "Brand / rook / ontploffing"),
                       ("burglary", "Inbraak / diefstal"), ("other", "Anders")],
                "en": [("water", "Escape of water"), ("storm", "Storm"), ("fire", "Fire or smoke"),
                       ("burglary", "Theft or burglary"), ("other", "Other")]}
BROKERS = ["Assurantiekantoor Van Dam", "Hoekstra Financieel Advies", "De Zekerheid Adviesgroep", "Koster & Bos Assurantiën"]
HANDLERS = ["M. de Ruiter", "K. Aydin", "L. Verbruggen", "S. Wolters", "P. Hendriksen"]


def make_case(rng, ct, lang):
    name = person(rng, lang)
    street, pc, town = address(rng)
    c = {"ct": ct, "lang": lang, "name": name, "email": email_of(rng, name), "phone": phone6(rng),
         "partner": person(rng, lang), "partner_phone": phone6(rng, True),
         "witness": person(rng, lang), "witness_phone": phone6(rng),
         "policy": policy(rng), "iban": iban(rng, spaced=rng.random() < 0.6), "street": street, "pc": pc,
         "town": town, "date": (rng.randint(1, 28), rng.randint(1, 12), rng.choice([2025, 2026])),
         "dstyle": rng.choice([0, 1, 2, 4, 5]), "amount": round(rng.uniform(340, 9800), 2),
         "astyle": rng.choice([0, 0, 1, 3, 4]), "insurer": rng.choice(INSURERS)}
    c["ins_phone"] = phone6(rng, False)
    c["ins_addr"] = f"Postbus {rng.randint(100, 9999)}, {rng.choice(TOWNS)[1]} AA {rng.choice(TOWNS)[0]}"
    if ct == "motor_claim":
        ev = rng.choice(MOTOR_EVENTS[lang])
        c.update(type=ev[0], type_label=ev[1], type_words=ev[2], desc=ev[3], plate=plate(rng), car=rng.choice(CARS),
                 cp=ev[0] == "collision", cp_plate=plate(rng), other=person(rng, lang), other_phone=phone6(rng),
                 other_insurer=rng.choice(INSURERS),
                 loc=rng.choice([f"{rng.choice(STREETS)} ter hoogte van huisnummer {rng.randint(2, 90)}, {rng.choice(TOWNS)[0]}",
                                 f"rotonde {rng.choice(STREETS)} / {rng.choice(STREETS)}, {rng.choice(TOWNS)[0]}",
                                 f"parkeerterrein {rng.choice(['Jumbo', 'Albert Heijn', 'IKEA'])} {rng.choice(TOWNS)[0]}",
                                 f"A{rng.choice([1, 2, 12, 28, 50])} bij afrit {rng.randint(10, 40)}"]))
    else:
        ev = rng.choice(HOME_EVENTS[lang])
        c.update(cause=ev[0], cause_label=ev[1], cause_words=ev[2], desc=ev[3])
    return c


def T(c, nl, en):
    return nl if c["lang"] == "nl" else en


def biz6(rng, kind):
    name = rng.choice({"garage": GARAGES, "contractor": CONTRACTORS, "broker": BROKERS}[kind])
    street, pc, town = address(rng)
    slug = "".join(ch for ch in name.lower() if ch.isalpha())[:14]
    return {"name": name, "street": street, "pctown": f"{pc} {town}", "addr": f"{street}, {pc} {town}",
            "phone": phone6(rng, False), "email": f"{rng.choice(['info', 'planning', 'administratie'])}@{slug}.nl",
            "iban": iban(rng), "kvk": "".join(rng.choice("0123456789") for _ in range(8)),
            "vat": f"NL{''.join(rng.choice('0123456789') for _ in range(9))}B01"}


CSS = """<style>
body { font-family: 'DejaVu Sans', 'Liberation Sans'; font-size: 9.5pt; }
h1 { font-size: 14pt; } h2 { font-size: 11pt; margin-top: 10pt; }
td { vertical-align: top; font-size: 9.5pt; }
.small { font-size: 7.5pt; color: #555555; }
</style>"""


def page(body, footer=""):
    foot = f'<p class="small">{footer}</p>' if footer else ""
    return f"<!DOCTYPE html><html><head><meta charset='utf-8'>{CSS}</head><body>{body}{foot}</body></html>"


def rows(pairs, border=1, widths=(38, 62)):
    out = [f'<table border="{border}" cellpadding="4" cellspacing="0" width="100%">']
    for k, v in pairs:
        out.append(f'<tr><td width="{widths[0]}%">{E(k)}</td><td width="{widths[1]}%">{v}</td></tr>')
    out.append("</table>")
    return "".join(out)


def ticks(rng, options, chosen, style):
    """A choice among options, in one of four ways a form shows the ticked one."""
    parts = []
    for oid, label in options:
        on = oid == chosen
        if style == "box":
            parts.append(("☒ " if on else "☐ ") + E(label))
        elif style == "brackets":
            parts.append(("[X] " if on else "[ ] ") + E(label))
        elif style == "bold":
            parts.append(f"<b><u>{E(label)}</u></b>" if on else E(label))
        else:
            parts.append(E(label))
    sep = " &nbsp; " if style != "lines" else "<br/>"
    return sep.join(parts)


def yes_no_table(c, questions):
    """Questions with "ja" / "nee" columns and an X in one of them (or n.v.t. in a third)."""
    yes, no, na = T(c, "ja", "yes"), T(c, "nee", "no"), T(c, "n.v.t.", "n/a")
    out = ['<table border="1" cellpadding="3" cellspacing="0" width="100%">',
           f'<tr><td width="70%"><b>{T(c, "Vraag", "Question")}</b></td><td width="10%"><b>{yes}</b></td>'
           f'<td width="10%"><b>{no}</b></td><td width="10%"><b>{na}</b></td></tr>']
    for q, a in questions:
        cells = ["X" if a == k else "" for k in ("yes", "no", "na")]
        out.append(f'<tr><td>{E(q)}</td><td>{cells[0]}</td><td>{cells[1]}</td><td>{cells[2]}</td></tr>')
    out.append("</table>")
    return "".join(out)


def letterhead_insurer(c):
    return (f'<p><b>{E(c["insurer"])}</b><br/><span class="small">{E(c["ins_addr"])} · '
            f'{T(c, "Klantenservice", "Customer service")} {E(c["ins_phone"])}</span></p>')


# ---------------------------------------------------------------- documents


def motor_form_ticks(rng, c):
    """Insurer's motor claim form: the kind ticked among options, yes/no in ja/nee columns, other-party,
    witness and partner phones, the insurer's switchboard in the letterhead and footer."""
    f = {"claimant_name": c["name"], "claimant_phone": c["phone"], "claimant_email": c["email"],
         "policy_number": c["policy"], "licence_plate": c["plate"], "incident_date": dt(c),
         "incident_location": c["loc"], "incident_type": c["type"], "incident_description": c["desc"],
         "damage_amount": amt(c), "iban": c["iban"], "counterparty_involved": "yes" if c["cp"] else "no"}
    style = rng.choice(["box", "brackets", "bold"])
    b = [letterhead_insurer(c), f'<h1>{T(c, "Schadeaangifteformulier motorrijtuigen", "Motor claim form")}</h1>',
         f'<h2>1. {T(c, "Gegevens verzekeringnemer", "Policyholder")}</h2>',
         rows([(T(c, "Naam en voorletters", "Full name"), E(c["name"])),
               (T(c, "Straat en huisnummer", "Address"), E(c["street"])),
               (T(c, "Postcode en plaats", "Postcode and town"), E(f'{c["pc"]} {c["town"]}')),
               (T(c, "Telefoon overdag", "Daytime telephone"), E(c["phone"])),
               (T(c, "E-mail", "Email"), E(c["email"])),
               (T(c, "Polisnummer", "Policy no."), E(c["policy"]))]),
         f'<h2>2. {T(c, "Het voertuig", "The vehicle")}</h2>',
         rows([(T(c, "Merk / type", "Make and model"), E(c["car"])), (T(c, "Kenteken", "Registration"), E(c["plate"])),
               (T(c, "Bestuurder ten tijde van de schade", "Driver at the time"),
                E(c["name"] if rng.random() < 0.6 else c["partner"]))]),
         f'<h2>3. {T(c, "De gebeurtenis", "What happened")}</h2>',
         rows([(T(c, "Datum", "Date"), E(dt(c))), (T(c, "Tijdstip", "Time"), f"{rng.randint(7, 22)}:{rng.choice(['05', '20', '35', '50'])}"),
               (T(c, "Plaats / straat", "Place / road"), E(c["loc"])),
               (T(c, "Soort schade (aankruisen)", "Type of claim (tick one)"),
                ticks(rng, MOTOR_OPTIONS[c["lang"]], c["type"], style)),
               (T(c, "Toelichting (wat is er gebeurd?)", "Details of what happened"), E(c["desc"]))]),
         f'<h2>4. {T(c, "Aanvullende vragen", "Further questions")}</h2>',
         yes_no_table(c, [(T(c, "Is er door de politie een proces-verbaal opgemaakt?", "Were the police called?"),
                           rng.choice(["yes", "no"])),
                          (T(c, "Zijn er gewonden?", "Was anyone injured?"), "no"),
                          (T(c, "Waren er getuigen?", "Were there any witnesses?"), "yes"),
                          (T(c, "Was er een andere partij bij betrokken?", "Was another party involved?"),
                           "yes" if c["cp"] else "no")]),
         f'<h2>5. {T(c, "Tegenpartij", "The other party")}</h2>']
    if c["cp"]:
        f["counterparty_licence_plate"] = c["cp_plate"]
        b.append(rows([(T(c, "Naam", "Name"), E(c["other"])), (T(c, "Kenteken", "Registration"), E(c["cp_plate"])),
                       (T(c, "Telefoon", "Telephone"), E(c["other_phone"])),
                       (T(c, "Verzekerd bij", "Insurer"), E(c["other_insurer"]))]))
    else:
        b.append(rows([(T(c, "Naam", "Name"), T(c, "n.v.t.", "n/a")), (T(c, "Kenteken", "Registration"), "")]))
    b += [f'<h2>6. {T(c, "Getuige", "Witness")}</h2>',
          rows([(T(c, "Naam", "Name"), E(c["witness"])), (T(c, "Telefoon", "Telephone"), E(c["witness_phone"]))]),
          f'<h2>7. {T(c, "Schade en betaling", "Damage and payment")}</h2>',
          rows([(T(c, "Geschat schadebedrag", "Estimated cost of repair"), E(amt(c))),
                (T(c, "IBAN voor uitbetaling", "Bank account (IBAN) for payment"), E(c["iban"])),
                (T(c, "Bereikbaar via (partner)", "Alternative contact (partner)"),
                 E(f'{c["partner"]}, {c["partner_phone"]}'))]),
          f'<p>{T(c, "Plaats en datum", "Place and date")}: {E(c["town"])}, {E(dt(c, 3))}<br/>'
          f'{T(c, "Handtekening", "Signature")}: ____________________</p>']
    foot = f'{E(c["insurer"])} · {T(c, "Schadelijn 24/7", "Claims line 24/7")} {E(c["ins_phone"])} · {E(c["ins_addr"])}'
    return page("".join(b), foot), f, f"w6_motor_ticks_{style}"


def motor_form_plain(rng, c):
    """A short motor form that never asks for the kind of incident; the account as an answer running
    over several lines; the garage where the car can be seen with its own address and phone."""
    g = biz6(rng, "garage")
    f = {"claimant_name": c["name"], "claimant_phone": c["phone"], "policy_number": c["policy"],
         "licence_plate": c["plate"], "incident_date": dt(c), "incident_location": c["loc"],
         "incident_description": c["desc"], "damage_amount": amt(c), "iban": c["iban"]}
    b = [letterhead_insurer(c), f'<h1>{T(c, "Melding autoschade", "Car damage notification")}</h1>',
         rows([(T(c, "Uw naam", "Your name"), E(c["name"])),
               (T(c, "Uw telefoonnummer", "Your phone number"), E(c["phone"])),
               (T(c, "Uw polisnummer", "Your policy number"), E(c["policy"])),
               (T(c, "Kenteken van de auto", "Registration of the car"), E(c["plate"])),
               (T(c, "Wanneer gebeurde het?", "When did it happen?"), E(dt(c))),
               (T(c, "Waar gebeurde het?", "Where did it happen?"), E(c["loc"])),
               (T(c, "Wat is er gebeurd? Beschrijf zo precies mogelijk.", "What happened? Please describe in detail."),
                E(c["desc"])),
               (T(c, "Hoe hoog is de schade ongeveer?", "Roughly how much is the damage?"), E(amt(c))),
               (T(c, "Op welk rekeningnummer wilt u de uitkering ontvangen?", "Which account should we pay into?"),
                E(c["iban"]))]),
         f'<h2>{T(c, "Waar kan de auto bekeken worden?", "Where can the car be inspected?")}</h2>',
         rows([(T(c, "Bedrijf", "Company"), E(g["name"])), (T(c, "Adres", "Address"), E(g["addr"])),
               (T(c, "Telefoon", "Phone"), E(g["phone"])), (T(c, "Contactpersoon", "Contact"), E(person(rng, c["lang"])))]),
         f'<p>{T(c, "Ondertekend op", "Signed on")} {E(dt(c, 2))}</p>']
    return page("".join(b), f'{E(c["insurer"])} – {E(c["ins_phone"])}'), f, "w6_motor_plain"


def home_form_ticks(rng, c, ask_cause=True):
    """Home claim form: correspondence address beside the insured address, the cause ticked among options
    (or not asked), the contractor's own address and phone, the account under "Toelichting"."""
    con = biz6(rng, "contractor")
    corr = address(rng)
    risk_is_other = rng.random() < 0.7
    if risk_is_other:
        street, pc, town = address(rng)
        prop = f"{street}, {pc} {town}"
    else:
        prop = addr(c)
    f = {"claimant_name": c["name"], "claimant_phone": c["phone"], "claimant_email": c["email"],
         "policy_number": c["policy"], "incident_date": dt(c), "property_address": prop,
         "incident_description": c["desc"], "damage_amount": amt(c), "iban": c["iban"]}
    style = rng.choice(["box", "brackets", "bold"])
    home = [(T(c, "Naam", "Name"), E(c["name"])),
            (T(c, "Correspondentieadres", "Correspondence address"),
             E(f"{corr[0]}, {corr[1]} {corr[2]}" if risk_is_other else addr(c))),
            (T(c, "Telefoonnummer", "Telephone"), E(c["phone"])), (T(c, "E-mailadres", "Email address"), E(c["email"])),
            (T(c, "Polisnummer", "Policy number"), E(c["policy"]))]
    b = [letterhead_insurer(c), f'<h1>{T(c, "Schadeformulier woonhuis en inboedel", "Home insurance claim form")}</h1>',
         f'<h2>A. {T(c, "Verzekeringnemer", "Policyholder")}</h2>', rows(home),
         f'<h2>B. {T(c, "Het verzekerde adres", "The insured property")}</h2>',
         rows([(T(c, "Adres van de woning waar de schade is", "Address of the damaged property"), E(prop)),
               (T(c, "Eigenaar of huurder?", "Owner or tenant?"), T(c, "eigenaar", "owner"))]),
         f'<h2>C. {T(c, "De schade", "The loss")}</h2>']
    loss = [(T(c, "Schadedatum", "Date of loss"), E(dt(c)))]
    if ask_cause:
        f["damage_cause"] = c["cause"]
        loss.append((T(c, "Oorzaak", "Cause"), ticks(rng, HOME_OPTIONS[c["lang"]], c["cause"], style)))
    loss += [(T(c, "Toelichting", "Details"), E(c["desc"])),
             (T(c, "Geschatte hoogte van de schade", "Estimated amount of the loss"), E(amt(c)))]
    b += [rows(loss),
          yes_no_table(c, [(T(c, "Is de politie ingeschakeld?", "Was it reported to the police?"),
                            "yes" if c["cause"] == "burglary" else "na"),
                           (T(c, "Is de schade al (voorlopig) hersteld?", "Have emergency repairs been made?"),
                            rng.choice(["yes", "no"])),
                           (T(c, "Is er ook schade aan andermans eigendom?", "Is anyone else's property damaged?"), "no")]),
          f'<h2>D. {T(c, "Hersteller / aannemer", "Repairer / contractor")}</h2>',
          rows([(T(c, "Naam bedrijf", "Company name"), E(con["name"])), (T(c, "Adres", "Address"), E(con["addr"])),
                (T(c, "Telefoon", "Phone"), E(con["phone"]))]),
          f'<h2>E. {T(c, "Uitbetaling", "Payment")}</h2>',
          rows([(T(c, "Rekeningnummer (IBAN)", "Account number (IBAN)"), E(c["iban"])),
                (T(c, "Ten name van", "Account holder"), E(c["name"]))]),
          f'<p>{T(c, "Datum ondertekening", "Date signed")}: {E(dt(c, 4))}</p>']
    foot = f'{E(c["insurer"])} · {E(c["ins_addr"])} · {T(c, "tel.", "tel.")} {E(c["ins_phone"])}'
    return page("".join(b), foot), f, f"w6_home_ticks_{style}" if ask_cause else "w6_home_nocause"


def two_col_doc(rng, c, kind):
    """Quote or invoice: customer's block on the left and the issuer's on the right on the same lines,
    lines, subtotal, VAT, total; on an invoice the deductible and what the insurer pays below the total."""
    motor = c["ct"] == "motor_claim"
    iss = biz6(rng, "garage" if motor else "contractor")
    inv = kind == "invoice"
    f = {"claimant_name": c["name"], "damage_amount": None}
    # lines
    n = rng.randint(2, 4)
    parts = [round(rng.uniform(0.1, 1.0), 2) for _ in range(n)]
    s = sum(parts)
    net = round(c["amount"] / 1.21, 2)
    lines = [round(net * p / s, 2) for p in parts]
    lines[-1] = round(net - sum(lines[:-1]), 2)
    vat = round(c["amount"] - net, 2)
    items_m = {"nl": ["Achterbumper spuiten", "Uitdeuken en spuiten portier", "Onderdelen", "Arbeid carrosserie",
                      "Kleine materialen", "Uitlijnen"],
               "en": ["Respray rear bumper", "Panel beating, door", "Parts", "Labour (body shop)", "Consumables",
                      "Wheel alignment"]}
    items_h = {"nl": ["Sloopwerk en afvoer", "Stucwerk plafond", "Schilderwerk", "Materiaal", "Arbeid",
                      "Drogen met bouwdroger"],
               "en": ["Strip out and disposal", "Re-plaster ceiling", "Decorating", "Materials", "Labour",
                      "Drying equipment hire"]}
    names = rng.sample((items_m if motor else items_h)[c["lang"]], n)
    who = [E(c["name"]), E(c["street"]), E(f'{c["pc"]} {c["town"]}')]
    if rng.random() < 0.5:
        who.append(f'{T(c, "Tel.", "Tel.")} {E(c["phone"])}')
        f["claimant_phone"] = c["phone"]
    me = [f"<b>{E(iss['name'])}</b>", E(iss["street"]), E(iss["pctown"]), f"{T(c, 'Tel.', 'Tel.')} {E(iss['phone'])}",
          E(iss["email"]), f"KvK {iss['kvk']} · {T(c, 'BTW', 'VAT')} {iss['vat']}"]
    while len(who) < len(me):
        who.append("")
    left_first = rng.random() < 0.6
    block = ['<table border="0" cellpadding="1" cellspacing="0" width="100%">']
    for a, b_ in zip(who, me):
        l, r = (a, b_) if left_first else (b_, a)
        block.append(f'<tr><td width="55%">{l}</td><td width="45%">{r}</td></tr>')
    block.append("</table>")
    title = T(c, "FACTUUR" if inv else "OFFERTE", "INVOICE" if inv else "QUOTATION")
    meta = [(T(c, "Factuurnummer" if inv else "Offertenummer", "Invoice no." if inv else "Quote no."),
             f"{rng.randint(2025000, 2026999)}"),
            (T(c, "Datum", "Date"), E(dt(c, rng.randint(5, 20), 0)))]
    if rng.random() < 0.6:
        meta.append((T(c, "Schadedatum", "Date of damage"), E(dt(c))))
        f["incident_date"] = dt(c)
    if rng.random() < 0.5:
        meta.append((T(c, "Polisnummer", "Policy number"), E(c["policy"])))
        f["policy_number"] = c["policy"]
    if motor:
        meta.append((T(c, "Kenteken", "Registration"), E(c["plate"])))
        meta.append((T(c, "Voertuig", "Vehicle"), E(c["car"])))
        f["licence_plate"] = c["plate"]
    else:
        if rng.random() < 0.6:
            street, pc, town = address(rng)
            prop = f"{street}, {pc} {town}"
        else:
            prop = addr(c)
        meta.append((T(c, "Werkadres", "Site address"), E(prop)))
        f["property_address"] = prop
    body = ["".join(block), f"<h1>{title}</h1>", rows(meta, border=0, widths=(30, 70)),
            '<table border="1" cellpadding="3" cellspacing="0" width="100%">',
            f'<tr><td width="55%"><b>{T(c, "Omschrijving", "Description")}</b></td><td width="10%"><b>{T(c, "Aantal", "Qty")}</b></td>'
            f'<td width="17%"><b>{T(c, "Prijs", "Unit price")}</b></td><td width="18%"><b>{T(c, "Bedrag", "Amount")}</b></td></tr>']
    for nm, x in zip(names, lines):
        body.append(f"<tr><td>{E(nm)}</td><td>1</td><td>{E(amt(c, x))}</td><td>{E(amt(c, x))}</td></tr>")
    body.append("</table>")
    total = amt(c)
    f["damage_amount"] = total
    tot = [(T(c, "Subtotaal", "Subtotal"), E(amt(c, net))), (T(c, "BTW 21%", "VAT 21%"), E(amt(c, vat))),
           (f'<b>{T(c, "Totaal incl. BTW", "Total incl. VAT")}</b>', f"<b>{E(total)}</b>")]
    if inv and rng.random() < 0.7:
        own = rng.choice([150, 250, 300])
        tot += [(T(c, "Eigen risico (voor rekening klant)", "Excess (payable by the customer)"), E(amt(c, own))),
                (T(c, "Te voldoen door verzekeraar", "Payable by the insurer"), E(amt(c, c["amount"] - own)))]
    body.append('<table border="0" cellpadding="2" cellspacing="0" width="100%">')
    for k, v in tot:
        body.append(f'<tr><td width="60%"></td><td width="22%">{k}</td><td width="18%">{v}</td></tr>')
    body.append("</table>")
    if inv:
        body.append(f'<p>{T(c, "Wij verzoeken u het bedrag binnen 30 dagen over te maken op", "Please pay within 30 days to")} '
                    f'{E(iss["iban"])} {T(c, "t.n.v.", "in the name of")} {E(iss["name"])}.</p>')
    else:
        body.append(f'<p>{T(c, "Deze offerte is 30 dagen geldig.", "This quotation is valid for 30 days.")}</p>')
    foot = f'{E(iss["name"])} · IBAN {E(iss["iban"])} · KvK {iss["kvk"]}'
    return page("".join(body), foot), f, f"w6_{'invoice' if inv else 'quote'}_2col"


def letter_prose(rng, c, name_kind):
    """The claimant's letter: the account as prose, the partner's and the garage's or contractor's
    phones beside the claimant's; the kind named in the claimant's own words or not at all."""
    motor = c["ct"] == "motor_claim"
    other = biz6(rng, "garage" if motor else "contractor")
    f = {"claimant_name": c["name"], "claimant_phone": c["phone"], "policy_number": c["policy"],
         "incident_date": dt(c), "incident_description": c["desc"]}
    head = (f'<p>{E(c["name"])}<br/>{E(c["street"])}<br/>{E(c["pc"])} {E(c["town"])}<br/>'
            f'{T(c, "Tel.", "Tel.")} {E(c["phone"])}</p>'
            f'<p>{E(c["insurer"])}<br/>{T(c, "Afdeling Schade", "Claims Department")}<br/>{E(c["ins_addr"])}</p>'
            f'<p>{E(c["town"])}, {E(dt(c, 3, 1))}</p>'
            f'<p><b>{T(c, "Betreft", "Re")}: {T(c, "schademelding, polis", "claim under policy")} {E(c["policy"])}</b></p>'
            f'<p>{T(c, "Geachte heer, mevrouw,", "Dear Sir or Madam,")}</p>')
    p = []
    if motor:
        f["licence_plate"] = c["plate"]
        if name_kind:
            f["incident_type"] = c["type"]
            p.append(T(c, f'Hierbij meld ik een {c["type_label"].lower()} met mijn auto met kenteken {c["plate"]}, '
                          f'op {dt(c)} op de {c["loc"]}.',
                       f'I am writing to report a claim for {c["type_label"].lower()} involving my car, registration '
                       f'{c["plate"]}, on {dt(c)} at {c["loc"]}.'))
        else:
            p.append(T(c, f'Op {dt(c)} is mijn auto met kenteken {c["plate"]} beschadigd geraakt op de {c["loc"]}.',
                       f'On {dt(c)} my car, registration {c["plate"]}, was damaged at {c["loc"]}.'))
        f["incident_location"] = c["loc"]
    else:
        street, pc, town = (c["street"], c["pc"], c["town"])
        prop = f"{street}, {pc} {town}"
        f["property_address"] = prop
        if name_kind:
            f["damage_cause"] = c["cause"]
            p.append(T(c, f'Hierbij meld ik {c["cause_words"]} in onze woning aan de {prop}, ontstaan op {dt(c)}.',
                       f'I wish to report {c["cause_words"]} at our home, {prop}, which happened on {dt(c)}.'))
        else:
            p.append(T(c, f'Op {dt(c)} is er schade ontstaan in onze woning aan de {prop}.',
                       f'On {dt(c)} our home at {prop} was damaged.'))
    p.append(E(c["desc"]))
    if motor:
        p.append(T(c, f'De auto staat nu bij {other["name"]} in {other["pctown"].split(" ", 2)[-1]}; u kunt de garage bellen op '
                      f'{other["phone"]} voor een afspraak met de expert.',
                   f'The car is now at {other["name"]}; the garage can be reached on {other["phone"]} to arrange an inspection.'))
    else:
        p.append(T(c, f'{other["name"]} heeft al een offerte gemaakt; zij zijn bereikbaar op {other["phone"]}.',
                   f'{other["name"]} have already quoted for the repair and can be reached on {other["phone"]}.'))
    p.append(T(c, f'De schade bedraagt volgens de offerte {amt(c)}. Ik verzoek u dit bedrag over te maken op rekening {c["iban"]}.',
               f'According to the quote the damage comes to {amt(c)}. Please pay this into account {c["iban"]}.'))
    f["damage_amount"] = amt(c)
    f["iban"] = c["iban"]
    p.append(T(c, f'Overdag ben ik slecht bereikbaar; u kunt dan mijn partner {c["partner"]} bellen op {c["partner_phone"]}.',
               f'During the day I am hard to reach; you can call my partner {c["partner"]} on {c["partner_phone"]}.'))
    body = head + "".join(f"<p>{x}</p>" for x in p) + \
        f'<p>{T(c, "Met vriendelijke groet,", "Yours faithfully,")}</p><p>{E(c["name"])}</p>'
    return page(body), f, "w6_letter_named" if name_kind else "w6_letter_unnamed"


def email_thread(rng, c):
    """E-mail printout: the claimant's answer with the account as prose and a signature, the claims
    handler's earlier message below with a direct line and the insurer's switchboard."""
    motor = c["ct"] == "motor_claim"
    h = rng.choice(HANDLERS)
    hphone = phone6(rng, False)
    claim_no = f"SCH-{rng.randint(100000, 999999)}"
    f = {"claimant_name": c["name"], "claimant_email": c["email"], "claimant_phone": c["phone"],
         "incident_date": dt(c), "incident_description": c["desc"], "policy_number": c["policy"]}
    hdr = (f'<p><b>{T(c, "Van", "From")}:</b> {E(c["name"])} &lt;{E(c["email"])}&gt;<br/>'
           f'<b>{T(c, "Verzonden", "Sent")}:</b> {E(dt(c, 6, 1))} 21:14<br/>'
           f'<b>{T(c, "Aan", "To")}:</b> schade@{"".join(ch for ch in c["insurer"].lower() if ch.isalpha())[:10]}.nl<br/>'
           f'<b>{T(c, "Onderwerp", "Subject")}:</b> RE: {T(c, "uw schademelding", "your claim")} {claim_no}</p>')
    body = [T(c, "Beste meneer/mevrouw " + h.split()[-1] + ",", "Dear " + h + ",")]
    if motor:
        f["licence_plate"] = c["plate"]
        body.append(T(c, f'Zoals gevraagd stuur ik u hierbij wat er gebeurd is. Het was op {dt(c)}, met de {c["car"]} ({c["plate"]}).',
                      f'As requested, here is what happened. It was on {dt(c)}, with my {c["car"]} ({c["plate"]}).'))
    else:
        body.append(T(c, f'Zoals gevraagd stuur ik u hierbij wat er gebeurd is. Het was op {dt(c)}.',
                      f'As requested, here is what happened. It was on {dt(c)}.'))
    body.append(E(c["desc"]))
    body.append(T(c, f'Mijn polisnummer is {c["policy"]}. De foto\'s stuur ik morgen na.',
                  f'My policy number is {c["policy"]}. I will send the photos tomorrow.'))
    sig = (f'{T(c, "Met vriendelijke groet", "Kind regards")},<br/>{E(c["name"])}<br/>'
           f'{T(c, "Mobiel", "Mobile")}: {E(c["phone"])}')
    ask = T(c, "Wilt u in uw eigen woorden beschrijven hoe de schade is ontstaan? Bellen mag ook: mijn directe nummer is",
            "Could you describe in your own words how the damage came about? You may also call me on my direct line")
    quoted = (f'<p>-----{T(c, "Oorspronkelijk bericht", "Original message")}-----<br/>'
              f'<b>{T(c, "Van", "From")}:</b> {E(h)} ({E(c["insurer"])})<br/>'
              f'<b>{T(c, "Onderwerp", "Subject")}:</b> {T(c, "uw schademelding", "your claim")} {claim_no}</p>'
              f'<p>{ask} {E(hphone)}.</p><p>{E(h)}<br/>{T(c, "Schadebehandelaar", "Claims handler")}<br/>{E(c["insurer"])} | '
              f'{T(c, "Algemeen", "Switchboard")} {E(c["ins_phone"])}</p>')
    return page(hdr + "".join(f"<p>{x}</p>" for x in body) + f"<p>{sig}</p>" + quoted), f, "w6_email_thread"


def broker_form(rng, c):
    """A broker's claim notification: the broker's letterhead and phone, a relation number, the client's
    details, questions answered with an X in ja/nee columns, the kind given by the chosen word in bold
    or by an X in a column of a table of kinds."""
    br = biz6(rng, "broker")
    motor = c["ct"] == "motor_claim"
    f = {"claimant_name": c["name"], "claimant_phone": c["phone"], "claimant_email": c["email"],
         "policy_number": c["policy"], "incident_date": dt(c), "incident_description": c["desc"],
         "damage_amount": amt(c), "iban": c["iban"]}
    b = [f'<p><b>{E(br["name"])}</b> – {T(c, "uw onafhankelijk adviseur", "your independent adviser")}<br/>'
         f'<span class="small">{E(br["addr"])} · T {E(br["phone"])} · {E(br["email"])}</span></p>',
         f'<h1>{T(c, "Schademelding via uw adviseur", "Claim notification via your broker")}</h1>',
         rows([(T(c, "Relatienummer", "Client number"), str(rng.randint(10000, 99999))),
               (T(c, "Maatschappij", "Insurer"), E(c["insurer"])),
               (T(c, "Polisnummer", "Policy number"), E(c["policy"]))]),
         f'<h2>{T(c, "Klantgegevens", "Client details")}</h2>',
         rows([(T(c, "Naam", "Name"), E(c["name"])), (T(c, "Adres", "Address"), E(addr(c))),
               (T(c, "Tel. (mobiel)", "Mobile"), E(c["phone"])), (T(c, "E-mail", "E-mail"), E(c["email"])),
               (T(c, "IBAN", "IBAN"), E(c["iban"]))]),
         f'<h2>{T(c, "Schadegegevens", "Claim details")}</h2>']
    opts = MOTOR_OPTIONS[c["lang"]] if motor else HOME_OPTIONS[c["lang"]]
    chosen = c["type"] if motor else c["cause"]
    det = [(T(c, "Datum schade", "Date of loss"), E(dt(c)))]
    if motor:
        det += [(T(c, "Kenteken", "Registration"), E(c["plate"])), (T(c, "Locatie", "Location"), E(c["loc"]))]
        f.update(licence_plate=c["plate"], incident_location=c["loc"], incident_type=c["type"])
    else:
        det.append((T(c, "Risicoadres", "Risk address"), E(addr(c))))
        f.update(property_address=addr(c), damage_cause=c["cause"])
    column = rng.random() < 0.5
    if not column:
        det.append((T(c, "Aard van de schade", "Nature of the loss"), ticks(rng, opts, chosen, "bold")))
    det += [(T(c, "Korte omschrijving", "Brief description"), E(c["desc"])),
            (T(c, "Schadebedrag (indicatie)", "Amount claimed (estimate)"), E(amt(c)))]
    b.append(rows(det))
    if column:
        b.append(f'<p><b>{T(c, "Aard van de schade", "Nature of the loss")}</b></p>')
        b.append('<table border="1" cellpadding="3" cellspacing="0" width="100%">')
        for oid, label in opts:
            b.append(f'<tr><td width="85%">{E(label)}</td><td width="15%">{"X" if oid == chosen else ""}</td></tr>')
        b.append("</table>")
    qs = [(T(c, "Is er een derde bij de schade betrokken?", "Is a third party involved?"),
           "yes" if motor and c["cp"] else "no"),
          (T(c, "Aangifte gedaan bij de politie?", "Reported to the police?"), rng.choice(["yes", "no", "na"]))]
    if motor:
        f["counterparty_involved"] = "yes" if c["cp"] else "no"
    b.append(f'<h2>{T(c, "Vragen", "Questions")}</h2>')
    b.append(yes_no_table(c, qs))
    b.append(f'<p>{T(c, "Ingevuld door", "Completed by")}: {E(person(rng, c["lang"]))}, {E(br["name"])}, '
             f'{T(c, "tel.", "tel.")} {E(br["phone"])}</p>')
    layout = "w6_broker_column" if column else "w6_broker_bold"
    return page("".join(b), f'{E(br["name"])} · AFM {rng.randint(12000000, 12099999)}'), f, layout


PLAN = [("motor_claim", "ticks", 5), ("motor_claim", "plain", 3), ("home_damage", "ticks", 4),
        ("home_damage", "nocause", 1), ("motor_claim", "quote", 2), ("home_damage", "quote", 2),
        ("motor_claim", "invoice", 2), ("home_damage", "invoice", 2), ("motor_claim", "letter_named", 1),
        ("motor_claim", "letter_unnamed", 2), ("home_damage", "letter_named", 1), ("home_damage", "letter_unnamed", 1),
        ("motor_claim", "email", 2), ("home_damage", "email", 1), ("motor_claim", "broker", 2), ("home_damage", "broker", 2)]


def build(rng, c, what):
    if what == "ticks":
        return (motor_form_ticks(rng, c) if c["ct"] == "motor_claim" else home_form_ticks(rng, c)), "claim_form"
    if what == "nocause":
        return home_form_ticks(rng, c, ask_cause=False), "claim_form"
    if what == "plain":
        return motor_form_plain(rng, c), "claim_form"
    if what in ("quote", "invoice"):
        kind = "repair_quote" if what == "quote" else "invoice"
        return two_col_doc(rng, c, kind), kind
    if what.startswith("letter"):
        return letter_prose(rng, c, what == "letter_named"), "letter"
    if what == "email":
        return email_thread(rng, c), "email"
    return broker_form(rng, c), "claim_form"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=20261211)
    ap.add_argument("--out", default=str(ROOT / "tests/corpus/dev"))
    args = ap.parse_args()
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        sys.exit("needs LibreOffice Writer (apt-get install libreoffice-writer-nogui)")
    rng = random.Random(args.seed)
    out = Path(args.out)
    truth = out / "truth.jsonl"
    kept = [l for l in truth.read_text().splitlines() if l.strip() and not json.loads(l)["layout"].startswith("w6_")]
    for old in (out / "docs").glob("dev-03[1-4]?-libreoffice-*.pdf"):
        old.unlink()
    records = []
    n = FIRST
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for ct, what, count in PLAN:
            for _i in range(count):
                lang = "en" if n % 5 in (1, 3) else "nl"
                c = make_case(rng, ct, lang)
                (doc, facts, layout), kind = build(rng, c, what)
                stem = f"dev-{n:04d}-libreoffice-{kind}-{lang}"
                (tmp / f"{stem}.html").write_text(doc, encoding="utf-8")
                records.append({"file": f"docs/{stem}.pdf", "case_type": ct, "kind": kind, "producer": "libreoffice",
                                "layout": layout, "language": lang, "variant": "born_digital", "source": None,
                                "facts": dict(sorted((k, v) for k, v in facts.items() if v is not None))})
                n += 1
        htmls = sorted(str(p) for p in tmp.glob("*.html"))
        subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp}/profile",
                        "--infilter=HTML (StarWriter)",
                        "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(out / "docs")] + htmls,
                       check=True, capture_output=True)
    for r in records:
        if not (out / r["file"]).exists():
            sys.exit(f"soffice wrote no {r['file']}")
    truth.write_text("\n".join(kept + [json.dumps(r, ensure_ascii=False) for r in records]) + "\n")
    print(f"wrote {len(records)} documents")


if __name__ == "__main__":
    main()
