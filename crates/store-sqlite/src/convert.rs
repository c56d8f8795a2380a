//! Conversions between domain values and SQLite column values: times as UTC microseconds,
//! dates as ISO text.

use jiff::Timestamp;
use jiff::civil::Date;
use zk_store::StoreError;

pub fn micros(t: Timestamp) -> i64 {
    t.as_microsecond()
}

pub fn from_micros(v: i64) -> Result<Timestamp, StoreError> {
    Timestamp::from_microsecond(v).map_err(|e| StoreError::Corrupt(format!("timestamp: {e}")))
}

pub fn date_text(d: Date) -> String {
    d.to_string()
}

pub fn from_date_text(s: &str) -> Result<Date, StoreError> {
    s.parse()
        .map_err(|e| StoreError::Corrupt(format!("date: {e}")))
}

pub fn opt_date(s: Option<String>) -> Result<Option<Date>, StoreError> {
    s.as_deref().map(from_date_text).transpose()
}
