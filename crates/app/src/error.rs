//! Errors of the use cases: what a caller can show a person, or a storage failure.

use zk_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Input that breaks a rule; the message says what to fix (in English, for logs and the
    /// CLI; the web layer shows its own translated text per case).
    #[error("{field}: {reason}")]
    Invalid { field: &'static str, reason: String },
    #[error("not found: {0}")]
    NotFound(&'static str),
    #[error("already exists: {0}")]
    Conflict(&'static str),
    /// Too many password hashes are running at once: nothing was checked or changed, and the
    /// same request a moment later will be served.
    #[error("too many password checks at once; try again in a moment")]
    Busy,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl AppError {
    pub fn invalid(field: &'static str, reason: impl Into<String>) -> Self {
        Self::Invalid {
            field,
            reason: reason.into(),
        }
    }
}

/// Maps a store conflict to the use case's own meaning, leaving other errors as they are.
pub(crate) fn conflict_as(what: &'static str) -> impl Fn(StoreError) -> AppError {
    move |e| match e {
        StoreError::Conflict(_) => AppError::Conflict(what),
        StoreError::MissingReference(_) => AppError::NotFound(what),
        other => AppError::Store(other),
    }
}
