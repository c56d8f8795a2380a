//! `/zorgpagina/netwerk/verlaten`: "Ik wil niet meer meekijken". A member leaves a network
//! after a confirmation step; the beheerder gets an e-mail.

use super::{PageQuery, failed, mails, network_url, not_found};
use crate::AppState;
use crate::auth::LoggedIn;
use crate::error::render;
use crate::form_page::{InfoPage, Para};
use crate::page::PageCtx;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use zk_app::network_members::{leave, membership};

pub async fn show(
    State(state): State<AppState>,
    page: PageCtx,
    LoggedIn(user): LoggedIn,
    Query(q): Query<PageQuery>,
) -> Response {
    let Ok(id) = q.required() else {
        return not_found(&page);
    };
    match membership(&state.app, &user.account, id).await {
        Ok(p) => {
            let client = format!("{} {}", p.first_name, p.last_name);
            let body = InfoPage {
                page: &page,
                title: page.t("network-leave-link"),
                paras: vec![
                    Para::text(page.tr.t_with("network-leave-text", &[("client", &client)])),
                    Para::text(page.t("network-leave-text-2")),
                ],
                action: Some((page.t("network-leave-confirm"), String::new(), true)),
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
    Query(q): Query<PageQuery>,
) -> Response {
    let Ok(id) = q.required() else {
        return not_found(&page);
    };
    match leave(&state.app, &user.account, id, &mails(&state)).await {
        Ok(_) => Redirect::to("/zorgpagina").into_response(),
        Err(e) => failed(&page, e),
    }
}
