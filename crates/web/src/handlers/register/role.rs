//! `/account-aanmaken/rol`: "Ik ontvang hulp" (on to who manages the account) or "Ik geef hulp"
//! (SPEC S3: on to the helper's e-mail address, then whom they help).

use super::{path, progress_for, refusal_text, save_and_go};
use crate::AppState;
use crate::error::render;
use crate::form_page::{Choice, Field, FormPage};
use crate::page::PageCtx;
use axum::Form;
use axum::extract::State;
use axum::response::Response;
use axum_extra::extract::CookieJar;
use serde::Deserialize;
use zk_app::registration::{Role, Step, set_role};

#[derive(Deserialize)]
pub struct Answer {
    rol: Option<String>,
}

fn form<'a>(page: &'a PageCtx, role: Option<Role>, error: Option<String>) -> FormPage<'a> {
    let mut f = FormPage::new(page, "role-title");
    f.fields = vec![Field::radio(
        "rol",
        page.t("role-title"),
        vec![
            Choice {
                value: "ontvang".into(),
                label: page.t("role-receives"),
                checked: role == Some(Role::ReceivesHelp),
            },
            Choice {
                value: "geef".into(),
                label: page.t("role-gives"),
                checked: role == Some(Role::GivesHelp),
            },
        ],
    )];
    f.error = error;
    f.back = Some(path(Step::Name).into());
    f
}

pub async fn show(State(state): State<AppState>, page: PageCtx, jar: CookieJar) -> Response {
    match progress_for(&state, &page, &jar, Step::Role).await {
        Ok((progress, _)) => render(&page, &form(&page, progress.state.role, None)),
        Err(r) => r,
    }
}

pub async fn submit(
    State(state): State<AppState>,
    page: PageCtx,
    jar: CookieJar,
    Form(a): Form<Answer>,
) -> Response {
    let (mut progress, _) = match progress_for(&state, &page, &jar, Step::Role).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let role = match a.rol.as_deref() {
        Some("ontvang") => Some(Role::ReceivesHelp),
        Some("geef") => Some(Role::GivesHelp),
        _ => None,
    };
    match set_role(&mut progress.state, role) {
        Ok(Role::ReceivesHelp) => {
            save_and_go(&state, &page, &progress, path(Step::Management)).await
        }
        Ok(Role::GivesHelp) => save_and_go(&state, &page, &progress, path(Step::Email)).await,
        Err(r) => render(
            &page,
            &form(&page, None, Some(refusal_text(&page, &r, state.app.now()))),
        ),
    }
}
