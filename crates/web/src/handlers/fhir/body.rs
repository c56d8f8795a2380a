//! Reading a request body within the configured limit, as JSON: too large is 413 `too-long`
//! (told by Content-Length before reading, or found while reading); another media type is 415.

use super::refusal;
use crate::AppState;
use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, header};
use axum::response::Response;
use zk_app::fhir_api::FhirError;
use zk_fhir::{IssueCode, Limits, OperationOutcome};

/// The parser's limits for this installation.
pub(crate) fn limits(state: &AppState) -> Limits {
    let max = state.config.fhir_max_body_bytes;
    Limits {
        max_bytes: max,
        max_attachment_bytes: Limits::default().max_attachment_bytes.min(max),
    }
}

fn too_long(max: usize) -> Response {
    refusal(FhirError::new(
        413,
        OperationOutcome::error(
            IssueCode::TooLong,
            format!("The request body is larger than the {max} bytes this server accepts"),
        ),
    ))
}

pub(crate) async fn read(
    state: &AppState,
    headers: &HeaderMap,
    body: Body,
) -> Result<Bytes, Response> {
    read_within(
        headers,
        body,
        state.config.fhir_max_body_bytes,
        &["application/fhir+json", "application/json"],
    )
    .await
}

/// Reads at most `max` bytes of a body whose media type (when given) is one of `media`; the
/// first of them is the one a refusal suggests.
pub(crate) async fn read_within(
    headers: &HeaderMap,
    body: Body,
    max: usize,
    media: &[&str],
) -> Result<Bytes, Response> {
    if let Some(ct) = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    {
        let essence = ct
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        if !media.contains(&essence.as_str()) {
            return Err(refusal(FhirError::new(
                415,
                OperationOutcome::not_supported(format!(
                    "Content-Type '{ct}' is not supported; send {}",
                    media.first().copied().unwrap_or("application/fhir+json")
                )),
            )));
        }
    }
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > max) {
        return Err(too_long(max));
    }
    axum::body::to_bytes(body, max).await.map_err(|e| {
        let length_limit = std::error::Error::source(&e)
            .is_some_and(|s| s.is::<http_body_util::LengthLimitError>());
        if length_limit {
            too_long(max)
        } else {
            refusal(FhirError::bad_request(
                IssueCode::Structure,
                "The request body could not be read",
            ))
        }
    })
}
