//! Translations with Fluent. Dutch is the default; English is complete too (a test fails when
//! a key is missing in either). Every message may use `{ $brand }`.

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};
use std::sync::Arc;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    Nl,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Nl, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Self::Nl => "nl",
            Self::En => "en",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        match code {
            "nl" => Some(Self::Nl),
            "en" => Some(Self::En),
            _ => None,
        }
    }

    /// The language a browser prefers most among ours, from its `Accept-Language` header
    /// ("en-GB,en;q=0.9,nl;q=0.8" is English); `None` when it names neither.
    pub fn preferred(accept_language: &str) -> Option<Self> {
        let mut best: Option<(Lang, f32)> = None;
        for item in accept_language.split(',') {
            let mut parts = item.split(';');
            let tag = parts.next().unwrap_or("").trim().to_ascii_lowercase();
            let primary = tag.split('-').next().unwrap_or("");
            let Some(lang) = Self::parse(primary) else {
                continue;
            };
            let q = parts
                .find_map(|p| p.trim().strip_prefix("q="))
                .map_or(Some(1.0), |q| q.trim().parse::<f32>().ok())
                .unwrap_or(0.0);
            if q > 0.0 && best.is_none_or(|(_, b)| q > b) {
                best = Some((lang, q));
            }
        }
        best.map(|(lang, _)| lang)
    }

    pub fn other(self) -> Self {
        match self {
            Self::Nl => Self::En,
            Self::En => Self::Nl,
        }
    }

    fn source(self) -> &'static str {
        match self {
            // One file per area besides the main one, so areas built side by side do not
            // edit the same lines.
            Self::Nl => concat!(
                include_str!("../locales/nl.ftl"),
                "\n",
                include_str!("../locales/nl/network.ftl"),
                "\n",
                include_str!("../locales/nl/extra_pages.ftl"),
                "\n",
                include_str!("../locales/nl/messages.ftl"),
                "\n",
                include_str!("../locales/nl/export.ftl"),
                "\n",
                include_str!("../locales/nl/audit.ftl"),
                "\n",
                include_str!("../locales/nl/help.ftl")
            ),
            Self::En => concat!(
                include_str!("../locales/en.ftl"),
                "\n",
                include_str!("../locales/en/network.ftl"),
                "\n",
                include_str!("../locales/en/extra_pages.ftl"),
                "\n",
                include_str!("../locales/en/messages.ftl"),
                "\n",
                include_str!("../locales/en/export.ftl"),
                "\n",
                include_str!("../locales/en/audit.ftl"),
                "\n",
                include_str!("../locales/en/help.ftl")
            ),
        }
    }
}

/// Both bundles, loaded once at start-up.
pub struct I18n {
    nl: FluentBundle<FluentResource>,
    en: FluentBundle<FluentResource>,
    brand: String,
}

impl I18n {
    /// Loads the embedded translations. A syntax error in them is a bug caught by the tests.
    pub fn new(brand: &str) -> Result<Self, String> {
        Ok(Self {
            nl: bundle(Lang::Nl)?,
            en: bundle(Lang::En)?,
            brand: brand.to_owned(),
        })
    }

    fn bundle(&self, lang: Lang) -> &FluentBundle<FluentResource> {
        match lang {
            Lang::Nl => &self.nl,
            Lang::En => &self.en,
        }
    }

    /// The message for `key`, with `{ $brand }` and the given arguments filled in. A missing key
    /// shows the key itself, so a gap is visible instead of an empty page.
    pub fn message(&self, lang: Lang, key: &str, args: &[(&str, &str)]) -> String {
        let bundle = self.bundle(lang);
        let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) else {
            tracing::error!(key, lang = lang.code(), "missing translation");
            return key.to_owned();
        };
        let mut fluent_args = FluentArgs::new();
        fluent_args.set("brand", self.brand.clone());
        for (name, value) in args {
            fluent_args.set(*name, value.to_string());
        }
        let mut errors = Vec::new();
        bundle
            .format_pattern(pattern, Some(&fluent_args), &mut errors)
            .into_owned()
    }

    /// All message ids of a language (lines `id = …`), for the completeness test.
    pub fn keys(lang: Lang) -> Vec<String> {
        lang.source()
            .lines()
            .filter_map(|line| line.split_once(" ="))
            .map(|(id, _)| id)
            .filter(|id| {
                !id.is_empty()
                    && id
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            })
            .map(str::to_owned)
            .collect()
    }
}

fn bundle(lang: Lang) -> Result<FluentBundle<FluentResource>, String> {
    let resource = FluentResource::try_new(lang.source().to_owned())
        .map_err(|(_, errors)| format!("{} translations do not parse: {errors:?}", lang.code()))?;
    let id = lang
        .code()
        .parse::<unic_langid::LanguageIdentifier>()
        .map_err(|e| e.to_string())?;
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // No Unicode isolation marks around placeables: they end up in e-mails and titles.
    bundle.set_use_isolating(false);
    bundle
        .add_resource(resource)
        .map_err(|errors| format!("{} translations clash: {errors:?}", lang.code()))?;
    Ok(bundle)
}

/// A translator for one request: what templates call as `page.t("key")`.
#[derive(Clone)]
pub struct Tr {
    i18n: Arc<I18n>,
    pub lang: Lang,
}

impl Tr {
    pub fn new(i18n: Arc<I18n>, lang: Lang) -> Self {
        Self { i18n, lang }
    }

    pub fn t(&self, key: &str) -> String {
        self.i18n.message(self.lang, key, &[])
    }

    pub fn i18n(&self) -> Arc<I18n> {
        self.i18n.clone()
    }

    /// These texts in `account`'s own language (else this one), for what reaches the account
    /// outside the page: e-mails and text messages.
    pub fn of(&self, account: &zk_domain::account::Account) -> Tr {
        Tr::new(
            self.i18n.clone(),
            Lang::parse(&account.language).unwrap_or(self.lang),
        )
    }

    pub fn t_with(&self, key: &str, args: &[(&str, &str)]) -> String {
        self.i18n.message(self.lang, key, args)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn the_browsers_preferred_language_is_ours_with_the_highest_weight() {
        assert_eq!(Lang::preferred("en-GB,en;q=0.9,nl;q=0.8"), Some(Lang::En));
        assert_eq!(Lang::preferred("nl-BE"), Some(Lang::Nl));
        assert_eq!(Lang::preferred("fr-FR, fr;q=0.9, en;q=0.5"), Some(Lang::En));
        assert_eq!(Lang::preferred("de, nl;q=0.3, en;q=0.2"), Some(Lang::Nl));
        assert_eq!(Lang::preferred("en;q=0, nl;q=0.1"), Some(Lang::Nl));
        assert_eq!(Lang::preferred("EN-us"), Some(Lang::En));
        assert_eq!(Lang::preferred("fr, de"), None);
        assert_eq!(Lang::preferred(""), None);
        assert_eq!(Lang::preferred("en;q=banana"), None);
    }

    #[test]
    fn every_key_exists_in_every_language() {
        let nl: BTreeSet<_> = I18n::keys(Lang::Nl).into_iter().collect();
        let en: BTreeSet<_> = I18n::keys(Lang::En).into_iter().collect();
        assert!(nl.len() > 20);
        assert_eq!(
            nl.difference(&en).collect::<Vec<_>>(),
            Vec::<&String>::new(),
            "missing in en"
        );
        assert_eq!(
            en.difference(&nl).collect::<Vec<_>>(),
            Vec::<&String>::new(),
            "missing in nl"
        );
    }

    /// The longest sentence allowed in a Dutch text. B1 asks for short sentences; most of ours
    /// have under 12 words.
    const LONGEST_DUTCH_SENTENCE: usize = 20;

    /// Every Dutch sentence, as the user reads it (brand filled in, arguments as one word),
    /// with its message id and length in words.
    fn dutch_sentences() -> Vec<(usize, String, String)> {
        let i18n = I18n::new("Zorgkring").unwrap();
        let mut sentences = Vec::new();
        for key in I18n::keys(Lang::Nl) {
            let text = i18n.message(Lang::Nl, &key, &[]);
            let mut sentence = String::new();
            for word in text.split_whitespace() {
                sentence.push_str(word);
                sentence.push(' ');
                if word.ends_with(['.', '!', '?']) {
                    let s = std::mem::take(&mut sentence);
                    sentences.push((s.split_whitespace().count(), key.clone(), s));
                }
            }
            if !sentence.trim().is_empty() {
                sentences.push((sentence.split_whitespace().count(), key.clone(), sentence));
            }
        }
        sentences.sort_by_key(|s| std::cmp::Reverse(s.0));
        sentences
    }

    #[test]
    fn dutch_sentences_are_short() {
        let sentences = dutch_sentences();
        assert!(sentences.len() > 500);
        let words: usize = sentences.iter().map(|s| s.0).sum();
        println!(
            "{} Dutch sentences, {:.1} words on average; the longest:",
            sentences.len(),
            words as f64 / sentences.len() as f64
        );
        for (n, key, s) in sentences.iter().take(10) {
            println!("{n:>3}  {key}: {s}");
        }
        let too_long: Vec<_> = sentences
            .iter()
            .filter(|s| s.0 > LONGEST_DUTCH_SENTENCE)
            .collect();
        assert!(
            too_long.is_empty(),
            "sentences longer than {LONGEST_DUTCH_SENTENCE} words (make two of them): {too_long:#?}"
        );
    }

    #[test]
    fn messages_fill_in_the_brand_and_arguments() {
        let i18n = I18n::new("Zorgportaal Oost").unwrap();
        assert_eq!(
            i18n.message(Lang::Nl, "home-title", &[]),
            "Welkom bij Zorgportaal Oost"
        );
        assert_eq!(
            i18n.message(Lang::En, "home-title", &[]),
            "Welcome to Zorgportaal Oost"
        );
        let text = i18n.message(Lang::Nl, "sms-text", &[("code", "123456")]);
        assert_eq!(
            text,
            "Je code voor Zorgportaal Oost is 123456. De code werkt 10 minuten. Geef deze code aan niemand."
        );
        assert_eq!(i18n.message(Lang::Nl, "no-such-key", &[]), "no-such-key");
    }
}
