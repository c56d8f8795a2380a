//! Collection Bundles: what a data export ("Mijn gegevens downloaden") hands out. Reading one
//! back checks the Bundle itself and validates every entry's resource with the same rules as
//! incoming resources, so an export can be proven to hold only resources we understand.

use crate::outcome::{IssueCode, OperationOutcome};
use crate::parse::{Limits, Resource, parse_resource};
use serde_json::{Value, json};

/// Builds a Bundle of type `collection` with `id`, `timestamp` (an instant) and the entries.
pub fn collection(id: &str, timestamp: jiff::Timestamp, resources: Vec<Value>) -> Value {
    let entry: Vec<Value> = resources
        .into_iter()
        .map(|r| json!({ "resource": r }))
        .collect();
    json!({
        "resourceType": "Bundle",
        "id": id,
        "type": "collection",
        "timestamp": timestamp.to_string(),
        "total": entry.len(),
        "entry": entry,
    })
}

/// Parses a Bundle of type `collection` or `document` and validates each entry's resource;
/// every problem found is reported, each at its entry.
pub fn parse_collection(body: &[u8], limits: &Limits) -> Result<Vec<Resource>, OperationOutcome> {
    let value: Value = serde_json::from_slice(body)
        .map_err(|e| OperationOutcome::error(IssueCode::Structure, format!("Not JSON: {e}")))?;
    if value.get("resourceType").and_then(Value::as_str) != Some("Bundle") {
        return Err(OperationOutcome::error_at(
            IssueCode::Structure,
            "Bundle.resourceType",
            "A Bundle is expected",
        ));
    }
    let kind = value.get("type").and_then(Value::as_str);
    if !matches!(kind, Some("collection" | "document")) {
        return Err(OperationOutcome::error_at(
            IssueCode::Value,
            "Bundle.type",
            "The Bundle's type must be 'collection' or 'document'",
        ));
    }
    let entries = match value.get("entry") {
        None => &Vec::new(),
        Some(Value::Array(entries)) => entries,
        Some(_) => {
            return Err(OperationOutcome::error_at(
                IssueCode::Structure,
                "Bundle.entry",
                "entry must be an array",
            ));
        }
    };
    let mut resources = Vec::with_capacity(entries.len());
    let mut problems = Vec::new();
    for (i, entry) in entries.iter().enumerate() {
        let Some(resource) = entry.get("resource") else {
            problems.push(
                crate::outcome::Issue::error(IssueCode::Required, "Each entry needs a resource")
                    .at(format!("Bundle.entry[{i}].resource")),
            );
            continue;
        };
        let bytes = serde_json::to_vec(resource).unwrap_or_default();
        match parse_resource(None, &bytes, limits) {
            Ok(Resource::Transaction(_)) => problems.push(
                crate::outcome::Issue::error(
                    IssueCode::Structure,
                    "A Bundle cannot be nested inside a collection",
                )
                .at(format!("Bundle.entry[{i}].resource")),
            ),
            Ok(r) => resources.push(r),
            Err(outcome) => problems.extend(outcome.issue.into_iter().map(|mut issue| {
                issue.expression = if issue.expression.is_empty() {
                    vec![format!("Bundle.entry[{i}].resource")]
                } else {
                    issue
                        .expression
                        .iter()
                        .map(|e| match e.split_once('.') {
                            Some((_, rest)) => format!("Bundle.entry[{i}].resource.{rest}"),
                            None => format!("Bundle.entry[{i}].resource"),
                        })
                        .collect()
                };
                issue
            })),
        }
    }
    if problems.is_empty() {
        Ok(resources)
    } else {
        Err(OperationOutcome::from_issues(problems))
    }
}
