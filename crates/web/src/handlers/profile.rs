//! `/profiel`: the user's details and the phone number ("Helemaal onderin type je je
//! telefoonnummer"), and `/profiel/telefoon/code`, where the SMS code proves the number.

use crate::AppState;
use crate::auth::LoggedIn;
use crate::error::{internal, render};
use crate::form_page::{Field, FormPage, Para};
use crate::page::PageCtx;
use axum::Form;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use zk_app::phone::{PhoneRefusal, confirm_verification, start_verification};
use zk_domain::account::Account;
use zk_domain::phone::{PhoneError, PhoneNumber};

pub const CODE_PAGE: &str = "/profiel/telefoon/code";

/// A phone refusal in the user's words.
pub fn refusal_text(page: &PageCtx, refusal: &PhoneRefusal, now: jiff::Timestamp) -> String {
    match refusal {
        PhoneRefusal::Number(PhoneError::Empty) => page.t("phone-empty"),
        PhoneRefusal::Number(PhoneError::NotANumber) => page.t("phone-not-a-number"),
        PhoneRefusal::Number(PhoneError::NotMobile) => page.t("phone-not-mobile"),
        PhoneRefusal::Number(PhoneError::WrongLength) => page.t("phone-wrong-length"),
        PhoneRefusal::Wait { until } => {
            let refusal = zk_app::registration::Refusal::Wait { until: *until };
            super::register::refusal_text(page, &refusal, now)
        }
        PhoneRefusal::CodeExpired => page.t("sms-code-expired"),
        PhoneRefusal::WrongCode => page.t("sms-code-wrong"),
        PhoneRefusal::TooManyTries => page.t("sms-code-too-many"),
        PhoneRefusal::NoPhone => page.t("sms-no-phone"),
        // Handled before any text is needed: the browser proves its login again.
        PhoneRefusal::FreshLoginNeeded => page.t("reauth-intro"),
        PhoneRefusal::Destination => page.t("phone-not-allowed"),
        PhoneRefusal::Busy { until } => {
            let secs = until.duration_since(now).as_secs().max(1) as u64;
            let minutes = secs.div_ceil(60).to_string();
            page.tr.t_with("sms-busy", &[("minutes", &minutes)])
        }
    }
}

/// The SMS text, in the user's language.
pub fn sms_text(page: &PageCtx, to: &Account, code: &str) -> String {
    page.tr.of(to).t_with("sms-text", &[("code", code)])
}

fn form<'a>(
    page: &'a PageCtx,
    user: &zk_app::sessions::Authenticated,
    value: &str,
    error: Option<String>,
) -> FormPage<'a> {
    let a = &user.account;
    let mut f = FormPage::new(page, "profile-title");
    f.paras = vec![
        Para::text(format!("{}: {}", page.t("match-name"), a.full_name())),
        Para::text(format!("{}: {}", page.t("check-email"), a.email)),
    ];
    let phone_line = match (&a.phone, a.has_second_factor()) {
        (Some(p), true) => {
            let shown = PhoneNumber::parse_mobile(p)
                .map(|n| n.masked())
                .unwrap_or_default();
            page.tr
                .t_with("profile-phone-verified", &[("phone", &shown)])
        }
        _ => page.t("profile-phone-missing"),
    };
    f.paras.push(Para::text(phone_line));
    f.paras.push(Para::text(page.t("profile-phone-why")));
    f.fields = vec![
        Field::text("telefoon", page.t("phone-label"), value, "tel", "tel")
            .with_hint(page.t("phone-hint")),
    ];
    f.submit = page.t("phone-send-code");
    f.back = Some("/zorgpagina".into());
    let app_line = if a.has_authenticator {
        page.t("profile-app-on")
    } else {
        page.t("profile-app-link")
    };
    f.after = vec![
        Para::link(
            app_line,
            page.t("profile-app-button"),
            super::authenticator::SETUP,
        ),
        Para::link(
            page.t("codes-intro"),
            page.t("codes-title"),
            super::recovery_codes::PAGE,
        ),
        Para::link(
            page.t("export-profile-intro"),
            page.t("export-title"),
            "/zorgpagina/gegevens",
        ),
        Para::link(
            page.t("profile-sessions"),
            page.t("sessions-title"),
            "/sessies",
        ),
        Para::link(
            String::new(),
            page.t("profile-factors-link"),
            super::factors::PAGE,
        ),
        Para::link(
            String::new(),
            page.t("profile-password-link"),
            super::password_change::PAGE,
        ),
        Para::link(
            String::new(),
            page.t("profile-email-link"),
            super::email_change::PAGE,
        ),
        Para::link(
            String::new(),
            page.t("profile-delete-link"),
            super::leaving::delete_account::PATH,
        ),
    ];
    f.error = error;
    f
}

pub async fn show(page: PageCtx, LoggedIn(user): LoggedIn) -> Response {
    render(&page, &form(&page, &user, "", None))
}

#[derive(Deserialize)]
pub struct PhoneAnswer {
    telefoon: String,
}

pub async fn send_code(
    State(state): State<AppState>,
    page: PageCtx,
    LoggedIn(user): LoggedIn,
    Form(a): Form<PhoneAnswer>,
) -> Response {
    match start_verification(&state.app, &user, &a.telefoon, |code| {
        sms_text(&page, &user.account, code)
    })
    .await
    {
        Ok(Ok(_)) => Redirect::to(CODE_PAGE).into_response(),
        // Replacing a second factor: prove the login first, then type the number again.
        Ok(Err(PhoneRefusal::FreshLoginNeeded)) => crate::auth::prove_again("/profiel"),
        Ok(Err(r)) => render(
            &page,
            &form(
                &page,
                &user,
                &a.telefoon,
                Some(refusal_text(&page, &r, state.app.now())),
            ),
        ),
        Err(e) => internal(&page, e),
    }
}

fn code_form<'a>(page: &'a PageCtx, back: &str, error: Option<String>) -> FormPage<'a> {
    let mut f = FormPage::new(page, "sms-title");
    f.paras = vec![Para::text(page.t("sms-intro"))];
    f.fields = vec![
        Field::text("code", page.t("sms-label"), "", "text", "one-time-code")
            .with_hint(page.t("sms-hint")),
    ];
    f.back = Some(back.to_owned());
    f.error = error;
    f
}

pub async fn code_page(page: PageCtx, LoggedIn(_): LoggedIn) -> Response {
    render(&page, &code_form(&page, "/profiel", None))
}

#[derive(Deserialize)]
pub struct CodeAnswer {
    code: String,
}

pub async fn confirm_code(
    State(state): State<AppState>,
    page: PageCtx,
    jar: axum_extra::extract::CookieJar,
    LoggedIn(user): LoggedIn,
    Form(a): Form<CodeAnswer>,
) -> Response {
    match confirm_verification(&state.app, &user.account, user.session.id, &a.code).await {
        Ok(Ok(token)) => {
            let jar = crate::auth::rotated(&state, jar, token);
            super::announce_change(&state, &page, &user.account, "security-phone-added").await;
            (jar, Redirect::to("/zorgpagina")).into_response()
        }
        Ok(Err(r)) => render(
            &page,
            &code_form(
                &page,
                "/profiel",
                Some(refusal_text(&page, &r, state.app.now())),
            ),
        ),
        Err(e) => internal(&page, e),
    }
}
