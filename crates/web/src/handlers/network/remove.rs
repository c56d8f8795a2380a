//! `/zorgpagina/netwerk/lid/{account}/verwijderen`: remove a member, after a confirmation
//! step. The member gets an e-mail and no longer sees the page from their next request.

use super::{PageQuery, failed, mails, network_url, not_found};
use crate::AppState;
use crate::auth::LoggedIn;
use crate::error::render;
use crate::form_page::{InfoPage, Para};
use crate::page::PageCtx;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use zk_app::network_members::{managed_member, remove};
use zk_domain::AccountId;

pub async fn show(
    State(state): State<AppState>,
    page: PageCtx,
    LoggedIn(user): LoggedIn,
    Path(member): Path<String>,
    Query(q): Query<PageQuery>,
) -> Response {
    let (Ok(id), Ok(member)) = (q.required(), member.parse::<AccountId>()) else {
        return not_found(&page);
    };
    match managed_member(&state.app, &user.account, id, member).await {
        Ok((_, _, a)) => {
            let name = a.full_name();
            let body = InfoPage {
                page: &page,
                title: page.tr.t_with("network-remove-title", &[("name", &name)]),
                paras: vec![Para::text(
                    page.tr.t_with("network-remove-text", &[("name", &name)]),
                )],
                action: Some((page.t("network-remove-confirm"), String::new(), true)),
                back: Some(network_url(id)),
            };
            render(&page, &body)
        }
        Err(e) => failed(&page, e),
    }
}

pub async fn submit(
    State(state): State<AppState>,
    page: PageCtx,
    LoggedIn(user): LoggedIn,
    Path(member): Path<String>,
    Query(q): Query<PageQuery>,
) -> Response {
    let (Ok(id), Ok(member)) = (q.required(), member.parse::<AccountId>()) else {
        return not_found(&page);
    };
    match remove(&state.app, &user.account, id, member, &mails(&state)).await {
        Ok(_) => Redirect::to(&network_url(id)).into_response(),
        Err(e) => failed(&page, e),
    }
}
