//! `GET [base]/Binary/{id}` in the Binary's own format: its bytes and content type, for a client
//! that asks for them rather than for the FHIR JSON (see the web layer's content negotiation).

use super::scope::require;
use super::{FhirError, logical_id};
use crate::App;
use crate::api_tokens::Access;
use jiff::Timestamp;
use serde_json::Value;
use zk_domain::audit::AuditAction;
use zk_fhir::ResourceType;
use zk_store::ApiToken;

/// A Binary's content as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BinaryContent {
    pub content_type: String,
    pub data: Vec<u8>,
    pub version_id: i64,
    pub last_updated: Timestamp,
}

pub async fn read_binary(
    app: &App,
    token: &ApiToken,
    id: &str,
) -> Result<BinaryContent, FhirError> {
    let rt = ResourceType::Binary;
    require(token, Access::Read, rt, None)?;
    let id = logical_id(id)?;
    let stored = app
        .store
        .read_fhir(token.provider_id, rt.as_str(), id)
        .await?
        .ok_or_else(|| FhirError::not_found(rt, id))?;
    let corrupt = || FhirError::from(zk_store::StoreError::Corrupt("stored Binary".into()));
    let body: Value = serde_json::from_str(&stored.body).map_err(|_| corrupt())?;
    let content_type = body
        .get("contentType")
        .and_then(Value::as_str)
        .ok_or_else(corrupt)?
        .to_owned();
    let what = format!("Binary/{id}");
    crate::audit::api::by_token(app, token, AuditAction::Read, rt.as_str(), what).await?;
    Ok(BinaryContent {
        content_type,
        data: stored.content.unwrap_or_default(),
        version_id: stored.version_id,
        last_updated: stored.last_updated,
    })
}
