//! `/account-aanmaken/code`: the 10-digit code and the birth date. The check digit catches typos
//! before any lookup; a wrong code or birth date gets one message; attempts are counted per
//! browser, per IP address and per letter.

use super::{path, progress_for, refusal_text, save_and_go};
use crate::AppState;
use crate::error::{internal, render};
use crate::form_page::{Field, FormPage, Para};
use crate::page::PageCtx;
use crate::requester::Requester;
use axum::Form;
use axum::extract::State;
use axum::response::Response;
use axum_extra::extract::CookieJar;
use serde::Deserialize;
use zk_app::registration::{self as reg, Purpose, Step};

#[derive(Deserialize)]
pub struct Answer {
    code: String,
    geboortedatum: String,
}

fn form<'a>(page: &'a PageCtx, code: &str, birth: &str, error: Option<String>) -> FormPage<'a> {
    let mut f = FormPage::new(page, "code-title");
    f.paras = vec![Para::text(page.t("code-intro"))];
    f.fields = vec![
        Field::text("code", page.t("code-label"), code, "text", "off")
            .with_hint(page.t("code-hint")),
        Field::text(
            "geboortedatum",
            page.t("birth-date-label"),
            birth,
            "text",
            "bday",
        )
        .with_hint(page.t("birth-date-hint")),
    ];
    f.after = vec![Para::text(page.t("code-not-working"))];
    f.error = error;
    f.back = Some(path(Step::Letter).into());
    f
}

pub async fn show(State(state): State<AppState>, page: PageCtx, jar: CookieJar) -> Response {
    match progress_for(&state, &page, &jar, Step::Code).await {
        Ok(_) => render(&page, &form(&page, "", "", None)),
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
    let (mut progress, browser) = match progress_for(&state, &page, &jar, Step::Code).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let requester = reg::Requester::new(&state.app, &browser, &who.ip);
    match reg::redeem_letter(
        &state.app,
        &requester,
        &a.code,
        &a.geboortedatum,
        Purpose::SelfManagement,
    )
    .await
    {
        Ok(Ok(matched)) => {
            progress.state.letter = Some(matched);
            progress.state.match_confirmed = false;
            save_and_go(&state, &page, &progress, path(Step::Match)).await
        }
        Ok(Err(r)) => {
            let text = refusal_text(&page, &r, state.app.now());
            render(&page, &form(&page, &a.code, &a.geboortedatum, Some(text)))
        }
        Err(e) => internal(&page, e),
    }
}
