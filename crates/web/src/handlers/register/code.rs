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
use zk_app::registration::{self as reg, Step};

#[derive(Deserialize)]
pub struct Answer {
    code: String,
    geboortedatum: String,
}

fn form<'a>(
    page: &'a PageCtx,
    client: Option<&str>,
    code: &str,
    birth: &str,
    error: Option<String>,
) -> FormPage<'a> {
    // A helper types the client's birth date, not their own (SPEC S3).
    let (title, intro) = match client {
        Some(name) => (
            page.tr.t_with("code-title-helper", &[("name", name)]),
            page.tr.t_with("code-intro-helper", &[("name", name)]),
        ),
        None => (page.t("code-title"), page.t("code-intro")),
    };
    let mut f = FormPage::new(page, "code-title");
    f.title = title;
    f.paras = vec![Para::text(intro)];
    f.fields = vec![
        Field::text("code", page.t("code-label"), code, "text", "off")
            .with_hint(page.t("code-hint")),
        Field::text(
            "geboortedatum",
            match client {
                Some(name) => page.tr.t_with("birth-date-label-helper", &[("name", name)]),
                None => page.t("birth-date-label"),
            },
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
        Ok((p, _)) => {
            let client = p.state.helps().then(|| p.state.client_name());
            render(&page, &form(&page, client.as_deref(), "", "", None))
        }
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
        super::purpose(&progress),
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
            let client = progress.state.helps().then(|| progress.state.client_name());
            let f = form(
                &page,
                client.as_deref(),
                &a.code,
                &a.geboortedatum,
                Some(text),
            );
            render(&page, &f)
        }
        Err(e) => internal(&page, e),
    }
}
