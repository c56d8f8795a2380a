//! `/account-aanmaken/wachtwoord`: the password, twice. Accepting it creates the account, the
//! care page and the connection, and logs the user in.

use super::{progress_for, refusal_text};
use crate::AppState;
use crate::cookies::{self, Kind};
use crate::error::{internal, render};
use crate::form_page::{Field, FormPage, Para};
use crate::page::PageCtx;
use crate::requester::Requester;
use axum::Form;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use serde::Deserialize;
use zk_app::registration::{Step, finish_with};

#[derive(Deserialize)]
pub struct Answer {
    wachtwoord: String,
    herhaling: String,
}

/// The new-password form: the advice, and the password twice. Also used by the reset page.
pub fn new_password_form<'a>(
    page: &'a PageCtx,
    title_key: &str,
    error: Option<String>,
) -> FormPage<'a> {
    let mut f = FormPage::new(page, title_key);
    f.paras = vec![
        Para::text(page.t("password-intro")),
        Para::text(page.t("password-rules")),
    ];
    f.fields = vec![
        Field::text(
            "wachtwoord",
            page.t("password-label"),
            "",
            "password",
            "new-password",
        ),
        Field::text(
            "herhaling",
            page.t("password-repeat"),
            "",
            "password",
            "new-password",
        ),
    ];
    f.error = error;
    f
}

fn form<'a>(page: &'a PageCtx, error: Option<String>) -> FormPage<'a> {
    new_password_form(page, "password-title", error)
}

pub async fn show(State(state): State<AppState>, page: PageCtx, jar: CookieJar) -> Response {
    match progress_for(&state, &page, &jar, Step::Password).await {
        Ok(_) => render(&page, &form(&page, None)),
        Err(r) => r,
    }
}

pub async fn submit(
    State(state): State<AppState>,
    page: PageCtx,
    jar: CookieJar,
    who: Requester,
    Form(a): Form<Answer>,
) -> Response {
    let (progress, _) = match progress_for(&state, &page, &jar, Step::Password).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let hand_over_mail = crate::mail::hand_over_for(&page);
    match finish_with(
        &state.app,
        &progress,
        &a.wachtwoord,
        &a.herhaling,
        &who.user_agent,
        &hand_over_mail,
    )
    .await
    {
        Ok(Ok(created)) => {
            let tls = state.config.served_over_tls();
            let jar = cookies::remove(jar, Kind::Registration, tls);
            let jar = cookies::set(jar, Kind::Session, tls, created.session_token);
            // This browser made the account: its next login from here is not a new browser.
            let known = cookies::read(&jar, Kind::Browser, tls);
            let jar = match zk_app::browsers::note_registration(
                &state.app,
                created.account,
                known.as_deref(),
            )
            .await
            {
                Ok(token) => cookies::set_for_a_year(jar, Kind::Browser, tls, token),
                Err(e) => {
                    tracing::error!(error = %e, "browser could not be noted");
                    jar
                }
            };
            (jar, Redirect::to("/account-aanmaken/klaar")).into_response()
        }
        Ok(Err(refusal)) => render(
            &page,
            &form(&page, Some(refusal_text(&page, &refusal, state.app.now()))),
        ),
        Err(e) => internal(&page, e),
    }
}
