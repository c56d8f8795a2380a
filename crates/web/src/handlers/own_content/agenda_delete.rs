//! `/zorgpagina/agenda/verwijderen?pagina=&afspraak=`: deleting an own appointment (with all
//! its repeats), after a question to confirm.

use super::agenda::AgendaQuery;
use super::agenda_edit::opened;
use super::diary_delete::DeletePage;
use super::{agenda_mail, failed, href};
use crate::AppState;
use crate::auth::LoggedIn;
use crate::dates;
use crate::error::render;
use crate::page::PageCtx;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use zk_app::agenda::{changeable, delete};

pub async fn confirm(
    State(state): State<AppState>,
    page: PageCtx,
    LoggedIn(user): LoggedIn,
    Query(q): Query<AgendaQuery>,
) -> Response {
    let (own, id) = match opened(&state, &page, &user, &q).await {
        Ok(o) => o,
        Err(r) => return r,
    };
    let item = match changeable(&state.app, &own, id).await {
        Ok(i) => i,
        Err(e) => return failed(&page, e),
    };
    let mut what = format!(
        "{}: {}, {}",
        item.title,
        dates::day(page.tr.lang, item.starts_at),
        dates::time(item.starts_at)
    );
    if item.recurrence.is_some() {
        what = format!("{what} ({})", page.t("agenda-delete-all-repeats"));
    }
    let t = DeletePage {
        page: &page,
        title: page.t("agenda-delete-title"),
        what,
        action: format!(
            "{}&afspraak={id}",
            href("/zorgpagina/agenda/verwijderen", &own)
        ),
        back: href("/zorgpagina/agenda", &own),
    };
    render(&page, &t)
}

pub async fn delete_item(
    State(state): State<AppState>,
    page: PageCtx,
    LoggedIn(user): LoggedIn,
    Query(q): Query<AgendaQuery>,
) -> Response {
    let (own, id) = match opened(&state, &page, &user, &q).await {
        Ok(o) => o,
        Err(r) => return r,
    };
    let render = |to: &zk_domain::account::Account, n: &zk_app::agenda::AgendaNotice| {
        agenda_mail(&page, to, n)
    };
    match delete(&state.app, &own, id, &render).await {
        Ok(()) => Redirect::to(&href("/zorgpagina/agenda", &own)).into_response(),
        Err(e) => failed(&page, e),
    }
}
