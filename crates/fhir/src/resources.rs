//! The validated resources, one module each, and the pieces they share.

pub mod appointment;
pub mod binary;
pub mod care_plan;
pub mod care_team;
pub mod document_reference;
pub mod goal;
pub mod observation;
pub mod patient;
pub mod practitioner;
pub mod practitioner_role;

use jiff::Timestamp;
use serde_json::{Map, Value, json};

use crate::json::{Ctx, Obj};
use crate::outcome::IssueCode;
use crate::reference::{Reference, is_valid_id};
use crate::{ResourceType, base64};

/// `meta` of an outgoing resource, supplied by the caller (the store knows when it changed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meta {
    pub last_updated: Timestamp,
    pub version_id: Option<String>,
}

impl Meta {
    /// Meta with only `lastUpdated`.
    pub fn new(last_updated: Timestamp) -> Self {
        Meta {
            last_updated,
            version_id: None,
        }
    }

    /// This meta with a `versionId`.
    pub fn with_version(mut self, version_id: impl Into<String>) -> Self {
        self.version_id = Some(version_id.into());
        self
    }

    pub(crate) fn to_json(&self) -> Value {
        let mut m = Map::new();
        if let Some(v) = &self.version_id {
            m.insert("versionId".into(), json!(v));
        }
        m.insert("lastUpdated".into(), json!(self.last_updated.to_string()));
        Value::Object(m)
    }
}

/// A resource as received, to keep and serve back: its JSON without `meta.versionId` and
/// `meta.lastUpdated`, which the server sets (other `meta` content, e.g. `profile`, stays).
pub(crate) fn received(obj: &Obj<'_>) -> Value {
    let mut map = obj.map().clone();
    if let Some(Value::Object(meta)) = map.get_mut("meta") {
        meta.remove("versionId");
        meta.remove("lastUpdated");
        if meta.is_empty() {
            map.remove("meta");
        }
    }
    Value::Object(map)
}

/// Kept JSON with the server's `meta.versionId` and `meta.lastUpdated` merged into its `meta`
/// (which keeps what else it holds). Without `meta` the JSON is returned unchanged.
pub fn with_meta(mut kept: Value, meta: Option<&Meta>) -> Value {
    let (Some(meta), Value::Object(map)) = (meta, &mut kept) else {
        return kept;
    };
    let Value::Object(server) = meta.to_json() else {
        return kept;
    };
    match map.get_mut("meta") {
        Some(Value::Object(existing)) => existing.extend(server),
        _ => {
            map.insert("meta".into(), Value::Object(server));
        }
    }
    kept
}

/// Refuses what the care page cannot show correctly (422, `business-rule`) at `path`.
pub(crate) fn cannot_show(cx: &mut Ctx<'_>, path: &str, diagnostics: impl Into<String>) {
    cx.error(IssueCode::BusinessRule, path, diagnostics);
}

/// The start of every outgoing resource: `resourceType`, `id` and `meta`.
pub(crate) fn header(
    resource_type: ResourceType,
    id: &str,
    meta: Option<&Meta>,
) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("resourceType".into(), json!(resource_type.as_str()));
    m.insert("id".into(), json!(id));
    if let Some(meta) = meta {
        m.insert("meta".into(), meta.to_json());
    }
    m
}

/// Inserts `value` under `key` when it is present.
pub(crate) fn put_opt(m: &mut Map<String, Value>, key: &str, value: Option<Value>) {
    if let Some(v) = value {
        m.insert(key.into(), v);
    }
}

/// The required logical `id`.
pub(crate) fn read_id(cx: &mut Ctx<'_>, obj: &Obj<'_>) -> Option<String> {
    let id = obj.required_string(
        cx,
        "id",
        "An id is required: the logical id of the resource, as in the URL",
    )?;
    if is_valid_id(id) {
        Some(id.to_owned())
    } else {
        cx.error(
            IssueCode::Value,
            &obj.at("id"),
            format!("'{id}' is not a valid id; {}", crate::reference::ID_RULE),
        );
        None
    }
}

/// The text of a CodeableConcept: its `text`, else the first `coding.display`.
pub(crate) fn concept_text(cx: &mut Ctx<'_>, concept: &Obj<'_>) -> Option<String> {
    if let Some(text) = concept.string(cx, "text") {
        return Some(text.to_owned());
    }
    for coding in concept.objects(cx, "coding") {
        if let Some(display) = coding.string(cx, "display") {
            return Some(display.to_owned());
        }
    }
    None
}

/// Reads the `reference` of a Reference element, which must point to one of `allowed`.
pub(crate) fn reference_in(
    cx: &mut Ctx<'_>,
    element: &Obj<'_>,
    allowed: &[ResourceType],
) -> Option<Reference> {
    let path = element.at("reference");
    let input = element.required_string(
        cx,
        "reference",
        &format!(
            "A reference of the form '{}/id' is required",
            allowed_names(allowed, "|")
        ),
    )?;
    match Reference::parse(input) {
        Ok(r) if allowed.contains(&r.resource_type) => Some(r),
        Ok(r) => {
            cx.error(
                IssueCode::Invalid,
                &path,
                format!(
                    "'{input}' refers to a {}, but this must refer to a {}",
                    r.resource_type,
                    allowed_names(allowed, " or ")
                ),
            );
            None
        }
        Err(e) => {
            cx.error(IssueCode::Invalid, &path, e.describe(input));
            None
        }
    }
}

/// A required Reference element `key` of `obj`, pointing to one of `allowed`.
pub(crate) fn required_reference(
    cx: &mut Ctx<'_>,
    obj: &Obj<'_>,
    key: &str,
    allowed: &[ResourceType],
    missing: &str,
) -> Option<Reference> {
    if !obj.require(cx, key, missing) {
        return None;
    }
    let element = obj.object(cx, key)?;
    reference_in(cx, &element, allowed)
}

fn allowed_names(allowed: &[ResourceType], sep: &str) -> String {
    allowed
        .iter()
        .map(|t| t.as_str())
        .collect::<Vec<_>>()
        .join(sep)
}

/// Decodes the base64 string at `key` (which the caller knows is present), enforcing the
/// attachment size limit before decoding.
pub(crate) fn read_base64(cx: &mut Ctx<'_>, obj: &Obj<'_>, key: &str) -> Option<Vec<u8>> {
    let text = obj.string(cx, key)?;
    let path = obj.at(key);
    let size = base64::decoded_len(text);
    let max = cx.limits.max_attachment_bytes;
    if size > max {
        cx.error(
            IssueCode::TooLong,
            &path,
            format!("The attachment is {size} bytes; at most {max} bytes are accepted"),
        );
        return None;
    }
    match base64::decode(text) {
        Ok(bytes) => Some(bytes),
        Err(e) => {
            cx.error(
                IssueCode::Invalid,
                &path,
                format!("{key} is not valid base64: {e}"),
            );
            None
        }
    }
}

/// The FHIR `base64Binary` text of `bytes`.
pub(crate) fn to_base64(bytes: &[u8]) -> String {
    base64::encode(bytes)
}

/// Whether `s` looks like a MIME type (`type/subtype`, optional parameters).
pub(crate) fn is_mime_type(s: &str) -> bool {
    let essence = mime_essence(s);
    match essence.split_once('/') {
        Some((t, sub)) => {
            let token = |x: &str| {
                !x.is_empty()
                    && x.bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b"!#$&^_.+-".contains(&b))
            };
            token(t) && token(sub)
        }
        None => false,
    }
}

/// The lowercased `type/subtype` of a MIME type, without parameters.
pub(crate) fn mime_essence(s: &str) -> String {
    s.split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}
