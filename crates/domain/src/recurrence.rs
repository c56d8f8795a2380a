//! Repeating appointments: daily, weekly, monthly or yearly, optionally until a date, expanded
//! into the occurrences that fall in a window. Each occurrence is counted from the first one
//! (never from the previous), on the wall clock of the given time zone: 31 January monthly is
//! 28 (or 29) February, then 31 March again; 29 February yearly is 28 February in other
//! years; 10:00 stays 10:00 across a change to or from summer time.

use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Span, Timestamp};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Frequency {
    Daily,
    Weekly,
    Monthly,
    Yearly,
}

impl Frequency {
    pub const ALL: [Frequency; 4] = [Self::Daily, Self::Weekly, Self::Monthly, Self::Yearly];

    /// The stable name used in storage, forms and translation keys.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Daily => "daily",
            Self::Weekly => "weekly",
            Self::Monthly => "monthly",
            Self::Yearly => "yearly",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.as_str() == s)
    }

    /// `n` steps of this frequency.
    fn steps(self, n: i64) -> Option<Span> {
        match self {
            Self::Daily => Span::new().try_days(n).ok(),
            Self::Weekly => Span::new().try_weeks(n).ok(),
            Self::Monthly => Span::new().try_months(n).ok(),
            Self::Yearly => Span::new().try_years(n).ok(),
        }
    }

    /// Whole steps from `first` to `later` (rounded down; 0 when `later` is earlier).
    fn steps_between(self, first: Date, later: Date) -> i64 {
        if later <= first {
            return 0;
        }
        let days = i64::from(first.until(later).map(|s| s.get_days()).unwrap_or_default());
        let months = (i64::from(later.year()) - i64::from(first.year())) * 12
            + i64::from(later.month())
            - i64::from(first.month());
        match self {
            Self::Daily => days,
            Self::Weekly => days / 7,
            Self::Monthly => months,
            Self::Yearly => months / 12,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Recurrence {
    pub frequency: Frequency,
    /// The last day an occurrence may start on (inclusive); `None`: without end.
    pub until: Option<Date>,
}

/// One time a (repeating) appointment takes place.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Occurrence {
    pub starts_at: Timestamp,
    pub ends_at: Timestamp,
}

/// No more occurrences are looked at per appointment and window than this (a daily one in a
/// year's window): a guard, not a limit anyone meets with the windows we show.
pub const OCCURRENCES_PER_WINDOW: usize = 400;

fn moment(dt: DateTime, tz: &TimeZone) -> Option<Timestamp> {
    dt.to_zoned(tz.clone()).ok().map(|z| z.timestamp())
}

/// The moment after which no occurrence ends: the single end, the end of one starting on the
/// last day of `until`, or `None` when it repeats without end.
pub fn series_end(
    starts: DateTime,
    ends: DateTime,
    ends_at: Timestamp,
    recurrence: Option<&Recurrence>,
    tz: &TimeZone,
) -> Option<Timestamp> {
    let Some(r) = recurrence else {
        return Some(ends_at);
    };
    let until = r.until?;
    let length = starts.duration_until(ends);
    // The latest an occurrence can start is the end of `until`; its end is that plus its length.
    let last_day_end = until
        .tomorrow()
        .ok()?
        .to_datetime(jiff::civil::Time::midnight());
    let latest = last_day_end.checked_add(length).ok()?;
    // A day more than needed, so a change of clocks on the way never cuts one off.
    moment(latest, tz).and_then(|t| t.checked_add(SignedDuration::from_hours(24)).ok())
}

/// The occurrences of an appointment (first start and end, on the wall clock of `tz`) that
/// overlap the window `[from, to)`, in order, at most `limit`.
pub fn occurrences(
    starts_at: Timestamp,
    ends_at: Timestamp,
    recurrence: Option<&Recurrence>,
    tz: &TimeZone,
    from: Timestamp,
    to: Timestamp,
    limit: usize,
) -> Vec<Occurrence> {
    let overlaps = |o: &Occurrence| o.starts_at < to && o.ends_at > from;
    let Some(r) = recurrence else {
        let once = Occurrence { starts_at, ends_at };
        return if overlaps(&once) && limit > 0 {
            vec![once]
        } else {
            Vec::new()
        };
    };
    let first = starts_at.to_zoned(tz.clone()).datetime();
    let length: SignedDuration = first.duration_until(ends_at.to_zoned(tz.clone()).datetime());
    // Skip the steps that surely end before the window: start counting a step before the
    // first one that could still be running at `from`.
    let reach = from.to_zoned(tz.clone()).datetime().checked_sub(length);
    let skip = reach
        .map(|r| r.date())
        .map(|d| r.frequency.steps_between(first.date(), d).saturating_sub(1))
        .unwrap_or(0);
    let mut out = Vec::new();
    for n in skip..skip.saturating_add(OCCURRENCES_PER_WINDOW as i64) {
        let Some(start) = r.frequency.steps(n).and_then(|s| first.checked_add(s).ok()) else {
            break;
        };
        if r.until.is_some_and(|u| start.date() > u) {
            break;
        }
        let (Some(s), Some(e)) = (
            moment(start, tz),
            start.checked_add(length).ok().and_then(|e| moment(e, tz)),
        ) else {
            break;
        };
        if s >= to || out.len() >= limit {
            break;
        }
        let o = Occurrence {
            starts_at: s,
            ends_at: e,
        };
        if overlaps(&o) {
            out.push(o);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn amsterdam() -> TimeZone {
        TimeZone::get("Europe/Amsterdam").unwrap()
    }

    fn at(dt: DateTime) -> Timestamp {
        moment(dt, &amsterdam()).unwrap()
    }

    /// The local start times of the occurrences in `[from, to)`.
    fn local_starts(
        first: DateTime,
        minutes: i64,
        r: Option<Recurrence>,
        from: DateTime,
        to: DateTime,
    ) -> Vec<DateTime> {
        let tz = amsterdam();
        let end = first
            .checked_add(SignedDuration::from_mins(minutes))
            .unwrap();
        occurrences(at(first), at(end), r.as_ref(), &tz, at(from), at(to), 100)
            .into_iter()
            .map(|o| o.starts_at.to_zoned(tz.clone()).datetime())
            .collect()
    }

    fn every(frequency: Frequency) -> Option<Recurrence> {
        Some(Recurrence {
            frequency,
            until: None,
        })
    }

    #[test]
    fn monthly_on_the_31st_falls_on_the_last_day_of_shorter_months() {
        let starts = local_starts(
            date(2027, 1, 31).at(9, 0, 0, 0),
            60,
            every(Frequency::Monthly),
            date(2027, 1, 1).at(0, 0, 0, 0),
            date(2027, 5, 1).at(0, 0, 0, 0),
        );
        let days: Vec<Date> = starts.iter().map(|d| d.date()).collect();
        assert_eq!(
            days,
            vec![
                date(2027, 1, 31),
                date(2027, 2, 28),
                date(2027, 3, 31),
                date(2027, 4, 30)
            ]
        );
    }

    #[test]
    fn yearly_on_a_leap_day_is_28_february_in_other_years() {
        let starts = local_starts(
            date(2028, 2, 29).at(12, 0, 0, 0),
            30,
            every(Frequency::Yearly),
            date(2029, 1, 1).at(0, 0, 0, 0),
            date(2033, 1, 1).at(0, 0, 0, 0),
        );
        let days: Vec<Date> = starts.iter().map(|d| d.date()).collect();
        assert_eq!(
            days,
            vec![
                date(2029, 2, 28),
                date(2030, 2, 28),
                date(2031, 2, 28),
                date(2032, 2, 29)
            ]
        );
    }

    #[test]
    fn weekly_keeps_its_wall_clock_time_across_summer_time() {
        // Summer time starts on Sunday 28 March 2027 in the Netherlands.
        let tz = amsterdam();
        let first = date(2027, 3, 22).at(10, 0, 0, 0);
        let end = date(2027, 3, 22).at(11, 0, 0, 0);
        let found = occurrences(
            at(first),
            at(end),
            every(Frequency::Weekly).as_ref(),
            &tz,
            at(date(2027, 3, 20).at(0, 0, 0, 0)),
            at(date(2027, 4, 6).at(0, 0, 0, 0)),
            10,
        );
        let local: Vec<DateTime> = found
            .iter()
            .map(|o| o.starts_at.to_zoned(tz.clone()).datetime())
            .collect();
        assert_eq!(
            local,
            vec![
                first,
                date(2027, 3, 29).at(10, 0, 0, 0),
                date(2027, 4, 5).at(10, 0, 0, 0)
            ]
        );
        // In UTC the week across the change is an hour shorter, and each lasts one hour.
        assert_eq!(
            found[1].starts_at.duration_since(found[0].starts_at),
            SignedDuration::from_hours(167)
        );
        assert!(
            found
                .iter()
                .all(|o| o.ends_at.duration_since(o.starts_at) == SignedDuration::from_hours(1))
        );
    }

    #[test]
    fn a_window_far_ahead_starts_counting_near_it_and_until_ends_the_series() {
        let first = date(2026, 1, 1).at(8, 0, 0, 0);
        let daily = local_starts(
            first,
            30,
            every(Frequency::Daily),
            date(2030, 6, 1).at(0, 0, 0, 0),
            date(2030, 6, 4).at(0, 0, 0, 0),
        );
        assert_eq!(daily.len(), 3);
        assert_eq!(daily[0], date(2030, 6, 1).at(8, 0, 0, 0));
        let until = Some(Recurrence {
            frequency: Frequency::Daily,
            until: Some(date(2030, 6, 2)),
        });
        let cut = local_starts(
            first,
            30,
            until,
            date(2030, 6, 1).at(0, 0, 0, 0),
            date(2030, 6, 4).at(0, 0, 0, 0),
        );
        assert_eq!(cut.len(), 2);
    }

    #[test]
    fn one_that_is_still_running_at_the_start_of_the_window_is_in_it() {
        let first = date(2026, 12, 1).at(23, 0, 0, 0);
        let starts = local_starts(
            first,
            120,
            every(Frequency::Daily),
            date(2026, 12, 5).at(0, 30, 0, 0),
            date(2026, 12, 5).at(12, 0, 0, 0),
        );
        assert_eq!(starts, vec![date(2026, 12, 4).at(23, 0, 0, 0)]);
        let once = local_starts(
            first,
            60,
            None,
            date(2026, 12, 2).at(0, 0, 0, 0),
            date(2026, 12, 3).at(0, 0, 0, 0),
        );
        assert!(once.is_empty());
    }

    #[test]
    fn the_series_end_is_after_the_last_occurrence_and_none_without_end() {
        let tz = amsterdam();
        let s = date(2026, 12, 1).at(10, 0, 0, 0);
        let e = date(2026, 12, 1).at(11, 0, 0, 0);
        let r = Recurrence {
            frequency: Frequency::Weekly,
            until: Some(date(2026, 12, 29)),
        };
        let end = series_end(s, e, at(e), Some(&r), &tz).unwrap();
        assert!(end > at(date(2026, 12, 29).at(11, 0, 0, 0)));
        assert_eq!(series_end(s, e, at(e), None, &tz), Some(at(e)));
        let open = Recurrence { until: None, ..r };
        assert_eq!(series_end(s, e, at(e), Some(&open), &tz), None);
    }
}
