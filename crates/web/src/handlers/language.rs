//! `GET /taal/{code}?terug=/pad`: remembers the chosen language in a cookie and goes back to the
//! page the user was on (only to a path on this site: `return_path`). A logged-in user's account keeps it too,
//! so e-mails that others cause reach them in the language they read.

use crate::AppState;
use crate::auth::LoggedIn;
use crate::i18n::Lang;
use crate::page::LANG_COOKIE;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct Back {
    terug: Option<String>,
}

pub async fn switch(
    State(state): State<AppState>,
    Path(code): Path<String>,
    Query(back): Query<Back>,
    user: Result<LoggedIn, Response>,
    jar: CookieJar,
) -> Response {
    let target = crate::return_path::or(back.terug.as_deref(), "/");
    let Some(lang) = Lang::parse(&code) else {
        return Redirect::to(&target).into_response();
    };
    if let Ok(LoggedIn(u)) = &user
        && u.account.language != lang.code()
    {
        // The page still switches when this fails: the e-mails then keep the old language.
        if let Err(e) = state
            .app
            .store
            .set_language(u.account.id, lang.code())
            .await
        {
            tracing::error!(error = %e, "account language could not be saved");
        }
    }
    let cookie = Cookie::build((LANG_COOKIE, lang.code()))
        .path("/")
        .http_only(true)
        .secure(state.config.served_over_tls())
        .same_site(SameSite::Lax)
        .max_age(time::Duration::days(365));
    (jar.add(cookie), Redirect::to(&target)).into_response()
}
