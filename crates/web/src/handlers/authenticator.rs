//! The authenticator app: `/profiel/app` sets it up (QR code, the secret as text, a first code),
//! `/inloggen/app` asks its code as the second login step, with the SMS as the alternative.

use crate::AppState;
use crate::auth::{HalfLoggedIn, LoggedIn};
use crate::error::{internal, render};
use crate::form_page::{Field, FormPage, Para};
use crate::page::PageCtx;
use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use zk_app::authenticator::{AuthenticatorRefusal, begin_setup, confirm_login, confirm_setup};

pub const SETUP: &str = "/profiel/app";
pub const LOGIN_STEP: &str = crate::auth::APP_STEP;

fn refusal_text(page: &PageCtx, r: &AuthenticatorRefusal, now: jiff::Timestamp) -> String {
    match r {
        AuthenticatorRefusal::WrongCode => page.t("app-code-wrong"),
        AuthenticatorRefusal::CodeUsed => page.t("app-code-used"),
        // Handled before any text is needed: the browser proves its login again.
        AuthenticatorRefusal::FreshLoginNeeded => page.t("reauth-intro"),
        AuthenticatorRefusal::SetupExpired | AuthenticatorRefusal::NoAuthenticator => {
            page.t("app-setup-expired")
        }
        AuthenticatorRefusal::Wait { until } => super::register::refusal_text(
            page,
            &zk_app::registration::Refusal::Wait { until: *until },
            now,
        ),
    }
}

#[derive(Template)]
#[template(path = "authenticator_setup.html")]
struct SetupPage<'a> {
    page: &'a PageCtx,
    qr_svg: String,
    secret_groups: String,
    sealed: String,
    error: Option<String>,
}

/// The QR code as inline SVG (no script, no external image).
fn qr_svg(url: &str) -> String {
    match qrcode::QrCode::new(url.as_bytes()) {
        Ok(code) => {
            let svg = code
                .render::<qrcode::render::svg::Color>()
                .min_dimensions(220, 220)
                .build();
            // An XML declaration does not belong inside an HTML page.
            match svg.find("<svg") {
                Some(start) => svg[start..].to_owned(),
                None => String::new(),
            }
        }
        Err(_) => String::new(),
    }
}

fn setup_page(
    state: &AppState,
    page: &PageCtx,
    user: &zk_app::sessions::Authenticated,
    error: Option<String>,
) -> Response {
    let setup = begin_setup(&state.app, &user.account, &state.config.brand);
    let groups: Vec<String> = setup
        .secret_text
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect();
    render(
        page,
        &SetupPage {
            page,
            qr_svg: qr_svg(&setup.otpauth_url),
            secret_groups: groups.join(" "),
            sealed: setup.sealed_hex,
            error,
        },
    )
}

pub async fn show_setup(
    State(state): State<AppState>,
    page: PageCtx,
    LoggedIn(user): LoggedIn,
) -> Response {
    // Replacing a second factor needs a fresh login: ask for it before the QR code is scanned.
    if zk_app::authenticator::needs_fresh_login(&state.app, &user) {
        return crate::auth::prove_again(SETUP);
    }
    setup_page(&state, &page, &user, None)
}

#[derive(Deserialize)]
pub struct SetupAnswer {
    geheim: String,
    code: String,
}

pub async fn submit_setup(
    State(state): State<AppState>,
    page: PageCtx,
    jar: axum_extra::extract::CookieJar,
    LoggedIn(user): LoggedIn,
    Form(a): Form<SetupAnswer>,
) -> Response {
    match confirm_setup(&state.app, &user, &a.geheim, &a.code).await {
        Ok(Err(AuthenticatorRefusal::FreshLoginNeeded)) => crate::auth::prove_again(SETUP),
        // The first second factor: make recovery codes right away.
        Ok(Ok(token)) => {
            let jar = crate::auth::rotated(&state, jar, token);
            super::announce_change(&state, &page, &user.account, "security-app-added").await;
            let next = match zk_app::recovery_codes::count(&state.app, &user.account).await {
                Ok(0) => super::recovery_codes::PAGE,
                Ok(_) => "/profiel",
                // The session's new token must reach the browser even so.
                Err(e) => return (jar, internal(&page, e)).into_response(),
            };
            (jar, Redirect::to(next)).into_response()
        }
        // A new secret on every showing: the app must be set up again with the new QR code.
        Ok(Err(r)) => setup_page(
            &state,
            &page,
            &user,
            Some(refusal_text(&page, &r, state.app.now())),
        ),
        Err(e) => internal(&page, e),
    }
}

fn login_form<'a>(page: &'a PageCtx, sms: bool, error: Option<String>) -> FormPage<'a> {
    let mut f = FormPage::new(page, "app-login-title");
    f.paras = vec![Para::text(page.t("app-login-intro"))];
    f.fields = vec![
        Field::text(
            "code",
            page.t("app-code-label"),
            "",
            "text",
            "one-time-code",
        )
        .with_hint(page.t("sms-hint")),
    ];
    if sms {
        f.after.push(Para::link(
            page.t("app-or-sms"),
            page.t("app-send-sms"),
            "/inloggen/sms-sturen",
        ));
    }
    f.after.push(Para::link(
        String::new(),
        page.t("codes-use"),
        super::recovery_codes::LOGIN_STEP,
    ));
    f.back = Some("/inloggen".into());
    f.error = error;
    f
}

pub async fn show_login(page: PageCtx, HalfLoggedIn(user): HalfLoggedIn) -> Response {
    render(
        &page,
        &login_form(&page, user.account.has_verified_phone(), None),
    )
}

#[derive(Deserialize)]
pub struct CodeAnswer {
    code: String,
}

pub async fn submit_login(
    State(state): State<AppState>,
    page: PageCtx,
    jar: axum_extra::extract::CookieJar,
    HalfLoggedIn(user): HalfLoggedIn,
    Form(a): Form<CodeAnswer>,
) -> Response {
    match confirm_login(&state.app, &user.account, user.session.id, &a.code).await {
        Ok(Ok(token)) => {
            let jar = crate::auth::rotated(&state, jar, token);
            let browser = &user.session.user_agent;
            let jar = super::login::note_browser(&state, &page, jar, &user.account, browser).await;
            (jar, Redirect::to("/zorgpagina")).into_response()
        }
        Ok(Err(r)) => {
            let text = refusal_text(&page, &r, state.app.now());
            render(
                &page,
                &login_form(&page, user.account.has_verified_phone(), Some(text)),
            )
        }
        Err(e) => internal(&page, e),
    }
}

/// "Stuur me een sms": the SMS code instead of the app's, for this login.
pub async fn send_sms_instead(
    State(state): State<AppState>,
    page: PageCtx,
    HalfLoggedIn(user): HalfLoggedIn,
) -> Response {
    super::sms_login::send_code(&state, &page, &user.account).await
}
