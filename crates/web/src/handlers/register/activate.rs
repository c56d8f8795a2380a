//! `/activeren/{token}`: the link in the activation e-mail. Opening it only shows a page with the
//! button "Account activeren"; the POST of that button uses the link (mail scanners that open
//! links do not use it up) and continues to the password in this browser.

use super::path;
use crate::AppState;
use crate::cookies::{self, Kind};
use crate::error::{internal, render};
use crate::form_page::{InfoPage, Para};
use crate::page::PageCtx;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use zk_app::registration::Step;

pub async fn show(page: PageCtx, Path(token): Path<String>) -> Response {
    let action = Some((
        page.t("mail-activate-button"),
        format!("/activeren/{token}"),
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
    State(state): State<AppState>,
    page: PageCtx,
    jar: CookieJar,
    Path(token): Path<String>,
) -> Response {
    match zk_app::registration::claim(&state.app, &token).await {
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
