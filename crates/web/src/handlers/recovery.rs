//! "Wachtwoord vergeten?": `/wachtwoord-vergeten` asks for the address and always answers the
//! same, at once (the work runs in the background, so timing tells nothing either);
//! `/wachtwoord-herstellen/{token}` sets the new password with the link from the e-mail.

use crate::AppState;
use crate::error::{internal, render};
use crate::form_page::{Field, FormPage, InfoPage, Para};
use crate::links::{self, LinkToken};
use crate::page::PageCtx;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use zk_app::recovery::{ResetRefusal, link_account, request_reset, reset};
use zk_app::registration::Refusal;

fn ask_form<'a>(page: &'a PageCtx, error: Option<String>) -> FormPage<'a> {
    let mut f = FormPage::new(page, "forgot-title");
    f.paras = vec![Para::text(page.t("forgot-intro"))];
    f.fields = vec![Field::text(
        "email",
        page.t("email-label"),
        "",
        "email",
        "username",
    )];
    f.submit = page.t("forgot-send");
    f.back = Some("/inloggen".into());
    f.error = error;
    f
}

pub async fn show(page: PageCtx) -> Response {
    render(&page, &ask_form(&page, None))
}

#[derive(Deserialize)]
pub struct EmailAnswer {
    email: String,
}

pub async fn submit(
    State(state): State<AppState>,
    page: PageCtx,
    Form(a): Form<EmailAnswer>,
) -> Response {
    if !a.email.contains('@') {
        return render(&page, &ask_form(&page, Some(page.t("email-invalid"))));
    }
    let app = state.app.clone();
    let base = state.config.public_url.clone();
    let tr = page.tr.clone();
    tokio::spawn(async move {
        let sent = request_reset(&app, &a.email, &base, |account, link| {
            crate::mail::password_reset(&tr.of(account), &account.full_name(), &link)
        })
        .await;
        if let Err(e) = sent {
            tracing::error!(error = %e, "password reset request failed");
        }
    });
    let paras = vec![
        Para::text(page.t("forgot-sent-1")),
        Para::text(page.t("forgot-sent-2")),
    ];
    render(
        &page,
        &InfoPage {
            page: &page,
            title: page.t("forgot-sent-title"),
            paras,
            action: None,
            back: Some("/inloggen".into()),
        },
    )
}

fn link_dead(page: &PageCtx) -> Response {
    let paras = vec![Para::text(page.t("reset-dead-1"))];
    let action = Some((
        page.t("forgot-title"),
        "/wachtwoord-vergeten".to_owned(),
        false,
    ));
    let body = InfoPage {
        page,
        title: page.t("activate-invalid-title"),
        paras,
        action,
        back: None,
    };
    (StatusCode::GONE, render(page, &body)).into_response()
}

fn new_password_form<'a>(
    page: &'a PageCtx,
    token: &LinkToken,
    error: Option<String>,
) -> FormPage<'a> {
    let mut f = super::register::password::new_password_form(page, "reset-title", error);
    f.submit = page.t("reset-save");
    f.action = Some(links::fill(links::PASSWORD_RESET, &[token]));
    f
}

pub async fn show_reset(
    token: LinkToken,
    State(state): State<AppState>,
    page: PageCtx,
) -> Response {
    match link_account(&state.app, token.as_str()).await {
        Ok(Some(_)) => render(&page, &new_password_form(&page, &token, None)),
        Ok(None) => link_dead(&page),
        Err(e) => internal(&page, e),
    }
}

#[derive(Deserialize)]
pub struct PasswordAnswer {
    wachtwoord: String,
    herhaling: String,
}

pub async fn submit_reset(
    token: LinkToken,
    State(state): State<AppState>,
    page: PageCtx,
    Form(a): Form<PasswordAnswer>,
) -> Response {
    match reset(&state.app, token.as_str(), &a.wachtwoord, &a.herhaling).await {
        Ok(Ok(account)) => {
            super::announce_change(&state, &page, &account, "security-password-changed").await;
            let paras = vec![Para::text(page.t("reset-done-1"))];
            let action = Some((page.t("login-button"), "/inloggen".to_owned(), false));
            render(
                &page,
                &InfoPage {
                    page: &page,
                    title: page.t("reset-done-title"),
                    paras,
                    action,
                    back: None,
                },
            )
        }
        Ok(Err(ResetRefusal::LinkExpired)) => link_dead(&page),
        Ok(Err(ResetRefusal::Password(p))) => {
            let text = super::register::refusal_text(&page, &Refusal::Password(p), state.app.now());
            render(&page, &new_password_form(&page, &token, Some(text)))
        }
        Err(e) => internal(&page, e),
    }
}
