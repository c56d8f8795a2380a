//! `POST /zorgpagina/netwerk/uitnodiging/{id}/intrekken` and `.../opnieuw`: withdraw an open
//! invitation (the invitee is told) or send it again with a new link (the old one stops).

use super::{PageQuery, failed, mails, network_url, not_found};
use crate::AppState;
use crate::auth::LoggedIn;
use crate::error::render;
use crate::form_page::{InfoPage, Para};
use crate::page::PageCtx;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use zk_app::invitations::{resend as send_again, withdraw as take_back};
use zk_domain::InvitationId;

pub async fn withdraw(
    State(state): State<AppState>,
    page: PageCtx,
    LoggedIn(user): LoggedIn,
    Path(invitation): Path<String>,
    Query(q): Query<PageQuery>,
) -> Response {
    let (Ok(id), Ok(invitation)) = (q.required(), invitation.parse::<InvitationId>()) else {
        return not_found(&page);
    };
    match take_back(&state.app, &user.account, id, invitation, &mails(&state)).await {
        Ok(_) => Redirect::to(&network_url(id)).into_response(),
        Err(e) => failed(&page, e),
    }
}

pub async fn resend(
    State(state): State<AppState>,
    page: PageCtx,
    LoggedIn(user): LoggedIn,
    Path(invitation): Path<String>,
    Query(q): Query<PageQuery>,
) -> Response {
    let (Ok(id), Ok(invitation)) = (q.required(), invitation.parse::<InvitationId>()) else {
        return not_found(&page);
    };
    let base = state.config.public_url.clone();
    match send_again(
        &state.app,
        &user.account,
        id,
        invitation,
        &base,
        &mails(&state),
    )
    .await
    {
        Ok(Ok(_)) => Redirect::to(&network_url(id)).into_response(),
        Ok(Err(_)) => {
            let body = InfoPage {
                page: &page,
                title: page.t("network-invite-title"),
                paras: vec![Para::text(page.t("network-invite-too-many"))],
                action: None,
                back: Some(network_url(id)),
            };
            (StatusCode::TOO_MANY_REQUESTS, render(&page, &body)).into_response()
        }
        Err(e) => failed(&page, e),
    }
}
