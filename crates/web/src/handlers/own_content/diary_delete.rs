//! `/zorgpagina/dagboek/verwijderen?pagina=&stukje=`: deleting one of your own diary entries,
//! after a question to confirm (a link alone never deletes anything).

use super::diary::DiaryQuery;
use super::diary_edit::opened;
use super::{failed, href};
use crate::AppState;
use crate::auth::LoggedIn;
use crate::dates;
use crate::error::render;
use crate::page::PageCtx;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use zk_app::diary::{delete, own_entry};

#[derive(Template)]
#[template(path = "own_delete.html")]
pub(crate) struct DeletePage<'a> {
    pub page: &'a PageCtx,
    pub title: String,
    /// What is deleted, in a few words.
    pub what: String,
    pub action: String,
    pub back: String,
}

pub async fn confirm(
    State(state): State<AppState>,
    page: PageCtx,
    LoggedIn(user): LoggedIn,
    Query(q): Query<DiaryQuery>,
) -> Response {
    let (own, id) = match opened(&state, &page, &user, &q).await {
        Ok(o) => o,
        Err(r) => return r,
    };
    let entry = match own_entry(&state.app, &own, id).await {
        Ok(e) => e,
        Err(e) => return failed(&page, e),
    };
    let date = dates::date(page.tr.lang, entry.date);
    let t = DeletePage {
        page: &page,
        title: page.t("diary-delete-title"),
        what: match entry.title {
            Some(title) => format!("{date}: {title}"),
            None => date,
        },
        action: format!(
            "{}&stukje={id}",
            href("/zorgpagina/dagboek/verwijderen", &own)
        ),
        back: href("/zorgpagina/dagboek", &own),
    };
    render(&page, &t)
}

pub async fn delete_entry(
    State(state): State<AppState>,
    page: PageCtx,
    LoggedIn(user): LoggedIn,
    Query(q): Query<DiaryQuery>,
) -> Response {
    let (own, id) = match opened(&state, &page, &user, &q).await {
        Ok(o) => o,
        Err(r) => return r,
    };
    match delete(&state.app, &own, id).await {
        Ok(()) => Redirect::to(&href("/zorgpagina/dagboek", &own)).into_response(),
        Err(e) => failed(&page, e),
    }
}
