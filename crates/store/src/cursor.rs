//! Keyset cursors, shared by the backends so a cursor means the same thing on each: either the
//! last row's id, or the last row's time (in microseconds) and id.

use crate::StoreError;
use uuid::Uuid;

/// The position after which the next page starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cursor {
    Id(Uuid),
    TimeId(i64, Uuid),
}

impl Cursor {
    pub fn encode(&self) -> String {
        match self {
            Self::Id(id) => id.simple().to_string(),
            Self::TimeId(t, id) => format!("{t}.{}", id.simple()),
        }
    }

    pub fn decode_id(s: &str) -> Result<Uuid, StoreError> {
        Uuid::try_parse(s).map_err(|_| StoreError::BadCursor)
    }

    pub fn decode_time_id(s: &str) -> Result<(i64, Uuid), StoreError> {
        let (t, id) = s.split_once('.').ok_or(StoreError::BadCursor)?;
        let t = t.parse().map_err(|_| StoreError::BadCursor)?;
        Ok((t, Self::decode_id(id)?))
    }
}

/// A date as a cursor's sortable number (20261206), for lists ordered by a date.
pub fn date_key(d: jiff::civil::Date) -> i64 {
    i64::from(d.year()) * 10_000 + i64::from(d.month()) * 100 + i64::from(d.day())
}

/// The date of a cursor's number; a number that is no date is a bad cursor.
pub fn key_date(key: i64) -> Result<jiff::civil::Date, StoreError> {
    let part = |v: i64| i8::try_from(v).map_err(|_| StoreError::BadCursor);
    let year = i16::try_from(key / 10_000).map_err(|_| StoreError::BadCursor)?;
    jiff::civil::Date::new(year, part(key / 100 % 100)?, part(key % 100)?)
        .map_err(|_| StoreError::BadCursor)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_garbage_is_refused() {
        let id = Uuid::now_v7();
        assert_eq!(Cursor::decode_id(&Cursor::Id(id).encode()).unwrap(), id);
        let c = Cursor::TimeId(-5, id).encode();
        assert_eq!(Cursor::decode_time_id(&c).unwrap(), (-5, id));
        assert!(Cursor::decode_id("x").is_err());
        assert!(Cursor::decode_time_id("12").is_err());
        assert!(Cursor::decode_time_id("a.b").is_err());
        let d = jiff::civil::date(2026, 12, 6);
        assert_eq!(date_key(d), 20_261_206);
        assert_eq!(key_date(date_key(d)).unwrap(), d);
        assert!(key_date(20_261_301).is_err());
    }
}
