//! `GET /fhir/r4/metadata`: the CapabilityStatement, open to everyone.

use super::{base_url, json};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;

pub async fn show(State(state): State<AppState>) -> Response {
    json(
        StatusCode::OK,
        &zk_app::fhir_api::capability_statement(&base_url(&state)),
    )
}
