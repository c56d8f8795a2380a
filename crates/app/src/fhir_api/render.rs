//! Stored resources back to FHIR JSON: the JSON as it was received, with the server's `meta`
//! (versionId, lastUpdated) merged into its own. A Binary's bytes are kept beside its JSON and
//! put back as base64 `data` (unless its JSON kept the text as sent, see `prepare`).

use super::FhirError;
use serde_json::Value;
use zk_fhir::{Meta, with_meta};
use zk_store::StoreError;
use zk_store::fhir::StoredFhirResource;

/// The resource as the API serves it.
pub(crate) fn to_json(stored: &StoredFhirResource) -> Result<Value, FhirError> {
    let corrupt = || FhirError::from(StoreError::Corrupt("stored FHIR resource".into()));
    let mut value: Value = serde_json::from_str(&stored.body).map_err(|_| corrupt())?;
    let Value::Object(map) = &mut value else {
        return Err(corrupt());
    };
    if stored.resource_type == "Binary" && !map.contains_key("data") {
        let data = zk_fhir::base64_text(stored.content.as_deref().unwrap_or_default());
        map.insert("data".into(), Value::String(data));
    }
    let meta = Meta::new(stored.last_updated).with_version(stored.version_id.to_string());
    Ok(with_meta(value, Some(&meta)))
}
