//! The caller of the API: the provider's token from `Authorization: Bearer …`. Without one, or
//! with one that is unknown or revoked, the answer is 401 with an OperationOutcome and
//! `WWW-Authenticate: Bearer`.

use super::refusal;
use crate::AppState;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderValue, header};
use axum::response::Response;
use zk_app::fhir_api::FhirError;
use zk_fhir::OperationOutcome;
use zk_store::ApiToken;

/// The authenticated token of this request.
pub struct Caller(pub ApiToken);

fn unauthorized(diagnostics: &str, challenge: &'static str) -> Response {
    let mut response = refusal(FhirError::new(
        401,
        OperationOutcome::login_required(diagnostics),
    ));
    response.headers_mut().insert(
        header::WWW_AUTHENTICATE,
        HeaderValue::from_static(challenge),
    );
    response
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let header = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok());
        let Some(secret) = header.and_then(|h| {
            h.split_once(' ')
                .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
                .map(|(_, token)| token.trim())
        }) else {
            return Err(unauthorized(
                "An API token is required: send 'Authorization: Bearer <token>'",
                "Bearer realm=\"fhir\"",
            ));
        };
        match zk_app::api_tokens::authenticate(&state.app, secret).await {
            Ok(Some(token)) => Ok(Self(token)),
            Ok(None) => Err(unauthorized(
                "The API token is not valid: unknown or revoked",
                "Bearer realm=\"fhir\", error=\"invalid_token\"",
            )),
            Err(e) => {
                tracing::error!(error = %e, "API token lookup failed");
                Err(refusal(FhirError::new(
                    503,
                    OperationOutcome::exception(
                        "The server cannot check tokens right now; try again shortly",
                    ),
                )))
            }
        }
    }
}
