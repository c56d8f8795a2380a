//! `/profiel/account-verwijderen`: deleting one's own account. The page first explains what
//! happens, then asks for the password once more; a wrong password changes nothing. After it
//! the browser is logged out and sees `/account-verwijderd`.

use super::tr_for;
use crate::AppState;
use crate::auth::LoggedIn;
use crate::cookies::{self, Kind};
use crate::error::{internal, render};
use crate::form_page::{Field, FormPage, InfoPage, Para};
use crate::page::PageCtx;
use axum::Form;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use serde::Deserialize;
use zk_app::account_deletion::{DeletionRefusal, delete_account, may_delete};
use zk_app::reauth::ReauthRefusal;

pub const PATH: &str = "/profiel/account-verwijderen";
pub const DONE: &str = "/account-verwijderd";

fn form<'a>(page: &'a PageCtx, error: Option<String>) -> FormPage<'a> {
    let mut f = FormPage::new(page, "delete-title");
    f.paras = [
        "delete-intro",
        "delete-what-1",
        "delete-what-2",
        "delete-what-3",
        "delete-what-4",
        "delete-what-5",
        "delete-kept",
        "delete-final",
    ]
    .iter()
    .map(|key| Para::text(page.t(key)))
    .collect();
    f.fields = vec![Field::text(
        "wachtwoord",
        page.t("delete-password-label"),
        "",
        "password",
        "current-password",
    )];
    f.submit = page.t("delete-button");
    f.back = Some("/profiel".into());
    f.error = error;
    f
}

/// A staff member is told why they cannot, and who can help.
fn staff_page(page: &PageCtx) -> Response {
    render(
        page,
        &InfoPage {
            page,
            title: page.t("delete-title"),
            paras: vec![Para::text(page.t("delete-staff"))],
            action: None,
            back: Some("/profiel".into()),
        },
    )
}

pub async fn show(
    State(state): State<AppState>,
    page: PageCtx,
    LoggedIn(user): LoggedIn,
) -> Response {
    match may_delete(&state.app, &user.account).await {
        Ok(true) => render(&page, &form(&page, None)),
        Ok(false) => staff_page(&page),
        Err(e) => internal(&page, e),
    }
}

#[derive(Deserialize)]
pub struct Answer {
    #[serde(default)]
    wachtwoord: String,
}

pub async fn delete(
    State(state): State<AppState>,
    page: PageCtx,
    jar: CookieJar,
    who: crate::requester::Requester,
    LoggedIn(user): LoggedIn,
    Form(a): Form<Answer>,
) -> Response {
    let support = state.config.support_email.clone();
    let outcome = delete_account(&state.app, &user, &a.wachtwoord, &who.ip, |to, what| {
        crate::mail::account_deletion(&tr_for(&page, to), &to.first_name, what, &support)
    })
    .await;
    let error = match outcome {
        Ok(Ok(())) => {
            let jar = cookies::remove(jar, Kind::Session, state.config.served_over_tls());
            return (jar, Redirect::to(DONE)).into_response();
        }
        Ok(Err(DeletionRefusal::StaffMember)) => return staff_page(&page),
        Ok(Err(DeletionRefusal::Password(ReauthRefusal::WrongPassword))) => {
            page.t("delete-wrong-password")
        }
        Ok(Err(DeletionRefusal::Password(ReauthRefusal::Ceiling))) => page.t("login-ceiling"),
        Ok(Err(DeletionRefusal::Password(ReauthRefusal::Wait { until }))) => {
            let refusal = zk_app::registration::Refusal::Wait { until };
            crate::handlers::register::refusal_text(&page, &refusal, state.app.now())
        }
        Err(e) => return internal(&page, e),
    };
    render(&page, &form(&page, Some(error)))
}

/// "Je account is verwijderd": shown without a session.
pub async fn done(page: PageCtx) -> Response {
    render(
        &page,
        &InfoPage {
            page: &page,
            title: page.t("delete-done-title"),
            paras: vec![
                Para::text(page.t("delete-done-1")),
                Para::text(page.t("delete-done-2")),
            ],
            action: Some((page.t("delete-done-home"), "/".into(), false)),
            back: None,
        },
    )
}
