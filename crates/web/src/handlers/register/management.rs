//! `/account-aanmaken/beheer`: "Ja, {naam} heeft een eigen e-mailadres en kan {brand}
//! zelfstandig beheren" or "Nee, iemand anders gaat mijn account beheren".

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
use zk_app::registration::{Step, set_management};

#[derive(Deserialize)]
pub struct Answer {
    beheer: Option<String>,
}

fn form<'a>(
    page: &'a PageCtx,
    name: &str,
    choice: Option<bool>,
    error: Option<String>,
) -> FormPage<'a> {
    let mut f = FormPage::new(page, "manage-title");
    f.fields = vec![Field::radio(
        "beheer",
        page.t("manage-title"),
        vec![
            Choice {
                value: "zelf".into(),
                label: page.tr.t_with("manage-self", &[("name", name)]),
                checked: choice == Some(true),
            },
            Choice {
                value: "ander".into(),
                label: page.t("manage-other"),
                checked: choice == Some(false),
            },
        ],
    )];
    f.after = vec![Para::text(page.t("manage-intro"))];
    f.error = error;
    f.back = Some(path(Step::Role).into());
    f
}

pub async fn show(State(state): State<AppState>, page: PageCtx, jar: CookieJar) -> Response {
    match progress_for(&state, &page, &jar, Step::Management).await {
        Ok((p, _)) => render(
            &page,
            &form(&page, &p.state.full_name(), p.state.self_managed, None),
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
    let (mut progress, _) = match progress_for(&state, &page, &jar, Step::Management).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let choice = match a.beheer.as_deref() {
        Some("zelf") => Some(true),
        Some("ander") => Some(false),
        _ => None,
    };
    match set_management(&mut progress.state, choice) {
        Ok(true) => save_and_go(&state, &page, &progress, path(Step::Email)).await,
        Ok(false) => save_and_go(&state, &page, &progress, "/account-aanmaken/iemand-anders").await,
        Err(r) => {
            let text = refusal_text(&page, &r, state.app.now());
            render(
                &page,
                &form(&page, &progress.state.full_name(), None, Some(text)),
            )
        }
    }
}
