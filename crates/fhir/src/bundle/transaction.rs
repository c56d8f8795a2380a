//! Incoming `transaction` Bundles: PUT and DELETE of `Type/id` only.
//!
//! Ids belong to the provider, so every write is a PUT to `Type/id`; POST (server-assigned
//! ids) and conditional URLs are refused with `not-supported`.

use std::collections::HashSet;

use serde_json::{Map, Value, json};

use crate::json::{Ctx, Obj};
use crate::outcome::IssueCode;
use crate::parse::{Resource, read_resource};
use crate::{Reference, ReferenceError};

/// One entry of a transaction.
#[derive(Debug, Clone, PartialEq)]
#[allow(
    clippy::large_enum_variant,
    reason = "a Bundle holds few entries; resources carry their received JSON"
)]
pub enum TransactionEntry {
    /// Create or replace the resource at its `Type/id`.
    Put {
        resource: Resource,
        /// `request.ifMatch`, e.g. `W/"3"`, for the caller to enforce.
        if_match: Option<String>,
    },
    /// Delete `Type/id`.
    Delete { target: Reference },
}

impl TransactionEntry {
    /// The `Type/id` this entry writes.
    pub fn target(&self) -> Option<Reference> {
        match self {
            TransactionEntry::Put { resource, .. } => resource
                .id()
                .map(|id| Reference::new(resource.resource_type(), id)),
            TransactionEntry::Delete { target } => Some(target.clone()),
        }
    }
}

/// A validated transaction: entries in order; the caller applies them all or none.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TransactionBundle {
    pub entries: Vec<TransactionEntry>,
}

impl TransactionBundle {
    pub(crate) fn read(cx: &mut Ctx<'_>, obj: &Obj<'_>) -> Option<Self> {
        match obj.required_string(
            cx,
            "type",
            "Bundle.type is required; only 'transaction' is accepted",
        ) {
            Some("transaction") | None => {}
            Some(other) => cx.error(
                IssueCode::NotSupported,
                &obj.at("type"),
                format!("Only transaction bundles are accepted; this one is of type '{other}'"),
            ),
        }
        let issues_before = cx.issues.len();
        let mut entries = Vec::new();
        let mut seen = HashSet::new();
        for entry in obj.objects(cx, "entry") {
            if let Some(e) = read_entry(cx, &entry) {
                if let Some(target) = e.target()
                    && !seen.insert(target.clone())
                {
                    cx.error(
                        IssueCode::Invalid,
                        &entry.at("request.url"),
                        format!("{target} occurs more than once in this transaction"),
                    );
                    continue;
                }
                entries.push(e);
            }
        }
        (cx.issues.len() == issues_before).then_some(TransactionBundle { entries })
    }

    /// The FHIR JSON of this transaction (the inverse of parsing it).
    pub fn to_json(&self) -> Value {
        let entries: Vec<Value> = self
            .entries
            .iter()
            .map(|e| match e {
                TransactionEntry::Put { resource, if_match } => {
                    let mut request = Map::new();
                    request.insert("method".into(), json!("PUT"));
                    let url = resource
                        .id()
                        .map(|id| format!("{}/{id}", resource.resource_type()));
                    request.insert("url".into(), json!(url));
                    if let Some(m) = if_match {
                        request.insert("ifMatch".into(), json!(m));
                    }
                    json!({ "resource": resource.to_json(None), "request": request })
                }
                TransactionEntry::Delete { target } => json!({
                    "request": { "method": "DELETE", "url": target.to_string() }
                }),
            })
            .collect();
        json!({ "resourceType": "Bundle", "type": "transaction", "entry": entries })
    }
}

fn read_entry(cx: &mut Ctx<'_>, entry: &Obj<'_>) -> Option<TransactionEntry> {
    if !entry.require(
        cx,
        "request",
        "Each entry needs a request with method and url",
    ) {
        return None;
    }
    let request = entry.object(cx, "request")?;
    let method = request.required_string(cx, "method", "request.method is required: PUT or DELETE");
    let url = request.required_string(cx, "url", "request.url is required, as 'Type/id'");
    let (method, url) = (method?, url?);
    match method {
        "PUT" | "DELETE" => {}
        "POST" => {
            cx.error(
                IssueCode::NotSupported,
                &request.at("method"),
                "POST is not supported: resources keep the provider's own ids, so create or update them with PUT Type/id",
            );
            return None;
        }
        other => {
            cx.error(
                IssueCode::NotSupported,
                &request.at("method"),
                format!("Method '{other}' is not supported in a transaction; use PUT or DELETE"),
            );
            return None;
        }
    }
    let target = match Reference::parse(url.trim_start_matches('/')) {
        Ok(r) => r,
        Err(ReferenceError::Conditional) => {
            cx.error(
                IssueCode::NotSupported,
                &request.at("url"),
                format!("Conditional {method} ('{url}') is not supported; use 'Type/id'"),
            );
            return None;
        }
        Err(e) => {
            cx.error(IssueCode::Invalid, &request.at("url"), e.describe(url));
            return None;
        }
    };
    if method == "DELETE" {
        return Some(TransactionEntry::Delete { target });
    }
    let if_match = request.string(cx, "ifMatch").map(str::to_owned);
    if !entry.require(cx, "resource", "A PUT entry needs the resource") {
        return None;
    }
    let value = entry.raw("resource")?;
    let root = entry.at("resource");
    let resource = read_resource(cx, value, Some(root.clone()), Some(target.resource_type))?;
    if resource.id() != Some(target.id.as_str()) {
        cx.error(
            IssueCode::Invalid,
            &format!("{root}.id"),
            format!(
                "The resource id ('{}') differs from the id in request.url ('{url}')",
                resource.id().unwrap_or_default()
            ),
        );
        return None;
    }
    Some(TransactionEntry::Put { resource, if_match })
}
