//! Outgoing `transaction-response` and `batch-response` Bundles: one response entry per
//! request entry; in a batch a failed entry carries its OperationOutcome.

use jiff::Timestamp;
use serde_json::{Map, Value, json};

use crate::Reference;
use crate::outcome::OperationOutcome;

/// `Bundle.entry.response` for one transaction entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseEntry {
    /// The HTTP status code, e.g. 200.
    pub status: u16,
    /// `Type/id/_history/version`, or `Type/id` without a version.
    pub location: Option<String>,
    pub etag: Option<String>,
    pub last_modified: Option<Timestamp>,
    pub outcome: Option<OperationOutcome>,
}

impl ResponseEntry {
    /// A new resource was stored (201).
    pub fn created(target: &Reference, version: Option<&str>, last_modified: Timestamp) -> Self {
        Self::written(201, target, version, last_modified)
    }

    /// An existing resource was replaced (200).
    pub fn updated(target: &Reference, version: Option<&str>, last_modified: Timestamp) -> Self {
        Self::written(200, target, version, last_modified)
    }

    /// A resource was deleted (204).
    pub fn deleted() -> Self {
        ResponseEntry {
            status: 204,
            location: None,
            etag: None,
            last_modified: None,
            outcome: None,
        }
    }

    /// An entry of a batch that failed with this status and outcome.
    pub fn failed(status: u16, outcome: OperationOutcome) -> Self {
        ResponseEntry {
            status,
            location: None,
            etag: None,
            last_modified: None,
            outcome: Some(outcome),
        }
    }

    fn written(
        status: u16,
        target: &Reference,
        version: Option<&str>,
        last_modified: Timestamp,
    ) -> Self {
        ResponseEntry {
            status,
            location: Some(match version {
                Some(v) => format!("{target}/_history/{v}"),
                None => target.to_string(),
            }),
            etag: version.map(|v| format!("W/\"{v}\"")),
            last_modified: Some(last_modified),
            outcome: None,
        }
    }

    fn to_json(&self) -> Value {
        let mut r = Map::new();
        r.insert("status".into(), json!(status_line(self.status)));
        if let Some(l) = &self.location {
            r.insert("location".into(), json!(l));
        }
        if let Some(e) = &self.etag {
            r.insert("etag".into(), json!(e));
        }
        if let Some(t) = self.last_modified {
            r.insert("lastModified".into(), json!(t.to_string()));
        }
        if let Some(o) = &self.outcome {
            r.insert("outcome".into(), o.to_json());
        }
        json!({ "response": r })
    }
}

/// A transaction-response Bundle, built entry by entry in the order of the request.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TransactionResponse {
    pub entries: Vec<ResponseEntry>,
    /// A `batch-response` rather than a `transaction-response`.
    pub batch: bool,
}

impl TransactionResponse {
    /// An empty response.
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty `batch-response`.
    pub fn batch() -> Self {
        TransactionResponse {
            entries: Vec::new(),
            batch: true,
        }
    }

    /// Adds the response to the next transaction entry.
    pub fn push(&mut self, entry: ResponseEntry) {
        self.entries.push(entry);
    }

    /// The FHIR JSON of this response.
    pub fn to_json(&self) -> Value {
        json!({
            "resourceType": "Bundle",
            "type": if self.batch { "batch-response" } else { "transaction-response" },
            "entry": self.entries.iter().map(ResponseEntry::to_json).collect::<Vec<_>>()
        })
    }
}

/// `"200 OK"` etc.: the status code with its reason phrase.
pub(crate) fn status_line(status: u16) -> String {
    let reason = match status {
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        304 => "Not Modified",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        409 => "Conflict",
        410 => "Gone",
        412 => "Precondition Failed",
        413 => "Content Too Large",
        422 => "Unprocessable Entity",
        500 => "Internal Server Error",
        _ => "",
    };
    if reason.is_empty() {
        status.to_string()
    } else {
        format!("{status} {reason}")
    }
}
