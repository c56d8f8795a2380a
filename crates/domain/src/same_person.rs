//! Whether a letter's client is the person a care page is about (SPEC S1 "extra zorgpagina"):
//! the same first and last name, compared without case, accents or extra spaces, and exactly
//! the same birth date.

use crate::BirthDate;
use crate::account::CarePage;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// A name as compared: accents removed ("Zoë" → "zoe"), lower case, single spaces, trimmed.
pub fn folded(name: &str) -> String {
    let plain: String = name
        .nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect();
    plain.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether two names are the same once folded.
pub fn same_name(a: &str, b: &str) -> bool {
    folded(a) == folded(b)
}

/// Whether the client `(first, last, born)` is the person of `page`. A page without a birth
/// date never matches: the birth date must be compared exactly.
pub fn is_page_person(page: &CarePage, first: &str, last: &str, born: BirthDate) -> bool {
    page.birth_date == Some(born)
        && same_name(&page.first_name, first)
        && same_name(&page.last_name, last)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{AccountId, CarePageId};
    use jiff::civil::date;

    fn page(first: &str, last: &str, born: Option<BirthDate>) -> CarePage {
        CarePage {
            id: CarePageId::new(),
            first_name: first.into(),
            last_name: last.into(),
            birth_date: born,
            beheerder: AccountId::new(),
            beheerder_relation: None,
            vacant_since: None,
            created_at: jiff::Timestamp::UNIX_EPOCH,
        }
    }

    #[test]
    fn names_are_compared_without_case_accents_or_spaces() {
        assert!(same_name("Zoë", "zoe"));
        assert!(same_name("  José ", "JOSE"));
        assert!(same_name("van  der Berg", "Van der Berg"));
        assert!(same_name("Çelik", "celik"));
        assert!(!same_name("Anna", "Anne"));
        assert!(!same_name("de Vries", "Vries"));
    }

    #[test]
    fn the_birth_date_must_be_exactly_the_same() {
        let born = BirthDate::new(date(1950, 3, 4));
        let p = page("Renée", "de Boer", Some(born));
        assert!(is_page_person(&p, "Renee", "De Boer", born));
        assert!(!is_page_person(
            &p,
            "Renee",
            "De Boer",
            BirthDate::new(date(1950, 3, 5))
        ));
        assert!(!is_page_person(&p, "Rene", "De Boer", born));
        assert!(!is_page_person(
            &page("Renée", "de Boer", None),
            "Renée",
            "de Boer",
            born
        ));
    }
}
