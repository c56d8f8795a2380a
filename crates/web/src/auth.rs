//! Recognising the logged-in user from the session cookie. Pages that need a login take
//! `LoggedIn`: without a valid session the browser goes to the login page, and an account with
//! a phone must have passed the SMS step in this session. The SMS step itself takes
//! `HalfLoggedIn`.

use crate::AppState;
use crate::cookies::{self, Kind};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use zk_app::sessions::{Authenticated, RotatedToken, authenticate};

/// The logged-in user of this request, with the second factor passed where the account has one.
pub struct LoggedIn(pub Authenticated);

/// A user who gave the right password but still has to type the SMS code.
pub struct HalfLoggedIn(pub Authenticated);

pub const SMS_STEP: &str = "/inloggen/sms";
pub const APP_STEP: &str = "/inloggen/app";
pub const PASSKEY_STEP: &str = "/inloggen/passkey-stap";

/// The second login step an account is asked first: the app, else the SMS, else a passkey.
pub fn second_step(account: &zk_domain::account::Account) -> &'static str {
    if account.has_authenticator {
        APP_STEP
    } else if account.has_verified_phone() {
        SMS_STEP
    } else {
        PASSKEY_STEP
    }
}

async fn session(parts: &Parts, state: &AppState) -> Result<Authenticated, Response> {
    let jar = CookieJar::from_headers(&parts.headers);
    let tls = state.config.served_over_tls();
    let Some(token) = cookies::read(&jar, Kind::Session, tls) else {
        return Err(Redirect::to("/inloggen").into_response());
    };
    match authenticate(&state.app, &token, state.app.policy.sessions).await {
        Ok(Some(user)) => Ok(user),
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

/// The cookie with the session's new token, after a step that raised the session's privilege
/// (second factor, proving the password again): the old token stopped working.
pub fn rotated(state: &AppState, jar: CookieJar, token: RotatedToken) -> CookieJar {
    cookies::set(jar, Kind::Session, state.config.served_over_tls(), token.0)
}

fn needs_sms_step(user: &Authenticated) -> bool {
    user.account.has_second_factor() && user.session.second_factor_at.is_none()
}

impl FromRequestParts<AppState> for LoggedIn {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let user = session(parts, state).await?;
        if needs_sms_step(&user) {
            return Err(Redirect::to(second_step(&user.account)).into_response());
        }
        Ok(Self(user))
    }
}

impl FromRequestParts<AppState> for HalfLoggedIn {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let user = session(parts, state).await?;
        if !needs_sms_step(&user) {
            return Err(Redirect::to("/zorgpagina").into_response());
        }
        Ok(Self(user))
    }
}

/// A logged-in user whose password (or passkey) was proven within the last five minutes, for
/// sensitive changes. Otherwise the browser is sent to prove it again and then comes back.
pub struct FreshLogin(pub Authenticated);

pub const REAUTH_PAGE: &str = "/opnieuw-inloggen";

impl FromRequestParts<AppState> for FreshLogin {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let LoggedIn(user) = LoggedIn::from_request_parts(parts, state).await?;
        if zk_app::reauth::is_fresh(&user.session, state.app.now()) {
            return Ok(Self(user));
        }
        // After the detour the browser comes back to the page (a POST's form is shown again,
        // empty: what was typed is not carried through the login).
        let target = format!("{REAUTH_PAGE}?terug={}", url_escape(parts.uri.path()));
        Err(Redirect::to(&target).into_response())
    }
}

/// Sends the browser to prove its login again, then back to `back` (a local path): for a
/// sensitive change the use case refused because the login is not fresh.
pub fn prove_again(back: &str) -> Response {
    Redirect::to(&format!("{REAUTH_PAGE}?terug={}", url_escape(back))).into_response()
}

/// Percent-encodes a local path for a query value.
pub fn url_escape(path: &str) -> String {
    url::form_urlencoded::byte_serialize(path.as_bytes()).collect()
}
