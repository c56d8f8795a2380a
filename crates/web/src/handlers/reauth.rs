//! `/opnieuw-inloggen`: "Typ je wachtwoord nog een keer". Asked before a sensitive change when
//! the last proof of the password is more than five minutes old; then back to where the user was.

use crate::AppState;
use crate::auth::LoggedIn;
use crate::error::{internal, render};
use crate::form_page::{Field, FormPage, Para};
use crate::page::PageCtx;
use axum::Form;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use zk_app::reauth::{ReauthRefusal, reauthenticate};

#[derive(Deserialize)]
pub struct Back {
    #[serde(default)]
    terug: String,
}

/// `back` when it is a path on this site, else the profile.
pub(crate) fn back_or_profile(back: &str) -> String {
    crate::return_path::or(Some(back), "/profiel")
}

fn form<'a>(page: &'a PageCtx, back: &str, error: Option<String>) -> FormPage<'a> {
    let mut f = FormPage::new(page, "reauth-title");
    f.paras = vec![Para::text(page.t("reauth-intro"))];
    f.fields = vec![Field::text(
        "wachtwoord",
        page.t("login-password"),
        "",
        "password",
        "current-password",
    )];
    f.hidden = vec![("terug", back_or_profile(back))];
    f.submit = page.t("reauth-button");
    f.back = Some("/profiel".into());
    f.after = vec![Para::link(
        String::new(),
        page.t("login-forgot"),
        "/wachtwoord-vergeten",
    )];
    f.error = error;
    f
}

pub async fn show(
    State(state): State<AppState>,
    page: PageCtx,
    LoggedIn(user): LoggedIn,
    Query(q): Query<Back>,
) -> Response {
    let mut f = form(&page, &q.terug, None);
    if user.account.passkeys > 0 && state.passkeys.is_available() {
        let back = crate::auth::url_escape(&back_or_profile(&q.terug));
        f.after.insert(
            0,
            Para::link(
                String::new(),
                page.t("passkey-reauth-link"),
                &format!("{}?terug={back}", super::passkeys::REAUTH),
            ),
        );
    }
    render(&page, &f)
}

#[derive(Deserialize)]
pub struct Answer {
    wachtwoord: String,
    #[serde(default)]
    terug: String,
}

pub async fn submit(
    State(state): State<AppState>,
    page: PageCtx,
    who: crate::requester::Requester,
    jar: axum_extra::extract::CookieJar,
    LoggedIn(user): LoggedIn,
    Form(a): Form<Answer>,
) -> Response {
    let error = match reauthenticate(&state.app, &user, &a.wachtwoord, &who.ip).await {
        Ok(Ok(token)) => {
            let jar = crate::auth::rotated(&state, jar, token);
            return (jar, Redirect::to(&back_or_profile(&a.terug))).into_response();
        }
        Ok(Err(ReauthRefusal::WrongPassword)) => page.t("reauth-wrong"),
        Ok(Err(ReauthRefusal::Ceiling)) => page.t("login-ceiling"),
        Ok(Err(ReauthRefusal::Wait { until })) => {
            let refusal = zk_app::registration::Refusal::Wait { until };
            super::register::refusal_text(&page, &refusal, state.app.now())
        }
        Err(e) => return internal(&page, e),
    };
    render(&page, &form(&page, &a.terug, Some(error)))
}
