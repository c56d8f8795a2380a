//! `GET [base]/{type}/{id}`: one resource of the caller's provider. Another provider's resource
//! with the same id does not exist for the caller (404, the same as a missing one).

use super::render::to_json;
use super::scope::require;
use super::{FhirError, logical_id, resource_type};
use crate::App;
use crate::api_tokens::Access;
use jiff::Timestamp;
use serde_json::Value;
use zk_domain::audit::AuditAction;
use zk_store::ApiToken;

/// A resource as read.
#[derive(Clone, Debug, PartialEq)]
pub struct Found {
    pub version_id: i64,
    pub last_updated: Timestamp,
    pub resource: Value,
}

pub async fn read(
    app: &App,
    token: &ApiToken,
    type_name: &str,
    id: &str,
) -> Result<Found, FhirError> {
    let rt = resource_type(type_name)?;
    require(token, Access::Read, rt, None)?;
    let id = logical_id(id)?;
    let stored = app
        .store
        .read_fhir(token.provider_id, rt.as_str(), id)
        .await?
        .ok_or_else(|| FhirError::not_found(rt, id))?;
    let what = format!("{}/{id}", rt.as_str());
    crate::audit::api::by_token(app, token, AuditAction::Read, rt.as_str(), what).await?;
    Ok(Found {
        version_id: stored.version_id,
        last_updated: stored.last_updated,
        resource: to_json(&stored)?,
    })
}
