//! Dates and times as people read them, in Dutch ("maandag 24 november 2026, 10:30") or English,
//! always in Dutch local time.

use crate::i18n::Lang;
use jiff::Timestamp;
use jiff::civil::Date;

const NL_DAYS: [&str; 7] = [
    "maandag",
    "dinsdag",
    "woensdag",
    "donderdag",
    "vrijdag",
    "zaterdag",
    "zondag",
];
const NL_MONTHS: [&str; 12] = [
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
const EN_DAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const EN_MONTHS: [&str; 12] = [
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

/// "maandag 24 november 2026".
pub fn day(lang: Lang, t: Timestamp) -> String {
    let z = t.to_zoned(zk_app::dutch_time_zone());
    let weekday = z.weekday().to_monday_zero_offset() as usize;
    let month = (z.month() - 1) as usize;
    match lang {
        Lang::Nl => format!(
            "{} {} {} {}",
            NL_DAYS[weekday],
            z.day(),
            NL_MONTHS[month],
            z.year()
        ),
        Lang::En => format!(
            "{} {} {} {}",
            EN_DAYS[weekday],
            z.day(),
            EN_MONTHS[month],
            z.year()
        ),
    }
}

/// The Dutch calendar day of a moment.
pub fn local_date(t: Timestamp) -> Date {
    t.to_zoned(zk_app::dutch_time_zone()).date()
}

fn month_name(lang: Lang, d: Date) -> &'static str {
    let month = (d.month() - 1) as usize;
    match lang {
        Lang::Nl => NL_MONTHS[month],
        Lang::En => EN_MONTHS[month],
    }
}

/// "24 november 2026".
pub fn date(lang: Lang, d: Date) -> String {
    format!("{} {} {}", d.day(), month_name(lang, d), d.year())
}

/// "3 maart": for dates whose year is clear from the context.
pub fn day_month(lang: Lang, d: Date) -> String {
    format!("{} {}", d.day(), month_name(lang, d))
}

/// "10:30".
pub fn time(t: Timestamp) -> String {
    let z = t.to_zoned(zk_app::dutch_time_zone());
    format!("{:02}:{:02}", z.hour(), z.minute())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dutch_dates_in_dutch_local_time() {
        let t: Timestamp = "2026-11-24T09:30:00Z".parse().unwrap();
        assert_eq!(day(Lang::Nl, t), "dinsdag 24 november 2026");
        assert_eq!(day(Lang::En, t), "Tuesday 24 November 2026");
        assert_eq!(time(t), "10:30");
        let summer: Timestamp = "2026-07-01T08:00:00Z".parse().unwrap();
        assert_eq!(time(summer), "10:00");
        let d = Date::constant(2026, 3, 3);
        assert_eq!(date(Lang::Nl, d), "3 maart 2026");
        assert_eq!(day_month(Lang::En, d), "3 March");
        let late: Timestamp = "2026-03-02T23:30:00Z".parse().unwrap();
        assert_eq!(local_date(late), d);
    }
}
