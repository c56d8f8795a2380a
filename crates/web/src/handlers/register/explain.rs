//! Explanation pages where the journey stops or branches: "iemand anders gaat mijn account
//! beheren" (that person registers with "Ik geef hulp"), and "geen brief" (whom to ask, or go on
//! without a connection).

use super::{path, progress_for, save_and_go};
use crate::AppState;
use crate::error::{internal, render};
use crate::form_page::{InfoPage, Para};
use crate::page::PageCtx;
use axum::extract::State;
use axum::response::Response;
use axum_extra::extract::CookieJar;
use zk_app::registration::{Step, set_has_letter};
use zk_domain::page::PageRequest;

pub async fn someone_else(page: PageCtx) -> Response {
    let paras = ["someone-else-1", "someone-else-2"]
        .iter()
        .map(|k| Para::text(page.t(k)))
        .collect();
    let back = Some(path(Step::Management).into());
    render(
        &page,
        &InfoPage {
            page: &page,
            title: page.t("someone-else-title"),
            paras,
            action: None,
            back,
        },
    )
}

pub async fn no_letter(State(state): State<AppState>, page: PageCtx, jar: CookieJar) -> Response {
    if let Err(r) = progress_for(&state, &page, &jar, Step::Letter).await {
        return r;
    }
    let mut paras = vec![Para::text(page.t("no-letter-1"))];
    match state
        .app
        .store
        .list_providers(&PageRequest::first(50))
        .await
    {
        Ok(providers) => paras.extend(providers.items.into_iter().map(|p| {
            Para::text(format!(
                "{}: {}, {}",
                p.name, p.secretariat.phone, p.secretariat.email
            ))
        })),
        Err(e) => return internal(&page, e),
    }
    paras.push(Para::text(page.t("no-letter-2")));
    let action = Some((
        page.t("no-letter-continue"),
        "/account-aanmaken/geen-brief".to_owned(),
        true,
    ));
    render(
        &page,
        &InfoPage {
            page: &page,
            title: page.t("no-letter-title"),
            paras,
            action,
            back: Some(path(Step::Letter).into()),
        },
    )
}

/// "Account maken zonder brief": on to the check page without a connection.
pub async fn continue_without_letter(
    State(state): State<AppState>,
    page: PageCtx,
    jar: CookieJar,
) -> Response {
    let (mut progress, _) = match progress_for(&state, &page, &jar, Step::Letter).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    if set_has_letter(&mut progress.state, Some(false)).is_err() {
        return internal(&page, "no choice");
    }
    save_and_go(&state, &page, &progress, path(Step::Check)).await
}
