//! `GET /fhir/r4/openapi.json`: the API's OpenAPI document, open to everyone like the
//! CapabilityStatement it is built from.

use super::base_url;
use crate::AppState;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};

pub async fn show(State(state): State<AppState>) -> Response {
    let document = zk_app::fhir_api::openapi_document(&base_url(&state));
    (
        [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
        document.to_string(),
    )
        .into_response()
}
