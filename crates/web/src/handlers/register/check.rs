//! `/account-aanmaken/controle`: name, e-mail address and provider once more; "Volgende" sends
//! the activation e-mail.

use super::{path, progress_for, refusal_text};
use crate::AppState;
use crate::error::{internal, render};
use crate::form_page::{FormPage, Para};
use crate::page::PageCtx;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use zk_app::registration::{Progress, Step, send_activation};

fn form<'a>(page: &'a PageCtx, p: &Progress, support: &str) -> FormPage<'a> {
    let mut f = FormPage::new(page, "check-title");
    let provider = match &p.state.letter {
        Some(l) => l.provider_name.clone(),
        None => page.t("check-no-provider"),
    };
    f.paras = vec![
        Para::text(page.t("check-intro")),
        Para::text(format!("{}: {}", page.t("match-name"), p.state.full_name())),
        Para::text(format!(
            "{}: {}",
            page.t("check-email"),
            p.state.email.as_deref().unwrap_or("")
        )),
        Para::text(format!("{}: {provider}", page.t("match-provider"))),
    ];
    if p.state.helps() {
        // The client's name as the provider knows it, or as the helper typed it.
        let client = match &p.state.letter {
            Some(l) => l.client_name.clone(),
            None => p.state.client_name(),
        };
        f.paras.insert(
            2,
            Para::text(format!("{}: {client}", page.t("check-client"))),
        );
    }
    f.after = vec![Para::link(
        page.t("match-wrong"),
        support.to_owned(),
        &format!("mailto:{support}"),
    )];
    let back = if p.state.letter.is_some() {
        path(Step::Match)
    } else {
        "/account-aanmaken/geen-brief"
    };
    f.back = Some(back.into());
    f
}

pub async fn show(State(state): State<AppState>, page: PageCtx, jar: CookieJar) -> Response {
    match progress_for(&state, &page, &jar, Step::Check).await {
        Ok((p, _)) => render(&page, &form(&page, &p, &state.config.support_email)),
        Err(r) => r,
    }
}

/// Sends the activation e-mail and shows "We hebben je een e-mail gestuurd". Also used by the
/// "send again" button.
pub async fn send(State(state): State<AppState>, page: PageCtx, jar: CookieJar) -> Response {
    let (mut progress, _) = match progress_for(&state, &page, &jar, Step::Check).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let name = progress.state.full_name();
    let support = state.config.support_email.clone();
    let tr = page.tr.clone();
    let sent = send_activation(
        &state.app,
        &mut progress,
        &state.config.public_url,
        |kind| crate::mail::activation(&tr, &name, &support, kind),
    )
    .await;
    match sent {
        Ok(Ok(())) => Redirect::to(path(Step::EmailSent)).into_response(),
        Ok(Err(refusal)) => {
            let mut f = form(&page, &progress, &state.config.support_email);
            f.error = Some(refusal_text(&page, &refusal, state.app.now()));
            render(&page, &f)
        }
        Err(e) => internal(&page, e),
    }
}
