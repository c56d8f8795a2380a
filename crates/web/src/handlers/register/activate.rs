//! `/activeren/{token}`: the link in the activation e-mail. Opening it only shows a page with the
//! button "Account activeren"; the POST of that button uses the link (mail scanners that open
//! links do not use it up) and continues to the password in this browser. A path that is not a
//! token gets a plain 404: the button's address is built from the checked token only.

use super::path;
use crate::AppState;
use crate::cookies::{self, Kind};
use crate::error::{internal, render};
use crate::form_page::{InfoPage, Para};
use crate::links::{self, LinkToken};
use crate::page::PageCtx;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use zk_app::registration::Step;

pub async fn show(token: LinkToken, page: PageCtx) -> Response {
    let action = Some((
        page.t("mail-activate-button"),
        links::fill(links::ACTIVATE, &[&token]),
        true,
    ));
    render(
        &page,
        &InfoPage {
            page: &page,
            title: page.t("activate-title"),
            paras: vec![Para::text(page.t("activate-intro"))],
            action,
            back: None,
        },
    )
}

pub async fn submit(
    token: LinkToken,
    State(state): State<AppState>,
    page: PageCtx,
    jar: CookieJar,
) -> Response {
    match zk_app::registration::claim(&state.app, token.as_str()).await {
        Ok(Some((browser, _))) => {
            let jar = cookies::set(
                jar,
                Kind::Registration,
                state.config.served_over_tls(),
                browser,
            );
            (jar, Redirect::to(path(Step::Password))).into_response()
        }
        Ok(None) => {
            let paras = vec![
                Para::text(page.t("activate-invalid-1")),
                Para::text(page.t("activate-invalid-2")),
            ];
            let action = Some((
                page.t("home-create-account"),
                super::START.to_owned(),
                false,
            ));
            let body = InfoPage {
                page: &page,
                title: page.t("activate-invalid-title"),
                paras,
                action,
                back: None,
            };
            (axum::http::StatusCode::GONE, render(&page, &body)).into_response()
        }
        Err(e) => internal(&page, e),
    }
}
