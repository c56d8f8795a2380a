//! `GET /healthz`: 200 when the database answers, 503 when it does not. For load balancers.

use crate::AppState;
use axum::Extension;
use axum::extract::{ConnectInfo, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use std::net::SocketAddr;

pub async fn check(State(state): State<AppState>) -> Response {
    match state.app.store.ping().await {
        Ok(()) => (StatusCode::OK, "ok\n").into_response(),
        Err(e) => {
            tracing::error!(error = %e, "health check: database unreachable");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable\n").into_response()
        }
    }
}

/// `GET /healthz/detail`: for operators, what the load balancer's check does not say: the
/// outbox backlog and failed letter redemptions this hour against the cap (codes being guessed
/// at scale). Counts only: nothing about any person.
pub async fn detail(
    State(state): State<AppState>,
    peer: Option<Extension<ConnectInfo<SocketAddr>>>,
) -> Response {
    // For operators on the machine itself only: the numbers are feedback for someone guessing.
    if !peer.is_some_and(|p| p.0.0.ip().is_loopback()) {
        return StatusCode::NOT_FOUND.into_response();
    }
    let app = &state.app;
    let database = match app.store.ping().await {
        Ok(()) => format!("ok ({})", app.store.backend()),
        Err(_) => "unavailable".to_owned(),
    };
    let pending = app
        .store
        .count_pending_messages()
        .await
        .map_or_else(|_| "unknown".into(), |n| n.to_string());
    let failures = zk_app::registration::global_failures(app)
        .await
        .unwrap_or(0);
    let cap = app.policy.letter_failures_per_hour_cap;
    let over = if failures > cap {
        " (over the cap: every redemption is slowed down)"
    } else {
        ""
    };
    let status = if database.starts_with("ok") {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    let body = format!(
        "database: {database}\noutbox: {pending} messages waiting\nfailed letter redemptions this hour: {failures} of {cap}{over}\n"
    );
    (status, body).into_response()
}
