//! FHIR API calls by an API token, recorded on the provider's behalf (SPEC S9). Every write
//! (create, update, delete, transaction, import upload) builds its record as a [`Pending`],
//! which the store appends in the same transaction as the write: a refused or failed write
//! leaves no record, and a write whose record cannot be appended is not made. Every read and
//! search is recorded before its data is handed back (a read has no write transaction to join).
//! When the record cannot be written, the call fails.

use super::security::current_source;
use super::{Pending, now};
use crate::App;
use zk_domain::audit::*;
use zk_domain::network::Permission;
use zk_store::{ApiToken, StoreResult};

/// The care category a FHIR resource type belongs to; the page itself for a Patient or a
/// Bundle.
pub fn category_of(resource_type: &str) -> DataCategory {
    let p = match resource_type {
        "Practitioner" | "PractitionerRole" | "CareTeam" => Permission::CareTeam,
        "Appointment" => Permission::Appointments,
        "CarePlan" | "Goal" => Permission::CarePlan,
        "DocumentReference" | "Binary" => Permission::Documents,
        "Observation" => Permission::Measurements,
        _ => return DataCategory::CarePage,
    };
    DataCategory::Care(p)
}

/// The event of `token` doing `action` on `resource` ("Appointment/a1", the type searched or
/// the bundle).
fn event(
    app: &App,
    token: &ApiToken,
    action: AuditAction,
    resource_type: &str,
    resource: String,
) -> AuditEvent {
    AuditEvent {
        id: AuditEventId::new(),
        action,
        at: now(app),
        care_page_id: None,
        client_record_id: None,
        actor_id: Some(token.id.0),
        actor_name: token.name.clone(),
        role: ActorRole::ApiToken,
        on_behalf_of: Some(token.provider_id),
        ground: Ground::CareRelationship,
        category: category_of(resource_type),
        resource_id: Some(resource),
        source: current_source(),
        outcome: Outcome::Success,
        kind: Some(match action {
            AuditAction::Read => AuditKind::FhirRead,
            _ => AuditKind::FhirWrite,
        }),
    }
}

/// Records what `token` is about to hand back (a read or a search), before it does: `resource`
/// names the resource ("Appointment/a1") or the type searched.
pub async fn by_token(
    app: &App,
    token: &ApiToken,
    action: AuditAction,
    resource_type: &str,
    resource: String,
) -> StoreResult<()> {
    let e = event(app, token, action, resource_type, resource);
    // Shared with the other requests recording at this moment (group commit).
    super::record(app, &[e]).await.map_err(|e| match e {
        crate::AppError::Store(e) => e,
        other => zk_store::StoreError::Other(other.to_string()),
    })
}

/// The record of a write by `token` (create, update, delete, transaction or import upload), for
/// the store write that makes it: `resource` names the resource ("Appointment/a1"), the bundle
/// or the import.
pub fn write_by_token(
    app: &App,
    token: &ApiToken,
    action: AuditAction,
    resource_type: &str,
    resource: String,
) -> Pending {
    Pending::new(
        app,
        vec![event(app, token, action, resource_type, resource)],
    )
}
