//! `/profiel/inlogmethoden`: the account's second factors (SMS, authenticator app, passkeys),
//! each with a button to remove it. Removing needs a fresh password, and the last one can never
//! be removed: without a second factor the care data would be shown after a password alone.

use crate::AppState;
use crate::auth::FreshLogin;
use crate::dates;
use crate::error::{internal, render};
use crate::page::PageCtx;
use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use zk_app::sessions::Authenticated;
use zk_domain::PasskeyId;
use zk_domain::phone::PhoneNumber;
use zk_store::{FactorRemoval, SecondFactor};

pub const PAGE: &str = "/profiel/inlogmethoden";

struct Row {
    key: String,
    label: String,
    detail: String,
}

#[derive(Template)]
#[template(path = "factors.html")]
struct FactorsPage<'a> {
    page: &'a PageCtx,
    rows: Vec<Row>,
    error: Option<String>,
    passkeys_available: bool,
}

async fn rows(
    state: &AppState,
    page: &PageCtx,
    user: &Authenticated,
) -> zk_app::AppResult<Vec<Row>> {
    let a = &user.account;
    let mut rows = Vec::new();
    if a.has_verified_phone() {
        let shown = a
            .phone
            .as_deref()
            .and_then(|p| PhoneNumber::parse_mobile(p).ok())
            .map(|n| n.masked())
            .unwrap_or_default();
        rows.push(Row {
            key: "sms".into(),
            label: page.t("factors-sms"),
            detail: shown,
        });
    }
    if a.has_authenticator {
        rows.push(Row {
            key: "app".into(),
            label: page.t("factors-app"),
            detail: String::new(),
        });
    }
    for p in zk_app::passkeys::list(&state.app, a).await? {
        let added = dates::day(page.tr.lang, p.created_at);
        rows.push(Row {
            key: format!("passkey-{}", p.id),
            label: p.name,
            detail: page.tr.t_with("factors-passkey-added", &[("date", &added)]),
        });
    }
    Ok(rows)
}

async fn show_with(
    state: &AppState,
    page: &PageCtx,
    user: &Authenticated,
    error: Option<String>,
) -> Response {
    match rows(state, page, user).await {
        Ok(rows) => {
            let passkeys_available = state.passkeys.is_available();
            let body = FactorsPage {
                page,
                rows,
                error,
                passkeys_available,
            };
            render(page, &body)
        }
        Err(e) => internal(page, e),
    }
}

pub async fn show(
    State(state): State<AppState>,
    page: PageCtx,
    FreshLogin(user): FreshLogin,
) -> Response {
    show_with(&state, &page, &user, None).await
}

#[derive(Deserialize)]
pub struct Removal {
    verwijder: String,
}

fn factor(key: &str) -> Option<SecondFactor> {
    match key {
        "sms" => Some(SecondFactor::Phone),
        "app" => Some(SecondFactor::Authenticator),
        _ => key
            .strip_prefix("passkey-")
            .and_then(|id| id.parse::<PasskeyId>().ok())
            .map(SecondFactor::Passkey),
    }
}

pub async fn remove(
    State(state): State<AppState>,
    page: PageCtx,
    FreshLogin(user): FreshLogin,
    Form(r): Form<Removal>,
) -> Response {
    let Some(factor) = factor(&r.verwijder) else {
        return Redirect::to(PAGE).into_response();
    };
    match zk_app::factors::remove(&state.app, &user.account, factor).await {
        Ok(FactorRemoval::Removed) => {
            super::announce_change(&state, &page, &user.account, "security-factor-removed").await;
            Redirect::to(PAGE).into_response()
        }
        Ok(FactorRemoval::WouldBeLast) => {
            show_with(&state, &page, &user, Some(page.t("factors-last"))).await
        }
        Ok(FactorRemoval::Missing) => Redirect::to(PAGE).into_response(),
        Err(e) => internal(&page, e),
    }
}
