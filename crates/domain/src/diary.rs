//! The client's diary (dagboek) on a care page (SPEC S5): entries with a date, an optional
//! title and plain text, written by the page's beheerder and co-beheerders, and the rules a
//! new or changed entry must meet.

use crate::{AccountId, CarePageId, DiaryEntryId};
use jiff::Timestamp;
use jiff::civil::Date;

/// The longest text of one entry, in characters.
pub const DIARY_TEXT_MAX: usize = 10_000;
/// The longest title, in characters.
pub const DIARY_TITLE_MAX: usize = 200;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DiaryEntry {
    pub id: DiaryEntryId,
    pub care_page_id: CarePageId,
    /// Who wrote it: only they may change or delete it.
    pub author_id: AccountId,
    /// The day the entry is about (chosen by the writer, today by default).
    pub date: Date,
    pub title: Option<String>,
    /// Plain text; line breaks are kept, nothing is read as HTML.
    pub text: String,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// What a writer typed, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DiaryInput {
    pub date: Date,
    pub title: Option<String>,
    pub text: String,
}

/// Why a diary form was refused; each names its field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DiaryProblem {
    DateMissing,
    /// Not a date, or one that does not exist (30 February).
    DateInvalid,
    TitleTooLong,
    TextEmpty,
    TextTooLong,
}

impl DiaryProblem {
    /// The form field the problem belongs to.
    pub fn field(self) -> &'static str {
        match self {
            Self::DateMissing | Self::DateInvalid => "datum",
            Self::TitleTooLong => "titel",
            Self::TextEmpty | Self::TextTooLong => "tekst",
        }
    }
}

/// Keeps line breaks and tabs, drops other control characters (a NUL cannot be stored, and
/// none of them means anything in a diary), and writes every line break as `\n`.
pub fn clean_text(s: &str) -> String {
    s.replace("\r\n", "\n")
        .replace('\r', "\n")
        .chars()
        .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
        .collect::<String>()
        .trim()
        .to_owned()
}

/// A one-line text: control characters and line breaks dropped, spaces trimmed.
pub fn clean_line(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_control())
        .collect::<String>()
        .trim()
        .to_owned()
}

/// Reads a date as a form sends it: `2026-12-06` (an `<input type="date">`) or `6-12-2026`.
pub fn parse_form_date(s: &str) -> Option<Date> {
    let s = s.trim();
    if let Ok(d) = s.parse::<Date>() {
        return Some(d);
    }
    let mut parts = s.split(['-', '/', '.']);
    let day: i8 = parts.next()?.trim().parse().ok()?;
    let month: i8 = parts.next()?.trim().parse().ok()?;
    let year: i16 = parts.next()?.trim().parse().ok()?;
    if parts.next().is_some() || !(1000..=9999).contains(&year) {
        return None;
    }
    Date::new(year, month, day).ok()
}

/// Checks a diary form: all problems at once, so the writer fixes them in one go.
pub fn check_diary(date: &str, title: &str, text: &str) -> Result<DiaryInput, Vec<DiaryProblem>> {
    let mut problems = Vec::new();
    let date = if date.trim().is_empty() {
        problems.push(DiaryProblem::DateMissing);
        None
    } else {
        let parsed = parse_form_date(date);
        if parsed.is_none() {
            problems.push(DiaryProblem::DateInvalid);
        }
        parsed
    };
    let title = clean_line(title);
    if title.chars().count() > DIARY_TITLE_MAX {
        problems.push(DiaryProblem::TitleTooLong);
    }
    let text = clean_text(text);
    if text.is_empty() {
        problems.push(DiaryProblem::TextEmpty);
    } else if text.chars().count() > DIARY_TEXT_MAX {
        problems.push(DiaryProblem::TextTooLong);
    }
    match date {
        Some(date) if problems.is_empty() => Ok(DiaryInput {
            date,
            title: (!title.is_empty()).then_some(title),
            text,
        }),
        _ => Err(problems),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_good_entry_keeps_its_line_breaks_and_drops_an_empty_title() {
        let input = check_diary("2026-12-06", "  ", "Goede dag.\r\nVeel gewandeld.\u{0}").unwrap();
        assert_eq!(input.date, Date::constant(2026, 12, 6));
        assert_eq!(input.title, None);
        assert_eq!(input.text, "Goede dag.\nVeel gewandeld.");
        assert_eq!(
            check_diary("6-12-2026", "Zondag", "x")
                .unwrap()
                .title
                .as_deref(),
            Some("Zondag")
        );
    }

    #[test]
    fn every_problem_is_named_at_once() {
        assert_eq!(
            check_diary("", "", " "),
            Err(vec![DiaryProblem::DateMissing, DiaryProblem::TextEmpty])
        );
        assert_eq!(
            check_diary("2026-02-30", &"t".repeat(DIARY_TITLE_MAX + 1), "x"),
            Err(vec![DiaryProblem::DateInvalid, DiaryProblem::TitleTooLong])
        );
    }

    #[test]
    fn the_text_limit_is_crossed_by_one_character() {
        let most = "é".repeat(DIARY_TEXT_MAX);
        assert!(check_diary("2026-12-06", "", &most).is_ok());
        let over = format!("{most}a");
        assert_eq!(
            check_diary("2026-12-06", "", &over),
            Err(vec![DiaryProblem::TextTooLong])
        );
    }
}
