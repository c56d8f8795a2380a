//! `GET /fhir/r4/$import/{job}`, as FHIR Bulk Data asks: 202 with `X-Progress`, `Retry-After`
//! and the counts so far while the job waits or runs; 200 with the completion manifest (and an
//! OperationOutcome of the failing lines) when done.

use crate::AppState;
use crate::handlers::fhir::auth::Caller;
use crate::handlers::fhir::refusal;
use axum::extract::{Path, State};
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

pub async fn show(
    State(state): State<AppState>,
    Caller(token): Caller,
    Path(job): Path<String>,
) -> Response {
    let request_url = format!("{}/$import", crate::handlers::fhir::base_url(&state));
    match zk_app::fhir_api::import::status(&state.app, &token, &job, &request_url).await {
        Ok(status) => {
            let code = if status.done {
                StatusCode::OK
            } else {
                StatusCode::ACCEPTED
            };
            let bytes = serde_json::to_vec(&status.body).unwrap_or_default();
            let mut response = (code, bytes).into_response();
            let headers = response.headers_mut();
            headers.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
            if let Ok(v) = HeaderValue::from_str(&status.progress) {
                headers.insert(HeaderName::from_static("x-progress"), v);
            }
            if !status.done {
                headers.insert(
                    header::RETRY_AFTER,
                    HeaderValue::from(zk_app::fhir_api::import::RETRY_AFTER_SECONDS),
                );
            }
            response
        }
        Err(e) => refusal(e),
    }
}
