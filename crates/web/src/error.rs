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
/// values) and shows the matching error page. A server too busy to check a password
/// ([`zk_app::AppError::Busy`]) is no failure: that gets [`busy`].
pub fn internal(page: &PageCtx, error: impl std::fmt::Display + 'static) -> Response {
    let any: &dyn std::any::Any = &error;
    if let Some(zk_app::AppError::Busy) = any.downcast_ref::<zk_app::AppError>() {
        return busy(page);
    }
    tracing::error!(error = %error, "request failed");
    error_page(page, StatusCode::INTERNAL_SERVER_ERROR)
}

/// Marks the answer of [`busy`], so the request log knows that 503 was no failure.
#[derive(Clone, Copy, Debug)]
pub struct BusyAnswer;

/// The request log's view of answers: a server error is logged as an error, once, with its
/// status and latency (route and request id come from the request's span). A busy answer is
/// not: [`busy`] logged it as a warning already, and under a burst of parallel logins an
/// error line for each would flood the log and hide real failures.
#[derive(Clone, Copy, Debug)]
pub struct LogServerErrors;

impl<B> tower_http::trace::OnResponse<B> for LogServerErrors {
    fn on_response(
        self,
        response: &axum::http::Response<B>,
        latency: std::time::Duration,
        span: &tracing::Span,
    ) {
        let status = response.status();
        if !status.is_server_error() || response.extensions().get::<BusyAnswer>().is_some() {
            return;
        }
        let latency_ms = u64::try_from(latency.as_millis()).unwrap_or(u64::MAX);
        tracing::error!(
            parent: span,
            status = status.as_u16(),
            latency_ms,
            "response failed"
        );
    }
}

/// Seconds a browser (or a script) is asked to wait before trying a busy request again.
pub const BUSY_RETRY_AFTER_SECS: u32 = 5;

/// "Het is nu te druk. Probeer het zo opnieuw.": too many password checks at once. Nothing was
/// checked or changed; 503 with Retry-After, so the same request a moment later is served.
pub fn busy(page: &PageCtx) -> Response {
    tracing::warn!("too many password hashes at once; a request was asked to come back");
    let body = ErrorPage {
        page,
        title: page.t("error-busy-title"),
        text: page.t("error-busy-text"),
    }
    .render()
    .unwrap_or_else(|_| "Het is nu te druk. / It is too busy right now.".to_owned());
    let mut response = (
        StatusCode::SERVICE_UNAVAILABLE,
        [(
            axum::http::header::RETRY_AFTER,
            BUSY_RETRY_AFTER_SECS.to_string(),
        )],
        Html(body),
    )
        .into_response();
    response.extensions_mut().insert(BusyAnswer);
    response
}

/// Every path that matches no route.
pub async fn not_found(page: PageCtx) -> Response {
    error_page(&page, StatusCode::NOT_FOUND)
}
