//! Recognising the logged-in user from the session cookie. Pages that need a login take
//! `LoggedIn`; without a valid session the browser is sent to the login page.

use crate::AppState;
use crate::cookies::{self, Kind};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use zk_app::registration::SessionPolicy;
use zk_app::sessions::{Authenticated, authenticate};

/// The logged-in user of this request.
pub struct LoggedIn(pub Authenticated);

impl FromRequestParts<AppState> for LoggedIn {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let jar = CookieJar::from_headers(&parts.headers);
        let tls = state.config.served_over_tls();
        let Some(token) = cookies::read(&jar, Kind::Session, tls) else {
            return Err(Redirect::to("/inloggen").into_response());
        };
        match authenticate(&state.app, &token, SessionPolicy::default()).await {
            Ok(Some(user)) => Ok(Self(user)),
            Ok(None) => Err((
                cookies::remove(jar, Kind::Session, tls),
                Redirect::to("/inloggen"),
            )
                .into_response()),
            Err(e) => {
                tracing::error!(error = %e, "session lookup failed");
                Err(axum::http::StatusCode::SERVICE_UNAVAILABLE.into_response())
            }
        }
    }
}
