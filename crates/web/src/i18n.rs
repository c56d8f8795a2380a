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
                include_str!("../locales/nl/network.ftl")
            ),
            Self::En => concat!(
                include_str!("../locales/en.ftl"),
                "\n",
                include_str!("../locales/en/network.ftl")
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

    pub fn t_with(&self, key: &str, args: &[(&str, &str)]) -> String {
        self.i18n.message(self.lang, key, args)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

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
