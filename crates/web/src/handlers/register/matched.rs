//! `/account-aanmaken/koppeling`: "Ik heb een koppeling gevonden". Shown only after code and
//! birth date were proven: the client's name and the provider's name, to confirm with "Ja".

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
use zk_app::registration::{Progress, Step, confirm_match};

#[derive(Deserialize)]
pub struct Answer {
    klopt: Option<String>,
}

fn form<'a>(
    page: &'a PageCtx,
    progress: &Progress,
    support: &str,
    error: Option<String>,
) -> FormPage<'a> {
    let mut f = FormPage::new(page, "match-title");
    let (name, provider) = progress
        .state
        .letter
        .as_ref()
        .map(|l| (l.client_name.clone(), l.provider_name.clone()))
        .unwrap_or_default();
    let intro = if progress.state.helps() {
        page.t("match-intro-helper")
    } else {
        page.t("match-intro")
    };
    f.paras = vec![
        Para::text(intro),
        Para::text(format!("{}: {name}", page.t("match-name"))),
        Para::text(format!("{}: {provider}", page.t("match-provider"))),
    ];
    f.fields = vec![Field::radio(
        "klopt",
        page.t("match-title"),
        vec![Choice {
            value: "ja".into(),
            label: page.t("match-confirm"),
            checked: progress.state.match_confirmed,
        }],
    )];
    f.after = vec![Para::link(
        page.t("match-wrong"),
        support.to_owned(),
        &format!("mailto:{support}"),
    )];
    f.error = error;
    f.back = Some(path(Step::Code).into());
    f
}

pub async fn show(State(state): State<AppState>, page: PageCtx, jar: CookieJar) -> Response {
    match progress_for(&state, &page, &jar, Step::Match).await {
        Ok((p, _)) => render(&page, &form(&page, &p, &state.config.support_email, None)),
        Err(r) => r,
    }
}

pub async fn submit(
    State(state): State<AppState>,
    page: PageCtx,
    jar: CookieJar,
    Form(a): Form<Answer>,
) -> Response {
    let (mut progress, _) = match progress_for(&state, &page, &jar, Step::Match).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    match confirm_match(&mut progress.state, a.klopt.as_deref() == Some("ja")) {
        Ok(()) => save_and_go(&state, &page, &progress, path(Step::Check)).await,
        Err(r) => {
            let text = refusal_text(&page, &r, state.app.now());
            render(
                &page,
                &form(&page, &progress, &state.config.support_email, Some(text)),
            )
        }
    }
}
