//! `/account-aanmaken/brief`: "Heb je een brief ontvangen met een code?" Ja goes on to the code;
//! Nee explains whom to ask and offers an account without a connection.

use super::{path, progress_for, refusal_text, save_and_go};
use crate::AppState;
use crate::error::render;
use crate::form_page::{Choice, Field, FormPage, Para};
use crate::page::PageCtx;
use axum::Form;
use axum::extract::State;
use axum::response::Response;
use axum_extra::extract::CookieJar;
use serde::Deserialize;
use zk_app::registration::{Step, set_has_letter};

#[derive(Deserialize)]
pub struct Answer {
    brief: Option<String>,
}

fn form<'a>(
    page: &'a PageCtx,
    helps: bool,
    choice: Option<bool>,
    error: Option<String>,
) -> FormPage<'a> {
    let mut f = FormPage::new(page, "letter-title");
    f.paras = vec![Para::text(page.t("letter-intro"))];
    f.fields = vec![Field::radio(
        "brief",
        page.t("letter-title"),
        vec![
            Choice {
                value: "ja".into(),
                label: page.t("yes"),
                checked: choice == Some(true),
            },
            Choice {
                value: "nee".into(),
                label: page.t("no"),
                checked: choice == Some(false),
            },
        ],
    )];
    f.submit = page.t("button-continue");
    f.error = error;
    f.back = Some(path(if helps { Step::Relation } else { Step::Email }).into());
    f
}

pub async fn show(State(state): State<AppState>, page: PageCtx, jar: CookieJar) -> Response {
    match progress_for(&state, &page, &jar, Step::Letter).await {
        Ok((p, _)) => render(
            &page,
            &form(&page, p.state.helps(), p.state.has_letter, None),
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
    let (mut progress, _) = match progress_for(&state, &page, &jar, Step::Letter).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let choice = match a.brief.as_deref() {
        Some("ja") => Some(true),
        Some("nee") => Some(false),
        _ => None,
    };
    match set_has_letter(&mut progress.state, choice) {
        Ok(true) => save_and_go(&state, &page, &progress, path(Step::Code)).await,
        Ok(false) => save_and_go(&state, &page, &progress, "/account-aanmaken/geen-brief").await,
        Err(r) => render(
            &page,
            &form(
                &page,
                progress.state.helps(),
                None,
                Some(refusal_text(&page, &r, state.app.now())),
            ),
        ),
    }
}
