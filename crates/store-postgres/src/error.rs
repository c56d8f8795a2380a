//! Maps sqlx errors to `StoreError`, naming the operation but never a value.

use sqlx::error::ErrorKind;
use zk_store::StoreError;

/// An error mapper for `map_err`, labelled with what was being done.
pub fn map_err(what: &'static str) -> impl Fn(sqlx::Error) -> StoreError {
    move |e| match &e {
        sqlx::Error::Database(db) => match db.kind() {
            ErrorKind::UniqueViolation => StoreError::Conflict(what),
            ErrorKind::ForeignKeyViolation => StoreError::MissingReference(what),
            // SQLSTATE classes 08 (connection exception), 53 (insufficient resources, such as
            // too many connections) and 57P (the server is shutting down or restarting).
            _ if db.code().is_some_and(|c| {
                c.starts_with("08") || c.starts_with("53") || c.starts_with("57P")
            }) =>
            {
                StoreError::Unavailable(format!("{what}: {}", db.message()))
            }
            _ => StoreError::Other(format!("{what}: {}", db.message())),
        },
        sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::Io(_)
        | sqlx::Error::Tls(_) => StoreError::Unavailable(format!("{what}: {e}")),
        sqlx::Error::ColumnDecode { .. } | sqlx::Error::Decode(_) => {
            StoreError::Corrupt(format!("{what}: {e}"))
        }
        _ => StoreError::Other(format!("{what}: {e}")),
    }
}
