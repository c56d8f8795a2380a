//! The network's own agenda on a care page (SPEC S5): appointments with a title, place, start,
//! end and remarks, optionally repeating. Times are wall-clock times in the Netherlands: a
//! weekly appointment at 10:00 stays at 10:00 when the clocks change.

use crate::diary::{clean_line, clean_text, parse_form_date};
use crate::recurrence::{Frequency, Recurrence};
use crate::{AccountId, AgendaItemId, CarePageId};
use jiff::Timestamp;
use jiff::civil::{DateTime, Time};
use jiff::tz::TimeZone;

pub const AGENDA_TITLE_MAX: usize = 200;
pub const AGENDA_PLACE_MAX: usize = 200;
pub const AGENDA_REMARKS_MAX: usize = 2_000;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AgendaItem {
    pub id: AgendaItemId,
    pub care_page_id: CarePageId,
    /// Who added it: shown with it, and they may change or delete it.
    pub author_id: AccountId,
    pub title: String,
    pub place: Option<String>,
    /// The first (or only) time it starts and ends.
    pub starts_at: Timestamp,
    pub ends_at: Timestamp,
    pub remarks: Option<String>,
    pub recurrence: Option<Recurrence>,
    /// No occurrence ends after this moment; `None` when it repeats without end. Lets a store
    /// read only the appointments that can fall in a window.
    pub series_end: Option<Timestamp>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// What someone typed, checked: the times as wall-clock times.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AgendaInput {
    pub title: String,
    pub place: Option<String>,
    pub starts: DateTime,
    pub ends: DateTime,
    pub remarks: Option<String>,
    pub recurrence: Option<Recurrence>,
}

/// The fields of the agenda form as typed.
#[derive(Clone, Debug, Default)]
pub struct AgendaForm<'a> {
    pub title: &'a str,
    pub place: &'a str,
    pub start_date: &'a str,
    pub start_time: &'a str,
    /// Empty: the same day as the start.
    pub end_date: &'a str,
    pub end_time: &'a str,
    pub remarks: &'a str,
    /// Empty or `none`: once; else `daily`, `weekly`, `monthly` or `yearly`.
    pub repeat: &'a str,
    /// Empty: repeats without end.
    pub until: &'a str,
}

/// Why an agenda form was refused; each names its field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AgendaProblem {
    TitleEmpty,
    TitleTooLong,
    PlaceTooLong,
    RemarksTooLong,
    StartDateInvalid,
    StartTimeInvalid,
    EndDateInvalid,
    EndTimeInvalid,
    EndNotAfterStart,
    RepeatUnknown,
    UntilInvalid,
    UntilBeforeStart,
}

impl AgendaProblem {
    /// The form field the problem belongs to.
    pub fn field(self) -> &'static str {
        match self {
            Self::TitleEmpty | Self::TitleTooLong => "titel",
            Self::PlaceTooLong => "plaats",
            Self::RemarksTooLong => "opmerkingen",
            Self::StartDateInvalid => "begindatum",
            Self::StartTimeInvalid => "begintijd",
            Self::EndDateInvalid => "einddatum",
            Self::EndTimeInvalid | Self::EndNotAfterStart => "eindtijd",
            Self::RepeatUnknown => "herhalen",
            Self::UntilInvalid | Self::UntilBeforeStart => "tot",
        }
    }
}

/// Reads `10:30` (or `10.30`).
fn parse_time(s: &str) -> Option<Time> {
    let (h, m) = s.trim().split_once([':', '.'])?;
    Time::new(h.trim().parse().ok()?, m.trim().parse().ok()?, 0, 0).ok()
}

fn optional(s: String) -> Option<String> {
    (!s.is_empty()).then_some(s)
}

/// Checks an agenda form: all problems at once.
pub fn check_agenda(form: &AgendaForm<'_>) -> Result<AgendaInput, Vec<AgendaProblem>> {
    use AgendaProblem::*;
    let mut problems = Vec::new();
    let title = clean_line(form.title);
    if title.is_empty() {
        problems.push(TitleEmpty);
    } else if title.chars().count() > AGENDA_TITLE_MAX {
        problems.push(TitleTooLong);
    }
    let place = clean_line(form.place);
    if place.chars().count() > AGENDA_PLACE_MAX {
        problems.push(PlaceTooLong);
    }
    let remarks = clean_text(form.remarks);
    if remarks.chars().count() > AGENDA_REMARKS_MAX {
        problems.push(RemarksTooLong);
    }
    let start_date = parse_form_date(form.start_date);
    if start_date.is_none() {
        problems.push(StartDateInvalid);
    }
    let start_time = parse_time(form.start_time);
    if start_time.is_none() {
        problems.push(StartTimeInvalid);
    }
    let end_date = if form.end_date.trim().is_empty() {
        start_date
    } else {
        let d = parse_form_date(form.end_date);
        if d.is_none() {
            problems.push(EndDateInvalid);
        }
        d
    };
    let end_time = parse_time(form.end_time);
    if end_time.is_none() {
        problems.push(EndTimeInvalid);
    }
    let starts = start_date.zip(start_time).map(|(d, t)| d.to_datetime(t));
    let ends = end_date.zip(end_time).map(|(d, t)| d.to_datetime(t));
    if let (Some(s), Some(e)) = (starts, ends)
        && e <= s
    {
        problems.push(EndNotAfterStart);
    }
    let frequency = match form.repeat.trim() {
        "" | "none" => None,
        other => {
            let f = Frequency::parse(other);
            if f.is_none() {
                problems.push(RepeatUnknown);
            }
            f
        }
    };
    let until = if form.until.trim().is_empty() || frequency.is_none() {
        None
    } else {
        let u = parse_form_date(form.until);
        match (u, start_date) {
            (None, _) => problems.push(UntilInvalid),
            (Some(u), Some(s)) if u < s => problems.push(UntilBeforeStart),
            _ => {}
        }
        u
    };
    match (starts, ends) {
        (Some(starts), Some(ends)) if problems.is_empty() => Ok(AgendaInput {
            title,
            place: optional(place),
            starts,
            ends,
            remarks: optional(remarks),
            recurrence: frequency.map(|frequency| Recurrence { frequency, until }),
        }),
        _ => Err(problems),
    }
}

impl AgendaInput {
    /// The stored form of this input: times as moments in `tz`, and the end of its series.
    pub fn into_item(
        self,
        id: AgendaItemId,
        care_page_id: CarePageId,
        author_id: AccountId,
        tz: &TimeZone,
        created_at: Timestamp,
        now: Timestamp,
    ) -> Option<AgendaItem> {
        let starts_at = self.starts.to_zoned(tz.clone()).ok()?.timestamp();
        let ends_at = self.ends.to_zoned(tz.clone()).ok()?.timestamp();
        let series_end = crate::recurrence::series_end(
            self.starts,
            self.ends,
            ends_at,
            self.recurrence.as_ref(),
            tz,
        );
        Some(AgendaItem {
            id,
            care_page_id,
            author_id,
            title: self.title,
            place: self.place,
            starts_at,
            ends_at,
            remarks: self.remarks,
            recurrence: self.recurrence,
            series_end,
            created_at,
            updated_at: now,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn form<'a>() -> AgendaForm<'a> {
        AgendaForm {
            title: "Koffie bij oma",
            place: "Dorpsstraat 3",
            start_date: "2026-12-10",
            start_time: "10:00",
            end_time: "11:30",
            ..AgendaForm::default()
        }
    }

    #[test]
    fn a_good_form_gives_wall_clock_times() {
        let input = check_agenda(&form()).unwrap();
        assert_eq!(input.starts, date(2026, 12, 10).at(10, 0, 0, 0));
        assert_eq!(input.ends, date(2026, 12, 10).at(11, 30, 0, 0));
        assert_eq!(input.recurrence, None);
        let weekly = check_agenda(&AgendaForm {
            repeat: "weekly",
            until: "31-12-2026",
            ..form()
        })
        .unwrap();
        assert_eq!(
            weekly.recurrence,
            Some(Recurrence {
                frequency: Frequency::Weekly,
                until: Some(date(2026, 12, 31))
            })
        );
    }

    #[test]
    fn each_mistake_is_named_for_its_field() {
        use AgendaProblem::*;
        let bad = check_agenda(&AgendaForm {
            title: " ",
            start_date: "2026-02-30",
            end_time: "25:00",
            repeat: "hourly",
            ..form()
        })
        .unwrap_err();
        assert_eq!(
            bad,
            vec![TitleEmpty, StartDateInvalid, EndTimeInvalid, RepeatUnknown]
        );
        let backwards = check_agenda(&AgendaForm {
            end_time: "09:00",
            repeat: "daily",
            until: "2026-12-01",
            ..form()
        })
        .unwrap_err();
        assert_eq!(backwards, vec![EndNotAfterStart, UntilBeforeStart]);
        let long = "x".repeat(AGENDA_REMARKS_MAX + 1);
        assert_eq!(
            check_agenda(&AgendaForm {
                remarks: &long,
                ..form()
            })
            .unwrap_err(),
            vec![RemarksTooLong]
        );
    }
}
