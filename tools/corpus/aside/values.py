"""Value generators and formatters for the aside corpus (held-out set)."""
import datetime as dt

MONTHS_NL = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
             "september", "oktober", "november", "december"]
MONTHS_NL_ABBR = ["jan.", "feb.", "mrt.", "apr.", "mei", "jun.", "jul.", "aug.", "sep.", "okt.", "nov.", "dec."]
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
             "October", "November", "December"]
DAYS_NL = ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"]
DAYS_EN = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

PLATE_LETTERS = "BDFGHJKLNPRSTVXZ"
SIDECODES = ["LL-99-LL", "99-LL-LL", "99-LLL-9", "9-LLL-99", "LL-999-L", "L-999-LL",
             "LLL-99-L", "L-99-LLL", "9-LL-999", "999-LL-9", "LL-LL-99"]


def make_plate(r):
    pat = r.choice(SIDECODES)
    out = []
    for i, ch in enumerate(pat):
        if ch == "L":
            out.append(r.choice(PLATE_LETTERS))
        elif ch == "9":
            out.append(str(r.randint(1 if i == 0 else 0, 9)))
        else:
            out.append(ch)
    return "".join(out)


def fmt_plate(r, plate, style=None):
    style = style or r.choice(["dash", "dash", "dash", "compact", "dash_lower" if False else "dash"])
    if style == "compact":
        return plate.replace("-", "")
    return plate


BANKS = ["ABNA", "RABO", "INGB", "SNSB", "TRIO", "ASNB", "KNAB", "BUNQ", "RBRB", "FVLB"]


def _num(s):
    return int("".join(str(int(c, 36)) for c in s))


def make_iban(r, bank=None):
    bank = bank or r.choice(BANKS)
    acct = "".join(str(r.randint(0, 9)) for _ in range(10))
    if acct[0] == "0":
        acct = str(r.randint(1, 9)) + acct[1:]
    bban = bank + acct
    chk = 98 - _num(bban + "NL00") % 97
    return "NL%02d%s" % (chk, bban)


def iban_ok(s):
    s = s.replace(" ", "").upper()
    return len(s) == 18 and _num(s[4:] + s[:4]) % 97 == 1


def fmt_iban(r, iban, style=None):
    style = style or r.choice(["group", "group", "compact"])
    if style == "compact":
        return iban
    return " ".join(iban[i:i + 4] for i in range(0, len(iban), 4))


AREA = ["020", "010", "030", "070", "040", "050", "024", "026", "053", "073", "076", "013",
        "0342", "0318", "0172", "0229", "0575", "0495", "0118", "0513"]


def make_phone(r, mobile=None):
    if mobile is None:
        mobile = r.random() < 0.7
    if mobile:
        return ("06", "".join(str(r.randint(0, 9)) for _ in range(8)))
    a = r.choice(AREA)
    n = 10 - len(a)
    rest = str(r.randint(2, 9)) + "".join(str(r.randint(0, 9)) for _ in range(n - 1))
    return (a, rest)


def fmt_phone(r, ph, style=None):
    a, d = ph
    if a == "06":
        style = style or r.choice(["dash", "space4", "pairs", "intl", "intl0", "compact", "intl_c", "0031"])
        if style == "dash":
            return "06-" + d
        if style == "space4":
            return "06 " + d[:4] + " " + d[4:]
        if style == "pairs":
            return "06 " + " ".join(d[i:i + 2] for i in range(0, 8, 2))
        if style == "intl":
            return "+31 6 " + d
        if style == "intl0":
            return "+31 (0)6 " + " ".join(d[i:i + 2] for i in range(0, 8, 2))
        if style == "compact":
            return "06" + d
        if style == "intl_c":
            return "+316" + d
        return "0031 6 " + d[:4] + " " + d[4:]
    style = style or r.choice(["dash", "space", "paren", "intl"])
    if style == "dash":
        return a + "-" + d
    if style == "space":
        if len(d) == 7:
            return a + " " + d[:3] + " " + d[3:5] + " " + d[5:]
        return a + " " + d[:3] + " " + d[3:]
    if style == "paren":
        return "(" + a + ") " + d
    return "+31 " + a[1:] + " " + d


def fmt_date(r, d, lang, style=None):
    nl = lang == "nl"
    styles = (["dmy", "dmy", "dmy_yy", "long", "long", "dot", "slash", "day_long", "abbr", "d_m_y_short"]
              if nl else ["long", "long", "us", "slash", "iso", "abbr", "day_long", "slash_yy"])
    style = style or r.choice(styles)
    if style == "dmy":
        return d.strftime("%d-%m-%Y")
    if style == "dmy_yy":
        return d.strftime("%d-%m-%y")
    if style == "d_m_y_short":
        return "%d-%d-%02d" % (d.day, d.month, d.year % 100)
    if style == "dot":
        return d.strftime("%d.%m.%Y")
    if style == "slash":
        return "%d/%d/%d" % (d.day, d.month, d.year) if nl else d.strftime("%d/%m/%Y")
    if style == "slash_yy":
        return d.strftime("%d/%m/%y")
    if style == "iso":
        return d.strftime("%Y-%m-%d")
    if style == "us":
        return "%s %d, %d" % (MONTHS_EN[d.month - 1], d.day, d.year)
    if style == "abbr":
        if nl:
            return "%d %s %d" % (d.day, MONTHS_NL_ABBR[d.month - 1], d.year)
        return "%d %s %d" % (d.day, MONTHS_EN[d.month - 1][:3], d.year)
    if style == "day_long":
        if nl:
            return "%s %d %s %d" % (DAYS_NL[d.weekday()], d.day, MONTHS_NL[d.month - 1], d.year)
        return "%s %d %s %d" % (DAYS_EN[d.weekday()], d.day, MONTHS_EN[d.month - 1], d.year)
    # long
    if nl:
        return "%d %s %d" % (d.day, MONTHS_NL[d.month - 1], d.year)
    return "%d %s %d" % (d.day, MONTHS_EN[d.month - 1], d.year)


def _group(n, sep):
    s = str(n)
    parts = []
    while len(s) > 3:
        parts.insert(0, s[-3:])
        s = s[:-3]
    parts.insert(0, s)
    return sep.join(parts)


def fmt_money(r, cents, lang, style=None):
    """cents: int. Returns a display string."""
    euros, c = divmod(cents, 100)
    nl_num = _group(euros, ".") + "," + "%02d" % c
    en_num = _group(euros, ",") + "." + "%02d" % c
    if style is None:
        if lang == "nl":
            opts = ["eur_sp", "eur_sp", "suffix_eur", "EUR_pre", "eur_nosp", "bare"]
            if c == 0:
                opts += ["dash", "dash"]
        else:
            opts = ["en_EUR", "en_eur", "en_eur_sp", "en_suffix", "eur_sp"]
        style = r.choice(opts)
    return money_style(euros, c, style)


def money_style(euros, c, style):
    nl_num = _group(euros, ".") + "," + "%02d" % c
    en_num = _group(euros, ",") + "." + "%02d" % c
    return {
        "eur_sp": "€ " + nl_num,
        "suffix_eur": nl_num + " EUR",
        "EUR_pre": "EUR " + nl_num,
        "eur_nosp": "€" + nl_num,
        "bare": nl_num,
        "dash": "€ " + _group(euros, ".") + ",-",
        "en_EUR": "EUR " + en_num,
        "en_eur": "€" + en_num,
        "en_eur_sp": "€ " + en_num,
        "en_suffix": en_num + " EUR",
    }[style]


def make_policy(r):
    shape = r.randrange(9)
    d = lambda n: "".join(str(r.randint(0, 9)) for _ in range(n))
    L = lambda n: "".join(r.choice("ABCDEFGHJKLMNPRSTVWZ") for _ in range(n))
    if shape == 0:
        return "%s-%d-%s" % (L(2), r.choice([2019, 2021, 2022, 2023, 2024, 2025]), d(6))
    if shape == 1:
        return "%s.%s.%s" % (d(2), d(3), d(3))
    if shape == 2:
        return "%s%s" % (L(2), d(7))
    if shape == 3:
        return "%s-%s-%s" % (L(1), d(5), d(2))
    if shape == 4:
        return "00" + d(8)
    if shape == 5:
        return "%s %s %s" % (d(3), d(3), d(3))
    if shape == 6:
        return "%s/%s/%s" % (L(2), L(3), d(6))
    if shape == 7:
        return "%s%s-%s" % (d(4), L(1), d(4))
    return d(9)


def make_ref(r, kind):
    d = lambda n: "".join(str(r.randint(0, 9)) for _ in range(n))
    if kind == "claim":
        return r.choice(["SCH-2026-%s" % d(6), "S26.%s" % d(5), "26-%s-MZ" % d(6), "CLM%s" % d(8),
                         "%s/%s" % (d(4), d(2))])
    if kind == "dossier":
        return r.choice(["D/26/%s" % d(5), "EXP-%s" % d(6), "%s.%s" % (d(3), d(4)), "2026-%s-EX" % d(4)])
    if kind == "customer":
        return r.choice(["K %s %s" % (d(3), d(3)), "REL%s" % d(6), "%s" % d(7), "C-%s" % d(5)])
    if kind == "invoice":
        return r.choice(["F2026-%s" % d(4), "%s" % d(8), "INV-26-%s" % d(5), "2026%s" % d(4)])
    if kind == "quote":
        return r.choice(["OFF-26-%s" % d(3), "O%s" % d(6), "Q-%s" % d(5), "%s/26" % d(4)])
    if kind == "kvk":
        return d(8)
    if kind == "btw":
        return "NL%sB%s" % (d(9), d(2))
    return d(8)
