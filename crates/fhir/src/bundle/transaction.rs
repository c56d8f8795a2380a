//! Incoming `transaction` and `batch` Bundles, read in two steps.
//!
//! [`TransactionBundle::read`] checks the envelope: each entry's `request` (`PUT Type/id`,
//! `PUT Type?criteria` (conditional update), `POST Type` (optionally with `ifNoneExist`),
//! `DELETE Type/id`) and keeps its `fullUrl` and resource as sent. `GET`, `PATCH` and
//! conditional deletes are refused with `not-supported`.
//!
//! Once the caller knows which `Type/id` every entry writes (a POST gets a server-assigned
//! id; a conditional entry the id its criteria found), [`TransactionBundle::resolve`] rewrites
//! every reference to an entry's `urn:uuid:`/`urn:oid:` `fullUrl` into that `Type/id` (the one
//! change FHIR prescribes), gives POSTed resources their ids and reads the resources, reporting
//! every problem of every entry together under `Bundle.entry[n]`.

use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value, json};

use crate::json::{Ctx, Obj};
use crate::outcome::{IssueCode, OperationOutcome};
use crate::parse::{Limits, Resource, read_resource};
use crate::{Reference, ReferenceError, ResourceType};

/// Whether the entries are stored together or each on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BundleKind {
    /// All entries or none.
    #[default]
    Transaction,
    /// Each entry on its own.
    Batch,
}

/// What an entry asks for.
#[derive(Debug, Clone, PartialEq)]
pub enum EntryRequest {
    /// Create or replace the resource at `Type/id`.
    Put {
        target: Reference,
        /// `request.ifMatch`, e.g. `W/"3"`, for the caller to enforce.
        if_match: Option<String>,
    },
    /// Update the resource the criteria (`identifier=…`) find, or create it.
    ConditionalPut {
        resource_type: ResourceType,
        criteria: String,
    },
    /// Create with a server-assigned id, unless `ifNoneExist` (criteria) finds one.
    Post {
        resource_type: ResourceType,
        if_none_exist: Option<String>,
    },
    /// Delete `Type/id`.
    Delete {
        target: Reference,
        if_match: Option<String>,
    },
}

/// One entry of a transaction or batch.
#[derive(Debug, Clone, PartialEq)]
pub struct TransactionEntry {
    pub full_url: Option<String>,
    pub request: EntryRequest,
    /// The resource as sent (PUT and POST), read by [`TransactionBundle::resolve`].
    pub resource: Option<Value>,
}

impl TransactionEntry {
    /// The `Type/id` this entry writes, when its URL says so.
    pub fn target(&self) -> Option<Reference> {
        match &self.request {
            EntryRequest::Put { target, .. } | EntryRequest::Delete { target, .. } => {
                Some(target.clone())
            }
            _ => None,
        }
    }

    /// The resource type this entry writes.
    pub fn resource_type(&self) -> ResourceType {
        match &self.request {
            EntryRequest::Put { target, .. } | EntryRequest::Delete { target, .. } => {
                target.resource_type
            }
            EntryRequest::ConditionalPut { resource_type, .. }
            | EntryRequest::Post { resource_type, .. } => *resource_type,
        }
    }

    /// The `id` of the resource as sent.
    pub fn resource_id(&self) -> Option<&str> {
        self.resource.as_ref()?.get("id")?.as_str()
    }
}

/// A transaction or batch whose envelope is valid; the caller applies its entries.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TransactionBundle {
    pub kind: BundleKind,
    pub entries: Vec<TransactionEntry>,
}

/// The location of entry `n`.
pub fn entry_path(n: usize) -> String {
    format!("Bundle.entry[{n}]")
}

impl TransactionBundle {
    pub(crate) fn read(cx: &mut Ctx<'_>, obj: &Obj<'_>) -> Option<Self> {
        let kind = match obj.required_string(
            cx,
            "type",
            "Bundle.type is required: 'transaction' or 'batch'",
        ) {
            Some("transaction") | None => BundleKind::Transaction,
            Some("batch") => BundleKind::Batch,
            Some(other) => {
                cx.error(
                    IssueCode::NotSupported,
                    &obj.at("type"),
                    format!(
                        "Only transaction and batch bundles are accepted; this one is of type '{other}'"
                    ),
                );
                BundleKind::Transaction
            }
        };
        let issues_before = cx.issues.len();
        let mut entries = Vec::new();
        let mut seen = HashSet::new();
        let mut full_urls = HashSet::new();
        let mut indices = Vec::new();
        for entry in obj.objects(cx, "entry") {
            // `Bundle.entry[n]`: the index in the Bundle (non-objects are skipped).
            let n = entry
                .path()
                .rsplit('[')
                .next()
                .and_then(|i| i.trim_end_matches(']').parse().ok())
                .unwrap_or(0);
            if let Some(e) = read_entry(cx, &entry) {
                if let Some(target) = e.target()
                    && !seen.insert(target.clone())
                {
                    cx.error(
                        IssueCode::Invalid,
                        &entry.at("request.url"),
                        format!("{target} occurs more than once in this bundle"),
                    );
                    continue;
                }
                if let Some(url) = &e.full_url
                    && !full_urls.insert(url.clone())
                {
                    cx.error(
                        IssueCode::Invalid,
                        &entry.at("fullUrl"),
                        format!("The fullUrl '{url}' occurs more than once in this bundle"),
                    );
                    continue;
                }
                entries.push(e);
                indices.push(n);
            }
        }
        if cx.issues.len() == issues_before {
            return Some(TransactionBundle { kind, entries });
        }
        // Refused already: report the resources' problems too, all at once.
        let listed: Vec<(usize, &TransactionEntry, Option<Reference>)> = indices
            .into_iter()
            .zip(&entries)
            .map(|(n, e)| (n, e, provisional_target(e)))
            .collect();
        read_resources(cx, &listed, |_| true);
        None
    }

    /// Reads the resources of the entries, given the `Type/id` each entry writes (`None` for
    /// a DELETE and for an entry that writes nothing): references to an entry's
    /// `urn:uuid:`/`urn:oid:` fullUrl become its `Type/id`, and each resource gets its id. The
    /// result has a resource for every entry with a target and a resource; all problems are
    /// reported together. Only the entries `wanted` are read (a batch reads one at a time; a
    /// conditional create that found its resource writes nothing). Each resource comes with its
    /// JSON as read (references rewritten), to locate what the store refuses.
    pub fn resolve(
        &self,
        targets: &[Option<Reference>],
        wanted: impl Fn(usize) -> bool,
        limits: &Limits,
    ) -> Result<Vec<Option<(Resource, Value)>>, OperationOutcome> {
        let mut cx = Ctx::new(limits);
        let listed: Vec<(usize, &TransactionEntry, Option<Reference>)> = self
            .entries
            .iter()
            .zip(targets)
            .enumerate()
            .map(|(n, (e, t))| (n, e, t.clone()))
            .collect();
        let out = read_resources(&mut cx, &listed, wanted);
        if cx.issues.is_empty() {
            Ok(out)
        } else {
            // The Bundle passed validation when it was parsed: what its resources' typed
            // reading refuses is valid FHIR this server cannot keep (422).
            Err(OperationOutcome::from_issues(cx.issues).unprocessable())
        }
    }

    /// The FHIR JSON of this bundle (the inverse of reading it).
    pub fn to_json(&self) -> Value {
        let entries: Vec<Value> = self
            .entries
            .iter()
            .map(|e| {
                let mut request = Map::new();
                let (method, url) = match &e.request {
                    EntryRequest::Put { target, if_match } => {
                        if let Some(m) = if_match {
                            request.insert("ifMatch".into(), json!(m));
                        }
                        ("PUT", target.to_string())
                    }
                    EntryRequest::ConditionalPut {
                        resource_type,
                        criteria,
                    } => ("PUT", format!("{resource_type}?{criteria}")),
                    EntryRequest::Post {
                        resource_type,
                        if_none_exist,
                    } => {
                        if let Some(c) = if_none_exist {
                            request.insert("ifNoneExist".into(), json!(c));
                        }
                        ("POST", resource_type.to_string())
                    }
                    EntryRequest::Delete { target, if_match } => {
                        if let Some(m) = if_match {
                            request.insert("ifMatch".into(), json!(m));
                        }
                        ("DELETE", target.to_string())
                    }
                };
                request.insert("method".into(), json!(method));
                request.insert("url".into(), json!(url));
                let mut entry = Map::new();
                if let Some(u) = &e.full_url {
                    entry.insert("fullUrl".into(), json!(u));
                }
                if let Some(r) = &e.resource {
                    entry.insert("resource".into(), r.clone());
                }
                entry.insert("request".into(), Value::Object(request));
                Value::Object(entry)
            })
            .collect();
        let kind = match self.kind {
            BundleKind::Transaction => "transaction",
            BundleKind::Batch => "batch",
        };
        json!({ "resourceType": "Bundle", "type": kind, "entry": entries })
    }
}

/// Reads the resources of `entries` ((index in the Bundle, entry, target)), one result per
/// listed entry; see [`TransactionBundle::resolve`].
fn read_resources(
    cx: &mut Ctx<'_>,
    entries: &[(usize, &TransactionEntry, Option<Reference>)],
    wanted: impl Fn(usize) -> bool,
) -> Vec<Option<(Resource, Value)>> {
    let mut local: HashMap<&str, String> = HashMap::new();
    for (_, entry, target) in entries {
        if let (Some(url), Some(target)) = (&entry.full_url, target)
            && (url.starts_with("urn:uuid:") || url.starts_with("urn:oid:"))
        {
            local.insert(url.as_str(), target.to_string());
        }
    }
    let mut out = vec![None; entries.len()];
    for (slot, (n, entry, target)) in entries.iter().enumerate() {
        let n = *n;
        if !wanted(n) {
            continue;
        }
        let (Some(target), Some(sent)) = (target, &entry.resource) else {
            continue;
        };
        let root = format!("{}.resource", entry_path(n));
        if let EntryRequest::Put { .. } = entry.request
            && entry.resource_id() != Some(target.id.as_str())
        {
            cx.error(
                IssueCode::Invalid,
                &format!("{root}.id"),
                format!(
                    "The resource id ('{}') differs from the id in request.url ('{target}')",
                    entry.resource_id().unwrap_or_default()
                ),
            );
            continue;
        }
        let mut value = sent.clone();
        rewrite(&mut value, &local);
        if let Value::Object(map) = &mut value {
            map.insert("id".into(), json!(target.id));
        }
        out[slot] =
            read_resource(cx, &value, Some(root), Some(target.resource_type)).map(|r| (r, value));
    }
    out
}

/// The target an entry has before any lookup: its own id (a placeholder for a POST).
fn provisional_target(entry: &TransactionEntry) -> Option<Reference> {
    match &entry.request {
        EntryRequest::Put { target, .. } => Some(target.clone()),
        EntryRequest::Delete { .. } => None,
        _ => Some(Reference::new(
            entry.resource_type(),
            entry
                .resource_id()
                .filter(|id| crate::is_valid_id(id))
                .unwrap_or("new"),
        )),
    }
}

/// Replaces every string that is one of `local`'s fullUrls by its `Type/id`.
fn rewrite(value: &mut Value, local: &HashMap<&str, String>) {
    match value {
        Value::String(s) => {
            if let Some(to) = local.get(s.as_str()) {
                *s = to.clone();
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| rewrite(v, local)),
        Value::Object(map) => map.values_mut().for_each(|v| rewrite(v, local)),
        _ => {}
    }
}

/// The type in a POST URL or before the `?` of a conditional one.
fn type_in_url(cx: &mut Ctx<'_>, at: &str, name: &str) -> Option<ResourceType> {
    match ResourceType::parse(name) {
        Some(ResourceType::Bundle) => {
            cx.error(IssueCode::NotSupported, at, "Bundles are not stored");
            None
        }
        Some(t) => Some(t),
        None => {
            cx.error(
                IssueCode::NotSupported,
                at,
                format!("Resource type '{name}' is not supported by this server"),
            );
            None
        }
    }
}

fn read_entry(cx: &mut Ctx<'_>, entry: &Obj<'_>) -> Option<TransactionEntry> {
    let full_url = entry.string(cx, "fullUrl").map(str::to_owned);
    if !entry.require(
        cx,
        "request",
        "Each entry needs a request with method and url",
    ) {
        return None;
    }
    let request = entry.object(cx, "request")?;
    let method = request.required_string(
        cx,
        "method",
        "request.method is required: PUT, POST or DELETE",
    );
    let url = request.required_string(cx, "url", "request.url is required, as 'Type/id'");
    let (method, url) = (method?, url?);
    let url_at = request.at("url");
    let path = url.trim_start_matches('/');
    let request = match method {
        "POST" => {
            let resource_type = type_in_url(cx, &url_at, path)?;
            let if_none_exist = request.string(cx, "ifNoneExist").map(str::to_owned);
            EntryRequest::Post {
                resource_type,
                if_none_exist,
            }
        }
        "PUT" | "DELETE" => {
            if let Some((name, criteria)) = path.split_once('?')
                && method == "PUT"
            {
                let resource_type = type_in_url(cx, &url_at, name)?;
                EntryRequest::ConditionalPut {
                    resource_type,
                    criteria: criteria.to_owned(),
                }
            } else {
                let target = match Reference::parse(path) {
                    Ok(r) => r,
                    Err(ReferenceError::Conditional) => {
                        cx.error(
                            IssueCode::NotSupported,
                            &url_at,
                            format!("Conditional delete ('{url}') is not supported; use 'Type/id'"),
                        );
                        return None;
                    }
                    Err(e) => {
                        cx.error(IssueCode::Invalid, &url_at, e.describe(url));
                        return None;
                    }
                };
                if target.resource_type == ResourceType::Bundle {
                    cx.error(IssueCode::NotSupported, &url_at, "Bundles are not stored");
                    return None;
                }
                let if_match = request.string(cx, "ifMatch").map(str::to_owned);
                if method == "DELETE" {
                    return Some(TransactionEntry {
                        full_url,
                        request: EntryRequest::Delete { target, if_match },
                        resource: None,
                    });
                }
                EntryRequest::Put { target, if_match }
            }
        }
        other => {
            cx.error(
                IssueCode::NotSupported,
                &request.at("method"),
                format!(
                    "Method '{other}' is not supported in a transaction or batch; use PUT, POST or DELETE (read with GET outside the bundle)"
                ),
            );
            return None;
        }
    };
    if !entry.require(cx, "resource", "A PUT or POST entry needs the resource") {
        return None;
    }
    let resource = entry.raw("resource")?;
    let root = entry.at("resource");
    let expected = match &request {
        EntryRequest::Put { target, .. } => target.resource_type,
        EntryRequest::ConditionalPut { resource_type, .. }
        | EntryRequest::Post { resource_type, .. } => *resource_type,
        EntryRequest::Delete { .. } => return None,
    };
    let Value::Object(map) = resource else {
        cx.error(
            IssueCode::Structure,
            &root,
            "A resource must be a JSON object",
        );
        return None;
    };
    let type_name = map.get("resourceType").and_then(Value::as_str);
    if type_name != Some(expected.as_str()) {
        cx.error(
            IssueCode::Invalid,
            &format!("{root}.resourceType"),
            format!(
                "request.url ('{url}') is for a {expected}, but the resource is a {}",
                type_name.unwrap_or("resource without resourceType")
            ),
        );
        return None;
    }
    Some(TransactionEntry {
        full_url,
        request,
        resource: Some(resource.clone()),
    })
}
