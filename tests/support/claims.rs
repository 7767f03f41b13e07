//! Labelled motor-claim documents for measuring fact extraction: seeded, deterministic PDFs
//! (claim forms, tables, European accident statements, repair invoices, letters and
//! label-over-value forms) in Dutch and English, written with lopdf in several font set-ups,
//! each with the normalized values of the `motor_claim` facts it really states for the
//! claimant's side.
//!
//! Self-contained: depends only on `lopdf` and std. Truth values use the normalized forms
//! of the extractors (SPEC §2): ISO dates, `1234.56` amounts, dashed upper-case plates,
//! compact IBANs, E.164 phones, names as written, e-mail domains lower-cased, policy
//! numbers upper-cased without spaces, free text with whitespace collapsed.
//!
//! Nothing here is tuned to the extractors: documents are what insurers, garages and
//! claimants produce, including the traps (counterparty columns, garage footers, bare
//! values in letters) that an honest benchmark must contain.

use std::collections::{BTreeMap, BTreeSet};

use lopdf::{Dictionary, Document, Object, Stream, dictionary};

/// One generated document with its truth.
#[derive(Debug, Clone)]
pub struct LabelledDoc {
    /// Unique, stable name: `NNNN-layout-language-font-positioning`.
    pub name: String,
    /// `"nl"` or `"en"`.
    pub language: &'static str,
    /// One of [`LAYOUTS`].
    pub layout: &'static str,
    /// One of [`FONTS`].
    pub font: &'static str,
    /// How glyphs are placed: one string per run (`runs`), per word (`words`) or per glyph
    /// (`glyphs`, only with fonts whose widths the generator defines).
    pub positioning: &'static str,
    /// The PDF file.
    pub pdf: Vec<u8>,
    /// Fact id → normalized value, for the facts the document states for the claimant.
    pub truth: BTreeMap<String, String>,
    /// Facts of `truth` that the document states only without one of the case type's
    /// labels (a name under a letter, a date in prose): recall on them measures more than
    /// label-anchored extraction.
    pub unlabelled: BTreeSet<String>,
    /// Every spelling written for a truth fact: (fact id, text as printed). Each one
    /// normalizes to the truth value; used to check the generator and to find the page line
    /// of a missed fact.
    pub spellings: Vec<(String, String)>,
}

/// Layout names, in the order documents cycle through them.
pub const LAYOUTS: [&str; 6] = ["form", "table", "accident", "invoice", "letter", "stacked"];
/// Font set-up names.
pub const FONTS: [&str; 4] = ["helvetica", "times", "truetype-tounicode", "type0-identity-h"];

/// Generates `n` labelled documents from `seed`. Same seed, same documents, byte for byte.
pub fn generate(seed: u64, n: usize) -> Vec<LabelledDoc> {
    (0..n).map(|i| generate_one(seed, i)).collect()
}

/// Document `i` of the series for `seed` (what [`generate`] returns at index `i`).
pub fn generate_one(seed: u64, i: usize) -> LabelledDoc {
    // Each document gets its own stream; hashing (not offsetting) the seed keeps the
    // streams of neighbouring documents unrelated.
    let mut rng = Rng::new(Rng::new(seed).next_u64() ^ Rng::new(!(i as u64)).next_u64());
    let layout = LAYOUTS[i % LAYOUTS.len()];
    let font = FONTS[(i / LAYOUTS.len() + i) % FONTS.len()];
    let custom = matches!(font, "truetype-tounicode" | "type0-identity-h");
    let positioning = match rng.below(10) {
        0..=5 => "runs",
        6 | 7 => "words",
        _ if custom => "glyphs",
        _ => "words",
    };
    let lang = if rng.chance(0.6) { Lang::Nl } else { Lang::En };
    let claim = Claim::random(&mut rng, lang);
    let mut sheet = Sheet::new(lang);
    match layout {
        "form" => layout_form(&mut sheet, &claim, &mut rng),
        "table" => layout_table(&mut sheet, &claim, &mut rng),
        "accident" => layout_accident(&mut sheet, &claim, &mut rng),
        "invoice" => layout_invoice(&mut sheet, &claim, &mut rng),
        "letter" => layout_letter(&mut sheet, &claim, &mut rng),
        _ => layout_stacked(&mut sheet, &claim, &mut rng),
    }
    let style = RenderStyle {
        font: match font {
            "helvetica" => FontKind::Helvetica,
            "times" => FontKind::Times,
            "truetype-tounicode" => FontKind::TrueType,
            _ => FontKind::Type0,
        },
        positioning: match positioning {
            "runs" => Positioning::Runs,
            "words" => Positioning::Words,
            _ => Positioning::Glyphs,
        },
        compress: rng.chance(0.5),
        producer: rng.pick_str(&[
            "Microsoft Word for Microsoft 365",
            "LibreOffice 7.6",
            "wkhtmltopdf 0.12.6",
            "iText 7.2.5",
            "Quartz PDFContext",
        ]),
    };
    // A description that names the other car states the counterparty's plate too.
    if layout != "invoice"
        && claim.description.contains(&claim.cp_plate.raw)
        && !sheet.truth.contains_key("counterparty_licence_plate")
    {
        sheet.state_val("counterparty_licence_plate", &claim.cp_plate, false);
    }
    let pdf = render(&sheet.canvas, &style);
    let unlabelled = sheet
        .truth
        .keys()
        .filter(|k| !sheet.labelled.contains(*k))
        .cloned()
        .collect();
    LabelledDoc {
        name: format!("{i:04}-{layout}-{}-{font}-{positioning}", lang.code()),
        language: lang.code(),
        layout,
        font,
        positioning,
        pdf,
        truth: sheet.truth,
        unlabelled,
        spellings: sheet.spellings,
    }
}

// ---------------------------------------------------------------------------------------
// Randomness
// ---------------------------------------------------------------------------------------

/// SplitMix64: small, fast and good enough for test data; no external crate.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`; returns 0 for `n == 0`).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            return 0;
        }
        (self.next_u64() % n as u64) as usize
    }

    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: u32, hi: u32) -> u32 {
        lo + self.below((hi - lo + 1) as usize) as u32
    }

    pub fn chance(&mut self, p: f64) -> bool {
        ((self.next_u64() >> 11) as f64 / (1u64 << 53) as f64) < p
    }

    /// A random element; `xs` must not be empty.
    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }

    /// A random entry of a list of static strings; `xs` must not be empty.
    pub fn pick_str(&mut self, xs: &[&'static str]) -> &'static str {
        xs[self.below(xs.len())]
    }

    fn digits(&mut self, n: usize) -> String {
        (0..n).map(|_| char::from(b'0' + self.below(10) as u8)).collect()
    }

    fn shuffle<T>(&mut self, xs: &mut [T]) {
        for i in (1..xs.len()).rev() {
            let j = self.below(i + 1);
            xs.swap(i, j);
        }
    }
}

// ---------------------------------------------------------------------------------------
// Values and their spellings
// ---------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lang {
    Nl,
    En,
}

impl Lang {
    fn code(self) -> &'static str {
        match self {
            Lang::Nl => "nl",
            Lang::En => "en",
        }
    }

    /// Picks the Dutch or the English text.
    fn t<'a>(self, nl: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Nl => nl,
            Lang::En => en,
        }
    }
}

/// A value as printed and as normalized.
#[derive(Debug, Clone)]
struct Val {
    raw: String,
    norm: String,
}

#[derive(Debug, Clone, Copy)]
struct Date {
    y: u32,
    m: u32,
    d: u32,
}

const MONTHS_NL: [&str; 12] = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];
const MONTHS_NL_ABBR: [&str; 12] = [
    "jan.", "feb.", "mrt.", "apr.", "mei", "jun.", "jul.", "aug.", "sep.", "okt.", "nov.", "dec.",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const WEEKDAYS_NL: [&str; 7] = [
    "zondag",
    "maandag",
    "dinsdag",
    "woensdag",
    "donderdag",
    "vrijdag",
    "zaterdag",
];
const WEEKDAYS_EN: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];

impl Date {
    fn random(rng: &mut Rng, y0: u32, y1: u32) -> Date {
        let y = rng.range(y0, y1);
        let m = rng.range(1, 12);
        let dim = match m {
            2 if y.is_multiple_of(4) => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        Date {
            y,
            m,
            d: rng.range(1, dim),
        }
    }

    /// A few days after `self` (never crossing into an impossible date).
    fn plus_days(self, n: u32) -> Date {
        let mut d = self;
        for _ in 0..n {
            let dim = match d.m {
                2 if d.y.is_multiple_of(4) => 29,
                2 => 28,
                4 | 6 | 9 | 11 => 30,
                _ => 31,
            };
            d.d += 1;
            if d.d > dim {
                d.d = 1;
                d.m += 1;
                if d.m > 12 {
                    d.m = 1;
                    d.y += 1;
                }
            }
        }
        d
    }

    fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.y, self.m, self.d)
    }

    /// 0 = Sunday (Sakamoto).
    fn weekday(self) -> usize {
        const T: [u32; 12] = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4];
        let y = if self.m < 3 { self.y - 1 } else { self.y };
        ((y + y / 4 - y / 100 + y / 400 + T[(self.m - 1) as usize] + self.d) % 7) as usize
    }

    fn spell(self, rng: &mut Rng, lang: Lang) -> Val {
        let (d, m, y) = (self.d, self.m as usize, self.y);
        let raw = match (lang, rng.below(8)) {
            (_, 0) => format!("{d:02}-{m:02}-{y}"),
            (_, 1) => self.iso(),
            (_, 2) => format!("{d:02}/{m:02}/{y}"),
            (Lang::Nl, 3) => format!("{d} {} {y}", MONTHS_NL[m - 1]),
            (Lang::Nl, 4) => format!("{d} {} {y}", MONTHS_NL_ABBR[m - 1]),
            (Lang::Nl, 5) => format!("{} {d} {} {y}", WEEKDAYS_NL[self.weekday()], MONTHS_NL[m - 1]),
            (Lang::Nl, 6) => format!("{d}-{m}-{y}"),
            (Lang::Nl, _) => format!("{d} {} {y}", MONTHS_NL[m - 1]),
            (Lang::En, 3) => format!("{} {d}, {y}", MONTHS_EN[m - 1]),
            (Lang::En, 4) => format!("{d} {} {y}", MONTHS_EN[m - 1]),
            (Lang::En, 5) => format!("{}, {d} {} {y}", WEEKDAYS_EN[self.weekday()], MONTHS_EN[m - 1]),
            (Lang::En, 6) => format!("{d}{} {} {y}", ordinal(d), MONTHS_EN[m - 1]),
            (Lang::En, _) => format!("{} {d}, {y}", MONTHS_EN[m - 1]),
        };
        Val { raw, norm: self.iso() }
    }
}

fn ordinal(d: u32) -> &'static str {
    match (d % 10, d % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    }
}

fn group3(n: u64, sep: char) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (k, c) in s.chars().enumerate() {
        if k > 0 && (s.len() - k).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

/// Amount spellings (`cents` ≥ 0).
fn money(rng: &mut Rng, cents: u64, lang: Lang) -> Val {
    let (e, c) = (cents / 100, cents % 100);
    let nl = format!("{},{c:02}", group3(e, '.'));
    let en = format!("{}.{c:02}", group3(e, ','));
    let raw = match (lang, rng.below(9)) {
        (_, 0) => format!("EUR {nl}"),
        (_, 1) => format!("{nl} EUR"),
        (_, 2) if c == 0 => format!("€ {},-", group3(e, '.')),
        (_, 3) => format!("€\u{a0}{nl}"),
        (Lang::Nl, 4) => format!("€{nl}"),
        (Lang::Nl, 5) => format!("€ {e},{c:02}"),
        (Lang::Nl, 6) => format!("{nl} euro"),
        (Lang::En, 4 | 5) => format!("€{en}"),
        (Lang::En, 6) => format!("EUR {en}"),
        _ => format!("€ {nl}"),
    };
    Val {
        raw,
        norm: format!("{e}.{c:02}"),
    }
}

/// An amount without currency, as in invoice columns.
fn plain_amount(cents: u64, lang: Lang) -> String {
    let (e, c) = (cents / 100, cents % 100);
    match lang {
        Lang::Nl => format!("{},{c:02}", group3(e, '.')),
        Lang::En => format!("{}.{c:02}", group3(e, ',')),
    }
}

/// Letters used on modern Dutch plates (no vowels, no C or Q).
const PLATE_LETTERS: &[u8] = b"BDFGHJKLNPRSTVXZ";
/// Side codes 4–11 (the ones on the road today), as patterns.
const SIDECODES: [&str; 8] = [
    "LL-DD-LL", "LL-LL-DD", "DD-LL-LL", "DD-LLL-D", "D-LLL-DD", "LL-DDD-L", "L-DDD-LL", "LLL-DD-L",
];

fn plate(rng: &mut Rng) -> Val {
    let pattern = *rng.pick(&SIDECODES);
    let norm: String = pattern
        .chars()
        .map(|p| match p {
            'L' => char::from(*rng.pick(PLATE_LETTERS)),
            'D' => char::from(b'0' + rng.below(10) as u8),
            _ => '-',
        })
        .collect();
    let raw = match rng.below(20) {
        0..=2 => norm.replace('-', ""),
        3 => norm.replace('-', "").to_ascii_lowercase(),
        _ => norm.clone(),
    };
    Val { raw, norm }
}

fn phone(rng: &mut Rng) -> Val {
    if rng.chance(0.65) {
        let sub = rng.digits(8);
        let norm = format!("+316{sub}");
        let (a, b) = sub.split_at(4);
        let raw = match rng.below(7) {
            0 => format!("06 {sub}"),
            1 => format!("06-{sub}"),
            2 => format!("06{sub}"),
            3 => format!("+31 6 {a} {b}"),
            4 => format!("+31 6 {sub}"),
            5 => format!("+31 (0)6 {a} {b}"),
            _ => format!("0031 6 {sub}"),
        };
        Val { raw, norm }
    } else {
        let area = *rng.pick(&["20", "10", "30", "70", "40", "50", "346", "513"]);
        let sub = format!("{}{}", rng.range(2, 9), rng.digits(8 - area.len()));
        let norm = format!("+31{area}{sub}");
        let raw = match rng.below(4) {
            0 => format!("0{area}-{sub}"),
            1 if sub.len() == 7 => format!("(0{area}) {} {} {}", &sub[..3], &sub[3..5], &sub[5..]),
            2 => format!("+31 {area} {sub}"),
            _ => format!("0{area} - {sub}"),
        };
        Val { raw, norm }
    }
}

fn iban_check(country: &str, bban: &str) -> u32 {
    let mut rem: u32 = 0;
    for c in bban.chars().chain(country.chars()).chain("00".chars()) {
        let v = c.to_digit(36).unwrap_or(0);
        rem = if v < 10 {
            (rem * 10 + v) % 97
        } else {
            (rem * 100 + v) % 97
        };
    }
    98 - rem
}

/// A valid (mod-97) IBAN, mostly Dutch, sometimes Belgian or German.
fn iban(rng: &mut Rng) -> Val {
    let (country, bban) = match rng.below(10) {
        0 => {
            let n = rng.digits(10);
            let v: u64 = n.parse().unwrap_or(0);
            let check = match v % 97 {
                0 => 97,
                r => r,
            };
            ("BE", format!("{n}{check:02}"))
        }
        1 => ("DE", rng.digits(18)),
        _ => {
            let bank = *rng.pick(&["ABNA", "INGB", "RABO", "SNSB", "TRIO", "ASNB", "KNAB", "BUNQ", "RBRB"]);
            ("NL", format!("{bank}{}", rng.digits(10)))
        }
    };
    let norm = format!("{country}{:02}{bban}", iban_check(country, &bban));
    let raw = if rng.chance(0.6) {
        let chars: Vec<char> = norm.chars().collect();
        chars
            .chunks(4)
            .map(|c| c.iter().collect::<String>())
            .collect::<Vec<_>>()
            .join(" ")
    } else {
        norm.clone()
    };
    Val { raw, norm }
}

fn policy(rng: &mut Rng) -> Val {
    let raw = match rng.below(6) {
        0 => format!("{}-{}", rng.pick(&["PL", "AV", "MR", "AUT", "MTR"]), rng.digits(7)),
        1 => rng.digits(9),
        2 => format!("{} {} {}", rng.digits(3), rng.digits(3), rng.digits(3)),
        3 => format!("MTR/{}/{}", rng.range(2015, 2023), rng.digits(5)),
        4 => format!(
            "{}-{}-{}",
            rng.range(2015, 2023),
            rng.digits(4),
            rng.pick(&["A", "B", "X"])
        ),
        _ => format!("NL{}", rng.digits(8)),
    };
    let norm = raw
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_uppercase();
    Val { raw, norm }
}

const FIRST_NAMES: &[&str] = &[
    "Jan",
    "Sanne",
    "Pieter",
    "Fleur",
    "Daan",
    "Emma",
    "Bram",
    "Lotte",
    "Ruben",
    "Noor",
    "Thijs",
    "Daniëlle",
    "Zoë",
    "Mohamed",
    "Fatima",
    "Kevin",
    "Priya",
    "Anouk",
    "Joris",
    "Mees",
    "Emily",
    "James",
    "Sarah",
    "Hüseyin",
];
const LAST_NAMES: &[&str] = &[
    "Jansen",
    "de Vries",
    "van den Berg",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "de Groot",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "van Dijk",
    "Dekker",
    "El Amrani",
    "Yılmaz",
    "Ramdin",
    "'t Hart",
    "van der Meer",
    "Clarke",
    "O'Neill",
    "Koç",
];

#[derive(Debug, Clone)]
struct Person {
    first: String,
    last: String,
    /// The name as printed.
    shown: String,
}

impl Person {
    fn random(rng: &mut Rng) -> Person {
        let first = (*rng.pick(FIRST_NAMES)).to_string();
        let mut last = (*rng.pick(LAST_NAMES)).to_string();
        if last == "Yılmaz" {
            // ı is not in WinAnsi; standard-font documents would print a '?'.
            last = "Yilmaz".to_string();
        }
        let shown = match rng.below(4) {
            0 => {
                let i0 = first.chars().next().unwrap_or('J');
                if rng.chance(0.4) {
                    let i1 = char::from(*rng.pick(b"ACHJMPW"));
                    format!("{i0}.{i1}. {last}")
                } else {
                    format!("{i0}. {last}")
                }
            }
            _ => format!("{first} {last}"),
        };
        Person { first, last, shown }
    }

    fn email(&self, rng: &mut Rng) -> Val {
        let ascii = |s: &str| -> String {
            s.chars()
                .filter_map(|c| match c {
                    'ë' | 'é' => Some('e'),
                    'ö' => Some('o'),
                    'ü' => Some('u'),
                    'ç' => Some('c'),
                    'ı' => Some('i'),
                    c if c.is_ascii_alphabetic() => Some(c.to_ascii_lowercase()),
                    _ => None,
                })
                .collect()
        };
        let first = ascii(&self.first);
        let last = ascii(&self.last);
        let local = match rng.below(4) {
            0 => format!("{first}.{last}"),
            1 => format!("{}.{last}", first.chars().next().unwrap_or('j')),
            2 => format!("{first}{last}{}", rng.range(60, 99)),
            _ => format!("{first}_{last}"),
        };
        let domain = *rng.pick(&[
            "gmail.com",
            "ziggo.nl",
            "kpnmail.nl",
            "hotmail.com",
            "outlook.com",
            "xs4all.nl",
            "planet.nl",
            "live.nl",
        ]);
        let shown_domain = if rng.chance(0.1) {
            domain.to_ascii_uppercase()
        } else {
            domain.to_string()
        };
        Val {
            raw: format!("{local}@{shown_domain}"),
            norm: format!("{local}@{domain}"),
        }
    }
}

const STREETS: &[&str] = &[
    "Dorpsstraat",
    "Kerkweg",
    "Biltstraat",
    "Oudegracht",
    "Stationsplein",
    "Laan van Meerdervoort",
    "Hoofdweg",
    "Molenstraat",
    "Julianalaan",
    "Industrieweg",
    "Schoolstraat",
    "Parallelweg",
];
const CITIES: &[&str] = &[
    "Utrecht",
    "Amsterdam",
    "Rotterdam",
    "Den Haag",
    "Eindhoven",
    "Groningen",
    "Zwolle",
    "Amersfoort",
    "Haarlem",
    "Nijmegen",
    "'s-Hertogenbosch",
    "Woerden",
];
const INSURERS: &[&str] = &[
    "Centraal Beheer",
    "Interpolis",
    "FBTO",
    "Nationale-Nederlanden",
    "ASR Schadeverzekering",
    "Univé",
    "Allianz Direct",
    "ANWB Verzekeren",
];
const CARS: &[&str] = &[
    "Volkswagen Golf",
    "Toyota Yaris",
    "Kia Niro",
    "Peugeot 208",
    "Tesla Model 3",
    "Opel Corsa",
    "Renault Clio",
    "Skoda Octavia",
    "Volvo V60",
];

fn postcode(rng: &mut Rng) -> String {
    loop {
        let a = char::from(*rng.pick(b"ABCDEGHJKLMNPRSTVWXZ"));
        let b = char::from(*rng.pick(b"ABCDEGHJKLMNPRSTVWXZ"));
        if !(a == 'S' && matches!(b, 'A' | 'D' | 'S')) {
            return format!("{} {a}{b}", rng.range(1000, 9999));
        }
    }
}

/// Everything one claim may state.
#[derive(Debug, Clone)]
struct Claim {
    lang: Lang,
    claimant: Person,
    street: String,
    postcode: String,
    city: String,
    email: Val,
    phone: Val,
    policy: Val,
    plate: Val,
    car: &'static str,
    insurer: &'static str,
    cp: Person,
    cp_plate: Val,
    cp_policy: Val,
    cp_insurer: &'static str,
    cp_phone: Val,
    incident: Date,
    birth: Date,
    signed: Date,
    invoice: Date,
    location: String,
    description: String,
    iban: Val,
    garage: &'static str,
    garage_city: &'static str,
    garage_phone: Val,
    garage_iban: Val,
    garage_email: String,
    customer_no: String,
    claim_no: String,
    invoice_no: String,
    excess_cents: u64,
    items: Vec<(String, u32, u64)>,
}

impl Claim {
    fn random(rng: &mut Rng, lang: Lang) -> Claim {
        let claimant = Person::random(rng);
        let mut cp = Person::random(rng);
        while cp.last == claimant.last {
            cp = Person::random(rng);
        }
        let incident = Date::random(rng, 2019, 2025);
        let city = *rng.pick(CITIES);
        let street_a = *rng.pick(STREETS);
        let street_b = *rng.pick(STREETS);
        let location = match (lang, rng.below(4)) {
            (Lang::Nl, 0) => format!("{city}, kruising {street_a} / {street_b}"),
            (Lang::Nl, 1) => format!("{street_a} {}, {city}", rng.range(1, 180)),
            (Lang::Nl, 2) => format!("parkeerplaats Albert Heijn, {street_a}, {city}"),
            (Lang::Nl, _) => format!("A{} ter hoogte van {city}", rng.pick(&["2", "12", "27", "28", "4"])),
            (Lang::En, 0) => format!("{city}, junction of {street_a} and {street_b}"),
            (Lang::En, 1) => format!("{street_a} {}, {city}", rng.range(1, 180)),
            (Lang::En, 2) => format!("supermarket car park, {street_a}, {city}"),
            (Lang::En, _) => format!("A{} motorway near {city}", rng.pick(&["2", "12", "27", "28", "4"])),
        };
        let cp_plate = plate(rng);
        let description = match (lang, rng.below(6)) {
            (Lang::Nl, 0) => "Tegenpartij reed achteruit de parkeerplaats af en raakte mijn linkerportier.".to_string(),
            (Lang::Nl, 1) => "Bij het afslaan naar rechts werd ik van achteren aangereden door de tegenpartij, \
                              die te laat remde voor het rode verkeerslicht."
                .to_string(),
            (Lang::Nl, 2) => "Eenzijdig ongeval: bij gladheid in de bocht tegen de vangrail gegleden.".to_string(),
            (Lang::Nl, 3) => format!(
                "De bestuurder van de auto met kenteken {} gaf geen voorrang en raakte mijn voorbumper.",
                cp_plate.raw
            ),
            (Lang::Nl, 4) => "Geparkeerde auto 's nachts beschadigd door onbekende, spiegel afgebroken.".to_string(),
            (Lang::Nl, _) => "Kop-staartbotsing in de file.".to_string(),
            (Lang::En, 0) => "The other driver reversed out of a parking space and hit my left door.".to_string(),
            (Lang::En, 1) => "While turning right I was hit from behind by the other party, who braked too late \
                              for the red traffic light."
                .to_string(),
            (Lang::En, 2) => {
                "Single-vehicle accident: skidded on ice in the bend and hit the crash barrier.".to_string()
            }
            (Lang::En, 3) => format!(
                "The driver of the car with registration {} failed to give way and hit my front bumper.",
                cp_plate.raw
            ),
            (Lang::En, 4) => "Parked car damaged overnight by an unknown person, mirror broken off.".to_string(),
            (Lang::En, _) => "Rear-end collision in a traffic jam.".to_string(),
        };
        let garage = *rng.pick(&[
            "Autoschade Van Dijk B.V.",
            "Schadeherstel Centrum Utrecht",
            "Carrosseriebedrijf De Groot",
            "Autobedrijf Smit & Zn.",
            "ABS Autoherstel Bos",
        ]);
        let items_nl: &[(&str, &str)] = &[
            ("Voorbumper spuiten", "Respray front bumper"),
            ("Koplamp links vervangen", "Replace left headlamp"),
            ("Portier rechtsvoor uitdeuken", "Repair right front door dent"),
            ("Buitenspiegel vervangen", "Replace door mirror"),
            ("Spuitwerk en materialen", "Paint and materials"),
            ("Uitlijnen", "Wheel alignment"),
            ("Kleine onderdelen", "Small parts"),
            ("Milieutoeslag", "Environmental charge"),
        ];
        let mut items = Vec::new();
        let n_items = rng.range(2, 6);
        for _ in 0..n_items {
            let (nl, en) = *rng.pick(items_nl);
            items.push((
                lang.t(nl, en).to_string(),
                rng.range(1, 2),
                rng.range(1_500, 85_000) as u64,
            ));
        }
        let hours = rng.range(1, 9);
        items.push((
            lang.t("Arbeidsloon", "Labour").to_string(),
            hours,
            6_500 + rng.range(0, 20) as u64 * 100,
        ));
        Claim {
            lang,
            email: claimant.email(rng),
            street: format!("{} {}", rng.pick(STREETS), rng.range(1, 250)),
            postcode: postcode(rng),
            city: (*rng.pick(CITIES)).to_string(),
            phone: phone(rng),
            policy: policy(rng),
            plate: plate(rng),
            car: rng.pick_str(CARS),
            insurer: rng.pick_str(INSURERS),
            cp_plate,
            cp_policy: policy(rng),
            cp_insurer: rng.pick_str(INSURERS),
            cp_phone: phone(rng),
            incident,
            birth: Date::random(rng, 1950, 2003),
            signed: incident.plus_days(rng.range(1, 12)),
            invoice: incident.plus_days(rng.range(5, 30)),
            location,
            description,
            iban: iban(rng),
            garage,
            garage_city: rng.pick_str(CITIES),
            garage_phone: phone(rng),
            garage_iban: iban(rng),
            garage_email: format!(
                "{}@{}.nl",
                rng.pick(&["info", "schade", "administratie"]),
                garage
                    .split_whitespace()
                    .filter(|w| !matches!(*w, "B.V." | "&" | "Zn."))
                    .collect::<String>()
                    .to_ascii_lowercase()
                    .replace(|c: char| !c.is_ascii_alphanumeric(), "")
            ),
            customer_no: rng.digits(8),
            claim_no: format!("{}-{}", incident.y, rng.digits(6)),
            invoice_no: format!("F{}-{}", incident.y, rng.digits(4)),
            excess_cents: *rng.pick(&[0, 15_000, 25_000, 30_000, 50_000]),
            items,
            claimant,
            cp,
        }
    }

    fn subtotal(&self) -> u64 {
        self.items.iter().map(|(_, q, p)| u64::from(*q) * p).sum()
    }

    fn vat(&self) -> u64 {
        (self.subtotal() * 21 + 50) / 100
    }

    fn total(&self) -> u64 {
        self.subtotal() + self.vat()
    }

    fn address_line(&self) -> String {
        format!("{}, {} {}", self.street, self.postcode, self.city)
    }
}

// ---------------------------------------------------------------------------------------
// Canvas: positioned text runs on A4 pages
// ---------------------------------------------------------------------------------------

const PAGE_W: f32 = 595.0;
const PAGE_H: f32 = 842.0;
const MARGIN_TOP: f32 = 60.0;
const MARGIN_BOTTOM: f32 = 60.0;
const LEFT: f32 = 56.0;
const RIGHT: f32 = PAGE_W - 50.0;

#[derive(Debug, Clone)]
struct Run {
    page: usize,
    x: f32,
    /// Baseline, from the top of the page.
    y: f32,
    size: f32,
    bold: bool,
    text: String,
}

#[derive(Debug, Default)]
struct Canvas {
    runs: Vec<Run>,
    /// Stroked rectangles (page, x, y-top, w, h): table rules, form boxes.
    rects: Vec<(usize, [f32; 4])>,
    page: usize,
    y: f32,
}

/// Advance widths in 1/1000 em. Close to Helvetica's; the two custom fonts use exactly
/// these, the standard fonts only for layout (with a safety factor).
fn char_width(c: char) -> f32 {
    let base = match c {
        'à' | 'á' | 'ä' => 'a',
        'è' | 'é' | 'ë' | 'ê' => 'e',
        'ï' | 'í' | 'ı' => 'i',
        'ö' | 'ó' => 'o',
        'ü' | 'ú' => 'u',
        'ç' => 'c',
        c => c,
    };
    let w = match base {
        ' ' | '\u{a0}' => 278,
        'i' | 'j' | 'l' => 222,
        'f' | 't' | '.' | ',' | ':' | ';' | '/' | 'I' | '!' => 278,
        'r' | '-' | '(' | ')' => 333,
        '\'' => 191,
        'c' | 'k' | 's' | 'v' | 'x' | 'y' | 'z' | 'J' => 500,
        'm' | 'M' => 833,
        'w' => 722,
        'W' => 944,
        '@' => 1015,
        '%' => 889,
        '+' => 584,
        '&' => 667,
        '0'..='9' | '€' => 556,
        'a'..='z' => 556,
        'C' | 'D' | 'H' | 'N' | 'R' | 'U' => 722,
        'G' | 'O' | 'Q' => 778,
        'F' | 'T' | 'Z' => 611,
        'L' => 556,
        'A'..='Z' => 667,
        _ => 600,
    };
    w as f32
}

fn text_width(s: &str, size: f32) -> f32 {
    s.chars().map(char_width).sum::<f32>() / 1000.0 * size
}

/// Layout width: standard fonts' real metrics differ a little from [`char_width`].
fn layout_width(s: &str, size: f32) -> f32 {
    text_width(s, size) * 1.12
}

impl Canvas {
    fn new() -> Canvas {
        Canvas {
            y: MARGIN_TOP,
            ..Canvas::default()
        }
    }

    fn text(&mut self, x: f32, size: f32, bold: bool, text: &str) {
        if text.is_empty() {
            return;
        }
        self.runs.push(Run {
            page: self.page,
            x,
            y: self.y,
            size,
            bold,
            text: text.to_string(),
        });
    }

    fn advance(&mut self, dy: f32) {
        self.y += dy;
        if self.y > PAGE_H - MARGIN_BOTTOM {
            self.new_page();
        }
    }

    fn new_page(&mut self) {
        self.page += 1;
        self.y = MARGIN_TOP;
    }

    /// Makes sure `h` points fit on the page, else starts a new one.
    fn keep(&mut self, h: f32) {
        if self.y + h > PAGE_H - MARGIN_BOTTOM {
            self.new_page();
        }
    }

    fn line(&mut self, x: f32, size: f32, bold: bool, text: &str) {
        self.text(x, size, bold, text);
        self.advance(size * 1.45);
    }

    fn rect(&mut self, x: f32, y_top: f32, w: f32, h: f32) {
        self.rects.push((self.page, [x, y_top, w, h]));
    }
}

/// Greedy word wrap to `width` points.
fn wrap(text: &str, size: f32, width: f32) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut cur = String::new();
    for word in text.split(' ') {
        let candidate = if cur.is_empty() {
            word.to_string()
        } else {
            format!("{cur} {word}")
        };
        if !cur.is_empty() && layout_width(&candidate, size) > width {
            lines.push(std::mem::take(&mut cur));
            cur = word.to_string();
        } else {
            cur = candidate;
        }
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    lines
}

// ---------------------------------------------------------------------------------------
// Sheet: a canvas plus the truth it states
// ---------------------------------------------------------------------------------------

struct Sheet {
    lang: Lang,
    canvas: Canvas,
    truth: BTreeMap<String, String>,
    labelled: BTreeSet<String>,
    spellings: Vec<(String, String)>,
}

impl Sheet {
    fn new(lang: Lang) -> Sheet {
        Sheet {
            lang,
            canvas: Canvas::new(),
            truth: BTreeMap::new(),
            labelled: BTreeSet::new(),
            spellings: Vec::new(),
        }
    }

    /// Records that the document states `fact` as `raw` (normalizing to `norm`).
    fn state(&mut self, fact: &str, raw: &str, norm: &str, labelled: bool) {
        self.truth.insert(fact.to_string(), norm.to_string());
        if labelled {
            self.labelled.insert(fact.to_string());
        }
        self.spellings.push((fact.to_string(), raw.to_string()));
    }

    fn state_val(&mut self, fact: &str, v: &Val, labelled: bool) {
        self.state(fact, &v.raw, &v.norm, labelled);
    }

    fn t<'a>(&self, nl: &'a str, en: &'a str) -> &'a str {
        self.lang.t(nl, en)
    }
}

/// A label/value field of a form: label text, printed value, and the fact it states.
struct Field {
    label: String,
    value: String,
    fact: Option<(&'static str, String)>,
}

fn field(label: &str, value: &str) -> Field {
    Field {
        label: label.to_string(),
        value: value.to_string(),
        fact: None,
    }
}

fn fact_field(label: &str, v: &Val, fact: &'static str) -> Field {
    Field {
        label: label.to_string(),
        value: v.raw.clone(),
        fact: Some((fact, v.norm.clone())),
    }
}

fn text_fact(label: &str, text: &str, fact: &'static str) -> Field {
    Field {
        label: label.to_string(),
        value: text.to_string(),
        fact: Some((fact, text.split_whitespace().collect::<Vec<_>>().join(" "))),
    }
}

fn record(sheet: &mut Sheet, f: &Field) {
    if let Some((fact, norm)) = &f.fact {
        sheet.state(fact, &f.value, norm, true);
    }
}

/// Label variants: picks one.
fn pick_label(rng: &mut Rng, lang: Lang, nl: &[&str], en: &[&str]) -> String {
    match lang {
        Lang::Nl => (*rng.pick(nl)).to_string(),
        Lang::En => (*rng.pick(en)).to_string(),
    }
}

// Labels as forms print them. Own labels come from the case type's vocabulary; the
// distractors are what real forms print next to them.
fn name_label(rng: &mut Rng, lang: Lang) -> String {
    pick_label(
        rng,
        lang,
        &[
            "Naam verzekeringnemer",
            "Naam verzekerde",
            "Verzekeringnemer",
            "Naam",
            "Naam aanvrager",
        ],
        &[
            "Policyholder",
            "Name of insured",
            "Insured name",
            "Name",
            "Policy holder",
        ],
    )
}

fn phone_label(rng: &mut Rng, lang: Lang) -> String {
    pick_label(
        rng,
        lang,
        &["Telefoonnummer", "Telefoon", "Mobiel", "Tel."],
        &["Phone number", "Telephone", "Phone", "Mobile"],
    )
}

fn email_label(rng: &mut Rng, lang: Lang) -> String {
    pick_label(
        rng,
        lang,
        &["E-mailadres", "E-mail", "Email"],
        &["Email address", "E-mail", "Email"],
    )
}

fn policy_label(rng: &mut Rng, lang: Lang) -> String {
    pick_label(
        rng,
        lang,
        &["Polisnummer", "Polisnr.", "Nummer polis"],
        &["Policy number", "Policy no."],
    )
}

fn plate_label(rng: &mut Rng, lang: Lang) -> String {
    pick_label(
        rng,
        lang,
        &["Kenteken", "Kenteken voertuig", "Uw kenteken", "Kenteken auto"],
        &[
            "Licence plate",
            "Registration number",
            "License plate",
            "Vehicle registration",
        ],
    )
}

fn cp_plate_label(rng: &mut Rng, lang: Lang) -> String {
    pick_label(
        rng,
        lang,
        &["Kenteken tegenpartij", "Kenteken wederpartij"],
        &[
            "Counterparty licence plate",
            "Other party licence plate",
            "Other vehicle registration",
        ],
    )
}

fn date_label(rng: &mut Rng, lang: Lang) -> String {
    pick_label(
        rng,
        lang,
        &["Schadedatum", "Datum ongeval", "Datum van het ongeval", "Datum schade"],
        &["Date of accident", "Incident date", "Date of incident", "Accident date"],
    )
}

fn location_label(rng: &mut Rng, lang: Lang) -> String {
    pick_label(
        rng,
        lang,
        &[
            "Plaats van het ongeval",
            "Plaats ongeval",
            "Locatie ongeval",
            "Schadelocatie",
        ],
        &["Place of accident", "Incident location", "Accident location"],
    )
}

fn description_label(rng: &mut Rng, lang: Lang) -> String {
    pick_label(
        rng,
        lang,
        &["Omschrijving van het ongeval", "Toedracht", "Omschrijving"],
        &["Description of the accident", "Circumstances", "What happened"],
    )
}

fn iban_label(rng: &mut Rng, lang: Lang) -> String {
    pick_label(
        rng,
        lang,
        &["IBAN", "Rekeningnummer", "Bankrekeningnummer", "IBAN verzekerde"],
        &["IBAN", "Bank account", "Account number"],
    )
}

fn amount_label(rng: &mut Rng, lang: Lang) -> String {
    pick_label(
        rng,
        lang,
        &["Schadebedrag", "Reparatiekosten", "Totaalbedrag"],
        &["Damage amount", "Repair costs", "Total amount"],
    )
}

// ---------------------------------------------------------------------------------------
// Layouts
// ---------------------------------------------------------------------------------------

fn header(sheet: &mut Sheet, title: &str, org: &str) {
    let c = &mut sheet.canvas;
    c.line(LEFT, 15.0, true, org);
    c.advance(4.0);
    c.line(LEFT, 12.5, true, title);
    c.advance(6.0);
}

fn section(sheet: &mut Sheet, title: &str) {
    let c = &mut sheet.canvas;
    c.advance(5.0);
    c.keep(40.0);
    c.line(LEFT, 11.0, true, title);
    c.rect(LEFT, c.y - 12.0, RIGHT - LEFT, 0.0);
    c.advance(2.0);
}

/// How a label and its value are put on a line.
#[derive(Debug, Clone, Copy, PartialEq)]
enum KvStyle {
    /// Label with a colon at the left margin, value as its own run in a value column.
    Column,
    /// One string "Label: value".
    Inline,
    /// One string with the value padded to a column with spaces, as legacy systems print.
    Padded,
}

/// Writes form fields one per line; long values wrap in the value column.
fn kv_fields(sheet: &mut Sheet, fields: &[Field], style: KvStyle, colon: bool, size: f32) {
    let label_w = fields
        .iter()
        .map(|f| layout_width(&format!("{}:", f.label), size))
        .fold(0.0, f32::max);
    let value_x = LEFT + label_w + 14.0;
    let pad_chars = fields.iter().map(|f| f.label.chars().count()).max().unwrap_or(10) + 4;
    for f in fields {
        let label = if colon {
            format!("{}:", f.label)
        } else {
            f.label.clone()
        };
        match style {
            KvStyle::Column => {
                let lines = wrap(&f.value, size, RIGHT - value_x);
                sheet.canvas.keep(size * 1.45 * lines.len() as f32);
                sheet.canvas.text(LEFT, size, false, &label);
                for l in &lines {
                    sheet.canvas.line(value_x, size, false, l);
                }
            }
            KvStyle::Inline => {
                let text = format!("{label} {}", f.value);
                for l in wrap(&text, size, RIGHT - LEFT) {
                    sheet.canvas.line(LEFT, size, false, &l);
                }
            }
            KvStyle::Padded => {
                let pad = pad_chars.saturating_sub(label.chars().count()).max(2);
                let text = format!("{label}{}{}", " ".repeat(pad), f.value);
                for l in wrap(&text, size, RIGHT - LEFT) {
                    sheet.canvas.line(LEFT, size, false, &l);
                }
            }
        }
        record(sheet, f);
    }
}

/// (1) Key–value claim form.
fn layout_form(sheet: &mut Sheet, c: &Claim, rng: &mut Rng) {
    let lang = c.lang;
    let style = *rng.pick(&[KvStyle::Column, KvStyle::Column, KvStyle::Inline, KvStyle::Padded]);
    let colon = style != KvStyle::Padded || rng.chance(0.5);
    let size = *rng.pick(&[9.5, 10.0, 10.5]);
    header(
        sheet,
        lang.t("Schadeaangifteformulier motorrijtuigen", "Motor vehicle claim form"),
        c.insurer,
    );
    if rng.chance(0.7) {
        let l = sheet.t("Schadenummer", "Claim number").to_string();
        kv_fields(sheet, &[field(&l, &c.claim_no)], style, colon, size);
    }
    section(sheet, lang.t("1. Gegevens verzekeringnemer", "1. Policyholder details"));
    let mut f = vec![
        fact_field(
            &name_label(rng, lang),
            &Val {
                raw: c.claimant.shown.clone(),
                norm: c.claimant.shown.clone(),
            },
            "claimant_name",
        ),
        field(lang.t("Adres", "Address"), &c.street),
        field(
            lang.t("Postcode en woonplaats", "Postcode and city"),
            &format!("{} {}", c.postcode, c.city),
        ),
    ];
    if rng.chance(0.7) {
        let birth = c.birth.spell(rng, lang);
        f.push(field(lang.t("Geboortedatum", "Date of birth"), &birth.raw));
    }
    if rng.chance(0.85) {
        f.push(fact_field(&phone_label(rng, lang), &c.phone, "claimant_phone"));
    }
    if rng.chance(0.85) {
        f.push(fact_field(&email_label(rng, lang), &c.email, "claimant_email"));
    }
    f.push(fact_field(&policy_label(rng, lang), &c.policy, "policy_number"));
    if rng.chance(0.5) {
        f.push(field(lang.t("Klantnummer", "Customer number"), &c.customer_no));
    }
    if rng.chance(0.8) {
        f.push(fact_field(&iban_label(rng, lang), &c.iban, "iban"));
    }
    kv_fields(sheet, &f, style, colon, size);

    section(sheet, lang.t("2. Voertuig", "2. Vehicle"));
    let f = vec![
        fact_field(&plate_label(rng, lang), &c.plate, "licence_plate"),
        field(lang.t("Merk en type", "Make and model"), c.car),
        field(lang.t("Bouwjaar", "Year"), &rng.range(2008, 2023).to_string()),
    ];
    kv_fields(sheet, &f, style, colon, size);

    section(sheet, lang.t("3. Schade", "3. Damage"));
    let date = c.incident.spell(rng, lang);
    let mut f = vec![
        fact_field(&date_label(rng, lang), &date, "incident_date"),
        text_fact(&location_label(rng, lang), &c.location, "incident_location"),
        text_fact(&description_label(rng, lang), &c.description, "incident_description"),
    ];
    if rng.chance(0.5) {
        let amount = money(rng, c.total(), lang);
        f.push(fact_field(&amount_label(rng, lang), &amount, "damage_amount"));
    }
    if rng.chance(0.4) {
        let excess = money(rng, c.excess_cents.max(15_000), lang);
        f.push(field(lang.t("Eigen risico", "Excess"), &excess.raw));
    }
    kv_fields(sheet, &f, style, colon, size);

    if rng.chance(0.65) {
        section(sheet, lang.t("4. Tegenpartij", "4. Other party"));
        let mut f = vec![
            field(lang.t("Naam tegenpartij", "Other party name"), &c.cp.shown),
            fact_field(&cp_plate_label(rng, lang), &c.cp_plate, "counterparty_licence_plate"),
        ];
        if rng.chance(0.5) {
            f.push(field(
                lang.t("Telefoonnummer tegenpartij", "Counterparty phone"),
                &c.cp_phone.raw,
            ));
        }
        if rng.chance(0.4) {
            f.push(field(
                lang.t("Polisnummer tegenpartij", "Counterparty policy number"),
                &c.cp_policy.raw,
            ));
        }
        kv_fields(sheet, &f, style, colon, size);
    }

    section(sheet, lang.t("5. Ondertekening", "5. Signature"));
    let signed = c.signed.spell(rng, lang);
    let f = vec![
        field(lang.t("Plaats ondertekening", "Place of signing"), &c.city),
        field(lang.t("Datum ondertekening", "Date signed"), &signed.raw),
    ];
    kv_fields(sheet, &f, style, colon, size);
    sheet.canvas.advance(30.0);
    sheet.canvas.line(
        LEFT,
        9.0,
        false,
        lang.t("Handtekening verzekeringnemer", "Signature of policyholder"),
    );
}

/// (2) A bordered table, two label/value pairs per row.
fn layout_table(sheet: &mut Sheet, c: &Claim, rng: &mut Rng) {
    let lang = c.lang;
    let size = *rng.pick(&[8.5, 9.0, 9.5]);
    header(
        sheet,
        lang.t("Schademelding motorrijtuig", "Motor claim notification"),
        c.insurer,
    );
    let name = Val {
        raw: c.claimant.shown.clone(),
        norm: c.claimant.shown.clone(),
    };
    let date = c.incident.spell(rng, lang);
    let birth = c.birth.spell(rng, lang);
    let short_location = c.location.split(',').next_back().unwrap_or("").trim().to_string();
    let mut cells: Vec<Field> = vec![
        fact_field(&policy_label(rng, lang), &c.policy, "policy_number"),
        field(lang.t("Klantnummer", "Customer number"), &c.customer_no),
        fact_field(&name_label(rng, lang), &name, "claimant_name"),
        field(lang.t("Geboortedatum", "Date of birth"), &birth.raw),
        fact_field(&plate_label(rng, lang), &c.plate, "licence_plate"),
        fact_field(&date_label(rng, lang), &date, "incident_date"),
        text_fact(
            lang.t("Plaats ongeval", "Accident location"),
            &short_location,
            "incident_location",
        ),
        field(lang.t("Schadenummer", "Claim number"), &c.claim_no),
    ];
    if rng.chance(0.8) {
        cells.push(fact_field(&phone_label(rng, lang), &c.phone, "claimant_phone"));
    }
    if rng.chance(0.8) {
        cells.push(fact_field(&email_label(rng, lang), &c.email, "claimant_email"));
    }
    if rng.chance(0.7) {
        cells.push(fact_field(&iban_label(rng, lang), &c.iban, "iban"));
    }
    if rng.chance(0.6) {
        cells.push(fact_field(
            &cp_plate_label(rng, lang),
            &c.cp_plate,
            "counterparty_licence_plate",
        ));
        cells.push(field(lang.t("Naam tegenpartij", "Counterparty name"), &c.cp.shown));
    }
    if rng.chance(0.5) {
        let amount = money(rng, c.total(), lang);
        cells.push(fact_field(&amount_label(rng, lang), &amount, "damage_amount"));
        let excess = money(rng, c.excess_cents.max(15_000), lang);
        cells.push(field(lang.t("Eigen risico", "Excess"), &excess.raw));
    }
    // Keep related pairs apart from their look-alikes sometimes, next to them other times.
    if rng.chance(0.5) {
        rng.shuffle(&mut cells);
    }
    if cells.len() % 2 == 1 {
        cells.push(field(lang.t("Merk en type", "Make and model"), c.car));
    }
    let left: Vec<&Field> = cells.iter().step_by(2).collect();
    let right: Vec<&Field> = cells.iter().skip(1).step_by(2).collect();
    let pad = 6.0;
    let x0 = LEFT - 4.0;
    // Column edges for a font size; the size shrinks until the table fits the page.
    let edges = |size: f32| {
        let lw = |fs: &[&Field]| fs.iter().map(|f| layout_width(&f.label, size)).fold(0.0, f32::max);
        let vw = |fs: &[&Field]| fs.iter().map(|f| layout_width(&f.value, size)).fold(0.0, f32::max);
        let x1 = x0 + lw(&left) + 2.0 * pad;
        let x2 = x1 + vw(&left) + 2.0 * pad;
        let x3 = x2 + lw(&right) + 2.0 * pad;
        (x1, x2, x3, x3 + vw(&right) + 2.0 * pad)
    };
    let mut size = size;
    while edges(size).3 > PAGE_W - 30.0 && size > 6.0 {
        size -= 0.5;
    }
    let (x1, x2, x3, x4) = edges(size);
    let x4 = x4.max(RIGHT);
    let row_h = size * 2.0;
    let top = sheet.canvas.y;
    for pair in cells.chunks(2) {
        let y = sheet.canvas.y;
        sheet.canvas.rect(x0, y - size - 4.0, x4 - x0, row_h);
        for (k, f) in pair.iter().enumerate() {
            let (lx, vx) = if k == 0 { (x0, x1) } else { (x2, x3) };
            sheet.canvas.text(lx + pad, size, true, &f.label);
            sheet.canvas.text(vx + pad, size, false, &f.value);
            record(sheet, f);
        }
        sheet.canvas.advance(row_h);
    }
    for x in [x1, x2, x3] {
        sheet.canvas.rect(x, top - size - 4.0, 0.0, sheet.canvas.y - top);
    }
    sheet.canvas.advance(10.0);
    let desc_label = description_label(rng, lang);
    sheet.canvas.line(LEFT, size, true, &desc_label);
    let lines = wrap(&c.description, size, RIGHT - LEFT - 10.0);
    let box_top = sheet.canvas.y - size - 3.0;
    for l in &lines {
        sheet.canvas.line(LEFT + 4.0, size, false, l);
    }
    sheet
        .canvas
        .rect(LEFT, box_top, RIGHT - LEFT, lines.len() as f32 * size * 1.45 + 6.0);
    sheet.state(
        "incident_description",
        &c.description,
        &c.description.split_whitespace().collect::<Vec<_>>().join(" "),
        true,
    );
    sheet.canvas.advance(20.0);
    let signed = c.signed.spell(rng, lang);
    let l = format!("{}: {}", lang.t("Datum ondertekening", "Date signed"), signed.raw);
    sheet.canvas.line(LEFT, size, false, &l);
}

/// (3) European accident statement: shared fields on top, vehicle A and B side by side.
fn layout_accident(sheet: &mut Sheet, c: &Claim, rng: &mut Rng) {
    let lang = c.lang;
    let size = *rng.pick(&[8.5, 9.0]);
    header(
        sheet,
        lang.t(
            "Aanrijdingsformulier (Europees schadeformulier)",
            "European Accident Statement",
        ),
        lang.t(
            "Verklaring omtrent een verkeersongeval",
            "Joint report of a road accident",
        ),
    );
    let date = c.incident.spell(rng, lang);
    let time = format!("{:02}:{:02}", rng.range(6, 22), rng.range(0, 59));
    let l1 = format!(
        "1. {}: {}   {}: {}",
        date_label(rng, lang),
        date.raw,
        lang.t("Tijd", "Time"),
        time
    );
    sheet.canvas.line(LEFT, size, false, &l1);
    sheet.state_val("incident_date", &date, true);
    let loc_label = pick_label(
        rng,
        lang,
        &["Plaats", "Locatie", "Plaats van het ongeval"],
        &["Location", "Place of accident"],
    );
    let l2 = format!("2. {loc_label}: {}", c.location);
    sheet.canvas.line(LEFT, size, false, &l2);
    sheet.state("incident_location", &c.location, &c.location, true);
    let l3 = format!(
        "3. {}: {}    4. {}: {}",
        lang.t("Gewonden", "Injuries"),
        lang.t("nee", "no"),
        lang.t("Schade aan andere voertuigen", "Damage to other vehicles"),
        lang.t("ja", "yes")
    );
    sheet.canvas.line(LEFT, size, false, &l3);
    sheet.canvas.advance(8.0);

    // Variant: "explicit" labels name the vehicle in every field; "columns" prints the same
    // labels in column A and B, as the official form does.
    let explicit = rng.chance(0.35);
    let name_a = Val {
        raw: c.claimant.shown.clone(),
        norm: c.claimant.shown.clone(),
    };
    let mut a: Vec<Field> = Vec::new();
    let mut b: Vec<Field> = Vec::new();
    if explicit {
        a.push(fact_field(
            lang.t("Naam bestuurder", "Driver name"),
            &name_a,
            "claimant_name",
        ));
        b.push(field(
            lang.t("Naam bestuurder tegenpartij", "Other party name"),
            &c.cp.shown,
        ));
        a.push(fact_field(
            lang.t("Kenteken voertuig A", "Registration number"),
            &c.plate,
            "licence_plate",
        ));
        b.push(fact_field(
            lang.t("Kenteken voertuig B", "Other vehicle registration"),
            &c.cp_plate,
            "counterparty_licence_plate",
        ));
        a.push(fact_field(&policy_label(rng, lang), &c.policy, "policy_number"));
        b.push(field(
            lang.t("Polisnummer tegenpartij", "Counterparty policy number"),
            &c.cp_policy.raw,
        ));
        a.push(fact_field(&phone_label(rng, lang), &c.phone, "claimant_phone"));
        b.push(field(
            lang.t("Telefoon tegenpartij", "Counterparty phone"),
            &c.cp_phone.raw,
        ));
    } else {
        let name_l = pick_label(rng, lang, &["Naam", "Verzekeringnemer"], &["Name", "Policyholder"]);
        let plate_l = pick_label(rng, lang, &["Kenteken"], &["Registration number", "Registration"]);
        let pol_l = pick_label(rng, lang, &["Polisnummer"], &["Policy number", "Policy no."]);
        let tel_l = pick_label(rng, lang, &["Telefoon", "Tel."], &["Phone", "Telephone"]);
        a.push(fact_field(&name_l, &name_a, "claimant_name"));
        b.push(field(&name_l, &c.cp.shown));
        a.push(fact_field(&plate_l, &c.plate, "licence_plate"));
        b.push(fact_field(&plate_l, &c.cp_plate, "counterparty_licence_plate"));
        a.push(field(lang.t("Verzekeraar", "Insurer"), c.insurer));
        b.push(field(lang.t("Verzekeraar", "Insurer"), c.cp_insurer));
        a.push(fact_field(&pol_l, &c.policy, "policy_number"));
        b.push(field(&pol_l, &c.cp_policy.raw));
        a.push(fact_field(&tel_l, &c.phone, "claimant_phone"));
        b.push(field(&tel_l, &c.cp_phone.raw));
    }
    a.push(field(lang.t("Adres", "Address"), &c.address_line()));
    b.push(field(lang.t("Merk en type", "Make and model"), rng.pick_str(CARS)));
    if rng.chance(0.6) {
        a.push(fact_field(&email_label(rng, lang), &c.email, "claimant_email"));
    }
    let col_b = LEFT + (RIGHT - LEFT) / 2.0 + 6.0;
    let col_w = (RIGHT - LEFT) / 2.0 - 14.0;
    let blockwise = rng.chance(0.5);
    let head_y = sheet.canvas.y;
    sheet
        .canvas
        .text(LEFT, size + 1.0, true, lang.t("Voertuig A", "Vehicle A"));
    if !blockwise {
        sheet
            .canvas
            .text(col_b, size + 1.0, true, lang.t("Voertuig B", "Vehicle B"));
    }
    sheet.canvas.advance(size * 1.8);
    let start_y = sheet.canvas.y;
    let line_h = size * 1.45;
    // Each field as "Label: value" (wrapped inside its column).
    let lines_of = |f: &Field| wrap(&format!("{}: {}", f.label, f.value), size, col_w);
    if blockwise {
        // Producer writes column A completely, then column B.
        for f in &a {
            for l in lines_of(f) {
                sheet.canvas.line(LEFT, size, false, &l);
            }
        }
        let end_a = sheet.canvas.y;
        sheet.canvas.y = head_y;
        sheet
            .canvas
            .text(col_b, size + 1.0, true, lang.t("Voertuig B", "Vehicle B"));
        sheet.canvas.y = start_y;
        for f in &b {
            for l in lines_of(f) {
                sheet.canvas.line(col_b, size, false, &l);
            }
        }
        sheet.canvas.y = sheet.canvas.y.max(end_a);
    } else {
        let n = a.len().max(b.len());
        for k in 0..n {
            let la = a.get(k).map(lines_of).unwrap_or_default();
            let lb = b.get(k).map(lines_of).unwrap_or_default();
            let y = sheet.canvas.y;
            for (j, l) in la.iter().enumerate() {
                sheet.canvas.y = y + j as f32 * line_h;
                sheet.canvas.text(LEFT, size, false, l);
            }
            for (j, l) in lb.iter().enumerate() {
                sheet.canvas.y = y + j as f32 * line_h;
                sheet.canvas.text(col_b, size, false, l);
            }
            sheet.canvas.y = y;
            sheet.canvas.advance(la.len().max(lb.len()) as f32 * line_h);
        }
    }
    sheet.canvas.rect(
        LEFT - 4.0,
        head_y - size - 4.0,
        col_b - LEFT - 4.0,
        sheet.canvas.y - head_y + 4.0,
    );
    sheet.canvas.rect(
        col_b - 4.0,
        head_y - size - 4.0,
        RIGHT - col_b + 4.0,
        sheet.canvas.y - head_y + 4.0,
    );
    for f in a.iter().chain(&b) {
        record(sheet, f);
    }
    sheet.canvas.advance(10.0);
    let desc_label = lang.t("14. Mijn opmerkingen", "14. My remarks").to_string();
    sheet.canvas.line(LEFT, size, true, &desc_label);
    for l in wrap(&c.description, size, RIGHT - LEFT) {
        sheet.canvas.line(LEFT, size, false, &l);
    }
    sheet.canvas.advance(14.0);
    let l = format!(
        "{}: {}    {}",
        lang.t("Handtekening bestuurder A", "Signature of driver A"),
        c.claimant.shown,
        lang.t("Handtekening bestuurder B", "Signature of driver B")
    );
    sheet.canvas.line(LEFT, size, false, &l);
}

/// (4) Repair quote or invoice from a garage.
fn layout_invoice(sheet: &mut Sheet, c: &Claim, rng: &mut Rng) {
    let lang = c.lang;
    let size = *rng.pick(&[9.0, 9.5, 10.0]);
    let quote = rng.chance(0.35);
    let cv = &mut sheet.canvas;
    cv.line(LEFT, 16.0, true, c.garage);
    cv.line(
        LEFT,
        size,
        false,
        &format!("{} {}, {}", rng.pick(STREETS), rng.range(1, 99), c.garage_city),
    );
    // Letterheads print the garage's own phone and e-mail, labelled or not.
    let contact = match rng.below(3) {
        0 => format!("T {}  |  {}", c.garage_phone.raw, c.garage_email),
        1 => format!("Tel. {}  E-mail: {}", c.garage_phone.raw, c.garage_email),
        _ => format!("{}: {}", lang.t("Telefoon garage", "Garage phone"), c.garage_phone.raw),
    };
    cv.line(LEFT, size, false, &contact);
    cv.advance(14.0);
    let title = match (quote, lang) {
        (true, Lang::Nl) => "OFFERTE SCHADEHERSTEL",
        (true, Lang::En) => "REPAIR QUOTE",
        (false, Lang::Nl) => "FACTUUR",
        (false, Lang::En) => "INVOICE",
    };
    cv.line(LEFT, 14.0, true, title);
    cv.advance(4.0);
    let doc_date = c.invoice.spell(rng, lang);
    let (no_l, date_l) = match (quote, lang) {
        (true, Lang::Nl) => ("Offertenummer", "Offertedatum"),
        (true, Lang::En) => ("Quote number", "Quote date"),
        (false, Lang::Nl) => ("Factuurnummer", "Factuurdatum"),
        (false, Lang::En) => ("Invoice number", "Invoice date"),
    };
    let mut f = vec![field(no_l, &c.invoice_no), field(date_l, &doc_date.raw)];
    let name = Val {
        raw: c.claimant.shown.clone(),
        norm: c.claimant.shown.clone(),
    };
    f.push(fact_field(&name_label(rng, lang), &name, "claimant_name"));
    f.push(fact_field(&plate_label(rng, lang), &c.plate, "licence_plate"));
    f.push(field(lang.t("Merk en type", "Make and model"), c.car));
    if rng.chance(0.6) {
        let date = c.incident.spell(rng, lang);
        f.push(fact_field(&date_label(rng, lang), &date, "incident_date"));
    }
    if rng.chance(0.5) {
        f.push(fact_field(&policy_label(rng, lang), &c.policy, "policy_number"));
    }
    if rng.chance(0.5) {
        f.push(field(lang.t("Schadenummer", "Claim number"), &c.claim_no));
    }
    kv_fields(sheet, &f, KvStyle::Column, true, size);
    sheet.canvas.advance(12.0);

    // Line items: description, quantity, unit price, amount; numbers right-aligned.
    let x_qty = LEFT + 270.0;
    let x_price = LEFT + 360.0;
    let x_amount = RIGHT;
    let right_at = |s: &str, x: f32| x - layout_width(s, size);
    let head = pick_label(
        rng,
        lang,
        &["Omschrijving werkzaamheden", "Omschrijving", "Werkzaamheden"],
        &["Description of work", "Description", "Item"],
    );
    let cv = &mut sheet.canvas;
    cv.text(LEFT, size, true, &head);
    cv.text(x_qty - 30.0, size, true, lang.t("Aantal", "Qty"));
    let price_h = lang.t("Prijs", "Price");
    cv.text(right_at(price_h, x_price), size, true, price_h);
    let amount_h = lang.t("Bedrag", "Amount");
    cv.text(right_at(amount_h, x_amount), size, true, amount_h);
    cv.rect(LEFT, cv.y + 4.0, RIGHT - LEFT, 0.0);
    cv.advance(size * 1.7);
    let with_currency = rng.chance(0.4);
    for (desc, qty, price) in &c.items {
        let unit = plain_amount(*price, lang);
        let total = u64::from(*qty) * price;
        let amount = if with_currency {
            format!("€ {}", plain_amount(total, lang))
        } else {
            plain_amount(total, lang)
        };
        let qty_s = if desc == "Arbeidsloon" || desc == "Labour" {
            format!("{qty} {}", lang.t("uur", "h"))
        } else {
            qty.to_string()
        };
        cv.text(LEFT, size, false, desc);
        cv.text(x_qty - 30.0, size, false, &qty_s);
        cv.text(right_at(&unit, x_price), size, false, &unit);
        cv.text(right_at(&amount, x_amount), size, false, &amount);
        cv.advance(size * 1.45);
    }
    cv.rect(LEFT, cv.y - size, RIGHT - LEFT, 0.0);
    cv.advance(6.0);
    let total = money(rng, c.total(), lang);
    let sub = money(rng, c.subtotal(), lang);
    let vat = money(rng, c.vat(), lang);
    let mut rows: Vec<(String, String, bool)> = vec![
        (
            pick_label(
                rng,
                lang,
                &["Subtotaal", "Totaal excl. BTW"],
                &["Subtotal", "Total excl. VAT"],
            ),
            sub.raw,
            false,
        ),
        (lang.t("BTW 21%", "VAT 21%").to_string(), vat.raw, false),
        (
            pick_label(
                rng,
                lang,
                &["Totaal incl. BTW", "Totaal inclusief BTW", "Totaalbedrag"],
                &["Total incl. VAT", "Total including VAT", "Total amount"],
            ),
            total.raw.clone(),
            true,
        ),
    ];
    if c.excess_cents > 0 {
        let excess = money(rng, c.excess_cents, lang);
        let l = pick_label(rng, lang, &["Eigen risico"], &["Excess", "Deductible"]);
        rows.push((l, excess.raw, false));
    }
    let x_label = LEFT + 230.0;
    for (label, value, bold) in &rows {
        cv.text(x_label, size, *bold, label);
        cv.text(right_at(value, x_amount), size, *bold, value);
        cv.advance(size * 1.5);
    }
    sheet.state("damage_amount", &total.raw, &total.norm, true);
    sheet.canvas.advance(20.0);
    let terms = lang.t(
        "Betaling binnen 30 dagen na factuurdatum onder vermelding van het factuurnummer.",
        "Payment within 30 days of the invoice date, quoting the invoice number.",
    );
    sheet.canvas.line(LEFT, size - 1.0, false, terms);
    // Footer with the garage's bank details.
    let footer = match rng.below(3) {
        0 => format!("{}: {}", lang.t("IBAN garage", "Garage IBAN"), c.garage_iban.raw),
        1 => format!(
            "{}: {}",
            lang.t("Rekeningnummer garage", "Garage IBAN"),
            c.garage_iban.raw
        ),
        _ => format!("IBAN {}  t.n.v. {}", c.garage_iban.raw, c.garage),
    };
    let kvk = format!("KvK {}  |  BTW NL{}B01", rng.digits(8), rng.digits(9));
    let cv = &mut sheet.canvas;
    cv.y = cv.y.max(PAGE_H - MARGIN_BOTTOM - 20.0);
    cv.line(LEFT, size - 1.5, false, &footer);
    cv.line(LEFT, size - 1.5, false, &kvk);
}

/// (5) A letter from the claimant, with a few labelled lines.
fn layout_letter(sheet: &mut Sheet, c: &Claim, rng: &mut Rng) {
    let lang = c.lang;
    let size = *rng.pick(&[10.0, 10.5, 11.0]);
    let lh = size * 1.45;
    let name = c.claimant.shown.clone();
    // Sender block: no labels, or the usual "Tel." and "E-mail:" prefixes.
    sheet.canvas.line(LEFT, size, false, &name);
    sheet.state("claimant_name", &name, &name, false);
    sheet.canvas.line(LEFT, size, false, &c.street);
    sheet
        .canvas
        .line(LEFT, size, false, &format!("{} {}", c.postcode, c.city));
    if rng.chance(0.7) {
        let labelled = rng.chance(0.5);
        let l = if labelled {
            format!("Tel. {}", c.phone.raw)
        } else {
            c.phone.raw.clone()
        };
        sheet.canvas.line(LEFT, size, false, &l);
        sheet.state_val("claimant_phone", &c.phone, labelled);
    }
    if rng.chance(0.7) {
        let labelled = rng.chance(0.5);
        let l = if labelled {
            format!("E-mail: {}", c.email.raw)
        } else {
            c.email.raw.clone()
        };
        sheet.canvas.line(LEFT, size, false, &l);
        sheet.state_val("claimant_email", &c.email, labelled);
    }
    sheet.canvas.advance(lh);
    let recipient_x = LEFT + 280.0;
    sheet.canvas.line(recipient_x, size, false, c.insurer);
    sheet
        .canvas
        .line(recipient_x, size, false, lang.t("Afdeling Schade", "Claims Department"));
    sheet
        .canvas
        .line(recipient_x, size, false, &format!("Postbus {}", rng.range(100, 9999)));
    sheet.canvas.line(
        recipient_x,
        size,
        false,
        &format!("{} {}", postcode(rng), rng.pick(CITIES)),
    );
    sheet.canvas.advance(lh);
    let written = c.signed.spell(rng, lang);
    sheet
        .canvas
        .line(LEFT, size, false, &format!("{}, {}", c.city, written.raw));
    sheet.canvas.advance(lh * 0.5);
    let pol_label = policy_label(rng, lang);
    let subject = format!(
        "{}: {} {} {}",
        lang.t("Betreft", "Subject"),
        lang.t("schademelding,", "claim notification,"),
        pol_label.to_lowercase(),
        c.policy.raw
    );
    sheet.canvas.line(LEFT, size, true, &subject);
    sheet.state_val("policy_number", &c.policy, true);
    sheet.canvas.advance(lh * 0.5);
    sheet.canvas.line(
        LEFT,
        size,
        false,
        lang.t("Geachte heer, mevrouw,", "Dear Sir or Madam,"),
    );
    sheet.canvas.advance(lh * 0.5);
    let date_prose = c.incident.spell(rng, lang);
    let plate_word = lang.t("kenteken", "registration");
    let body = match lang {
        Lang::Nl => format!(
            "Op {} ben ik met mijn {} met {plate_word} {} betrokken geraakt bij een aanrijding in {}. {} \
             Graag meld ik hierbij de schade. Bijgevoegd vindt u de foto's en de offerte van de garage.",
            date_prose.raw, c.car, c.plate.raw, c.location, c.description
        ),
        Lang::En => format!(
            "On {} my {} with {plate_word} {} was involved in an accident at {}. {} \
             I hereby report the damage. Please find attached the photos and the garage's quote.",
            date_prose.raw, c.car, c.plate.raw, c.location, c.description
        ),
    };
    sheet.state_val("incident_date", &date_prose, false);
    sheet.state_val("licence_plate", &c.plate, true);
    for l in wrap(&body, size, RIGHT - LEFT) {
        sheet.canvas.line(LEFT, size, false, &l);
    }
    sheet.canvas.advance(lh * 0.5);
    if rng.chance(0.3) {
        sheet.canvas.new_page();
    }
    sheet.canvas.line(
        LEFT,
        size,
        false,
        lang.t(
            "Voor de volledigheid de gegevens op een rij:",
            "For completeness, the details:",
        ),
    );
    let mut f = Vec::new();
    if rng.chance(0.7) {
        let date = c.incident.spell(rng, lang);
        f.push(fact_field(&date_label(rng, lang), &date, "incident_date"));
    }
    if rng.chance(0.6) {
        f.push(fact_field(
            &cp_plate_label(rng, lang),
            &c.cp_plate,
            "counterparty_licence_plate",
        ));
        f.push(field(lang.t("Naam tegenpartij", "Other party name"), &c.cp.shown));
    }
    if rng.chance(0.4) {
        f.push(field(lang.t("Klantnummer", "Customer number"), &c.customer_no));
    }
    if rng.chance(0.8) {
        f.push(fact_field(&iban_label(rng, lang), &c.iban, "iban"));
    }
    if rng.chance(0.4) {
        let amount = money(rng, c.total(), lang);
        f.push(fact_field(&amount_label(rng, lang), &amount, "damage_amount"));
    }
    kv_fields(sheet, &f, KvStyle::Inline, true, size);
    sheet.canvas.advance(lh);
    sheet
        .canvas
        .line(LEFT, size, false, lang.t("Met vriendelijke groet,", "Kind regards,"));
    sheet.canvas.advance(lh * 1.5);
    sheet.canvas.line(LEFT, size, false, &name);
    sheet.spellings.push(("claimant_name".to_string(), name));
}

/// (6) Labels on one line, values on the next (one or two columns).
fn layout_stacked(sheet: &mut Sheet, c: &Claim, rng: &mut Rng) {
    let lang = c.lang;
    let size = *rng.pick(&[9.0, 10.0]);
    let label_size = size - 1.5;
    header(
        sheet,
        lang.t("Digitale schademelding", "Online claim submission"),
        c.insurer,
    );
    let date = c.incident.spell(rng, lang);
    let birth = c.birth.spell(rng, lang);
    let signed = c.signed.spell(rng, lang);
    let name = Val {
        raw: c.claimant.shown.clone(),
        norm: c.claimant.shown.clone(),
    };
    let mut f = vec![
        fact_field(&name_label(rng, lang), &name, "claimant_name"),
        field(lang.t("Geboortedatum", "Date of birth"), &birth.raw),
        fact_field(&policy_label(rng, lang), &c.policy, "policy_number"),
        fact_field(&plate_label(rng, lang), &c.plate, "licence_plate"),
        fact_field(&date_label(rng, lang), &date, "incident_date"),
    ];
    if rng.chance(0.8) {
        f.push(fact_field(&phone_label(rng, lang), &c.phone, "claimant_phone"));
    }
    if rng.chance(0.8) {
        f.push(fact_field(&email_label(rng, lang), &c.email, "claimant_email"));
    }
    if rng.chance(0.7) {
        f.push(fact_field(&iban_label(rng, lang), &c.iban, "iban"));
    }
    if rng.chance(0.5) {
        f.push(fact_field(
            &cp_plate_label(rng, lang),
            &c.cp_plate,
            "counterparty_licence_plate",
        ));
    }
    if rng.chance(0.4) {
        let amount = money(rng, c.total(), lang);
        f.push(fact_field(&amount_label(rng, lang), &amount, "damage_amount"));
    }
    f.push(field(lang.t("Datum ondertekening", "Date signed"), &signed.raw));
    let two_columns = rng.chance(0.4);
    let col_b = LEFT + (RIGHT - LEFT) / 2.0;
    let step = if two_columns { 2 } else { 1 };
    for chunk in f.chunks(step) {
        sheet.canvas.keep(size * 3.5);
        for (k, fl) in chunk.iter().enumerate() {
            let x = if k == 0 { LEFT } else { col_b };
            sheet.canvas.text(x, label_size, false, &fl.label);
        }
        sheet.canvas.advance(label_size * 1.4);
        for (k, fl) in chunk.iter().enumerate() {
            let x = if k == 0 { LEFT } else { col_b };
            sheet.canvas.text(x, size, true, &fl.value);
            record(sheet, fl);
        }
        sheet.canvas.advance(size * 2.1);
    }
    // Free text fields full width.
    for fl in [
        text_fact(&location_label(rng, lang), &c.location, "incident_location"),
        text_fact(&description_label(rng, lang), &c.description, "incident_description"),
    ] {
        sheet.canvas.keep(size * 4.0);
        sheet.canvas.line(LEFT, label_size, false, &fl.label);
        for l in wrap(&fl.value, size, RIGHT - LEFT) {
            sheet.canvas.line(LEFT, size, true, &l);
        }
        sheet.canvas.advance(size * 0.7);
        record(sheet, &fl);
    }
}

// ---------------------------------------------------------------------------------------
// PDF rendering
// ---------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq)]
enum FontKind {
    Helvetica,
    Times,
    /// A simple TrueType-style font with our own codes, /Widths and a ToUnicode CMap.
    TrueType,
    /// A Type0 font, Identity-H, CIDs of our own, /W widths and a ToUnicode CMap.
    Type0,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Positioning {
    Runs,
    Words,
    Glyphs,
}

struct RenderStyle {
    font: FontKind,
    positioning: Positioning,
    compress: bool,
    producer: &'static str,
}

/// WinAnsi code of `c` ('?' when it has none).
fn winansi(c: char) -> u8 {
    match c {
        ' '..='~' => c as u8,
        '€' => 0x80,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '–' => 0x96,
        '—' => 0x97,
        c if ('\u{a0}'..='\u{ff}').contains(&c) => c as u32 as u8,
        _ => b'?',
    }
}

fn literal(bytes: &[u8]) -> String {
    let mut s = String::from("(");
    for &b in bytes {
        match b {
            b'(' | b')' | b'\\' => {
                s.push('\\');
                s.push(char::from(b));
            }
            0x20..=0x7e => s.push(char::from(b)),
            _ => s.push_str(&format!("\\{b:03o}")),
        }
    }
    s.push(')');
    s
}

fn hex(codes: &[u16], two_bytes: bool) -> String {
    let mut s = String::from("<");
    for &c in codes {
        if two_bytes {
            s.push_str(&format!("{c:04X}"));
        } else {
            s.push_str(&format!("{:02X}", c & 0xff));
        }
    }
    s.push('>');
    s
}

/// Codes of the custom fonts: one per distinct character, in order of first use.
struct Charset {
    chars: Vec<char>,
}

impl Charset {
    fn new(runs: &[Run]) -> Charset {
        let mut chars: Vec<char> = Vec::new();
        for r in runs {
            for c in r.text.chars() {
                if !chars.contains(&c) {
                    chars.push(c);
                }
            }
        }
        Charset { chars }
    }

    /// Codes start at 1 (simple font) or at 3 (CIDs, as subsetters leave low CIDs).
    fn code(&self, c: char, base: u16) -> u16 {
        self.chars.iter().position(|&x| x == c).map_or(0, |p| p as u16 + base)
    }

    fn to_unicode(&self, base: u16, two_bytes: bool) -> Vec<u8> {
        let mut s = String::from(
            "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
             /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
             /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n",
        );
        s.push_str(if two_bytes { "<0000> <FFFF>\n" } else { "<00> <FF>\n" });
        s.push_str("endcodespacerange\n");
        for chunk in self.chars.chunks(100) {
            s.push_str(&format!("{} beginbfchar\n", chunk.len()));
            for &c in chunk {
                let code = self.code(c, base);
                let code_hex = if two_bytes {
                    format!("{code:04X}")
                } else {
                    format!("{code:02X}")
                };
                let mut units = [0u16; 2];
                let utf16: String = c.encode_utf16(&mut units).iter().map(|u| format!("{u:04X}")).collect();
                s.push_str(&format!("<{code_hex}> <{utf16}>\n"));
            }
            s.push_str("endbfchar\n");
        }
        s.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
        s.into_bytes()
    }
}

fn fmt_num(v: f32) -> String {
    let s = format!("{v:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s.is_empty() || s == "-" {
        "0".to_string()
    } else {
        s.to_string()
    }
}

/// Content stream text for one run.
fn show_run(out: &mut String, run: &Run, style: &RenderStyle, charset: &Charset) {
    let font = match (style.font, run.bold) {
        (FontKind::Helvetica | FontKind::Times, true) => "/F2",
        _ => "/F1",
    };
    let y = PAGE_H - run.y;
    out.push_str(&format!("{font} {} Tf\n", fmt_num(run.size)));
    let encode = |s: &str| -> String {
        match style.font {
            FontKind::Helvetica | FontKind::Times => literal(&s.chars().map(winansi).collect::<Vec<u8>>()),
            FontKind::TrueType => hex(&s.chars().map(|c| charset.code(c, 1)).collect::<Vec<_>>(), false),
            FontKind::Type0 => hex(&s.chars().map(|c| charset.code(c, 3)).collect::<Vec<_>>(), true),
        }
    };
    let place = |out: &mut String, x: f32, s: &str| {
        out.push_str(&format!("1 0 0 1 {} {} Tm {} Tj\n", fmt_num(x), fmt_num(y), encode(s)));
    };
    match style.positioning {
        Positioning::Runs => place(out, run.x, &run.text),
        Positioning::Words => {
            // Words placed one by one; standard-font widths are estimated on the wide side,
            // so word gaps come out a little wider than a space, never narrower.
            let custom = matches!(style.font, FontKind::TrueType | FontKind::Type0);
            let mut x = run.x;
            for word in run.text.split(' ') {
                if !word.is_empty() {
                    place(out, x, word);
                }
                let w = if custom {
                    text_width(word, run.size)
                } else {
                    layout_width(word, run.size)
                };
                x += w + text_width(" ", run.size);
            }
        }
        Positioning::Glyphs => {
            // Every glyph on its own, spaces not drawn at all (the gap is the space).
            let mut x = run.x;
            for ch in run.text.chars() {
                if ch != ' ' {
                    place(out, x, &ch.to_string());
                }
                x += text_width(&ch.to_string(), run.size);
            }
        }
    }
}

fn render(canvas: &Canvas, style: &RenderStyle) -> Vec<u8> {
    let mut doc = Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let charset = Charset::new(&canvas.runs);
    let fonts = match style.font {
        FontKind::Helvetica | FontKind::Times => {
            let (regular, bold) = if style.font == FontKind::Helvetica {
                ("Helvetica", "Helvetica-Bold")
            } else {
                ("Times-Roman", "Times-Bold")
            };
            let f1 = doc.add_object(dictionary! {
                "Type" => "Font", "Subtype" => "Type1", "BaseFont" => regular, "Encoding" => "WinAnsiEncoding",
            });
            let f2 = doc.add_object(dictionary! {
                "Type" => "Font", "Subtype" => "Type1", "BaseFont" => bold, "Encoding" => "WinAnsiEncoding",
            });
            dictionary! { "F1" => f1, "F2" => f2 }
        }
        FontKind::TrueType => {
            let widths: Vec<Object> = charset.chars.iter().map(|&c| Object::Real(char_width(c))).collect();
            let tu = doc.add_object(Stream::new(Dictionary::new(), charset.to_unicode(1, false)));
            let f1 = doc.add_object(dictionary! {
                "Type" => "Font", "Subtype" => "TrueType", "BaseFont" => "KLRFAA+KlareSans",
                "FirstChar" => 1, "LastChar" => charset.chars.len() as i64,
                "Widths" => widths, "ToUnicode" => tu,
            });
            dictionary! { "F1" => f1 }
        }
        FontKind::Type0 => {
            let widths: Vec<Object> = charset.chars.iter().map(|&c| Object::Real(char_width(c))).collect();
            let descendant = doc.add_object(dictionary! {
                "Type" => "Font", "Subtype" => "CIDFontType2", "BaseFont" => "KLRFAB+KlareSans",
                "CIDSystemInfo" => dictionary! {
                    "Registry" => Object::string_literal("Adobe"),
                    "Ordering" => Object::string_literal("Identity"),
                    "Supplement" => 0,
                },
                "DW" => 1000,
                "W" => vec![Object::Integer(3), Object::Array(widths)],
            });
            let tu = doc.add_object(Stream::new(Dictionary::new(), charset.to_unicode(3, true)));
            let f1 = doc.add_object(dictionary! {
                "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "KLRFAB+KlareSans",
                "Encoding" => "Identity-H", "DescendantFonts" => vec![descendant.into()], "ToUnicode" => tu,
            });
            dictionary! { "F1" => f1 }
        }
    };
    let resources = doc.add_object(dictionary! { "Font" => fonts });
    let n_pages = canvas.runs.iter().map(|r| r.page + 1).max().unwrap_or(1);
    let mut kids = Vec::new();
    for p in 0..n_pages {
        let mut content = String::from("q 0.5 w 0.6 G\n");
        for (_, [x, y, w, h]) in canvas.rects.iter().filter(|(rp, _)| *rp == p) {
            content.push_str(&format!(
                "{} {} {} {} re S\n",
                fmt_num(*x),
                fmt_num(PAGE_H - y - h),
                fmt_num(*w),
                fmt_num(*h)
            ));
        }
        content.push_str("Q\nBT\n");
        for run in canvas.runs.iter().filter(|r| r.page == p) {
            show_run(&mut content, run, style, &charset);
        }
        content.push_str("ET\n");
        let content_id = doc.add_object(Stream::new(Dictionary::new(), content.into_bytes()));
        let page = dictionary! {
            "Type" => "Page", "Parent" => pages_id, "Contents" => content_id, "Resources" => resources,
        };
        kids.push(Object::Reference(doc.add_object(page)));
    }
    let count = kids.len() as i64;
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages", "Kids" => kids, "Count" => count,
            "MediaBox" => vec![0.into(), 0.into(), Object::Real(PAGE_W), Object::Real(PAGE_H)],
        }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let info = doc.add_object(dictionary! { "Producer" => Object::string_literal(style.producer) });
    doc.trailer.set("Info", info);
    if style.compress {
        doc.compress();
    }
    let mut out = Vec::new();
    if doc.save_to(&mut out).is_err() {
        out.clear();
    }
    out
}
