//! Maps sqlx errors to `StoreError`, naming the operation but never a value.

use sqlx::error::ErrorKind;
use zk_store::StoreError;

/// An error mapper for `map_err`, labelled with what was being done.
pub fn map_err(what: &'static str) -> impl Fn(sqlx::Error) -> StoreError {
    move |e| match &e {
        sqlx::Error::Database(db) => match db.kind() {
            ErrorKind::UniqueViolation => StoreError::Conflict(what),
            ErrorKind::ForeignKeyViolation => StoreError::MissingReference(what),
            _ if db.message().contains("database is locked") => {
                StoreError::Unavailable(format!("{what}: database is locked"))
            }
            _ => StoreError::Other(format!("{what}: {}", db.message())),
        },
        sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) => {
            StoreError::Unavailable(format!("{what}: {e}"))
        }
        sqlx::Error::ColumnDecode { .. } | sqlx::Error::Decode(_) => {
            StoreError::Corrupt(format!("{what}: {e}"))
        }
        _ => StoreError::Other(format!("{what}: {e}")),
    }
}
