//! `/zorgpagina/berichten?pagina=`: the threads the account takes part in on a care page, newest
//! message first, a page at a time (`&na=`), unread ones marked in words; which connected
//! providers read no messages (and how to reach them instead); the way to a new thread.

use super::{closed_notice, reader, thread_href};
use crate::AppState;
use crate::auth::LoggedIn;
use crate::dates;
use crate::error::render;
use crate::handlers::own_content::failed;
use crate::page::PageCtx;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use zk_app::messages::{candidates, threads, unread};

#[derive(Deserialize)]
pub struct ListQuery {
    pub pagina: Option<String>,
    pub na: Option<String>,
}

pub struct ThreadShown {
    pub subject: String,
    pub when: String,
    pub href: String,
    pub unread: bool,
}

#[derive(Template)]
#[template(path = "messages.html")]
struct MessagesPage<'a> {
    page: &'a PageCtx,
    page_name: String,
    back: String,
    new_thread: String,
    unread: u64,
    closed: Vec<String>,
    threads: Vec<ThreadShown>,
    more: Option<String>,
}

pub async fn show(
    State(state): State<AppState>,
    page: PageCtx,
    LoggedIn(user): LoggedIn,
    Query(q): Query<ListQuery>,
) -> Response {
    let r = match reader(&state, &page, &user.account, q.pagina.as_deref()).await {
        Ok(r) => r,
        Err(resp) => return resp,
    };
    let base = super::list_href(&r);
    let list = match threads(&state.app, &r, q.na).await {
        Ok(l) => l,
        Err(zk_app::AppError::Store(zk_store::StoreError::BadCursor)) => {
            return Redirect::to(&base).into_response();
        }
        Err(e) => return failed(&page, e),
    };
    let (count, c) = match (
        unread(&state.app, &r).await,
        candidates(&state.app, &r).await,
    ) {
        (Ok(n), Ok(c)) => (n, c),
        (Err(e), _) | (_, Err(e)) => return failed(&page, e),
    };
    let p = r.page();
    let t = MessagesPage {
        page: &page,
        page_name: format!("{} {}", p.first_name, p.last_name),
        back: format!("/zorgpagina?pagina={}", p.id),
        new_thread: format!("/zorgpagina/berichten/nieuw?pagina={}", p.id),
        unread: count,
        closed: c.closed.iter().map(|p| closed_notice(&page, p)).collect(),
        more: list.next.map(|c| format!("{base}&na={c}")),
        threads: list
            .items
            .into_iter()
            .map(|s| ThreadShown {
                when: format!(
                    "{}, {}",
                    dates::day(page.tr.lang, s.thread.last_message_at),
                    dates::time(s.thread.last_message_at)
                ),
                href: thread_href(&r, s.thread.id),
                subject: s.thread.subject,
                unread: s.unread,
            })
            .collect(),
    };
    render(&page, &t)
}
