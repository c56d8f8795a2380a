//! The one error type of the storage layer. Backends map their driver errors to it, so no
//! driver type crosses into the layers above.

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A unique rule was broken: the thing exists already. Names the rule, never the value.
    #[error("already exists: {0}")]
    Conflict(&'static str),
    /// A row refers to something that does not exist.
    #[error("refers to something that does not exist: {0}")]
    MissingReference(&'static str),
    /// The database cannot be reached or did not answer in time.
    #[error("the database is unavailable: {0}")]
    Unavailable(String),
    /// A stored value could not be read back (a bug or a hand-edited row).
    #[error("a stored value is invalid: {0}")]
    Corrupt(String),
    /// A cursor that this store did not hand out.
    #[error("invalid page cursor")]
    BadCursor,
    #[error("database error: {0}")]
    Other(String),
}
