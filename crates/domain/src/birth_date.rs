//! Dates of birth: parsing what people type ("31-12-1990", "1/2/2001", "01.02.2001") and the
//! age rules (a client manages their own care page from 16).

use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The age from which a client may be the beheerder of their own care page (SPEC S2).
pub const SELF_MANAGEMENT_AGE: i16 = 16;

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct BirthDate(Date);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum BirthDateError {
    #[error("write the date as day-month-year, for example 31-12-1990")]
    Format,
    #[error("this date does not exist")]
    NoSuchDate,
    #[error("this date lies in the future")]
    Future,
    #[error("this date lies too far in the past")]
    TooOld,
}

impl BirthDate {
    pub fn new(date: Date) -> Self {
        Self(date)
    }

    /// Parses `d-m-jjjj` or `dd-mm-jjjj` with `-`, `/` or `.` between the parts, and checks it
    /// against `today`.
    pub fn parse_dutch(input: &str, today: Date) -> Result<Self, BirthDateError> {
        let parts: Vec<&str> = input.trim().split(['-', '/', '.']).collect();
        let [d, m, y] = parts.as_slice() else {
            return Err(BirthDateError::Format);
        };
        let digits = |s: &str, min: usize, max: usize| -> Result<i16, BirthDateError> {
            let s = s.trim();
            if s.len() < min || s.len() > max || !s.bytes().all(|b| b.is_ascii_digit()) {
                return Err(BirthDateError::Format);
            }
            s.parse().map_err(|_| BirthDateError::Format)
        };
        let (day, month, year) = (digits(d, 1, 2)?, digits(m, 1, 2)?, digits(y, 4, 4)?);
        let date =
            Date::new(year, month as i8, day as i8).map_err(|_| BirthDateError::NoSuchDate)?;
        if date > today {
            return Err(BirthDateError::Future);
        }
        if year < today.year() - 130 {
            return Err(BirthDateError::TooOld);
        }
        Ok(Self(date))
    }

    /// Parses the ISO form `YYYY-MM-DD` used in storage and `demo.json`.
    pub fn parse_iso(input: &str) -> Option<Self> {
        input.parse::<Date>().ok().map(Self)
    }

    pub fn date(&self) -> Date {
        self.0
    }

    /// Completed years on `today`.
    pub fn age_on(&self, today: Date) -> i16 {
        let mut age = today.year() - self.0.year();
        if (today.month(), today.day()) < (self.0.month(), self.0.day()) {
            age -= 1;
        }
        age
    }

    /// Whether the client may manage their own care page on `today`.
    pub fn may_self_manage(&self, today: Date) -> bool {
        self.age_on(today) >= SELF_MANAGEMENT_AGE
    }

    /// `31-12-1990`, as Dutch readers write it.
    pub fn dutch(&self) -> String {
        format!(
            "{:02}-{:02}-{}",
            self.0.day(),
            self.0.month(),
            self.0.year()
        )
    }

    /// `1990-12-31`.
    pub fn iso(&self) -> String {
        self.0.to_string()
    }
}

impl fmt::Debug for BirthDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // A birth date is personal data: keep it out of debug output and logs.
        f.write_str("BirthDate(..)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    const TODAY: Date = date(2026, 11, 23);

    #[test]
    fn accepts_the_forms_people_type() {
        let want = BirthDate::new(date(1990, 12, 31));
        for input in ["31-12-1990", "31/12/1990", "31.12.1990", " 31-12-1990 "] {
            assert_eq!(BirthDate::parse_dutch(input, TODAY), Ok(want), "{input}");
        }
        let want = BirthDate::new(date(2001, 2, 1));
        for input in ["1-2-2001", "01-02-2001", "1/2/2001", "01.2.2001"] {
            assert_eq!(BirthDate::parse_dutch(input, TODAY), Ok(want), "{input}");
        }
    }

    #[test]
    fn refuses_what_is_not_a_date() {
        use BirthDateError::*;
        assert_eq!(BirthDate::parse_dutch("1990-12-31", TODAY), Err(Format));
        assert_eq!(BirthDate::parse_dutch("31-12-90", TODAY), Err(Format));
        assert_eq!(
            BirthDate::parse_dutch("31 december 1990", TODAY),
            Err(Format)
        );
        assert_eq!(BirthDate::parse_dutch("", TODAY), Err(Format));
        assert_eq!(BirthDate::parse_dutch("30-02-2000", TODAY), Err(NoSuchDate));
        assert_eq!(BirthDate::parse_dutch("24-11-2026", TODAY), Err(Future));
        assert_eq!(BirthDate::parse_dutch("01-01-1800", TODAY), Err(TooOld));
    }

    #[test]
    fn sixteen_starts_on_the_birthday() {
        let born = BirthDate::new(date(2010, 11, 23));
        assert!(born.may_self_manage(date(2026, 11, 23)));
        assert!(!born.may_self_manage(date(2026, 11, 22)));
        assert_eq!(born.age_on(date(2026, 11, 22)), 15);
    }

    #[test]
    fn born_on_leap_day() {
        let born = BirthDate::new(date(2008, 2, 29));
        assert_eq!(born.age_on(date(2024, 2, 28)), 15);
        assert_eq!(born.age_on(date(2024, 2, 29)), 16);
        assert_eq!(born.age_on(date(2025, 3, 1)), 17);
    }
}
