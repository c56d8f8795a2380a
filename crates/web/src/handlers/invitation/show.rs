//! `GET /uitnodiging/{token}`: what the invitation offers, with the buttons that fit the
//! visitor (logged in or not).

use super::dead;
use crate::AppState;
use crate::auth::LoggedIn;
use crate::cookies::{self, Kind};
use crate::error::{internal, render};
use crate::handlers::network::{permission_label, relation_label};
use crate::links::{self, LinkToken};
use crate::page::PageCtx;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::CookieJar;
use zk_app::invitations::{Lookup, lookup};

#[derive(Template)]
#[template(path = "invitation.html")]
struct InvitationTemplate<'a> {
    page: &'a PageCtx,
    inviter: String,
    client: String,
    relation: String,
    sees: Vec<String>,
    sees_contacts: bool,
    until: String,
    invited_email: String,
    /// The logged-in account's address when it differs from the one invited.
    other_email: Option<String>,
    logged_in: bool,
    /// Where the two buttons post: built from the checked token, never from the request's path.
    accept: String,
    decline: String,
}

pub async fn show(
    token: LinkToken,
    State(state): State<AppState>,
    page: PageCtx,
    jar: CookieJar,
    user: Result<LoggedIn, Response>,
) -> Response {
    let d = match lookup(&state.app, token.as_str()).await {
        Ok(Lookup::Usable(d)) => d,
        Ok(Lookup::Dead(d)) => {
            return (StatusCode::GONE, render(&page, &dead(&page, Some(&d)))).into_response();
        }
        Ok(Lookup::Unknown) => {
            return (StatusCode::NOT_FOUND, render(&page, &dead(&page, None))).into_response();
        }
        Err(e) => return internal(&page, e),
    };
    let i = &d.invitation;
    let account = user.ok().map(|LoggedIn(u)| u.account);
    let t = InvitationTemplate {
        page: &page,
        inviter: d.inviter_name.clone(),
        client: format!("{} {}", d.page.first_name, d.page.last_name),
        relation: relation_label(&page, i.relation),
        sees: i
            .permissions
            .list()
            .into_iter()
            .map(|p| permission_label(&page, p))
            .collect(),
        sees_contacts: i.sees_contacts,
        until: crate::dates::day(page.tr.lang, i.expires_at),
        invited_email: i.email.clone(),
        other_email: account
            .as_ref()
            .filter(|a| a.email != i.email)
            .map(|a| a.email.clone()),
        logged_in: account.is_some(),
        accept: links::fill(links::INVITATION_ACCEPT, &[&token]),
        decline: links::fill(links::INVITATION_DECLINE, &[&token]),
    };
    let tls = state.config.served_over_tls();
    // Not logged in: remember the link, so the care page leads back here after logging in or
    // signing up. Logged in: it has served its purpose.
    let jar = if account.is_some() {
        cookies::remove(jar, Kind::Invitation, tls)
    } else {
        cookies::set(jar, Kind::Invitation, tls, token.into_string())
    };
    (jar, render(&page, &t)).into_response()
}
