//! `DELETE [base]/{type}/{id}`: removes a resource and what it shows on the care page. Deleting
//! what does not exist is fine (204 either way, so nothing can be learned from it); a Patient,
//! Practitioner or Binary that another resource refers to is refused (409). With `If-Match`
//! the resource must exist in that version (412 otherwise). A deletion is a version of its
//! own, so the version numbers of a resource created again go on from it.

use super::conditional::etag_version;
use super::locate::{Origin, refusal};
use super::scope::require;
use super::{FhirError, logical_id, resource_type};
use crate::App;
use crate::api_tokens::Access;
use zk_domain::audit::AuditAction;
use zk_fhir::ResourceType;
use zk_store::ApiToken;
use zk_store::fhir::{FhirWrite, FhirWriteOutcome, FhirWriteResult};

/// The store write of a delete. A Goal may be deleted while a CarePlan lists it (the plan may
/// list goals that do not exist yet, too).
pub(crate) fn delete_write(resource_type: ResourceType, id: &str) -> FhirWrite {
    FhirWrite::Delete {
        resource_type: resource_type.as_str().to_owned(),
        id: id.to_owned(),
        refuse_while_referenced: resource_type != ResourceType::Goal,
    }
}

/// Returns whether the resource existed.
pub async fn delete(
    app: &App,
    token: &ApiToken,
    type_name: &str,
    id: &str,
    if_match: Option<&str>,
) -> Result<bool, FhirError> {
    let rt = resource_type(type_name)?;
    require(token, Access::Write, rt, None)?;
    let id = logical_id(id)?;
    let mut writes = Vec::with_capacity(2);
    if let Some(m) = if_match {
        writes.push(FhirWrite::Expect {
            resource_type: rt.as_str().to_owned(),
            id: id.to_owned(),
            version_id: etag_version(m, None)?,
        });
    }
    writes.push(delete_write(rt, id));
    let what = format!("{}/{id}", rt.as_str());
    let audit =
        crate::audit::api::write_by_token(app, token, AuditAction::Delete, rt.as_str(), what);
    let outcome = app
        .store
        .write_fhir(
            token.provider_id,
            &writes,
            super::write_time(app),
            audit.audit(),
        )
        .await?;
    match outcome {
        FhirWriteOutcome::Done(results) => Ok(matches!(
            results.last(),
            Some(FhirWriteResult::Deleted { existed: true })
        )),
        FhirWriteOutcome::Refused(r) => Err(refusal(
            &r,
            &Origin {
                resource: None,
                root: rt.as_str().to_owned(),
                entry: None,
            },
        )),
    }
}
