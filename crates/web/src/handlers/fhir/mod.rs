//! The FHIR R4 API for providers' record systems, under `/fhir/r4`: one file per interaction.
//! No cookies and no CSRF check (a bearer token is not sent by a browser on its own); the
//! security headers apply as everywhere. Every answer is `application/fhir+json` (a Binary's
//! bytes when asked for), every refusal an OperationOutcome; a client that asks for another
//! format gets 406 (see `negotiate`). Every path also answers with a trailing slash.

mod auth;
mod base;
mod binary;
mod body;
mod create;
mod delete;
mod fallback;
mod history;
mod import;
mod metadata;
mod negotiate;
mod openapi;
mod read;
mod search;
mod transaction;
mod update;
mod written;

use crate::AppState;
use axum::Router;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware;
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, any, get};
use serde_json::Value;
use zk_app::fhir_api::FhirError;

/// Where the API lives.
pub const BASE: &str = "/fhir/r4";
pub const FHIR_JSON: &str = "application/fhir+json; charset=utf-8";

/// The API's routes: every interaction the CapabilityStatement lists, and OperationOutcomes for
/// everything else under the base.
pub fn routes() -> Router<AppState> {
    let base = || {
        get(base::show)
            .post(transaction::post)
            .fallback(fallback::method_not_allowed)
    };
    let metadata = || get(metadata::show).fallback(fallback::method_not_allowed);
    let collection = || {
        get(search::list)
            .post(create::post)
            .put(update::conditional)
            .fallback(fallback::method_not_allowed)
    };
    let history = || get(history::list).fallback(fallback::method_not_allowed);
    let version = || get(history::version).fallback(fallback::method_not_allowed);
    let instance = || -> MethodRouter<AppState> {
        get(binary::show)
            .put(update::put)
            .delete(delete::remove)
            .fallback(fallback::method_not_allowed)
    };
    Router::new()
        .route("/fhir/r4/metadata", metadata())
        .route("/fhir/r4/metadata/", metadata())
        .route(
            "/fhir/r4/openapi.json",
            get(openapi::show).fallback(fallback::method_not_allowed),
        )
        .route(BASE, base())
        .route("/fhir/r4/", base())
        .route("/fhir/r4/{type}", collection())
        .route("/fhir/r4/{type}/", collection())
        .route("/fhir/r4/{type}/{id}", instance())
        .route("/fhir/r4/{type}/{id}/", instance())
        .route("/fhir/r4/{type}/{id}/_history", history())
        .route("/fhir/r4/{type}/{id}/_history/", history())
        .route("/fhir/r4/{type}/{id}/_history/{vid}", version())
        .route("/fhir/r4/{type}/{id}/_history/{vid}/", version())
        .route("/fhir/r4/{type}/{id}/{*rest}", any(fallback::not_found))
        .merge(import::routes())
        .layer(middleware::from_fn(negotiate::json_only))
}

/// The API's base URL as clients reach it, for links in Bundles.
pub(crate) fn base_url(state: &AppState) -> String {
    format!("{}{BASE}", state.config.public_url.trim_end_matches('/'))
}

/// A FHIR JSON answer.
pub(crate) fn json(status: StatusCode, body: &Value) -> Response {
    let bytes = serde_json::to_vec(body).unwrap_or_default();
    let mut response = (status, bytes).into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(FHIR_JSON));
    response
}

/// An OperationOutcome answer.
pub(crate) fn refusal(e: FhirError) -> Response {
    let status = StatusCode::from_u16(e.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    json(status, &e.outcome.to_json())
}

/// `ETag` and `Last-Modified` of a resource version.
pub(crate) fn version_headers(
    response: &mut Response,
    version_id: i64,
    last_updated: jiff::Timestamp,
) {
    let headers = response.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&format!("W/\"{version_id}\"")) {
        headers.insert(header::ETAG, v);
    }
    let http_date = last_updated
        .strftime("%a, %d %b %Y %H:%M:%S GMT")
        .to_string();
    if let Ok(v) = HeaderValue::from_str(&http_date) {
        headers.insert(header::LAST_MODIFIED, v);
    }
}
