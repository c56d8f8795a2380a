//! `POST [base]` with a transaction Bundle: PUTs and DELETEs by `Type/id`, stored all together
//! in one store transaction or not at all. Entries may refer to what the same Bundle creates:
//! deletes run first, then puts in the order of what they refer to (patients and practitioners
//! before what is about them), whatever their order in the Bundle. The response lists one entry
//! per request entry, in the request's order.

use super::FhirError;
use super::delete::delete_write;
use super::locate::{Origin, refusal};
use super::prepare::prepare;
use super::scope::require;
use crate::App;
use crate::api_tokens::Access;
use serde_json::Value;
use zk_domain::audit::AuditAction;
use zk_fhir::{
    IssueCode, Limits, OperationOutcome, Reference, Resource, ResourceType, ResponseEntry,
    TransactionEntry, TransactionResponse, parse_resource,
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
        | FhirRefusal::StillReferenced { write, .. } => *write,
    }
}

/// Answers a transaction Bundle with a transaction-response Bundle.
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
                    "The base URL takes a transaction Bundle; store a {} with PUT {}/{{id}}",
                    other.resource_type(),
                    other.resource_type()
                ),
            ));
        }
    };
    let entry_path = |n: usize| format!("Bundle.entry[{n}]");
    for (n, entry) in bundle.entries.iter().enumerate() {
        if let Some(target) = entry.target() {
            require(
                token,
                Access::Write,
                target.resource_type,
                Some(entry_path(n)),
            )?;
        }
    }
    let (today, now) = (app.today(), super::write_time(app));
    let mut issues = Vec::new();
    // (rank, entry index, write, target)
    let mut planned: Vec<(i16, usize, FhirWrite, Reference)> = Vec::new();
    for (n, entry) in bundle.entries.iter().enumerate() {
        match entry {
            TransactionEntry::Put {
                if_match: Some(_), ..
            } => issues.push(
                zk_fhir::Issue::error(
                    IssueCode::NotSupported,
                    "ifMatch is not supported; resources are replaced by the provider's own id",
                )
                .at(format!("{}.request.ifMatch", entry_path(n))),
            ),
            TransactionEntry::Put { resource, .. } => {
                let root = format!("{}.resource", entry_path(n));
                match prepare(resource, &root, today, now) {
                    Ok(put) => {
                        let target = Reference::new(resource.resource_type(), put.id.clone());
                        planned.push((
                            rank(target.resource_type),
                            n,
                            FhirWrite::Put(Box::new(put)),
                            target,
                        ));
                    }
                    Err(found) => issues.extend(found),
                }
            }
            TransactionEntry::Delete { target } if target.resource_type == ResourceType::Bundle => {
                issues.push(
                    zk_fhir::Issue::error(IssueCode::NotSupported, "Bundles are not stored")
                        .at(format!("{}.request.url", entry_path(n))),
                );
            }
            TransactionEntry::Delete { target } => {
                // Deletes first, the referring kinds before what they refer to.
                planned.push((
                    -1 - rank(target.resource_type),
                    n,
                    delete_write(target.resource_type, &target.id),
                    target.clone(),
                ));
            }
        }
    }
    if !issues.is_empty() {
        return Err(FhirError::outcome(OperationOutcome::from_issues(issues)));
    }
    planned.sort_by_key(|(rank, n, _, _)| (*rank, *n));
    let writes: Vec<FhirWrite> = planned.iter().map(|(_, _, w, _)| w.clone()).collect();
    let what = format!("transaction of {} entries", writes.len());
    let audit = crate::audit::api::write_by_token(app, token, AuditAction::Execute, "Bundle", what);
    let outcome = app
        .store
        .write_fhir(token.provider_id, &writes, now, audit.audit())
        .await?;
    match outcome {
        FhirWriteOutcome::Done(results) => {
            let mut responses: Vec<Option<ResponseEntry>> = vec![None; bundle.entries.len()];
            for ((_, n, _, target), result) in planned.iter().zip(results) {
                let response = match result {
                    FhirWriteResult::Put {
                        created,
                        version_id,
                        last_updated,
                    } => {
                        let version = version_id.to_string();
                        if created {
                            ResponseEntry::created(target, Some(&version), last_updated)
                        } else {
                            ResponseEntry::updated(target, Some(&version), last_updated)
                        }
                    }
                    FhirWriteResult::Deleted { .. } => ResponseEntry::deleted(),
                };
                responses[*n] = Some(response);
            }
            let mut out = TransactionResponse::new();
            for r in responses.into_iter().flatten() {
                out.push(r);
            }
            Ok(out.to_json())
        }
        FhirWriteOutcome::Refused(r) => {
            let n = planned.get(refused_write(&r)).map_or(0, |(_, n, _, _)| *n);
            let raw: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
            let resource = raw
                .get("entry")
                .and_then(|e| e.get(n))
                .and_then(|e| e.get("resource"));
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
