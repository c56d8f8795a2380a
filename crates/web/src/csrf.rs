//! Cross-site request forgery protection without tokens, as browsers now allow: a request that
//! changes something (not GET, HEAD or OPTIONS) must come from our own origin, proven by
//! `Sec-Fetch-Site` or, for older browsers, by `Origin`. Requests without either header come
//! from non-browser clients, which carry no cookies of our users.

use crate::AppState;
use crate::error::error_page;
use crate::page::PageCtx;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;

/// Whether a state-changing request may pass.
pub fn allowed(method: &Method, headers: &HeaderMap, trusted_origin: &str) -> bool {
    if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return true;
    }
    let origin = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok());
    if origin == Some(trusted_origin) {
        return true;
    }
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return site == "same-origin" || site == "none";
    }
    match origin {
        None => true,
        Some(origin) => {
            let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
            let origin_host = origin.split_once("://").map(|(_, h)| h);
            host.is_some() && origin_host == host
        }
    }
}

pub async fn protect(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if allowed(
        request.method(),
        request.headers(),
        &state.config.public_origin(),
    ) {
        return next.run(request).await;
    }
    // The route pattern, not the path: paths can carry tokens.
    let route = request
        .extensions()
        .get::<axum::extract::MatchedPath>()
        .map_or("(no route)", |m| m.as_str())
        .to_owned();
    tracing::warn!(route, "cross-site request refused");
    let (parts, _) = request.into_parts();
    error_page(&PageCtx::from_parts(&parts, &state), StatusCode::FORBIDDEN)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, v.parse().unwrap());
        }
        h
    }

    const US: &str = "https://zorg.example.nl";

    #[test]
    fn safe_methods_always_pass() {
        assert!(allowed(
            &Method::GET,
            &headers(&[("sec-fetch-site", "cross-site")]),
            US
        ));
    }

    #[test]
    fn posts_must_come_from_our_own_origin() {
        let post = Method::POST;
        assert!(allowed(
            &post,
            &headers(&[("sec-fetch-site", "same-origin")]),
            US
        ));
        assert!(allowed(&post, &headers(&[("sec-fetch-site", "none")]), US));
        assert!(!allowed(
            &post,
            &headers(&[("sec-fetch-site", "cross-site")]),
            US
        ));
        assert!(!allowed(
            &post,
            &headers(&[("sec-fetch-site", "same-site")]),
            US
        ));
        assert!(allowed(
            &post,
            &headers(&[("origin", US), ("sec-fetch-site", "cross-site")]),
            US
        ));
        // Older browsers: Origin must match Host.
        assert!(allowed(
            &post,
            &headers(&[
                ("origin", "http://localhost:8080"),
                ("host", "localhost:8080")
            ]),
            US
        ));
        assert!(!allowed(
            &post,
            &headers(&[
                ("origin", "https://evil.example"),
                ("host", "zorg.example.nl")
            ]),
            US
        ));
        // Not a browser: no cookies of our users to abuse.
        assert!(allowed(&post, &headers(&[]), US));
    }
}
