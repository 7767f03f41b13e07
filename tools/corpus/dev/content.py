"""Cases (the claim's ground truth plus distractors) and wording banks for the dev corpus."""
import datetime as dt

import fmt

# ---------------------------------------------------------------- wording banks (labels)
# Written from how Dutch insurers, garages, contractors and claimants word things; several variants
# each, picked at random per document.
LABELS = {
    "nl": {
        "name": ["Naam", "Naam verzekeringnemer", "Naam en voorletters", "Verzekeringnemer", "Uw naam",
                 "Naam verzekerde", "Voorletters en achternaam", "Naam melder", "Aanvrager", "Naam (+ voorletters)"],
        "email": ["E-mail", "E-mailadres", "E-mail adres", "Uw e-mailadres", "Email", "E-mailadres voor correspondentie",
                  "E-mail (privé)"],
        "phone": ["Telefoon", "Tel.", "Telefoonnummer", "Tel. nr.", "Mobiel", "Telefoonnr. overdag", "Bereikbaar op",
                  "Mobiel nummer", "Tel.nr."],
        "policy": ["Polisnummer", "Polis nr.", "Polisnr.", "Uw polisnummer", "Nummer van de polis", "Polis",
                   "Polisnummer autoverzekering", "Verzekeringsnummer", "Polis-nr"],
        "policy_home": ["Polisnummer", "Polis nr.", "Polisnr.", "Uw polisnummer", "Polisnummer woonverzekering",
                        "Nummer inboedel-/opstalpolis", "Verzekeringsnummer", "Polis"],
        "plate": ["Kenteken", "Kenteken van uw auto", "Kentekennummer", "Kenteken voertuig", "Registratienummer",
                  "Kent.", "Kenteken (NL)", "Kenteken auto"],
        "date": ["Schadedatum", "Datum schadevoorval", "Datum van het ongeval", "Wanneer is de schade ontstaan?",
                 "Datum ongeval", "Datum voorval", "Datum gebeurtenis", "Op welke datum gebeurde het?", "Datum schade"],
        "date_home": ["Schadedatum", "Datum schadevoorval", "Datum van de schade", "Wanneer is de schade ontstaan?",
                      "Datum ontstaan schade", "Datum voorval", "Datum gebeurtenis", "Datum ontdekking schade"],
        "time": ["Tijdstip", "Tijd", "Hoe laat?", "Omstreeks (tijd)", "Uur"],
        "location": ["Plaats", "Plaats van het ongeval", "Waar is het gebeurd?", "Locatie", "Plaats ongeval",
                     "Plaats voorval (straat, plaats)", "Adres / plaats van de schade", "Waar gebeurde het ongeval?"],
        "itype": ["Soort schade", "Wat voor schade is het?", "Aard van de schade", "Type ongeval",
                  "Om wat voor gebeurtenis gaat het?"],
        "cause": ["Oorzaak van de schade", "Wat is de oorzaak?", "Soort schade", "Schadeoorzaak",
                  "Hoe is de schade ontstaan? (oorzaak)"],
        "desc": ["Omschrijving", "Toedracht", "Hoe is de schade ontstaan?", "Omschrijving van het ongeval",
                 "Beschrijf zo nauwkeurig mogelijk wat er is gebeurd", "Korte omschrijving toedracht",
                 "Wat is er gebeurd?", "Toedracht van het ongeval"],
        "desc_home": ["Omschrijving", "Toedracht", "Hoe is de schade ontstaan?", "Omschrijving van de schade",
                      "Beschrijf zo nauwkeurig mogelijk wat er is gebeurd", "Wat is er gebeurd?",
                      "Omschrijving gebeurtenis"],
        "cp_q": ["Is er een tegenpartij?", "Was er een ander voertuig bij betrokken?", "Tegenpartij betrokken",
                 "Is er een andere partij betrokken?", "Tegenpartij aanwezig"],
        "cp_plate": ["Kenteken tegenpartij", "Kenteken andere voertuig", "Kenteken wederpartij", "Kenteken",
                     "Kenteken voertuig tegenpartij"],
        "amount": ["Geschatte schade", "Hoogte van de schade", "Schadebedrag", "Bedrag", "Geclaimd bedrag",
                   "Geschat schadebedrag", "Hoe hoog is de schade ongeveer?", "Totaalbedrag schade",
                   "Schade (indicatie)"],
        "iban": ["IBAN", "Rekeningnummer", "Rekeningnr.", "Bankrekening (IBAN)",
                 "Op welk rekeningnummer wilt u de uitkering ontvangen?", "IBAN-nummer", "Uitbetalen op rekening",
                 "Bankrekeningnummer"],
        "address": ["Adres", "Straat en huisnummer", "Woonadres"],
        "property": ["Risicoadres", "Adres van de woning", "Adres verzekerde woning", "Adres schadelocatie",
                     "Waar is de schade ontstaan? (adres)", "Adres van het verzekerde object", "Schadeadres"],
        "birth": ["Geboortedatum", "Geb. datum", "Geboren op"],
    },
    "en": {
        "name": ["Name", "Full name", "Policyholder", "Name of policyholder", "Your name", "Insured",
                 "Name of insured", "Claimant", "Surname and initials"],
        "email": ["Email", "E-mail address", "Email address", "Your email", "E-mail"],
        "phone": ["Phone", "Tel.", "Telephone number", "Mobile", "Contact number", "Daytime phone", "Phone no.",
                  "Mobile no."],
        "policy": ["Policy number", "Policy no.", "Policy No", "Your policy number", "Policy ref.",
                   "Insurance policy number", "Policy #", "Motor policy no."],
        "policy_home": ["Policy number", "Policy no.", "Your policy number", "Home insurance policy no.",
                        "Policy ref.", "Policy #"],
        "plate": ["Registration", "Reg. no.", "Licence plate", "Registration number", "Number plate",
                  "Vehicle registration", "Plate no.", "License plate"],
        "date": ["Date of the accident", "Date of loss", "When did it happen?", "Accident date", "Date of incident",
                 "Date of damage", "Incident date", "Date the accident happened"],
        "date_home": ["Date of loss", "Date of damage", "When did the damage occur?", "Date of incident",
                      "Date damage occurred", "Date discovered"],
        "time": ["Time", "Approx. time", "At what time?"],
        "location": ["Place of accident", "Location", "Where did it happen?", "Accident location",
                     "Location of incident", "Place", "Where did the accident take place?"],
        "itype": ["Type of claim", "What kind of damage?", "Nature of the incident", "Type of accident"],
        "cause": ["Cause of damage", "What caused the damage?", "Type of loss", "Cause of loss"],
        "desc": ["Description", "Circumstances", "What happened?", "Describe the accident",
                 "Please describe in detail how the accident happened", "Details of the incident",
                 "Account of the accident"],
        "desc_home": ["Description", "What happened?", "How did the damage occur?", "Details of the loss",
                      "Please describe what happened", "Circumstances"],
        "cp_q": ["Was another party involved?", "Other vehicle involved?", "Third party involved",
                 "Was anyone else involved?"],
        "cp_plate": ["Other vehicle registration", "Third party reg. no.", "Registration", "Other party's plate"],
        "amount": ["Estimated damage", "Amount claimed", "Estimated cost of repair", "Claim amount",
                   "How much is the damage?", "Total amount claimed", "Estimated amount"],
        "iban": ["IBAN", "Bank account (IBAN)", "Account number", "Bank account number",
                 "Which account should we pay into?", "IBAN for payment", "Pay to account"],
        "address": ["Address", "Home address", "Postal address"],
        "property": ["Risk address", "Address of the property", "Insured address", "Property address",
                     "Address where the damage occurred", "Location of property"],
        "birth": ["Date of birth", "DOB", "Born"],
    },
}

ITYPE_OPTS = {
    "nl": [("collision", ["Aanrijding met ander voertuig", "Botsing met een ander voertuig", "Aanrijding"]),
           ("parking_damage", ["Parkeerschade", "Schade aan geparkeerde auto", "Parkeer-/schrampschade"]),
           ("single_vehicle", ["Eenzijdig ongeval", "Schade zonder tegenpartij", "Eigen schuld, geen tegenpartij"]),
           ("vandalism", ["Vandalisme", "Vandalisme / baldadigheid", "Moedwillige beschadiging"]),
           ("storm_or_hail", ["Storm- of hagelschade", "Hagel / storm", "Natuurgeweld (storm, hagel)"]),
           ("other", ["Anders", "Overig", "Anders, nl."])],
    "en": [("collision", ["Collision with another vehicle", "Collision", "Crash with other vehicle"]),
           ("parking_damage", ["Damage while parked", "Parking damage", "Hit while parked"]),
           ("single_vehicle", ["Single-vehicle accident", "No other party involved", "Own vehicle only"]),
           ("vandalism", ["Vandalism", "Malicious damage", "Vandalism / deliberate damage"]),
           ("storm_or_hail", ["Storm or hail", "Hail / storm damage", "Weather (storm, hail)"]),
           ("other", ["Other", "Something else", "Other (please specify)"])],
}
CAUSE_OPTS = {
    "nl": [("water", ["Waterschade / lekkage", "Lekkage", "Water (leiding, lekkage)"]),
           ("storm", ["Stormschade", "Storm", "Storm / windschade"]),
           ("fire", ["Brand", "Brand / schroeischade", "Brand- of rookschade"]),
           ("burglary", ["Inbraak", "Inbraak / diefstal", "Diefstal na inbraak"]),
           ("other", ["Overig", "Anders", "Andere oorzaak"])],
    "en": [("water", ["Escape of water / leak", "Water damage", "Leak"]),
           ("storm", ["Storm", "Storm damage", "Wind / storm"]),
           ("fire", ["Fire", "Fire / smoke", "Fire or smoke damage"]),
           ("burglary", ["Burglary", "Burglary / theft", "Break-in"]),
           ("other", ["Other", "Other cause", "Something else"])],
}

INSURERS = [("Lindeveld Verzekeringen", "lindeveld.nl"), ("Polderzeker N.V.", "polderzeker.nl"),
            ("Nieuwe Hanze Schadeverzekering", "nieuwehanze.nl"), ("De Zeeuwse Onderlinge", "zeeuwse-onderlinge.nl"),
            ("Veluwse Verzekeraars", "veluwseverzekeraars.nl"), ("Rijnmond Assuradeuren", "rijnmond-assuradeuren.nl"),
            ("Unitas Schade", "unitasschade.nl"), ("Kempen Verzekeringen", "kempenverzekeringen.nl"),
            ("Hollandia Direct", "hollandiadirect.nl"), ("Waddenpolis", "waddenpolis.nl"),
            ("Maasdelta Verzekeringen", "maasdelta.nl"), ("Brabantse Onderlinge", "brabantse-onderlinge.nl")]
GARAGES = ["Autobedrijf Van Dam", "Garage De Kruisweg B.V.", "Schadeherstel Midden-Nederland",
           "Carrosseriebedrijf Hoogland", "Autoschade Bos & Zn.", "Autoservice Zuidwijk", "Schadebedrijf De Waard",
           "Schadeherstel Jansen B.V.", "Autoschadebedrijf Rietveld", "Garage Oosterhout", "Autoschade Centrum Eemland"]
CONTRACTORS = {
    "water": ["Loodgietersbedrijf Van Rijn", "Installatiebedrijf Smeets", "Loodgieter- en Installatiebedrijf Kamps",
              "Saneringsbedrijf DroogTech"],
    "storm": ["Dakdekkersbedrijf Hoogendoorn", "Dakwerken Veenstra", "Timmer- en Dakbedrijf Oosterhuis"],
    "fire": ["Brandherstel Nederland B.V.", "Aannemersbedrijf Gebr. Kuipers", "Bouwbedrijf De Rooij"],
    "burglary": ["Timmerbedrijf Oosterhuis", "Glashandel Vermeer", "Hang- en Sluitwerk Bakker"],
    "other": ["Aannemersbedrijf Gebr. Kuipers", "Klusbedrijf Van Ommen", "Glashandel Vermeer"],
}
EXPERTS = ["Expertisebureau Van Houten", "Schade-Expertise Noord B.V.", "Autoschade Expertise Centrum",
           "Taxatiebureau Rijnland", "Expertisebureau Lindhout & Partners", "Bureau Schade-Inzicht",
           "Expertise Oost B.V.", "Noordzee Schade-expertise"]


def person(rng):
    female = rng.random() < 0.5
    first = rng.choice(fmt.FIRST_F if female else fmt.FIRST_M)
    tv, sur = rng.choice(fmt.SURNAMES)
    last = (tv + " " if tv else "") + sur
    init = first[0] + "."
    if rng.random() < 0.3:
        init += rng.choice("ACEHJMPW") + "."
    full = first + " " + last
    form = rng.random()
    written = full if form < 0.55 else init + " " + last
    return {"first": first, "tv": tv, "sur": sur, "last": last, "full": full, "written": written,
            "female": female, "init": init,
            "nl_title": "mevrouw" if female else "de heer", "nl_abbr": "Mevr." if female else "Dhr.",
            "en_title": "Mrs" if female else "Mr",
            "surname_cap": (tv[0].upper() + tv[1:] + " " if tv else "") + sur}


def email_for(rng, p):
    first = p["first"].lower()
    last = (p["tv"] + p["sur"]).lower().replace(" ", "")
    local = rng.choice([first + "." + last, first[0] + last, first + last + str(rng.randint(60, 99)),
                        last + "." + first, first + "_" + last, first[0] + "." + last])
    local = local.replace("ë", "e").replace("é", "e")
    return local + "@" + rng.choice(["gmail.com", "hotmail.com", "outlook.com", "ziggo.nl", "kpnmail.nl",
                                     "xs4all.nl", "live.nl", "icloud.com", "planet.nl", "home.nl"])


def address(rng):
    city, base, area = rng.choice(fmt.CITIES)
    nr = str(rng.randint(1, 180))
    if rng.random() < 0.15:
        nr += rng.choice(["a", "b", "-bis", " A", "-2"])
    street = rng.choice(fmt.STREETS)
    pc = fmt.postcode(rng, base)
    return {"street": street, "nr": nr, "pc": pc, "city": city, "area": area,
            "line1": "%s %s" % (street, nr), "line2": "%s %s" % (pc, city),
            "oneline": "%s %s, %s %s" % (street, nr, pc, city)}


def rand_date(rng, start=dt.date(2023, 1, 10), end=dt.date(2026, 10, 20)):
    return start + dt.timedelta(days=rng.randint(0, (end - start).days))


def company(rng, name, kind):
    a = address(rng)
    words = [w for w in name.lower().replace("&", " ").split() if w not in ("b.v.", "zn.", "gebr.", "n.v.")]
    core = [w for w in words if not any(w.startswith(x) for x in ("loodgieter", "installatie", "dakdekker", "aannemer",
                                                                     "bouwbedrijf", "timmer", "schilders", "autobedrijf",
                                                                     "garage", "expertisebureau", "bureau", "carrosserie",
                                                                     "autoschade", "schadebedrijf", "autoservice",
                                                                     "saneringsbedrijf", "hang-", "glashandel", "dakwerken",
                                                                     "klusbedrijf", "taxatiebureau", "en", "en-"))] or words
    slug = "".join(ch for ch in "".join(core) if ch.isalnum())[:24]
    if len(slug) < 5:
        slug = "".join(ch for ch in "".join(words) if ch.isalnum())[:24]
    return {"name": name, "addr": a, "phone": fmt.phone(rng, a["area"], mobile=False),
            "email": rng.choice(["info@", "schade@", "administratie@", "offerte@"]) + slug + ".nl",
            "web": "www." + slug + ".nl", "iban": fmt.iban(rng, "NL"),
            "kvk": "%08d" % rng.randint(10000000, 99999999),
            "btw": "NL%09dB%02d" % (rng.randint(100000000, 999999999), rng.randint(1, 19))}


# ---------------------------------------------------------------- descriptions

def motor_story(rng, lang, itype, a, cp_name):
    city = a["city"]
    s1, s2 = rng.sample(fmt.STREETS, 2)
    hw = rng.choice(fmt.HIGHWAYS)
    shop = rng.choice(fmt.SHOPS)
    other = rng.choice([c[0] for c in fmt.CITIES if c[0] != city])
    if lang == "nl":
        if itype == "collision":
            loc = rng.choice(["kruising %s / %s, %s" % (s1, s2, city),
                              "%s richting %s, ter hoogte van afrit %d" % (hw, other, rng.randint(3, 30)),
                              "rotonde %s, %s" % (s1, city), "%s %d, %s" % (s1, rng.randint(1, 120), city)])
            desc = rng.choice([
                "Ik reed op de %s en wilde rechtdoor. De tegenpartij kwam van rechts en verleende geen voorrang, waardoor hij tegen mijn rechterportier reed." % s1,
                "Ik stond stil voor het rode verkeerslicht toen de bestuurder achter mij niet op tijd remde en achterop mijn auto reed. Mijn achterbumper en achterklep zijn ingedeukt.",
                "In de file reed het voertuig voor mij plotseling achteruit en raakte mijn voorbumper en koplamp. De bestuurder heeft de schuld erkend.",
                "Bij het wisselen van rijstrook werd ik geraakt door een auto die van links invoegde. De linkerzijkant van mijn auto is beschadigd.",
                "Op de rotonde werd ik van opzij aangereden door een bestelbus die geen voorrang gaf. Er zijn geen gewonden."])
        elif itype == "parking_damage":
            loc = rng.choice(["parkeerplaats %s, %s, %s" % (shop, s1, city), "parkeergarage Centrum, %s" % city,
                              "voor de deur, %s %s" % (a["street"], a["nr"])])
            desc = rng.choice([
                "Mijn auto stond geparkeerd. Toen ik na ongeveer een uur terugkwam zat er een flinke deuk met krassen in het linkerachterportier. Er was geen briefje achtergelaten.",
                "Tijdens het boodschappen doen is mijn geparkeerde auto aangereden. De voorbumper is gescheurd en de mistlamp is kapot. De dader is onbekend.",
                "'s Ochtends ontdekte ik dat de rechterspiegel van mijn geparkeerde auto was afgereden en het spatbord was ingedeukt."])
        elif itype == "single_vehicle":
            loc = rng.choice(["%s, %s" % (s1, city), "oprit van mijn woning, %s" % city,
                              "%s tussen %s en %s" % (rng.choice(fmt.HIGHWAYS[-3:]), city, other)])
            desc = rng.choice([
                "Bij het achteruit inparkeren heb ik een paaltje over het hoofd gezien. De achterbumper en de parkeersensor zijn beschadigd.",
                "Door gladheid raakte ik in de bocht van de weg en kwam ik tegen een boom tot stilstand. De voorkant van de auto is zwaar beschadigd.",
                "Ik moest uitwijken voor een overstekende ree en ben daarbij tegen de vangrail gekomen."])
        elif itype == "vandalism":
            loc = rng.choice(["voor de deur, %s %s, %s" % (a["street"], a["nr"], city), "%s, %s" % (s1, city)])
            desc = rng.choice([
                "In de nacht is mijn auto aan beide zijden bekrast en is de buitenspiegel eraf getrapt. Ik heb aangifte gedaan bij de politie.",
                "Onbekenden hebben de achterruit ingegooid en twee banden lek gestoken. Er is aangifte gedaan."])
        elif itype == "storm_or_hail":
            loc = rng.choice(["%s %s, %s" % (a["street"], a["nr"], city), "parkeerplaats %s, %s" % (shop, city)])
            desc = rng.choice([
                "Tijdens de storm is een grote tak van de boom naast mijn auto afgebroken en op de motorkap en de voorruit gevallen.",
                "Door de zware hagelbui zitten er tientallen deukjes in het dak en de motorkap van mijn auto."])
        else:
            loc = rng.choice(["%s richting %s" % (hw, other), "%s, %s" % (s1, city)])
            desc = rng.choice([
                "Een steen van de vrachtwagen voor mij sprong op en veroorzaakte een grote barst in de voorruit.",
                "Een marter heeft de bedrading onder de motorkap doorgebeten, de auto startte niet meer."])
    else:
        if itype == "collision":
            loc = rng.choice(["junction of %s and %s, %s" % (s1, s2, city),
                              "%s towards %s, near exit %d" % (hw, other, rng.randint(3, 30)),
                              "roundabout %s, %s" % (s1, city), "%s %d, %s" % (s1, rng.randint(1, 120), city)])
            desc = rng.choice([
                "I was driving along %s when the other car came from the right and failed to give way. It hit my right-hand door." % s1,
                "I was waiting at a red light when the driver behind me did not brake in time and ran into the back of my car. The rear bumper and tailgate are dented.",
                "While changing lanes I was hit by a car merging from the left. The left side of my car is damaged.",
                "On the roundabout a delivery van did not give way and hit the side of my car. Nobody was injured."])
        elif itype == "parking_damage":
            loc = rng.choice(["car park of %s, %s, %s" % (shop, s1, city), "multi-storey car park, %s" % city,
                              "in front of my house, %s %s" % (a["street"], a["nr"])])
            desc = rng.choice([
                "My car was parked. When I came back about an hour later there was a large dent with scratches in the rear left door. No note was left.",
                "While I was shopping someone drove into my parked car. The front bumper is torn and the fog light is broken. The culprit is unknown."])
        elif itype == "single_vehicle":
            loc = rng.choice(["%s, %s" % (s1, city), "driveway of my home, %s" % city])
            desc = rng.choice([
                "While reversing into a parking space I did not see a bollard. The rear bumper and parking sensor are damaged.",
                "Because of black ice I lost control in a bend and hit a tree. The front of the car is badly damaged."])
        elif itype == "vandalism":
            loc = rng.choice(["in front of my house, %s %s, %s" % (a["street"], a["nr"], city), "%s, %s" % (s1, city)])
            desc = rng.choice([
                "During the night my car was scratched on both sides and the wing mirror was kicked off. I reported it to the police.",
                "Unknown persons smashed the rear window and slashed two tyres. A police report was filed."])
        elif itype == "storm_or_hail":
            loc = rng.choice(["%s %s, %s" % (a["street"], a["nr"], city), "car park of %s, %s" % (shop, city)])
            desc = rng.choice([
                "During the storm a large branch broke off the tree next to my car and fell on the bonnet and windscreen.",
                "The heavy hailstorm left dozens of small dents in the roof and bonnet of my car."])
        else:
            loc = rng.choice(["%s towards %s" % (hw, other), "%s, %s" % (s1, city)])
            desc = rng.choice([
                "A stone thrown up by the lorry in front of me caused a large crack in the windscreen.",
                "A marten chewed through the wiring under the bonnet and the car would not start."])
    return loc, desc


def home_story(rng, lang, cause):
    if lang == "nl":
        d = {
            "water": ["Door een gesprongen waterleiding in de badkamer op de eerste verdieping is water door het plafond van de woonkamer gelekt. Het plafond, de laminaatvloer en een dressoir zijn beschadigd.",
                      "De afvoer van de wasmachine is losgeschoten terwijl wij niet thuis waren. Het water heeft de vloer van de bijkeuken en de gang onder water gezet.",
                      "Bij de buren boven ons is een leiding gesprongen; het water is via het plafond in onze slaapkamer terechtgekomen. Stucwerk en behang zijn beschadigd."],
            "storm": ["Tijdens de storm zijn ongeveer vijftien dakpannen van het dak gewaaid en is de dakgoot losgeraakt. Daardoor is ook regenwater op zolder gekomen.",
                      "Door de zware windstoten is de schutting in de achtertuin omgewaaid en is een tak door het dakraam van de zolder gevallen."],
            "fire": ["Door kortsluiting in de vaatwasser is brand ontstaan in de keuken. De keukenkastjes en het plafond zijn zwartgeblakerd en de hele benedenverdieping heeft rookschade.",
                     "Een kaars op de vensterbank heeft de gordijnen in brand gezet. De brandweer heeft het vuur geblust; de woonkamer heeft roet- en rookschade."],
            "burglary": ["Terwijl wij op vakantie waren is er ingebroken via de achterdeur. De deur en het kozijn zijn geforceerd; een laptop, sieraden en een televisie zijn weggenomen.",
                         "Inbrekers hebben 's nachts het keukenraam opengebroken. Er is een fiets uit de gang en een spelcomputer gestolen. Het raam en het slot moeten worden vervangen."],
            "other": ["Bij het verplaatsen van een zware kast is deze omgevallen op de glazen schuifpui, die daarbij is gebroken.",
                      "Een vrachtwagen heeft bij het keren de voorgevel en de erfafscheiding geraakt. De bestuurder is doorgereden."],
        }
    else:
        d = {
            "water": ["A water pipe burst in the upstairs bathroom and water leaked through the living room ceiling. The ceiling, the laminate floor and a sideboard are damaged.",
                      "The washing machine hose came loose while we were out and flooded the utility room and hallway."],
            "storm": ["During the storm about fifteen roof tiles were blown off and the gutter came loose. Rainwater got into the attic as a result.",
                      "Strong gusts blew over the garden fence and a branch fell through the attic skylight."],
            "fire": ["A short circuit in the dishwasher started a fire in the kitchen. The cupboards and ceiling are blackened and the whole ground floor has smoke damage.",
                     "A candle on the windowsill set the curtains alight. The fire brigade put out the fire; the living room has soot and smoke damage."],
            "burglary": ["While we were on holiday burglars broke in through the back door. The door and frame were forced; a laptop, jewellery and a television were stolen.",
                         "Burglars forced the kitchen window during the night and stole a bicycle from the hallway and a games console. The window and lock need replacing."],
            "other": ["While moving a heavy wardrobe it fell against the glass sliding door, which broke.",
                      "A lorry hit the front of the house while turning; the driver did not stop."],
        }
    return rng.choice(d[cause])


def make_case(rng, case_type, lang):
    p = person(rng)
    a = address(rng)
    c = {"case_type": case_type, "lang": lang, "p": p, "addr": a,
         "email": email_for(rng, p), "phone": fmt.phone(rng, a["area"]),
         "birth": rand_date(rng, dt.date(1950, 1, 1), dt.date(2003, 12, 31)),
         "policy": fmt.policy_number(rng), "insurer": rng.choice(INSURERS),
         "date": rand_date(rng), "time": "%02d:%02d" % (rng.randint(7, 22), rng.choice([0, 5, 10, 15, 20, 30, 40, 45, 50])),
         "iban": fmt.iban(rng, rng.choices(["NL", "BE", "DE"], [0.84, 0.1, 0.06])[0]),
         "witness": [(person(rng), fmt.phone(rng, address(rng)["area"])) for _ in range(rng.randint(0, 2))],
         "expert": company(rng, rng.choice(EXPERTS), "expert")}
    c["expert"]["person"] = person(rng)
    if case_type == "motor_claim":
        c["itype"] = rng.choices(["collision", "parking_damage", "single_vehicle", "vandalism", "storm_or_hail", "other"],
                                 [0.45, 0.17, 0.14, 0.09, 0.08, 0.07])[0]
        c["plate"] = fmt.plate(rng)
        c["car"] = rng.choice(fmt.CARS)
        c["year"] = rng.randint(2008, 2024)
        c["km"] = rng.randint(8, 240) * 1000 + rng.randint(0, 999)
        cp = None
        if c["itype"] == "collision":
            ins = rng.choice([i for i in INSURERS if i != c["insurer"]])
            cpa = address(rng)
            cp = {"p": person(rng), "addr": cpa, "plate": fmt.plate(rng), "car": rng.choice(fmt.CARS),
                  "insurer": ins, "policy": fmt.policy_number(rng), "phone": fmt.phone(rng, cpa["area"]),
                  "email": None}
            cp["email"] = email_for(rng, cp["p"])
        c["cp"] = cp
        c["loc"], c["desc"] = motor_story(rng, lang, c["itype"], a, cp["p"]["written"] if cp else None)
        c["garage"] = company(rng, rng.choice(GARAGES), "garage")
    else:
        c["cause"] = rng.choices(["water", "storm", "fire", "burglary", "other"], [0.35, 0.25, 0.15, 0.17, 0.08])[0]
        c["desc"] = home_story(rng, lang, c["cause"])
        c["garage"] = company(rng, rng.choice(CONTRACTORS[c["cause"]]), "contractor")
    return c
