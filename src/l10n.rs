//! Localization: the supported locales, Fluent bundles, and choosing a locale for a request.
//!
//! Every applicant- or handler-visible string comes from `locales/<lang>/*.ftl`. The shipped
//! files are compiled into the binary (the list below; a test checks it against the folder);
//! an operator's extra case types may bring their own `.ftl` files. Bundles are built once at
//! start-up and shared through the application state. Isolation marks are off because the
//! output is HTML, where U+2068/U+2069 would show up.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};
use unic_langid::LanguageIdentifier;

/// A locale the product is complete in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Locale {
    Nl,
    En,
}

impl Locale {
    pub const ALL: [Locale; 2] = [Locale::Nl, Locale::En];
    /// The product's default: a Dutch insurer's claimants.
    pub const DEFAULT: Locale = Locale::Nl;

    pub fn as_str(self) -> &'static str {
        match self {
            Locale::Nl => "nl",
            Locale::En => "en",
        }
    }

    /// Accepts `nl`, `en` and regional forms such as `nl-BE` or `en_GB`.
    pub fn parse(s: &str) -> Option<Self> {
        let lang = s.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match lang.as_str() {
            "nl" => Some(Locale::Nl),
            "en" => Some(Locale::En),
            _ => None,
        }
    }

    /// The best supported locale for an `Accept-Language` header, if any fits.
    pub fn from_accept_language(header: &str) -> Option<Self> {
        let mut ranked: Vec<(f32, usize, Locale)> = header
            .split(',')
            .enumerate()
            .filter_map(|(pos, part)| {
                let mut pieces = part.split(';');
                let tag = pieces.next()?.trim();
                let q = pieces
                    .find_map(|p| p.trim().strip_prefix("q="))
                    .map_or(Some(1.0), |q| q.trim().parse::<f32>().ok())?;
                (q > 0.0).then_some(())?;
                Some((q, pos, Locale::parse(tag)?))
            })
            .collect();
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        ranked.first().map(|r| r.2)
    }

    fn langid(self) -> LanguageIdentifier {
        self.as_str().parse().unwrap_or_default()
    }
}

/// The shipped Fluent files: (locale, file name, contents).
const SHIPPED: &[(&str, &str, &str)] = &[
    ("en", "casefile.ftl", include_str!("../locales/en/casefile.ftl")),
    ("en", "common.ftl", include_str!("../locales/en/common.ftl")),
    ("en", "errors.ftl", include_str!("../locales/en/errors.ftl")),
    ("en", "home_damage.ftl", include_str!("../locales/en/home_damage.ftl")),
    ("en", "intake.ftl", include_str!("../locales/en/intake.ftl")),
    ("en", "motor_claim.ftl", include_str!("../locales/en/motor_claim.ftl")),
    ("nl", "casefile.ftl", include_str!("../locales/nl/casefile.ftl")),
    ("nl", "common.ftl", include_str!("../locales/nl/common.ftl")),
    ("nl", "errors.ftl", include_str!("../locales/nl/errors.ftl")),
    ("nl", "home_damage.ftl", include_str!("../locales/nl/home_damage.ftl")),
    ("nl", "intake.ftl", include_str!("../locales/nl/intake.ftl")),
    ("nl", "motor_claim.ftl", include_str!("../locales/nl/motor_claim.ftl")),
];

/// A Fluent file that could not be used.
#[derive(Debug, thiserror::Error)]
#[error("{file}: {reason}")]
pub struct L10nError {
    pub file: String,
    pub reason: String,
}

/// The translator: one bundle per locale.
pub struct L10n {
    bundles: HashMap<Locale, FluentBundle<FluentResource>>,
    ids: HashMap<Locale, BTreeSet<String>>,
}

impl std::fmt::Debug for L10n {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("L10n")
            .field("locales", &self.ids.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl L10n {
    /// The shipped messages plus `<extra_dir>/locales/<lang>/*.ftl` when given.
    pub fn load(extra_dir: Option<&Path>) -> Result<Self, L10nError> {
        let mut sources: Vec<(Locale, String, String)> = SHIPPED
            .iter()
            .filter_map(|(lang, file, text)| {
                Some((
                    Locale::parse(lang)?,
                    format!("locales/{lang}/{file}"),
                    (*text).to_string(),
                ))
            })
            .collect();
        if let Some(dir) = extra_dir {
            for locale in Locale::ALL {
                let folder = dir.join("locales").join(locale.as_str());
                let Ok(entries) = std::fs::read_dir(&folder) else {
                    continue;
                };
                let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
                paths.sort();
                for path in paths.into_iter().filter(|p| p.extension().is_some_and(|e| e == "ftl")) {
                    let text = std::fs::read_to_string(&path).map_err(|e| L10nError {
                        file: path.display().to_string(),
                        reason: e.to_string(),
                    })?;
                    sources.push((locale, path.display().to_string(), text));
                }
            }
        }
        Self::from_sources(sources)
    }

    fn from_sources(sources: Vec<(Locale, String, String)>) -> Result<Self, L10nError> {
        let mut bundles = HashMap::new();
        let mut ids: HashMap<Locale, BTreeSet<String>> = HashMap::new();
        for locale in Locale::ALL {
            let mut bundle = FluentBundle::new_concurrent(vec![locale.langid()]);
            bundle.set_use_isolating(false);
            bundles.insert(locale, bundle);
            ids.insert(locale, BTreeSet::new());
        }
        for (locale, file, text) in sources {
            let resource = FluentResource::try_new(text).map_err(|(_, errors)| L10nError {
                file: file.clone(),
                reason: format!("{} syntax error(s), first: {:?}", errors.len(), errors.first()),
            })?;
            for entry in resource.entries() {
                if let fluent_syntax::ast::Entry::Message(m) = entry {
                    ids.entry(locale).or_default().insert(m.id.name.to_string());
                }
            }
            let bundle = bundles.get_mut(&locale).ok_or_else(|| L10nError {
                file: file.clone(),
                reason: "unsupported locale".into(),
            })?;
            bundle.add_resource(resource).map_err(|errors| L10nError {
                file: file.clone(),
                reason: format!("duplicate message(s): {errors:?}"),
            })?;
        }
        Ok(Self { bundles, ids })
    }

    pub fn has(&self, locale: Locale, id: &str) -> bool {
        self.ids.get(&locale).is_some_and(|ids| ids.contains(id))
    }

    /// Every message id defined for `locale`.
    pub fn message_ids(&self, locale: Locale) -> impl Iterator<Item = &str> {
        self.ids.get(&locale).into_iter().flatten().map(String::as_str)
    }

    /// The message `id` in `locale`; falls back to English, then to the id itself, so a
    /// missing message is visible rather than fatal (tests make sure none is missing).
    pub fn tr(&self, locale: Locale, id: &str, args: Option<&FluentArgs<'_>>) -> String {
        for candidate in [locale, Locale::En] {
            let Some(bundle) = self.bundles.get(&candidate) else {
                continue;
            };
            let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
                continue;
            };
            let mut errors = Vec::new();
            let text = bundle.format_pattern(pattern, args, &mut errors);
            if !errors.is_empty() {
                tracing::warn!(
                    message_id = id,
                    locale = candidate.as_str(),
                    ?errors,
                    "fluent formatting errors"
                );
            }
            return text.into_owned();
        }
        tracing::warn!(message_id = id, locale = locale.as_str(), "missing fluent message");
        id.to_string()
    }

    /// `tr` with named string arguments.
    pub fn tr_args(&self, locale: Locale, id: &str, args: &[(&str, String)]) -> String {
        let mut fargs = FluentArgs::new();
        for (name, value) in args {
            fargs.set(*name, value.clone());
        }
        self.tr(locale, id, Some(&fargs))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_picks_the_best_supported_locale() {
        let cases = [
            ("nl-NL,nl;q=0.9,en;q=0.8", Some(Locale::Nl)),
            ("en-GB,en;q=0.9", Some(Locale::En)),
            ("de-DE,de;q=0.9,en;q=0.5,nl;q=0.4", Some(Locale::En)),
            ("fr;q=1.0, nl;q=0.2", Some(Locale::Nl)),
            ("en;q=0.3, nl;q=0.7", Some(Locale::Nl)),
            ("nl;q=0, en", Some(Locale::En)),
            ("de, fr", None),
            ("", None),
            ("*", None),
        ];
        for (header, expected) in cases {
            assert_eq!(Locale::from_accept_language(header), expected, "{header:?}");
        }
    }

    #[test]
    fn every_shipped_fluent_file_is_compiled_in_and_every_locale_defines_the_same_ids() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("locales");
        let mut on_disk = Vec::new();
        for locale in Locale::ALL {
            for entry in std::fs::read_dir(root.join(locale.as_str())).expect("locale folder") {
                on_disk.push(format!(
                    "{}/{}",
                    locale.as_str(),
                    entry.expect("entry").file_name().to_string_lossy()
                ));
            }
        }
        on_disk.sort();
        let mut shipped: Vec<String> = SHIPPED.iter().map(|(l, f, _)| format!("{l}/{f}")).collect();
        shipped.sort();
        assert_eq!(on_disk, shipped, "add new .ftl files to SHIPPED in l10n.rs");

        let l10n = L10n::load(None).expect("shipped messages parse");
        let nl: BTreeSet<&str> = l10n.message_ids(Locale::Nl).collect();
        let en: BTreeSet<&str> = l10n.message_ids(Locale::En).collect();
        assert_eq!(
            nl.difference(&en).collect::<Vec<_>>(),
            Vec::<&&str>::new(),
            "only in nl"
        );
        assert_eq!(
            en.difference(&nl).collect::<Vec<_>>(),
            Vec::<&&str>::new(),
            "only in en"
        );
    }

    #[test]
    fn every_error_code_has_a_message_in_every_locale() {
        let l10n = L10n::load(None).expect("shipped messages parse");
        for locale in Locale::ALL {
            for code in crate::error::Code::ALL {
                let id = format!("error-{}", code.as_str());
                assert!(l10n.has(locale, &id), "{id} missing in {}", locale.as_str());
            }
        }
    }

    #[test]
    fn messages_have_no_isolation_marks_and_no_markup() {
        let l10n = L10n::load(None).expect("shipped messages parse");
        for locale in Locale::ALL {
            for id in l10n.message_ids(locale) {
                let text = l10n.tr_args(locale, id, &[("name", "X".into()), ("count", "3".into())]);
                assert!(!text.contains(['\u{2068}', '\u{2069}']), "{id}");
                assert!(!text.contains('<'), "{id} holds markup: {text}");
            }
        }
    }
}
