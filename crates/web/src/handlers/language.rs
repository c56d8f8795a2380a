//! `GET /taal/{code}?terug=/pad`: remembers the chosen language in a cookie and goes back to the
//! page the user was on (only to a path on this site). A logged-in user's account keeps it too,
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

/// A local path to return to; anything else (another site, `//host`, `/\host`) goes home.
fn safe_return(path: Option<&str>) -> &str {
    match path {
        // Browsers drop tabs and newlines from URLs, so "/<tab>/evil.example" would become
        // "//evil.example": no control characters at all.
        Some(p)
            if p.starts_with('/')
                && !p.starts_with("//")
                && !p.starts_with("/\\")
                && !p.chars().any(|c| c.is_control()) =>
        {
            p
        }
        _ => "/",
    }
}

pub async fn switch(
    State(state): State<AppState>,
    Path(code): Path<String>,
    Query(back): Query<Back>,
    user: Result<LoggedIn, Response>,
    jar: CookieJar,
) -> Response {
    let target = safe_return(back.terug.as_deref()).to_owned();
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

#[cfg(test)]
mod tests {
    use super::safe_return;

    #[test]
    fn only_local_paths_are_returned_to() {
        assert_eq!(safe_return(Some("/hulp")), "/hulp");
        assert_eq!(safe_return(Some("//evil.example")), "/");
        assert_eq!(safe_return(Some("/\\evil.example")), "/");
        assert_eq!(safe_return(Some("https://evil.example")), "/");
        assert_eq!(safe_return(None), "/");
        assert_eq!(safe_return(Some("/\t/evil.example")), "/");
        assert_eq!(safe_return(Some("/\n/evil.example")), "/");
    }
}
