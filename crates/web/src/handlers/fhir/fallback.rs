//! Answers under the API's base for what it does not route: OperationOutcomes, not HTML pages.

use super::refusal;
use axum::http::{Method, Uri};
use axum::response::Response;
use zk_app::fhir_api::FhirError;
use zk_fhir::{IssueCode, OperationOutcome};

/// A path under `/fhir/r4` that is no interaction of this server (e.g. `_history`).
pub async fn not_found(uri: Uri) -> Response {
    let path = uri.path().trim_start_matches(super::BASE);
    refusal(FhirError::new(
        404,
        OperationOutcome::error(
            IssueCode::NotSupported,
            format!(
                "'{path}' is not an interaction of this server; see {}/metadata",
                super::BASE
            ),
        ),
    ))
}

/// A method the path does not take.
pub async fn method_not_allowed(method: Method) -> Response {
    refusal(FhirError::new(
        405,
        OperationOutcome::not_supported(format!(
            "{method} is not supported here; see {}/metadata for what is",
            super::BASE
        )),
    ))
}
