"""Value generators and formatters for the dev corpus (names, plates, IBANs, dates, amounts, ...)."""
import datetime as dt

FIRST_M = ["Jan", "Pieter", "Kees", "Mark", "Thomas", "Daan", "Bas", "Erik", "Ruud", "Joost", "Sander",
           "Henk", "Wouter", "Ahmed", "Mehmet", "Stefan", "Jeroen", "Bram", "Niels", "Arjen", "Gerrit",
           "Rutger", "Vincent", "Youssef", "Martijn", "Frank", "Lars", "Koen"]
FIRST_F = ["Anna", "Marieke", "Sanne", "Lotte", "Ingrid", "Fatima", "Eva", "Linda", "Petra", "Esther",
           "Nadia", "Femke", "Karin", "Yvonne", "Sophie", "Mirjam", "Naima", "Ellen", "Annelies", "Joyce",
           "Wilma", "Tessa", "Iris", "Hanneke"]
SURNAMES = [("", "Jansen"), ("de", "Vries"), ("van den", "Berg"), ("", "Bakker"), ("", "Visser"),
            ("", "Smit"), ("", "Meijer"), ("de", "Boer"), ("", "Mulder"), ("de", "Groot"), ("", "Bos"),
            ("", "Vos"), ("", "Peters"), ("", "Hendriks"), ("van", "Leeuwen"), ("", "Dekker"),
            ("", "Brouwer"), ("de", "Wit"), ("", "Dijkstra"), ("", "Smits"), ("de", "Graaf"),
            ("van der", "Meer"), ("van der", "Linden"), ("", "Kok"), ("", "Jacobs"), ("de", "Haan"),
            ("", "Vermeulen"), ("van den", "Heuvel"), ("van der", "Veen"), ("van", "Dijk"),
            ("", "Yilmaz"), ("", "El Amrani"), ("", "Kramer"), ("van", "Wijk"), ("", "Schouten"),
            ("", "Hoekstra"), ("", "Koster"), ("", "Prins"), ("", "Postma"), ("ter", "Horst"),
            ("", "Verhoeven"), ("van", "Beek"), ("", "Huisman"), ("", "Timmermans"), ("", "Zwart")]
CITIES = [("Utrecht", 3511, "030"), ("Amsterdam", 1012, "020"), ("Rotterdam", 3011, "010"),
          ("Den Haag", 2511, "070"), ("Eindhoven", 5611, "040"), ("Groningen", 9711, "050"),
          ("Zwolle", 8011, "038"), ("Amersfoort", 3811, "033"), ("Haarlem", 2011, "023"),
          ("Arnhem", 6811, "026"), ("Nijmegen", 6511, "024"), ("Breda", 4811, "076"),
          ("Tilburg", 5038, "013"), ("Leiden", 2311, "071"), ("Apeldoorn", 7311, "055"),
          ("Zeist", 3701, "030"), ("Hilversum", 1211, "035"), ("Deventer", 7411, "0570"),
          ("Alkmaar", 1811, "072"), ("Delft", 2611, "015"), ("Gouda", 2801, "0182"),
          ("Houten", 3991, "030"), ("Veenendaal", 3901, "0318"), ("Leeuwarden", 8911, "058"),
          ("Maastricht", 6211, "043"), ("Enschede", 7511, "053"), ("Woerden", 3441, "0348"),
          ("Nieuwegein", 3431, "030")]
STREETS = ["Kerkstraat", "Dorpsstraat", "Stationsweg", "Molenweg", "Schoolstraat", "Julianalaan",
           "Beatrixstraat", "Wilhelminastraat", "Prins Bernhardlaan", "Eikenlaan", "Lindenlaan",
           "Acacialaan", "Vondellaan", "Rembrandtstraat", "Van Goghstraat", "Parallelweg",
           "Nieuwe Gracht", "Hoofdstraat", "Marktplein", "Burgemeester de Withstraat", "Tulpstraat",
           "Koningsweg", "Amsterdamsestraatweg", "Laan van Nieuw Guinea", "Biltstraat", "Merelstraat",
           "Zonnebloemweg", "Plataanstraat", "Spoorlaan", "Industrieweg", "Havenkade", "Populierenlaan",
           "Johan de Wittlaan", "Meidoornstraat", "Kastanjelaan", "Esdoornstraat", "Leidseweg",
           "Weteringkade", "Sint Jorisstraat", "Oranjesingel"]
HIGHWAYS = ["A2", "A12", "A27", "A28", "A1", "A4", "A10", "A20", "A50", "A58", "N201", "N225", "N237"]
SHOPS = ["Albert Heijn", "Jumbo", "IKEA", "Gamma", "Praxis", "Lidl", "de sportschool", "het station",
         "het ziekenhuis", "Kwantum"]
BANKS_NL = ["INGB", "RABO", "ABNA", "SNSB", "ASNB", "TRIO", "KNAB", "BUNQ", "RBRB"]
BANKS_BE = ["001", "068", "363", "735", "063"]
CARS = [("Volkswagen", "Golf"), ("Toyota", "Yaris"), ("Renault", "Clio"), ("Peugeot", "208"),
        ("Opel", "Corsa"), ("Kia", "Picanto"), ("Ford", "Focus"), ("Skoda", "Octavia"),
        ("Volvo", "V60"), ("BMW", "318i"), ("Tesla", "Model 3"), ("Hyundai", "Kona"), ("Kia", "Niro"),
        ("Mazda", "CX-5"), ("Citroën", "C3"), ("Fiat", "500"), ("Audi", "A3"), ("Seat", "Ibiza"),
        ("Nissan", "Qashqai"), ("Volkswagen", "Polo")]
COLOURS_NL = ["grijs", "zwart", "wit", "blauw", "rood", "zilver"]
COLOURS_EN = ["grey", "black", "white", "blue", "red", "silver"]

MONTHS_NL = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
             "oktober", "november", "december"]
MON_NL = ["jan.", "feb.", "mrt.", "apr.", "mei", "jun.", "jul.", "aug.", "sep.", "okt.", "nov.", "dec."]
DAYS_NL = ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"]
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
             "October", "November", "December"]
DAYS_EN = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

PLATE_LETTERS = "BDFGHJKLNPRSTVXZ"


def plate(rng):
    """A Dutch licence plate in one of the modern side codes (dashed)."""
    code = rng.choice(["XX-99-99", "99-XX-99", "99-XXX-9", "X-999-XX", "XX-999-X", "9-XXX-99",
                       "XXX-99-X", "99-XX-XX", "XX-XX-99", "X-99-XXX", "9-XX-999"])
    out = []
    for ch in code:
        if ch == "X":
            out.append(rng.choice(PLATE_LETTERS))
        elif ch == "9":
            out.append(str(rng.randint(0, 9)))
        else:
            out.append(ch)
    s = "".join(out)
    if s[0] == "0":
        s = str(rng.randint(1, 9)) + s[1:]
    return s


def _iban_check(country, bban):
    s = bban + country + "00"
    num = "".join(str(int(c, 36)) for c in s)
    return "%02d" % (98 - int(num) % 97)


def iban_valid(iban):
    s = iban.replace(" ", "").upper()
    s = s[4:] + s[:4]
    return int("".join(str(int(c, 36)) for c in s)) % 97 == 1


def iban(rng, country="NL"):
    if country == "NL":
        bban = rng.choice(BANKS_NL) + "".join(str(rng.randint(0, 9)) for _ in range(10))
    elif country == "BE":
        first = rng.choice(BANKS_BE) + "".join(str(rng.randint(0, 9)) for _ in range(7))
        chk = int(first) % 97 or 97
        bban = first + "%02d" % chk
    else:  # DE
        bban = "".join(str(rng.randint(0, 9)) for _ in range(18))
    return country + _iban_check(country, bban) + bban


def group_iban(s):
    return " ".join(s[i:i + 4] for i in range(0, len(s), 4))


def fmt_iban(rng, s):
    return group_iban(s) if rng.random() < 0.6 else s


def postcode(rng, base):
    n = base + rng.randint(0, 40)
    while True:
        l = rng.choice("ABCDEGHJKLMNPRSTVWXZ") + rng.choice("ABCDEGHJKLMNPRSTVWXZ")
        if l not in ("SA", "SD", "SS"):
            return "%d %s" % (n, l) if rng.random() < 0.85 else "%d%s" % (n, l)


def phone(rng, area, mobile=None):
    if mobile is None:
        mobile = rng.random() < 0.6
    if mobile:
        d = "6" + str(rng.randint(1, 5)) + "".join(str(rng.randint(0, 9)) for _ in range(7))
        st = rng.choice(["06-8", "06 4x4", "+31 (0)6 4x4", "+31 6 8", "06 2x4", "0031 6 8", "06-4x4"])
        r = d[1:]
        if st == "06-8":
            return "06-" + r
        if st == "06 4x4":
            return "06 %s %s" % (r[:4], r[4:])
        if st == "+31 (0)6 4x4":
            return "+31 (0)6 %s %s" % (r[:4], r[4:])
        if st == "+31 6 8":
            return "+31 6 " + r
        if st == "06 2x4":
            return "06 %s %s %s %s" % (r[:2], r[2:4], r[4:6], r[6:])
        if st == "0031 6 8":
            return "0031 6 %s" % r
        return "06-%s %s" % (r[:4], r[4:])
    rest_len = 10 - len(area)
    r = "".join(str(rng.randint(0, 9)) for _ in range(rest_len))
    if r[0] == "0":
        r = "2" + r[1:]
    st = rng.randint(0, 4)
    if st == 0:
        return "(%s) %s %s %s" % (area, r[:3], r[3:5], r[5:]) if rest_len == 7 else "(%s) %s" % (area, r)
    if st == 1:
        return "%s - %s %s" % (area, r[:3], r[3:])
    if st == 2:
        return "%s-%s" % (area, r)
    if st == 3:
        return "+31 (0)%s %s" % (area[1:], r)
    return "%s %s" % (area, r)


def policy_number(rng):
    L = lambda n: "".join(rng.choice("ABCDEFGHJKLMNPRSTVWXZ") for _ in range(n))
    D = lambda n: "".join(str(rng.randint(0, 9)) for _ in range(n))
    shape = rng.randint(0, 9)
    if shape == 0:
        return "%s-%s" % (L(2), D(6))
    if shape == 1:
        return "%d/%s-%s" % (rng.randint(2015, 2025), D(4), L(1))
    if shape == 2:
        return str(rng.randint(1, 9)) + D(8)
    if shape == 3:
        return "P-%s-%s" % (D(4), D(4))
    if shape == 4:
        return "%s.%s.%s" % (D(2), D(3), D(3))
    if shape == 5:
        return "%s %s %s" % (L(2), D(4), D(4))
    if shape == 6:
        return "%s%s" % (L(3), D(7))
    if shape == 7:
        return "%s-%s-%s" % (D(3), D(4), D(2))
    if shape == 8:
        return "%s%s-%s" % (L(1), D(6), D(2))
    return D(10)


def ref_number(rng, prefix=None):
    D = lambda n: "".join(str(rng.randint(0, 9)) for _ in range(n))
    p = prefix or rng.choice(["SCH", "CL", "DOS", "REF", "S", "MLD"])
    return rng.choice(["%s-%d-%s" % (p, rng.randint(2023, 2026), D(6)), "%s%s" % (p, D(8)),
                       "%s %s.%s" % (p, D(4), D(3)), "%s/%s/%s" % (p, D(2), D(5))])


# ---------------------------------------------------------------- dates

def ordinal(n):
    if 11 <= n % 100 <= 13:
        return "%dth" % n
    return "%d%s" % (n, {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th"))


def fmt_date(rng, d, lang, style=None):
    if lang == "nl":
        styles = ["dd-mm-yyyy", "d-m-yyyy", "d mon yyyy", "dd/mm/yy", "weekday long", "d month yyyy",
                  "dd.mm.yyyy", "dd-mm-yy", "d month yyyy", "dd-mm-yyyy"]
    else:
        styles = ["Month d, yyyy", "dth Month yyyy", "d Mon yyyy", "weekday en", "d Month yyyy",
                  "yyyy-mm-dd", "dd/mm/yyyy13", "Mon d, yyyy"]
    style = style or rng.choice(styles)
    if style == "dd/mm/yyyy13" and d.day <= 12:
        style = "d Month yyyy"
    if style == "dd-mm-yyyy":
        return d.strftime("%d-%m-%Y")
    if style == "d-m-yyyy":
        return "%d-%d-%d" % (d.day, d.month, d.year)
    if style == "d mon yyyy":
        return "%d %s %d" % (d.day, MON_NL[d.month - 1], d.year)
    if style == "dd/mm/yy":
        return d.strftime("%d/%m/%y")
    if style == "dd-mm-yy":
        return d.strftime("%d-%m-%y")
    if style == "weekday long":
        return "%s %d %s %d" % (DAYS_NL[d.weekday()], d.day, MONTHS_NL[d.month - 1], d.year)
    if style == "d month yyyy":
        return "%d %s %d" % (d.day, MONTHS_NL[d.month - 1], d.year)
    if style == "dd.mm.yyyy":
        return d.strftime("%d.%m.%Y")
    if style == "Month d, yyyy":
        return "%s %d, %d" % (MONTHS_EN[d.month - 1], d.day, d.year)
    if style == "Mon d, yyyy":
        return "%s %d, %d" % (MONTHS_EN[d.month - 1][:3], d.day, d.year)
    if style == "dth Month yyyy":
        return "%s %s %d" % (ordinal(d.day), MONTHS_EN[d.month - 1], d.year)
    if style == "d Mon yyyy":
        return "%d %s %d" % (d.day, MONTHS_EN[d.month - 1][:3], d.year)
    if style == "weekday en":
        return "%s, %d %s %d" % (DAYS_EN[d.weekday()], d.day, MONTHS_EN[d.month - 1], d.year)
    if style == "d Month yyyy":
        return "%d %s %d" % (d.day, MONTHS_EN[d.month - 1], d.year)
    if style == "yyyy-mm-dd":
        return d.isoformat()
    if style == "dd/mm/yyyy13":
        return d.strftime("%d/%m/%Y")
    raise ValueError(style)


# ---------------------------------------------------------------- amounts

def _group(n, sep):
    s = str(n)
    parts = []
    while len(s) > 3:
        parts.insert(0, s[-3:])
        s = s[:-3]
    parts.insert(0, s)
    return sep.join(parts)


def num(cents, lang, group=True):
    e, c = divmod(cents, 100)
    if lang == "nl":
        return "%s,%02d" % (_group(e, ".") if group else str(e), c)
    return "%s.%02d" % (_group(e, ",") if group else str(e), c)


def fmt_amount(rng, cents, lang, style=None):
    whole = cents % 100 == 0
    e = cents // 100
    if lang == "nl":
        styles = ["€ n", "€ n", "€ -", "n EUR", "€n", "EUR n", "€ nogroup", "n euro"]
        style = style or rng.choice(styles)
        if style == "€ -":
            return "€ %s,-" % _group(e, ".") if whole else "€ " + num(cents, lang)
        if style == "€ n":
            return "€ " + num(cents, lang)
        if style == "n EUR":
            return num(cents, lang) + " EUR"
        if style == "€n":
            return "€" + (str(e) if whole else num(cents, lang, group=False))
        if style == "EUR n":
            return "EUR " + num(cents, lang)
        if style == "€ nogroup":
            return "€ " + num(cents, lang, group=False)
        if style == "n euro":
            return (_group(e, ".") if whole else num(cents, lang)) + " euro"
        if style == "plain":
            return num(cents, lang)
    else:
        styles = ["EUR n", "€n", "€ n", "n EUR", "EUR n", "€n whole"]
        style = style or rng.choice(styles)
        if style == "EUR n":
            return "EUR " + num(cents, lang)
        if style == "€n":
            return "€" + num(cents, lang)
        if style == "€ n":
            return "€ " + num(cents, lang)
        if style == "n EUR":
            return num(cents, lang) + " EUR"
        if style == "€n whole":
            return "€" + (_group(e, ",") if whole else num(cents, lang))
        if style == "plain":
            return num(cents, lang)
    raise ValueError(style)
