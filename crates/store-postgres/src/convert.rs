//! Conversions between domain values and PostgreSQL column values: `jiff` times as `time`'s
//! `OffsetDateTime` (UTC, whole microseconds, as `timestamptz` keeps them), dates as `time`'s
//! `Date`, and keyset cursors whose time is in microseconds.

use jiff::Timestamp;
use jiff::civil::Date;
use time::OffsetDateTime;
use uuid::Uuid;
use zk_domain::page::PageRequest;
use zk_store::StoreError;
use zk_store::cursor::Cursor;

/// A time in microseconds since the epoch, as keyset cursors hold it.
pub fn micros(t: Timestamp) -> i64 {
    t.as_microsecond()
}

/// A time to bind. Cut to whole microseconds here, as `micros` does, so that what is stored
/// and what a cursor holds never differ (PostgreSQL would round instead).
pub fn odt(t: Timestamp) -> Result<OffsetDateTime, StoreError> {
    odt_from_micros(micros(t))
        .ok_or_else(|| StoreError::Other("a time outside the range the database stores".into()))
}

fn odt_from_micros(v: i64) -> Option<OffsetDateTime> {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(v) * 1000).ok()
}

pub fn from_odt(v: OffsetDateTime) -> Result<Timestamp, StoreError> {
    Timestamp::from_nanosecond(v.unix_timestamp_nanos())
        .map_err(|e| StoreError::Corrupt(format!("timestamp: {e}")))
}

pub fn pg_date(d: Date) -> Result<time::Date, StoreError> {
    let month = time::Month::try_from(d.month().unsigned_abs())
        .map_err(|e| StoreError::Other(format!("date: {e}")))?;
    time::Date::from_calendar_date(i32::from(d.year()), month, d.day().unsigned_abs())
        .map_err(|e| StoreError::Other(format!("date: {e}")))
}

pub fn opt_pg_date(d: Option<Date>) -> Result<Option<time::Date>, StoreError> {
    d.map(pg_date).transpose()
}

pub fn from_pg_date(d: time::Date) -> Result<Date, StoreError> {
    let corrupt = |e: String| StoreError::Corrupt(format!("date: {e}"));
    let year = i16::try_from(d.year()).map_err(|e| corrupt(e.to_string()))?;
    let month = i8::try_from(u8::from(d.month())).map_err(|e| corrupt(e.to_string()))?;
    let day = i8::try_from(d.day()).map_err(|e| corrupt(e.to_string()))?;
    Date::new(year, month, day).map_err(|e| corrupt(e.to_string()))
}

pub fn opt_date(d: Option<time::Date>) -> Result<Option<Date>, StoreError> {
    d.map(from_pg_date).transpose()
}

/// The position of an id cursor, if the page has one.
pub fn after_id(page: &PageRequest) -> Result<Option<Uuid>, StoreError> {
    page.after.as_deref().map(Cursor::decode_id).transpose()
}

/// The position of a time-and-id cursor, if the page has one, with its time ready to bind.
pub fn after_time_id(page: &PageRequest) -> Result<Option<(OffsetDateTime, Uuid)>, StoreError> {
    page.after
        .as_deref()
        .map(|s| {
            let (t, id) = Cursor::decode_time_id(s)?;
            Ok((odt_from_micros(t).ok_or(StoreError::BadCursor)?, id))
        })
        .transpose()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_round_trip_to_the_microsecond() {
        for s in [
            "2026-11-20T12:00:00Z",
            "2026-11-20T12:00:00.123456Z",
            "1969-12-31T23:59:59.999999Z",
            "1900-01-01T00:00:00Z",
        ] {
            let t: Timestamp = s.parse().unwrap();
            assert_eq!(from_odt(odt(t).unwrap()).unwrap(), t, "{s}");
        }
        // Below a microsecond is cut, the same way as in a cursor.
        let t: Timestamp = "2026-11-20T12:00:00.123456789Z".parse().unwrap();
        let stored = odt(t).unwrap();
        assert_eq!(stored.unix_timestamp_nanos() / 1000, i128::from(micros(t)));
        assert_eq!(stored.nanosecond() % 1000, 0);
    }

    #[test]
    fn dates_round_trip() {
        for d in [
            Date::constant(1990, 12, 31),
            Date::constant(2024, 2, 29),
            Date::constant(1, 1, 1),
        ] {
            assert_eq!(from_pg_date(pg_date(d).unwrap()).unwrap(), d);
        }
    }

    #[test]
    fn cursors_become_bindable_times() {
        let t: Timestamp = "2026-11-20T12:00:00.5Z".parse().unwrap();
        let id = Uuid::now_v7();
        let page = PageRequest::after(Cursor::TimeId(micros(t), id).encode(), 10);
        assert_eq!(after_time_id(&page).unwrap(), Some((odt(t).unwrap(), id)));
        let far = PageRequest::after(Cursor::TimeId(i64::MAX, id).encode(), 10);
        assert!(matches!(after_time_id(&far), Err(StoreError::BadCursor)));
        assert_eq!(after_time_id(&PageRequest::first(1)).unwrap(), None);
    }
}
