//! `/sessies`: where the user is logged in (browser, when last used, this one marked), with a
//! button to log out anywhere else.

use crate::AppState;
use crate::auth::LoggedIn;
use crate::dates;
use crate::error::{error_page, internal, render};
use crate::page::PageCtx;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use zk_app::sessions::{end_other_sessions, end_own_session, own_sessions};
use zk_domain::SessionId;
use zk_domain::page::PageRequest;

/// Sessions listed; one person rarely has more than a handful.
const SHOWN: u32 = 50;

struct Row {
    id: String,
    browser: String,
    last_used: String,
    current: bool,
}

#[derive(Template)]
#[template(path = "sessions.html")]
struct SessionsPage<'a> {
    page: &'a PageCtx,
    rows: Vec<Row>,
}

pub async fn show(
    State(state): State<AppState>,
    page: PageCtx,
    LoggedIn(user): LoggedIn,
) -> Response {
    let sessions = match own_sessions(&state.app, &user.account, &PageRequest::first(SHOWN)).await {
        Ok(s) => s.items,
        Err(e) => return internal(&page, e),
    };
    let rows = sessions
        .into_iter()
        .map(|s| Row {
            id: s.id.to_string(),
            browser: s.user_agent.clone(),
            last_used: format!(
                "{}, {}",
                dates::day(page.tr.lang, s.last_seen_at),
                dates::time(s.last_seen_at)
            ),
            current: s.id == user.session.id,
        })
        .collect();
    render(&page, &SessionsPage { page: &page, rows })
}

pub async fn end_one(
    State(state): State<AppState>,
    page: PageCtx,
    LoggedIn(user): LoggedIn,
    Path(id): Path<String>,
) -> Response {
    let Ok(id) = id.parse::<SessionId>() else {
        return error_page(&page, StatusCode::NOT_FOUND);
    };
    match end_own_session(&state.app, &user.account, id).await {
        Ok(true) if id == user.session.id => Redirect::to("/inloggen").into_response(),
        Ok(true) => Redirect::to("/sessies").into_response(),
        Ok(false) => error_page(&page, StatusCode::NOT_FOUND),
        Err(e) => internal(&page, e),
    }
}

pub async fn end_others(
    State(state): State<AppState>,
    page: PageCtx,
    LoggedIn(user): LoggedIn,
) -> Response {
    match end_other_sessions(&state.app, &user.account, user.session.id).await {
        Ok(_) => Redirect::to("/sessies").into_response(),
        Err(e) => internal(&page, e),
    }
}
