//! Letters with a code: to whom a letter is addressed, and its status as a person sees it
//! (an issued letter past its expiry date is expired, without any job having to mark it).

use crate::{ClientRecordId, LetterId, ProviderId};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// Whom the letter is addressed to: the client, or their legal representative (for a client
/// under 16, or one with a mentor or curator).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IntendedFor {
    Client,
    Representative,
}

impl IntendedFor {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Client => "client",
            Self::Representative => "representative",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "client" => Some(Self::Client),
            "representative" => Some(Self::Representative),
            _ => None,
        }
    }
}

/// What is stored about a letter's life: issued, then at most one of used or revoked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LetterState {
    Issued,
    Used { at: Timestamp },
    Revoked { at: Timestamp },
}

/// The status a person sees.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LetterStatus {
    Valid,
    Expired,
    Used,
    Revoked,
}

impl LetterStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Valid => "valid",
            Self::Expired => "expired",
            Self::Used => "used",
            Self::Revoked => "revoked",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Letter {
    pub id: LetterId,
    pub provider_id: ProviderId,
    pub client_record_id: ClientRecordId,
    pub intended_for: IntendedFor,
    pub issued_at: Timestamp,
    pub expires_at: Timestamp,
    pub state: LetterState,
}

impl Letter {
    pub fn status(&self, now: Timestamp) -> LetterStatus {
        match self.state {
            LetterState::Used { .. } => LetterStatus::Used,
            LetterState::Revoked { .. } => LetterStatus::Revoked,
            LetterState::Issued if now >= self.expires_at => LetterStatus::Expired,
            LetterState::Issued => LetterStatus::Valid,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::SignedDuration;

    fn letter(state: LetterState) -> Letter {
        let issued_at: Timestamp = "2026-11-01T09:00:00Z".parse().unwrap();
        Letter {
            id: LetterId::new(),
            provider_id: ProviderId::new(),
            client_record_id: ClientRecordId::new(),
            intended_for: IntendedFor::Client,
            issued_at,
            expires_at: issued_at + SignedDuration::from_hours(24 * 30),
            state,
        }
    }

    #[test]
    fn an_issued_letter_expires_at_its_expiry_moment() {
        let l = letter(LetterState::Issued);
        let just_before = l.expires_at - SignedDuration::from_secs(1);
        assert_eq!(l.status(just_before), LetterStatus::Valid);
        assert_eq!(l.status(l.expires_at), LetterStatus::Expired);
    }

    #[test]
    fn used_and_revoked_win_over_expiry() {
        let at = "2026-11-02T09:00:00Z".parse().unwrap();
        let far = "2030-01-01T00:00:00Z".parse().unwrap();
        assert_eq!(
            letter(LetterState::Used { at }).status(far),
            LetterStatus::Used
        );
        assert_eq!(
            letter(LetterState::Revoked { at }).status(far),
            LetterStatus::Revoked
        );
    }
}
