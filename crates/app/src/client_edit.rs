//! Editing a client record, as the secretariat does (SPEC S8): the same rules as registering
//! one, the client number unique within the provider, and nothing written when a rule fails.
//! The edit is recorded in the same transaction as the change (SPEC S9).

use crate::audit::staff_changes::{self, By};
use crate::clients::{NewClient, checked_record};
use crate::{App, AppError, AppResult};
use zk_domain::client::ClientRecord;
use zk_domain::{ClientRecordId, ProviderId};
use zk_store::StoreError;

/// Replaces the fields of a client record of `provider`. NotFound when it has no such record;
/// Conflict when another of its records has the client number.
pub async fn edit_client(
    app: &App,
    by: By<'_>,
    provider: ProviderId,
    id: ClientRecordId,
    fields: NewClient,
) -> AppResult<ClientRecord> {
    let record = checked_record(app, id, provider, fields)?;
    let audit = staff_changes::client_edited(app, by, &record).await?;
    match app.store.update_client_record(&record, audit.audit()).await {
        Ok(true) => Ok(record),
        Ok(false) => Err(AppError::NotFound("client record")),
        Err(StoreError::Conflict(_)) => Err(AppError::Conflict("client number")),
        Err(e) => Err(e.into()),
    }
}
