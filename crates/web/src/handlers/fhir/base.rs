//! `GET /fhir/r4` (and `/fhir/r4/`): the base URL itself answers as FHIR, with the
//! CapabilityStatement (what `/metadata` answers), never with a page. A search across all types
//! (`GET [base]?…`) is not supported and is refused by name.

use super::{base_url, json, refusal};
use crate::AppState;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use zk_app::fhir_api::FhirError;
use zk_fhir::IssueCode;

pub async fn show(
    State(state): State<AppState>,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Response {
    let asked: Vec<String> = match query {
        Ok(Query(pairs)) => pairs
            .into_iter()
            .map(|(k, _)| k)
            .filter(|k| k != "_format" && k != "_pretty")
            .collect(),
        Err(_) => vec!["?".into()],
    };
    if let Some(first) = asked.first() {
        return refusal(FhirError::bad_request(
            IssueCode::NotSupported,
            format!(
                "Searching across all types ('{first}' at the base URL) is not supported; search one type, e.g. {}/Patient?identifier=…",
                super::BASE
            ),
        ));
    }
    json(
        StatusCode::OK,
        &zk_app::fhir_api::capability_statement(&base_url(&state)),
    )
}
