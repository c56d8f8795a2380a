//! `/account-aanmaken/voor-wie`: "Voor wie geef je hulp?", the first and last name of the client
//! a helper registers for (SPEC S3).

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
use zk_app::registration::{Step, set_client};

#[derive(Deserialize)]
pub struct Answer {
    voornaam: String,
    achternaam: String,
}

fn form<'a>(page: &'a PageCtx, first: &str, last: &str, error: Option<String>) -> FormPage<'a> {
    let mut f = FormPage::new(page, "client-title");
    f.paras = vec![Para::text(page.t("client-intro"))];
    f.fields = vec![
        Field::text("voornaam", page.t("name-first"), first, "text", "off"),
        Field::text("achternaam", page.t("name-last"), last, "text", "off"),
    ];
    f.error = error;
    f.back = Some(path(Step::Email).into());
    f
}

pub async fn show(State(state): State<AppState>, page: PageCtx, jar: CookieJar) -> Response {
    match progress_for(&state, &page, &jar, Step::Client).await {
        Ok((p, _)) => {
            let s = &p.state;
            let first = s.client_first_name.as_deref().unwrap_or("");
            let last = s.client_last_name.as_deref().unwrap_or("");
            render(&page, &form(&page, first, last, None))
        }
        Err(r) => r,
    }
}

pub async fn submit(
    State(state): State<AppState>,
    page: PageCtx,
    jar: CookieJar,
    Form(a): Form<Answer>,
) -> Response {
    let (mut progress, _) = match progress_for(&state, &page, &jar, Step::Client).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    match set_client(&mut progress.state, &a.voornaam, &a.achternaam) {
        Ok(()) => save_and_go(&state, &page, &progress, path(Step::Relation)).await,
        Err(r) => {
            let text = refusal_text(&page, &r, state.app.now());
            render(&page, &form(&page, &a.voornaam, &a.achternaam, Some(text)))
        }
    }
}
