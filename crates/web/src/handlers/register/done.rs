//! `/account-aanmaken/klaar`: "Je account is aangemaakt!" with "Start met {brand}". The user is
//! logged in already; the phone number comes next.

use crate::auth::LoggedIn;
use crate::error::render;
use crate::form_page::{InfoPage, Para};
use crate::page::PageCtx;
use axum::response::Response;

pub async fn show(page: PageCtx, _user: LoggedIn) -> Response {
    let paras = vec![Para::text(page.t("done-1")), Para::text(page.t("done-2"))];
    let action = Some((page.t("done-start"), "/zorgpagina".to_owned(), false));
    render(
        &page,
        &InfoPage {
            page: &page,
            title: page.t("done-title"),
            paras,
            action,
            back: None,
        },
    )
}
