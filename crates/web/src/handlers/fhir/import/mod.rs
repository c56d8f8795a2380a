//! Bulk NDJSON import (`$import`): `POST /fhir/r4/$import` stores the upload and answers
//! `202 Accepted` with the job's status URL in `Content-Location`; `GET /fhir/r4/$import/{job}`
//! answers 202 with progress while the worker is busy and 200 with the summary when done. The
//! design is described in `zk_app::fhir_api::import`.

mod status;
mod upload;

use super::fallback;
use crate::AppState;
use axum::Router;
use axum::routing::{get, post};

/// Media types an upload may be sent as; the first is the FHIR one.
const NDJSON: [&str; 3] = [
    "application/fhir+ndjson",
    "application/ndjson",
    "application/x-ndjson",
];

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/fhir/r4/$import",
            post(upload::post).fallback(fallback::method_not_allowed),
        )
        .route(
            "/fhir/r4/$import/{job}",
            get(status::show).fallback(fallback::method_not_allowed),
        )
}
