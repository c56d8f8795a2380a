//! `POST /uitnodiging/{token}/accepteren` and `.../weigeren`. Accepting needs a login (the
//! page then goes to the care page); declining does not: saying no should not ask for an
//! account. The people who manage the page get an e-mail either way.

use super::dead;
use crate::AppState;
use crate::auth::LoggedIn;
use crate::error::{internal, render};
use crate::form_page::{InfoPage, Para};
use crate::handlers::network::mails;
use crate::links::LinkToken;
use crate::page::PageCtx;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use zk_app::invitations::{Answer, accept as take, decline as refuse};

pub async fn accept(
    token: LinkToken,
    State(state): State<AppState>,
    page: PageCtx,
    LoggedIn(user): LoggedIn,
) -> Response {
    match take(&state.app, &user.account, token.as_str(), &mails(&state)).await {
        Ok(Answer::Accepted(id)) => {
            Redirect::to(&format!("/zorgpagina?pagina={id}")).into_response()
        }
        Ok(Answer::AlreadyIn) => {
            let body = InfoPage {
                page: &page,
                title: page.t("invitation-already-in-title"),
                paras: vec![Para::text(page.t("invitation-already-in-text"))],
                action: Some((
                    page.t("invitation-to-care-page"),
                    "/zorgpagina".into(),
                    false,
                )),
                back: None,
            };
            (StatusCode::CONFLICT, render(&page, &body)).into_response()
        }
        Ok(_) => (StatusCode::GONE, render(&page, &dead(&page, None))).into_response(),
        Err(e) => internal(&page, e),
    }
}

pub async fn decline(token: LinkToken, State(state): State<AppState>, page: PageCtx) -> Response {
    match refuse(&state.app, token.as_str(), &mails(&state)).await {
        Ok(Answer::Declined) => {
            let body = InfoPage {
                page: &page,
                title: page.t("invitation-declined-title"),
                paras: vec![Para::text(page.t("invitation-declined-text"))],
                action: Some((page.t("nav-home"), "/".into(), false)),
                back: None,
            };
            render(&page, &body)
        }
        Ok(_) => (StatusCode::GONE, render(&page, &dead(&page, None))).into_response(),
        Err(e) => internal(&page, e),
    }
}
