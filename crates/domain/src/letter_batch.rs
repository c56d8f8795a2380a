//! A batch of letters: letters for many clients issued in one action by a provider's
//! secretariat, printed from one PDF in which every letter starts on a new page.

use crate::ProviderId;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use std::fmt;
use uuid::Uuid;

/// The most clients one batch may hold: a printable PDF, and a transaction that stays short.
pub const MAX_BATCH_CLIENTS: usize = 200;

/// Identifies a batch of letters (uuid v7).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct LetterBatchId(pub Uuid);

impl LetterBatchId {
    /// A fresh, time-ordered id.
    pub fn new() -> Self {
        Self(Uuid::now_v7())
    }
}

impl Default for LetterBatchId {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Display for LetterBatchId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl std::str::FromStr for LetterBatchId {
    type Err = uuid::Error;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Uuid::parse_str(s).map(Self)
    }
}

/// A batch as stored: who made it, when, how many letters it holds, and until when its sealed
/// PDF can be downloaded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LetterBatch {
    pub id: LetterBatchId,
    pub provider_id: ProviderId,
    pub created_at: Timestamp,
    pub letter_count: u32,
    pub available_until: Timestamp,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_batch_id_reads_back_what_it_writes() {
        let id = LetterBatchId::new();
        assert_eq!(id.to_string().parse::<LetterBatchId>().unwrap(), id);
        assert!("geen-id".parse::<LetterBatchId>().is_err());
    }
}
