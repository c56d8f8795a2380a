//! `/inloggen/sms`: the SMS code as second login step. Sending the code can be refused (a
//! number the SMS may no longer go to, too many SMS, the budget spent): then the code page says
//! so plainly and offers the account's other second factors, instead of waiting for a code that
//! never comes.

use super::profile::{refusal_text, sms_text};
use crate::AppState;
use crate::auth::{APP_STEP, HalfLoggedIn, SMS_STEP};
use crate::error::{internal, render};
use crate::form_page::{Field, FormPage, Para};
use crate::page::PageCtx;
use axum::Form;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use zk_domain::account::Account;

/// The code page; `refused` is why no new code was sent, if it was not.
fn code_page<'a>(
    state: &AppState,
    page: &'a PageCtx,
    account: &Account,
    refused: Option<String>,
) -> FormPage<'a> {
    let mut f = FormPage::new(page, "sms-title");
    // "We sent you a text message" is only true when one was sent. A code sent a moment ago
    // still works, so the field stays.
    if refused.is_none() {
        f.paras = vec![Para::text(page.t("sms-intro"))];
    }
    f.fields = vec![
        Field::text("code", page.t("sms-label"), "", "text", "one-time-code")
            .with_hint(page.t("sms-hint")),
    ];
    // Shown in answer to the password or to "send me an SMS": the code goes to its own page.
    f.action = Some(SMS_STEP.into());
    f.back = Some("/inloggen".into());
    f.after = vec![Para::text(page.t("sms-resend-hint"))];
    if account.has_authenticator {
        f.after
            .push(Para::link(String::new(), page.t("sms-use-app"), APP_STEP));
    }
    if account.passkeys > 0 && state.passkeys.is_available() {
        f.after.push(Para::link(
            String::new(),
            page.t("passkey-step-link"),
            super::passkeys::SECOND_STEP,
        ));
    }
    f.after.push(Para::link(
        String::new(),
        page.t("codes-use"),
        super::recovery_codes::LOGIN_STEP,
    ));
    f.error = refused;
    f
}

/// Texts a login code to the account's phone and sends the browser to the code page; when the
/// SMS is refused, shows the code page with the reason and the other ways in.
pub async fn send_code(state: &AppState, page: &PageCtx, account: &Account) -> Response {
    let text = |code: &str| sms_text(page, account, code);
    match zk_app::phone::start_login(&state.app, account, text).await {
        Ok(Ok(())) => Redirect::to(SMS_STEP).into_response(),
        Ok(Err(r)) => {
            let why = refusal_text(page, &r, state.app.now());
            render(page, &code_page(state, page, account, Some(why)))
        }
        Err(e) => internal(page, e),
    }
}

pub async fn show(
    State(state): State<AppState>,
    page: PageCtx,
    HalfLoggedIn(user): HalfLoggedIn,
) -> Response {
    render(&page, &code_page(&state, &page, &user.account, None))
}

#[derive(Deserialize)]
pub struct CodeAnswer {
    code: String,
}

pub async fn confirm(
    State(state): State<AppState>,
    page: PageCtx,
    jar: axum_extra::extract::CookieJar,
    HalfLoggedIn(user): HalfLoggedIn,
    Form(a): Form<CodeAnswer>,
) -> Response {
    match zk_app::phone::confirm_login(&state.app, &user.account, user.session.id, &a.code).await {
        Ok(Ok(token)) => {
            let jar = crate::auth::rotated(&state, jar, token);
            let browser = &user.session.user_agent;
            let jar = super::login::note_browser(&state, &page, jar, &user.account, browser).await;
            (jar, Redirect::to("/zorgpagina")).into_response()
        }
        Ok(Err(r)) => {
            let why = refusal_text(&page, &r, state.app.now());
            let mut f = code_page(&state, &page, &user.account, Some(why));
            f.paras = vec![Para::text(page.t("sms-intro"))];
            render(&page, &f)
        }
        Err(e) => internal(&page, e),
    }
}
