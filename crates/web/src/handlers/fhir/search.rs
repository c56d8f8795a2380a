//! `GET /fhir/r4/{type}?…`: a searchset Bundle, a page at a time.

use super::auth::Caller;
use super::{base_url, json, refusal};
use crate::AppState;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use zk_app::fhir_api::FhirError;
use zk_fhir::IssueCode;

pub async fn list(
    State(state): State<AppState>,
    Caller(token): Caller,
    Path(resource_type): Path<String>,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Response {
    let Ok(Query(params)) = query else {
        return refusal(FhirError::bad_request(
            IssueCode::Structure,
            "The query string is not valid (name=value pairs, percent-encoded)",
        ));
    };
    let base = base_url(&state);
    match zk_app::fhir_api::search(&state.app, &token, &resource_type, &params, &base).await {
        Ok(bundle) => json(StatusCode::OK, &bundle),
        Err(e) => refusal(e),
    }
}
