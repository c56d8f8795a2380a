//! Passkeys in the browser: adding one on the profile (`/profiel/passkey`), logging in with one
//! instead of a password (`/inloggen/passkey`), using one as the second login step
//! (`/inloggen/passkey-stap`) and to confirm oneself again (`/opnieuw-inloggen/passkey`). Each
//! page carries the server's challenge; `static/passkeys.js` asks the browser and posts the
//! answer back in the same form.

use crate::AppState;
use crate::auth::{FreshLogin, HalfLoggedIn, LoggedIn};
use crate::cookies::{self, Kind};
use crate::error::{internal, render};
use crate::form_page::{Field, FormPage, Para};
use crate::page::PageCtx;
use crate::requester::Requester;
use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use serde::Deserialize;
use zk_app::passkeys::{self as pk, PasskeyRefusal};
use zk_domain::CeremonyId;

pub const ADD: &str = "/profiel/passkey";
pub const LOGIN: &str = "/inloggen/passkey";
pub const LOGIN_FINISH: &str = "/inloggen/passkey/klaar";
pub const SECOND_STEP: &str = "/inloggen/passkey-stap";
pub const REAUTH: &str = "/opnieuw-inloggen/passkey";

#[derive(Template)]
#[template(path = "passkey_page.html")]
struct PasskeyPage<'a> {
    page: &'a PageCtx,
    title: String,
    paras: Vec<String>,
    error: Option<String>,
    /// `create` (add a passkey) or `get` (use one).
    kind: &'static str,
    options_json: String,
    ceremony: String,
    action: String,
    hidden: Vec<(&'static str, String)>,
    ask_name: bool,
    button: String,
    back: Option<String>,
    links: Vec<(String, String)>,
}

impl<'a> PasskeyPage<'a> {
    fn new(page: &'a PageCtx, title_key: &str, kind: &'static str, action: &str) -> Self {
        Self {
            page,
            title: page.t(title_key),
            paras: Vec::new(),
            error: None,
            kind,
            options_json: "{}".into(),
            ceremony: String::new(),
            action: action.to_owned(),
            hidden: Vec::new(),
            ask_name: false,
            button: page.t("passkey-use"),
            back: None,
            links: Vec::new(),
        }
    }

    /// The challenge as JSON that is safe inside a `<script>` element.
    fn with_challenge(mut self, ceremony: CeremonyId, options: &serde_json::Value) -> Self {
        self.ceremony = ceremony.to_string();
        self.options_json = options
            .to_string()
            .replace('<', "\\u003c")
            .replace('>', "\\u003e")
            .replace('&', "\\u0026");
        self
    }
}

/// A refusal in the user's words.
fn refusal_text(page: &PageCtx, refusal: &PasskeyRefusal, now: jiff::Timestamp) -> String {
    match refusal {
        PasskeyRefusal::NotAvailable => page.t("passkey-not-available"),
        PasskeyRefusal::Expired => page.t("passkey-expired"),
        PasskeyRefusal::NotVerified => page.t("passkey-not-verified"),
        PasskeyRefusal::AlreadyRegistered => page.t("passkey-already"),
        PasskeyRefusal::TooMany => page.t("passkey-too-many"),
        PasskeyRefusal::NoPasskey => page.t("passkey-none"),
        PasskeyRefusal::Ceiling => page.t("login-ceiling"),
        PasskeyRefusal::Wait { until } => {
            let r = zk_app::registration::Refusal::Wait { until: *until };
            super::register::refusal_text(page, &r, now)
        }
    }
}

#[derive(Deserialize)]
pub struct Answer {
    #[serde(default)]
    ceremonie: String,
    #[serde(default)]
    antwoord: String,
    #[serde(default)]
    naam: String,
    #[serde(default)]
    terug: String,
}

impl Answer {
    fn ceremony(&self) -> CeremonyId {
        self.ceremonie
            .parse()
            // An unknown id is simply not found: the ceremony counts as expired.
            .unwrap_or_else(|_| CeremonyId::new())
    }
}

// ---- Adding a passkey -------------------------------------------------------------------

async fn add_page(
    state: &AppState,
    page: &PageCtx,
    user: &zk_app::sessions::Authenticated,
    error: Option<String>,
) -> Response {
    match pk::begin_registration(&state.app, &state.passkeys, &user.account).await {
        Ok(Ok((ceremony, options))) => {
            let mut p = PasskeyPage::new(page, "passkey-add-title", "create", ADD)
                .with_challenge(ceremony, &options);
            p.paras = vec![page.t("passkey-add-1"), page.t("passkey-add-2")];
            p.ask_name = true;
            p.button = page.t("passkey-add-button");
            p.back = Some(super::factors::PAGE.into());
            p.error = error;
            render(page, &p)
        }
        Ok(Err(r)) => {
            let mut f = FormPage::new(page, "passkey-add-title");
            f.error = Some(refusal_text(page, &r, state.app.now()));
            f.back = Some(super::factors::PAGE.into());
            f.submit = String::new();
            render(page, &f)
        }
        Err(e) => internal(page, e),
    }
}

pub async fn show_add(
    State(state): State<AppState>,
    page: PageCtx,
    FreshLogin(user): FreshLogin,
) -> Response {
    add_page(&state, &page, &user, None).await
}

pub async fn submit_add(
    State(state): State<AppState>,
    page: PageCtx,
    FreshLogin(user): FreshLogin,
    Form(a): Form<Answer>,
) -> Response {
    let outcome = pk::finish_registration(
        &state.app,
        &state.passkeys,
        &user.account,
        a.ceremony(),
        &a.antwoord,
        &a.naam,
    )
    .await;
    match outcome {
        Ok(Ok(_)) => {
            super::announce_change(&state, &page, &user.account, "security-passkey-added").await;
            // The first second factor: make recovery codes right away.
            match zk_app::recovery_codes::count(&state.app, &user.account).await {
                Ok(0) => Redirect::to(super::recovery_codes::PAGE).into_response(),
                Ok(_) => Redirect::to(super::factors::PAGE).into_response(),
                Err(e) => internal(&page, e),
            }
        }
        Ok(Err(r)) => {
            add_page(
                &state,
                &page,
                &user,
                Some(refusal_text(&page, &r, state.app.now())),
            )
            .await
        }
        Err(zk_app::AppError::Invalid { .. }) => {
            add_page(&state, &page, &user, Some(page.t("passkey-name-invalid"))).await
        }
        Err(e) => internal(&page, e),
    }
}

// ---- Logging in with a passkey ----------------------------------------------------------

fn email_form<'a>(page: &'a PageCtx, email: &str, error: Option<String>) -> FormPage<'a> {
    let mut f = FormPage::new(page, "passkey-login-title");
    f.paras = vec![Para::text(page.t("passkey-login-intro"))];
    f.fields = vec![Field::text(
        "email",
        page.t("login-email"),
        email,
        "email",
        "username webauthn",
    )];
    f.action = Some(LOGIN.into());
    f.back = Some("/inloggen".into());
    f.error = error;
    f
}

pub async fn show_login(page: PageCtx) -> Response {
    render(&page, &email_form(&page, "", None))
}

#[derive(Deserialize)]
pub struct EmailAnswer {
    email: String,
}

pub async fn start_login(
    State(state): State<AppState>,
    page: PageCtx,
    Form(a): Form<EmailAnswer>,
) -> Response {
    match pk::begin_login(&state.app, &state.passkeys, &a.email).await {
        Ok(Ok((ceremony, options))) => {
            let mut p = PasskeyPage::new(&page, "passkey-login-title", "get", LOGIN_FINISH)
                .with_challenge(ceremony, &options);
            p.paras = vec![page.t("passkey-login-ready")];
            p.back = Some(LOGIN.into());
            p.links = vec![(page.t("passkey-login-password"), "/inloggen".into())];
            render(&page, &p)
        }
        // The only refusal before the answer: the attempt limits apply in `finish_login`.
        Ok(Err(pk::NotAvailable)) => {
            let text = page.t("passkey-not-available");
            render(&page, &email_form(&page, &a.email, Some(text)))
        }
        Err(e) => internal(&page, e),
    }
}

pub async fn finish_login(
    State(state): State<AppState>,
    page: PageCtx,
    jar: CookieJar,
    who: Requester,
    Form(a): Form<Answer>,
) -> Response {
    let outcome = pk::finish_login(
        &state.app,
        &state.passkeys,
        a.ceremony(),
        &a.antwoord,
        &who.ip,
        &who.user_agent,
    )
    .await;
    match outcome {
        Ok(Ok(login)) => {
            let tls = state.config.served_over_tls();
            let replaced = cookies::read(&jar, Kind::Session, tls);
            if let Err(e) = zk_app::sessions::end_replaced(&state.app, replaced.as_deref()).await {
                return internal(&page, e);
            }
            let jar = cookies::set(jar, Kind::Session, tls, login.token);
            let jar =
                super::login::note_browser(&state, &page, jar, &login.account, &who.user_agent)
                    .await;
            (jar, Redirect::to("/zorgpagina")).into_response()
        }
        Ok(Err(r)) => {
            let text = refusal_text(&page, &r, state.app.now());
            let mut f = email_form(&page, "", Some(text));
            // The ceiling's text sends the person to a new password: the way there is right here.
            if r == PasskeyRefusal::Ceiling {
                f.after.push(Para::link(
                    String::new(),
                    page.t("login-forgot"),
                    "/wachtwoord-vergeten",
                ));
            }
            render(&page, &f)
        }
        // A server too busy answers 503 with Retry-After and the plain "too busy" page.
        Err(e) => internal(&page, e),
    }
}

// ---- The second login step --------------------------------------------------------------

async fn second_step_page(
    state: &AppState,
    page: &PageCtx,
    user: &zk_app::sessions::Authenticated,
    error: Option<String>,
) -> Response {
    match pk::begin_second_step(&state.app, &state.passkeys, &user.account).await {
        Ok(Ok((ceremony, options))) => {
            let mut p = PasskeyPage::new(page, "passkey-step-title", "get", SECOND_STEP)
                .with_challenge(ceremony, &options);
            p.paras = vec![page.t("passkey-step-intro")];
            p.error = error;
            p.links.push((
                page.t("codes-use"),
                super::recovery_codes::LOGIN_STEP.into(),
            ));
            render(page, &p)
        }
        Ok(Err(r)) => {
            let mut f = FormPage::new(page, "passkey-step-title");
            f.error = Some(refusal_text(page, &r, state.app.now()));
            f.after = vec![Para::link(
                String::new(),
                page.t("codes-use"),
                super::recovery_codes::LOGIN_STEP,
            )];
            f.submit = String::new();
            render(page, &f)
        }
        Err(e) => internal(page, e),
    }
}

pub async fn show_second_step(
    State(state): State<AppState>,
    page: PageCtx,
    HalfLoggedIn(user): HalfLoggedIn,
) -> Response {
    second_step_page(&state, &page, &user, None).await
}

pub async fn submit_second_step(
    State(state): State<AppState>,
    page: PageCtx,
    jar: CookieJar,
    HalfLoggedIn(user): HalfLoggedIn,
    Form(a): Form<Answer>,
) -> Response {
    let outcome = pk::finish_second_step(
        &state.app,
        &state.passkeys,
        &user.account,
        user.session.id,
        a.ceremony(),
        &a.antwoord,
    )
    .await;
    match outcome {
        Ok(Ok(token)) => {
            let jar = crate::auth::rotated(&state, jar, token);
            let browser = &user.session.user_agent;
            let jar = super::login::note_browser(&state, &page, jar, &user.account, browser).await;
            (jar, Redirect::to("/zorgpagina")).into_response()
        }
        Ok(Err(r)) => {
            let text = refusal_text(&page, &r, state.app.now());
            second_step_page(&state, &page, &user, Some(text)).await
        }
        Err(e) => internal(&page, e),
    }
}

// ---- Confirming oneself again -----------------------------------------------------------

#[derive(Deserialize)]
pub struct Back {
    #[serde(default)]
    terug: String,
}

async fn reauth_page(
    state: &AppState,
    page: &PageCtx,
    user: &zk_app::sessions::Authenticated,
    back: &str,
    error: Option<String>,
) -> Response {
    match pk::begin_reauth(&state.app, &state.passkeys, &user.account).await {
        Ok(Ok((ceremony, options))) => {
            let mut p = PasskeyPage::new(page, "reauth-title", "get", REAUTH)
                .with_challenge(ceremony, &options);
            p.paras = vec![page.t("passkey-reauth-intro")];
            p.hidden = vec![("terug", super::reauth::back_or_profile(back))];
            p.error = error;
            p.back = Some("/profiel".into());
            render(page, &p)
        }
        // No passkey to use (any more): the password way.
        Ok(Err(_)) => {
            let back = crate::auth::url_escape(&super::reauth::back_or_profile(back));
            Redirect::to(&format!("{}?terug={back}", crate::auth::REAUTH_PAGE)).into_response()
        }
        Err(e) => internal(page, e),
    }
}

pub async fn show_reauth(
    State(state): State<AppState>,
    page: PageCtx,
    LoggedIn(user): LoggedIn,
    Query(q): Query<Back>,
) -> Response {
    reauth_page(&state, &page, &user, &q.terug, None).await
}

pub async fn submit_reauth(
    State(state): State<AppState>,
    page: PageCtx,
    jar: CookieJar,
    LoggedIn(user): LoggedIn,
    Form(a): Form<Answer>,
) -> Response {
    let outcome = pk::finish_reauth(
        &state.app,
        &state.passkeys,
        &user.account,
        user.session.id,
        a.ceremony(),
        &a.antwoord,
    )
    .await;
    match outcome {
        Ok(Ok(token)) => (
            crate::auth::rotated(&state, jar, token),
            Redirect::to(&super::reauth::back_or_profile(&a.terug)),
        )
            .into_response(),
        Ok(Err(r)) => {
            let text = refusal_text(&page, &r, state.app.now());
            reauth_page(&state, &page, &user, &a.terug, Some(text)).await
        }
        Err(e) => internal(&page, e),
    }
}
