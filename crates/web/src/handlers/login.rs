//! `/inloggen` and `/uitloggen`. The login page never tells whether an address has an account:
//! one message for a wrong address or password, after the same work.

use crate::AppState;
use crate::auth::LoggedIn;
use crate::cookies::{self, Kind};
use crate::error::{internal, render};
use crate::form_page::{Field, FormPage, Para};
use crate::page::PageCtx;
use crate::requester::Requester;
use axum::Form;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use serde::Deserialize;
use zk_app::sessions::{LoginRefusal, end_replaced, login, logout_of};

#[derive(Deserialize)]
pub struct Answer {
    email: String,
    wachtwoord: String,
}

fn form<'a>(
    page: &'a PageCtx,
    page_offers_passkeys: bool,
    email: &str,
    error: Option<String>,
) -> FormPage<'a> {
    let mut f = FormPage::new(page, "login-title");
    f.fields = vec![
        Field::text("email", page.t("login-email"), email, "email", "username"),
        Field::text(
            "wachtwoord",
            page.t("login-password"),
            "",
            "password",
            "current-password",
        ),
    ];
    f.submit = page.t("login-button");
    f.after = vec![
        Para::link(
            String::new(),
            page.t("login-forgot"),
            "/wachtwoord-vergeten",
        ),
        Para::link(
            page.t("login-no-account"),
            page.t("login-create"),
            "/account-aanmaken",
        ),
    ];
    if page_offers_passkeys {
        f.after.insert(
            0,
            Para::link(
                String::new(),
                page.t("passkey-login-link"),
                super::passkeys::LOGIN,
            ),
        );
    }
    f.error = error;
    f
}

pub async fn show(State(state): State<AppState>, page: PageCtx) -> Response {
    let passkeys = state.passkeys.is_available();
    render(&page, &form(&page, passkeys, "", None))
}

pub async fn submit(
    State(state): State<AppState>,
    page: PageCtx,
    jar: CookieJar,
    who: Requester,
    Form(a): Form<Answer>,
) -> Response {
    match login(
        &state.app,
        &a.email,
        &a.wachtwoord,
        &who.ip,
        &who.user_agent,
    )
    .await
    {
        Ok(Ok(accepted)) => {
            let replaced = cookies::read(&jar, Kind::Session, state.config.served_over_tls());
            if let Err(e) = end_replaced(&state.app, replaced.as_deref()).await {
                return internal(&page, e);
            }
            let jar = cookies::set(
                jar,
                Kind::Session,
                state.config.served_over_tls(),
                accepted.token,
            );
            if !accepted.account.has_second_factor() {
                let jar =
                    note_browser(&state, &page, jar, &accepted.account, &who.user_agent).await;
                return (jar, Redirect::to("/zorgpagina")).into_response();
            }
            // The app is the stronger factor: ask it first, with the SMS as the way out. An
            // account with only passkeys uses one of those.
            if accepted.account.has_authenticator || !accepted.account.has_verified_phone() {
                let step = crate::auth::second_step(&accepted.account);
                return (jar, Redirect::to(step)).into_response();
            }
            // A refused SMS shows on the code page, with the other ways in; the session's
            // cookie goes along either way.
            let next = super::sms_login::send_code(&state, &page, &accepted.account).await;
            (jar, next).into_response()
        }
        Ok(Err(LoginRefusal::WrongCredentials)) => render(
            &page,
            &form(
                &page,
                state.passkeys.is_available(),
                &a.email,
                Some(page.t("login-wrong")),
            ),
        ),
        Ok(Err(LoginRefusal::Ceiling)) => render(
            &page,
            &form(
                &page,
                state.passkeys.is_available(),
                &a.email,
                Some(page.t("login-ceiling")),
            ),
        ),
        Ok(Err(LoginRefusal::Wait { until })) => {
            let refusal = zk_app::registration::Refusal::Wait { until };
            let text = super::register::refusal_text(&page, &refusal, state.app.now());
            render(
                &page,
                &form(&page, state.passkeys.is_available(), &a.email, Some(text)),
            )
        }
        Err(e) => internal(&page, e),
    }
}

pub async fn sign_out(
    State(state): State<AppState>,
    page: PageCtx,
    jar: CookieJar,
    LoggedIn(user): LoggedIn,
) -> Response {
    if let Err(e) = logout_of(&state.app, &user.account, user.session.id).await {
        return internal(&page, e);
    }
    let jar = cookies::remove(jar, Kind::Session, state.config.served_over_tls());
    (jar, Redirect::to("/")).into_response()
}

/// Called when a login has passed all its steps: recognises the browser by its cookie and, when
/// this account never logged in from it, e-mails the holder (which browser, when). A failure to
/// queue the mail is logged; the login itself stands.
pub async fn note_browser(
    state: &AppState,
    page: &PageCtx,
    jar: CookieJar,
    account: &zk_domain::account::Account,
    browser: &str,
) -> CookieJar {
    let tls = state.config.served_over_tls();
    let known = cookies::read(&jar, Kind::Browser, tls);
    let seen = match zk_app::browsers::note_login(&state.app, account, known.as_deref()).await {
        Ok(seen) => seen,
        Err(e) => {
            tracing::error!(error = %e, "browser could not be noted");
            return jar;
        }
    };
    if seen.new_for_account {
        let now = state.app.now();
        let tr = page.tr.of(account);
        let when = format!(
            "{} {}",
            crate::dates::day(tr.lang, now),
            crate::dates::time(now)
        );
        let mail = crate::mail::new_browser(
            &tr,
            &account.full_name(),
            browser,
            &when,
            &state.config.support_email,
        );
        if let Err(e) = zk_app::sessions::security_mail(&state.app, account, mail).await {
            tracing::error!(error = %e, "new-browser e-mail could not be queued");
        }
    }
    cookies::set_for_a_year(jar, Kind::Browser, tls, seen.token)
}
