//! Editing a client record, as the secretariat does (SPEC S8): the same rules as registering
//! one, the client number unique within the provider, and nothing written when a rule fails.

use crate::clients::{NewClient, checked_record};
use crate::{App, AppError, AppResult};
use zk_domain::client::ClientRecord;
use zk_domain::{ClientRecordId, ProviderId};
use zk_store::StoreError;

/// Replaces the fields of a client record of `provider`. NotFound when it has no such record;
/// Conflict when another of its records has the client number.
pub async fn edit_client(
    app: &App,
    provider: ProviderId,
    id: ClientRecordId,
    fields: NewClient,
) -> AppResult<ClientRecord> {
    let record = checked_record(app, id, provider, fields)?;
    match app.store.update_client_record(&record).await {
        Ok(true) => Ok(record),
        Ok(false) => Err(AppError::NotFound("client record")),
        Err(StoreError::Conflict(_)) => Err(AppError::Conflict("client number")),
        Err(e) => Err(e.into()),
    }
}
