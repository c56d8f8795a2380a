//! Scope checks: a token reads and/or writes, all resource types or some.

use super::FhirError;
use crate::api_tokens::{Access, permits};
use zk_fhir::{OperationOutcome, ResourceType};
use zk_store::ApiToken;

/// 403 unless `token` may do `access` on `resource_type`; `at` locates the entry in a Bundle.
pub(crate) fn require(
    token: &ApiToken,
    access: Access,
    resource_type: ResourceType,
    at: Option<String>,
) -> Result<(), FhirError> {
    if permits(token, access, resource_type) {
        return Ok(());
    }
    let what = match access {
        Access::Read => "read",
        Access::Write => "write",
    };
    let diagnostics = format!("This API token may not {what} {resource_type} resources");
    let outcome = match at {
        Some(at) => OperationOutcome::from_issues(vec![
            zk_fhir::Issue::error(zk_fhir::IssueCode::Forbidden, diagnostics).at(at),
        ]),
        None => OperationOutcome::forbidden(diagnostics),
    };
    Err(FhirError::new(403, outcome))
}
