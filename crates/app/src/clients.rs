//! Registering client records, as a provider's secretariat or record system does. Each new
//! record is written together with its audit record (SPEC S9).

use crate::audit::staff_changes::{self, By};
use crate::error::conflict_as;
use crate::providers::{email, required};
use crate::{App, AppError, AppResult};
use zk_domain::client::{ClientRecord, PostalAddress};
use zk_domain::{BirthDate, ClientRecordId, ProviderId};

#[derive(Clone, Debug)]
pub struct NewClient {
    pub client_number: String,
    pub first_name: String,
    pub last_name: String,
    pub birth_date: BirthDate,
    pub email: Option<String>,
    pub address: Option<PostalAddress>,
}

/// Makes a client record of `provider`, recorded as made `by` staff (or the operator).
pub async fn register_client(
    app: &App,
    by: By<'_>,
    provider: ProviderId,
    new: NewClient,
) -> AppResult<ClientRecord> {
    let record = checked_record(app, ClientRecordId::new(), provider, new)?;
    let audit = staff_changes::client_created(app, by, &record);
    app.store
        .insert_client_record(&record, audit.audit())
        .await
        .map_err(conflict_as("client number"))?;
    Ok(record)
}

/// The record `new` describes, when every field keeps the rules (also for editing one).
pub(crate) fn checked_record(
    app: &App,
    id: ClientRecordId,
    provider: ProviderId,
    new: NewClient,
) -> AppResult<ClientRecord> {
    if new.birth_date.date() > app.today() {
        return Err(AppError::invalid("birth_date", "lies in the future"));
    }
    let address = match new.address {
        Some(a) => Some(PostalAddress {
            street: required("street", &a.street, 200)?,
            postal_code: required("postal_code", &a.postal_code, 20)?,
            city: required("city", &a.city, 100)?,
        }),
        None => None,
    };
    Ok(ClientRecord {
        id,
        provider_id: provider,
        client_number: required("client_number", &new.client_number, 64)?,
        first_name: required("first_name", &new.first_name, 100)?,
        last_name: required("last_name", &new.last_name, 100)?,
        birth_date: new.birth_date,
        email: new
            .email
            .as_deref()
            .map(|e| email("email", e))
            .transpose()?,
        address,
    })
}
