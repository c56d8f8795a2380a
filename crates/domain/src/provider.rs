//! Care providers (zorgaanbieders) and their practitioners.

use crate::{PractitionerId, ProviderId};
use serde::{Deserialize, Serialize};

/// Letter validity when a provider has not chosen one (SPEC S1).
pub const DEFAULT_LETTER_VALIDITY_DAYS: u16 = 30;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provider {
    pub id: ProviderId,
    pub name: String,
    /// How clients reach the secretariat: for a lost letter or an expired code.
    pub secretariat: SecretariatContact,
    pub letter_validity_days: u16,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecretariatContact {
    pub email: String,
    pub phone: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Practitioner {
    pub id: PractitionerId,
    pub provider_id: ProviderId,
    pub name: String,
    /// The discipline, e.g. "GZ-psycholoog" or "persoonlijk begeleider".
    pub discipline: String,
}
