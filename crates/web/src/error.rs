//! Error pages: one HTML renderer for every error status, in the user's language, with the
//! same layout and headers as any other page. Details stay in the log, never on the page.

use crate::page::PageCtx;
use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    page: &'a PageCtx,
    title: String,
    text: String,
}

pub fn error_page(page: &PageCtx, status: StatusCode) -> Response {
    let (title, text) = match status {
        StatusCode::NOT_FOUND => ("error-not-found-title", "error-not-found-text"),
        StatusCode::FORBIDDEN => ("error-forbidden-title", "error-forbidden-text"),
        StatusCode::SERVICE_UNAVAILABLE => ("error-title", "error-unavailable-text"),
        StatusCode::PAYLOAD_TOO_LARGE => ("error-title", "error-too-large-text"),
        _ => ("error-title", "error-server-text"),
    };
    let body = ErrorPage {
        page,
        title: page.t(title),
        text: page.t(text),
    }
    .render()
    .unwrap_or_else(|_| "Er ging iets mis. / Something went wrong.".to_owned());
    (status, Html(body)).into_response()
}

/// Renders a page template, or the server-error page if rendering fails.
pub fn render(page: &PageCtx, template: &impl Template) -> Response {
    match template.render() {
        Ok(html) => Html(html).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "a template failed to render");
            error_page(page, StatusCode::INTERNAL_SERVER_ERROR)
        }
    }
}

/// Logs an unexpected failure (without personal data: store errors name operations, not
/// values) and shows the matching error page.
pub fn internal(page: &PageCtx, error: impl std::fmt::Display) -> Response {
    tracing::error!(error = %error, "request failed");
    error_page(page, StatusCode::INTERNAL_SERVER_ERROR)
}

/// Every path that matches no route.
pub async fn not_found(page: PageCtx) -> Response {
    error_page(&page, StatusCode::NOT_FOUND)
}
