//! Outgoing `searchset` Bundles.

use serde_json::{Map, Value, json};

use crate::parse::Resource;
use crate::resources::Meta;

/// A search result page, built entry by entry.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchSet {
    base_url: String,
    self_url: String,
    next_url: Option<String>,
    total: Option<u64>,
    entries: Vec<Value>,
}

impl SearchSet {
    /// An empty page. `base_url` (e.g. `https://zorg.example/fhir`) makes `fullUrl`s;
    /// `self_url` is the URL of this page.
    pub fn new(base_url: impl Into<String>, self_url: impl Into<String>) -> Self {
        SearchSet {
            base_url: base_url.into().trim_end_matches('/').to_owned(),
            self_url: self_url.into(),
            next_url: None,
            total: None,
            entries: Vec::new(),
        }
    }

    /// The total number of matches over all pages, when known.
    pub fn total(mut self, total: u64) -> Self {
        self.total = Some(total);
        self
    }

    /// The (opaque) URL of the next page.
    pub fn next(mut self, next_url: impl Into<String>) -> Self {
        self.next_url = Some(next_url.into());
        self
    }

    /// Adds a matching resource; its `fullUrl` is `{base}/{Type}/{id}`.
    pub fn push(&mut self, resource: &Resource, meta: Option<&Meta>) {
        let full_url = resource
            .id()
            .map(|id| format!("{}/{}/{id}", self.base_url, resource.resource_type()));
        self.push_json(full_url, resource.to_json(meta));
    }

    /// Adds a matching resource given as JSON.
    pub fn push_json(&mut self, full_url: Option<String>, resource: Value) {
        let mut entry = Map::new();
        if let Some(url) = full_url {
            entry.insert("fullUrl".into(), json!(url));
        }
        entry.insert("resource".into(), resource);
        entry.insert("search".into(), json!({ "mode": "match" }));
        self.entries.push(Value::Object(entry));
    }

    /// The number of entries on this page.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether this page has no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The FHIR JSON of this page.
    pub fn to_json(&self) -> Value {
        let mut m = Map::new();
        m.insert("resourceType".into(), json!("Bundle"));
        m.insert("type".into(), json!("searchset"));
        if let Some(total) = self.total {
            m.insert("total".into(), json!(total));
        }
        let mut links = vec![json!({ "relation": "self", "url": self.self_url })];
        if let Some(next) = &self.next_url {
            links.push(json!({ "relation": "next", "url": next }));
        }
        m.insert("link".into(), Value::Array(links));
        // FHIR JSON has no empty arrays: an empty page has no `entry` at all.
        if !self.entries.is_empty() {
            m.insert("entry".into(), Value::Array(self.entries.clone()));
        }
        Value::Object(m)
    }
}
