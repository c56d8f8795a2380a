//! What the help page knows: the frequently asked questions in the order shown, and which help
//! text belongs to which page, so the help button opens help for the page the user was on.

/// The questions, each `faq-{key}-q` with its answer `faq-{key}-a`, in the order shown.
pub const FAQ: &[&str] = &[
    "what",
    "letter",
    "no-letter",
    "code",
    "expired",
    "lost-letter",
    "no-email",
    "activation",
    "forgot",
    "sms",
    "lost-phone",
    "recovery",
    "safe",
    "never-asks",
    "beheerder",
    "for-someone",
    "extra-page",
    "who-manages",
    "sixteen",
    "invite",
    "invite-sees",
    "stop-sharing",
    "leave",
    "connect",
    "unlink",
    "change-beheerder",
    "delete-account",
    "wrong-data",
    "sessions",
    "language",
];

/// The help text (`help-topic-{key}`) for a page, by the start of its path; the most specific
/// start wins. `None` for pages without their own help.
pub fn topic_for(path: &str) -> Option<&'static str> {
    const TOPICS: &[(&str, &str)] = &[
        ("/account-aanmaken/ik-geef-hulp", "representative"),
        ("/account-aanmaken/iemand-anders", "representative"),
        ("/account-aanmaken", "registration"),
        ("/activeren", "registration"),
        ("/inloggen", "login"),
        ("/wachtwoord-", "login"),
        ("/zorgpagina/netwerk", "network"),
        ("/uitnodiging", "network"),
        ("/zorgpagina", "care-page"),
        ("/connecties", "connections"),
        ("/profiel", "profile"),
        ("/sessies", "profile"),
        ("/zorgaanbieder", "staff"),
    ];
    TOPICS
        .iter()
        .find(|(start, _)| path.starts_with(start))
        .map(|(_, topic)| *topic)
}

/// Whether a question and answer contain every word of the search, ignoring case.
pub fn matches(query: &str, question: &str, answer: &str) -> bool {
    let text = format!("{question} {answer}").to_lowercase();
    query
        .split_whitespace()
        .all(|word| text.contains(&word.to_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_most_specific_page_start_wins() {
        assert_eq!(topic_for("/account-aanmaken/naam"), Some("registration"));
        assert_eq!(
            topic_for("/account-aanmaken/ik-geef-hulp"),
            Some("representative")
        );
        assert_eq!(topic_for("/zorgpagina/netwerk"), Some("network"));
        assert_eq!(topic_for("/zorgpagina"), Some("care-page"));
        assert_eq!(topic_for("/zorgaanbieder/x/clienten"), Some("staff"));
        assert_eq!(topic_for("/hulp"), None);
        assert_eq!(topic_for("/"), None);
    }

    #[test]
    fn every_word_must_be_found_in_any_case() {
        assert!(matches("CODE verlopen", "Mijn code is verlopen.", ""));
        assert!(matches("brief", "Vraag", "een nieuwe brief"));
        assert!(!matches("code telefoon", "Mijn code is verlopen.", ""));
        assert!(matches("", "alles", "past"));
    }

    #[test]
    fn there_are_at_least_25_questions_and_none_twice() {
        assert!(FAQ.len() >= 25);
        let unique: std::collections::BTreeSet<_> = FAQ.iter().collect();
        assert_eq!(unique.len(), FAQ.len());
    }
}
