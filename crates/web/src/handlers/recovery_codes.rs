//! Recovery codes: `/profiel/herstelcodes` makes ten new ones and shows them once (after a
//! fresh login, as for changing the password);
//! `/inloggen/herstelcode` lets one of them pass the second login step, and says how many are
//! left.

use crate::AppState;
use crate::auth::{FreshLogin, HalfLoggedIn};
use crate::error::{internal, render};
use crate::form_page::{Field, FormPage, InfoPage, Para};
use crate::page::PageCtx;
use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use zk_app::recovery_codes::{RecoveryCodeRefusal, count, make_new, use_code};

pub const PAGE: &str = "/profiel/herstelcodes";
pub const LOGIN_STEP: &str = "/inloggen/herstelcode";

#[derive(Template)]
#[template(path = "recovery_codes.html")]
struct CodesPage<'a> {
    page: &'a PageCtx,
    codes: Vec<String>,
}

pub async fn show(
    State(state): State<AppState>,
    page: PageCtx,
    FreshLogin(user): FreshLogin,
) -> Response {
    let left = match count(&state.app, &user.account).await {
        Ok(n) => n,
        Err(e) => return internal(&page, e),
    };
    let mut f = FormPage::new(&page, "codes-title");
    f.paras = vec![
        Para::text(page.t("codes-intro")),
        Para::text(
            page.tr
                .t_with("codes-left", &[("count", &left.to_string())]),
        ),
    ];
    f.submit = page.t("codes-make");
    f.back = Some("/profiel".into());
    render(&page, &f)
}

pub async fn make(
    State(state): State<AppState>,
    page: PageCtx,
    FreshLogin(user): FreshLogin,
) -> Response {
    match make_new(&state.app, &user).await {
        // The login went stale between the check above and now: prove it again.
        Ok(Err(zk_app::reauth::FreshLoginNeeded)) => crate::auth::prove_again(PAGE),
        Ok(Ok(codes)) => {
            super::announce_change(&state, &page, &user.account, "security-codes-made").await;
            render(&page, &CodesPage { page: &page, codes })
        }
        Err(e) => internal(&page, e),
    }
}

fn login_form<'a>(page: &'a PageCtx, error: Option<String>) -> FormPage<'a> {
    let mut f = FormPage::new(page, "codes-login-title");
    f.paras = vec![Para::text(page.t("codes-login-intro"))];
    f.fields = vec![Field::text(
        "code",
        page.t("codes-label"),
        "",
        "text",
        "off",
    )];
    f.back = Some("/inloggen".into());
    f.error = error;
    f
}

pub async fn show_login(page: PageCtx, _user: HalfLoggedIn) -> Response {
    render(&page, &login_form(&page, None))
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
    match use_code(&state.app, &user.account, user.session.id, &a.code).await {
        Ok(Ok((left, token))) => {
            let jar = crate::auth::rotated(&state, jar, token);
            let browser = &user.session.user_agent;
            let jar = super::login::note_browser(&state, &page, jar, &user.account, browser).await;
            let mut paras = vec![Para::text(
                page.tr
                    .t_with("codes-used", &[("count", &left.to_string())]),
            )];
            if left <= 3 {
                paras.push(Para::link(page.t("codes-few"), page.t("codes-make"), PAGE));
            }
            let action = Some((page.t("done-start"), "/zorgpagina".to_owned(), false));
            let body = InfoPage {
                page: &page,
                title: page.t("codes-login-done"),
                paras,
                action,
                back: None,
            };
            (jar, render(&page, &body)).into_response()
        }
        Ok(Err(RecoveryCodeRefusal::WrongCode)) => {
            render(&page, &login_form(&page, Some(page.t("codes-wrong"))))
        }
        Ok(Err(RecoveryCodeRefusal::Wait { until })) => {
            let r = zk_app::registration::Refusal::Wait { until };
            let text = super::register::refusal_text(&page, &r, state.app.now());
            render(&page, &login_form(&page, Some(text)))
        }
        Err(e) => internal(&page, e),
    }
}
