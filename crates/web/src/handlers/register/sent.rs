//! `/account-aanmaken/e-mail-verstuurd`: "We hebben je een e-mail gestuurd", with a button to
//! send it again and a way to correct the address.

use super::{path, progress_for};
use crate::AppState;
use crate::error::render;
use crate::form_page::{FormPage, Para};
use crate::page::PageCtx;
use axum::extract::State;
use axum::response::Response;
use axum_extra::extract::CookieJar;
use zk_app::registration::Step;

pub async fn show(State(state): State<AppState>, page: PageCtx, jar: CookieJar) -> Response {
    let (progress, _) = match progress_for(&state, &page, &jar, Step::EmailSent).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let email = progress.state.email.clone().unwrap_or_default();
    let mut f = FormPage::new(&page, "sent-title");
    f.paras = vec![
        Para::text(page.tr.t_with("sent-1", &[("email", &email)])),
        Para::text(page.t("sent-2")),
    ];
    f.submit = page.t("sent-again");
    f.after = vec![Para::link(
        page.t("sent-wrong-address"),
        page.t("sent-change-address"),
        path(Step::Email),
    )];
    render(&page, &f)
}
