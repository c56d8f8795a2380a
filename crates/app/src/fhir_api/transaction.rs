//! `POST [base]` with a `transaction` or `batch` Bundle.
//!
//! A transaction is stored all together in one store transaction or not at all; a batch
//! stores each entry on its own (its own store transaction) and answers failed entries with
//! their OperationOutcome in `response.outcome`. Entries: `PUT Type/id` (with `ifMatch`),
//! `PUT Type?identifier=…` (conditional update), `POST Type` (server-assigned id, with
//! `ifNoneExist`) and `DELETE Type/id` (with `ifMatch`).
//!
//! First every entry's `Type/id` is settled (conditional entries by a lookup; POSTs get new
//! ids), then references to `urn:uuid:` fullUrls are rewritten to those ids and the resources
//! read. Order of processing: deletes first, then the writes in the order of what they refer
//! to (patients and practitioners before what is about them), whatever their order in the
//! Bundle; FHIR's POST-before-PUT order needs no more, as every id is known before anything is
//! stored. The response lists one entry per request entry, in the request's order.

use super::FhirError;
use super::conditional::{etag_version, matching_ids, new_id, several_match, version_mismatch};
use super::delete::delete_write;
use super::locate::{Origin, refusal};
use super::prepare::prepare;
use super::scope::require;
use crate::App;
use crate::api_tokens::Access;
use serde_json::Value;
use std::collections::HashSet;
use zk_domain::audit::AuditAction;
use zk_fhir::{
    BundleKind, EntryRequest, Issue, IssueCode, Limits, OperationOutcome, Reference, Resource,
    ResourceType, ResponseEntry, TransactionBundle, TransactionResponse, entry_path,
    parse_resource,
};
use zk_store::ApiToken;
use zk_store::fhir::{FhirRefusal, FhirWrite, FhirWriteOutcome, FhirWriteResult};

/// Where a type comes in the order of puts: what is referred to before what refers to it.
fn rank(t: ResourceType) -> i16 {
    use ResourceType::*;
    match t {
        Patient => 0,
        Practitioner => 1,
        PractitionerRole => 2,
        Binary => 3,
        Goal => 4,
        CarePlan => 5,
        CareTeam => 6,
        Appointment => 7,
        DocumentReference => 8,
        Observation => 9,
        Bundle => 10,
    }
}

pub(crate) fn refused_write(r: &FhirRefusal) -> usize {
    match r {
        FhirRefusal::MissingReference { write, .. }
        | FhirRefusal::IdentifierTaken { write, .. }
        | FhirRefusal::InOtherCareTeam { write, .. }
        | FhirRefusal::GoalOfOtherPatient { write, .. }
        | FhirRefusal::StillReferenced { write, .. }
        | FhirRefusal::VersionMismatch { write, .. } => *write,
    }
}

/// Answers a transaction or batch Bundle with a transaction-response or batch-response.
pub async fn transaction(
    app: &App,
    token: &ApiToken,
    body: &[u8],
    limits: &Limits,
) -> Result<Value, FhirError> {
    let bundle = match parse_resource(None, body, limits).map_err(FhirError::outcome)? {
        Resource::Transaction(b) => b,
        other => {
            return Err(FhirError::bad_request(
                IssueCode::NotSupported,
                format!(
                    "The base URL takes a transaction or batch Bundle; store a {} with PUT {}/{{id}} or POST {}",
                    other.resource_type(),
                    other.resource_type(),
                    other.resource_type()
                ),
            ));
        }
    };
    match bundle.kind {
        BundleKind::Transaction => {
            let all: Vec<usize> = (0..bundle.entries.len()).collect();
            let mut responses = run(app, token, &bundle, &all, limits).await?;
            responses.sort_by_key(|(n, _)| *n);
            let mut out = TransactionResponse::new();
            for (_, r) in responses {
                out.push(r);
            }
            Ok(out.to_json())
        }
        BundleKind::Batch => {
            let mut out = TransactionResponse::batch();
            for n in 0..bundle.entries.len() {
                match run(app, token, &bundle, &[n], limits).await {
                    Ok(mut r) => out.push(r.pop().map_or_else(ResponseEntry::deleted, |(_, r)| r)),
                    Err(e) => out.push(ResponseEntry::failed(e.status, e.outcome)),
                }
            }
            Ok(out.to_json())
        }
    }
}

/// What one entry comes to once its target is known.
enum Plan {
    /// Store the entry's resource; `expect` is its `ifMatch`.
    Write { expect: Option<i64> },
    /// A conditional create found the resource: nothing is written.
    Found,
    Delete {
        target: Reference,
        expect: Option<i64>,
    },
}

fn at(n: usize, what: &str) -> String {
    format!("{}.{what}", entry_path(n))
}

fn if_match(m: Option<&String>, n: usize) -> Result<Option<i64>, FhirError> {
    m.map(|m| etag_version(m, Some(&at(n, "request.ifMatch"))))
        .transpose()
}

/// Settles the target of entry `n`.
async fn settle(
    app: &App,
    token: &ApiToken,
    bundle: &TransactionBundle,
    n: usize,
) -> Result<(Option<Reference>, Plan), FhirError> {
    let entry = &bundle.entries[n];
    Ok(match &entry.request {
        EntryRequest::Put {
            target,
            if_match: m,
        } => (
            Some(target.clone()),
            Plan::Write {
                expect: if_match(m.as_ref(), n)?,
            },
        ),
        EntryRequest::ConditionalPut {
            resource_type,
            criteria,
        } => {
            let found = matching_ids(
                app,
                token.provider_id,
                *resource_type,
                criteria,
                &at(n, "request.url"),
            )
            .await?;
            let given = entry.resource_id().map(str::to_owned);
            let id = match found.as_slice() {
                [] => given.unwrap_or_else(new_id),
                [one] => {
                    if let Some(given) = given.filter(|g| g != one) {
                        return Err(FhirError::outcome(OperationOutcome::error_at(
                            IssueCode::Invalid,
                            at(n, "resource.id"),
                            format!(
                                "The resource id ('{given}') differs from the id the condition found ('{one}')"
                            ),
                        )));
                    }
                    one.clone()
                }
                _ => return Err(several_match(criteria, Some(at(n, "request.url")))),
            };
            (
                Some(Reference::new(*resource_type, id)),
                Plan::Write { expect: None },
            )
        }
        EntryRequest::Post {
            resource_type,
            if_none_exist,
        } => {
            let found = match if_none_exist {
                Some(c) => {
                    matching_ids(
                        app,
                        token.provider_id,
                        *resource_type,
                        c,
                        &at(n, "request.ifNoneExist"),
                    )
                    .await?
                }
                None => Vec::new(),
            };
            match found.as_slice() {
                [] => (
                    Some(Reference::new(*resource_type, new_id())),
                    Plan::Write { expect: None },
                ),
                [one] => (
                    Some(Reference::new(*resource_type, one.clone())),
                    Plan::Found,
                ),
                _ => {
                    return Err(several_match(
                        if_none_exist.as_deref().unwrap_or_default(),
                        Some(at(n, "request.ifNoneExist")),
                    ));
                }
            }
        }
        EntryRequest::Delete {
            target,
            if_match: m,
        } => (
            None,
            Plan::Delete {
                target: target.clone(),
                expect: if_match(m.as_ref(), n)?,
            },
        ),
    })
}

/// Applies entries `which` of the bundle together: all of them or none.
async fn run(
    app: &App,
    token: &ApiToken,
    bundle: &TransactionBundle,
    which: &[usize],
    limits: &Limits,
) -> Result<Vec<(usize, ResponseEntry)>, FhirError> {
    for &n in which {
        let entry = &bundle.entries[n];
        require(
            token,
            Access::Write,
            entry.resource_type(),
            Some(entry_path(n)),
        )?;
    }
    let mut targets: Vec<Option<Reference>> = vec![None; bundle.entries.len()];
    let mut plans = Vec::with_capacity(which.len());
    let mut written = HashSet::new();
    for &n in which {
        let (target, plan) = settle(app, token, bundle, n).await?;
        let writes = match &plan {
            Plan::Write { .. } => target.clone(),
            Plan::Delete { target, .. } => Some(target.clone()),
            Plan::Found => None,
        };
        if let Some(w) = writes
            && !written.insert(w.clone())
        {
            return Err(FhirError::outcome(OperationOutcome::error_at(
                IssueCode::Invalid,
                at(n, "request.url"),
                format!("{w} is written by more than one entry of this bundle"),
            )));
        }
        targets[n] = target;
        plans.push((n, plan));
    }
    let to_read: HashSet<usize> = plans
        .iter()
        .filter(|(_, p)| matches!(p, Plan::Write { .. }))
        .map(|(n, _)| *n)
        .collect();
    let resources = bundle
        .resolve(&targets, |n| to_read.contains(&n), limits)
        .map_err(FhirError::outcome)?;
    let (today, now) = (app.today(), super::write_time(app));
    let mut issues: Vec<Issue> = Vec::new();
    // (rank, entry index, writes)
    let mut planned: Vec<(i16, usize, Vec<FhirWrite>)> = Vec::new();
    let mut found = Vec::new();
    for (n, plan) in &plans {
        let n = *n;
        match plan {
            Plan::Found => found.push(n),
            Plan::Delete { target, expect } => {
                let mut writes = expect_write(target, *expect);
                writes.push(delete_write(target.resource_type, &target.id));
                // Deletes first, the referring kinds before what they refer to.
                planned.push((-1 - rank(target.resource_type), n, writes));
            }
            Plan::Write { expect } => {
                let (Some(target), Some((resource, _))) = (&targets[n], &resources[n]) else {
                    continue;
                };
                match prepare(resource, &at(n, "resource"), today, now) {
                    Ok(put) => {
                        let mut writes = expect_write(target, *expect);
                        writes.push(FhirWrite::Put(Box::new(put)));
                        planned.push((rank(target.resource_type), n, writes));
                    }
                    Err(found) => issues.extend(found),
                }
            }
        }
    }
    if !issues.is_empty() {
        return Err(FhirError::outcome(
            OperationOutcome::from_issues(issues).unprocessable(),
        ));
    }
    planned.sort_by_key(|(rank, n, _)| (*rank, *n));
    let mut owner = Vec::new();
    let mut writes = Vec::new();
    for (_, n, ws) in planned {
        for w in ws {
            owner.push(n);
            writes.push(w);
        }
    }
    let mut responses = Vec::with_capacity(which.len());
    for n in found {
        responses.push((n, found_response(app, token, targets[n].as_ref()).await?));
    }
    if writes.is_empty() {
        return Ok(responses);
    }
    let what = match bundle.kind {
        BundleKind::Transaction => format!("transaction of {} entries", bundle.entries.len()),
        BundleKind::Batch => format!("batch entry {}", which.first().copied().unwrap_or(0)),
    };
    let audit = crate::audit::api::write_by_token(app, token, AuditAction::Execute, "Bundle", what);
    let outcome = app
        .store
        .write_fhir(token.provider_id, &writes, now, audit.audit())
        .await?;
    match outcome {
        FhirWriteOutcome::Done(results) => {
            for (n, result) in owner.iter().zip(results) {
                let target = targets[*n].as_ref();
                let response = match (result, target) {
                    (
                        FhirWriteResult::Put {
                            created,
                            version_id,
                            last_updated,
                        },
                        Some(target),
                    ) => {
                        let version = version_id.to_string();
                        if created {
                            ResponseEntry::created(target, Some(&version), last_updated)
                        } else {
                            ResponseEntry::updated(target, Some(&version), last_updated)
                        }
                    }
                    (FhirWriteResult::Deleted { .. }, _) => ResponseEntry::deleted(),
                    _ => continue,
                };
                responses.push((*n, response));
            }
            Ok(responses)
        }
        FhirWriteOutcome::Refused(r) => {
            let n = owner.get(refused_write(&r)).copied().unwrap_or(0);
            if let FhirRefusal::VersionMismatch { current, .. } = r {
                return Err(version_mismatch(current, Some(at(n, "request.ifMatch"))));
            }
            let resource = resources[n].as_ref().map(|(_, json)| json);
            let entry = entry_path(n);
            let origin = Origin {
                resource,
                root: format!("{entry}.resource"),
                entry: Some(match resource {
                    Some(_) => entry,
                    None => format!("{entry}.request.url"),
                }),
            };
            Err(refusal(&r, &origin))
        }
    }
}

fn expect_write(target: &Reference, expect: Option<i64>) -> Vec<FhirWrite> {
    expect
        .map(|version_id| FhirWrite::Expect {
            resource_type: target.resource_type.as_str().to_owned(),
            id: target.id.clone(),
            version_id,
        })
        .into_iter()
        .collect()
}

/// 200 with the location of the resource a conditional create found (audited as a read).
async fn found_response(
    app: &App,
    token: &ApiToken,
    target: Option<&Reference>,
) -> Result<ResponseEntry, FhirError> {
    let Some(target) = target else {
        return Err(zk_store::StoreError::Other("a found entry without its target".into()).into());
    };
    let stored = app
        .store
        .read_fhir(token.provider_id, target.resource_type.as_str(), &target.id)
        .await?
        .ok_or_else(|| FhirError::not_found(target.resource_type, &target.id))?;
    let rt = target.resource_type.as_str();
    crate::audit::api::by_token(app, token, AuditAction::Read, rt, target.to_string()).await?;
    Ok(ResponseEntry::updated(
        target,
        Some(&stored.version_id.to_string()),
        stored.last_updated,
    ))
}
