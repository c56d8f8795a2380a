//! `/medewerker-uitnodiging/{token}`: the link in a staff invitation. It says which provider
//! invites, as what and which address; then, for the visitor: "accept" (logged in with exactly
//! that address and a second factor), add a second factor first, log in with that address, or,
//! when the address has no account yet, choose a password (the link proves the address).

use super::team::role_name;
use crate::AppState;
use crate::auth::LoggedIn;
use crate::error::{internal, render};
use crate::form_page::{InfoPage, Para};
use crate::links::{self, LinkToken};
use crate::page::PageCtx;
use crate::staff::STAFF_ROOT;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use zk_app::registration::Refusal;
use zk_app::staff_invitations::{
    Acceptance, Lookup, NewAccountRefusal, accept as take, accept_with_new_account, lookup,
};
use zk_domain::provider::Provider;
use zk_store::StaffInvitation;

fn info(
    page: &PageCtx,
    title: String,
    paras: Vec<String>,
    action: Option<(String, String, bool)>,
) -> Response {
    render(
        page,
        &InfoPage {
            page,
            title,
            paras: paras.into_iter().map(Para::text).collect(),
            action,
            back: None,
        },
    )
}

/// A link that no longer works, naming whom to ask when the provider is known.
fn dead(page: &PageCtx, provider: Option<&Provider>) -> Response {
    let text = match provider {
        Some(p) => page
            .tr
            .t_with("staff-invite-dead", &[("provider", &p.name)]),
        None => page.t("staff-invite-dead-unknown"),
    };
    let status = if provider.is_some() {
        StatusCode::GONE
    } else {
        StatusCode::NOT_FOUND
    };
    let action = Some((page.t("nav-home"), "/".to_owned(), false));
    let body = info(page, page.t("activate-invalid-title"), vec![text], action);
    (status, body).into_response()
}

/// What the invitation is: who invites, as what, for which address, until when.
fn about(page: &PageCtx, i: &StaffInvitation, provider: &Provider) -> Vec<String> {
    vec![
        page.tr.t_with(
            "staff-invite-who",
            &[
                ("provider", &provider.name),
                ("role", &role_name(page, i.role)),
            ],
        ),
        page.tr.t_with(
            "staff-invite-for",
            &[
                ("email", &i.email),
                ("date", &crate::dates::day(page.tr.lang, i.expires_at)),
            ],
        ),
    ]
}

/// The password form for an address without an account.
fn password_form(page: &PageCtx, paras: Vec<String>, error: Option<String>) -> Response {
    let mut f =
        super::super::register::password::new_password_form(page, "staff-invite-title", error);
    let mut all: Vec<Para> = paras.into_iter().map(Para::text).collect();
    all.push(Para::text(page.t("staff-invite-new")));
    all.append(&mut f.paras);
    f.paras = all;
    f.submit = page.t("staff-invite-create");
    render(page, &f)
}

pub async fn show(
    State(state): State<AppState>,
    page: PageCtx,
    user: Result<LoggedIn, Response>,
    token: LinkToken,
) -> Response {
    let (invitation, provider, has_account) = match lookup(&state.app, token.as_str()).await {
        Ok(Lookup::Usable {
            invitation,
            provider,
            has_account,
        }) => (invitation, provider, has_account),
        Ok(Lookup::Dead(provider)) => return dead(&page, Some(&provider)),
        Ok(Lookup::Unknown) => return dead(&page, None),
        Err(e) => return internal(&page, e),
    };
    let mut paras = about(&page, &invitation, &provider);
    let title = page.t("staff-invite-title");
    let email = invitation.email.as_str();
    let action = match user.ok().map(|LoggedIn(u)| u.account) {
        Some(account) if account.email != invitation.email => {
            paras.push(page.tr.t_with(
                "staff-invite-other",
                &[("mine", &account.email), ("email", email)],
            ));
            (page.t("logout-button"), "/uitloggen".to_owned(), true)
        }
        Some(account) if !account.has_second_factor() => {
            paras.push(page.t("staff-invite-factor"));
            (
                page.t("staff-invite-factor-button"),
                "/profiel".to_owned(),
                false,
            )
        }
        Some(_) => (
            page.t("staff-invite-accept"),
            links::fill(links::STAFF_INVITATION_ACCEPT, &[&token]),
            true,
        ),
        None if has_account => {
            paras.push(page.tr.t_with("staff-invite-login", &[("email", email)]));
            (page.t("login-button"), "/inloggen".to_owned(), false)
        }
        None => return password_form(&page, paras, None),
    };
    info(&page, title, paras, Some(action))
}

#[derive(Deserialize)]
pub struct PasswordAnswer {
    wachtwoord: String,
    herhaling: String,
}

/// The password form's POST: makes the account and the membership.
pub async fn create_account(
    State(state): State<AppState>,
    page: PageCtx,
    token: LinkToken,
    Form(a): Form<PasswordAnswer>,
) -> Response {
    match accept_with_new_account(&state.app, token.as_str(), &a.wachtwoord, &a.herhaling).await {
        Ok(Ok(_)) => info(
            &page,
            page.t("staff-invite-done-title"),
            vec![page.t("staff-invite-done")],
            Some((page.t("login-button"), "/inloggen".to_owned(), false)),
        ),
        Ok(Err(NewAccountRefusal::Password(p))) => {
            let Ok(Lookup::Usable {
                invitation,
                provider,
                ..
            }) = lookup(&state.app, token.as_str()).await
            else {
                return dead(&page, None);
            };
            let text =
                super::super::register::refusal_text(&page, &Refusal::Password(p), state.app.now());
            let paras = about(&page, &invitation, &provider);
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                password_form(&page, paras, Some(text)),
            )
                .into_response()
        }
        Ok(Err(NewAccountRefusal::HasAccount)) => (
            StatusCode::CONFLICT,
            info(
                &page,
                page.t("staff-invite-title"),
                vec![page.t("staff-invite-has-account")],
                Some((page.t("login-button"), "/inloggen".to_owned(), false)),
            ),
        )
            .into_response(),
        Ok(Err(NewAccountRefusal::NotUsable)) => dead(&page, None),
        Err(e) => internal(&page, e),
    }
}

pub async fn accept(
    State(state): State<AppState>,
    page: PageCtx,
    // The token's shape first: a malformed link is a 404 for anyone, logged in or not.
    token: LinkToken,
    LoggedIn(user): LoggedIn,
) -> Response {
    let back = links::fill(links::STAFF_INVITATION, &[&token]);
    match take(&state.app, &user, token.as_str()).await {
        Ok(Acceptance::Accepted(provider)) => {
            Redirect::to(&format!("{STAFF_ROOT}/{provider}")).into_response()
        }
        // The page explains what to do first.
        Ok(Acceptance::NeedsSecondFactor | Acceptance::OtherAddress) => {
            Redirect::to(&back).into_response()
        }
        Ok(Acceptance::AlreadyMember) => (
            StatusCode::CONFLICT,
            info(
                &page,
                page.t("staff-invite-title"),
                vec![page.t("staff-invite-already")],
                Some((
                    page.t("staff-invite-to-staff"),
                    STAFF_ROOT.to_owned(),
                    false,
                )),
            ),
        )
            .into_response(),
        Ok(Acceptance::NotUsable) => dead(&page, None),
        Err(e) => internal(&page, e),
    }
}
