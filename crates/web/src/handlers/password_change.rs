//! `/profiel/wachtwoord`: choosing a new password while logged in. Needs a fresh password (see
//! `FreshLogin`); afterwards every other device is logged out and the holder gets an e-mail.

use crate::AppState;
use crate::auth::FreshLogin;
use crate::error::{internal, render};
use crate::form_page::{FormPage, InfoPage, Para};
use crate::page::PageCtx;
use axum::Form;
use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;
use zk_app::password_change::change_password;
use zk_app::registration::Refusal;

pub const PAGE: &str = "/profiel/wachtwoord";

fn form<'a>(page: &'a PageCtx, error: Option<String>) -> FormPage<'a> {
    let mut f = super::register::password::new_password_form(page, "change-password-title", error);
    f.submit = page.t("reset-save");
    f.back = Some("/profiel".into());
    f
}

pub async fn show(page: PageCtx, _user: FreshLogin) -> Response {
    render(&page, &form(&page, None))
}

#[derive(Deserialize)]
pub struct Answer {
    wachtwoord: String,
    herhaling: String,
}

pub async fn submit(
    State(state): State<AppState>,
    page: PageCtx,
    FreshLogin(user): FreshLogin,
    Form(a): Form<Answer>,
) -> Response {
    match change_password(&state.app, &user, &a.wachtwoord, &a.herhaling).await {
        Ok(Ok(ended)) => {
            super::announce_change(&state, &page, &user.account, "security-password-changed").await;
            let mut paras = vec![Para::text(page.t("change-password-done"))];
            if ended > 0 {
                paras.push(Para::text(page.t("change-password-others-out")));
            }
            let body = InfoPage {
                page: &page,
                title: page.t("change-password-title"),
                paras,
                action: Some((page.t("profile-title"), "/profiel".into(), false)),
                back: None,
            };
            render(&page, &body)
        }
        Ok(Err(p)) => {
            let text = super::register::refusal_text(&page, &Refusal::Password(p), state.app.now());
            render(&page, &form(&page, Some(text)))
        }
        Err(e) => internal(&page, e),
    }
}
