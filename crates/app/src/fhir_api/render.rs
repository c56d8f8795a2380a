//! Stored resources back to FHIR JSON, with `meta` (versionId, lastUpdated) added. A Binary's
//! bytes are kept beside its JSON and put back as base64 `data`.

use super::FhirError;
use serde_json::{Value, json};
use zk_fhir::{Binary, Meta};
use zk_store::StoreError;
use zk_store::fhir::StoredFhirResource;

pub(crate) fn meta_json(version_id: i64, last_updated: jiff::Timestamp) -> Value {
    json!({ "versionId": version_id.to_string(), "lastUpdated": last_updated.to_string() })
}

/// The resource as the API serves it.
pub(crate) fn to_json(stored: &StoredFhirResource) -> Result<Value, FhirError> {
    let corrupt = || FhirError::from(StoreError::Corrupt("stored FHIR resource".into()));
    let mut value: Value = serde_json::from_str(&stored.body).map_err(|_| corrupt())?;
    if stored.resource_type == "Binary" {
        let content_type = value
            .get("contentType")
            .and_then(Value::as_str)
            .ok_or_else(corrupt)?
            .to_owned();
        let binary = Binary {
            id: stored.id.clone(),
            content_type,
            data: stored.content.clone().unwrap_or_default(),
        };
        let meta = Meta::new(stored.last_updated).with_version(stored.version_id.to_string());
        return Ok(binary.to_json(Some(&meta)));
    }
    let Value::Object(map) = &mut value else {
        return Err(corrupt());
    };
    map.insert(
        "meta".into(),
        meta_json(stored.version_id, stored.last_updated),
    );
    Ok(value)
}
