//! `/profiel/e-mail`: a new e-mail address. Needs a fresh password; the new address gets a link
//! to confirm (valid 24 hours), the old address is told at once and again when it is done.

use crate::AppState;
use crate::auth::FreshLogin;
use crate::error::{internal, render};
use crate::form_page::{Field, FormPage, InfoPage, Para};
use crate::links::{self, LinkToken};
use crate::page::PageCtx;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use zk_app::email_change::{ChangeMails, EmailChangeRefusal, confirm, pending, request_change};
use zk_store::EmailChangeOutcome;

pub const PAGE: &str = "/profiel/e-mail";

fn form<'a>(page: &'a PageCtx, current: &str, value: &str, error: Option<String>) -> FormPage<'a> {
    let mut f = FormPage::new(page, "email-change-title");
    f.paras = vec![
        Para::text(
            page.tr
                .t_with("email-change-current", &[("email", current)]),
        ),
        Para::text(page.t("email-change-intro")),
    ];
    f.fields = vec![Field::text(
        "email",
        page.t("email-change-label"),
        value,
        "email",
        "email",
    )];
    f.submit = page.t("email-change-send");
    f.back = Some("/profiel".into());
    f.error = error;
    f
}

pub async fn show(page: PageCtx, FreshLogin(user): FreshLogin) -> Response {
    render(&page, &form(&page, &user.account.email, "", None))
}

#[derive(Deserialize)]
pub struct Answer {
    email: String,
}

fn info<'a>(page: &'a PageCtx, title_key: &str, paras: Vec<Para>) -> InfoPage<'a> {
    InfoPage {
        page,
        title: page.t(title_key),
        paras,
        action: Some((page.t("profile-title"), "/profiel".into(), false)),
        back: None,
    }
}

pub async fn submit(
    State(state): State<AppState>,
    page: PageCtx,
    FreshLogin(user): FreshLogin,
    Form(a): Form<Answer>,
) -> Response {
    let name = user.account.full_name();
    let support = state.config.support_email.clone();
    let tr = page.tr.of(&user.account);
    let mails = ChangeMails {
        link: Box::new({
            let tr = tr.clone();
            move |link| crate::mail::email_change_link(&tr, &name, &link)
        }),
        taken: crate::mail::email_change_taken(&tr, &support),
        notice: crate::mail::security_change(
            &tr,
            &user.account.full_name(),
            "security-email-change-asked",
            &support,
        ),
    };
    let base = state.config.public_url.clone();
    match request_change(&state.app, &user, &a.email, &base, mails).await {
        Ok(Ok(new)) => {
            let paras = vec![
                Para::text(page.tr.t_with("email-change-sent", &[("email", &new)])),
                Para::text(page.t("email-change-sent-2")),
            ];
            render(&page, &info(&page, "email-change-title", paras))
        }
        Ok(Err(r)) => {
            let key = match r {
                EmailChangeRefusal::Invalid => "email-invalid",
                EmailChangeRefusal::Same => "email-change-same",
                EmailChangeRefusal::TooMany => "email-change-too-many",
            };
            let error = Some(page.t(key));
            render(&page, &form(&page, &user.account.email, &a.email, error))
        }
        Err(e) => internal(&page, e),
    }
}

fn link_dead(page: &PageCtx) -> Response {
    let body = info(
        page,
        "activate-invalid-title",
        vec![Para::text(page.t("email-change-dead"))],
    );
    (StatusCode::GONE, render(page, &body)).into_response()
}

/// The link from the mail: a page with one button, so that opening the link changes nothing.
pub async fn show_confirm(
    token: LinkToken,
    State(state): State<AppState>,
    page: PageCtx,
) -> Response {
    match pending(&state.app, token.as_str()).await {
        Ok(Some(new)) => {
            let paras = vec![Para::text(
                page.tr
                    .t_with("email-change-confirm-intro", &[("email", &new)]),
            )];
            let body = InfoPage {
                page: &page,
                title: page.t("email-change-title"),
                paras,
                action: Some((
                    page.t("email-change-confirm"),
                    links::fill(links::EMAIL_CONFIRM, &[&token]),
                    true,
                )),
                back: None,
            };
            render(&page, &body)
        }
        Ok(None) => link_dead(&page),
        Err(e) => internal(&page, e),
    }
}

pub async fn confirm_change(
    token: LinkToken,
    State(state): State<AppState>,
    page: PageCtx,
) -> Response {
    match confirm(&state.app, token.as_str()).await {
        Ok(EmailChangeOutcome::Changed {
            account,
            old_email,
            new_email,
        }) => {
            if let Ok(Some(a)) = state.app.store.get_account(account).await {
                // The old address hears that it is done.
                let mut old = a.clone();
                old.email = old_email;
                super::announce_change(&state, &page, &old, "security-email-changed").await;
            }
            let paras = vec![Para::text(
                page.tr
                    .t_with("email-change-done", &[("email", &new_email)]),
            )];
            render(&page, &info(&page, "email-change-title", paras))
        }
        Ok(EmailChangeOutcome::Taken) => {
            let paras = vec![Para::text(page.t("email-change-taken-now"))];
            render(&page, &info(&page, "email-change-title", paras))
        }
        Ok(EmailChangeOutcome::NotUsable) => link_dead(&page),
        Err(e) => internal(&page, e),
    }
}
