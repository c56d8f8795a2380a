//! The provider's API tokens (admins only): the list with name, what each may do, when made,
//! last used and revoked, and revoking one, which takes effect on the record system's next
//! request.

use super::{PAGE_SIZE, home, next_link};
use crate::AppState;
use crate::dates;
use crate::error::{error_page, internal, render};
use crate::page::PageCtx;
use crate::staff_admin::StaffAdmin;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use zk_app::api_tokens;
use zk_domain::ApiTokenId;
use zk_store::{ApiToken, Revocation};

#[derive(Deserialize)]
pub struct ListQuery {
    na: Option<String>,
}

struct Row {
    name: String,
    access: String,
    types: String,
    created: String,
    last_used: String,
    revoked: Option<String>,
    revoke: String,
}

#[derive(Template)]
#[template(path = "staff_tokens.html")]
struct ListPage<'a> {
    page: &'a PageCtx,
    provider: String,
    home: String,
    new: String,
    rows: Vec<Row>,
    next: Option<String>,
    bad_cursor: bool,
}

/// "Lezen en schrijven", "Alleen lezen" or "Alleen schrijven".
pub(super) fn access(page: &PageCtx, t: &ApiToken) -> String {
    page.t(match (t.can_read, t.can_write) {
        (true, true) => "staff-tokens-read-write",
        (true, false) => "staff-tokens-read-only",
        _ => "staff-tokens-write-only",
    })
}

/// "Alle soorten" or the types by name.
pub(super) fn types(page: &PageCtx, t: &ApiToken) -> String {
    match &t.resource_types {
        None => page.t("staff-tokens-all-types"),
        Some(types) => types.join(", "),
    }
}

pub async fn list(
    page: PageCtx,
    State(state): State<AppState>,
    StaffAdmin(staff): StaffAdmin,
    Query(q): Query<ListQuery>,
) -> Response {
    let request = crate::paging::requested(q.na.as_ref(), PAGE_SIZE);
    let base = format!("{}/api-sleutels", home(staff.provider.id));
    let (found, bad_cursor) = match crate::paging::or_bad_cursor(
        api_tokens::list(&state.app, staff.provider.id, &request).await,
    ) {
        Ok(found) => found,
        Err(e) => return internal(&page, e),
    };
    let lang = page.tr.lang;
    let when = |t| format!("{}, {}", dates::day(lang, t), dates::time(t));
    let rows = found
        .items
        .iter()
        .map(|t| Row {
            name: t.name.clone(),
            access: access(&page, t),
            types: types(&page, t),
            created: when(t.created_at),
            last_used: t
                .last_used_at
                .map_or_else(|| page.t("staff-tokens-never-used"), when),
            revoked: t.revoked_at.map(when),
            revoke: format!("{base}/{}/intrekken", t.id),
        })
        .collect();
    render(
        &page,
        &ListPage {
            page: &page,
            provider: staff.provider.name.clone(),
            home: home(staff.provider.id),
            new: format!("{base}/nieuw"),
            rows,
            next: next_link(&base, found.next),
            bad_cursor,
        },
    )
}

/// `POST …/api-sleutels/{token}/intrekken`: revokes a token of this provider.
pub async fn revoke(
    page: PageCtx,
    State(state): State<AppState>,
    StaffAdmin(staff): StaffAdmin,
    Path((_, token)): Path<(String, String)>,
) -> Response {
    let Ok(token) = token.parse::<ApiTokenId>() else {
        return error_page(&page, StatusCode::NOT_FOUND);
    };
    // Revoking twice changes nothing; either way the list shows it revoked. Another
    // provider's token does not exist here.
    match api_tokens::revoke(
        &state.app,
        zk_app::audit::staff_changes::By::Staff(&staff.user.account),
        staff.provider.id,
        token,
    )
    .await
    {
        Ok(Revocation::Revoked | Revocation::AlreadyRevoked) => {
            Redirect::to(&format!("{}/api-sleutels", home(staff.provider.id))).into_response()
        }
        Ok(Revocation::NotFound) => error_page(&page, StatusCode::NOT_FOUND),
        Err(e) => internal(&page, e),
    }
}
