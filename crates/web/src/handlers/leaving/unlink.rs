//! `/connecties/{id}/ontkoppelen`: the beheerder (or a co-beheerder) unlinks a provider. The
//! page says what happens; "Ja, ontkoppelen" does it. Anyone else gets 404, as for a
//! connection that does not exist.

use super::tr_for;
use crate::AppState;
use crate::auth::LoggedIn;
use crate::error::{error_page, internal, render};
use crate::form_page::{InfoPage, Para};
use crate::page::PageCtx;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use zk_app::sessions::Authenticated;
use zk_app::unlinking::{Unlinkable, unlink, unlinkable_by};
use zk_domain::ConnectionId;
use zk_store::EndedBy;

pub const PATH: &str = "/connecties/{id}/ontkoppelen";

/// Where the Connecties page goes after unlinking, to say it is done.
pub const DONE: &str = "/connecties?ontkoppeld=ja";

/// The link to unlink connection `id`.
pub fn path(id: ConnectionId) -> String {
    format!("/connecties/{id}/ontkoppelen")
}

async fn found(
    state: &AppState,
    page: &PageCtx,
    user: &Authenticated,
    id: &str,
) -> Result<Unlinkable, Response> {
    let Ok(id) = id.parse::<ConnectionId>() else {
        return Err(error_page(page, StatusCode::NOT_FOUND));
    };
    match unlinkable_by(&state.app, &user.account, id).await {
        Ok(Some(found)) => Ok(found),
        Ok(None) => Err(error_page(page, StatusCode::NOT_FOUND)),
        Err(e) => Err(internal(page, e)),
    }
}

pub async fn confirm_page(
    State(state): State<AppState>,
    page: PageCtx,
    LoggedIn(user): LoggedIn,
    Path(id): Path<String>,
) -> Response {
    let found = match found(&state, &page, &user, &id).await {
        Ok(f) => f,
        Err(r) => return r,
    };
    let provider = found.provider.name.as_str();
    let name = format!("{} {}", found.page.first_name, found.page.last_name);
    let with = |key: &str| Para::text(page.tr.t_with(key, &[("provider", provider)]));
    let paras = vec![
        Para::text(
            page.tr
                .t_with("unlink-intro", &[("provider", provider), ("name", &name)]),
        ),
        with("unlink-what-1"),
        with("unlink-what-2"),
        with("unlink-what-3"),
        with("unlink-what-4"),
    ];
    render(
        &page,
        &InfoPage {
            page: &page,
            title: page.tr.t_with("unlink-title", &[("provider", provider)]),
            paras,
            action: Some((page.t("unlink-button"), path(found.connection.id), true)),
            back: Some("/connecties".into()),
        },
    )
}

pub async fn unlink_provider(
    State(state): State<AppState>,
    page: PageCtx,
    LoggedIn(user): LoggedIn,
    Path(id): Path<String>,
) -> Response {
    let found = match found(&state, &page, &user, &id).await {
        Ok(f) => f,
        Err(r) => return r,
    };
    let support = state.config.support_email.clone();
    let outcome = unlink(
        &state.app,
        &found,
        &user.account,
        EndedBy::Beheerder,
        |to, by| crate::mail::unlinked(&tr_for(&page, to), &to.first_name, by, &support),
    )
    .await;
    match outcome {
        // Ended meanwhile (another tab, a co-beheerder): the result is the same.
        Ok(_) => Redirect::to(DONE).into_response(),
        Err(e) => internal(&page, e),
    }
}
