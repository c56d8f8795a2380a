//! Client records: a client as the provider's record system knows them. No BSN, ever: the
//! provider's own client number and the letter identify a client.

use crate::{BirthDate, ClientRecordId, ProviderId};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientRecord {
    pub id: ClientRecordId,
    pub provider_id: ProviderId,
    pub client_number: String,
    pub first_name: String,
    pub last_name: String,
    pub birth_date: BirthDate,
    pub email: Option<String>,
    pub address: Option<PostalAddress>,
}

impl ClientRecord {
    pub fn full_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PostalAddress {
    pub street: String,
    pub postal_code: String,
    pub city: String,
}
