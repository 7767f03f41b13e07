"""Invented people, places, companies and incidents for the aside corpus.

All organisations are fictitious.
"""
import datetime as dt
from values import (make_plate, make_iban, make_phone, make_policy, make_ref)

FIRST_NL_M = ["Jan", "Pieter", "Kees", "Bram", "Sander", "Ruud", "Henk", "Joost", "Thijs", "Wouter",
              "Gerrit", "Maarten", "Niels", "Arjen", "Bas", "Dirk", "Hans", "Koen", "Roel", "Stijn"]
FIRST_NL_F = ["Anneke", "Marieke", "Sanne", "Ingrid", "Linda", "Femke", "Petra", "Ellen", "Joke",
              "Marloes", "Esther", "Wilma", "Lotte", "Hanneke", "Karin", "Miriam", "Ilse", "Yvonne"]
SURN_NL = ["de Vries", "Jansen", "van den Berg", "Bakker", "Visser", "Smit", "Meijer", "de Boer",
           "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker",
           "Brouwer", "de Wit", "Dijkstra", "Verhoeven", "van der Heijden", "Kuipers", "Schouten",
           "van Dam", "Postma", "Hoekstra", "Veenstra", "Koster", "Prins", "van Wijk", "Blom",
           "Zwart", "van der Meer", "Timmermans", "Groenewegen", "Lammers", "Wolters", "Driessen",
           "ter Horst", "Nijland", "Oosterhuis", "Spaan", "Kramer", "van Rijn", "Evers"]
FIRST_EN = ["Emma", "James", "Sarah", "Daniel", "Olivia", "Rahul", "Priya", "Tom", "Laura", "Michael",
            "Chloe", "Lukas", "Sofia", "Ben", "Hannah", "Marco", "Aisha", "Oliver"]
SURN_EN = ["Clarke", "Whitfield", "Mehta", "Becker", "O'Neill", "Novak", "Harrington", "Rossi",
           "Kowalski", "Fernandes", "Lindqvist", "Murphy", "Sharma", "Gallagher", "Weber", "Patel"]

STREETS = ["Kerkstraat", "Dorpsstraat", "Molenweg", "Lindenlaan", "Beukenlaan", "Stationsweg",
           "Julianastraat", "Wilhelminalaan", "Prinses Irenestraat", "Kastanjelaan", "Eikenhof",
           "Zonnebloemstraat", "Havenkade", "Parkweg", "Vondellaan", "Rembrandtplein",
           "Burgemeester Visserstraat", "Sweelinckstraat", "Oranjesingel", "Esdoornstraat",
           "Meidoornlaan", "Zeeweg", "Nieuwe Gracht", "Hoofdstraat", "Schoolstraat", "Veldweg"]
CITIES = [("Utrecht", "35"), ("Amersfoort", "38"), ("Haarlem", "20"), ("Zwolle", "80"), ("Leiden", "23"),
          ("Apeldoorn", "73"), ("Breda", "48"), ("Tilburg", "50"), ("Groningen", "97"), ("Deventer", "74"),
          ("Gouda", "28"), ("Alkmaar", "18"), ("Delft", "26"), ("Nijmegen", "65"), ("Eindhoven", "56"),
          ("Hoorn", "16"), ("Veenendaal", "39"), ("Hilversum", "12"), ("Den Bosch", "52"),
          ("Leeuwarden", "89"), ("Enschede", "75"), ("Zeist", "37"), ("Purmerend", "14"), ("Assen", "94")]
PC_LET = "ABCDEGHJKLMNPRSTVWXZ"

EMAIL_DOM = ["ziggo.nl", "kpnmail.nl", "gmail.com", "hotmail.com", "outlook.com", "xs4all.nl",
             "planet.nl", "live.nl", "icloud.com", "hetnet.nl", "proton.me", "caiway.nl"]


def make_address(r, city=None):
    c, pc = city or r.choice(CITIES)
    num = str(r.randint(1, 212))
    if r.random() < 0.2:
        num += r.choice(["a", "b", "-2", " A", "bis", "-hs"])
    postcode = "%s%02d %s%s" % (pc, r.randint(10, 99), r.choice(PC_LET), r.choice(PC_LET))
    return {"street": r.choice(STREETS), "num": num, "pc": postcode, "city": c}


def make_person(r, english=False):
    if english:
        first, last = r.choice(FIRST_EN), r.choice(SURN_EN)
        female = first in ("Emma", "Sarah", "Olivia", "Priya", "Laura", "Chloe", "Sofia", "Hannah", "Aisha")
    else:
        female = r.random() < 0.5
        first = r.choice(FIRST_NL_F if female else FIRST_NL_M)
        last = r.choice(SURN_NL)
    initials = first[0] + "."
    if r.random() < 0.35 and not english:
        initials += r.choice("AJMPHCWGR") + "."
    cap_last = last[0].upper() + last[1:]
    local = (first.lower() + "." + last.lower().replace(" ", "").replace("'", ""))
    local = r.choice([local, first[0].lower() + last.lower().replace(" ", "").replace("'", ""),
                      first.lower() + str(r.randint(60, 99)), local.replace(".", "_")])
    return {"first": first, "last": last, "cap_last": cap_last, "initials": initials, "female": female,
            "email": local + "@" + r.choice(EMAIL_DOM), "english": english}


def name_forms(p):
    return {
        "full": "%s %s" % (p["first"], p["last"]),
        "init": "%s %s" % (p["initials"], p["last"]),
        "first_init": "%s %s" % (p["first"][0] + ".", p["last"]),
    }


INSURERS = [
    {"name": "Lindeborg Verzekeringen N.V.", "short": "Lindeborg", "street": "Catharijnesingel 101", "pc": "3511 GV", "city": "Utrecht", "dom": "lindeborg-verzekeringen.nl"},
    {"name": "Polderzee Schadeverzekering", "short": "Polderzee", "street": "Laan van Kronenburg 8", "pc": "1183 AS", "city": "Amstelveen", "dom": "polderzee.nl"},
    {"name": "De Vereenigde Kustverzekeraars", "short": "VKV", "street": "Boompjes 412", "pc": "3011 XZ", "city": "Rotterdam", "dom": "vkv.nl"},
    {"name": "Aurum Assuradeuren B.V.", "short": "Aurum", "street": "Europaweg 27", "pc": "9723 AS", "city": "Groningen", "dom": "aurum-assuradeuren.nl"},
    {"name": "Heuvelrug Onderlinge", "short": "Heuvelrug", "street": "Slotlaan 3", "pc": "3701 GA", "city": "Zeist", "dom": "heuvelrugonderlinge.nl"},
    {"name": "Noorderlicht Verzekeringen", "short": "Noorderlicht", "street": "Zuiderzeelaan 54", "pc": "8017 JX", "city": "Zwolle", "dom": "noorderlicht.nl"},
]
INTERMEDIARIES = [
    {"name": "Assurantiekantoor De Graaf", "street": "Markt 12", "pc": "4811 XL", "city": "Breda"},
    {"name": "Hoekman Verzekeringen & Hypotheken", "street": "Langstraat 88", "pc": "1621 BT", "city": "Hoorn"},
    {"name": "Van Oers Financieel Advies", "street": "Brink 5", "pc": "7411 BR", "city": "Deventer"},
]
GARAGES = [
    "Autoschadeherstel Verhoef B.V.", "Schadecentrum De Linge", "Carrosseriebedrijf Gebr. Hoekstra",
    "Autobedrijf Van Kampen", "Schadeherstel Midden-Brabant", "Carrosserie & Spuiterij Mulder",
    "Autoschade Eemland", "Kroon Schadeherstel"]
CONTRACTORS = {
    "water": ["Loodgietersbedrijf H. Smit", "Installatiebedrijf Waterweg B.V.", "Loodgieter & CV-service Bakker"],
    "storm": ["Dakdekkersbedrijf De Nok", "Dakwerken Bosman & Zn.", "Dak- en Gevelservice Oost"],
    "fire": ["Brandherstel Zuid B.V.", "Schildersbedrijf Kleurrijk", "Herstelbedrijf Roet & Rook"],
    "burglary": ["Timmerbedrijf Jansen & Zn.", "Slotenservice Veilig Thuis", "Kozijnherstel De Klink"],
    "other": ["Aannemersbedrijf Van Wijk", "Bouwbedrijf De Fundering", "Klusbedrijf Hendriks"],
}
EXPERTS = ["Expertisebureau Van Tilburg", "Schade-expertise Randstad B.V.", "Taxatiebureau Noordkop",
           "Lindeboom Expertise", "Expertiseburo Veluwe & Vallei"]

# motor incident locations: (nl form, nl prose, en form, en prose)
LOCATIONS = [
    ("Kruising Vondelstraat / Overtoom, Amsterdam", "op de kruising van de Vondelstraat en de Overtoom in Amsterdam",
     "Junction Vondelstraat / Overtoom, Amsterdam", "at the junction of Vondelstraat and Overtoom in Amsterdam"),
    ("Parkeergarage Hoog Catharijne, Utrecht", "in parkeergarage Hoog Catharijne in Utrecht",
     "Hoog Catharijne car park, Utrecht", "in the Hoog Catharijne car park in Utrecht"),
    ("A28 ter hoogte van afslag Zwolle-Zuid", "op de A28 ter hoogte van afslag Zwolle-Zuid",
     "A28 near exit Zwolle-Zuid", "on the A28 near the Zwolle-Zuid exit"),
    ("Parkeerterrein Jumbo, Rijksstraatweg, Haarlem", "op het parkeerterrein van de Jumbo aan de Rijksstraatweg in Haarlem",
     "Jumbo supermarket car park, Rijksstraatweg, Haarlem", "in the Jumbo supermarket car park on Rijksstraatweg in Haarlem"),
    ("Rotonde N201 bij Uithoorn", "op de rotonde van de N201 bij Uithoorn",
     "Roundabout N201 near Uithoorn", "on the N201 roundabout near Uithoorn"),
    ("Laan van Meerdervoort t.h.v. nr. 310, Den Haag", "op de Laan van Meerdervoort ter hoogte van nummer 310 in Den Haag",
     "Laan van Meerdervoort near no. 310, The Hague", "on Laan van Meerdervoort near number 310 in The Hague"),
    ("Stationsplein, Amersfoort", "op het Stationsplein in Amersfoort",
     "Stationsplein, Amersfoort", "on Stationsplein in Amersfoort"),
    ("N348 tussen Dieren en Zutphen", "op de N348 tussen Dieren en Zutphen",
     "N348 between Dieren and Zutphen", "on the N348 between Dieren and Zutphen"),
    ("Oude Rijn, Leiden (voor de deur)", "voor mijn huis aan de Oude Rijn in Leiden",
     "Oude Rijn, Leiden (outside my home)", "outside my house on the Oude Rijn in Leiden"),
    ("Kruispunt Ringbaan-West / Bredaseweg, Tilburg", "op het kruispunt Ringbaan-West / Bredaseweg in Tilburg",
     "Crossing Ringbaan-West / Bredaseweg, Tilburg", "at the Ringbaan-West / Bredaseweg crossing in Tilburg"),
    ("P+R Kralingse Zoom, Rotterdam", "op P+R Kralingse Zoom in Rotterdam",
     "Park and ride Kralingse Zoom, Rotterdam", "at the Kralingse Zoom park and ride in Rotterdam"),
    ("Emmasingel 12, Eindhoven", "bij de Emmasingel 12 in Eindhoven",
     "Emmasingel 12, Eindhoven", "near Emmasingel 12 in Eindhoven"),
]

# descriptions: first person ("fp") and third person ("tp") per language
MOTOR_DESC = {
    "collision": {
        "nl_fp": ["Ik stond te wachten voor het rode verkeerslicht toen de auto achter mij niet op tijd kon remmen en tegen mijn achterbumper reed.",
                  "Bij het links afslaan werd ik aan de rechterzijde geraakt door een tegemoetkomende auto die door rood reed.",
                  "De tegenpartij kwam van rechts en gaf geen voorrang; mijn linkervoorscherm en koplamp zijn beschadigd."],
        "nl_tp": ["Verzekerde stond stil voor een verkeerslicht en werd van achteren aangereden door voertuig B.",
                  "Het voertuig van verzekerde is bij het afslaan in de flank geraakt door de wederpartij."],
        "en_fp": ["I was waiting at a red light when the car behind me failed to brake in time and hit my rear bumper.",
                  "While turning left I was struck on the right-hand side by an oncoming car that ran the red light.",
                  "The other driver came from the right and did not give way; my left front wing and headlight are damaged."],
        "en_tp": ["The insured was stationary at a traffic light when vehicle B ran into the rear of the vehicle.",
                  "The insured vehicle was hit in the side by the other party while turning."],
    },
    "parking_damage": {
        "nl_fp": ["Toen ik terugkwam bij mijn geparkeerde auto zat er een flinke deuk met krassen in het rechterachterportier.",
                  "Bij het achteruit wegrijden uit een parkeervak heb ik een betonnen paal geraakt; de achterbumper is ingedeukt.",
                  "Mijn auto stond geparkeerd en is door een onbekende geraakt; de linkerspiegel is afgebroken."],
        "nl_tp": ["Het geparkeerde voertuig van verzekerde is door een onbekende aangereden aan de rechterzijde.",
                  "Verzekerde heeft bij het uitparkeren een paal geraakt met de achterzijde van het voertuig."],
        "en_fp": ["When I came back to my parked car there was a large dent with scratches in the right rear door.",
                  "Reversing out of a parking bay I hit a concrete post; the rear bumper is dented.",
                  "My car was parked and was hit by an unknown driver; the left mirror has been knocked off."],
        "en_tp": ["The insured's parked vehicle was struck on the right-hand side by an unknown party.",
                  "While reversing out of a parking space the insured hit a post with the rear of the vehicle."],
    },
    "single_vehicle": {
        "nl_fp": ["Door gladheid raakte ik in een bocht van de weg en kwam ik tegen de vangrail tot stilstand.",
                  "Ik ben bij het uitwijken voor een fietser tegen een lantaarnpaal gereden.",
                  "In het donker heb ik een verhoogde stoeprand geraakt, waardoor de velg en de band aan de voorkant kapot zijn."],
        "nl_tp": ["Verzekerde is door gladheid van de weg geraakt en tegen de vangrail gebotst.",
                  "Bij het uitwijken heeft verzekerde een lichtmast geraakt met de voorzijde van het voertuig."],
        "en_fp": ["The road was icy, I lost control in a bend and ended up against the crash barrier.",
                  "I swerved to avoid a cyclist and drove into a lamp post.",
                  "In the dark I hit a raised kerb, which broke the front wheel rim and tyre."],
        "en_tp": ["The insured lost control on an icy road and collided with the crash barrier.",
                  "While swerving the insured hit a lamp post with the front of the vehicle."],
    },
    "vandalism": {
        "nl_fp": ["Vannacht is mijn auto bekrast over de hele linkerzijde en zijn twee banden lek gestoken.",
                  "Onbekenden hebben de zijruit ingeslagen en de motorkap bekrast terwijl de auto voor de deur stond.",
                  "De antenne en beide buitenspiegels zijn afgebroken door vandalen."],
        "nl_tp": ["Het voertuig is 's nachts door onbekenden bekrast en er zijn banden lek gestoken.",
                  "Door onbekenden is een zijruit ingeslagen en is de motorkap bekrast."],
        "en_fp": ["Last night my car was scratched along the entire left side and two tyres were slashed.",
                  "Unknown persons smashed the side window and scratched the bonnet while the car was parked outside.",
                  "The aerial and both wing mirrors were broken off by vandals."],
        "en_tp": ["The vehicle was scratched overnight by unknown persons and tyres were slashed.",
                  "Unknown persons smashed a side window and scratched the bonnet."],
    },
    "storm_or_hail": {
        "nl_fp": ["Tijdens de hagelbui van zaterdagmiddag is het dak en de motorkap van mijn auto vol deukjes geslagen.",
                  "Door de storm is een grote tak op mijn geparkeerde auto gevallen; de voorruit en het dak zijn beschadigd.",
                  "Tijdens het noodweer is een dakpan van de buren op de motorkap terechtgekomen."],
        "nl_tp": ["Het voertuig heeft hagelschade opgelopen aan dak, motorkap en kofferdeksel.",
                  "Door stormwind is een tak op het geparkeerde voertuig gevallen."],
        "en_fp": ["During the hailstorm on Saturday afternoon the roof and bonnet of my car were covered in small dents.",
                  "The storm brought down a large branch on my parked car; the windscreen and roof are damaged.",
                  "During the severe weather a roof tile from next door landed on the bonnet."],
        "en_tp": ["The vehicle sustained hail damage to the roof, bonnet and boot lid.",
                  "A branch fell on the parked vehicle during high winds."],
    },
    "other": {
        "nl_fp": ["Een ree stak plotseling over en ik kon een aanrijding niet voorkomen; de grille en de bumper zijn kapot.",
                  "Een steen van een vrachtwagen voor mij heeft een ster in de voorruit geslagen, die inmiddels is doorgescheurd.",
                  "Bij het tanken is de tankklep afgebroken door een defect in het scharnier."],
        "nl_tp": ["Verzekerde heeft een overstekende ree aangereden; de voorzijde van het voertuig is beschadigd.",
                  "De voorruit is beschadigd door opspattend steenslag."],
        "en_fp": ["A deer suddenly crossed the road and I could not avoid hitting it; the grille and bumper are broken.",
                  "A stone from a lorry in front of me chipped the windscreen and the crack has since spread.",
                  "While refuelling the fuel flap broke off because of a faulty hinge."],
        "en_tp": ["The insured hit a deer crossing the road; the front of the vehicle is damaged.",
                  "The windscreen was damaged by a stone chip."],
    },
}

HOME_DESC = {
    "water": {
        "nl_fp": ["Door een gesprongen waterleiding onder de badkamervloer is water door het plafond van de woonkamer gelopen.",
                  "De afvoer van de wasmachine is losgeschoten en de hele bijkeuken en gang hebben onder water gestaan.",
                  "Er bleek een lekkage in de cv-leiding; het laminaat in de slaapkamer is opgezwollen en moet eruit."],
        "nl_tp": ["Als gevolg van een lekkende waterleiding onder de badkamervloer is het plafond van de woonkamer beschadigd.",
                  "Door een losgeschoten afvoerslang is water in de bijkeuken en gang gestroomd."],
        "en_fp": ["A burst water pipe under the bathroom floor caused water to come through the living room ceiling.",
                  "The washing machine drain hose came loose and the utility room and hallway were flooded.",
                  "A leak in the central heating pipe caused the laminate flooring in the bedroom to swell."],
        "en_tp": ["A leaking supply pipe under the bathroom floor damaged the living room ceiling.",
                  "A detached drain hose caused water to flood the utility room and hallway."],
    },
    "storm": {
        "nl_fp": ["Tijdens de storm zijn meerdere dakpannen van ons dak gewaaid en is de dakgoot aan de voorkant losgeraakt.",
                  "Door de harde wind is de schutting omgewaaid en tegen de serre gevallen; twee ruiten zijn gebroken.",
                  "Bij de zware storm is een deel van de dakbedekking van de aanbouw losgescheurd, waarna het binnen heeft ingeregend."],
        "nl_tp": ["Door stormwind zijn dakpannen verschoven en is de dakgoot aan de voorgevel losgeraakt.",
                  "Als gevolg van de storm is de dakbedekking van de aanbouw deels losgekomen met inregening tot gevolg."],
        "en_fp": ["During the storm several roof tiles blew off our roof and the front gutter came loose.",
                  "The strong wind blew the fence over onto the conservatory and two panes of glass broke.",
                  "In the heavy storm part of the roofing on the extension tore loose and rain came in."],
        "en_tp": ["High winds displaced roof tiles and detached the gutter on the front elevation.",
                  "Storm damage to the roofing of the extension led to rainwater entering the property."],
    },
    "fire": {
        "nl_fp": ["Door een oververhitte frituurpan is brand ontstaan in de keuken; de keukenkastjes en het plafond zijn zwartgeblakerd.",
                  "Een kaars op de vensterbank heeft de gordijnen in brand gezet, waarna de woonkamer vol roet zat.",
                  "In de meterkast is door kortsluiting een kleine brand ontstaan met veel rookschade in de gang."],
        "nl_tp": ["Als gevolg van een keukenbrand zijn de keukeninrichting en het plafond beschadigd door vuur en roet.",
                  "Door een brandende kaars zijn de gordijnen vlam gevat; de woonkamer heeft roetschade."],
        "en_fp": ["An overheated deep fryer started a fire in the kitchen; the cupboards and ceiling are blackened.",
                  "A candle on the windowsill set the curtains on fire and the living room was covered in soot.",
                  "A short circuit in the meter cupboard caused a small fire with a lot of smoke damage in the hallway."],
        "en_tp": ["A kitchen fire damaged the kitchen units and ceiling through flames and soot.",
                  "Curtains caught fire from a burning candle; the living room has soot damage."],
    },
    "burglary": {
        "nl_fp": ["Inbrekers hebben de achterdeur opengebroken en een laptop, sieraden en contant geld meegenomen.",
                  "Terwijl wij op vakantie waren is er via het keukenraam ingebroken; het kozijn en het slot zijn vernield.",
                  "Er is 's nachts ingebroken via de schuifpui en onze televisie en twee fietsen zijn gestolen."],
        "nl_tp": ["Via de achterdeur is ingebroken; het slot en het kozijn zijn beschadigd en er zijn goederen weggenomen.",
                  "Door inbrekers is het keukenraam geforceerd; kozijn en hang- en sluitwerk zijn beschadigd."],
        "en_fp": ["Burglars forced the back door and took a laptop, jewellery and some cash.",
                  "While we were on holiday someone broke in through the kitchen window; the frame and lock are destroyed.",
                  "During the night there was a break-in through the sliding door and our television and two bikes were stolen."],
        "en_tp": ["Entry was forced through the back door; the lock and frame were damaged and belongings were taken.",
                  "The kitchen window was forced by burglars; the frame and locks are damaged."],
    },
    "other": {
        "nl_fp": ["Een bestelbus is bij het keren tegen de gevel van onze woning gereden; de muur en het kozijn zijn beschadigd.",
                  "Door graafwerkzaamheden in de straat zijn scheuren in de voorgevel en de vloer van de hal ontstaan.",
                  "Bij het verplaatsen van de kast is de spiegelwand in de slaapkamer gebroken."],
        "nl_tp": ["Een voertuig van derden is tegen de voorgevel gereden; metselwerk en kozijn zijn beschadigd.",
                  "Door graafwerkzaamheden zijn scheuren in gevel en vloer ontstaan."],
        "en_fp": ["A delivery van reversed into the front of our house; the wall and window frame are damaged.",
                  "Excavation work in the street has caused cracks in the front wall and the hall floor.",
                  "While moving a wardrobe the mirrored wall in the bedroom broke."],
        "en_tp": ["A third-party vehicle struck the front elevation; brickwork and frame are damaged.",
                  "Excavation works caused cracks in the facade and floor."],
    },
}

MOTOR_TYPE_TEXT = {
    "nl": {"collision": ["Aanrijding met ander voertuig", "Botsing met tegenpartij", "Aanrijding"],
           "parking_damage": ["Parkeerschade", "Schade aan geparkeerde auto", "Parkeerschade / onbekende dader"],
           "single_vehicle": ["Eenzijdig ongeval", "Eenzijdige aanrijding", "Eenzijdige schade"],
           "vandalism": ["Vandalisme", "Moedwillige beschadiging", "Vandalisme / baldadigheid"],
           "storm_or_hail": ["Storm- of hagelschade", "Hagelschade", "Stormschade"],
           "other": ["Overig", "Anders", "Overige schade"]},
    "en": {"collision": ["Collision with another vehicle", "Collision", "Crash involving another car"],
           "parking_damage": ["Parking damage", "Damage while parked", "Car park damage"],
           "single_vehicle": ["Single-vehicle accident", "Single vehicle incident", "No other vehicle involved"],
           "vandalism": ["Vandalism", "Malicious damage", "Vandalism / malicious damage"],
           "storm_or_hail": ["Storm or hail damage", "Hail damage", "Storm damage"],
           "other": ["Other", "Other cause", "Miscellaneous"]},
}
HOME_CAUSE_TEXT = {
    "nl": {"water": ["Waterschade", "Lekkage", "Water / lekkage"],
           "storm": ["Stormschade", "Storm", "Storm- en windschade"],
           "fire": ["Brand", "Brand- en rookschade", "Brandschade"],
           "burglary": ["Inbraak", "Inbraak / diefstal", "Inbraakschade"],
           "other": ["Overig", "Anders", "Overige oorzaak"]},
    "en": {"water": ["Water damage", "Escape of water", "Leak / water"],
           "storm": ["Storm", "Storm damage", "Wind / storm"],
           "fire": ["Fire", "Fire and smoke damage", "Fire damage"],
           "burglary": ["Burglary", "Break-in / theft", "Burglary damage"],
           "other": ["Other", "Other cause", "Miscellaneous"]},
}

# repair lines: (nl, en, low, high) in cents, all excl. VAT
MOTOR_LINES = [
    ("Voorbumper (origineel onderdeel)", "Front bumper (OEM part)", 28000, 61000),
    ("Achterbumper spuiten", "Rear bumper paintwork", 22000, 43000),
    ("Portier rechtsachter uitdeuken", "Dent repair right rear door", 15000, 38000),
    ("Koplamp links LED", "Headlight left LED", 34000, 89000),
    ("Buitenspiegel compleet", "Wing mirror assembly", 16000, 42000),
    ("Arbeid plaatwerk", "Bodywork labour", 24000, 71000),
    ("Spuitwerk en lakmaterialen", "Paint and materials", 19000, 52000),
    ("Kleine materialen / milieutoeslag", "Sundries / environmental charge", 2500, 6500),
    ("Voorruit incl. kalibratie camera", "Windscreen incl. camera calibration", 48000, 98000),
    ("Uitdeuken hagelschade (PDR)", "Paintless dent repair (hail)", 65000, 210000),
    ("Velg + band voor", "Front rim and tyre", 21000, 46000),
    ("Uitlijnen", "Wheel alignment", 6900, 9900),
]
HOME_LINES = {
    "water": [("Opsporen lekkage", "Leak detection", 17500, 39500), ("Vervangen waterleiding badkamer", "Replace bathroom supply pipe", 22000, 64000),
              ("Herstel plafond woonkamer (stucwerk)", "Repair living room ceiling (plaster)", 45000, 120000),
              ("Nieuwe laminaatvloer incl. ondervloer", "New laminate flooring incl. underlay", 85000, 240000),
              ("Drogen ruimte (bouwdroger, 5 dagen)", "Drying (dehumidifier, 5 days)", 18000, 42000), ("Schilderwerk", "Repainting", 26000, 78000)],
    "storm": [("Terugleggen en vervangen dakpannen", "Replace and refix roof tiles", 38000, 115000), ("Nieuwe dakgoot zink", "New zinc gutter", 42000, 98000),
              ("Steigerhuur / hoogwerker", "Scaffolding / cherry picker hire", 25000, 69000), ("Herstel dakbedekking bitumen", "Repair bitumen roofing", 55000, 170000),
              ("Vervangen beglazing serre", "Replace conservatory glazing", 31000, 88000), ("Voorrijkosten", "Call-out charge", 4500, 8500)],
    "fire": [("Roetreiniging woning", "Soot cleaning", 65000, 210000), ("Vervangen keukenkastjes", "Replace kitchen units", 160000, 480000),
             ("Herstel plafond en wanden", "Repair ceiling and walls", 55000, 140000), ("Schilderwerk binnen", "Interior painting", 48000, 135000),
             ("Ozonbehandeling geurverwijdering", "Ozone odour treatment", 22000, 52000), ("Afvoer brandafval", "Removal of fire debris", 12000, 36000)],
    "burglary": [("Nieuw cilinderslot SKG***", "New SKG*** cylinder lock", 9500, 19500), ("Herstel achterdeur en kozijn", "Repair back door and frame", 38000, 92000),
                 ("Vervangen beglazing keukenraam", "Replace kitchen window glass", 21000, 58000), ("Schilderwerk kozijn", "Paint frame", 14000, 33000),
                 ("Noodreparatie / dichtzetten", "Emergency boarding up", 12500, 26500), ("Extra beveiliging schuifpui", "Extra security sliding door", 17000, 41000)],
    "other": [("Herstel metselwerk voorgevel", "Repair brickwork front elevation", 65000, 190000), ("Vervangen kozijn voorzijde", "Replace front frame", 85000, 210000),
              ("Injecteren scheuren", "Crack injection", 32000, 88000), ("Herstel tegelvloer hal", "Repair hall tile floor", 42000, 115000),
              ("Nieuwe spiegelwand", "New mirrored wall", 38000, 96000), ("Opruimen en afvoer", "Clean-up and disposal", 9000, 24000)],
}
