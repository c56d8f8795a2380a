//! `/account-aanmaken/e-mailadres`: the e-mail address. Whether it has an account already is not
//! said here (that would tell anyone); the activation e-mail says it instead. Another address
//! voids every activation link sent before: a link proves only the address it went to.

use super::{path, progress_for, refusal_text, save_and_go};
use crate::AppState;
use crate::error::{internal, render};
use crate::form_page::{Field, FormPage, Para};
use crate::page::PageCtx;
use axum::Form;
use axum::extract::State;
use axum::response::Response;
use axum_extra::extract::CookieJar;
use serde::Deserialize;
use zk_app::registration::{Step, change_email};

#[derive(Deserialize)]
pub struct Answer {
    email: String,
}

fn form<'a>(page: &'a PageCtx, helps: bool, value: &str, error: Option<String>) -> FormPage<'a> {
    let mut f = FormPage::new(page, "email-title");
    f.paras = vec![Para::text(page.t("email-intro"))];
    f.fields = vec![
        Field::text("email", page.t("email-label"), value, "email", "email")
            .with_hint(page.t("email-hint")),
    ];
    f.error = error;
    // A helper was not asked who manages the account.
    f.back = Some(path(if helps { Step::Role } else { Step::Management }).into());
    f
}

pub async fn show(State(state): State<AppState>, page: PageCtx, jar: CookieJar) -> Response {
    match progress_for(&state, &page, &jar, Step::Email).await {
        Ok((p, _)) => render(
            &page,
            &form(
                &page,
                p.state.helps(),
                p.state.email.as_deref().unwrap_or(""),
                None,
            ),
        ),
        Err(r) => r,
    }
}

pub async fn submit(
    State(state): State<AppState>,
    page: PageCtx,
    jar: CookieJar,
    Form(a): Form<Answer>,
) -> Response {
    let (mut progress, _) = match progress_for(&state, &page, &jar, Step::Email).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    match change_email(&state.app, &mut progress, &a.email).await {
        Err(e) => internal(&page, e),
        Ok(Ok(())) => {
            let next = if progress.state.helps() {
                Step::Client
            } else {
                Step::Letter
            };
            save_and_go(&state, &page, &progress, path(next)).await
        }
        Ok(Err(r)) => render(
            &page,
            &form(
                &page,
                progress.state.helps(),
                &a.email,
                Some(refusal_text(&page, &r, state.app.now())),
            ),
        ),
    }
}
