//! The step-by-step instructions of the seed texts as help pages (`/hulp/instructie/{slug}`):
//! each step a text and a screenshot of the product, taken by `e2e/help_screenshots.test.mjs`.

use crate::i18n::Lang;

/// One instruction: its address, its texts (`hguide-{slug}-title`, `-intro`) and its steps.
pub struct Guide {
    pub slug: &'static str,
    /// The help topic (see `help_topics::topic_for`) whose pages link to this instruction.
    pub topic: &'static str,
    /// Step names; each has a text `hguide-{slug}-{step}`, an alt text `…-{step}-alt` and an
    /// image `{lang}-{slug}-{step}.png`.
    pub steps: &'static [&'static str],
}

pub const GUIDES: &[Guide] = &[
    Guide {
        slug: "account-aanmaken",
        topic: "registration",
        steps: &[
            "home",
            "voorwaarden",
            "naam",
            "rol",
            "beheer",
            "e-mailadres",
            "brief",
            "code",
            "koppeling",
            "controle",
            "e-mail-verstuurd",
            "activatie-e-mail",
            "wachtwoord",
            "klaar",
            "telefoon",
        ],
    },
    Guide {
        slug: "voor-iemand-anders",
        topic: "representative",
        steps: &[
            "rol",
            "e-mailadres",
            "voor-wie",
            "relatie",
            "code",
            "koppeling",
            "controle",
            "klaar",
        ],
    },
    Guide {
        slug: "connecties",
        topic: "connections",
        steps: &["menu", "connecties", "code", "koppeling", "gekoppeld"],
    },
    Guide {
        slug: "naasten-uitnodigen",
        topic: "network",
        steps: &[
            "naasten",
            "uitnodigen",
            "verstuurd",
            "e-mail",
            "uitnodiging",
        ],
    },
];

pub fn guide(slug: &str) -> Option<&'static Guide> {
    GUIDES.iter().find(|g| g.slug == slug)
}

/// The instruction that belongs to a help topic, if there is one.
pub fn guide_for_topic(topic: &str) -> Option<&'static Guide> {
    GUIDES.iter().find(|g| g.topic == topic)
}

/// The file name of a step's screenshot in `static/hulp/`.
pub fn image_name(lang: Lang, slug: &str, step: &str) -> String {
    format!("{}-{slug}-{step}.png", lang.code())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::handlers::assets::HELP_IMAGES;
    use crate::help_topics::topic_for;
    use crate::i18n::I18n;

    #[test]
    fn every_step_has_its_picture_and_texts_in_both_languages() {
        let i18n = I18n::new("Zorgkring").unwrap();
        let mut wanted = std::collections::BTreeSet::new();
        for g in GUIDES {
            for lang in Lang::ALL {
                for key in ["title", "intro"] {
                    let key = format!("hguide-{}-{key}", g.slug);
                    assert_ne!(i18n.message(lang, &key, &[]), key);
                }
                for step in g.steps {
                    let name = image_name(lang, g.slug, step);
                    assert!(
                        HELP_IMAGES.iter().any(|(n, _)| *n == name),
                        "{name} is missing: run e2e/help_screenshots.test.mjs"
                    );
                    wanted.insert(name);
                    for suffix in ["", "-alt"] {
                        let key = format!("hguide-{}-{step}{suffix}", g.slug);
                        assert_ne!(i18n.message(lang, &key, &[]), key);
                    }
                }
            }
        }
        let stale: Vec<_> = HELP_IMAGES
            .iter()
            .filter(|(n, _)| !wanted.contains(*n))
            .map(|(n, _)| n)
            .collect();
        assert!(stale.is_empty(), "pictures no step shows: {stale:?}");
    }

    #[test]
    fn every_guide_has_a_topic_that_pages_use() {
        for g in GUIDES {
            assert!(
                [
                    "/account-aanmaken",
                    "/account-aanmaken/ik-geef-hulp",
                    "/connecties"
                ]
                .iter()
                .chain(&["/zorgpagina/netwerk"])
                .any(|p| topic_for(p) == Some(g.topic)),
                "{}",
                g.slug
            );
        }
    }
}
