//! `/account-aanmaken/naam`: first and last name ("Vul hier altijd jouw eigen naam in").

use super::{path, progress_for, refusal_text, save_and_go};
use crate::AppState;
use crate::error::render;
use crate::form_page::{Field, FormPage, Para};
use crate::page::PageCtx;
use axum::Form;
use axum::extract::State;
use axum::response::Response;
use axum_extra::extract::CookieJar;
use serde::Deserialize;
use zk_app::registration::{Step, set_name};

#[derive(Deserialize)]
pub struct Answer {
    voornaam: String,
    achternaam: String,
}

fn form<'a>(page: &'a PageCtx, first: &str, last: &str, error: Option<String>) -> FormPage<'a> {
    let mut f = FormPage::new(page, "name-title");
    f.paras = vec![Para::text(page.t("name-intro"))];
    f.fields = vec![
        Field::text(
            "voornaam",
            page.t("name-first"),
            first,
            "text",
            "given-name",
        ),
        Field::text(
            "achternaam",
            page.t("name-last"),
            last,
            "text",
            "family-name",
        ),
    ];
    f.error = error;
    f.back = Some(path(Step::Terms).into());
    f
}

pub async fn show(State(state): State<AppState>, page: PageCtx, jar: CookieJar) -> Response {
    let (progress, _) = match progress_for(&state, &page, &jar, Step::Name).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let s = &progress.state;
    render(
        &page,
        &form(
            &page,
            s.first_name.as_deref().unwrap_or(""),
            s.last_name.as_deref().unwrap_or(""),
            None,
        ),
    )
}

pub async fn submit(
    State(state): State<AppState>,
    page: PageCtx,
    jar: CookieJar,
    Form(a): Form<Answer>,
) -> Response {
    let (mut progress, _) = match progress_for(&state, &page, &jar, Step::Name).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    match set_name(&mut progress.state, &a.voornaam, &a.achternaam) {
        Ok(()) => save_and_go(&state, &page, &progress, path(Step::Role)).await,
        Err(r) => render(
            &page,
            &form(
                &page,
                &a.voornaam,
                &a.achternaam,
                Some(refusal_text(&page, &r, state.app.now())),
            ),
        ),
    }
}
