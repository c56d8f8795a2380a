//! Outgoing `history` Bundles: the kept versions of one resource, newest first, each with the
//! request that made it and its response; a deletion has no resource.

use jiff::Timestamp;
use serde_json::{Map, Value, json};

use super::transaction_response::status_line;
use crate::ResourceType;

/// A history Bundle, built version by version (newest first).
#[derive(Debug, Clone, PartialEq)]
pub struct History {
    base_url: String,
    resource_type: ResourceType,
    id: String,
    entries: Vec<Value>,
}

impl History {
    /// The history of `Type/id`; `base_url` (e.g. `https://zorg.example/fhir/r4`) makes
    /// `fullUrl`s.
    pub fn new(base_url: &str, resource_type: ResourceType, id: &str) -> Self {
        History {
            base_url: base_url.trim_end_matches('/').to_owned(),
            resource_type,
            id: id.to_owned(),
            entries: Vec::new(),
        }
    }

    fn push(
        &mut self,
        resource: Option<Value>,
        method: &str,
        status: u16,
        version: i64,
        at: Timestamp,
    ) {
        let mut entry = Map::new();
        entry.insert(
            "fullUrl".into(),
            json!(format!(
                "{}/{}/{}",
                self.base_url, self.resource_type, self.id
            )),
        );
        if let Some(r) = resource {
            entry.insert("resource".into(), r);
        }
        entry.insert(
            "request".into(),
            json!({ "method": method, "url": format!("{}/{}", self.resource_type, self.id) }),
        );
        entry.insert(
            "response".into(),
            json!({
                "status": status_line(status),
                "etag": format!("W/\"{version}\""),
                "lastModified": at.to_string()
            }),
        );
        self.entries.push(Value::Object(entry));
    }

    /// A stored version (with its `meta`); `created` when it made the resource exist.
    pub fn version(&mut self, resource: Value, created: bool, version: i64, at: Timestamp) {
        let status = if created { 201 } else { 200 };
        self.push(Some(resource), "PUT", status, version, at);
    }

    /// A deletion.
    pub fn deletion(&mut self, version: i64, at: Timestamp) {
        self.push(None, "DELETE", 204, version, at);
    }

    /// The FHIR JSON of the Bundle.
    pub fn to_json(&self) -> Value {
        json!({
            "resourceType": "Bundle",
            "type": "history",
            "total": self.entries.len(),
            "link": [{
                "relation": "self",
                "url": format!("{}/{}/{}/_history", self.base_url, self.resource_type, self.id)
            }],
            "entry": self.entries
        })
    }
}
