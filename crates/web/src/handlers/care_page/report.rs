//! `/zorgpagina/verslagen/{id}`: one report on its own page, the body as plain text with its
//! line breaks and web addresses made clickable. A report the user may not read is "not found",
//! exactly like an id that does not exist.

use crate::AppState;
use crate::auth::LoggedIn;
use crate::dates;
use crate::error::{error_page, internal, render};
use crate::linkify::linkify;
use crate::page::PageCtx;
use crate::requester::Requester;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use zk_domain::ReportId;

#[derive(Template)]
#[template(path = "report.html")]
struct ReportTemplate<'a> {
    page: &'a PageCtx,
    title: String,
    written: String,
    author: Option<String>,
    provider_name: String,
    /// Escaped text with links: safe to put in the page as it is.
    body_html: String,
    back: String,
}

pub async fn show(
    State(state): State<AppState>,
    page: PageCtx,
    LoggedIn(user): LoggedIn,
    from: Requester,
    Path(id): Path<String>,
) -> Response {
    let Ok(id) = id.parse::<ReportId>() else {
        return error_page(&page, StatusCode::NOT_FOUND);
    };
    let source = from.audit_source();
    let view = match zk_app::audit::reads::report(&state.app, &user.account, id, &source).await {
        Ok(v) => v,
        Err(zk_app::AppError::NotFound(_)) => return error_page(&page, StatusCode::NOT_FOUND),
        Err(e) => return internal(&page, e),
    };
    let r = view.report;
    let t = ReportTemplate {
        page: &page,
        written: format!(
            "{}, {}",
            dates::day(page.tr.lang, r.written_at),
            dates::time(r.written_at)
        ),
        title: r.title,
        author: view.author,
        provider_name: view.provider_name,
        body_html: linkify(&r.body),
        back: format!(
            "/zorgpagina?pagina={}#verslagen-{}",
            view.care_page, view.connection
        ),
    };
    render(&page, &t)
}
